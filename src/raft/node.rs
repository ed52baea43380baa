//! One Raft server (Figure 2), sans-IO: inputs in, outputs out, no clock and no
//! randomness of its own. The world hands in the time and draws timer jitter.
//!
//! Reading order: the state of Figure 2; the inputs (`handle`, `propose`); `step`,
//! the rules every server follows on a message, then what each role does with it
//! (`step_leader`, `step_candidate`, `step_follower`); elections and the role
//! transitions (`become_*`); the receivers of the two RPCs; replication. Then, in
//! `node/`: `membership.rs` (configurations and their changes, thesis ch. 4),
//! `transfer.rs` (leadership transfer, thesis §3.10) and `snapshot.rs` (log
//! compaction and InstallSnapshot, paper §7).

use super::io::{
    AppendRefusal, Change, ChangeRefusal, IdSet, Input, Note, Output, Persistent, Refusal, Role,
    Snapshot, Timer,
};
use super::log::{Entry, Log};
use super::membership::ids;
use super::membership::Membership;
use super::message::{
    AppendEntries, AppendEntriesResponse, Body, InstallSnapshot, Message, RequestVote,
    RequestVoteResponse,
};
use super::options::{Config, Options};
use super::{Index, NodeId, Term, Time};
use read::Reads;
pub use read::CLOCK_DRIFT_BOUND;

/// One Raft server.
#[derive(Clone, Debug)]
pub struct Node {
    config: Config,

    // Persistent state on all servers (Figure 2): it survives a crash.
    /// The latest term this server has seen; it never goes back (§5.1).
    current_term: Term,
    /// The candidate this server voted for in `current_term`: reset whenever the
    /// term changes, so a vote never outlives its term. A candidate and a leader
    /// have voted for themselves.
    voted_for: Option<NodeId>,
    /// The log. A leader only appends to its own (Leader Append-Only, §5.3).
    log: Log,
    /// The latest snapshot (§7); its last index and term are the log's.
    snapshot: Option<Snapshot>,

    // Volatile state on all servers: lost in a crash.
    role: Role,
    /// The highest index known to be committed. It never goes back, and it is at
    /// most the last log index: no server ever deletes a committed entry (§5.4)
    /// — unless a teaching bug broke safety, which the world's invariants report.
    commit_index: Index,
    /// The highest index handed to the state machine: `last_applied ≤ commit_index`.
    last_applied: Index,
    /// The leader of `current_term`, if this server knows it.
    leader_id: Option<NodeId>,
    /// When we last accepted an AppendEntries from a leader of our term.
    last_leader_contact: Option<Time>,
    /// The configuration in effect (thesis §4.1), cached: the latest configuration
    /// entry in the log, else the snapshot's, else the bootstrap one.
    membership: Membership,
    /// Where `membership` comes from: the index of that entry, or the snapshot's
    /// last index, or 0 for the bootstrap configuration.
    config_index: Index,
    /// The time of the latest input that carried one.
    now: Time,

    // Volatile state on (pre-)candidates: who granted and who refused.
    votes: IdSet,
    refusals: IdSet,

    // Volatile state on leaders, indexed by server id (slot 0 unused), reset on
    // election. For each peer: `match_index < next_index ≤ last log index + 1`.
    /// The index of the next entry to send to each server.
    next_index: Vec<Index>,
    /// The highest index known to be replicated on each server.
    match_index: Vec<Index>,
    /// Peers heard from since the last quorum check (CheckQuorum, thesis §6.2).
    recent_active: IdSet,
    /// A learner being caught up before it becomes a voter (thesis §4.2.1).
    catch_up: Option<CatchUp>,
    /// Single-server mode: the voter set still to reach, one change at a time.
    target: Option<IdSet>,
    /// A leadership transfer under way (thesis §3.10).
    transfer: Option<Transfer>,
    /// Peers sent an InstallSnapshot not yet answered (resent once per heartbeat).
    snapshot_pending: IdSet,
    /// Reads waiting for leadership to be confirmed, heartbeat rounds, the lease
    /// (thesis §6.4).
    reads: Reads,
    /// The round of the AppendEntries being answered (echoed in the reply).
    reply_round: u64,

    /// What the current input has produced so far.
    out: Output,
}

fn bit(id: NodeId) -> IdSet {
    1 << id
}

