//! The `init` list: servers that start with a term, a vote and a log, as a
//! lecturer stages Figure 7 or Figure 8. A state no run of Raft could reach is
//! refused here, so that the invariant panel never blames Raft for the staging.

use super::obj::{node_id, Obj};
use super::{MAX_LOG, MAX_TERM};
use crate::raft::{Entry, Index, NodeId, Term};
use crate::sim::client::validate_write;
use crate::sim::config::ClusterConfig;
use crate::sim::json::Json;
use crate::sim::world::{InitNode, InitSnapshot};

/// Reads `init[i].snapshot`: `{"index", "term", "kv": {key: value}}` (§7).
fn read_snapshot(v: &Json, ctx: &str) -> Result<InitSnapshot, String> {
    let mut o = Obj::new(v, format!("{ctx}: snapshot"))?;
    let index = o
        .u64_in("index", 1, MAX_LOG as u64 * 1000)?
        .ok_or_else(|| o.err("index", "is required (the last index it covers)"))?;
    let term = o
        .u64_in("term", 1, MAX_TERM)?
        .ok_or_else(|| o.err("term", "is required (the term of that entry)"))?;
    let mut kv = vec![];
    if let Some(m) = o.get("kv") {
        let m = m
            .as_object()
            .ok_or_else(|| o.err("kv", "must map keys to string values"))?;
        for (k, v) in m {
            let v = v.as_str().ok_or_else(|| {
                o.err(
                    "kv",
                    format!("[\"{}\"] must be a string", super::obj::printable(k)),
                )
            })?;
            validate_write(&format!("{k}={v}")).map_err(|e| o.err("kv", e))?;
            kv.push((k.clone(), v.to_string()));
        }
    }
    o.finish()?;
    Ok(InitSnapshot { index, term, kv })
}

/// Reads `init[i].voters`: the configuration the server boots with.
fn read_voters(o: &mut Obj, n: u8) -> Result<Option<Vec<NodeId>>, String> {
    let Some(v) = o.get("voters") else {
        return Ok(None);
    };
    let arr = v
        .as_array()
        .filter(|a| !a.is_empty())
        .ok_or_else(|| o.err("voters", "must be a non-empty list of servers"))?;
    let mut ids = vec![];
    for x in arr {
        let id = node_id(x, n).map_err(|e| o.err("voters", e))?;
        if ids.contains(&id) {
            return Err(o.err("voters", format!("lists S{id} twice")));
        }
        ids.push(id);
    }
    Ok(Some(ids))
}

/// Reads `init[i]`: one server's persistent state (term, vote, snapshot, log).
pub(super) fn read_node(v: &Json, i: usize, n: u8) -> Result<InitNode, String> {
    let mut o = Obj::new(v, format!("init[{i}]"))?;
    let node = o
        .node("node", n)?
        .ok_or_else(|| format!("init[{i}]: \"node\" is required"))?;
    o.ctx = format!("init[{i}] (server {node})");
    let term = o.u64_in("term", 0, MAX_TERM)?.unwrap_or(0);
    let voted_for = match o.get("voted_for") {
        None | Some(Json::Null) => None,
        Some(v) => Some(node_id(v, n).map_err(|e| o.err("voted_for", e))?),
    };
    let snapshot = match o.get("snapshot") {
        None | Some(Json::Null) => None,
        Some(v) => Some(read_snapshot(v, &o.ctx)?),
    };
    let voters = read_voters(&mut o, n)?;
    // Entries follow the snapshot: the first is at its index + 1.
    let base = snapshot.as_ref().map_or(0, |s| s.index) as usize;
    let mut log = vec![];
    if let Some(v) = o.get("log") {
        let arr = v
            .as_array()
            .ok_or_else(|| o.err("log", "must be a list of entries"))?;
        if arr.len() > MAX_LOG {
            return Err(o.err("log", format!("has more than {MAX_LOG} entries")));
        }
        for (k, e) in arr.iter().enumerate() {
            let idx = base + k + 1;
            let entry = match e {
                Json::Num(_) => Entry::noop(
                    e.as_u64()
                        .filter(|t| (1..=MAX_TERM).contains(t))
                        .ok_or_else(|| {
                            o.err(
                                "log",
                                format!("entry {idx}: a term must be a whole number ≥ 1"),
                            )
                        })?,
                ),
                Json::Obj(_) => {
                    let mut eo = Obj::new(e, format!("{}: log entry {idx}", o.ctx))?;
                    let t = eo
                        .u64_in("term", 1, MAX_TERM)?
                        .ok_or_else(|| eo.err("term", "is required"))?;
                    let cmd = match eo.get("cmd") {
                        None | Some(Json::Null) => None,
                        Some(Json::Str(s)) if s.chars().count() <= 200 => Some(s.clone()),
                        Some(_) => {
                            return Err(eo.err("cmd", "must be a string of at most 200 characters"))
                        }
                    };
                    eo.finish()?;
                    Entry {
                        config: None,
                        term: t,
                        cmd,
                        write_id: None,
                    }
                }
                _ => {
                    return Err(o.err(
                        "log",
                        format!("entry {idx} must be a term or {{\"term\", \"cmd\"}}"),
                    ))
                }
            };
            let prev = log
                .last()
                .map(|p: &Entry| p.term)
                .or(snapshot.as_ref().map(|s| s.term));
            if let Some(prev) = prev {
                if entry.term < prev {
                    return Err(o.err(
                        "log",
                        format!("entry {idx} has term {}, below the term {prev} before it: terms in a log never decrease", entry.term),
                    ));
                }
            }
            log.push(entry);
        }
    }
    let last_term = log
        .last()
        .map(|e| e.term)
        .or(snapshot.as_ref().map(|s| s.term));
    if let Some(last) = last_term.filter(|&t| t > term) {
        return Err(o.err(
            "term",
            format!("is {term}, but the log holds an entry of term {last}: a server's term is at least every term in its log"),
        ));
    }
    o.finish()?;
    Ok(InitNode {
        node,
        term,
        voted_for,
        log,
        snapshot,
        voters,
    })
}

