//! One ZooKeeper server, sans-IO: inputs in, outputs out, no clock and no
//! randomness of its own.
//!
//! Reading order: the state; the inputs (`handle`, `propose`); Fast Leader
//! Election (FastLeaderElection.lookForLeader and its WorkerReceiver); the
//! leader's side of discovery, synchronization and broadcast (Leader.lead,
//! LearnerHandler); the learner's side (Learner.registerWithLeader,
//! Learner.syncWithLeader, Follower.processPacket); ticks; accessors.

use super::io::{
    total_order, Config, Input, Note, Output, Persistent, Phase, Received, Role, SyncKind, Timer,
    Txn, Vote, Zxid,
};
use super::message::{Body, Message, Notification};
use super::{bit, Epoch, IdSet, NodeId, Round, Time};

/// What a leader knows of one learner (its LearnerHandler).
#[derive(Clone, Copy, Debug, Default)]
struct Learner {
    /// It sent FOLLOWERINFO (or OBSERVERINFO) in this leadership.
    connected: bool,
    observer: bool,
    /// Its attempt number, echoed in LEADERINFO.
    session: u32,
    /// Packets sent to it and received from it in this connection.
    sent: u32,
    received: u32,
    /// The last zxid of its ACKEPOCH, once accepted.
    last_zxid: Option<Zxid>,
    /// Synchronization sent; new proposals and commits go to it too
    /// (Leader.startForwarding).
    forwarding: bool,
    /// It acknowledged NEWLEADER.
    synced: bool,
    /// The leader's tick when it last heard from it (LearnerHandler's
    /// `tickOfNextAckDeadline`, less `syncLimit`).
    last_heard: u32,
}

/// One ZooKeeper server (QuorumPeer with its election and its leader or learner).
#[derive(Clone, Debug)]
pub struct Node {
    config: Config,

    // On disk (Persistent): the log and the two epoch files.
    history: Vec<Txn>,
    accepted_epoch: Epoch,
    current_epoch: Epoch,

    // Volatile state of every server.
    role: Role,
    phase: Phase,
    /// FastLeaderElection.logicalclock.
    round: Round,
    /// The current vote (`proposedLeader`, `proposedZxid`, `proposedEpoch`); after
    /// the election, the vote that ended it (QuorumPeer.getCurrentVote).
    vote: Vote,
    /// Votes of this round, by sender (lookForLeader's `recvset`).
    recvset: Vec<Option<Received>>,
    /// Votes of servers out of the election (lookForLeader's `outofelection`).
    outofelection: Vec<Option<Received>>,
    /// The current notification timeout (`notTimeout`), doubling up to the max.
    not_timeout: Time,
    /// In the finalize wait: a quorum shares our vote.
    finalizing: bool,
    /// The leader this server follows or is.
    leader: Option<NodeId>,
    /// The last committed zxid this server knows.
    committed: Zxid,
    /// The last zxid handed to the state machine.
    delivered: Zxid,
    /// Ticks: a leader's since it began leading, a learner's since it last
    /// heard from its leader.
    ticks: u32,

    // Volatile state of a learner.
    /// Attempts to follow (the TCP connection it stands for).
    session: u32,
    /// Packets sent to and received from the leader in this connection.
    sent: u32,
    received: u32,
    /// Proposals received during synchronization, logged at NEWLEADER
    /// (Learner.syncWithLeader's `packetsNotCommitted`).
    pending: Vec<Txn>,
    /// How far synchronization told us our history is the leader's committed one.
    sync_commit: Zxid,
    /// NEWLEADER taken and acknowledged.
    new_leader_acked: bool,

    // Volatile state of a leader (Leader.java).
    learners: Vec<Learner>,
    /// Leader.getEpochToPropose's `epoch`: the highest accepted epoch seen, plus one.
    epoch_to_propose: Epoch,
    /// The new epoch, once a quorum connected (`waitingForNewEpoch` over).
    new_epoch: Option<Epoch>,
    /// Leader.connectingFollowers.
    connecting: IdSet,
    /// Leader.electingFollowers (ACKEPOCH received).
    electing: IdSet,
    /// Leader.electionFinished: a quorum acknowledged the new epoch.
    epoch_acked: bool,
    /// Acks of NEWLEADER (Leader.newLeaderProposal's ack set).
    new_leader_acks: IdSet,
    /// A quorum acknowledged NEWLEADER: the leader broadcasts.
    established: bool,
    /// Leader.outstandingProposals, in zxid order, with the voters that acked.
    outstanding: Vec<(Zxid, IdSet)>,
    /// The leader's (current epoch, last zxid) when elected (`leaderStateSummary`).
    summary: (Epoch, Zxid),