impl Node {
    /// A server starting from `persistent` state, as a follower with nothing
    /// committed: at first boot, or after a crash (volatile state is lost).
    pub fn new(config: Config, persistent: Persistent) -> Node {
        let slots = config.cluster_size as usize + 1;
        // Everything a snapshot covers is committed and applied (restored by `start`).
        let snapshot_index = persistent.log.snapshot_index();
        let mut node = Node {
            current_term: persistent.current_term,
            voted_for: persistent.voted_for,
            log: persistent.log,
            snapshot: persistent.snapshot,
            role: Role::Follower,
            commit_index: snapshot_index,
            last_applied: snapshot_index,
            leader_id: None,
            last_leader_contact: None,
            membership: config.bootstrap,
            config_index: 0,
            now: 0,
            votes: 0,
            refusals: 0,
            next_index: vec![1; slots],
            match_index: vec![0; slots],
            recent_active: 0,
            catch_up: None,
            target: None,
            transfer: None,
            snapshot_pending: 0,
            reads: Reads::default(),
            reply_round: 0,
            out: Output::default(),
            config,
        };
        (node.membership, node.config_index) = node.membership_at(node.log.last_index());
        node
    }

    /// A server restarting after a crash. With the teaching bug
    /// `forget-vote-on-restart`, the vote was never written to disk.
    pub fn recover(config: Config, mut persistent: Persistent) -> Node {
        if config.options.bugs.forget_vote_on_restart {
            persistent.voted_for = None;
        }
        Node::new(config, persistent)
    }

    /// Arms the election timer of a server that just (re)started (a voter's
    /// only: learners and spares never campaign), and hands the world its
    /// snapshot to rebuild the state machine from (§7).
    pub fn start(&mut self) -> Output {
        self.out.election_timer = Some(self.follower_timer());
        self.out.restore = self.snapshot.clone();
        self.finish()
    }

    // ---- inputs ------------------------------------------------------------

    /// Handles one input at time `now`.
    pub fn handle(&mut self, now: Time, input: Input) -> Output {
        self.tick(now);
        match input {
            Input::ElectionTimeout => self.on_election_timeout(),
            Input::HeartbeatTimeout => {
                if self.role == Role::Leader {
                    self.snapshot_pending = 0; // resend unanswered snapshots
                    self.bcast_append();
                    self.out.heartbeat_timer = Some(Timer::After(self.config.heartbeat_interval));
                }
            }
            Input::Receive(m) => self.step(now, m),
        }
        self.finish()
    }

    /// Deadlines a leader checks on every input that carries the time: a
    /// transfer that took too long (§3.10), a catch-up round that did (§4.2.1).
    fn tick(&mut self, now: Time) {
        self.now = now;
        if self.role != Role::Leader {
            return;
        }
        if let Some(t) = self.transfer {
            if now >= t.deadline {
                self.transfer = None;
                self.note(Note::TransferAborted { to: t.to });
            }
        }
        if self.catch_up_overdue() {
            self.next_catch_up_round();
        }
    }

    /// A client asks to append `cmd`. Only a leader accepts (§5.3); anyone else
    /// answers with the leader it knows, if any, for the client to redirect. A
    /// leader handing over leadership takes no writes (thesis §3.10): `Err(None)`.
    pub fn propose(
        &mut self,
        cmd: String,
        write_id: u32,
    ) -> Result<(Index, Output), Option<NodeId>> {
        if self.role != Role::Leader {
            return Err(self.leader_id);
        }
        if self.transfer.is_some() {
            return Err(None);
        }
        self.log.append(Entry {
            term: self.current_term,
            cmd: Some(cmd),
            write_id: Some(write_id),
            config: None,
        });
        let index = self.log.last_index();
        self.bcast_append();
        self.maybe_commit();
        Ok((index, self.finish()))
    }

    /// Switches options while running.
    pub fn set_options(&mut self, options: Options) -> Output {
        let cq_changed = options.check_quorum != self.config.options.check_quorum;
        self.config.options = options;
        if self.role == Role::Leader && cq_changed {
            self.recent_active = 0;
            self.out.election_timer = Some(self.leader_election_timer());
        }
        self.finish()
    }

    /// Changes the timing the node relies on (lease length, heartbeat period).
    pub fn set_timing(&mut self, election_timeout_min: Time, heartbeat_interval: Time) {
        self.config.election_timeout_min = election_timeout_min;
        self.config.heartbeat_interval = heartbeat_interval;
    }

