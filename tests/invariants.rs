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
            client: 1,
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
    assert!(v
        .detail
        .to_string()
        .contains("without the acknowledged write at index"));
    // The page says it in the reader's language.
    assert!(v.detail.text(raft_lab::text::Lang::Zh).contains("成为任期"));
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
            .to_string()
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

fn compacting_world(snapshot_every: u64) -> World {
    World::new(&Setup {
        seed: 11,
        cluster: ClusterConfig {
            nodes: 3,
            max_nodes: 3,
            snapshot_every,
            ..ClusterConfig::default()
        },
        init: vec![],
    })
    .unwrap()
}

fn write(w: &mut World, i: u32) {
    act(
        w,
        Action::Write {
            value: format!("k{}={i}", i % 2),
            to: None,
            client: 1,
        },
    );
}

/// Paper §7: a compacted entry is still held. Acknowledged writes compacted away
/// on every server do not count as lost when a new leader is elected (no-lost-ack,
/// Leader Completeness), and the checker's mirror of each log keeps them.
#[test]
fn compacted_entries_still_count_as_held_paper_7() {
    let mut w = compacting_world(2);
    w.advance_to(1_000 * MS);
    for i in 0..8 {
        write(&mut w, i);
        w.advance_to(w.now() + 100 * MS);
    }
    let l = w.leader().unwrap();
    assert!(w.server(l).node.log().snapshot_index() > 0, "compacted");
    assert!(w.writes().iter().all(|x| x.status.name() == "acked"));
    act(&mut w, Action::Crash(l));
    w.advance_to(w.now() + 2_000 * MS);
    let l2 = w.leader().unwrap();
    assert_ne!(l, l2);
    assert!(w.server(l2).node.log().snapshot_index() > 0);
    write(&mut w, 99);
    w.advance_to(w.now() + 1_000 * MS);
    assert_eq!(
        w.checker().counts().total(),
        0,
        "{:?}",
        w.checker().violations()
    );
}

/// Figure 13: a server that was cut off while the leader compacted is repaired
/// by InstallSnapshot; the checker fills the covered prefix from its own record
/// of committed entries, so Log Matching and Leader Completeness still hold for
/// it, even when it leads later.
#[test]
fn an_installed_snapshot_is_filled_from_the_committed_record_figure_13() {
    let mut w = compacting_world(3);
    w.advance_to(1_000 * MS);
    let l = w.leader().unwrap();
    let behind = if l == 3 { 2 } else { 3 };
    act(&mut w, Action::Isolate(behind));
    for i in 0..10 {
        write(&mut w, i);
        w.advance_to(w.now() + 100 * MS);
    }
    act(&mut w, Action::HealAll);
    w.advance_to(w.now() + 1_000 * MS);
    let installed = w.feed().items().any(|i| {
        matches!(i.event, raft_lab::sim::Event::Node(n, raft_lab::raft::Note::SnapshotInstalled { .. }) if n == behind)
    });
    assert!(installed, "S{behind} got a snapshot");
    assert!(w.server(behind).node.log().snapshot_index() > 0);
    // Now it leads: it holds every committed entry, compacted or not.
    act(&mut w, Action::Crash(l));
    act(&mut w, Action::Timeout(behind));
    w.advance_to(w.now() + 1_000 * MS);
    assert_eq!(w.leader(), Some(behind));
    assert_eq!(
        w.checker().counts().total(),
        0,
        "{:?}",
        w.checker().violations()
    );
}

/// Paper §6 and Figure 3: Election Safety is "at most one leader per term",
/// whatever configurations the two believe in. Two servers booted with
/// disjoint configurations (what `add-two-at-once` leads to) each elect
/// themselves in term 2: the checker fires.
#[test]
fn election_safety_holds_per_term_across_configurations_paper_6() {
    let cfg = ClusterConfig {
        nodes: 2,
        max_nodes: 2,
        ..ClusterConfig::default()
    };
    let mut checker = Checker::new(2);
    for id in [1, 2] {
        let mut config = node_config(&cfg, id);
        config.bootstrap = raft_lab::raft::Membership {
            voters: raft_lab::raft::bit(id),
            ..Default::default()
        };
        let fresh = Persistent {
            current_term: 1,
            ..Persistent::default()
        };
        let mut n = Node::new(config, fresh);
        n.start();
        let before = Before::of(&n);
        n.handle(0, Input::ElectionTimeout);
        assert_eq!((n.role(), n.current_term()), (Role::Leader, 2));
        checker.after(id as u64 * MS, &mut n, before, None, &[]);
    }
    let v = &checker.violations()[0];
    assert_eq!(v.invariant, Invariant::ElectionSafety);
    assert_eq!(v.nodes, vec![1, 2]);
}
