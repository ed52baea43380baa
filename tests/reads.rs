//! Client reads, sessions and the linearizability invariant (thesis ch. 6):
//! ReadIndex (§6.4), leases (§6.4.1), local reads, client sessions (§6.3),
//! clock drift, and the three read teaching bugs — each caught by the live
//! check, in a hand-built run and by the fuzzer.

use raft_lab::sim::client::{OpStatus, ReadMode};
use raft_lab::sim::config::{ClusterConfig, Settings, MS};
use raft_lab::sim::fuzz::fuzz_scenario;
use raft_lab::sim::runner::{run, RunOptions};
use raft_lab::sim::world::{Action, Setup, World};
use raft_lab::sim::Invariant;

fn world(bugs: &[&str], check_quorum: bool) -> World {
    let mut cluster = ClusterConfig {
        clients: 3,
        ..ClusterConfig::default()
    };
    cluster.options.check_quorum = check_quorum;
    for b in bugs {
        assert!(cluster.options.bugs.set(b, true), "unknown bug {b}");
    }
    World::new(&Setup {
        seed: 2,
        cluster,
        init: vec![],
    })
    .unwrap()
}

fn act(w: &mut World, a: Action) {
    w.act(&a).unwrap();
}

fn write(w: &mut World, value: &str, client: u8) {
    let value = value.into();
    act(
        w,
        Action::Write {
            value,
            to: None,
            client,
        },
    );
}

fn read(w: &mut World, key: &str, to: Option<u8>, mode: ReadMode) -> usize {
    let key = key.into();
    act(
        w,
        Action::Read {
            key,
            to,
            mode,
            client: 2,
        },
    );
    w.ops().len() - 1
}

/// A leader elected (S2 with seed 2) and x=1 acknowledged.
fn settled(bugs: &[&str], check_quorum: bool) -> World {
    let mut w = world(bugs, check_quorum);
    w.advance_to(300 * MS);
    assert_eq!(w.leader(), Some(2));
    write(&mut w, "x=1", 1);
    w.advance_to(500 * MS);
    assert_eq!(w.ops()[0].status, OpStatus::Ok);
    w
}

fn linearizability_broken(w: &World) -> bool {
    !w.checker().holds(Invariant::Linearizability) && w.unorderable().is_some()
}

/// §6.4: a ReadIndex read waits for a heartbeat round, then answers with what
/// the leader's state machine holds at the read index: the latest write.
#[test]
fn a_read_index_read_returns_the_latest_acknowledged_write_6_4() {
    let mut w = settled(&[], false);
    let r = read(&mut w, "x", None, ReadMode::ReadIndex);
    assert_eq!(w.ops()[r].status, OpStatus::Pending, "a round trip first");
    w.advance_to(600 * MS);
    let op = &w.ops()[r];
    assert_eq!((op.status, op.result.as_deref()), (OpStatus::Ok, Some("1")));
    assert!(op.complete.unwrap() > op.invoke);
    assert_eq!(op.read_index, Some(2), "no-op and x=1");
    assert!(w.unorderable().is_none());
}

/// §6.4 step 2: a leader cut off from the others cannot confirm its
/// leadership, so its ReadIndex read is never answered — while a new leader
/// takes writes — and the history stays linearizable. With the teaching bug
/// `read-without-quorum-check` it answers at once, with a stale value, and the
/// live check says the history is not linearizable.
#[test]
fn a_deposed_leader_answers_a_stale_read_only_without_the_heartbeat_round_6_4() {
    for bug in [false, true] {
        let bugs: &[&str] = if bug {
            &["read-without-quorum-check"]
        } else {
            &[]
        };
        let mut w = settled(bugs, false);
        act(&mut w, Action::Isolate(2));
        w.advance_to(1_300 * MS);
        let new = w.leader_in_highest_term().expect("a new leader");
        assert_ne!(new, 2);
        write(&mut w, "x=2", 1);
        w.advance_to(1_500 * MS);
        let r = read(&mut w, "x", Some(2), ReadMode::ReadIndex);
        w.advance_to(1_700 * MS);
        let op = &w.ops()[r];
        if bug {
            assert_eq!((op.status, op.result.as_deref()), (OpStatus::Ok, Some("1")));
            assert!(linearizability_broken(&w));
            let (key, set) = w.unorderable().unwrap();
            assert_eq!(key, "x");
            assert!(
                set.contains(&(r as u32)) && set.contains(&1),
                "the read and x=2: {set:?}"
            );
        } else {
            assert_eq!(op.status, OpStatus::Pending, "no majority answers S2");
            assert!(!linearizability_broken(&w));
            // Healed, S2 hears the new term and steps down: the read's fate is unknown.
            act(&mut w, Action::HealAll);
            w.advance_to(2_500 * MS);
            assert_eq!(w.ops()[r].status, OpStatus::Unknown);
        }
    }
}