    /// Ends an input: newly committed entries are applied (Figure 2, all servers:
    /// "if commitIndex > lastApplied, apply"), and the output goes to the world.
    fn finish(&mut self) -> Output {
        if self.commit_index > self.last_applied {
            self.out.apply = Some((self.last_applied + 1, self.commit_index));
            self.last_applied = self.commit_index;
        }
        self.debug_check_rules();
        std::mem::take(&mut self.out)
    }

    fn send(&mut self, to: NodeId, body: impl Into<Body>) {
        self.out.messages.push(Message {
            from: self.config.id,
            to,
            body: body.into(),
        });
    }

    fn note(&mut self, note: Note) {
        self.out.notes.push(note);
    }

    // ---- messages: the rules for all servers, then per role ------------------

    /// Receives one message: first the term rules every server follows (Figure 2,
    /// "Rules for Servers"), then the vote rules of any role, then the role's own.
    fn step(&mut self, now: Time, m: Message) {
        let Message { from, body, .. } = m;
        let term = body.term();
        if term > self.current_term {
            match &body {
                // Pre-votes change no one's term; a granted pre-vote carries the
                // proposed term, which is not a sign that we are behind (thesis §9.6).
                Body::RequestVote(req) if req.pre_vote => {}
                Body::RequestVoteResponse(resp) if resp.pre_vote && resp.vote_granted => {}
                // Thesis §4.2.3: within a minimum election timeout of hearing from a
                // leader, a vote request neither changes our term nor gets our vote,
                // so a server that was cut off cannot depose a working leader.
                // Unless the leader itself asked for this election (thesis §3.10).
                Body::RequestVote(req)
                    if !req.transfer && self.config.options.check_quorum && self.in_lease(now) =>
                {
                    self.note(Note::VoteRefused {
                        candidate: from,
                        term,
                        pre_vote: false,
                        reason: Refusal::LeaderAlive,
                    });
                    let refusal = RequestVoteResponse {
                        term: self.current_term,
                        pre_vote: false,
                        vote_granted: false,
                    };
                    self.send(from, refusal);
                    return;
                }
                // §5.1: a higher term makes any server a follower of that term.
                _ => {
                    self.note(Note::AdoptedTerm { term, from });
                    let leader = matches!(body, Body::AppendEntries(_) | Body::InstallSnapshot(_))
                        .then_some(from);
                    self.become_follower(term, leader);
                }
            }
        }
        match body {
            // Any role answers a vote request.
            Body::RequestVote(req) => self.handle_request_vote(now, from, req),
            Body::TimeoutNow(req) if self.role != Role::Leader => {
                self.handle_timeout_now(from, req)
            }
            body => match self.role {
                Role::Leader => self.step_leader(from, body),
                Role::Candidate | Role::PreCandidate => self.step_candidate(now, from, body),
                Role::Follower => self.step_follower(now, from, body),
            },
        }
    }

    /// A leader handles its followers' answers.
    fn step_leader(&mut self, from: NodeId, body: Body) {
        match body {
            Body::AppendEntriesResponse(resp) => self.handle_append_response(from, resp),
            // From a stale leader, or from another leader of our term: that takes a
            // teaching bug (two votes in one term).
            Body::AppendEntries(AppendEntries {
                term,
                prev_log_index: index,
                ..
            })
            | Body::InstallSnapshot(InstallSnapshot {
                term,
                snapshot: Snapshot { index, .. },
            }) => {
                let reason = if term < self.current_term {
                    AppendRefusal::StaleTerm
                } else {
                    AppendRefusal::SameTermLeader
                };
                self.note(Note::AppendRefused {
                    leader: from,
                    prev_log_index: index,
                    reason,
                });
                self.reply_append(from, false, index, None, None);
            }
            _ => {} // late answers to the election we won
        }
    }

    /// A (pre-)candidate counts votes, and yields to a leader of its term (§5.2).
    fn step_candidate(&mut self, now: Time, from: NodeId, body: Body) {
        match body {
            Body::RequestVoteResponse(resp) => self.handle_vote_response(from, resp),
            Body::AppendEntries(_) | Body::InstallSnapshot(_) => {
                if body.term() == self.current_term {
                    self.become_follower(body.term(), Some(from));
                }
                self.step_follower(now, from, body);
            }
            _ => {} // AppendEntries answers from a leadership that is over
        }
    }

