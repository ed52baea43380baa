//! Running a scenario headless: what `raftlab run` prints, and what `cargo test`
//! checks for every shipped scenario.

use super::config::MS;
use super::invariants::{Counts, Invariant, Violation};
use super::json::Json;
use super::scenario::{check_expect, Scenario, StepKind};
use super::world::World;
use crate::raft::{NodeId, Time};
use serde_json::{json, Value};

/// A scenario's JSON as serde_json's, for printing with the run's output.
pub fn to_serde(j: &Json) -> Value {
    match j {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Num(n) => serde_json::from_str(n).unwrap_or(Value::Null),
        Json::Str(s) => Value::String(s.clone()),
        Json::Arr(a) => Value::Array(a.iter().map(to_serde).collect()),
        Json::Obj(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), to_serde(v))).collect()),
    }
}

/// A time in milliseconds as JSON: whole numbers stay whole.
pub fn t_ms(t: Time) -> Value {
    if t % MS == 0 {
        json!(t / MS)
    } else {
        json!(t as f64 / MS as f64)
    }
}

/// The role name of a server, "down" if crashed.
pub fn role_or_down(world: &World, id: NodeId) -> &'static str {
    let s = world.server(id);
    if s.alive {
        s.node.role().name()
    } else {
        "down"
    }
}

/// The snapshot of DESIGN.md: servers, with their persistent state even when down,
/// and the client writes.
pub fn snapshot(world: &World) -> Value {
    let nodes: Vec<Value> = world
        .servers()
        .iter()
        .map(|s| {
            let n = &s.node;
            json!({
                "id": n.id(),
                "alive": s.alive,
                "role": n.role().name(),
                "term": n.current_term(),
                "voted_for": n.voted_for(),
                "commit_index": n.commit_index(),
                "log": n.log().entries().iter()
                    .map(|e| json!({"term": e.term, "cmd": e.cmd}))
                    .collect::<Vec<_>>(),
            })
        })
        .collect();
    let writes: Vec<Value> = world
        .writes()
        .iter()
        .map(|w| json!({"value": w.value, "status": w.status.name(), "index": w.index()}))
        .collect();
    json!({"t_ms": t_ms(world.now()), "nodes": nodes, "writes": writes})
}

/// One violation as JSON.
pub fn violation_json(v: &Violation) -> Value {
    json!({"name": v.invariant.name(), "t_ms": t_ms(v.t), "nodes": v.nodes, "detail": v.detail})
}

/// Options of a headless run.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunOptions {
    pub dump_every: Option<Time>,
    pub until: Option<Time>,
}

/// The outcome of a headless run.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub passed: usize,
    pub failed: usize,
    pub violations: Vec<Violation>,
    /// Per-invariant violation counts.
    pub counts: Counts,
    pub expected_violation_seen: bool,
    /// Every expectation held and no violation other than the expected one.
    pub ok: bool,
    pub end: Time,
}

