//! Time travel: seeking restores exactly the state a straight run reaches, acting
//! in the past forks, and memory stays bounded in long sessions.

use raft_lab::sim::history::{History, Stop, MAX_CHECKPOINTS};
use raft_lab::sim::runner::snapshot;
use raft_lab::sim::scenario::parse;
use raft_lab::sim::{Action, Setup, MS};

fn busy_history(minutes: u64) -> History {
    let mut h = History::new(Setup::default(), vec![]).unwrap();
    let mut t = 0;
    let mut i = 0;
    while t < minutes * 60_000 * MS {
        t += 700 * MS;
        h.advance_to(t, false);
        i += 1;
        let action = match i % 50 {
            10 => Action::Crash((i % 5 + 1) as u8),
            20 => Action::RestartAll,
            30 => Action::Partition(vec![vec![1, 2], vec![3, 4, 5]]),
            40 => Action::HealAll,
            _ => Action::Write {
                value: format!("k{}={i}", i % 7),
                to: None,
                client: 1,
            },
        };
        h.act(action).unwrap();
    }
    h
}

#[test]
fn seeking_back_shows_exactly_the_earlier_state() {
    let mut h = busy_history(2);
    let head = h.head();
    let probes = [
        0,
        1,
        333 * MS,
        10_000 * MS,
        61_234 * MS,
        head / 2,
        head - 1,
        head,
    ];
    for &t in &probes {
        h.seek(t);
        let seen = snapshot(h.world()).to_string();
        // A second timeline that never travelled: replay the same steps.
        let mut fresh = History::new(Setup::default(), h.steps().to_vec()).unwrap();
        fresh.advance_to(t, false);
        assert_eq!(
            seen,
            snapshot(fresh.world()).to_string(),
            "state at t={t} differs"
        );
    }
    // Forward again to the present.
    h.seek(head);
    assert!(h.at_head());
}

#[test]
fn acting_in_the_past_forks_and_drops_the_old_future() {
    let mut h = busy_history(1);
    let head = h.head();
    let steps_before = h.steps().len();
    h.seek(head / 2);
    h.act(Action::Crash(1)).unwrap();
    assert_eq!(h.head(), head / 2, "the old future is gone");
    assert!(h.steps().len() < steps_before);
    assert!(h.marks().iter().all(|m| m.t <= head / 2));
    assert!(h.forked());
    h.advance_to(head / 2 + 5_000 * MS, false);
    assert!(!h.world().server(1).alive);
}

#[test]
fn a_bad_action_changes_nothing() {
    let mut h = busy_history(1);
    h.seek(h.head() / 2);
    let steps = h.steps().len();
    assert!(h.act(Action::Crash(9)).is_err());
    assert_eq!(h.steps().len(), steps, "no fork on a rejected action");
}

#[test]
fn scenario_pauses_stop_playback_and_captions_follow_time() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/static/scenarios/first-election.json"
    ))
    .unwrap();
    let s = parse(&text).unwrap();
    let mut h = History::from_scenario(&s).unwrap();
    assert_eq!(h.advance_to(10_000 * MS, true), Stop::Pause(0));
    assert!(h.caption().is_some());
    let first = h.caption().unwrap().get("en").to_string();
    assert_eq!(h.advance_to(10_000 * MS, true), Stop::Pause(160 * MS));
    assert_ne!(h.caption().unwrap().get("en"), first);
    h.seek(0);
    assert_eq!(
        h.caption().unwrap().get("en"),
        first,
        "seeking back rewinds the caption"
    );
}

/// DESIGN.md: memory stays bounded in long sessions. A busy hour keeps at most
/// MAX_CHECKPOINTS checkpoints, within the budget.
#[test]
fn an_hour_long_session_keeps_history_bounded() {
    let h = busy_history(60);
    let (n, bytes) = h.checkpoint_stats();
    assert!(n <= MAX_CHECKPOINTS, "{n} checkpoints");
    assert!(
        bytes <= raft_lab::sim::history::CHECKPOINT_BUDGET,
        "{bytes} bytes"
    );
    assert!(h.marks().len() <= raft_lab::sim::history::MAX_MARKS);
    // And a seek anywhere still works.
    let mut h = h;
    let target = h.head() / 3;
    h.seek(target);
    assert_eq!(h.world().now(), target);
}