    out: Output,
}

impl Node {
    /// A server starting from `persistent` state, LOOKING, nothing committed: at
    /// first boot or after a crash (QuorumPeer.loadDataBase). Call [`Node::start`].
    pub fn new(config: Config, persistent: Persistent) -> Node {
        let slots = config.cluster_size as usize + 1;
        Node {
            history: persistent.history,
            accepted_epoch: persistent.accepted_epoch,
            current_epoch: persistent.current_epoch,
            role: Role::Looking,
            phase: Phase::Election,
            round: 0,
            vote: Vote::default(),
            recvset: vec![None; slots],
            outofelection: vec![None; slots],
            not_timeout: config.finalize_wait,
            finalizing: false,
            leader: None,
            committed: Zxid::ZERO,
            delivered: Zxid::ZERO,
            ticks: 0,
            session: 0,
            sent: 0,
            received: 0,
            pending: vec![],
            sync_commit: Zxid::ZERO,
            new_leader_acked: false,
            learners: vec![Learner::default(); slots],
            epoch_to_propose: 0,
            new_epoch: None,
            connecting: 0,
            electing: 0,
            epoch_acked: false,
            new_leader_acks: 0,
            established: false,
            outstanding: vec![],
            summary: (0, Zxid::ZERO),
            out: Output::default(),
            config,
        }
    }

    /// Starts the tick timer and the first election.
    pub fn start(&mut self) -> Output {
        self.out.tick_timer = Some(Timer::After(self.config.tick));
        self.look();
        self.finish()
    }

    // ---- inputs ------------------------------------------------------------

    /// Handles one input.
    pub fn handle(&mut self, input: Input) -> Output {
        match input {
            Input::ElectionTimeout => self.on_election_timeout(),
            Input::Tick => self.on_tick(),
            Input::Receive(m) => self.step(m),
        }
        self.finish()
    }

    /// A client asks to write `data`. Only an established leader proposes it
    /// (Leader.propose); anyone else answers with the leader it knows, if any.
    pub fn propose(
        &mut self,
        data: String,
        write_id: Option<u32>,
    ) -> Result<(Zxid, Output), Option<NodeId>> {
        if self.role != Role::Leading || !self.established {
            return Err(self.leader);
        }
        let last = self.last_zxid();
        let epoch = self.current_epoch;
        let counter = if last.epoch == epoch {
            last.counter + 1
        } else {
            1
        };
        let txn = Txn {
            zxid: Zxid::new(epoch, counter),
            data,
            write_id,
        };
        self.history.push(txn.clone());
        self.outstanding.push((txn.zxid, bit(self.id())));
        for id in self.forwarding(false) {
            self.send(id, Body::Proposal(txn.clone()));
        }
        self.try_commit();
        Ok((txn.zxid, self.finish()))
    }

    /// Switches teaching bugs while running.
    pub fn set_bugs(&mut self, bugs: super::Bugs) {
        self.config.bugs = bugs;
    }

    /// Ends an input: newly committed transactions are delivered in zxid order.
    fn finish(&mut self) -> Output {
        if self.committed > self.delivered {
            let (from, to) = (self.delivered, self.committed);
            let new = self
                .history
                .iter()
                .filter(|t| t.zxid > from && t.zxid <= to);
            self.out.deliver.extend(new.cloned());
            self.delivered = to;
        }
        debug_assert!(self.accepted_epoch >= self.current_epoch);
        debug_assert!(self.history.windows(2).all(|w| w[0].zxid < w[1].zxid));
        std::mem::take(&mut self.out)
    }

    fn send(&mut self, to: NodeId, body: Body) {
        let seq = match body {
            Body::Notification(_) => 0,
            _ if self.role == Role::Leading => {
                self.learners[to as usize].sent += 1;
                self.learners[to as usize].sent
            }
            _ => {
                self.sent += 1;
                self.sent
            }
        };
        let from = self.id();
        self.out.messages.push(Message {
            from,
            to,
            body,
            seq,
        });
    }

    fn note(&mut self, note: Note) {
        self.out.notes.push(note);
    }

    fn voter(&self, id: NodeId) -> bool {
        self.config.voters & bit(id) != 0
    }

    /// A quorum of voters (QuorumMaj.containsQuorum: more than half).
    fn quorum(&self, set: IdSet) -> bool {
        let voters = self.config.voters;
        (set & voters).count_ones() > voters.count_ones() / 2
    }

