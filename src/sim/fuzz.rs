//! Random fault schedules: crashes, restarts, cuts (one-way too), partitions,
//! loss, forced timeouts, dropped messages and writes, followed by healing and an
//! expectation that the cluster converges. Each schedule is an ordinary scenario,
//! so a failing one can be saved and replayed with `raftlab run`.

use super::config::{ClusterConfig, Settings, MS};
use super::json::Json;
use super::rng::SimRng;
use super::scenario::{Expect, Scenario, Step, StepKind, Text};
use super::world::{Action, MessageFilter, Setup, TimerMode};
use crate::raft::{Kind, NodeId, Options, Time};
use rand::RngExt;

/// How long the healed cluster gets to converge. Generous: without fast
/// backtracking and with two entries per append, repairing a follower whose log
/// diverged 300 entries back takes the leader about 15 s of round trips (§5.3).
pub const SETTLE: Time = 30_000 * MS;

fn node(rng: &mut SimRng, n: u8) -> NodeId {
    rng.random_range(1..=n)
}

/// A random fault schedule of `duration`, then healing and a convergence check.
pub fn random_scenario(seed: u64, duration: Time) -> Scenario {
    let mut rng = SimRng::seed_from_u64(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x00f0_22ed);
    let n: u8 = if rng.random_bool(0.8) {
        5
    } else {
        rng.random_range(1..=7)
    };
    let options = Options {
        prevote: rng.random_bool(0.5),
        check_quorum: rng.random_bool(0.5),
        leader_noop: rng.random_bool(0.8),
        max_entries_per_append: [0, 2, 16][rng.random_range(0..3usize)],
        fast_backtrack: rng.random_bool(0.5),
        bugs: Default::default(),
    };
    let cluster = ClusterConfig {
        nodes: n,
        loss: if rng.random_bool(0.3) {
            rng.random_range(0.0..0.2)
        } else {
            0.0
        },
        options,
        ..ClusterConfig::default()
    };
    let mut steps = vec![];
    let mut t: Time = 0;
    let mut writes = 0;
    let mut extra = vec![];
    loop {
        t += rng.random_range(5 * MS..=300 * MS);
        if t >= duration {
            break;
        }
        let roll = rng.random_range(0..115u32);
        let action = match roll {
            0..=39 => {
                writes += 1;
                let key = rng.random_range(0..5u32);
                let to = rng.random_bool(0.2).then(|| node(&mut rng, n));
                Action::Write {
                    value: format!("k{key}={writes}"),
                    to,
                }
            }
            40..=49 => Action::Crash(node(&mut rng, n)),
            50..=59 => Action::Restart(node(&mut rng, n)),
            60..=69 if n > 1 => {
                let a = node(&mut rng, n);
                let b = (a % n) + 1;
                Action::Cut {
                    a,
                    b,
                    oneway: rng.random_bool(0.4),
                }
            }
            70..=75 if n > 1 => {
                let a = node(&mut rng, n);
                Action::Heal {
                    a,
                    b: (a % n) + 1,
                    oneway: rng.random_bool(0.3),
                }
            }
            76..=80 => {
                let mut groups = vec![vec![], vec![]];
                for id in 1..=n {
                    groups[rng.random_range(0..2usize)].push(id);
                }
                groups.retain(|g| !g.is_empty());
                Action::Partition(groups)
            }
            81..=83 => Action::Isolate(node(&mut rng, n)),
            84..=88 => Action::HealAll,
            89..=90 => Action::Set(Settings {
                loss: Some((rng.random_range(0..300u32) as f64) / 1000.0),
                ..Settings::default()
            }),
            91..=95 => Action::Timeout(node(&mut rng, n)),
            96..=99 => Action::Drop(MessageFilter {
                from: Some(node(&mut rng, n)),
                kind: rng.random_bool(0.5).then_some(Kind::AppendEntries),
                ..MessageFilter::default()
            }),
            // A server that crashes and is back within milliseconds: what it
            // persisted (term, vote, log) must be all it needs (§5.1, Figure 2).
            100..=104 => {
                let id = node(&mut rng, n);
                let back = t + rng.random_range(MS..=30 * MS);
                extra.push((back, Action::Restart(id)));
                Action::Crash(id)
            }
            // Two candidates at once, in the same term: split votes (§5.2); and
            // sometimes a third server crashes and returns while their vote
            // requests are in flight, having to remember whom it voted for.
            105..=107 if n > 1 => {
                let a = node(&mut rng, n);
                let b = (a % n) + 1;
                extra.push((t, Action::Timeout(b)));
                if n > 2 && rng.random_bool(0.5) {
                    let c = (b % n) + 1;
                    let down = t + rng.random_range(8 * MS..=20 * MS);
                    extra.push((down, Action::Crash(c)));
                    extra.push((down + rng.random_range(MS..=4 * MS), Action::Restart(c)));
                }
                Action::Timeout(a)
            }
            108 => Action::Timers(TimerMode::Align),
            // A server crashes just after a client write reached it: when it
            // leads, its new entry is on a minority only (Figure 8, (a)–(b)).
            _ => {
                writes += 1;
                let id = node(&mut rng, n);
                let down = t + rng.random_range(MS..=15 * MS);
                extra.push((down, Action::Crash(id)));
                extra.push((
                    down + rng.random_range(50 * MS..=500 * MS),
                    Action::Restart(id),
                ));
                Action::Write {
                    value: format!("k{}={writes}", rng.random_range(0..5u32)),
                    to: Some(id),
                }
            }
        };
        steps.push(Step {
            at: t,
            kind: StepKind::Act(action),
        });
    }
    // Restarts scheduled a little later land between the other steps.
    for (at, action) in extra {
        if at < duration {
            steps.push(Step {
                at,
                kind: StepKind::Act(action),
            });
        }
    }
    steps.sort_by_key(|s| s.at);
    for a in [
        Action::HealAll,
        Action::RestartAll,
        Action::Set(Settings {
            loss: Some(0.0),
            ..Settings::default()
        }),
    ] {
        steps.push(Step {
            at: duration,
            kind: StepKind::Act(a),
        });
    }
    // Without the leader's no-op, old-term entries commit only once an entry of the
    // new term does (§5.4.2, §8): one more write makes that happen.
    steps.push(Step {
        at: duration + SETTLE / 2,
        kind: StepKind::Act(Action::Write {
            value: "final=1".into(),
            to: None,
        }),
    });
    steps.push(Step {
        at: duration + SETTLE,
        kind: StepKind::Expect(Expect {
            converged: Some(true),
            raw: Json::obj([("do", Json::str("expect")), ("converged", Json::Bool(true))]),
            ..Expect::default()
        }),
    });
    Scenario {
        title: Text::Plain(format!("fuzz seed {seed}")),
        description: Text::Plain(
            "A random fault schedule generated by `raftlab fuzz`.".to_string(),
        ),
        setup: Setup {
            seed,
            cluster,
            init: vec![],
        },
        steps,
        expect_violation: None,
    }
}