/// Runs a scenario, calling `emit` with each line of output, and returns the
/// outcome. The final line (with `"final": true`) is emitted last.
pub fn run(
    scn: &Scenario,
    opts: RunOptions,
    mut emit: impl FnMut(Value),
) -> Result<Outcome, String> {
    let mut world = World::new(&scn.setup)?;
    let end = opts
        .until
        .unwrap_or_else(|| scn.steps.last().map_or(0, |s| s.at));
    let mut next_dump = opts.dump_every.filter(|&d| d > 0);
    let mut out = Outcome::default();
    let mut dump_until = |world: &mut World, t: Time, emit: &mut dyn FnMut(Value)| {
        while let Some(d) = next_dump.filter(|&d| d <= t) {
            world.advance_to(d);
            emit(snapshot(world));
            next_dump = opts.dump_every.map(|e| d + e);
        }
    };
    for step in scn.steps.iter().take_while(|s| s.at <= end) {
        dump_until(&mut world, step.at, &mut emit);
        world.advance_to(step.at);
        match &step.kind {
            StepKind::Act(a) => {
                if let Err(e) = world.act(a) {
                    out.failed += 1;
                    emit(json!({"t_ms": t_ms(step.at), "error": e, "ok": false}));
                }
            }
            StepKind::Expect(e) => {
                let res = check_expect(&world, e);
                let mut shown = e.raw.clone();
                shown.remove("do");
                shown.remove("at_ms");
                let shown = to_serde(&shown);
                match &res {
                    Ok(()) => out.passed += 1,
                    Err(_) => out.failed += 1,
                }
                emit(json!({
                    "t_ms": t_ms(step.at),
                    "expect": shown,
                    "ok": res.is_ok(),
                    "why": res.err(),
                }));
            }
            StepKind::Caption(_) | StepKind::Pause => {}
        }
    }
    dump_until(&mut world, end, &mut emit);
    world.advance_to(end);
    out.end = end;
    out.violations = world.checker().violations().to_vec();
    out.counts = world.checker().counts();
    out.expected_violation_seen = scn
        .expect_violation
        .is_some_and(|inv| !world.checker().holds(inv));
    // With an expected violation, others may come along with it (DESIGN.md).
    let any = out.counts.total() > 0;
    out.ok = out.failed == 0
        && match scn.expect_violation {
            None => !any,
            Some(_) => out.expected_violation_seen,
        };
    let mut fin = snapshot(&world);
    if let Value::Object(m) = &mut fin {
        m.insert("final".into(), json!(true));
        m.insert(
            "violations".into(),
            Value::Array(out.violations.iter().map(violation_json).collect()),
        );
        m.insert(
            "expectations".into(),
            json!({"passed": out.passed, "failed": out.failed}),
        );
        m.insert(
            "expect_violation".into(),
            json!(scn.expect_violation.map(Invariant::name)),
        );
        m.insert("ok".into(), json!(out.ok));
    }
    emit(fin);
    Ok(out)
}

/// Runs a scenario and reports every event as a sentence: `(time, text)`.
/// For scenario authors, who need to know when things happen.
pub fn trace(
    scn: &Scenario,
    until: Option<Time>,
    lang: super::narrate::Lang,
    mut emit: impl FnMut(Time, String),
) -> Result<(), String> {
    let mut world = World::new(&scn.setup)?;
    let end = until.unwrap_or_else(|| scn.steps.last().map_or(0, |s| s.at));
    let mut seen = 0u64;
    let flush = |world: &World, seen: &mut u64, emit: &mut dyn FnMut(Time, String)| {
        let feed = world.feed();
        let fresh = (feed.total() - *seen) as usize;
        let items: Vec<_> = feed.items().collect();
        for item in &items[items.len().saturating_sub(fresh)..] {
            emit(
                item.t,
                super::narrate::describe(&item.event, lang, world.writes()),
            );
        }
        *seen = feed.total();
    };
    let mut steps = scn.steps.iter().filter(|s| s.at <= end).peekable();
    loop {
        let next_step = steps.peek().map(|s| s.at);
        let next_event = world.next_event_time().filter(|&t| t <= end);
        match (next_event, next_step) {
            (Some(e), Some(s)) if e <= s => {
                world.step();
            }
            (Some(_), None) => {
                world.step();
            }
            (_, Some(s)) => {
                world.advance_to(s);
                if let Some(step) = steps.next() {
                    match &step.kind {
                        StepKind::Act(a) => world.act(a)?,
                        StepKind::Caption(t) => emit(step.at, format!("── {}", t.get(lang.code()))),
                        StepKind::Expect(e) => {
                            let r = check_expect(&world, e);
                            emit(
                                step.at,
                                format!("expect: {}", r.err().unwrap_or_else(|| "ok".into())),
                            );
                        }
                        StepKind::Pause => {}
                    }
                }
            }
            (None, None) => break,
        }
        flush(&world, &mut seen, &mut emit);
    }
    Ok(())
}

/// A stable fingerprint (FNV-1a, hex) of a scenario's full `raftlab run` output
/// with a snapshot every 100 ms: equal fingerprints mean identical traces.
pub fn trace_fingerprint(scn: &Scenario) -> Result<String, String> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let opts = RunOptions {
        dump_every: Some(100 * MS),
        until: None,
    };
    run(scn, opts, |line| {
        for b in line.to_string().bytes().chain(std::iter::once(b'\n')) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    })?;
    Ok(format!("{h:016x}"))
}