    /// A follower takes entries (§5.3) or a snapshot (§7) from the leader of its term.
    fn step_follower(&mut self, now: Time, from: NodeId, body: Body) {
        // Other messages are late answers from an election or a leadership that is over.
        match body {
            Body::AppendEntries(req) => self.handle_append_entries(now, from, req),
            Body::InstallSnapshot(req) => self.handle_install_snapshot(now, from, req),
            _ => {}
        }
    }

    // ---- elections (§5.2) ----------------------------------------------------

    fn on_election_timeout(&mut self) {
        match self.role {
            Role::Leader => self.check_quorum(),
            // Only a voter of its own configuration campaigns (etcd's `promotable`):
            // learners, spares and removed servers wait to be told.
            _ if !self.may_campaign() => self.out.election_timer = Some(Timer::Stop),
            _ => self.campaign(self.config.options.prevote, false),
        }
    }

    /// Starts a pre-vote round (thesis §9.6) or a real election (§5.2), asking
    /// every voter of its configuration (both sets in a joint one, paper §6).
    /// `transfer`: the leader asked for it with TimeoutNow (thesis §3.10).
    fn campaign(&mut self, pre_vote: bool, transfer: bool) {
        let term = if pre_vote {
            self.become_pre_candidate();
            self.current_term + 1
        } else {
            self.become_candidate();
            self.current_term
        };
        self.note(Note::TimedOut { term, pre_vote });
        self.out.election_timer = Some(Timer::Randomized);
        self.out.heartbeat_timer = Some(Timer::Stop);
        let (last_log_index, last_log_term) = (self.log.last_index(), self.log.last_term());
        for peer in ids(self.membership.all_voters() & !bit(self.config.id)) {
            let req = RequestVote {
                term,
                pre_vote,
                last_log_index,
                last_log_term,
                transfer,
            };
            self.send(peer, req);
        }
        self.maybe_win_election();
    }

    fn maybe_win_election(&mut self) -> bool {
        if !self.membership.is_quorum(self.votes) {
            return false;
        }
        match self.role {
            Role::PreCandidate => self.campaign(false, false),
            Role::Candidate => self.become_leader(),
            _ => return false,
        }
        true
    }

    /// Any role becomes a follower: on a higher term (§5.1), on hearing the leader
    /// of its term (§5.2), or a leader that lost its majority (thesis §6.2).
    fn become_follower(&mut self, term: Term, leader: Option<NodeId>) {
        debug_assert!(term >= self.current_term, "terms never go back (§5.1)");
        let was = self.role;
        if term > self.current_term {
            self.current_term = term;
            self.voted_for = None; // a vote is for one term only
        }
        self.role = Role::Follower;
        self.leader_id = leader;
        self.votes = 0;
        self.refusals = 0;
        if was == Role::Leader {
            self.out.heartbeat_timer = Some(Timer::Stop);
            self.out.election_timer = Some(self.follower_timer());
            // A transfer ends when the leader steps down; changes under way stop.
            (self.catch_up, self.target, self.transfer) = (None, None, None);
            self.snapshot_pending = 0;
            self.reads = Reads::default(); // reads waiting here get no answer
        }
    }

    /// A follower or (pre-)candidate asks whether it could win, without raising
    /// its term (thesis §9.6). A leader never campaigns.
    fn become_pre_candidate(&mut self) {
        debug_assert_ne!(self.role, Role::Leader, "a leader cannot campaign");
        self.role = Role::PreCandidate;
        self.leader_id = None;
        self.votes = bit(self.config.id);
        self.refusals = 0;
    }

    /// A follower or (pre-)candidate increments currentTerm and votes for itself
    /// (Figure 2, Candidates). A leader never campaigns.
    fn become_candidate(&mut self) {
        debug_assert_ne!(self.role, Role::Leader, "a leader cannot campaign");
        self.current_term += 1;
        self.voted_for = Some(self.config.id);
        self.role = Role::Candidate;
        self.leader_id = None;
        self.votes = bit(self.config.id);
        self.refusals = 0;
    }

    /// A candidate with votes from a majority becomes leader (§5.2); only a
    /// candidate can, never a follower or a pre-candidate directly.
    fn become_leader(&mut self) {
        debug_assert_eq!(self.role, Role::Candidate, "only a candidate wins");
        self.role = Role::Leader;
        self.leader_id = Some(self.config.id);
        let next = self.log.last_index() + 1;
        self.next_index.iter_mut().for_each(|n| *n = next);
        self.match_index.iter_mut().for_each(|m| *m = 0);
        self.recent_active = 0;
        self.reads = Reads::default(); // no lease, no confirmed round yet
        self.note(Note::BecameLeader {
            term: self.current_term,
        });
        if self.config.options.leader_noop {
            self.log.append(Entry::noop(self.current_term));
        }
        self.bcast_append();
        self.out.heartbeat_timer = Some(Timer::After(self.config.heartbeat_interval));
        self.out.election_timer = Some(self.leader_election_timer());
        self.maybe_commit();
        self.advance_config(); // e.g. finish a joint change an earlier leader began
    }

