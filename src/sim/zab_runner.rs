//! Running a ZAB scenario headless: the snapshot JSON of DESIGN.md ("Second
//! protocol"), `expect` steps, and `raftlab trace`. `runner::run` drives either
//! world; this file holds what only ZAB's needs.

use super::client::WriteStatus;
use super::json::Json;
use super::narrate::Lang;
use super::runner::t_ms;
use super::scenario::{Expect, Scenario, StepKind};
use super::zab_narrate::describe;
use super::zab_world::{zxid_u64, ZabWorld};
use crate::zab::{NodeId, Time, Zxid};

/// `following`, `looking`, …, or `down`.
pub fn role_or_down(world: &ZabWorld, id: NodeId) -> &'static str {
    let s = world.server(id);
    if s.alive {
        s.node.role().name()
    } else {
        "down"
    }
}

fn zxid_json(z: Zxid) -> Json {
    Json::str(z.to_string())
}

/// The snapshot: each server's role, epochs, election round, vote, phase and
/// history (entries carry `term` = the zxid's epoch, and `zxid`), and the writes.
pub fn snapshot(world: &ZabWorld) -> Json {
    let nodes = world
        .servers()
        .iter()
        .map(|s| {
            let n = &s.node;
            let log = n
                .history()
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    Json::obj([
                        ("term", Json::int(u64::from(t.zxid.epoch))),
                        ("cmd", Json::str(t.data.as_str())),
                        ("index", Json::int(i as u64 + 1)),
                        ("zxid", zxid_json(t.zxid)),
                    ])
                })
                .collect();
            let v = n.vote();
            Json::obj([
                ("id", Json::int(u64::from(n.id()))),
                ("alive", Json::Bool(s.alive)),
                ("role", Json::str(n.role().name())),
                ("term", Json::int(u64::from(n.current_epoch()))),
                ("epoch", Json::int(u64::from(n.current_epoch()))),
                ("accepted_epoch", Json::int(u64::from(n.accepted_epoch()))),
                ("round", Json::int(u64::from(n.round()))),
                (
                    "vote",
                    Json::obj([
                        ("leader", Json::int(u64::from(v.leader))),
                        ("zxid", zxid_json(v.zxid)),
                        ("epoch", Json::int(u64::from(v.epoch))),
                    ]),
                ),
                ("phase", Json::str(n.phase().name())),
                (
                    "leader",
                    n.leader().map_or(Json::Null, |l| Json::int(u64::from(l))),
                ),
                ("committed", zxid_json(n.committed())),
                ("log", Json::Arr(log)),
            ])
        })
        .collect();
    let writes = world
        .writes()
        .iter()
        .map(|w| {
            let zxid = w
                .placed
                .map(|(_, _, z)| Zxid::new((z >> 32) as u32, z as u32));
            Json::obj([
                ("value", Json::str(w.value.as_str())),
                ("status", Json::str(w.status.name())),
                ("zxid", zxid.map_or(Json::Null, zxid_json)),
            ])
        })
        .collect();
    Json::obj([
        ("t_ms", t_ms(world.now())),
        ("protocol", Json::str("zab")),
        ("nodes", Json::Arr(nodes)),
        ("writes", Json::Arr(writes)),
    ])
}