    fn step(&mut self, m: Message) {
        let Message {
            from, body, seq, ..
        } = m;
        match body {
            Body::Notification(n) => self.on_notification(from, n),
            body => match self.role {
                Role::Leading => self.step_leader(from, body, seq),
                Role::Following | Role::Observing if self.leader == Some(from) => {
                    self.step_learner(from, body, seq)
                }
                _ => {} // from a leadership that is over (its TCP connection is gone)
            },
        }
    }

    // ---- Fast Leader Election (FastLeaderElection.java) ----------------------

    /// getInitId, getInitLastLoggedZxid, getPeerEpoch: a voter votes for itself;
    /// an observer for nobody.
    fn init_vote(&self) -> Vote {
        if !self.voter(self.id()) {
            return Vote::default();
        }
        Vote {
            leader: self.id(),
            zxid: self.last_zxid(),
            epoch: self.current_epoch,
        }
    }

    /// totalOrderPredicate, which also refuses a non-voter (weight 0) as leader.
    fn better(&self, new: Vote, cur: Vote) -> bool {
        self.voter(new.leader) && total_order(new, cur, self.config.bugs.elect_without_zxid)
    }

    fn my_vote(&self) -> Received {
        Received {
            vote: self.vote,
            round: self.round,
            state: Role::Looking,
        }
    }

    /// lookForLeader's start: a new round, a vote for ourselves, sent to all.
    fn look(&mut self) {
        self.role = Role::Looking;
        self.phase = Phase::Election;
        self.leader = None;
        self.established = false;
        self.outstanding.clear();
        self.round += 1;
        self.vote = self.init_vote();
        self.recvset.fill(None);
        self.outofelection.fill(None);
        self.finalizing = false;
        self.not_timeout = self.config.finalize_wait;
        self.note(Note::Looking { round: self.round });
        self.send_notifications();
        self.out.election_timer = Some(Timer::After(self.not_timeout));
    }

    /// sendNotifications: our vote to every voter. Our own copy comes back
    /// through the loopback into `recvset`; here it goes there directly.
    fn send_notifications(&mut self) {
        let me = self.id();
        if self.voter(me) {
            self.recvset[me as usize] = Some(self.my_vote());
        }
        let n = Notification {
            vote: self.vote,
            round: self.round,
            state: Role::Looking,
        };
        let voters = self.config.voters & !bit(me);
        for to in (1..=self.config.cluster_size).filter(|&i| voters & bit(i) != 0) {
            self.send(to, Body::Notification(n));
        }
    }

    /// Our vote and state, as a WorkerReceiver answers a server that needs it.
    fn reply(&mut self, to: NodeId) {
        let n = Notification {
            vote: self.vote,
            round: self.round,
            state: self.role,
        };
        self.send(to, Body::Notification(n));
    }

    fn on_notification(&mut self, from: NodeId, n: Notification) {
        // WorkerReceiver: a server out of the election answers a LOOKING one (and
        // any non-voter) with the vote that ended its election.
        if self.role != Role::Looking {
            if n.state == Role::Looking || !self.voter(from) {
                self.reply(from);
            }
            return;
        }
        // WorkerReceiver: a LOOKING server answers a LOOKING one lagging behind.
        if !self.voter(from) || (n.state == Role::Looking && n.round < self.round) {
            self.reply(from);
        }
        if !self.voter(from) || !self.voter(n.vote.leader) {
            return; // validVoter(n.sid) && validVoter(n.leader)
        }
        if self.finalizing {
            // finalizeWait: only a better vote interrupts it; others are dropped.
            if !self.better(n.vote, self.vote) {
                return;
            }
            self.finalizing = false;
            self.note(Note::FinalizeInterrupted { from });
            self.out.election_timer = Some(Timer::After(self.not_timeout));
        }
        let got = Received {
            vote: n.vote,
            round: n.round,
            state: n.state,
        };
        match n.state {
            Role::Looking => {
                if n.round > self.round {
                    // A higher round: adopt it, forget the votes of ours, and vote
                    // for the better of its vote and our own initial one.
                    self.round = n.round;
                    self.recvset.fill(None);
                    let init = self.init_vote();
                    self.vote = if self.better(n.vote, init) {
                        n.vote
                    } else {
                        init
                    };
                    self.note(Note::RoundAdopted {
                        round: n.round,
                        from,
                    });
                    self.send_notifications();
                } else if n.round < self.round {
                    return; // a stale round: ignored (answered above)
                } else if self.better(n.vote, self.vote) {
                    self.vote = n.vote;
                    self.note(Note::VoteChanged { vote: n.vote, from });
                    self.send_notifications();
                }
                self.recvset[from as usize] = Some(got);
                self.check_votes();
            }
            Role::Observing => {}
            Role::Following | Role::Leading => {
                let leader = n.vote.leader;
                if n.round == self.round {
                    self.recvset[from as usize] = Some(got);
                    if self.quorum_for(&self.recvset, &got)
                        && self.check_leader(&self.recvset, leader, n.round)
                    {
                        return self.end_election(n.vote, false);
                    }
                }
                // Before joining an established ensemble, a quorum must follow the
                // same leader, and the leader must say it leads (ZOOKEEPER-1732).
                self.outofelection[from as usize] = Some(got);
                if self.quorum_for(&self.outofelection, &got)
                    && self.check_leader(&self.outofelection, leader, n.round)
                {
                    self.round = n.round;
                    self.end_election(n.vote, true);
                }
            }
        }
    }