/// §6.4.1: within its lease a leader answers at once, without a round trip;
/// without CheckQuorum (which makes voters wait out a leader's lease, §4.2.3)
/// there is no lease and the read falls back to ReadIndex.
#[test]
fn a_lease_read_skips_the_round_trip_only_with_check_quorum_6_4_1() {
    for cq in [true, false] {
        let mut w = settled(&[], cq);
        assert_eq!(w.lease_left(2).is_some(), cq);
        let r = read(&mut w, "x", None, ReadMode::Lease);
        let op = &w.ops()[r];
        if cq {
            assert_eq!((op.status, op.complete), (OpStatus::Ok, Some(op.invoke)));
            assert_eq!(op.result.as_deref(), Some("1"));
        } else {
            assert_eq!(op.status, OpStatus::Pending);
            w.advance_to(700 * MS);
            assert_eq!(w.ops()[r].result.as_deref(), Some("1"));
        }
    }
}

/// §6.4.1: a lease assumes bounded clock drift. The old leader's clock runs
/// at 0.8×, the others' at 1.2× (a ratio of 1.5, the bound the lease is cut
/// to): the correct lease has expired before anyone else can be elected, so
/// the old leader falls back to ReadIndex and never answers. With
/// `lease-without-drift-bound` it trusts a whole election timeout of its slow
/// clock and answers a stale value after the new leader committed x=2.
#[test]
fn a_lease_without_the_drift_bound_outlives_the_leader_6_4_1() {
    for bug in [false, true] {
        let bugs: &[&str] = if bug {
            &["lease-without-drift-bound"]
        } else {
            &[]
        };
        let mut cluster = ClusterConfig {
            latency: (MS, 5 * MS),
            clients: 3,
            ..ClusterConfig::default()
        };
        cluster.options.check_quorum = true;
        for b in bugs {
            cluster.options.bugs.set(b, true);
        }
        let mut w = World::new(&Setup {
            seed: 2,
            cluster,
            init: vec![],
        })
        .unwrap();
        w.advance_to(300 * MS);
        assert_eq!(w.leader(), Some(2));
        let drift = vec![(1, 1_200), (2, 800), (3, 1_200), (4, 1_200), (5, 1_200)];
        act(
            &mut w,
            Action::Set(Settings {
                drift: Some(drift),
                ..Settings::default()
            }),
        );
        write(&mut w, "x=1", 1);
        w.advance_to(600 * MS);
        act(&mut w, Action::Isolate(2));
        w.advance_to(726 * MS);
        assert_ne!(w.leader_in_highest_term(), Some(2), "elected within 126 ms");
        write(&mut w, "x=2", 1);
        w.advance_to(736 * MS);
        assert_eq!(w.ops()[1].status, OpStatus::Ok);
        let r = read(&mut w, "x", Some(2), ReadMode::Lease);
        assert_eq!(w.lease_left(2).is_some(), bug, "the correct lease is over");
        assert_eq!(w.ops()[r].result.as_deref(), bug.then_some("1"));
        assert_eq!(linearizability_broken(&w), bug);
    }
}