    /// A leader's election timer is the CheckQuorum period, or stopped.
    fn leader_election_timer(&self) -> Timer {
        if self.config.options.check_quorum {
            Timer::After(self.config.election_timeout_min)
        } else {
            Timer::Stop
        }
    }

    /// CheckQuorum (thesis §6.2): a leader steps down if an election timeout
    /// passes without answers from a majority, so clients can try another server.
    fn check_quorum(&mut self) {
        if !self.config.options.check_quorum {
            self.out.election_timer = Some(Timer::Stop);
            return;
        }
        // The leader counts itself only where it is a voter (`is_quorum` masks).
        let active = self.recent_active | bit(self.config.id);
        self.recent_active = 0;
        if self.membership.is_quorum(active) {
            self.out.election_timer = Some(self.leader_election_timer());
        } else {
            self.note(Note::LostQuorum {
                term: self.current_term,
            });
            self.become_follower(self.current_term, None);
        }
    }

    /// Whether a leader is known to be alive: we are it, or we heard from it less
    /// than a minimum election timeout ago (thesis §4.2.3; for pre-votes, §9.6).
    fn in_lease(&self, now: Time) -> bool {
        self.role == Role::Leader
            || matches!(self.last_leader_contact, Some(t)
                if self.leader_id.is_some() && now < t + self.config.election_timeout_min)
    }

    /// RequestVote receiver implementation (Figure 2), and pre-votes (thesis §9.6).
    fn handle_request_vote(&mut self, now: Time, candidate: NodeId, req: RequestVote) {
        let RequestVote {
            term,
            pre_vote,
            last_log_index,
            last_log_term,
            ..
        } = req;
        let up_to_date = self.config.options.bugs.vote_without_log_check
            || self.log.is_up_to_date(last_log_term, last_log_index);
        let refusal = if pre_vote {
            if term <= self.current_term {
                Some(Refusal::StaleTerm)
            } else if self.in_lease(now) {
                Some(Refusal::LeaderAlive)
            } else if !up_to_date {
                Some(Refusal::LogBehind)
            } else {
                None
            }
        } else if term < self.current_term {
            Some(Refusal::StaleTerm)
        } else if let Some(v) = self.voted_for.filter(|&v| v != candidate) {
            Some(Refusal::AlreadyVoted(v))
        } else if !up_to_date {
            Some(Refusal::LogBehind)
        } else {
            None
        };
        let granted = refusal.is_none();
        match refusal {
            None => self.note(Note::VoteGranted {
                candidate,
                term,
                pre_vote,
            }),
            Some(reason) => self.note(Note::VoteRefused {
                candidate,
                term,
                pre_vote,
                reason,
            }),
        }
        if granted && !pre_vote {
            self.voted_for = Some(candidate);
            self.out.election_timer = Some(self.follower_timer());
        }
        let reply_term = if granted && pre_vote {
            term
        } else {
            self.current_term
        };
        let resp = RequestVoteResponse {
            term: reply_term,
            pre_vote,
            vote_granted: granted,
        };
        self.send(candidate, resp);
    }

    fn handle_vote_response(&mut self, from: NodeId, resp: RequestVoteResponse) {
        let expected = match (resp.pre_vote, self.role) {
            (true, Role::PreCandidate) => self.current_term + 1,
            (false, Role::Candidate) => self.current_term,
            _ => return, // a late reply to an election that is over
        };
        if resp.vote_granted && resp.term == expected {
            self.votes |= bit(from);
            self.maybe_win_election();
        } else if !resp.vote_granted {
            self.refusals |= bit(from);
        }
    }

    // ---- log replication (§5.3) ---------------------------------------------