/// The benchmark workload: `minutes` of a 5-server cluster with PreVote and
/// CheckQuorum, 10 client writes a second, a crash (and restart 30 s later) every
/// 3 minutes and a 2|3 partition (healed 20 s later) every 5 minutes.
pub fn benchmark_scenario(minutes: u64) -> Scenario {
    let end = minutes * 60_000 * MS;
    let mut steps = vec![];
    let mut t = 100 * MS;
    let mut i = 0u64;
    while t < end {
        steps.push(Step {
            at: t,
            kind: StepKind::Act(Action::Write {
                value: format!("k{}={i}", i % 100),
                to: None,
            }),
        });
        i += 1;
        t += 100 * MS;
    }
    let mut faults = vec![];
    let mut t = 0;
    while t + 180_000 * MS < end {
        t += 180_000 * MS;
        let n = ((t / (180_000 * MS)) % 5 + 1) as NodeId;
        faults.push((t, Action::Crash(n)));
        faults.push((t + 30_000 * MS, Action::Restart(n)));
    }
    let mut t = 0;
    while t + 300_000 * MS < end {
        t += 300_000 * MS + 7 * MS;
        faults.push((t, Action::Partition(vec![vec![1, 2], vec![3, 4, 5]])));
        faults.push((t + 20_000 * MS, Action::HealAll));
    }
    for (at, a) in faults {
        steps.push(Step {
            at,
            kind: StepKind::Act(a),
        });
    }
    steps.sort_by_key(|s| s.at);
    steps.push(Step {
        at: end,
        kind: StepKind::Expect(Expect {
            raw: Json::obj([("do", Json::str("expect"))]),
            ..Expect::default()
        }),
    });
    let options = Options {
        prevote: true,
        check_quorum: true,
        ..Options::default()
    };
    Scenario {
        title: Text::Plain(format!("benchmark: {minutes} minutes")),
        description: Text::Plain(
            "10 writes/s, a crash every 3 min, a partition every 5 min".into(),
        ),
        setup: Setup {
            seed: 42,
            cluster: ClusterConfig {
                options,
                ..ClusterConfig::default()
            },
            init: vec![],
        },
        steps,
        expect_violation: None,
    }
}