/// A local read answers from the server's own state machine: a follower cut
/// off before x=2 answers x=1, which no linearizable history explains.
#[test]
fn a_local_read_on_a_lagging_follower_is_stale() {
    let mut w = settled(&[], false);
    act(&mut w, Action::Isolate(4));
    write(&mut w, "x=2", 1);
    w.advance_to(800 * MS);
    let r = read(&mut w, "x", Some(4), ReadMode::Local);
    let op = &w.ops()[r];
    assert_eq!((op.status, op.result.as_deref()), (OpStatus::Ok, Some("1")));
    assert!(linearizability_broken(&w));
    // A fresh local read on the leader is fine, but once broken, the history stays so.
    let r = read(&mut w, "x", None, ReadMode::Local);
    assert_eq!(w.ops()[r].result.as_deref(), Some("2"));
    assert!(linearizability_broken(&w));
}

/// §6.3: the leader crashes after its append is committed but before it
/// answers; the client retries with the same session number. The state
/// machine applies it once (the session table remembers it, on every server
/// and through a snapshot); with `no-client-dedup` twice, and a read of the
/// key shows it — not linearizable.
#[test]
fn a_retried_append_is_applied_once_with_client_sessions_6_3() {
    for bug in [false, true] {
        let bugs: &[&str] = if bug { &["no-client-dedup"] } else { &[] };
        let mut w = settled(bugs, false);
        write(&mut w, "log+=a", 3);
        let op = w.ops().len() - 1;
        // Committed on the followers once they hear the next commit index; the
        // leader dies before anyone answers the client.
        w.advance_to(w.now() + 12 * MS);
        act(&mut w, Action::Crash(2));
        assert_eq!(w.ops()[op].status, OpStatus::Unknown);
        w.advance_to(1_200 * MS);
        assert!(w.leader_in_highest_term().is_some());
        let l = w.leader_in_highest_term().unwrap();
        act(&mut w, Action::Snapshot(l));
        act(&mut w, Action::Retry { client: 3 });
        w.advance_to(1_400 * MS);
        assert_eq!(w.ops()[op].status, OpStatus::Ok, "the retry is answered");
        let r = read(&mut w, "log", None, ReadMode::ReadIndex);
        w.advance_to(1_600 * MS);
        let want = if bug { "aa" } else { "a" };
        assert_eq!(w.ops()[r].result.as_deref(), Some(want));
        assert_eq!(linearizability_broken(&w), bug);
    }
}

/// A server's clock rate scales its timers: at 2× its election timer fires
/// after half the world time, and its own clock reads twice as far.
#[test]
fn a_fast_clock_fires_its_timers_early() {
    let mut w = world(&[], false);
    act(
        &mut w,
        Action::Set(Settings {
            drift: Some(vec![(3, 2_000)]),
            ..Settings::default()
        }),
    );
    w.advance_to(100 * MS);
    assert_eq!(w.local_time(3), 200 * MS);
    assert_eq!(w.local_time(1), 100 * MS);
    // Once it follows a leader, its election timer (150–300 ms of its own
    // clock) is reset on every heartbeat: 75–150 ms of world time.
    w.advance_to(400 * MS);
    let (set, fires) = w.server(3).election.armed.unwrap();
    assert!(
        (75 * MS..=150 * MS).contains(&(fires - set)),
        "{}",
        fires - set
    );
}

fn fuzz_failures(bug: Option<&str>, runs: u64) -> u64 {
    let mut bugs = raft_lab::raft::Bugs::default();
    if let Some(b) = bug {
        bugs.set(b, true);
    }
    (1..=runs)
        .filter(|&seed| {
            let scn = fuzz_scenario(seed, 10_000 * MS, bugs);
            let out = run(&scn, RunOptions::default(), |_| {}).unwrap();
            out.counts.of(Invariant::Linearizability) > 0
        })
        .count() as u64
}

/// Fuzz runs with clients reading in the safe modes (ReadIndex, leases with
/// drift inside the bound) under faults find no history that is not
/// linearizable; each read teaching bug is found.
#[test]
fn fuzzing_finds_no_stale_read_and_each_read_bug() {
    assert_eq!(fuzz_failures(None, 300), 0);
    for bug in [
        "no-client-dedup",
        "read-without-quorum-check",
        "lease-without-drift-bound",
    ] {
        assert!(
            fuzz_failures(Some(bug), 300) > 0,
            "{bug} not caught in 300 runs"
        );
    }
}