    /// AppendEntries receiver implementation (Figure 2).
    fn handle_append_entries(&mut self, now: Time, leader: NodeId, req: AppendEntries) {
        let AppendEntries {
            term,
            mut prev_log_index,
            mut prev_log_term,
            mut entries,
            leader_commit,
            round,
        } = req;
        self.reply_round = round;
        // 1. Reply false if term < currentTerm.
        if term < self.current_term {
            self.note(Note::AppendRefused {
                leader,
                prev_log_index,
                reason: AppendRefusal::StaleTerm,
            });
            self.reply_append(leader, false, prev_log_index, None, None);
            return;
        }
        debug_assert_eq!(self.role, Role::Follower, "only followers take entries");
        self.leader_id = Some(leader);
        self.last_leader_contact = Some(now);
        self.out.election_timer = Some(self.follower_timer());

        // Entries our snapshot covers are committed, so they match the leader's:
        // skip them and check from the snapshot's boundary instead (§7).
        let snapshot_index = self.log.snapshot_index();
        if prev_log_index < snapshot_index {
            let covered = (snapshot_index - prev_log_index) as usize;
            entries.drain(..covered.min(entries.len()));
            prev_log_index = snapshot_index;
            prev_log_term = self.log.snapshot_term();
        }

        // 2. Reply false if log doesn't contain an entry at prevLogIndex whose
        //    term matches prevLogTerm.
        match self.log.term_at(prev_log_index) {
            None => {
                self.note(Note::AppendRefused {
                    leader,
                    prev_log_index,
                    reason: AppendRefusal::MissingEntry,
                });
                let hint = self.log.last_index() + 1;
                self.reply_append(leader, false, prev_log_index, Some(hint), None);
                return;
            }
            Some(t) if t != prev_log_term => {
                self.note(Note::AppendRefused {
                    leader,
                    prev_log_index,
                    reason: AppendRefusal::TermMismatch,
                });
                let hint = self.log.first_index_of_term_before(prev_log_index);
                self.reply_append(leader, false, prev_log_index, Some(hint), Some(t));
                return;
            }
            Some(_) => {}
        }
        // 3. If an existing entry conflicts with a new one, delete it and all that
        //    follow. 4. Append any new entries not already in the log. An entry
        //    that matches is kept: a late, shorter AppendEntries must not cut the log.
        let last_new = prev_log_index + entries.len() as Index;
        for (i, entry) in (prev_log_index + 1..).zip(entries) {
            match self.log.term_at(i) {
                Some(t) if t == entry.term => continue,
                Some(_) => {
                    self.truncate_log(i);
                    self.append_entry(entry);
                }
                None => self.append_entry(entry),
            }
        }
        // 5. If leaderCommit > commitIndex, set commitIndex =
        //    min(leaderCommit, index of last new entry).
        let commit = leader_commit.min(last_new);
        if commit > self.commit_index {
            self.commit_index = commit;
            self.note(Note::Committed { index: commit });
        }
        self.reply_append(leader, true, last_new, None, None);
    }

    fn reply_append(
        &mut self,
        to: NodeId,
        success: bool,
        index: Index,
        conflict_index: Option<Index>,
        conflict_term: Option<Term>,
    ) {
        let fast = self.config.options.fast_backtrack;
        let resp = AppendEntriesResponse {
            term: self.current_term,
            success,
            index,
            conflict_index: conflict_index.filter(|_| fast),
            conflict_term: conflict_term.filter(|_| fast),
            round: std::mem::take(&mut self.reply_round),
        };
        self.send(to, resp);
    }

    /// Appends one entry; a configuration entry takes effect at once, committed
    /// or not (thesis §4.1).
    fn append_entry(&mut self, entry: Entry) {
        let config = entry.config;
        self.log.append(entry);
        if let Some(m) = config {
            let index = self.log.last_index();
            self.note(Note::ConfigAppended { index });
            self.set_membership(m, index);
        }
    }

    /// Deletes conflicting entries from `from` on (§5.3); if the configuration
    /// in effect went with them, the previous one is back (thesis §4.1).
    fn truncate_log(&mut self, from: Index) {
        self.note(Note::Truncated { from });
        self.log.truncate_from(from);
        if from <= self.config_index {
            let (m, index) = self.membership_at(self.log.last_index());
            self.set_membership(m, index);
        }
    }

