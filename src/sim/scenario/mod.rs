//! The scenario format `raftlab-scenario/1` (see DESIGN.md): reading with a clear
//! message for every mistake, naming the step; and writing back.
//!
//! Reading goes through a [`Json`] value by hand rather than derived
//! deserializers, so that an error can say "step 4 (at 400 ms, do "cut"): …".

mod actions;
mod expect;
mod init;
mod obj;
mod options;
mod read;
mod write;

pub use actions::{action_json, def, Def, DEFS};
pub use expect::{check_converged, check_expect, Expect, ROLE_NAMES};
pub use options::cluster_json;
pub use read::{from_value, parse};
pub use write::init_json;

use super::config::Protocol;
use super::invariants::Invariant;
use super::json::Json;
use super::strmap::StrMap;
use super::world::{Action, Setup};
use crate::raft::Time;

/// The format tag every scenario carries.
pub const FORMAT: &str = "raftlab-scenario/1";
/// Largest scenario accepted, in bytes.
pub const MAX_BYTES: usize = 2 << 20;
/// Latest step time accepted: one day.
pub const MAX_AT_MS: f64 = 86_400_000.0;
pub(crate) const MAX_STEPS: usize = 100_000;
const MAX_LOG: usize = 10_000;
const MAX_TEXT: usize = 5_000;
const MAX_TERM: u64 = 1_000_000_000;

/// A text in one language, or in several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    Plain(String),
    Langs(StrMap),
}

impl Default for Text {
    fn default() -> Text {
        Text::Plain(String::new())
    }
}

impl Text {
    /// The text in `lang`, else English, else any language there is.
    pub fn get(&self, lang: &str) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Langs(m) => m
                .get(lang)
                .or_else(|| m.get("en"))
                .or_else(|| m.first_value())
                .unwrap_or(""),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.get("en").is_empty()
    }

    pub fn to_json(&self) -> Json {
        match self {
            Text::Plain(s) => Json::Str(s.clone()),
            Text::Langs(m) => Json::Obj(
                m.iter()
                    .map(|(k, v)| (k.clone(), Json::str(v.clone())))
                    .collect(),
            ),
        }
    }
}

/// What a step does.
#[derive(Clone, Debug, PartialEq)]
pub enum StepKind {
    Caption(Text),
    Pause,
    Expect(Expect),
    Act(Action),
}

/// One step of a scenario, at a simulated time.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub at: Time,
    pub kind: StepKind,
}

/// A parsed, validated scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scenario {
    pub title: Text,
    pub description: Text,
    pub setup: Setup,
    pub steps: Vec<Step>,
    pub expect_violation: Option<Invariant>,
}

/// The order of the shipped scenarios in the menu: a course, easiest first.
pub const MENU_ORDER: [&str; 28] = [
    "first-election",
    "split-vote",
    "leader-crash",
    "log-replication",
    "minority-leader",
    "figure-7",
    "figure-8",
    "figure-8-bug",
    "disruptive-server",
    "disruptive-server-prevote",
    "check-quorum",
    "forget-vote-bug",
    "vote-without-log-check-bug",
    "add-server",
    "remove-leader",
    "removed-server",
    "joint-consensus",
    "add-two-at-once-bug",
    "config-before-noop-bug",
    "leadership-transfer",
    "install-snapshot",
    "stale-local-read",
    "read-index-deposed-leader",
    "read-without-quorum-check-bug",
    "lease-read-drift",
    "lease-drift-bug",
    "client-sessions",
    "no-client-dedup-bug",
];

/// The side-by-side scenarios of the ZAB page (`"protocol": "zab"`), in order.
pub const ZAB_MENU_ORDER: [&str; 6] = [
    "zab-first-election",
    "zab-leader-crash",
    "zab-old-epoch-commit",
    "zab-partition",
    "zab-round-is-not-term",
    "zab-elect-without-zxid-bug",
];

/// The scenario menu: name and title of each scenario (the description comes
/// with the scenario itself: the menu is on the page's first load), in
/// [`MENU_ORDER`] (others after, by name).
pub fn index_json(all: &[(String, Scenario)]) -> Json {
    let rank = |n: &str| {
        MENU_ORDER
            .iter()
            .chain(ZAB_MENU_ORDER.iter())
            .position(|m| *m == n)
            .unwrap_or(usize::MAX)
    };
    let mut sorted: Vec<&(String, Scenario)> = all.iter().collect();
    sorted.sort_by(|a, b| (rank(&a.0), &a.0).cmp(&(rank(&b.0), &b.0)));
    Json::Arr(
        sorted
            .into_iter()
            .map(|(name, s)| {
                let mut item = Json::obj([
                    ("name", Json::str(name.clone())),
                    ("title", s.title.to_json()),
                ]);
                // The Raft page's menu skips these; the ZAB page lists only them.
                if s.setup.cluster.protocol != Protocol::Raft {
                    item.set("protocol", Json::str(s.setup.cluster.protocol.name()));
                }
                item
            })
            .collect(),
    )
}
