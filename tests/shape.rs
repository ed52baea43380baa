//! Issue 9, the world's side: spare servers, membership changes, leadership
//! transfer and snapshots (thesis ch. 3.10, 4, 5; paper §6, §7) as the world
//! carries them out, shows them in `raftlab run`'s JSON and replays them.

use raft_lab::raft::{Change, ChangeRefusal, Role};
use raft_lab::sim::config::{ClusterConfig, MS};
use raft_lab::sim::feed::Request;
use raft_lab::sim::runner::{event_trace, run, RunOptions};
use raft_lab::sim::scenario::{Expect, Scenario, Step, StepKind};
use raft_lab::sim::{Action, Event, Member, Setup, World};

fn cluster(nodes: u8, max_nodes: u8, snapshot_every: u64) -> ClusterConfig {
    ClusterConfig {
        nodes,
        max_nodes,
        snapshot_every,
        ..ClusterConfig::default()
    }
}

fn scenario(c: ClusterConfig, steps: Vec<(u64, Action)>, end_ms: u64) -> Scenario {
    let mut steps: Vec<Step> = steps
        .into_iter()
        .map(|(ms, a)| Step {
            at: ms * MS,
            kind: StepKind::Act(a),
        })
        .collect();
    steps.push(Step {
        at: end_ms * MS,
        kind: StepKind::Expect(Expect {
            converged: Some(true),
            ..Expect::default()
        }),
    });
    Scenario {
        title: Default::default(),
        description: Default::default(),
        setup: Setup {
            seed: 3,
            cluster: c,
            init: vec![],
        },
        steps,
        expect_violation: None,
    }
}

fn writes(from_ms: u64, n: u64) -> Vec<(u64, Action)> {
    (0..n)
        .map(|i| {
            (
                from_ms + i * 50,
                Action::Write {
                    value: format!("k{}={i}", i % 3),
                    to: None,
                    client: 1,
                },
            )
        })
        .collect()
}

/// Thesis §4.2.1 and §7: a spare added as a voter catches up (by InstallSnapshot
/// when the leader has compacted) and the cluster converges; the run JSON shows
/// spares, configurations, snapshots and entry kinds.
#[test]
fn a_spare_joins_a_compacted_cluster_and_the_json_shows_it() {
    let mut steps = writes(1000, 20);
    steps.push((3000, Action::AddServer(4)));
    steps.extend(writes(5000, 5));
    let scn = scenario(cluster(3, 5, 4), steps, 8000);
    let mut last = None;
    let out = run(&scn, RunOptions::default(), |l| last = Some(l)).unwrap();
    let fin: serde_json::Value = serde_json::from_str(&last.unwrap().to_string()).unwrap();
    assert!(out.ok, "{fin}");
    let nodes = fin["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 5, "spares are nodes too");
    assert_eq!(nodes[4]["role"], "follower");
    assert_eq!(nodes[4]["alive"], true);
    assert_eq!(nodes[4]["config"]["voters"], serde_json::json!([]));
    for n in &nodes[..4] {
        assert_eq!(
            n["config"]["voters"],
            serde_json::json!([1, 2, 3, 4]),
            "{n}"
        );
        assert_eq!(n["config"]["old_voters"], serde_json::Value::Null);
        let snap = n["snapshot"]["index"].as_u64().unwrap();
        assert!(snap > 0, "compacted: {n}");
        let log = n["log"].as_array().unwrap();
        assert!(log.len() <= 4, "{n}");
        for (i, e) in log.iter().enumerate() {
            assert_eq!(e["index"].as_u64().unwrap(), snap + 1 + i as u64);
            assert!(["write", "noop", "config"].contains(&e["kind"].as_str().unwrap()));
        }
    }
}

/// Same seed, same actions, compaction on: the same trace (DESIGN.md, determinism).
#[test]
fn runs_with_compaction_and_membership_changes_are_deterministic() {
    let mut steps = writes(500, 30);
    steps.push((1200, Action::AddLearner(5)));
    steps.push((2000, Action::Snapshot(2)));
    steps.push((2500, Action::RemoveServer(1)));
    steps.push((4000, Action::Crash(3)));
    steps.push((4500, Action::Restart(3)));
    steps.push((5000, Action::Transfer(2)));
    let scn = scenario(cluster(3, 5, 3), steps, 9000);
    let a = event_trace(&scn, None).unwrap();
    let b = event_trace(&scn, None).unwrap();
    assert_eq!(a, b);
    assert!(a.contains("compacted log up to index"), "{a}");
}

/// Without a leader, or when the leader refuses, a change is a feed event with
/// its reason, not an error (thesis §4.1: one change at a time).
#[test]
fn refusals_are_feed_events() {
    let mut w = World::new(&Setup {
        seed: 1,
        cluster: cluster(3, 5, 0),
        init: vec![],
    })
    .unwrap();
    w.act(&Action::AddServer(4)).unwrap();
    let refused = |w: &World| {
        w.feed()
            .items()
            .filter_map(|i| match &i.event {
                Event::Refused { leader, reason, .. } => Some((*leader, *reason)),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(refused(&w), vec![(None, None)], "no leader yet");
    w.advance_to(2000 * MS);
    let l = w.leader().expect("a leader");
    w.act(&Action::Transfer(l)).unwrap();
    assert_eq!(
        refused(&w).last(),
        Some(&(Some(l), Some(ChangeRefusal::BadTarget)))
    );
    w.act(&Action::AddServer(4)).unwrap();
    let asked = w.feed().items().any(|i| {
        i.event
            == Event::Requested {
                leader: l,
                req: Request::Change(Change::AddVoter(4)),
            }
    });
    assert!(asked);
    assert!(w.act(&Action::AddServer(6)).is_err(), "S6 does not exist");
    assert!(w.act(&Action::Snapshot(0)).is_err());
    w.advance_to(6000 * MS);
    assert_eq!(w.member(4), Member::Voter);
    assert_eq!(w.member(5), Member::Spare);
    assert_eq!(w.server(5).node.role(), Role::Follower);
}

/// Paper §7: a snapshot survives a crash, and the restarted server rebuilds its
/// key-value map from it, then from the log.
#[test]
fn a_snapshot_survives_a_crash() {
    let mut steps = writes(500, 12);
    steps.push((2000, Action::Snapshot(2)));
    steps.push((2100, Action::Crash(2)));
    steps.push((2200, Action::Restart(2)));
    let scn = scenario(cluster(3, 3, 0), steps, 4000);
    let mut w = World::new(&scn.setup).unwrap();
    for s in &scn.steps {
        w.advance_to(s.at);
        if let StepKind::Act(a) = &s.kind {
            w.act(a).unwrap();
        }
        if s.at == 2100 * MS {
            assert!(w.server(2).node.snapshot().is_some_and(|x| x.index > 0));
        }
    }
    let s2 = w.server(2);
    assert!(s2.node.log().snapshot_index() > 0);
    assert_eq!(s2.kv.get("k0"), w.server(1).kv.get("k0"));
    assert_eq!(s2.kv.get("k2"), Some("11"));
}
