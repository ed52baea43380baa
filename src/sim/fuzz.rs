//! Random fault schedules: crashes, restarts, cuts (one-way too), partitions,
//! loss, forced timeouts, dropped, delayed and duplicated messages, wide and
//! heavy-tailed latency, and writes, followed by healing and an expectation that
//! the cluster converges. Each schedule is an ordinary scenario,
//! so a failing one can be saved and replayed with `raftlab run`.

use super::config::{ClusterConfig, Settings, MS};
use super::json::Json;
use super::rng::SimRng;
use super::scenario::{Expect, Scenario, Step, StepKind, Text};
use super::world::{Action, MessageFilter, Setup, TimerMode, World};
use crate::raft::{Kind, NodeId, Options, Time};
use rand::RngExt;

/// How long the healed cluster gets to converge. Generous: without fast
/// backtracking and with two entries per append, repairing a follower whose log
/// diverged 300 entries back takes the leader about 15 s of round trips (§5.3).
pub const SETTLE: Time = 30_000 * MS;

fn node(rng: &mut SimRng, n: u8) -> NodeId {
    rng.random_range(1..=n)
}

/// A latency range as real networks have them: mostly LAN-like, sometimes wide
/// enough that a message sent before an election arrives after it.
fn latency(rng: &mut SimRng) -> (Time, Time) {
    const RANGES: [(Time, Time); 5] = [(10, 20), (1, 5), (5, 100), (1, 300), (50, 600)];
    let (lo, hi) = RANGES[rng.random_range(0..RANGES.len())];
    (lo * MS, hi * MS)
}

/// A heavy-tailed extra delay (Pareto, shape 1.1, from 20 ms, capped at 10 s):
/// most are short, a few outlive several elections.
fn heavy_tail_ms(rng: &mut SimRng) -> u64 {
    let u: f64 = rng.random_range(0.0001..1.0);
    let ms = 20.0 / u.powf(1.0 / 1.1);
    (ms as u64).clamp(1, 10_000)
}

/// Messages of one sender, of any kind or of one kind.
fn some_messages(rng: &mut SimRng, n: u8) -> MessageFilter {
    const KINDS: [Option<Kind>; 4] = [
        None,
        Some(Kind::AppendEntries),
        Some(Kind::AppendEntriesResponse),
        Some(Kind::RequestVote),
    ];
    MessageFilter {
        from: Some(node(rng, n)),
        kind: KINDS[rng.random_range(0..KINDS.len())],
        ..MessageFilter::default()
    }
}