    /// Answers to AppendEntries (and InstallSnapshot, which is answered alike).
    fn handle_append_response(&mut self, from: NodeId, resp: AppendEntriesResponse) {
        let AppendEntriesResponse {
            term,
            success,
            index,
            conflict_index,
            conflict_term,
            round,
        } = resp;
        if term != self.current_term {
            return; // stale: from an earlier term of ours
        }
        let f = from as usize;
        if f >= self.next_index.len() {
            return;
        }
        // Any answer in our term, accepted or not, says the follower still
        // followed us when it got that round's message (thesis §6.4).
        self.ack_round(from, round);
        self.recent_active |= bit(from);
        if success {
            // Figure 2: update nextIndex and matchIndex for the follower (bounded by
            // our log: a follower's commit index can only exceed it after a bug).
            let index = index.min(self.log.last_index());
            self.snapshot_pending &= !bit(from);
            self.match_index[f] = self.match_index[f].max(index);
            self.next_index[f] = self.next_index[f].max(index + 1);
            self.maybe_commit();
            if self.role != Role::Leader {
                return; // removed from the configuration just committed (§4.2.2)
            }
            self.catch_up_progress(from);
            self.maybe_send_timeout_now();
            if self.next_index[f] <= self.log.last_index() {
                self.send_append(from); // more to send: keep the follower catching up
            }
        } else if index + 1 == self.next_index[f] {
            // Figure 2: decrement nextIndex and retry; with fast backtracking, skip
            // the follower's whole conflicting term at once.
            let hinted = match (conflict_term, conflict_index) {
                (Some(t), Some(ci)) => self.log.last_index_of_term(t).map_or(ci, |i| i + 1),
                (None, Some(ci)) => ci,
                _ => index,
            };
            let before = self.next_index[f];
            self.next_index[f] = hinted.min(index).max(self.match_index[f] + 1).max(1);
            // Retry only if nextIndex moved back: a refusal at index 0 comes from
            // another leader of our term (a teaching bug), and resending at once
            // would make the two leaders ping-pong forever.
            if self.next_index[f] < before {
                self.send_append(from);
            }
        }
    }

    /// Leaders: the highest index stored on a majority of the configuration in
    /// effect (of both in a joint one, paper §6), committed only if it is of the
    /// current term (§5.4.2) — unless the Figure 8 teaching bug is on. A leader
    /// that is not a voter of its configuration does not count itself (§4.2.2).
    fn maybe_commit(&mut self) {
        let (me, last) = (self.config.id, self.log.last_index());
        let matched = |id: NodeId| match id {
            _ if id == me => last,
            _ => self.match_index.get(id as usize).copied().unwrap_or(0),
        };
        let replicated = self.membership.quorum_index(matched);
        let term_ok = self.config.options.bugs.commit_old_term_by_count
            || self.log.term_at(replicated) == Some(self.current_term);
        if replicated > self.commit_index && term_ok {
            self.commit_index = replicated;
            self.note(Note::Committed { index: replicated });
            self.reads_committed_in_term();
            self.advance_config();
        }
    }

    /// Sends every peer what it needs (a heartbeat if nothing), as a new
    /// round that confirms leadership for reads (thesis §6.4).
    fn bcast_append(&mut self) {
        self.start_round();
        for peer in ids(self.peers()) {
            self.send_append(peer);
        }
    }

    /// Sends `peer` the entries from its nextIndex on (none: a heartbeat), or
    /// the snapshot if they are compacted away (§7).
    fn send_append(&mut self, peer: NodeId) {
        if self.next_index[peer as usize] <= self.log.snapshot_index() {
            return self.send_snapshot(peer);
        }
        let next = self.next_index[peer as usize].clamp(1, self.log.last_index() + 1);
        let prev_log_index = next - 1;
        let req = AppendEntries {
            term: self.current_term,
            prev_log_index,
            prev_log_term: self.log.term_at(prev_log_index).unwrap_or(0),
            entries: self
                .log
                .slice_from(next, self.config.options.max_entries_per_append)
                .to_vec(),
            leader_commit: self.commit_index,
            round: self.reads.round,
        };
        self.send(peer, req);
    }

    /// Everyone a leader replicates to: the members but itself (thesis §4.1).
    fn peers(&self) -> IdSet {
        self.membership.members() & !bit(self.config.id)
    }

    /// Whether this server starts elections: a voter of its configuration; and,
    /// while that configuration is uncommitted, a voter of the committed one —
    /// "a server that is not part of its own latest configuration should still
    /// start new elections, as it might still be needed until the C_new entry is
    /// committed" (thesis §4.1). Its own vote then does not count.
    fn may_campaign(&self) -> bool {
        let id = self.config.id;
        self.membership.is_voter(id)
            || (self.config_index > self.commit_index
                && self.membership_at(self.commit_index).0.is_voter(id))
    }