/// The term of each server at the start (0 for those `init` does not list).
fn terms(init: &[InitNode], n: u8) -> Vec<Term> {
    (1..=n)
        .map(|id| init.iter().find(|i| i.node == id).map_or(0, |i| i.term))
        .collect()
}

fn names(ids: impl IntoIterator<Item = NodeId>) -> String {
    let v: Vec<String> = ids.into_iter().map(|i| format!("S{i}")).collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

/// Refuses initial states that no run of Raft reaches:
/// - an entry of term T exists only because a leader of term T was elected by a
///   majority, every one of which has had a term ≥ T ever since (terms never
///   decrease, §5.1): so a majority must have `term ≥ T`;
/// - Log Matching (§5.3, Figure 3): two logs with an entry of the same index and
///   term hold the same entries up through that index.
///
/// A snapshot counts as the entry at its last index (its content is compacted).
pub(super) fn check_reachable(init: &[InitNode], cluster: &ClusterConfig) -> Result<(), String> {
    // Terms are justified among the servers that booted as voters.
    let n = cluster.nodes;
    let terms = terms(init, cluster.max_nodes);
    let majority = n as usize / 2 + 1;
    for i in init {
        // Terms in a log never decrease: its last entry's is the one to justify.
        let Some(t) = i
            .log
            .last()
            .map(|e| e.term)
            .or(i.snapshot.as_ref().map(|s| s.term))
        else {
            continue;
        };
        let with: Vec<NodeId> = (1..=n).filter(|&id| terms[id as usize - 1] >= t).collect();
        if with.len() < majority {
            let index = known(i)
                .find(|&(_, term, _)| term == t)
                .map_or(0, |(index, _, _)| index);
            return Err(format!(
                "init: S{} holds an entry of term {t} (index {index}), but only {} of {n} servers have a term ≥ {t} ({}): a leader of term {t} needed the votes of {majority}, and each voter's term stays ≥ {t} (§5.1). Raise the terms of more servers",
                i.node,
                with.len(),
                names(with)
            ));
        }
    }
    for (k, a) in init.iter().enumerate() {
        for b in &init[k + 1..] {
            check_log_matching(a, b)?;
        }
    }
    Ok(())
}

/// What a server's staging says of each index it knows: (index, term, entry),
/// the snapshot's last index first (its entry compacted: `None`).
fn known(i: &InitNode) -> impl Iterator<Item = (Index, Term, Option<&Entry>)> {
    let base = i.snapshot.as_ref().map_or(0, |s| s.index);
    let snap = i.snapshot.as_ref().map(|s| (s.index, s.term, None));
    snap.into_iter()
        .chain((base + 1..).zip(&i.log).map(|(k, e)| (k, e.term, Some(e))))
}

fn term_of(i: &InitNode, index: Index) -> Option<(Term, Option<&Entry>)> {
    known(i).find(|k| k.0 == index).map(|k| (k.1, k.2))
}

fn check_log_matching(a: &InitNode, b: &InitNode) -> Result<(), String> {
    // The last index where both logs hold an entry of the same term: everything
    // both still know up through it must be equal.
    let Some((last_same, term)) = known(a)
        .filter(|&(k, t, _)| term_of(b, k).map(|x| x.0) == Some(t))
        .map(|(k, t, _)| (k, t))
        .last()
    else {
        return Ok(());
    };
    let differs = known(a)
        .take_while(|k| k.0 <= last_same)
        .find(|&(k, ta, ea)| match term_of(b, k) {
            Some((tb, _)) if tb != ta => true,
            Some((_, Some(eb))) => ea.is_some_and(|ea| !same(ea, eb)),
            _ => false,
        });
    if let Some((k, _, _)) = differs {
        return Err(format!(
            "init: S{} and S{} both hold an entry of term {term} at index {last_same}, but their logs differ at index {k} — Log Matching (§5.3) says no run of Raft leaves them so",
            a.node,
            b.node,
        ));
    }
    Ok(())
}

fn same(x: &Entry, y: &Entry) -> bool {
    x.term == y.term && x.cmd == y.cmd
}