    /// getVoteTracker(...).hasAllQuorums(): a quorum of voters sent a matching vote.
    fn quorum_for(&self, votes: &[Option<Received>], v: &Received) -> bool {
        let set = (1..votes.len() as NodeId)
            .filter(|&i| votes[i as usize].is_some_and(|r| r.matches(v)))
            .fold(0, |s, i| s | bit(i));
        self.quorum(set)
    }

    /// checkLeader: the leader must have told us it is LEADING, unless it is us.
    fn check_leader(&self, votes: &[Option<Received>], leader: NodeId, round: Round) -> bool {
        if leader == self.id() {
            self.round == round
        } else {
            votes[leader as usize].is_some_and(|r| r.state == Role::Leading)
        }
    }

    /// A quorum shares our vote: wait `finalizeWait` for a better one.
    fn check_votes(&mut self) {
        if !self.finalizing && self.quorum_for(&self.recvset, &self.my_vote()) {
            self.finalizing = true;
            self.note(Note::QuorumForVote {
                leader: self.vote.leader,
            });
            self.out.election_timer = Some(Timer::After(self.config.finalize_wait));
        }
    }

    fn on_election_timeout(&mut self) {
        if self.role != Role::Looking {
            return;
        }
        if self.finalizing {
            return self.end_election(self.vote, false);
        }
        // No notification for notTimeout: send ours again and back off.
        self.send_notifications();
        self.not_timeout = (self.not_timeout * 2).min(self.config.max_notification_interval);
        self.out.election_timer = Some(Timer::After(self.not_timeout));
        self.check_votes();
    }

    /// setPeerState and leaveInstance: LEADING if the vote is ours, else a learner.
    fn end_election(&mut self, vote: Vote, joined: bool) {
        self.vote = vote;
        self.finalizing = false;
        self.out.election_timer = Some(Timer::Stop);
        self.note(Note::Elected {
            leader: vote.leader,
            round: self.round,
        });
        if joined {
            self.note(Note::JoinedLeader {
                leader: vote.leader,
            });
        }
        self.leader = Some(vote.leader);
        self.ticks = 0;
        if vote.leader == self.id() {
            self.lead();
        } else {
            self.follow();
        }
    }

    // ---- the leader (Leader.lead, LearnerHandler.run) ------------------------

    fn lead(&mut self) {
        let me = self.id();
        self.role = Role::Leading;
        self.phase = Phase::Discovery;
        self.summary = (self.current_epoch, self.last_zxid());
        self.learners.fill(Learner::default());
        // The leader counts itself: getEpochToPropose(self.getId(), acceptedEpoch),
        // waitForEpochAck(self.getId(), …), waitForNewLeaderAck(self.getId(), …).
        (self.connecting, self.electing, self.new_leader_acks) = (bit(me), bit(me), bit(me));
        self.epoch_to_propose = self.accepted_epoch + 1;
        self.new_epoch = None;
        self.epoch_acked = false;
        self.maybe_decide_epoch();
    }

    /// getEpochToPropose: once a quorum connected, the new epoch is the highest
    /// accepted epoch among them plus one; every waiting learner gets LEADERINFO.
    fn maybe_decide_epoch(&mut self) {
        if self.new_epoch.is_some() || !self.quorum(self.connecting) {
            return;
        }
        let epoch = self.epoch_to_propose;
        self.new_epoch = Some(epoch);
        self.accepted_epoch = epoch;
        self.note(Note::EpochProposed { epoch });
        for id in self.learner_ids(|l| l.connected) {
            let session = self.learners[id as usize].session;
            self.send(id, Body::LeaderInfo { epoch, session });
        }
        self.maybe_finish_discovery();
    }

