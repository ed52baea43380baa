//! Unit tests of the ZAB core. Each names the ZooKeeper method or the section of
//! the paper (Junqueira, Reed, Serafini, DSN 2011) it checks.

use super::*;

fn zx(e: Epoch, c: u32) -> Zxid {
    Zxid::new(e, c)
}

fn txns(zxids: &[(Epoch, u32)]) -> Vec<Txn> {
    let txn = |&(e, c): &(Epoch, u32)| Txn {
        zxid: zx(e, c),
        data: format!("t{e}.{c}"),
        write_id: None,
    };
    zxids.iter().map(txn).collect()
}

fn disk(current: Epoch, accepted: Epoch, zxids: &[(Epoch, u32)]) -> Persistent {
    Persistent {
        history: txns(zxids),
        accepted_epoch: accepted,
        current_epoch: current,
    }
}

fn zxids(h: &[Txn]) -> Vec<Zxid> {
    h.iter().map(|t| t.zxid).collect()
}

fn notif(from: NodeId, to: NodeId, leader: NodeId, round: Round, state: Role) -> Input {
    let vote = Vote {
        leader,
        zxid: Zxid::ZERO,
        epoch: 0,
    };
    let body = Body::Notification(Notification { vote, round, state });
    Input::Receive(Message {
        from,
        to,
        body,
        seq: 0,
    })
}

/// A cluster with instant delivery, FIFO per link; with a seed, the next message
/// is drawn among the heads of all links (any interleaving TCP allows).
struct Net {
    nodes: Vec<Node>,
    queue: Vec<Message>,
    /// Directed links that drop everything.
    cut: Vec<(NodeId, NodeId)>,
    /// Message names dropped everywhere.
    drop: Vec<&'static str>,
    down: IdSet,
    timer: Vec<bool>,
    seed: u64,
    notes: Vec<(NodeId, Note)>,
    /// Each server's state machine: the zxids delivered to it.
    applied: Vec<Vec<Zxid>>,
}