/// Checks an `expect` step against a ZAB world. `leader` is the established
/// leader of the highest epoch; `min_term`/`max_term` bound the highest epoch;
/// `log_terms` lists the epochs of a history's zxids; `commit_index` counts
/// committed transactions.
pub fn expect(world: &ZabWorld, e: &Expect) -> Result<(), String> {
    let mut why: Vec<String> = vec![];
    let name = |l: Option<NodeId>| l.map_or("no leader".to_string(), |l| format!("S{l}"));
    if let Some(want) = e.leader {
        let got = world.leader();
        if got != want {
            why.push(format!("leader is {}, expected {}", name(got), name(want)));
        }
    }
    let top = u64::from(world.max_live_epoch());
    if let Some(t) = e.min_term.filter(|&t| top < t) {
        why.push(format!("highest epoch is {top}, expected at least {t}"));
    }
    if let Some(t) = e.max_term.filter(|&t| top > t) {
        why.push(format!("highest epoch is {top}, expected at most {t}"));
    }
    for &(id, want) in &e.commit_index {
        let n = &world.server(id).node;
        let got = n
            .history()
            .iter()
            .filter(|t| t.zxid <= n.committed())
            .count() as u64;
        if got != want {
            why.push(format!(
                "S{id} has {got} committed transactions, expected {want}"
            ));
        }
    }
    for (id, want) in &e.log_terms {
        let got: Vec<u64> = world
            .server(*id)
            .node
            .history()
            .iter()
            .map(|t| u64::from(t.zxid.epoch))
            .collect();
        if &got != want {
            why.push(format!(
                "S{id} history epochs are {got:?}, expected {want:?}"
            ));
        }
    }
    for (id, want) in &e.zxids {
        let got: Vec<String> = world
            .server(*id)
            .node
            .history()
            .iter()
            .map(|t| t.zxid.to_string())
            .collect();
        if &got != want {
            why.push(format!("S{id} history is {got:?}, expected {want:?}"));
        }
    }
    for (id, want) in &e.roles {
        let got = role_or_down(world, *id);
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
        let have = &world.server(*id).kv;
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
    if e.voters.is_some() || e.learners.is_some() || !e.snapshot_index.is_empty() {
        why.push("voters, learners and snapshot_index are Raft's: a ZAB ensemble is fixed".into());
    }
    if e.converged == Some(true) {
        if let Err(w) = world.converged() {
            why.push(format!("not converged: {w}"));
        }
    }
    if why.is_empty() {
        Ok(())
    } else {
        Err(why.join("; "))
    }
}

/// Runs a ZAB scenario and reports every event as a sentence: `(time, text)`.
pub fn trace(
    scn: &Scenario,
    end: Time,
    lang: Lang,
    mut emit: impl FnMut(Time, String),
) -> Result<(), String> {
    let mut world = ZabWorld::new(&scn.setup)?;
    let mut seen = 0;
    let mut steps = scn.steps.iter().filter(|s| s.at <= end).peekable();
    loop {
        let next_step = steps.peek().map(|s| s.at);
        let next_event = world.next_event_time().filter(|&t| t <= end);
        match (next_event, next_step) {
            (Some(e), s) if s.is_none_or(|s| e <= s) => {
                world.step();
            }
            (_, Some(s)) => {
                world.advance_to(s);
                if let Some(step) = steps.next() {
                    match &step.kind {
                        StepKind::Act(a) => world.act(a)?,
                        StepKind::Expect(e)
                            if e.protocol.is_some_and(|p| p != world.protocol()) => {}
                        StepKind::Expect(e) => emit(
                            step.at,
                            format!(
                                "expect: {}",
                                expect(&world, e).err().unwrap_or_else(|| "ok".into())
                            ),
                        ),
                        StepKind::Caption(t) => emit(step.at, format!("── {}", t.get(lang.code()))),
                        StepKind::Pause => {}
                    }
                }
            }
            (_, None) => break,
        }
        let fresh = (world.feed_total() - seen) as usize;
        let items: Vec<(Time, String)> = world
            .feed()
            .skip(world.feed().len().saturating_sub(fresh))
            .map(|(t, e)| (*t, describe(e, lang, world.writes())))
            .collect();
        for (t, text) in items {
            emit(t, text);
        }
        seen = world.feed_total();
    }
    world.advance_to(end);
    Ok(())
}

/// A ZAB scenario's event trace for the golden files (tests/golden/): every
/// event and expectation as an English sentence, then the final snapshot.
pub fn event_trace(scn: &Scenario, end: Time) -> Result<String, String> {
    use std::fmt::Write as _;
    let c = &scn.setup.cluster;
    let mut out = format!(
        "# ZAB, seed {}, {} servers, 0 to {} ms\n",
        scn.setup.seed,
        c.nodes,
        t_ms(end)
    );
    trace(scn, end, Lang::En, |t, text| {
        let _ = writeln!(out, "{:>5}.{:03}  {text}", t / 1_000, t % 1_000);
    })?;
    let mut world = ZabWorld::new(&scn.setup)?;
    for step in scn.steps.iter().filter(|s| s.at <= end) {
        world.advance_to(step.at);
        if let StepKind::Act(a) = &step.kind {
            world.act(a)?;
        }
    }
    world.advance_to(end);
    let _ = writeln!(out, "{}", snapshot(&world));
    Ok(out)
}

/// A zxid as ZooKeeper prints it (`0x200000003`) from its number.
pub fn zxid_hex(z: Zxid) -> String {
    format!("{:#x}", zxid_u64(z))
}