/// A random fault schedule of `duration`, then healing and a convergence check.
pub fn random_scenario(seed: u64, duration: Time) -> Scenario {
    let mut rng = SimRng::seed_from_u64(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x00f0_22ed);
    // Some runs are all leader churn under load, nothing else, on three
    // servers: the schedule of Figure 8, where a leader's entry survives on a
    // minority only and a later leader may or may not carry it.
    let churn = rng.random_bool(0.25);
    let n: u8 = if churn {
        3
    } else if rng.random_bool(0.8) {
        5
    } else {
        rng.random_range(1..=7)
    };
    let options = Options {
        prevote: rng.random_bool(0.5),
        check_quorum: rng.random_bool(0.5),
        leader_noop: rng.random_bool(0.5),
        max_entries_per_append: [0, 2, 16][rng.random_range(0..3usize)],
        fast_backtrack: rng.random_bool(0.5),
        joint_consensus: false, // TODO(sim): draw it once membership changes are fuzzed
        bugs: Default::default(),
    };
    let wide = rng.random_bool(0.3);
    let cluster = ClusterConfig {
        nodes: n,
        max_nodes: n,
        latency: if wide {
            latency(&mut rng)
        } else {
            (10 * MS, 20 * MS)
        },
        loss: if rng.random_bool(0.3) {
            rng.random_range(0.0..0.2)
        } else {
            0.0
        },
        options,
        ..ClusterConfig::default()
    };
    let setup = Setup {
        seed,
        cluster,
        init: vec![],
    };
    // The schedule is generated while the world runs it, so that a fault can aim
    // at whoever leads (as Jepsen's nemeses do); the run replays it exactly, since
    // the same seed and the same actions give the same world.
    let mut world = World::new(&setup).ok();
    let mut steps = vec![];
    let mut t: Time = 0;
    let mut writes = 0;
    let mut extra: Vec<(Time, Action)> = vec![];
    let mut done = 0; // extras already carried out by `world`, in time order
    let mut last_leader = None;
    loop {
        t += rng.random_range(5 * MS..=300 * MS);
        if t >= duration {
            break;
        }
        let leader = world
            .as_mut()
            .and_then(|w| catch_up(w, &mut extra, &mut done, t));
        // A leader new since the last step is the one whose uncommitted tail
        // Figure 8 is about: it is struck more often.
        let fresh = leader.is_some() && leader != last_leader;
        last_leader = leader;
        let roll = if fresh && rng.random_bool(0.4) {
            130
        } else if churn {
            // Writes, and now and then the leader struck again.
            [rng.random_range(0..40u32), 130][rng.random_bool(0.2) as usize]
        } else {
            rng.random_range(0..140u32)
        };
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
            // What real networks do besides losing messages: hold some back past
            // an election, deliver some twice (and so out of order), and change
            // how long messages take.
            115..=121 => Action::Delay(some_messages(&mut rng, n), heavy_tail_ms(&mut rng) * MS),
            122..=125 => Action::Duplicate(some_messages(&mut rng, n)),
            126..=129 => Action::Set(Settings {
                latency: Some(latency(&mut rng)),
                ..Settings::default()
            }),
            // A server crashes just after a client write reached it: when it
            // leads, its new entry is on a minority only (Figure 8, (a)–(b)).
            // Mostly the leader: a leader that flaps under load.
            109..=114 | 130..=139 => {
                writes += 1;
                let id = leader
                    .filter(|_| rng.random_bool(0.8))
                    .unwrap_or_else(|| node(&mut rng, n));
                let down = t + rng.random_range(MS..=15 * MS);
                // What it had not yet put on the wire dies with it: the entry
                // reaches some followers only.
                if rng.random_bool(0.7) {
                    for to in (1..=n).filter(|&x| x != id) {
                        if rng.random_bool(0.6) {
                            let lost = MessageFilter {
                                from: Some(id),
                                to: Some(to),
                                ..MessageFilter::default()
                            };
                            extra.push((down, Action::Drop(lost)));
                        }
                    }
                }
                let back = down + rng.random_range(50 * MS..=500 * MS);
                if churn && rng.random_bool(0.5) {
                    // Or it is cut off instead, and keeps leading a term the
                    // others have left, until the network heals.
                    extra.push((down, Action::Isolate(id)));
                    extra.push((back, Action::HealAll));
                } else {
                    extra.push((down, Action::Crash(id)));
                    extra.push((back, Action::Restart(id)));
                }
                Action::Write {
                    value: format!("k{}={writes}", rng.random_range(0..5u32)),
                    to: Some(id),
                }
            }
            // The guarded arms above, on a one-server cluster.
            _ => Action::Timeout(node(&mut rng, n)),
        };
        if let Some(w) = world.as_mut() {
            let _ = w.act(&action);
        }
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
    // Stable: at equal times a generated step comes before a scheduled one, as
    // `catch_up` carried them out.
    steps.sort_by_key(|s| s.at);
    for a in [
        Action::HealAll,
        Action::RestartAll,
        Action::Set(Settings {
            loss: Some(0.0),
            latency: Some((10 * MS, 20 * MS)),
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
        setup,
        steps,
        expect_violation: None,
    }
}

/// Carries out, in time order, the scheduled actions due before `t`, advances
/// `world` to `t`, and returns who leads there.
fn catch_up(
    world: &mut World,
    extra: &mut [(Time, Action)],
    done: &mut usize,
    t: Time,
) -> Option<NodeId> {
    // Scheduled actions are pushed in the order generated; at equal times that
    // order is kept, as the final stable sort keeps it.
    extra[*done..].sort_by_key(|e| e.0);
    while let Some((at, a)) = extra.get(*done).filter(|e| e.0 < t) {
        world.advance_to(*at);
        let _ = world.act(a);
        *done += 1;
    }
    world.advance_to(t);
    world.leader()
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
