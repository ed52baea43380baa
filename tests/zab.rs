//! ZooKeeper's ZAB in the world (DESIGN.md, "Second protocol"): its invariants
//! hold under random faults and catch each teaching bug; links are FIFO and a cut
//! or a crash closes connections (ZooKeeper rides TCP: `QuorumCnxManager`,
//! `Learner`); the side-by-side scenarios say true things about both protocols;
//! the snapshot JSON has the fields DESIGN.md names; bad input is refused.

use raft_lab::sim::history::Timeline;
use raft_lab::sim::invariants::Invariant;
use raft_lab::sim::json::Json;
use raft_lab::sim::runner::{run, RunOptions};
use raft_lab::sim::scenario::{parse, Scenario};
use raft_lab::sim::world::{Action, Setup};
use raft_lab::sim::zab_fuzz::zab_fuzz_scenario;
use raft_lab::sim::zab_world::ZabWorld;
use raft_lab::sim::{ClusterConfig, Protocol, MS};
use raft_lab::zab::{Bugs, Role};

fn zab_setup(seed: u64) -> Setup {
    Setup {
        seed,
        cluster: ClusterConfig {
            protocol: Protocol::Zab,
            ..ClusterConfig::default()
        },
        init: vec![],
    }
}

fn outcome(scn: &Scenario) -> (raft_lab::sim::runner::Outcome, Vec<Json>) {
    let mut lines = vec![];
    let out = run(scn, RunOptions::default(), |l| lines.push(l)).expect("runs");
    (out, lines)
}

/// DSN 2011 §III (primary order, integrity) and "no acknowledged write lost",
/// over random crash/cut/partition/loss schedules, then healing: nothing breaks
/// and every run converges (one established leader, the same history everywhere).
#[test]
fn random_fault_runs_find_no_violation_and_always_converge() {
    let runs = std::env::var("ZAB_FUZZ_RUNS").map_or(300, |s| s.parse().unwrap());
    for seed in 1..=runs {
        let scn = zab_fuzz_scenario(seed, 10_000 * MS, Bugs::default());
        let (out, lines) = outcome(&scn);
        assert!(
            out.ok,
            "seed {seed}: violations {:?}, last line {}",
            out.violations,
            lines.last().map(|l| l.to_string()).unwrap_or_default()
        );
    }
}

fn caught(bugs: Bugs, inv: Invariant) -> bool {
    (1..=400).any(|seed| {
        let (out, _) = outcome(&zab_fuzz_scenario(seed, 10_000 * MS, bugs));
        out.counts.of(inv) > 0
    })
}

/// FastLeaderElection.totalOrderPredicate compares the zxid: without it a server
/// missing committed transactions can lead and truncate them.
#[test]
fn the_fuzzer_catches_elect_without_zxid() {
    let bugs = Bugs {
        elect_without_zxid: true,
        ..Bugs::default()
    };
    assert!(caught(bugs, Invariant::NoLostAck) || caught(bugs, Invariant::PrimaryOrder));
}

/// LearnerHandler.syncFollower sends TRUNC for a follower ahead of the leader's
/// committed history: ignoring it leaves a stale transaction in primary order.
#[test]
fn the_fuzzer_catches_skip_truncate() {
    let bugs = Bugs {
        skip_truncate: true,
        ..Bugs::default()
    };
    assert!(caught(bugs, Invariant::PrimaryOrder));
}

/// ZooKeeper assumes TCP: on every link, messages arrive in the order sent, even
/// with latencies drawn from 1 to 300 ms.
#[test]
fn links_are_fifo_under_wide_latency() {
    let mut setup = zab_setup(7);
    setup.cluster.latency = (MS, 300 * MS);
    let mut w = ZabWorld::new(&setup).unwrap();
    let mut checked = 0;
    for step in 0..2_000 {
        if step % 200 == 100 {
            w.act(&Action::Write {
                value: format!("k={step}"),
                to: None,
                client: 1,
            })
            .unwrap();
        }
        let flights: Vec<_> = w.in_flight().cloned().collect();
        for a in &flights {
            for b in &flights {
                if (a.msg.from, a.msg.to) == (b.msg.from, b.msg.to) && a.id < b.id {
                    assert!(
                        a.arrives <= b.arrives,
                        "{a:?} sent before {b:?}, lands after"
                    );
                    checked += 1;
                }
            }
        }
        if !w.step() {
            break;
        }
    }
    assert!(
        checked > 100,
        "too few pairs of messages on one link: {checked}"
    );
}

