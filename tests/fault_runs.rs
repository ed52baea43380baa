//! Randomized fault runs (§5, Figure 3): many seeds of crashes, restarts,
//! partitions, one-way cuts, loss, forced timeouts, dropped messages and writes.
//! No invariant may ever be violated, and after healing the cluster must converge
//! to one leader and identical, fully committed logs holding every acknowledged
//! write exactly once (the `converged` expectation).
//!
//! The count here is bounded to keep `cargo test` quick; `raftlab fuzz --runs
//! 10000 --duration-ms 10000` runs the same generator at scale.

use raft_lab::raft::Bugs;
use raft_lab::sim::fuzz::{fuzz_scenario, random_scenario};
use raft_lab::sim::runner::{run, RunOptions};
use raft_lab::sim::Invariant;

fn fuzz(seeds: std::ops::Range<u64>, duration_ms: u64, bug: Option<&str>) -> Vec<(u64, String)> {
    let mut failures = vec![];
    for seed in seeds {
        let mut scn = random_scenario(seed, duration_ms * 1000);
        if let Some(b) = bug {
            scn.setup.cluster.options.bugs.set(b, true);
        }
        let mut last = String::new();
        let out = run(&scn, RunOptions::default(), |l| last = l.to_string()).unwrap();
        if !out.ok {
            failures.push((seed, last.chars().take(400).collect()));
        }
    }
    failures
}

#[test]
fn random_faults_never_break_safety_and_the_cluster_converges() {
    let failures = fuzz(1..2001, 10_000, None);
    assert!(
        failures.is_empty(),
        "failing seeds (replay with raftlab fuzz --seed N --runs 1): {failures:?}"
    );
}

#[test]
fn long_random_runs_stay_safe() {
    let failures = fuzz(1_000..1_010, 120_000, None);
    assert!(failures.is_empty(), "{failures:?}");
}

/// The same generator finds a teaching bug quickly: the checker is not blind.
#[test]
fn random_faults_expose_vote_without_log_check() {
    let failures = fuzz(1..101, 10_000, Some("vote-without-log-check"));
    assert!(
        failures.len() >= 10,
        "only {} of 100 runs caught the bug",
        failures.len()
    );
}

/// A seed of the default generator that catches `bug` as `want`, while the same
/// schedule without the bug is safe and converges.
fn caught_by_seed(seed: u64, bug: &str, want: Invariant) {
    let mut scn = random_scenario(seed, 10_000 * 1000);
    let safe = run(&scn, RunOptions::default(), |_| {}).unwrap();
    assert!(safe.ok, "seed {seed}: without the bug the schedule is safe");
    scn.setup.cluster.options.bugs.set(bug, true);
    let out = run(&scn, RunOptions::default(), |_| {}).unwrap();
    assert!(!out.ok, "seed {seed} no longer catches {bug}");
    assert!(out.counts.of(want) > 0, "{bug}: {:?}", out.counts);
}

/// Figure 2 makes votedFor persistent. The generator's "crash during a split
/// vote" fault finds the teaching bug that forgets it on restart: about 1 run in
/// 400 ends with two leaders in one term (§5.2, Election Safety).
#[test]
fn a_crash_during_a_split_vote_exposes_forget_vote_on_restart() {
    caught_by_seed(68, "forget-vote-on-restart", Invariant::ElectionSafety);
}

/// §5.4.2 and Figure 8: a leader may not commit an entry of an earlier term by
/// counting replicas. The generator's leader churn (a leader struck just after a
/// write, its entry left on a minority; three servers, no leader no-op) finds the
/// teaching bug that does: about 1 run in 1 000 to 3 000, a server applies an entry that a
/// later leader overwrites (State Machine Safety).
#[test]
fn leader_churn_exposes_commit_old_term_by_count() {
    caught_by_seed(
        158,
        "commit-old-term-by-count",
        Invariant::StateMachineSafety,
    );
    caught_by_seed(
        3406,
        "commit-old-term-by-count",
        Invariant::StateMachineSafety,
    );
}

/// Thesis §4.1 and paper §6: adding two voters in one step, without joint
/// consensus, lets C_old and C_new form disjoint majorities. The generator's
/// cluster-shape runs (spares, voter changes with a partition while they are
/// under way) find the teaching bug `add-two-at-once`: in about 7 of 2 000 runs
/// a committed entry is lost (Leader Completeness, State Machine Safety).
#[test]
fn membership_changes_expose_add_two_at_once() {
    shape_run_catches("add-two-at-once", 36);
}

/// The single-server change bug found in 2015 (thesis §4.1): a new leader
/// appends a configuration before committing an entry of its term. The shape
/// runs (a leader cut off while its configuration entry is uncommitted, the
/// next leader removing a server at once) find the teaching bug
/// `config-before-noop`: in about 1 of 2 000 runs, two leaders of one term and a
/// committed entry lost.
#[test]
fn membership_changes_expose_config_before_noop() {
    shape_run_catches("config-before-noop", 223);
}

/// Like `caught_by_seed`, for the cluster-shape runs, whose faults are aimed at
/// the world the bug makes: the run of `seed` breaks a property with `bug` on,
/// and none without it.
fn shape_run_catches(bug: &str, seed: u64) {
    let mut bugs = Bugs::default();
    bugs.set(bug, true);
    let scn = fuzz_scenario(seed, 10_000 * 1000, bugs);
    let out = run(&scn, RunOptions::default(), |_| {}).unwrap();
    assert!(
        out.counts.total() > 0,
        "seed {seed} no longer catches {bug}"
    );
    let mut safe = scn.clone();
    safe.setup.cluster.options.bugs = Bugs::default();
    let out = run(&safe, RunOptions::default(), |_| {}).unwrap();
    assert_eq!(
        out.counts.total(),
        0,
        "without the bug the schedule is safe"
    );
}