impl Net {
    fn new(disks: Vec<Persistent>, bugs: Bugs, seed: u64) -> Net {
        Net::with(disks, seed, |c| c.bugs = bugs)
    }
    fn with(disks: Vec<Persistent>, seed: u64, f: impl Fn(&mut Config)) -> Net {
        let n = disks.len() as u8;
        let nodes = disks
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let mut c = Config::new(i as NodeId + 1, n);
                f(&mut c);
                Node::new(c, p)
            })
            .collect();
        Net {
            nodes,
            queue: vec![],
            cut: vec![],
            drop: vec![],
            down: 0,
            timer: vec![false; n as usize + 1],
            seed,
            notes: vec![],
            applied: vec![vec![]; n as usize + 1],
        }
    }
    fn fresh(n: usize) -> Net {
        Net::new(vec![Persistent::default(); n], Bugs::default(), 0)
    }
    fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize - 1]
    }
    fn ids(&self) -> Vec<NodeId> {
        (1..=self.nodes.len() as NodeId)
            .filter(|&i| self.down & bit(i) == 0)
            .collect()
    }
    fn absorb(&mut self, id: NodeId, out: Output) {
        self.queue.extend(out.messages);
        match out.election_timer {
            Some(Timer::After(_)) => self.timer[id as usize] = true,
            Some(Timer::Stop) => self.timer[id as usize] = false,
            None => {}
        }
        self.notes.extend(out.notes.into_iter().map(|n| (id, n)));
        if out.restore {
            self.applied[id as usize].clear();
        }
        self.applied[id as usize].extend(out.deliver.iter().map(|t| t.zxid));
    }
    fn input(&mut self, id: NodeId, input: Input) {
        if self.down & bit(id) == 0 {
            let out = self.nodes[id as usize - 1].handle(input);
            self.absorb(id, out);
        }
    }
    fn next(&mut self) -> Message {
        if self.seed == 0 {
            return self.queue.remove(0);
        }
        let heads: Vec<usize> = (0..self.queue.len())
            .filter(|&i| {
                let (f, t) = (self.queue[i].from, self.queue[i].to);
                !self.queue[..i].iter().any(|m| (m.from, m.to) == (f, t))
            })
            .collect();
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        self.queue.remove(heads[self.seed as usize % heads.len()])
    }
    fn run(&mut self) {
        let mut budget = 100_000;
        while !self.queue.is_empty() {
            budget -= 1;
            if budget == 0 {
                // A learner whose accepted epoch is above the established one is
                // refused (registerWithLeader), looks, rejoins, is refused…: a
                // livelock ZooKeeper has too, that only the next election ends.
                // Instant delivery never lets time pass, so stop here.
                self.queue.clear();
                return;
            }
            let m = self.next();
            if !self.cut.contains(&(m.from, m.to)) && !self.drop.contains(&m.body.name()) {
                self.input(m.to, Input::Receive(m));
            }
        }
    }
    /// Delivers everything; when quiet, fires the armed election timers.
    fn settle(&mut self) {
        for _ in 0..20 {
            self.run();
            let armed: Vec<NodeId> = self
                .ids()
                .into_iter()
                .filter(|&i| self.timer[i as usize])
                .collect();
            if armed.is_empty() {
                return;
            }
            for id in armed {
                self.timer[id as usize] = false;
                self.input(id, Input::ElectionTimeout);
            }
        }
    }
    fn start(&mut self, id: NodeId) {
        self.down &= !bit(id);
        let out = self.nodes[id as usize - 1].start();
        self.absorb(id, out);
    }
    fn start_all(&mut self) {
        for id in self.ids() {
            self.start(id);
        }
        self.settle();
    }
    fn crash(&mut self, id: NodeId) {
        self.down |= bit(id);
        self.queue.retain(|m| m.to != id);
        self.timer[id as usize] = false;
        self.applied[id as usize].clear();
        let n = &self.nodes[id as usize - 1];
        self.nodes[id as usize - 1] = Node::new(n.config().clone(), n.persistent());
    }
    fn isolate(&mut self, id: NodeId, on: bool) {
        for j in 1..=self.nodes.len() as NodeId {
            for link in [(id, j), (j, id)] {
                self.cut.retain(|&l| l != link);
                if on {
                    self.cut.push(link);
                }
            }
        }
    }
    fn tick(&mut self, times: u32) {
        for _ in 0..times {
            for id in self.ids() {
                self.input(id, Input::Tick);
            }
            self.settle();
        }
    }
    fn propose(&mut self, id: NodeId, data: &str) -> Zxid {
        let (zxid, out) = self.nodes[id as usize - 1]
            .propose(data.into(), None)
            .expect("an established leader");
        self.absorb(id, out);
        self.run();
        zxid
    }
    fn leaders(&self) -> Vec<NodeId> {
        self.ids()
            .into_iter()
            .filter(|&i| self.node(i).role() == Role::Leading)
            .collect()
    }
    fn noted(&self, id: NodeId, f: impl Fn(&Note) -> bool) -> bool {
        self.notes.iter().any(|(i, n)| *i == id && f(n))
    }
}

// ---- zxids and the vote order ----------------------------------------------

#[test]
fn zxid_orders_by_epoch_then_counter_and_prints_both_ways() {
    assert!(zx(2, 1) > zx(1, 99));
    assert!(zx(2, 3) > zx(2, 2));
    assert_eq!(zx(2, 3).to_string(), "2:3");
    assert_eq!(zx(2, 3).hex(), "0x200000003");
}