/// A cut closes the connection: what was in flight on it never arrives; a crash
/// closes all of a server's connections (QuorumCnxManager, Learner).
#[test]
fn cuts_and_crashes_drop_what_is_in_flight() {
    let mut w = ZabWorld::new(&zab_setup(2)).unwrap();
    w.advance_to(5);
    assert!(w.in_flight().any(|f| f.msg.from == 1 && f.msg.to == 2));
    w.act(&Action::Cut {
        a: 1,
        b: 2,
        oneway: true,
    })
    .unwrap();
    assert!(!w.in_flight().any(|f| f.msg.from == 1 && f.msg.to == 2));
    assert!(w.in_flight().any(|f| f.msg.from == 2 && f.msg.to == 1));
    w.act(&Action::Crash(3)).unwrap();
    assert!(!w.in_flight().any(|f| f.msg.from == 3 || f.msg.to == 3));
}

/// With empty histories the vote order (epoch, zxid, id) picks the highest id,
/// whatever the seed: ZAB's first election is deterministic (Raft's is not).
#[test]
fn the_first_election_picks_the_highest_id_for_every_seed() {
    for seed in 1..=20 {
        let mut w = ZabWorld::new(&zab_setup(seed)).unwrap();
        w.advance_to(1_000 * MS);
        assert_eq!(w.leader(), Some(5), "seed {seed}");
        assert!(w.servers().iter().all(|s| s.node.current_epoch() == 1));
        assert!(w
            .servers()
            .iter()
            .filter(|s| s.node.id() != 5)
            .all(|s| s.node.role() == Role::Following));
    }
}

