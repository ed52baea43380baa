//! The `init` list: servers that start with a term, a vote and a log, as a
//! lecturer stages Figure 7 or Figure 8. A state no run of Raft could reach is
//! refused here, so that the invariant panel never blames Raft for the staging.

use super::obj::{node_id, Obj};
use super::{MAX_LOG, MAX_TERM};
use crate::raft::{Entry, NodeId, Term};
use crate::sim::json::Json;
use crate::sim::world::InitNode;

/// Reads `init[i]`: one server's persistent state (term, vote, log).
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
    let mut log = vec![];
    if let Some(v) = o.get("log") {
        let arr = v
            .as_array()
            .ok_or_else(|| o.err("log", "must be a list of entries"))?;
        if arr.len() > MAX_LOG {
            return Err(o.err("log", format!("has more than {MAX_LOG} entries")));
        }
        for (k, e) in arr.iter().enumerate() {
            let idx = k + 1;
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
            if let Some(prev) = log.last().map(|p: &Entry| p.term) {
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
    if let Some(last) = log.last() {
        if last.term > term {
            return Err(o.err(
                "term",
                format!("is {term}, but the log holds an entry of term {}: a server's term is at least every term in its log", last.term),
            ));
        }
    }
    o.finish()?;
    Ok(InitNode {
        node,
        term,
        voted_for,
        log,
        snapshot: None, // TODO(scenario): read "snapshot"
        voters: None,   // TODO(scenario): read "voters"
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
pub(super) fn check_reachable(init: &[InitNode], n: u8) -> Result<(), String> {
    let terms = terms(init, n);
    let majority = n as usize / 2 + 1;
    for i in init {
        // Terms in a log never decrease: its last entry's is the one to justify.
        let Some(t) = i.log.last().map(|e| e.term) else {
            continue;
        };
        let with: Vec<NodeId> = (1..=n).filter(|&id| terms[id as usize - 1] >= t).collect();
        if with.len() < majority {
            let index = i.log.iter().position(|e| e.term == t).map_or(0, |p| p + 1);
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

fn check_log_matching(a: &InitNode, b: &InitNode) -> Result<(), String> {
    // The last index where both logs hold an entry of the same term: everything
    // up through it must be equal.
    let common = a.log.len().min(b.log.len());
    let Some(last_same) = (0..common).rev().find(|&k| a.log[k].term == b.log[k].term) else {
        return Ok(());
    };
    if let Some(k) = (0..=last_same).find(|&k| !same(&a.log[k], &b.log[k])) {
        return Err(format!(
            "init: S{} and S{} both hold an entry of term {} at index {}, but their logs differ at index {} — Log Matching (§5.3) says no run of Raft leaves them so",
            a.node,
            b.node,
            a.log[last_same].term,
            last_same + 1,
            k + 1
        ));
    }
    Ok(())
}

fn same(x: &Entry, y: &Entry) -> bool {
    x.term == y.term && x.cmd == y.cmd
}
