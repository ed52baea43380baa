//! Reading a scenario: every mistake gets a message that says where it is.

use super::obj::{printable, short, trim_ms, Obj};
use super::options::read_cluster;
use super::{
    actions, expect, init, Scenario, Step, StepKind, FORMAT, MAX_AT_MS, MAX_BYTES, MAX_STEPS,
};
use crate::raft::Time;
use crate::sim::config::{ClusterConfig, MS};
use crate::sim::invariants::Invariant;
use crate::sim::json::{self, Json};
use crate::sim::world::{InitNode, Setup};

/// Reads a scenario from JSON text.
pub fn parse(text: &str) -> Result<Scenario, String> {
    if text.len() > MAX_BYTES {
        return Err(format!(
            "the scenario is {} bytes; the limit is {MAX_BYTES}",
            text.len()
        ));
    }
    let v = json::parse(text).map_err(|e| format!("not valid JSON: {e}"))?;
    from_value(&v)
}

/// Reads a scenario from a JSON value.
pub fn from_value(v: &Json) -> Result<Scenario, String> {
    let mut o = Obj::new(v, "scenario")?;
    match o.get("format") {
        Some(Json::Str(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(format!(
                "scenario: \"format\" must be \"{FORMAT}\", got {}",
                short(other)
            ))
        }
        None => return Err(format!("scenario: \"format\" is required (\"{FORMAT}\")")),
    }
    let title = o.text("title")?.unwrap_or_default();
    let description = o.text("description")?.unwrap_or_default();
    let seed = o.u64_in("seed", 0, u64::MAX)?.unwrap_or(1);
    let cluster = match o.get("cluster") {
        None | Some(Json::Null) => ClusterConfig::default(),
        Some(c) => read_cluster(c)?,
    };
    // Steps, `init` and `expect` may name any server, spares included.
    let n = cluster.max_nodes;
    let mut init = vec![];
    if let Some(v) = o.get("init") {
        let arr = v
            .as_array()
            .ok_or_else(|| "scenario: \"init\" must be a list".to_string())?;
        for (i, item) in arr.iter().enumerate() {
            let node = init::read_node(item, i, n)?;
            if init.iter().any(|x: &InitNode| x.node == node.node) {
                return Err(format!("init[{i}]: server {} appears twice", node.node));
            }
            init.push(node);
        }
    }
    let mut steps = vec![];
    if let Some(v) = o.get("steps") {
        let arr = v
            .as_array()
            .ok_or_else(|| "scenario: \"steps\" must be a list".to_string())?;
        if arr.len() > MAX_STEPS {
            return Err(format!("scenario: more than {MAX_STEPS} steps"));
        }
        let mut prev = 0;
        for (i, s) in arr.iter().enumerate() {
            let st = step(s, i, n, prev)?;
            prev = st.at;
            steps.push(st);
        }
    }
    let expect_violation = match o.get("expect_violation") {
        None | Some(Json::Null) => None,
        Some(Json::Str(s)) => Some(Invariant::parse(s).ok_or_else(|| {
            let known: Vec<&str> = Invariant::ALL.iter().map(|i| i.name()).collect();
            format!(
                "scenario: \"expect_violation\" names an unknown invariant \"{}\" (known: {})",
                printable(s),
                known.join(", ")
            )
        })?),
        Some(v) => {
            return Err(format!(
                "scenario: \"expect_violation\" must be null or an invariant name, got {}",
                short(v)
            ))
        }
    };
    o.finish()?;
    // Last: a well-formed staging that no run of Raft could reach.
    init::check_reachable(&init, &cluster)?;
    Ok(Scenario {
        title,
        description,
        setup: Setup {
            seed,
            cluster,
            init,
        },
        steps,
        expect_violation,
    })
}

fn step(v: &Json, i: usize, n: u8, prev_at: Time) -> Result<Step, String> {
    let label = format!("step {}", i + 1);
    let mut o = Obj::new(v, label.clone())?;
    let at_ms = o
        .f64_in("at_ms", 0.0, MAX_AT_MS)?
        .ok_or_else(|| format!("{label}: \"at_ms\" is required"))?;
    let what = o
        .string("do", 40)?
        .ok_or_else(|| format!("{label}: \"do\" is required"))?;
    o.ctx = format!(
        "{label} (at {} ms, do \"{}\")",
        trim_ms(at_ms),
        printable(what)
    );
    let at = (at_ms * MS as f64).round() as Time;
    if at < prev_at {
        return Err(format!(
            "{}: times go backwards (the step before is at {} ms)",
            o.ctx,
            trim_ms(prev_at as f64 / MS as f64)
        ));
    }
    let kind = match what {
        "caption" => StepKind::Caption(
            o.text("text")?
                .ok_or_else(|| o.err("text", "is required"))?,
        ),
        "pause" => StepKind::Pause,
        "expect" => StepKind::Expect(expect::read(&mut o, n, v)?),
        other => match actions::read(other, &mut o, n) {
            Some(action) => StepKind::Act(action?),
            None => {
                let known: Vec<&str> = ["caption", "pause", "expect"]
                    .into_iter()
                    .chain(actions::names())
                    .collect();
                return Err(format!(
                    "{label}: unknown \"do\": \"{}\" (known: {})",
                    printable(other),
                    known.join(", ")
                ));
            }
        },
    };
    o.finish()?;
    Ok(Step { at, kind })
}
