//! Expectations: what an `expect` step checks, and the "converged" check the
//! fuzzer and long runs use.

use super::obj::{node_id, node_map, Obj};
use super::MAX_TERM;
use crate::raft::{bit, ids, IdSet, Index, NodeId, Term};
use crate::sim::client::WriteStatus;
use crate::sim::config::Protocol;
use crate::sim::json::Json;
use crate::sim::runner::role_or_down;
use crate::sim::world::World;

/// What the world should look like at a step (every key optional).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Expect {
    /// `Some(None)`: no leader among live servers in the highest term.
    pub leader: Option<Option<NodeId>>,
    pub min_term: Option<Term>,
    pub max_term: Option<Term>,
    pub commit_index: Vec<(NodeId, Index)>,
    pub log_terms: Vec<(NodeId, Vec<Term>)>,
    pub roles: Vec<(NodeId, String)>,
    /// Number of acknowledged writes.
    pub acked: Option<usize>,
    /// Key-value pairs a server's state machine must hold.
    pub kv: Vec<(NodeId, Vec<(String, String)>)>,
    /// All servers up, one leader, identical logs, all committed, every
    /// acknowledged write in the log exactly once.
    pub converged: Option<bool>,
    /// The voters of the configuration the cluster acts on (the leader's).
    pub voters: Option<Vec<NodeId>>,
    /// Its learners.
    pub learners: Option<Vec<NodeId>>,
    /// The last index each listed server's snapshot covers.
    pub snapshot_index: Vec<(NodeId, Index)>,
    /// ZAB: each listed server's history, as zxids `"epoch:counter"`.
    pub zxids: Vec<(NodeId, Vec<String>)>,
    /// Checked only in a world of this protocol (`"protocol"`; a side-by-side
    /// scenario says what each protocol does at the same moment).
    pub protocol: Option<Protocol>,
    /// Whether the clients' history so far is linearizable (thesis ch. 6).
    pub linearizable: Option<bool>,
    /// The step's `expect` object as written, for reports.
    pub raw: Json,
}

/// The roles an `expect` may name.
pub const ROLE_NAMES: [&str; 9] = [
    "leader",
    "follower",
    "candidate",
    "precandidate",
    "down",
    "looking",
    "following",
    "leading",
    "observing",
];

/// Reads a list of servers (`voters`, `learners`), sorted.
fn id_list(o: &mut Obj, key: &'static str, n: u8) -> Result<Option<Vec<NodeId>>, String> {
    let Some(v) = o.get(key) else {
        return Ok(None);
    };
    let arr = v
        .as_array()
        .ok_or_else(|| o.err(key, "must be a list of servers"))?;
    // A set of ids lists them sorted and once each, without a sort in the page.
    let mut set: IdSet = 0;
    for x in arr {
        set |= bit(node_id(x, n).map_err(|e| o.err(key, e))?);
    }
    Ok(Some(ids(set).collect()))
}

/// Reads an `expect` step's keys (`raw`: the whole step, kept for reports).
pub(super) fn read(o: &mut Obj, n: u8, raw: &Json) -> Result<Expect, String> {
    let leader = match o.get("leader") {
        None => None,
        Some(Json::Null) => Some(None),
        Some(v) => Some(Some(node_id(v, n).map_err(|e| o.err("leader", e))?)),
    };
    let e = Expect {
        leader,
        min_term: o.u64_in("min_term", 0, MAX_TERM)?,
        max_term: o.u64_in("max_term", 0, MAX_TERM)?,
        acked: o.u64_in("acked", 0, 1_000_000)?.map(|a| a as usize),
        converged: o.bool("converged")?,
        linearizable: o.bool("linearizable")?,
        commit_index: node_map(o, "commit_index", n, |v| {
            v.as_u64().ok_or_else(|| "must be an index".to_string())
        })?,
        log_terms: node_map(o, "log_terms", n, |v| {
            v.as_array()
                .and_then(|a| a.iter().map(Json::as_u64).collect::<Option<Vec<_>>>())
                .ok_or_else(|| "must be a list of terms".to_string())
        })?,
        roles: node_map(o, "roles", n, |v| match v.as_str() {
            Some(r) if ROLE_NAMES.contains(&r) => Ok(r.to_string()),
            _ => Err(format!("must be one of {}", ROLE_NAMES.join(", "))),
        })?,
        kv: node_map(o, "kv", n, |v| {
            v.as_object()
                .and_then(|m| {
                    m.iter()
                        .map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                        .collect::<Option<Vec<_>>>()
                })
                .ok_or_else(|| "must map keys to string values".to_string())
        })?,
        voters: id_list(o, "voters", n)?,
        learners: id_list(o, "learners", n)?,
        snapshot_index: node_map(o, "snapshot_index", n, |v| {
            v.as_u64().ok_or_else(|| "must be an index".to_string())
        })?,
        zxids: node_map(o, "zxids", n, |v| {
            v.as_array()
                .and_then(|a| {
                    a.iter()
                        .map(|z| z.as_str().filter(|s| s.len() <= 24).map(String::from))
                        .collect::<Option<Vec<_>>>()
                })
                .ok_or_else(|| "must be a list of zxids such as \"1:2\"".to_string())
        })?,
        protocol: match o.string("protocol", 20)? {
            None => None,
            Some(p) => Some(Protocol::parse(p).ok_or_else(|| {
                let p = super::obj::printable(p);
                o.err(
                    "protocol",
                    format!("must be \"raft\" or \"zab\", got \"{p}\""),
                )
            })?),
        },
        raw: raw.clone(),
    };
    Ok(e)
}