    /// A follower's election timer: running only if it may campaign.
    fn follower_timer(&self) -> Timer {
        if self.may_campaign() {
            Timer::Randomized
        } else {
            Timer::Stop
        }
    }

    /// The rules written on the fields above that a server keeps by itself,
    /// checked after every input in debug builds (tests, the fuzzer).
    fn debug_check_rules(&self) {
        debug_assert!(self.last_applied <= self.commit_index);
        if matches!(self.role, Role::Candidate | Role::Leader) {
            debug_assert_eq!(self.voted_for, Some(self.config.id), "voted for itself");
        }
        debug_assert!(
            self.log.snapshot_index() <= self.commit_index,
            "§7: snapshots hold committed entries"
        );
        if let Some(s) = &self.snapshot {
            debug_assert_eq!(
                s.index,
                self.log.snapshot_index(),
                "§7: the log starts after it"
            );
        }
        if self.config_index > self.log.snapshot_index() {
            let entry = self.log.get(self.config_index);
            debug_assert_eq!(
                entry.and_then(|e| e.config),
                Some(self.membership),
                "§4.1: the cached configuration is the log's"
            );
        }
        if self.role == Role::Leader {
            debug_assert_eq!(self.leader_id, Some(self.config.id));
            for p in ids(self.peers()).map(usize::from) {
                debug_assert!(self.match_index[p] < self.next_index[p]);
                debug_assert!(self.next_index[p] <= self.log.last_index() + 1);
            }
        }
    }

    // ---- what the world reads ------------------------------------------------

    /// Whether the configuration in effect is committed (thesis §4.1: a
    /// server uses its latest configuration before that).
    pub fn config_committed(&self) -> bool {
        self.config_index <= self.commit_index
    }

    /// This server's id.
    pub fn id(&self) -> NodeId {
        self.config.id
    }
    /// Its identity, timing and options.
    pub fn config(&self) -> &Config {
        &self.config
    }
    /// The options it runs with.
    pub fn options(&self) -> &Options {
        &self.config.options
    }
    /// Follower, pre-candidate, candidate or leader.
    pub fn role(&self) -> Role {
        self.role
    }
    /// The latest term it has seen.
    pub fn current_term(&self) -> Term {
        self.current_term
    }
    /// Whom it voted for in the current term.
    pub fn voted_for(&self) -> Option<NodeId> {
        self.voted_for
    }
    /// Its log.
    pub fn log(&self) -> &Log {
        &self.log
    }
    /// The highest index it knows to be committed.
    pub fn commit_index(&self) -> Index {
        self.commit_index
    }
    /// The highest index it has applied.
    pub fn last_applied(&self) -> Index {
        self.last_applied
    }
    /// The leader this server believes in for its current term.
    pub fn leader_id(&self) -> Option<NodeId> {
        self.leader_id
    }
    /// Votes (or pre-votes) a candidate holds, as an id set.
    pub fn votes(&self) -> IdSet {
        self.votes
    }
    /// Refusals a candidate has received, as an id set.
    pub fn refusals(&self) -> IdSet {
        self.refusals
    }
    /// A leader's nextIndex for `peer`.
    pub fn next_index(&self, peer: NodeId) -> Index {
        self.next_index.get(peer as usize).copied().unwrap_or(0)
    }
    /// A leader's matchIndex for `peer`.
    pub fn match_index(&self, peer: NodeId) -> Index {
        self.match_index.get(peer as usize).copied().unwrap_or(0)
    }
    /// The state that survives a crash.
    pub fn persistent(&self) -> Persistent {
        Persistent {
            current_term: self.current_term,
            voted_for: self.voted_for,
            log: self.log.clone(),
            snapshot: self.snapshot.clone(),
        }
    }
    /// The configuration in effect: the latest in the log, committed or not
    /// (thesis §4.1), else the snapshot's, else the one it booted with.
    pub fn membership(&self) -> Membership {
        self.membership
    }
    /// The latest snapshot, if any (§7).
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_ref()
    }
    /// A leader's transfer target while a transfer is under way (thesis §3.10).
    pub fn transferee(&self) -> Option<NodeId> {
        self.transfer.map(|t| t.to)
    }

    /// For the invariant checker: the lowest log index changed since last asked.
    pub fn take_log_changes(&mut self) -> Option<Index> {
        self.log.take_dirty_from()
    }
}

mod membership;
mod read;
mod snapshot;
mod transfer;
#[cfg(test)]
mod transitions;

use membership::CatchUp;
use transfer::Transfer;