    /// waitForEpochAck: once a quorum acknowledged the new epoch, the leader takes
    /// it as its current epoch and synchronizes everyone who acknowledged it.
    fn maybe_finish_discovery(&mut self) {
        let Some(epoch) = self.new_epoch else { return };
        if self.epoch_acked || !self.quorum(self.electing) {
            return;
        }
        self.epoch_acked = true;
        self.current_epoch = epoch;
        self.phase = Phase::Synchronization;
        for id in self.learner_ids(|l| l.last_zxid.is_some()) {
            self.sync_learner(id);
        }
        self.maybe_establish();
    }

    fn step_leader(&mut self, from: NodeId, body: Body, seq: u32) {
        let i = from as usize;
        if let Body::FollowerInfo {
            accepted_epoch,
            observer,
            session,
        } = body
        {
            // A new LearnerHandler for this server.
            self.learners[i] = Learner {
                connected: true,
                observer,
                session,
                received: seq,
                last_heard: self.ticks,
                ..Learner::default()
            };
            match self.new_epoch {
                Some(epoch) => self.send(from, Body::LeaderInfo { epoch, session }),
                None => {
                    self.epoch_to_propose = self.epoch_to_propose.max(accepted_epoch + 1);
                    if !observer && self.voter(from) {
                        self.connecting |= bit(from);
                    }
                    self.maybe_decide_epoch();
                }
            }
            return;
        }
        if !self.learners[i].connected {
            return; // no handler: a learner of an earlier leadership
        }
        if seq != self.learners[i].received + 1 {
            self.note(Note::Disconnected { id: from });
            self.learners[i] = Learner::default();
            return;
        }
        self.learners[i].received = seq;
        self.learners[i].last_heard = self.ticks;
        let counts = !self.learners[i].observer && self.voter(from);
        match body {
            Body::AckEpoch {
                current_epoch,
                last_zxid,
            } => {
                if self.new_epoch.is_none() || self.learners[i].last_zxid.is_some() {
                    return;
                }
                // waitForEpochAck: until discovery is over, a follower more recent
                // than the leader (StateSummary.isMoreRecentThan) is refused.
                let ahead = !self.epoch_acked
                    && current_epoch.is_some_and(|e| {
                        if self.config.bugs.elect_without_zxid {
                            e > self.summary.0
                        } else {
                            (e, last_zxid) > self.summary
                        }
                    });
                if ahead {
                    self.note(Note::FollowerAhead { id: from });
                    self.learners[i] = Learner::default();
                    return;
                }
                self.learners[i].last_zxid = Some(last_zxid);
                // Only a learner that had not accepted this epoch before counts.
                if counts && current_epoch.is_some() {
                    self.electing |= bit(from);
                }
                if self.epoch_acked {
                    self.sync_learner(from);
                } else {
                    self.maybe_finish_discovery();
                }
            }
            Body::Ack { zxid } => {
                let l = self.learners[i];
                if Some(zxid) == self.new_epoch.map(|e| Zxid::new(e, 0)) {
                    if !l.forwarding || l.synced {
                        return;
                    }
                    self.learners[i].synced = true;
                    if self.established {
                        self.send(from, Body::UpToDate);
                    } else if counts {
                        self.new_leader_acks |= bit(from);
                        self.maybe_establish();
                    }
                } else if counts {
                    // processAck
                    if let Some(p) = self.outstanding.iter_mut().find(|p| p.0 == zxid) {
                        p.1 |= bit(from);
                    }
                    self.try_commit();
                }
            }
            _ => {} // PING: heard from it, as above
        }
    }