#[test]
fn total_order_predicate_compares_epoch_then_zxid_then_id() {
    // FastLeaderElection.totalOrderPredicate
    let v = |leader, e, c, epoch| Vote {
        leader,
        zxid: zx(e, c),
        epoch,
    };
    assert!(
        total_order(v(1, 1, 1, 2), v(5, 1, 9, 1), false),
        "epoch first"
    );
    assert!(
        total_order(v(1, 1, 5, 1), v(5, 1, 4, 1), false),
        "then zxid"
    );
    assert!(total_order(v(5, 1, 4, 1), v(4, 1, 4, 1), false), "then id");
    assert!(
        !total_order(v(4, 1, 4, 1), v(4, 1, 4, 1), false),
        "strictly"
    );
    assert!(
        total_order(v(5, 0, 0, 1), v(4, 1, 4, 1), true),
        "bug: no zxid"
    );
}

// ---- Fast Leader Election ---------------------------------------------------

#[test]
fn fresh_ensemble_elects_the_highest_id_in_any_delivery_order_lookforleader() {
    for seed in 1..=25 {
        let mut net = Net::new(vec![Persistent::default(); 5], Bugs::default(), seed);
        net.start_all();
        assert_eq!(net.leaders(), vec![5], "seed {seed}");
        for id in 1..=5 {
            let n = net.node(id);
            assert_eq!((n.leader(), n.round()), (Some(5), 1), "seed {seed}");
            assert_eq!(n.phase(), Phase::Broadcast, "S{id} seed {seed}");
            assert_eq!((n.current_epoch(), n.accepted_epoch()), (1, 1));
        }
    }
}

#[test]
fn the_highest_zxid_beats_a_higher_id_totalorderpredicate() {
    let mut d = vec![disk(1, 1, &[(1, 1)]); 5];
    d[1] = disk(1, 1, &[(1, 1), (1, 2)]);
    let mut net = Net::new(d, Bugs::default(), 7);
    net.start_all();
    assert_eq!(net.leaders(), vec![2]);
    for id in 1..=5 {
        assert_eq!(net.node(id).vote().zxid, zx(1, 2));
        assert_eq!(zxids(net.node(id).history()), vec![zx(1, 1), zx(1, 2)]);
    }
}

#[test]
fn a_higher_round_resets_the_votes_received_lookforleader() {
    let mut n = Node::new(Config::new(1, 5), Persistent::default());
    n.start();
    n.handle(notif(2, 1, 2, 1, Role::Looking));
    let senders = |n: &Node| n.votes_received().map(|(i, _)| i).collect::<Vec<_>>();
    assert_eq!((senders(&n), n.vote().leader), (vec![1, 2], 2));
    let out = n.handle(notif(3, 1, 3, 4, Role::Looking));
    assert_eq!(n.round(), 4, "logicalclock.set(n.electionEpoch)");
    assert_eq!(senders(&n), vec![1, 3], "recvset.clear()");
    assert_eq!(n.vote().leader, 3, "the better of its vote and our own");
    assert!(out
        .notes
        .contains(&Note::RoundAdopted { round: 4, from: 3 }));
    assert_eq!(out.messages.len(), 4, "sendNotifications to every voter");
}

#[test]
fn a_lower_round_is_ignored_but_answered_workerreceiver() {
    let mut n = Node::new(Config::new(1, 5), Persistent::default());
    n.start();
    n.handle(notif(3, 1, 3, 4, Role::Looking));
    let out = n.handle(notif(4, 1, 4, 2, Role::Looking));
    assert_eq!(
        (n.round(), n.vote().leader),
        (4, 3),
        "S4's better vote ignored"
    );
    assert!(n.votes_received().all(|(i, _)| i != 4));
    let [m] = &out.messages[..] else {
        panic!("one answer: {:?}", out.messages)
    };
    assert_eq!(m.to, 4);
    assert!(matches!(
        m.body,
        Body::Notification(Notification { round: 4, .. })
    ));
}

