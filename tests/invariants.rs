//! The invariant checker (src/sim/invariants.rs) on purpose-built breakages: each
//! property fires, and fires at the moment the harm is done (Figure 3 of the
//! paper, plus "no acknowledged write lost").

use raft_lab::raft::{Entry, Input, Log, Node, Persistent, Role};
use raft_lab::sim::config::{ClusterConfig, MS};
use raft_lab::sim::invariants::{Before, Checker};
use raft_lab::sim::world::{node_config, Action, Setup, World};
use raft_lab::sim::{Invariant, Violation};

fn world(nodes: u8, bugs: &[&str]) -> World {
    let mut cluster = ClusterConfig {
        nodes,
        max_nodes: nodes,
        ..ClusterConfig::default()
    };
    for b in bugs {
        assert!(cluster.options.bugs.set(b, true), "unknown bug {b}");
    }
    World::new(&Setup {
        seed: 7,
        cluster,
        init: vec![],
    })
    .unwrap()
}

fn first(w: &World, inv: Invariant) -> Option<Violation> {
    w.checker()
        .violations()
        .iter()
        .find(|v| v.invariant == inv)
        .cloned()
}

fn act(w: &mut World, a: Action) {
    w.act(&a).unwrap();
}

/// "No acknowledged write lost" fires when a leader of a later term is elected
/// without the write — the moment the loss becomes certain — not later, when some
/// server applies a different entry at its index. The leader gets elected without
/// it through `vote-without-log-check` (§5.4.1's up-to-date check switched off).
#[test]
fn no_lost_ack_fires_when_a_leader_is_elected_without_the_write() {
    let mut w = world(3, &["vote-without-log-check"]);
    act(&mut w, Action::Timeout(1));
    w.advance_to(200 * MS);
    assert_eq!(w.leader(), Some(1));
    // S3 misses the write; S1 and S2 commit it, and S1 acknowledges it.
    act(&mut w, Action::Isolate(3));
    act(
        &mut w,
        Action::Write {
            value: "x=1".into(),
            to: None,
        },
    );
    w.advance_to(400 * MS);
    assert_eq!(
        w.writes()[0].status,
        raft_lab::sim::WriteStatus::Acked,
        "the write is acknowledged"
    );
    assert!(first(&w, Invariant::NoLostAck).is_none());
    // S1 crashes; S3 comes back and, with the bug, wins S2's vote anyway.
    act(&mut w, Action::Crash(1));
    act(&mut w, Action::HealAll);
    act(&mut w, Action::Timeout(3));
    let mut elected_at = None;
    while w.now() < 2_000 * MS && elected_at.is_none() {
        w.step();
        if w.server(3).node.role() == Role::Leader {
            elected_at = Some(w.now());
        }
    }
    let elected_at = elected_at.expect("S3 is elected without the write");
    let v = first(&w, Invariant::NoLostAck).expect("no-lost-ack fires");
    assert_eq!(v.t, elected_at, "it fires at the election: {v:?}");
    assert_eq!(v.nodes, vec![3]);
    assert!(v.detail.contains("without the acknowledged write at index"));
    // Nobody has applied a different entry yet: the old check would be silent.
    assert!(first(&w, Invariant::StateMachineSafety).is_none());
}

/// "No acknowledged write lost" fires when an acknowledged entry leaves a log in
/// which it was committed, even if nobody is elected or applies anything after.
/// Staged on the checker directly (only a broken core would do this): a server
/// that had committed index 2 shows up with another entry there.
#[test]
fn no_lost_ack_fires_when_a_committed_acknowledged_entry_leaves_a_log() {
    let mut committed = one_server_leader(&[1, 1]);
    assert_eq!(
        committed.commit_index(),
        3,
        "a one-server cluster commits at once"
    );
    let mut checker = Checker::new(1);
    let empty = Node::new(committed.config().clone(), Persistent::default());
    checker.after(0, &mut committed, Before::of(&empty), None, &[]);
    let acked = committed.log().get(2).unwrap().clone();
    checker.acknowledged(2, &acked, committed.current_term());
    assert_eq!(checker.counts().total(), 0);
    // The same server, index 2 now holding an entry of another term.
    let mut lost = Node::new(
        committed.config().clone(),
        Persistent {
            current_term: 3,
            voted_for: None,
            log: log(&[1, 3]),
            snapshot: None,
        },
    );
    checker.after(2 * MS, &mut lost, Before::of(&committed), None, &[]);
    let v = &checker.violations()[0];
    assert_eq!(v.invariant, Invariant::NoLostAck);
    assert_eq!(v.t, 2 * MS);
    assert!(
        v.detail
            .contains("removed the acknowledged write at index 2"),
        "{v:?}"
    );
}

fn log(terms: &[u64]) -> Log {
    Log::from_entries(terms.iter().map(|&t| Entry::noop(t)).collect())
}

/// A one-server cluster's leader of term 2, elected with this log of term 1
/// (plus its no-op, §8).
fn one_server_leader(terms: &[u64]) -> Node {
    let cfg = ClusterConfig {
        nodes: 1,
        max_nodes: 1,
        ..ClusterConfig::default()
    };
    let mut n = Node::new(
        node_config(&cfg, 1),
        Persistent {
            current_term: 1,
            voted_for: None,
            log: log(terms),
            snapshot: None,
        },
    );
    n.start();
    n.handle(0, Input::ElectionTimeout);
    assert_eq!(n.role(), Role::Leader, "a one-server cluster elects itself");
    n
}

/// Leader Append-Only (Figure 3) fires when a leader's log loses entries within
/// its term. No switch of the core breaks it, so the breakage is staged on the
/// checker: the same leader, same term, first with four entries, then with two.
#[test]
fn leader_append_only_fires_when_a_leader_loses_entries() {
    let long = one_server_leader(&[1, 1, 1]);
    let mut short = one_server_leader(&[1]);
    assert_eq!(long.current_term(), short.current_term());
    let mut checker = Checker::new(1);
    checker.after(0, &mut short, Before::of(&long), None, &[]);
    let v = &checker.violations()[0];
    assert_eq!(v.invariant, Invariant::LeaderAppendOnly);
    assert_eq!(v.nodes, vec![1]);
    // And a leader that only appends does not trip it.
    let mut grown = long.clone();
    grown.propose("k=v".into(), 0).unwrap();
    let mut quiet = Checker::new(1);
    quiet.after(0, &mut grown, Before::of(&long), None, &[]);
    assert_eq!(quiet.counts().of(Invariant::LeaderAppendOnly), 0);
}