    /// LearnerHandler.syncFollower, then startForwarding, then NEWLEADER.
    fn sync_learner(&mut self, to: NodeId) {
        let Some(epoch) = self.new_epoch else { return };
        let l = self.learners[to as usize];
        let Some(peer) = l.last_zxid else { return };
        // The leader's committed log: all of its history before it is established
        // (it becomes committed at the NEWLEADER quorum), the committed part after.
        let max = if self.established {
            self.committed
        } else {
            self.last_zxid()
        };
        let end = self.history.partition_point(|t| t.zxid <= max);
        let (mut how, zxid, mut start) = if peer == max {
            (SyncKind::Diff, peer, end) // already in sync: an empty DIFF
        } else if peer > max {
            (SyncKind::Trunc, max, end) // newer than our committed log: cut
        } else {
            let i = self.history[..end].partition_point(|t| t.zxid <= peer);
            if (i == 0 && peer == Zxid::ZERO) || (i > 0 && self.history[i - 1].zxid == peer) {
                (SyncKind::Diff, peer, i)
            } else {
                // queueCommittedProposals: the peer's last zxid is not ours; cut it
                // back to the last zxid we share, then send the rest.
                let prev = if i == 0 {
                    Zxid::ZERO
                } else {
                    self.history[i - 1].zxid
                };
                (SyncKind::Trunc, prev, i)
            }
        };
        if end - start > self.config.snap_threshold {
            (how, start) = (SyncKind::Snap, end);
        }
        self.note(Note::Sync { to, how, zxid });
        let body = match how {
            SyncKind::Diff => Body::Diff { zxid },
            SyncKind::Trunc => Body::Trunc { zxid },
            SyncKind::Snap => Body::Snap {
                history: self.history[..end].to_vec(),
            },
        };
        // DIFF: each missing transaction as PROPOSAL then COMMIT; then
        // startForwarding: the outstanding proposals; then NEWLEADER.
        let mut sent = vec![body];
        for t in &self.history[start..end] {
            let zxid = t.zxid;
            sent.extend([Body::Proposal(t.clone()), Body::Commit { zxid }]);
        }
        if !l.observer {
            sent.extend(self.history[end..].iter().cloned().map(Body::Proposal));
        }
        sent.push(Body::NewLeader {
            zxid: Zxid::new(epoch, 0),
        });
        for body in sent {
            self.send(to, body);
        }
        self.learners[to as usize].forwarding = true;
    }

    /// waitForNewLeaderAck: a quorum holds the leader's history; it is committed,
    /// and the leader starts serving (UPTODATE to those synced).
    fn maybe_establish(&mut self) {
        if self.established || !self.epoch_acked || !self.quorum(self.new_leader_acks) {
            return;
        }
        self.established = true;
        self.phase = Phase::Broadcast;
        self.committed = self.committed.max(self.last_zxid());
        // QuorumPeer.updateElectionVote (ZOOKEEPER-1732): answer late servers
        // with the epoch actually led, or they never see a quorum agree.
        self.vote.epoch = self.current_epoch;
        self.note(Note::Established {
            epoch: self.current_epoch,
            zxid: self.committed,
        });
        for id in self.learner_ids(|l| l.synced) {
            self.learners[id as usize].last_heard = self.ticks;
            self.send(id, Body::UpToDate);
        }
    }

    /// tryToCommit: the oldest outstanding proposal commits once a quorum acked
    /// it, and only then the next one (commits go out in zxid order).
    fn try_commit(&mut self) {
        while let Some(&(zxid, acks)) = self.outstanding.first() {
            if !self.quorum(acks) {
                break;
            }
            self.outstanding.remove(0);
            self.committed = zxid;
            self.note(Note::Committed { zxid });
            for id in self.forwarding(false) {
                self.send(id, Body::Commit { zxid });
            }
            let txn = self.history.iter().find(|t| t.zxid == zxid).cloned();
            for id in self.forwarding(true) {
                self.send(id, Body::Inform(txn.clone().expect("proposed")));
            }
        }
    }

    fn learner_ids(&self, f: impl Fn(&Learner) -> bool) -> Vec<NodeId> {
        (1..self.learners.len() as NodeId)
            .filter(|&i| f(&self.learners[i as usize]))
            .collect()
    }

    /// Learners taking new proposals (followers) or informs (`observers`).
    fn forwarding(&self, observers: bool) -> Vec<NodeId> {
        self.learner_ids(|l| l.forwarding && l.observer == observers)
    }

    // ---- the learner (Learner.java, Follower.java, Observer.java) ------------

    /// Learner.registerWithLeader: FOLLOWERINFO with the accepted epoch.
    fn follow(&mut self) {
        let observer = !self.voter(self.id());
        self.role = if observer {
            Role::Observing
        } else {
            Role::Following
        };
        self.phase = Phase::Discovery;
        self.pending.clear();
        self.sync_commit = Zxid::ZERO;
        self.new_leader_acked = false;
        (self.session, self.sent, self.received) = (self.session + 1, 0, 0);
        let body = Body::FollowerInfo {
            accepted_epoch: self.accepted_epoch,
            observer,
            session: self.session,
        };
        self.send(self.vote.leader, body);
    }

