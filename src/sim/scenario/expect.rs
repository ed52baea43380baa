//! Expectations: what an `expect` step checks, and the "converged" check the
//! fuzzer and long runs use.

use super::Expect;
use crate::raft::{NodeId, Role};
use crate::sim::client::WriteStatus;
use crate::sim::runner::role_or_down;
use crate::sim::world::World;

/// Whether the cluster has settled: every server up, one leader, identical and
/// fully committed logs, every acknowledged write in the log exactly once.
pub fn check_converged(world: &World) -> Result<(), String> {
    if let Some(s) = world.servers().iter().find(|s| !s.alive) {
        return Err(format!("S{} is down", s.node.id()));
    }
    let leader = world
        .leader_in_highest_term()
        .ok_or("no leader in the highest term")?;
    let leaders = world
        .servers()
        .iter()
        .filter(|s| s.node.role() == Role::Leader)
        .count();
    if leaders != 1 {
        return Err(format!("{leaders} servers think they lead"));
    }
    let reference = world.server(leader).node.log();
    for s in world.servers() {
        let n = &s.node;
        if n.log().entries() != reference.entries() {
            return Err(format!(
                "S{}'s log differs from the leader S{leader}'s",
                n.id()
            ));
        }
        if n.commit_index() != reference.last_index() {
            return Err(format!(
                "S{} has committed {} of {} entries",
                n.id(),
                n.commit_index(),
                reference.last_index()
            ));
        }
    }
    for w in world.writes() {
        if w.status != WriteStatus::Acked {
            continue;
        }
        let count = reference
            .entries()
            .iter()
            .filter(|e| e.write_id == Some(w.id))
            .count();
        if count != 1 {
            return Err(format!(
                "acknowledged write {:?} is in the log {count} times",
                w.value
            ));
        }
    }
    Ok(())
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