/// Whether the cluster has settled: [`World::converged`] (every voter of the
/// leader's configuration up, one leader, the same fully committed log where both
/// still hold entries, every acknowledged write kept exactly once). Spares and
/// removed servers need not follow.
pub fn check_converged(world: &World) -> Result<(), String> {
    world.converged()
}

/// Checks an `expect` step; on failure, says what differs.
pub fn check_expect(world: &World, e: &Expect) -> Result<(), String> {
    let mut why: Vec<String> = vec![];
    let name = |l: Option<NodeId>| l.map_or("no leader".to_string(), |l| format!("S{l}"));
    if let Some(want) = e.leader {
        let got = world.leader_in_highest_term();
        if got != want {
            why.push(format!("leader is {}, expected {}", name(got), name(want)));
        }
    }
    let top = world.max_live_term();
    if let Some(t) = e.min_term.filter(|&t| top < t) {
        why.push(format!("highest term is {top}, expected at least {t}"));
    }
    if let Some(t) = e.max_term.filter(|&t| top > t) {
        why.push(format!("highest term is {top}, expected at most {t}"));
    }
    for &(id, want) in &e.commit_index {
        let got = world.server(id).node.commit_index();
        if got != want {
            why.push(format!("S{id} commit_index is {got}, expected {want}"));
        }
    }
    for (id, want) in &e.log_terms {
        let id = *id;
        let got: Vec<u64> = world
            .server(id)
            .node
            .log()
            .entries()
            .iter()
            .map(|e| e.term)
            .collect();
        if &got != want {
            why.push(format!("S{id} log terms are {got:?}, expected {want:?}"));
        }
    }
    for (id, want) in &e.roles {
        let id = *id;
        let got = role_or_down(world, id);
        if got != want {
            why.push(format!("S{id} is {got}, expected {want}"));
        }
    }
    if let Some(want) = e.acked {
        let got = world
            .writes()
            .iter()
            .filter(|w| w.status == WriteStatus::Acked)
            .count();
        if got != want {
            why.push(format!("{got} writes acknowledged, expected {want}"));
        }
    }
    for (id, kv) in &e.kv {
        let id = *id;
        let have = &world.server(id).kv;
        for (k, v) in kv {
            match have.get(k) {
                Some(got) if got == v => {}
                got => why.push(format!(
                    "S{id} has {k}={}, expected {k}={v}",
                    got.unwrap_or("(nothing)")
                )),
            }
        }
    }
    let m = world.membership();
    for (key, want, got) in [
        ("voters", &e.voters, m.voters),
        ("learners", &e.learners, m.learners),
    ] {
        let got: Vec<NodeId> = ids(got).collect();
        if let Some(want) = want.as_ref().filter(|w| **w != got) {
            why.push(format!("{key} are {got:?}, expected {want:?}"));
        }
    }
    for &(id, want) in &e.snapshot_index {
        let got = world.server(id).node.log().snapshot_index();
        if got != want {
            why.push(format!(
                "S{id} snapshot covers up to {got}, expected {want}"
            ));
        }
    }
    if let Some(want) = e.linearizable {
        match world.unorderable() {
            Some((key, ops)) if want => {
                let ops: Vec<String> = ops.iter().map(|i| format!("#{}", i + 1)).collect();
                why.push(format!(
                    "the history is not linearizable (key {key:?}: operations {} cannot be ordered), expected linearizable",
                    ops.join(", ")
                ));
            }
            None if !want => why.push("the history is linearizable, expected not".into()),
            _ => {}
        }
    }
    if e.converged == Some(true) {
        if let Err(w) = check_converged(world) {
            why.push(format!("not converged: {w}"));
        }
    }
    if why.is_empty() {
        Ok(())
    } else {
        Err(why.join("; "))
    }
}