fn shipped(name: &str) -> Scenario {
    let path = format!(
        "{}/static/scenarios/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const SIDE_BY_SIDE: [&str; 5] = [
    "zab-first-election",
    "zab-leader-crash",
    "zab-old-epoch-commit",
    "zab-partition",
    "zab-round-is-not-term",
];

/// A side-by-side scenario's expectations hold for each protocol (the page runs
/// the same steps on both clusters); each checks both.
#[test]
fn side_by_side_scenarios_hold_for_both_protocols() {
    for name in SIDE_BY_SIDE {
        let scn = shipped(name);
        assert_eq!(scn.setup.cluster.protocol, Protocol::Zab, "{name}");
        for p in [Protocol::Zab, Protocol::Raft] {
            let mut s = scn.clone();
            s.setup.cluster.protocol = p;
            let (out, lines) = outcome(&s);
            assert!(
                out.ok && out.passed >= 1 && out.failed == 0,
                "{name} under {}: {:?}",
                p.name(),
                lines
                    .iter()
                    .filter(|l| l.get("ok") == Some(&Json::Bool(false)))
                    .collect::<Vec<_>>()
            );
        }
    }
}

/// Figure 8 against ZAB's synchronization: at the same moment the new leader
/// holds the same old entry; ZAB has committed it (NEWLEADER quorum), Raft has not.
#[test]
fn an_old_entry_commits_in_zab_at_synchronization_and_in_raft_only_later() {
    let scn = shipped("zab-old-epoch-commit");
    let at = 3_000 * MS;
    let mut zab: Timeline<ZabWorld> = Timeline::from_scenario(&scn).unwrap();
    zab.advance_to(at, false);
    let n = &zab.world().server(4).node;
    assert_eq!(n.committed().to_string(), "1:2");
    let mut raft_scn = scn.clone();
    raft_scn.setup.cluster.protocol = Protocol::Raft;
    let mut raft = raft_lab::sim::history::History::from_scenario(&raft_scn).unwrap();
    raft.advance_to(at, false);
    let r = &raft.world().server(4).node;
    assert_eq!(r.log().last_index(), 2, "the old entry is there");
    assert_eq!(r.commit_index(), 1, "but not committed (§5.4.2)");
}

/// The teaching-bug scenario breaks what the bug breaks, and the same steps
/// without the bug (or on Raft) break nothing.
#[test]
fn the_bug_scenario_loses_an_acknowledged_write_only_with_the_bug() {
    let scn = shipped("zab-elect-without-zxid-bug");
    let (out, _) = outcome(&scn);
    assert!(out.ok && out.counts.of(Invariant::NoLostAck) > 0);
    let mut fixed = scn.clone();
    fixed.setup.cluster.zab_bugs = Bugs::default();
    fixed.expect_violation = None;
    fixed
        .steps
        .retain(|s| !matches!(&s.kind, raft_lab::sim::scenario::StepKind::Expect(_)));
    let (out, _) = outcome(&fixed);
    assert_eq!(out.counts.total(), 0, "{:?}", out.violations);
    fixed.setup.cluster.protocol = Protocol::Raft;
    let (out, _) = outcome(&fixed);
    assert_eq!(out.counts.total(), 0, "{:?}", out.violations);
}

/// DESIGN.md, "Second protocol": the snapshot of a ZAB node.
#[test]
fn the_snapshot_names_roles_epochs_rounds_votes_phases_and_zxids() {
    let scn = shipped("zab-leader-crash");
    let (_, lines) = outcome(&scn);
    let fin = lines.last().unwrap();
    let nodes = fin.get("nodes").and_then(Json::as_array).unwrap();
    for n in nodes {
        let role = n.get("role").and_then(Json::as_str).unwrap();
        assert!(["looking", "following", "leading", "observing"].contains(&role));
        for key in ["epoch", "accepted_epoch", "round", "term"] {
            assert!(n.get(key).and_then(Json::as_u64).is_some(), "{key}");
        }
        let vote = n.get("vote").unwrap();
        assert!(
            vote.get("leader").is_some()
                && vote.get("zxid").is_some()
                && vote.get("epoch").is_some()
        );
        let phase = n.get("phase").and_then(Json::as_str).unwrap();
        assert!(["election", "discovery", "synchronization", "broadcast"].contains(&phase));
    }
    let log = nodes[4].get("log").and_then(Json::as_array).unwrap();
    let zxids: Vec<&str> = log
        .iter()
        .map(|e| e.get("zxid").and_then(Json::as_str).unwrap())
        .collect();
    assert_eq!(zxids, ["1:1", "2:1"]);
    assert_eq!(
        log[1].get("term").and_then(Json::as_u64),
        Some(2),
        "term = the zxid's epoch"
    );
}

/// Scrubbing a ZAB timeline back shows exactly the earlier state.
#[test]
fn a_zab_timeline_seeks_back_exactly() {
    let scn = shipped("zab-partition");
    let mut h: Timeline<ZabWorld> = Timeline::from_scenario(&scn).unwrap();
    h.advance_to(2_000 * MS, false);
    let then = raft_lab::sim::zab_runner::snapshot(h.world()).to_string();
    h.advance_to(5_000 * MS, false);
    h.seek(2_000 * MS);
    assert_eq!(
        raft_lab::sim::zab_runner::snapshot(h.world()).to_string(),
        then
    );
}

/// Raft-only settings and actions get a clear refusal on a ZAB cluster.
#[test]
fn what_zab_does_not_have_is_refused_with_a_reason() {
    let base =
        r#"{"format":"raftlab-scenario/1","cluster":{"protocol":"zab"CLUSTER},"steps":[STEP]}"#;
    let make = |cluster: &str, step: &str| base.replace("CLUSTER", cluster).replace("STEP", step);
    let e = parse(&make(r#","bugs":["commit-old-term-by-count"]"#, "")).unwrap_err();
    assert!(e.contains("Raft's"), "{e}");
    let e = parse(&make("", "").replace("\"zab\"", "\"paxos\"")).unwrap_err();
    assert!(e.contains("\"raft\" or \"zab\""), "{e}");
    let scn = parse(&make("", r#"{"at_ms":500,"do":"add_server","node":2}"#)).unwrap();
    let (out, lines) = outcome(&scn);
    assert_eq!(out.failed, 1);
    assert!(lines[0]
        .get("error")
        .and_then(Json::as_str)
        .unwrap()
        .contains("Raft"));
    let raft_with_zab_bug =
        r#"{"format":"raftlab-scenario/1","cluster":{"bugs":["skip-truncate"]}}"#;
    assert!(parse(raft_with_zab_bug).unwrap_err().contains("ZAB's"));
}
