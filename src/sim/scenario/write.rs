//! Writing a scenario back: reading what is written gives an equal scenario.

use super::actions::action_json;
use super::options::{cluster_json, node_json};
use super::{Scenario, Step, StepKind, FORMAT};
use crate::raft::Time;
use crate::sim::config::MS;
use crate::sim::json::Json;
use crate::sim::world::InitNode;

fn ms_json(t: Time) -> Json {
    Json::fixed(t as f64 / MS as f64, 3)
}

impl Step {
    /// The JSON form of this step, `at_ms` first.
    pub fn to_json(&self) -> Json {
        let body = match &self.kind {
            StepKind::Act(a) => action_json(a),
            StepKind::Caption(t) => {
                Json::obj([("do", Json::str("caption")), ("text", t.to_json())])
            }
            StepKind::Pause => Json::obj([("do", Json::str("pause"))]),
            StepKind::Expect(e) => match &e.raw {
                Json::Obj(_) => e.raw.clone(),
                _ => Json::obj([("do", Json::str("expect"))]),
            },
        };
        let mut m = Json::obj([("at_ms", ms_json(self.at))]);
        if let Json::Obj(members) = body {
            for (k, v) in members {
                if k != "at_ms" {
                    m.set(&k, v);
                }
            }
        }
        m
    }
}

/// The JSON form of one server's initial state.
pub fn init_json(i: &InitNode) -> Json {
    let log: Vec<Json> = i
        .log
        .iter()
        .map(|e| match &e.cmd {
            None => Json::int(e.term),
            Some(c) => Json::obj([("term", Json::int(e.term)), ("cmd", Json::str(c.clone()))]),
        })
        .collect();
    let mut m = Json::obj([("node", node_json(i.node)), ("term", Json::int(i.term))]);
    if let Some(v) = i.voted_for {
        m.set("voted_for", node_json(v));
    }
    if let Some(s) = &i.snapshot {
        let kv = s.kv.iter().map(|(k, v)| (k.clone(), Json::str(v.clone())));
        m.set(
            "snapshot",
            Json::obj([
                ("index", Json::int(s.index)),
                ("term", Json::int(s.term)),
                ("kv", Json::Obj(kv.collect())),
            ]),
        );
    }
    if let Some(v) = &i.voters {
        m.set(
            "voters",
            Json::Arr(v.iter().map(|&i| node_json(i)).collect()),
        );
    }
    m.set("log", Json::Arr(log));
    m
}

impl Scenario {
    /// The JSON form of this scenario; reading it back gives an equal scenario.
    pub fn to_json(&self) -> Json {
        Json::obj([
            ("format", Json::str(FORMAT)),
            ("title", self.title.to_json()),
            ("description", self.description.to_json()),
            ("seed", Json::int(self.setup.seed)),
            ("cluster", cluster_json(&self.setup.cluster)),
            (
                "init",
                Json::Arr(self.setup.init.iter().map(init_json).collect()),
            ),
            (
                "steps",
                Json::Arr(self.steps.iter().map(Step::to_json).collect()),
            ),
            (
                "expect_violation",
                self.expect_violation
                    .map_or(Json::Null, |i| Json::str(i.name())),
            ),
        ])
    }
}