#[test]
fn a_late_server_learns_the_leader_from_following_and_leading_outofelection() {
    let mut net = Net::fresh(5);
    net.down = bit(1);
    net.start_all();
    assert_eq!(net.leaders(), vec![5]);
    // S1 comes up two rounds ahead: its round is not theirs, so only the
    // `outofelection` votes, with S5's own LEADING one, can tell it the leader.
    net.nodes[0].start();
    net.start(1);
    net.settle();
    let s1 = net.node(1);
    assert_eq!((s1.role(), s1.leader()), (Role::Following, Some(5)));
    assert_eq!(s1.round(), 1, "adopts the leader's round");
    assert_eq!(s1.phase(), Phase::Broadcast);
    assert!(net.noted(1, |n| *n == Note::JoinedLeader { leader: 5 }));
    assert_eq!(net.leaders(), vec![5], "the ensemble was not disturbed");
}

#[test]
fn a_better_vote_interrupts_the_finalize_wait_finalizewait() {
    let mut n = Node::new(Config::new(1, 3), Persistent::default());
    n.start();
    n.handle(notif(2, 1, 2, 1, Role::Looking));
    assert!(n.finalizing(), "S1 and S2 vote for S2: a quorum of 3");
    let out = n.handle(notif(3, 1, 3, 1, Role::Looking));
    assert!(out.notes.contains(&Note::FinalizeInterrupted { from: 3 }));
    assert_eq!(n.vote().leader, 3);
    assert!(n.finalizing(), "S1 and S3 vote for S3");
    let out = n.handle(notif(2, 1, 2, 1, Role::Looking));
    assert!(
        out.notes.is_empty() && n.finalizing(),
        "a worse vote is dropped"
    );
    n.handle(Input::ElectionTimeout);
    assert_eq!((n.role(), n.leader()), (Role::Following, Some(3)));
}

// ---- discovery (paper §IV-A phase 1; Leader.getEpochToPropose) --------------

#[test]
fn discovery_proposes_the_highest_accepted_epoch_plus_one_getepochtopropose() {
    // S3 leads (same zxids, highest id). With FIFO delivery S1's FOLLOWERINFO
    // completes the quorum {S3, S1}: max(2, 5) + 1.
    let d = vec![disk(0, 5, &[]), disk(0, 3, &[]), disk(0, 2, &[])];
    let mut net = Net::new(d, Bugs::default(), 0);
    net.start_all();
    assert_eq!(net.leaders(), vec![3]);
    assert!(net.noted(3, |n| *n == Note::EpochProposed { epoch: 6 }));
    for id in 1..=3 {
        let n = net.node(id);
        assert_eq!((n.accepted_epoch(), n.current_epoch()), (6, 6), "S{id}");
    }
}

#[test]
fn a_follower_refuses_an_epoch_below_its_accepted_one_registerwithleader() {
    let mut f = Node::new(Config::new(1, 3), Persistent::default());
    f.start();
    f.handle(notif(3, 1, 3, 1, Role::Leading));
    f.handle(notif(2, 1, 3, 1, Role::Following));
    assert_eq!(f.role(), Role::Following);
    let mut p = f.persistent();
    p.accepted_epoch = 7;
    let mut f2 = Node::new(Config::new(1, 3), p);
    f2.start();
    f2.handle(notif(3, 1, 3, 1, Role::Leading));
    f2.handle(notif(2, 1, 3, 1, Role::Following));
    let body = Body::LeaderInfo {
        epoch: 4,
        session: 1,
    };
    let out = f2.handle(Input::Receive(Message {
        from: 3,
        to: 1,
        body,
        seq: 1,
    }));
    assert!(out.notes.contains(&Note::EpochRefused { epoch: 4 }));
    assert_eq!((f2.role(), f2.accepted_epoch()), (Role::Looking, 7));
}

// ---- synchronization (paper phase 2; LearnerHandler.syncFollower) -----------