    fn step_learner(&mut self, from: NodeId, body: Body, seq: u32) {
        if self.phase == Phase::Discovery {
            match body {
                Body::LeaderInfo { epoch, session } if session == self.session => {
                    self.received = seq;
                    self.ticks = 0;
                    self.leader_info(from, epoch);
                }
                _ => {} // left over from an earlier connection
            }
            return;
        }
        if seq != self.received + 1 {
            // A lost packet: the connection is broken (Learner's socket error).
            self.note(Note::LeaderLost { leader: from });
            return self.look();
        }
        self.received = seq;
        self.ticks = 0;
        match (self.phase, body) {
            (_, Body::Ping) => self.send(from, Body::Ping),
            (Phase::Synchronization, body) => self.sync_step(from, body),
            (_, Body::Proposal(t)) => {
                // Follower.processPacket: log it, then ACK (SendAckRequestProcessor).
                let zxid = t.zxid;
                self.append(t);
                self.send(from, Body::Ack { zxid });
            }
            (_, Body::Commit { zxid }) => self.commit_to(zxid),
            (_, Body::Inform(t)) => {
                let zxid = t.zxid;
                self.append(t);
                self.commit_to(zxid);
            }
            _ => {}
        }
    }

    /// registerWithLeader: LEADERINFO. Accept a newer epoch; refuse an older one.
    fn leader_info(&mut self, from: NodeId, epoch: Epoch) {
        let current = if epoch > self.accepted_epoch {
            self.accepted_epoch = epoch;
            self.note(Note::EpochAccepted { epoch });
            Some(self.current_epoch)
        } else if epoch == self.accepted_epoch {
            None
        } else {
            self.note(Note::EpochRefused { epoch });
            return self.look();
        };
        let last_zxid = self.last_zxid();
        let body = Body::AckEpoch {
            current_epoch: current,
            last_zxid,
        };
        self.send(from, body);
        self.phase = Phase::Synchronization;
    }

    /// Learner.syncWithLeader.
    fn sync_step(&mut self, from: NodeId, body: Body) {
        match body {
            Body::Diff { zxid } => self.sync_commit = zxid,
            Body::Trunc { zxid } => {
                if self.config.bugs.skip_truncate {
                    self.note(Note::TruncateSkipped { zxid });
                } else {
                    let keep = self.history.partition_point(|t| t.zxid <= zxid);
                    self.history.truncate(keep);
                    self.note(Note::Truncated { zxid });
                    self.cut(zxid);
                }
                self.sync_commit = zxid;
            }
            Body::Snap { history } => {
                self.history = history;
                let zxid = self.last_zxid();
                self.note(Note::SnapshotInstalled { zxid });
                self.out.restore = true;
                self.delivered = Zxid::ZERO;
                self.cut(zxid);
                self.sync_commit = zxid;
            }
            Body::Proposal(t) | Body::Inform(t) if !self.new_leader_acked => self.pending.push(t),
            Body::Proposal(t) => {
                let zxid = t.zxid;
                self.append(t);
                self.send(from, Body::Ack { zxid });
            }
            Body::Inform(t) => {
                self.sync_commit = t.zxid;
                self.append(t);
            }
            Body::Commit { zxid } => self.sync_commit = self.sync_commit.max(zxid),
            Body::NewLeader { zxid } if !self.new_leader_acked => {
                // Log what synchronization sent, take the new epoch, acknowledge;
                // the leader's outstanding proposals among them are acked too.
                let mut acks = vec![zxid];
                for t in std::mem::take(&mut self.pending) {
                    if t.zxid.epoch == zxid.epoch {
                        acks.push(t.zxid);
                    }
                    self.append(t);
                }
                self.current_epoch = zxid.epoch;
                // QuorumPeer.updateElectionVote (ZOOKEEPER-1732), as the leader does.
                self.vote.epoch = zxid.epoch;
                self.new_leader_acked = true;
                self.note(Note::NewLeaderAcked { epoch: zxid.epoch });
                for zxid in acks {
                    self.send(from, Body::Ack { zxid });
                }
            }
            Body::UpToDate if self.new_leader_acked => {
                self.phase = Phase::Broadcast;
                self.note(Note::UpToDate { leader: from });
                self.commit_to(self.sync_commit);
            }
            _ => {}
        }
    }

    fn append(&mut self, t: Txn) {
        if t.zxid > self.last_zxid() {
            self.history.push(t);
        }
    }

