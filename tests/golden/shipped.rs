//! The golden event traces, shared by tests/determinism.rs (native) and
//! tests/wasm.rs (the browser): both compute each shipped scenario's trace the
//! same way and compare it with the same file, `tests/golden/NAME.txt`.
//!
//! A new scenario: run `UPDATE_GOLDEN=1 cargo test --test determinism` (it writes
//! the trace), then add a row here, so that the browser checks it too.

use raft_lab::raft::Time;
use raft_lab::sim::runner::event_trace;
use raft_lab::sim::scenario::Scenario;
use raft_lab::sim::MS;

/// How much of a scenario a golden trace covers: all of it, up to this time,
/// which keeps each file small (the shipped scenarios last at most 3 s).
pub const GOLDEN_UNTIL: Time = 10_000 * MS;

/// A scenario's golden trace.
pub fn golden_trace(scn: &Scenario) -> String {
    let end = scn.steps.last().map_or(0, |s| s.at).min(GOLDEN_UNTIL);
    event_trace(scn, Some(end)).expect("a shipped scenario runs")
}

/// Every shipped scenario (static/scenarios/, but index.json): its name, its
/// JSON and its golden trace.
pub const SHIPPED: &[(&str, &str, &str)] = &[
    (
        "add-server",
        include_str!("../../static/scenarios/add-server.json"),
        include_str!("add-server.txt"),
    ),
    (
        "add-two-at-once-bug",
        include_str!("../../static/scenarios/add-two-at-once-bug.json"),
        include_str!("add-two-at-once-bug.txt"),
    ),
    (
        "check-quorum",
        include_str!("../../static/scenarios/check-quorum.json"),
        include_str!("check-quorum.txt"),
    ),
    (
        "client-sessions",
        include_str!("../../static/scenarios/client-sessions.json"),
        include_str!("client-sessions.txt"),
    ),
    (
        "config-before-noop-bug",
        include_str!("../../static/scenarios/config-before-noop-bug.json"),
        include_str!("config-before-noop-bug.txt"),
    ),
    (
        "disruptive-server",
        include_str!("../../static/scenarios/disruptive-server.json"),
        include_str!("disruptive-server.txt"),
    ),
    (
        "disruptive-server-prevote",
        include_str!("../../static/scenarios/disruptive-server-prevote.json"),
        include_str!("disruptive-server-prevote.txt"),
    ),
    (
        "figure-7",
        include_str!("../../static/scenarios/figure-7.json"),
        include_str!("figure-7.txt"),
    ),
    (
        "figure-8",
        include_str!("../../static/scenarios/figure-8.json"),
        include_str!("figure-8.txt"),
    ),
    (
        "figure-8-bug",
        include_str!("../../static/scenarios/figure-8-bug.json"),
        include_str!("figure-8-bug.txt"),
    ),
    (
        "first-election",
        include_str!("../../static/scenarios/first-election.json"),
        include_str!("first-election.txt"),
    ),
    (
        "forget-vote-bug",
        include_str!("../../static/scenarios/forget-vote-bug.json"),
        include_str!("forget-vote-bug.txt"),
    ),
    (
        "install-snapshot",
        include_str!("../../static/scenarios/install-snapshot.json"),
        include_str!("install-snapshot.txt"),
    ),
    (
        "joint-consensus",
        include_str!("../../static/scenarios/joint-consensus.json"),
        include_str!("joint-consensus.txt"),
    ),
    (
        "leader-crash",
        include_str!("../../static/scenarios/leader-crash.json"),
        include_str!("leader-crash.txt"),
    ),
    (
        "leadership-transfer",
        include_str!("../../static/scenarios/leadership-transfer.json"),
        include_str!("leadership-transfer.txt"),
    ),
    (
        "lease-drift-bug",
        include_str!("../../static/scenarios/lease-drift-bug.json"),
        include_str!("lease-drift-bug.txt"),
    ),
    (
        "lease-read-drift",
        include_str!("../../static/scenarios/lease-read-drift.json"),
        include_str!("lease-read-drift.txt"),
    ),
    (
        "log-replication",
        include_str!("../../static/scenarios/log-replication.json"),
        include_str!("log-replication.txt"),
    ),
    (
        "minority-leader",
        include_str!("../../static/scenarios/minority-leader.json"),
        include_str!("minority-leader.txt"),
    ),
    (
        "no-client-dedup-bug",
        include_str!("../../static/scenarios/no-client-dedup-bug.json"),
        include_str!("no-client-dedup-bug.txt"),
    ),
    (
        "read-index-deposed-leader",
        include_str!("../../static/scenarios/read-index-deposed-leader.json"),
        include_str!("read-index-deposed-leader.txt"),
    ),
    (
        "read-without-quorum-check-bug",
        include_str!("../../static/scenarios/read-without-quorum-check-bug.json"),
        include_str!("read-without-quorum-check-bug.txt"),
    ),
    (
        "remove-leader",
        include_str!("../../static/scenarios/remove-leader.json"),
        include_str!("remove-leader.txt"),
    ),
    (
        "removed-server",
        include_str!("../../static/scenarios/removed-server.json"),
        include_str!("removed-server.txt"),
    ),
    (
        "split-vote",
        include_str!("../../static/scenarios/split-vote.json"),
        include_str!("split-vote.txt"),
    ),
    (
        "stale-local-read",
        include_str!("../../static/scenarios/stale-local-read.json"),
        include_str!("stale-local-read.txt"),
    ),
    (
        "vote-without-log-check-bug",
        include_str!("../../static/scenarios/vote-without-log-check-bug.json"),
        include_str!("vote-without-log-check-bug.txt"),
    ),
    (
        "zab-elect-without-zxid-bug",
        include_str!("../../static/scenarios/zab-elect-without-zxid-bug.json"),
        include_str!("zab-elect-without-zxid-bug.txt"),
    ),
    (
        "zab-first-election",
        include_str!("../../static/scenarios/zab-first-election.json"),
        include_str!("zab-first-election.txt"),
    ),
    (
        "zab-leader-crash",
        include_str!("../../static/scenarios/zab-leader-crash.json"),
        include_str!("zab-leader-crash.txt"),
    ),
    (
        "zab-old-epoch-commit",
        include_str!("../../static/scenarios/zab-old-epoch-commit.json"),
        include_str!("zab-old-epoch-commit.txt"),
    ),
    (
        "zab-partition",
        include_str!("../../static/scenarios/zab-partition.json"),
        include_str!("zab-partition.txt"),
    ),
    (
        "zab-round-is-not-term",
        include_str!("../../static/scenarios/zab-round-is-not-term.json"),
        include_str!("zab-round-is-not-term.txt"),
    ),
];