#[test]
fn sync_chooses_diff_trunc_or_snap_per_follower_syncfollower() {
    let lead = [(1, 1), (1, 2), (2, 1)];
    let d = vec![
        disk(2, 2, &lead),                     // S1: in sync → empty DIFF
        disk(0, 0, &[]),                       // S2: too far behind → SNAP
        disk(1, 1, &[(1, 1), (1, 2), (1, 3)]), // S3: 1:3 not the leader's → TRUNC
        disk(2, 2, &[(1, 1), (1, 2)]),         // S4: a prefix → DIFF
        disk(2, 2, &lead),                     // S5: leads (epoch 2, highest id)
    ];
    let mut net = Net::with(d, 0, |c| c.snap_threshold = 2);
    net.start_all();
    assert_eq!(net.leaders(), vec![5]);
    let sync = |to, how, zxid| move |n: &Note| *n == Note::Sync { to, how, zxid };
    assert!(net.noted(5, sync(1, SyncKind::Diff, zx(2, 1))));
    assert!(net.noted(5, sync(2, SyncKind::Snap, Zxid::ZERO)));
    assert!(net.noted(5, sync(3, SyncKind::Trunc, zx(1, 2))));
    assert!(net.noted(5, sync(4, SyncKind::Diff, zx(1, 2))));
    for id in 1..=5 {
        assert_eq!(zxids(net.node(id).history()), zxids(&txns(&lead)), "S{id}");
        assert_eq!(net.applied[id as usize], zxids(&txns(&lead)), "S{id}");
        assert_eq!(net.node(id).current_epoch(), 3);
    }
}

#[test]
fn an_old_epoch_proposal_the_leader_holds_commits_at_the_newleader_quorum() {
    // Paper §IV-B: the new leader's whole history is committed once a quorum
    // acknowledged NEWLEADER (Leader.waitForNewLeaderAck), not before.
    let d = || {
        vec![
            disk(1, 1, &[(1, 1)]),
            disk(1, 1, &[(1, 1)]),
            disk(1, 1, &[(1, 1), (1, 2)]), // 1:2 reached S3 alone
        ]
    };
    let mut net = Net::new(d(), Bugs::default(), 0);
    net.drop = vec!["ack"];
    net.start_all();
    let s3 = net.node(3);
    assert_eq!((s3.role(), s3.established()), (Role::Leading, false));
    assert_eq!(s3.committed(), Zxid::ZERO, "no NEWLEADER quorum, no commit");

    let mut net = Net::new(d(), Bugs::default(), 0);
    net.start_all();
    assert!(net.noted(3, |n| *n
        == Note::Established {
            epoch: 2,
            zxid: zx(1, 2)
        }));
    for id in 1..=3 {
        assert_eq!(net.node(id).committed(), zx(1, 2));
        assert_eq!(net.applied[id as usize], vec![zx(1, 1), zx(1, 2)]);
    }
}

#[test]
fn a_follower_with_an_extra_uncommitted_proposal_is_truncated_trunc() {
    for bugs in [
        Bugs::default(),
        Bugs {
            skip_truncate: true,
            ..Bugs::default()
        },
    ] {
        let d = vec![
            disk(1, 1, &[(1, 1), (1, 2)]), // 1:2 reached S1 alone, then it crashed
            disk(1, 1, &[(1, 1)]),
            disk(1, 1, &[(1, 1)]),
        ];
        let mut net = Net::new(d, bugs, 0);
        net.down = bit(1);
        net.start_all();
        assert_eq!(net.leaders(), vec![3]);
        net.propose(3, "x");
        net.start(1);
        net.settle();
        assert_eq!(net.node(1).leader(), Some(3));
        if bugs.skip_truncate {
            // The state machines disagree: S1 applied 1:2, which no one else has.
            assert_eq!(net.applied[1], vec![zx(1, 1), zx(1, 2), zx(2, 1)]);
            assert_eq!(net.applied[2], vec![zx(1, 1), zx(2, 1)]);
        } else {
            assert!(net.noted(3, |n| matches!(
                n,
                Note::Sync {
                    to: 1,
                    how: SyncKind::Trunc,
                    ..
                }
            )));
            assert!(net.noted(1, |n| *n == Note::Truncated { zxid: zx(1, 1) }));
            assert_eq!(zxids(net.node(1).history()), vec![zx(1, 1), zx(2, 1)]);
            assert_eq!(net.applied[1], vec![zx(1, 1), zx(2, 1)]);
        }
    }
}