    /// The history now ends at `zxid`: nothing beyond it stays committed, and
    /// what was delivered beyond it must be undone (only a teaching bug gets here).
    fn cut(&mut self, zxid: Zxid) {
        self.committed = self.committed.min(zxid);
        if self.delivered > zxid {
            self.out.restore = true;
            self.delivered = Zxid::ZERO;
        }
    }

    /// FollowerZooKeeperServer.commit: commit up to `zxid` (what we hold of it).
    fn commit_to(&mut self, zxid: Zxid) {
        let zxid = zxid.min(self.last_zxid());
        if zxid > self.committed {
            self.committed = zxid;
            self.note(Note::Committed { zxid });
        }
    }

    // ---- ticks (Leader.lead's loop, the learner's socket timeout) -------------

    fn on_tick(&mut self) {
        self.out.tick_timer = Some(Timer::After(self.config.tick));
        self.ticks += 1;
        match self.role {
            Role::Looking => {}
            Role::Leading if !self.established => {
                // initLimit: discovery and synchronization must finish in time.
                if self.ticks > self.config.init_limit {
                    self.note(Note::QuorumLost {
                        epoch: self.new_epoch.unwrap_or(self.current_epoch),
                    });
                    self.look();
                }
            }
            Role::Leading => {
                // "Not sufficient followers synced": syncLimit since the last word.
                let (now, limit, me) = (self.ticks, self.config.sync_limit, self.id());
                let synced = self.learner_ids(|l| l.synced && l.last_heard + limit >= now);
                if !self.quorum(synced.iter().fold(bit(me), |s, &i| s | bit(i))) {
                    self.note(Note::QuorumLost {
                        epoch: self.current_epoch,
                    });
                    return self.look();
                }
                for id in self.learner_ids(|l| l.connected) {
                    self.send(id, Body::Ping);
                }
            }
            Role::Following | Role::Observing => {
                let limit = if self.phase == Phase::Broadcast {
                    self.config.sync_limit
                } else {
                    self.config.init_limit
                };
                if self.ticks > limit {
                    let leader = self.leader.unwrap_or(0);
                    self.note(Note::LeaderLost { leader });
                    self.look();
                }
            }
        }
    }

    // ---- accessors -------------------------------------------------------------

    /// This server's id.
    pub fn id(&self) -> NodeId {
        self.config.id
    }

    /// Its configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Its state: looking, following, leading or observing.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The phase it is in.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The epoch of the last NEWLEADER it acknowledged (or led).
    pub fn current_epoch(&self) -> Epoch {
        self.current_epoch
    }

    /// The last epoch it accepted.
    pub fn accepted_epoch(&self) -> Epoch {
        self.accepted_epoch
    }

    /// Its election round (`logicalclock`).
    pub fn round(&self) -> Round {
        self.round
    }

    /// Its vote: during an election the one it proposes, after it the one that won.
    pub fn vote(&self) -> Vote {
        self.vote
    }

    /// Whether it is in the finalize wait.
    pub fn finalizing(&self) -> bool {
        self.finalizing
    }

    /// The votes it received in this round, by sender (its own included).
    pub fn votes_received(&self) -> impl Iterator<Item = (NodeId, Received)> + '_ {
        (0..self.recvset.len()).filter_map(|i| self.recvset[i].map(|r| (i as NodeId, r)))
    }

    /// Its history (the logged transactions), in zxid order.
    pub fn history(&self) -> &[Txn] {
        &self.history
    }

    /// Its last logged zxid (`getLastLoggedZxid`).
    pub fn last_zxid(&self) -> Zxid {
        self.history.last().map_or(Zxid::ZERO, |t| t.zxid)
    }

    /// The last zxid it knows committed.
    pub fn committed(&self) -> Zxid {
        self.committed
    }

    /// The last zxid it delivered to its state machine.
    pub fn delivered(&self) -> Zxid {
        self.delivered
    }

    /// The leader it follows, or itself when leading.
    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }

    /// Whether it is a leader that a quorum has synchronized with.
    pub fn established(&self) -> bool {
        self.established
    }

    /// A leader's outstanding proposals, with the voters that acknowledged each.
    pub fn outstanding(&self) -> &[(Zxid, IdSet)] {
        &self.outstanding
    }

    /// What it keeps on disk.
    pub fn persistent(&self) -> Persistent {
        Persistent {
            history: self.history.clone(),
            accepted_epoch: self.accepted_epoch,
            current_epoch: self.current_epoch,
        }
    }
}
