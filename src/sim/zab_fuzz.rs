//! Random fault schedules for ZAB (`raftlab fuzz --protocol zab`): crashes,
//! restarts, cuts, partitions, loss, dropped packets and writes, many aimed at
//! whoever leads (a leader struck just after a proposal leaves its history
//! diverging on a minority: what TRUNC and the (epoch, zxid) vote order are
//! for). Then the network heals, every server restarts, and the ensemble must
//! converge with every acknowledged write kept.

use super::config::{ClusterConfig, Protocol, Settings, MS};
use super::fuzz::SETTLE;
use super::json::Json;
use super::rng::SimRng;
use super::scenario::{Expect, Scenario, Step, StepKind, Text};
use super::world::{Action, MessageFilter, Setup};
use super::zab_world::ZabWorld;
use crate::raft::Time;
use crate::zab::{Bugs, NodeId};
use rand::RngExt;

fn node(rng: &mut SimRng, n: u8) -> NodeId {
    rng.random_range(1..=n)
}

/// A random ZAB fault schedule of `duration`, then healing and a convergence check.
pub fn zab_fuzz_scenario(seed: u64, duration: Time, bugs: Bugs) -> Scenario {
    let mut rng = SimRng::seed_from_u64(seed.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ 0x2ab);
    let n: u8 = if rng.random_bool(0.8) {
        5
    } else {
        rng.random_range(1..=7)
    };
    let cluster = ClusterConfig {
        nodes: n,
        max_nodes: n,
        latency: if rng.random_bool(0.3) {
            [(1, 5), (5, 100), (1, 300)][rng.random_range(0..3usize)]
        } else {
            (10, 20)
        },
        loss: if rng.random_bool(0.3) {
            rng.random_range(0.0..0.1)
        } else {
            0.0
        },
        protocol: Protocol::Zab,
        zab_bugs: bugs,
        ..ClusterConfig::default()
    };
    let cluster = ClusterConfig {
        latency: (cluster.latency.0 * MS, cluster.latency.1 * MS),
        ..cluster
    };
    let setup = Setup {
        seed,
        cluster,
        init: vec![],
    };
    // The schedule is generated while a world runs it, so that faults can aim
    // at the leader; the run replays it exactly (same seed, same actions).
    let mut world = ZabWorld::new(&setup).ok();
    let mut steps: Vec<Step> = vec![];
    let mut extra: Vec<(Time, Action)> = vec![];
    let mut t: Time = 0;
    let mut writes = 0;
    loop {
        t += rng.random_range(5 * MS..=400 * MS);
        if t >= duration {
            break;
        }
        // Carry out the scheduled extras due by now, in time order.
        extra.sort_by_key(|e| e.0);
        let due: Vec<(Time, Action)> = extra.iter().filter(|e| e.0 <= t).cloned().collect();
        extra.retain(|e| e.0 > t);
        for (at, a) in due {
            if let Some(w) = world.as_mut() {
                w.advance_to(at);
                let _ = w.act(&a);
            }
            steps.push(Step {
                at,
                kind: StepKind::Act(a),
            });
        }
        let leader = world.as_mut().and_then(|w| {
            w.advance_to(t);
            w.leader()
        });
        let action = match rng.random_range(0..100u32) {
            0..=34 => {
                writes += 1;
                let to = rng.random_bool(0.2).then(|| node(&mut rng, n));
                Action::Write {
                    value: format!("k{}={writes}", rng.random_range(0..5u32)),
                    to,
                    client: 1,
                }
            }
            35..=42 => Action::Crash(node(&mut rng, n)),
            43..=52 => Action::Restart(node(&mut rng, n)),
            53..=58 if n > 1 => {
                let a = node(&mut rng, n);
                Action::Cut {
                    a,
                    b: (a % n) + 1,
                    oneway: rng.random_bool(0.3),
                }
            }
            59..=63 if n > 1 => {
                let a = node(&mut rng, n);
                Action::Heal {
                    a,
                    b: (a % n) + 1,
                    oneway: false,
                }
            }
            64..=67 => {
                let mut groups = vec![vec![], vec![]];
                for id in 1..=n {
                    groups[rng.random_range(0..2usize)].push(id);
                }
                groups.retain(|g| !g.is_empty());
                Action::Partition(groups)
            }
            68..=70 => Action::Isolate(node(&mut rng, n)),
            71..=76 => Action::HealAll,
            77..=78 => Action::Set(Settings {
                loss: Some(rng.random_range(0..150u32) as f64 / 1000.0),
                ..Settings::default()
            }),
            79..=82 => Action::Drop(MessageFilter {
                from: Some(node(&mut rng, n)),
                to: rng.random_bool(0.5).then(|| node(&mut rng, n)),
                ..MessageFilter::default()
            }),
            // A quick crash and return: what is on disk must be all it needs.
            83..=86 => {
                let id = node(&mut rng, n);
                extra.push((t + rng.random_range(MS..=30 * MS), Action::Restart(id)));
                Action::Crash(id)
            }
            // A leader struck just after a proposal: the transaction is on a
            // minority only, and a later leader must keep it or cut it (TRUNC).
            _ => {
                writes += 1;
                let id = leader
                    .filter(|_| rng.random_bool(0.8))
                    .unwrap_or_else(|| node(&mut rng, n));
                let down = t + rng.random_range(MS..=15 * MS);
                let back = down + rng.random_range(100 * MS..=1_500 * MS);
                if rng.random_bool(0.5) {
                    extra.push((down, Action::Isolate(id)));
                    extra.push((back, Action::HealAll));
                } else {
                    extra.push((down, Action::Crash(id)));
                    extra.push((back, Action::Restart(id)));
                }
                Action::Write {
                    value: format!("k{}={writes}", rng.random_range(0..5u32)),
                    to: Some(id),
                    client: 1,
                }
            }
        };
        if let Some(w) = world.as_mut() {
            let _ = w.act(&action);
        }
        steps.push(Step {
            at: t,
            kind: StepKind::Act(action),
        });
    }
    extra.sort_by_key(|e| e.0);
    for (at, a) in extra.into_iter().filter(|e| e.0 < duration) {
        steps.push(Step {
            at,
            kind: StepKind::Act(a),
        });
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
    steps.push(Step {
        at: duration + SETTLE / 2,
        kind: StepKind::Act(Action::Write {
            value: "final=1".into(),
            to: None,
            client: 1,
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
        title: Text::Plain(format!("ZAB fuzz seed {seed}")),
        description: Text::Plain(
            "A random fault schedule for ZAB generated by `raftlab fuzz --protocol zab`."
                .to_string(),
        ),
        setup,
        steps,
        expect_violation: None,
    }
}