// ---- broadcast (paper phase 3; Leader.processAck, tryToCommit) ---------------

#[test]
fn broadcast_commits_on_a_quorum_of_acks_in_zxid_order_trytocommit() {
    let mut net = Net::fresh(3);
    net.start_all();
    assert_eq!(net.leaders(), vec![3]);
    assert_eq!(net.propose(3, "a"), zx(1, 1), "the counter restarts at 1");
    assert_eq!(net.propose(3, "b"), zx(1, 2));
    for id in 1..=3 {
        assert_eq!(net.applied[id as usize], vec![zx(1, 1), zx(1, 2)]);
    }

    let mut net = Net::fresh(3);
    net.start_all();
    net.cut = vec![(1, 3), (2, 3)]; // no acks reach the leader
    net.propose(3, "a");
    net.propose(3, "b");
    let out = net.node(3).outstanding();
    assert_eq!(out, &[(zx(1, 1), bit(3)), (zx(1, 2), bit(3))]);
    assert_eq!(net.node(3).committed(), Zxid::ZERO, "no quorum, no commit");
    assert!(net.applied[2].is_empty() && net.applied[3].is_empty());
    assert_eq!(zxids(net.node(2).history()), vec![zx(1, 1), zx(1, 2)]);
}

#[test]
fn a_new_epoch_restarts_the_counter_zxidutils() {
    let mut net = Net::fresh(3);
    net.start_all();
    net.propose(3, "a");
    net.crash(3);
    net.tick(6);
    assert_eq!(net.leaders(), vec![2]);
    assert_eq!(net.node(2).current_epoch(), 2);
    assert_eq!(net.propose(2, "b"), zx(2, 1));
    assert_eq!(net.applied[1], vec![zx(1, 1), zx(2, 1)]);
}

#[test]
fn an_observer_learns_the_leader_and_gets_informs_but_never_votes_observer() {
    let voters = bit(1) | bit(2) | bit(3);
    let mut net = Net::with(vec![Persistent::default(); 4], 3, |c| c.voters = voters);
    net.start_all();
    assert_eq!(net.leaders(), vec![3], "S4 is not a candidate");
    assert_eq!(
        (net.node(4).role(), net.node(4).leader()),
        (Role::Observing, Some(3))
    );
    net.propose(3, "a");
    assert_eq!(net.node(3).outstanding(), &[], "committed by voters alone");
    assert_eq!(net.applied[4], vec![zx(1, 1)], "through INFORM");
    net.isolate(4, true);
    net.propose(3, "b");
    assert_eq!(
        net.node(3).committed(),
        zx(1, 2),
        "observers are not waited for"
    );
}

// ---- failures ----------------------------------------------------------------

#[test]
fn a_crash_keeps_history_and_epochs_and_loses_the_rest_quorumpeer() {
    let mut net = Net::fresh(3);
    net.start_all();
    net.propose(3, "a");
    let before = net.node(1).persistent();
    net.crash(1);
    let n = net.node(1);
    assert_eq!(n.persistent(), before);
    assert_eq!((n.accepted_epoch(), n.current_epoch()), (1, 1));
    assert_eq!(zxids(n.history()), vec![zx(1, 1)]);
    assert_eq!(
        (n.role(), n.committed(), n.round()),
        (Role::Looking, Zxid::ZERO, 0)
    );
    net.start(1);
    net.settle();
    assert_eq!(net.node(1).leader(), Some(3));
    assert_eq!(
        net.applied[1],
        vec![zx(1, 1)],
        "delivered again after recovery"
    );
}

#[test]
fn without_a_quorum_the_leader_and_its_followers_look_again_synclimit() {
    let mut net = Net::fresh(3);
    net.start_all();
    net.isolate(3, true);
    net.tick(6);
    assert!(net.noted(3, |n| *n == Note::QuorumLost { epoch: 1 }));
    assert!(net.noted(1, |n| *n == Note::LeaderLost { leader: 3 }));
    assert_eq!(net.node(3).role(), Role::Looking);
    assert_eq!(net.leaders(), vec![2], "S1 and S2 elect S2");
    assert_eq!(net.node(1).current_epoch(), 2);
}

#[test]
fn a_lost_packet_closes_the_connection_and_the_learner_looks_again_learner() {
    // TCP never loses a packet; when the world does, both ends see a broken
    // connection, as on a socket error in Learner.readPacket.
    let mut net = Net::fresh(3);
    net.start_all();
    net.cut = vec![(3, 1)]; // S1 misses 1:1, which S2's ack commits
    net.propose(3, "a");
    net.cut.clear();
    net.propose(3, "b");
    assert!(net.noted(1, |n| *n == Note::LeaderLost { leader: 3 }));
    net.settle();
    assert_eq!(net.node(1).leader(), Some(3), "S1 rejoined and was synced");
    for id in 1..=3 {
        assert_eq!(net.applied[id as usize], vec![zx(1, 1), zx(1, 2)], "S{id}");
    }
}

#[test]
fn message_names_are_listed() {
    let mut net = Net::fresh(3);
    net.start_all();
    net.propose(3, "a");
    for m in &net.queue {
        assert!(Body::NAMES.contains(&m.body.name()));
    }
    assert_eq!(Body::Ping.name(), "ping");
}

// ---- the teaching bug ----------------------------------------------------------

/// S4 misses a committed write; the leader crashes. The election must not pick
/// S4: with `elect-without-zxid` it does (highest id), and truncates the write.
fn lose_a_write(bugs: Bugs) -> Net {
    let mut net = Net::new(vec![Persistent::default(); 5], bugs, 0);
    net.start_all();
    assert_eq!(net.leaders(), vec![5]);
    net.isolate(4, true);
    net.propose(5, "x");
    assert_eq!(net.applied[1], vec![zx(1, 1)], "committed and delivered");
    net.crash(5);
    net.isolate(4, false);
    net.tick(7);
    net
}

#[test]
fn elect_without_zxid_loses_a_committed_transaction() {
    let net = lose_a_write(Bugs::default());
    assert_eq!(
        net.leaders(),
        vec![3],
        "the highest zxid, then the highest id"
    );
    for id in 1..=4 {
        assert_eq!(net.applied[id as usize], vec![zx(1, 1)], "S{id}");
    }
    let bug = Bugs {
        elect_without_zxid: true,
        ..Bugs::default()
    };
    let net = lose_a_write(bug);
    assert_eq!(net.leaders(), vec![4], "the highest id, whatever it lacks");
    for id in 1..=4 {
        assert!(net.node(id).history().is_empty(), "S{id}: 1:1 truncated");
        assert!(net.applied[id as usize].is_empty(), "S{id}");
    }
}

// ---- safety under random schedules (the invariants the world will check) -------

/// Random schedules: messages in any per-link FIFO order (or lost), timers
/// firing at any moment, crashes, restarts, partitions and writes. Checks primary order /
/// prefix agreement of what is delivered, at most one established leader per
/// epoch, and that every committed write is in every later leader's history.
fn random_run(seed: u64, bugs: Bugs) -> Result<(), String> {
    let mut net = Net::new(vec![Persistent::default(); 5], bugs, seed);
    let mut rng = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut rand = move |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    net.start_all();
    let mut longest: Vec<Zxid> = vec![];
    let mut leaders: Vec<(Epoch, NodeId)> = vec![];
    let mut committed: Vec<Zxid> = vec![];
    for step in 0..3000 {
        let id = rand(5) as NodeId + 1;
        match rand(100) {
            0..=59 if !net.queue.is_empty() => {
                let m = net.next();
                if !net.cut.contains(&(m.from, m.to)) {
                    net.input(m.to, Input::Receive(m));
                }
            }
            0..=69 => {
                if net.timer[id as usize] {
                    net.timer[id as usize] = false;
                    net.input(id, Input::ElectionTimeout);
                }
            }
            70..=84 => net.input(id, Input::Tick),
            85..=94 => {
                if let Ok((_, out)) = net.nodes[id as usize - 1].propose(format!("w{step}"), None) {
                    net.absorb(id, out);
                }
            }
            95 if net.down.count_ones() < 2 => net.crash(id),
            96 if net.down & bit(id) != 0 => net.start(id),
            97 => net.isolate(id, true),
            98 if !net.queue.is_empty() => drop(net.next()), // lost
            _ => net.isolate(id, false),
        }
        for (i, note) in std::mem::take(&mut net.notes) {
            match note {
                Note::Established { epoch, .. } => {
                    if let Some(&(_, other)) = leaders.iter().find(|l| l.0 == epoch) {
                        return Err(format!("step {step}: S{other} and S{i} lead epoch {epoch}"));
                    }
                    leaders.push((epoch, i));
                    let h = zxids(net.node(i).history());
                    if let Some(z) = committed.iter().find(|z| !h.contains(z)) {
                        return Err(format!("step {step}: S{i} leads without committed {z}"));
                    }
                }
                Note::Committed { zxid } if net.node(i).role() == Role::Leading => {
                    committed.push(zxid)
                }
                _ => {}
            }
        }
        for a in &net.applied {
            let n = a.len().min(longest.len());
            if a[..n] != longest[..n] {
                return Err(format!("step {step}: delivered {a:?} vs {longest:?}"));
            }
            if a.len() > longest.len() {
                longest = a.clone();
            }
        }
    }
    // Healed, every server up: one leader again, and everyone delivers the same.
    net.cut.clear();
    for id in 1..=5 {
        if net.down & bit(id) != 0 {
            net.start(id);
        }
    }
    net.tick(60);
    let leaders = net.leaders();
    let [l] = leaders[..] else {
        return Err(format!("after healing, leaders {leaders:?}"));
    };
    if !net.node(l).established() {
        return Err(format!("after healing, S{l} not established"));
    }
    net.propose(l, "last");
    let same = net.applied[1..]
        .iter()
        .filter(|a| **a == net.applied[l as usize]);
    if same.count() < 3 {
        return Err(format!(
            "after healing, no quorum delivers alike {:?}",
            net.applied
        ));
    }
    Ok(())
}

#[test]
fn random_schedules_keep_primary_order_and_committed_writes() {
    let n = std::env::var("ZAB_SEEDS").map_or(300, |s| s.parse().unwrap());
    for seed in 1..=n {
        if let Err(e) = random_run(seed, Bugs::default()) {
            panic!("seed {seed}: {e}");
        }
    }
}

#[test]
fn random_schedules_catch_elect_without_zxid() {
    let bug = Bugs {
        elect_without_zxid: true,
        ..Bugs::default()
    };
    assert!((1..=300).any(|seed| random_run(seed, bug).is_err()));
}

/// QuorumPeer.updateElectionVote (ZOOKEEPER-1732): once synchronized, leader and
/// followers answer notifications with the epoch actually led, so a server that
/// joins late sees a quorum agree on (leader, epoch).
#[test]
fn votes_carry_the_new_epoch_after_synchronization_updateelectionvote() {
    let mut net = Net::fresh(5);
    net.start_all();
    net.tick(2);
    assert_eq!(net.leaders(), vec![5]);
    for id in 1..=5 {
        let n = net.node(id);
        assert_eq!(n.current_epoch(), 1, "S{id}");
        assert_eq!(
            n.vote().epoch,
            1,
            "S{id}: the vote's epoch follows the led epoch"
        );
    }
}
