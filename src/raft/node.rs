//! One Raft server (Figure 2), sans-IO: inputs in, outputs out, no clock and no
//! randomness of its own. The world hands in the time and draws timer jitter.

use super::log::{Entry, Log};
use super::message::{Body, Message};
use super::{Index, NodeId, Term, Time};

/// A server's role (Figure 4, plus the PreCandidate of thesis §9.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Follower,
    PreCandidate,
    Candidate,
    Leader,
}

impl Role {
    /// The lower-case name used on the page and in snapshots.
    pub fn name(self) -> &'static str {
        match self {
            Role::Follower => "follower",
            Role::PreCandidate => "precandidate",
            Role::Candidate => "candidate",
            Role::Leader => "leader",
        }
    }
}

/// Teaching bugs: each switch disables one safety rule of the paper.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bugs {
    /// Commit any entry stored on a majority, ignoring §5.4.2 (Figure 8).
    pub commit_old_term_by_count: bool,
    /// Grant votes without the up-to-date check of §5.4.1.
    pub vote_without_log_check: bool,
    /// Do not persist `voted_for`: a restarted server may vote twice in one term.
    pub forget_vote_on_restart: bool,
}

impl Bugs {
    /// The bug names used in scenario files and on the page.
    pub const NAMES: [&'static str; 3] = [
        "commit-old-term-by-count",
        "vote-without-log-check",
        "forget-vote-on-restart",
    ];

    /// Turns the named bug on or off; false if the name is unknown.
    pub fn set(&mut self, name: &str, on: bool) -> bool {
        match name {
            "commit-old-term-by-count" => self.commit_old_term_by_count = on,
            "vote-without-log-check" => self.vote_without_log_check = on,
            "forget-vote-on-restart" => self.forget_vote_on_restart = on,
            _ => return false,
        }
        true
    }

    /// Whether the named bug is on.
    pub fn is_on(&self, name: &str) -> bool {
        match name {
            "commit-old-term-by-count" => self.commit_old_term_by_count,
            "vote-without-log-check" => self.vote_without_log_check,
            "forget-vote-on-restart" => self.forget_vote_on_restart,
            _ => false,
        }
    }

    /// Names of the bugs that are on.
    pub fn names_on(&self) -> Vec<&'static str> {
        Bugs::NAMES.into_iter().filter(|n| self.is_on(n)).collect()
    }
}

/// Options of the algorithm, each switchable while the cluster runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Ask for pre-votes before starting an election (thesis §9.6).
    pub prevote: bool,
    /// A leader steps down when it has not heard from a majority for an election
    /// timeout, and servers that hear from a leader ignore vote requests (thesis §9.6).
    pub check_quorum: bool,
    /// A new leader appends a no-op entry of its term (§8).
    pub leader_noop: bool,
    /// Most entries in one AppendEntries; 0 means no limit.
    pub max_entries_per_append: usize,
    /// A refused AppendEntries carries a conflict hint so the leader skips a whole
    /// term at once (end of §5.3) instead of one index per round trip.
    pub fast_backtrack: bool,
    pub bugs: Bugs,
}

impl Default for Options {
    /// The paper's original algorithm.
    fn default() -> Options {
        Options {
            prevote: false,
            check_quorum: false,
            leader_noop: true,
            max_entries_per_append: 0,
            fast_backtrack: false,
            bugs: Bugs::default(),
        }
    }
}

/// What a server knows about itself and its cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub id: NodeId,
    /// Servers are numbered 1..=cluster_size.
    pub cluster_size: u8,
    /// The low end of the election timeout range; also the leader lease.
    pub election_timeout_min: Time,
    pub heartbeat_interval: Time,
    pub options: Options,
}

/// The state a server keeps on stable storage (Figure 2, "Persistent state").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Persistent {
    pub current_term: Term,
    pub voted_for: Option<NodeId>,
    pub log: Log,
}

/// An input to a server.
#[derive(Clone, Debug)]
pub enum Input {
    /// The election timer fired (for a leader with CheckQuorum: the quorum check).
    ElectionTimeout,
    /// The leader's heartbeat timer fired.
    HeartbeatTimeout,
    /// A message from a peer arrived.
    Receive(Message),
}

/// What a server asks of one of its timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Restart with a fresh random duration from the election timeout range.
    Randomized,
    /// Restart with this duration.
    After(Time),
    Stop,
}

/// Why a server refused a vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The candidate's term is behind ours.
    StaleTerm,
    /// We already voted for another candidate in this term.
    AlreadyVoted(NodeId),
    /// The candidate's log is not as up-to-date as ours (§5.4.1).
    LogBehind,
    /// We heard from a leader less than an election timeout ago (thesis §9.6).
    LeaderAlive,
}

/// Why a follower refused an AppendEntries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppendRefusal {
    /// The sender's term is behind ours.
    StaleTerm,
    /// We have no entry at `prev_log_index`.
    MissingEntry,
    /// Our entry at `prev_log_index` has another term.
    TermMismatch,
    /// We are a leader of the same term (only possible with a teaching bug).
    SameTermLeader,
}

/// A plain-language fact about what a server just did, for the event feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Note {
    /// The election timer fired and the server starts a (pre-)election for `term`.
    TimedOut {
        term: Term,
        pre_vote: bool,
    },
    BecameLeader {
        term: Term,
    },
    /// A message with a higher term turned the server into a follower.
    AdoptedTerm {
        term: Term,
        from: NodeId,
    },
    /// A leader without a majority's recent replies stepped down (CheckQuorum).
    LostQuorum {
        term: Term,
    },
    VoteGranted {
        candidate: NodeId,
        term: Term,
        pre_vote: bool,
    },
    VoteRefused {
        candidate: NodeId,
        term: Term,
        pre_vote: bool,
        reason: Refusal,
    },
    AppendRefused {
        leader: NodeId,
        prev_log_index: Index,
        reason: AppendRefusal,
    },
    /// Conflicting entries from `from` on were deleted (§5.3).
    Truncated {
        from: Index,
    },
    /// The commit index advanced to `index`.
    Committed {
        index: Index,
    },
}

/// Everything a server asks the world to do after one input.
#[derive(Clone, Debug, Default)]
pub struct Output {
    pub messages: Vec<Message>,
    /// `None`: leave the timer as it is.
    pub election_timer: Option<Timer>,
    pub heartbeat_timer: Option<Timer>,
    pub notes: Vec<Note>,
    /// Newly committed entries to apply to the state machine, inclusive.
    pub apply: Option<(Index, Index)>,
}

/// A set of server ids as a bit mask (ids 1..=15).
pub type IdSet = u16;

/// One Raft server.
#[derive(Clone, Debug)]
pub struct Node {
    config: Config,
    // Persistent state on all servers (Figure 2).
    current_term: Term,
    voted_for: Option<NodeId>,
    log: Log,
    // Volatile state on all servers.
    role: Role,
    commit_index: Index,
    last_applied: Index,
    leader_id: Option<NodeId>,
    /// When we last accepted an AppendEntries from a leader of our term.
    last_leader_contact: Option<Time>,
    // Volatile state on candidates.
    votes: IdSet,
    refusals: IdSet,
    // Volatile state on leaders, indexed by server id (slot 0 unused).
    next_index: Vec<Index>,
    match_index: Vec<Index>,
    /// Peers heard from since the last quorum check (CheckQuorum).
    recent_active: IdSet,
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
        Node {
            current_term: persistent.current_term,
            voted_for: persistent.voted_for,
            log: persistent.log,
            role: Role::Follower,
            commit_index: 0,
            last_applied: 0,
            leader_id: None,
            last_leader_contact: None,
            votes: 0,
            refusals: 0,
            next_index: vec![1; slots],
            match_index: vec![0; slots],
            recent_active: 0,
            out: Output::default(),
            config,
        }
    }

    /// A server restarting after a crash. With the teaching bug
    /// `forget-vote-on-restart`, the vote was never written to disk.
    pub fn recover(config: Config, mut persistent: Persistent) -> Node {
        if config.options.bugs.forget_vote_on_restart {
            persistent.voted_for = None;
        }
        Node::new(config, persistent)
    }

    /// Arms the election timer of a server that just (re)started.
    pub fn start(&mut self) -> Output {
        self.out.election_timer = Some(Timer::Randomized);
        self.finish()
    }

    // ---- accessors -------------------------------------------------------

    pub fn id(&self) -> NodeId {
        self.config.id
    }
    pub fn config(&self) -> &Config {
        &self.config
    }
    pub fn options(&self) -> &Options {
        &self.config.options
    }
    pub fn role(&self) -> Role {
        self.role
    }
    pub fn current_term(&self) -> Term {
        self.current_term
    }
    pub fn voted_for(&self) -> Option<NodeId> {
        self.voted_for
    }
    pub fn log(&self) -> &Log {
        &self.log
    }
    pub fn commit_index(&self) -> Index {
        self.commit_index
    }
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
        }
    }
    /// For the invariant checker: the lowest log index changed since last asked.
    pub fn take_log_changes(&mut self) -> Option<Index> {
        self.log.take_dirty_from()
    }

    fn peers(&self) -> impl Iterator<Item = NodeId> {
        let me = self.config.id;
        (1..=self.config.cluster_size).filter(move |&p| p != me)
    }

    fn quorum(&self) -> u32 {
        self.config.cluster_size as u32 / 2 + 1
    }

    /// Whether a leader is known to be alive: we are it, or we heard from it less
    /// than a minimum election timeout ago (the lease of thesis §9.6).
    fn in_lease(&self, now: Time) -> bool {
        self.role == Role::Leader
            || matches!(self.last_leader_contact, Some(t)
                if self.leader_id.is_some() && now < t + self.config.election_timeout_min)
    }

    // ---- inputs ----------------------------------------------------------

    /// Handles one input at time `now`.
    pub fn handle(&mut self, now: Time, input: Input) -> Output {
        match input {
            Input::ElectionTimeout => self.on_election_timeout(),
            Input::HeartbeatTimeout => {
                if self.role == Role::Leader {
                    self.bcast_append();
                    self.out.heartbeat_timer = Some(Timer::After(self.config.heartbeat_interval));
                }
            }
            Input::Receive(m) => self.step(now, m),
        }
        self.finish()
    }

    /// A client asks to append `cmd`. Only a leader accepts (§5.3); anyone else
    /// answers with the leader it knows, if any, for the client to redirect.
    pub fn propose(
        &mut self,
        cmd: String,
        write_id: u32,
    ) -> Result<(Index, Output), Option<NodeId>> {
        if self.role != Role::Leader {
            return Err(self.leader_id);
        }
        self.log.append(Entry {
            term: self.current_term,
            cmd: Some(cmd),
            write_id: Some(write_id),
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

    fn finish(&mut self) -> Output {
        if self.commit_index > self.last_applied {
            self.out.apply = Some((self.last_applied + 1, self.commit_index));
            self.last_applied = self.commit_index;
        }
        std::mem::take(&mut self.out)
    }

    fn send(&mut self, to: NodeId, body: Body) {
        self.out.messages.push(Message {
            from: self.config.id,
            to,
            body,
        });
    }

    fn note(&mut self, note: Note) {
        self.out.notes.push(note);
    }

    // ---- elections (§5.2) -------------------------------------------------

    fn on_election_timeout(&mut self) {
        match self.role {
            Role::Leader => self.check_quorum(),
            _ if self.config.options.prevote => self.campaign(true),
            _ => self.campaign(false),
        }
    }

    /// Starts a pre-vote round or a real election.
    fn campaign(&mut self, pre_vote: bool) {
        let term = if pre_vote {
            self.role = Role::PreCandidate;
            self.current_term + 1
        } else {
            // Increment currentTerm, vote for self (Figure 2, Candidates).
            self.current_term += 1;
            self.voted_for = Some(self.config.id);
            self.role = Role::Candidate;
            self.current_term
        };
        self.leader_id = None;
        self.votes = bit(self.config.id);
        self.refusals = 0;
        self.note(Note::TimedOut { term, pre_vote });
        self.out.election_timer = Some(Timer::Randomized);
        self.out.heartbeat_timer = Some(Timer::Stop);
        let (last_log_index, last_log_term) = (self.log.last_index(), self.log.last_term());
        for peer in self.peers().collect::<Vec<_>>() {
            self.send(
                peer,
                Body::RequestVote {
                    term,
                    pre_vote,
                    last_log_index,
                    last_log_term,
                },
            );
        }
        self.maybe_win_election();
    }

    fn maybe_win_election(&mut self) -> bool {
        if self.votes.count_ones() < self.quorum() {
            return false;
        }
        match self.role {
            Role::PreCandidate => self.campaign(false),
            Role::Candidate => self.become_leader(),
            _ => return false,
        }
        true
    }

    fn become_follower(&mut self, term: Term, leader: Option<NodeId>) {
        let was = self.role;
        if term > self.current_term {
            self.current_term = term;
            self.voted_for = None;
        }
        self.role = Role::Follower;
        self.leader_id = leader;
        self.votes = 0;
        self.refusals = 0;
        if was == Role::Leader {
            self.out.heartbeat_timer = Some(Timer::Stop);
            self.out.election_timer = Some(Timer::Randomized);
        }
    }

    fn become_leader(&mut self) {
        self.role = Role::Leader;
        self.leader_id = Some(self.config.id);
        let next = self.log.last_index() + 1;
        self.next_index.iter_mut().for_each(|n| *n = next);
        self.match_index.iter_mut().for_each(|m| *m = 0);
        self.recent_active = 0;
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
    }

    /// A leader's election timer is the CheckQuorum period, or stopped.
    fn leader_election_timer(&self) -> Timer {
        if self.config.options.check_quorum {
            Timer::After(self.config.election_timeout_min)
        } else {
            Timer::Stop
        }
    }

    fn check_quorum(&mut self) {
        if !self.config.options.check_quorum {
            self.out.election_timer = Some(Timer::Stop);
            return;
        }
        let active = (self.recent_active & !bit(self.config.id)).count_ones() + 1;
        self.recent_active = 0;
        if active >= self.quorum() {
            self.out.election_timer = Some(self.leader_election_timer());
        } else {
            self.note(Note::LostQuorum {
                term: self.current_term,
            });
            self.become_follower(self.current_term, None);
        }
    }

    // ---- messages ----------------------------------------------------------

    fn step(&mut self, now: Time, m: Message) {
        let term = m.body.term();
        match &m.body {
            // Pre-votes change no one's term; a granted pre-vote carries the
            // proposed term, which is not a sign that we are behind.
            Body::RequestVote { pre_vote: true, .. }
            | Body::RequestVoteResponse {
                pre_vote: true,
                vote_granted: true,
                ..
            } => {}
            // Thesis §4.2.3 / §9.6: while a leader is alive, ignore a higher term
            // from a would-be candidate, so a rejoining server cannot disrupt.
            Body::RequestVote {
                pre_vote: false, ..
            } if term > self.current_term
                && self.config.options.check_quorum
                && self.in_lease(now) =>
            {
                self.note(Note::VoteRefused {
                    candidate: m.from,
                    term,
                    pre_vote: false,
                    reason: Refusal::LeaderAlive,
                });
                self.send(
                    m.from,
                    Body::RequestVoteResponse {
                        term: self.current_term,
                        pre_vote: false,
                        vote_granted: false,
                    },
                );
                return;
            }
            // §5.1: a higher term makes any server a follower of that term.
            _ if term > self.current_term => {
                self.note(Note::AdoptedTerm { term, from: m.from });
                let leader = matches!(m.body, Body::AppendEntries { .. }).then_some(m.from);
                self.become_follower(term, leader);
            }
            _ => {}
        }
        match m.body {
            Body::RequestVote {
                term,
                pre_vote,
                last_log_index,
                last_log_term,
            } => {
                self.handle_request_vote(now, m.from, term, pre_vote, last_log_index, last_log_term)
            }
            Body::RequestVoteResponse {
                term,
                pre_vote,
                vote_granted,
            } => self.handle_vote_response(m.from, term, pre_vote, vote_granted),
            Body::AppendEntries {
                term,
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            } => self.handle_append_entries(
                now,
                m.from,
                term,
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            ),
            Body::AppendEntriesResponse {
                term,
                success,
                index,
                conflict_index,
                conflict_term,
            } => self.handle_append_response(
                m.from,
                term,
                success,
                index,
                conflict_index,
                conflict_term,
            ),
        }
    }

    /// RequestVote receiver implementation (Figure 2), and pre-votes (thesis §9.6).
    fn handle_request_vote(
        &mut self,
        now: Time,
        candidate: NodeId,
        term: Term,
        pre_vote: bool,
        last_log_index: Index,
        last_log_term: Term,
    ) {
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
            self.out.election_timer = Some(Timer::Randomized);
        }
        let reply_term = if granted && pre_vote {
            term
        } else {
            self.current_term
        };
        self.send(
            candidate,
            Body::RequestVoteResponse {
                term: reply_term,
                pre_vote,
                vote_granted: granted,
            },
        );
    }

    fn handle_vote_response(&mut self, from: NodeId, term: Term, pre_vote: bool, granted: bool) {
        let expected = match (pre_vote, self.role) {
            (true, Role::PreCandidate) => self.current_term + 1,
            (false, Role::Candidate) => self.current_term,
            _ => return, // a late reply to an election that is over
        };
        if granted && term == expected {
            self.votes |= bit(from);
            self.maybe_win_election();
        } else if !granted {
            self.refusals |= bit(from);
        }
    }

    /// AppendEntries receiver implementation (Figure 2).
    #[allow(clippy::too_many_arguments)]
    fn handle_append_entries(
        &mut self,
        now: Time,
        leader: NodeId,
        term: Term,
        prev_log_index: Index,
        prev_log_term: Term,
        entries: Vec<Entry>,
        leader_commit: Index,
    ) {
        // 1. Reply false if term < currentTerm.
        let refuse = if term < self.current_term {
            Some(AppendRefusal::StaleTerm)
        } else if self.role == Role::Leader {
            Some(AppendRefusal::SameTermLeader)
        } else {
            None
        };
        if let Some(reason) = refuse {
            self.note(Note::AppendRefused {
                leader,
                prev_log_index,
                reason,
            });
            self.reply_append(leader, false, prev_log_index, None, None);
            return;
        }
        // A candidate that hears from the leader of its term steps down (§5.2).
        if self.role != Role::Follower {
            self.become_follower(term, Some(leader));
        }
        self.leader_id = Some(leader);
        self.last_leader_contact = Some(now);
        self.out.election_timer = Some(Timer::Randomized);

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
                    self.note(Note::Truncated { from: i });
                    self.log.truncate_from(i);
                    self.log.append(entry);
                }
                None => self.log.append(entry),
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
        self.send(
            to,
            Body::AppendEntriesResponse {
                term: self.current_term,
                success,
                index,
                conflict_index: conflict_index.filter(|_| fast),
                conflict_term: conflict_term.filter(|_| fast),
            },
        );
    }

    fn handle_append_response(
        &mut self,
        from: NodeId,
        term: Term,
        success: bool,
        index: Index,
        conflict_index: Option<Index>,
        conflict_term: Option<Term>,
    ) {
        if self.role != Role::Leader || term != self.current_term {
            return; // stale: from an earlier term of ours
        }
        let f = from as usize;
        if f >= self.next_index.len() {
            return;
        }
        self.recent_active |= bit(from);
        if success {
            // Figure 2: update nextIndex and matchIndex for the follower.
            self.match_index[f] = self.match_index[f].max(index);
            self.next_index[f] = self.next_index[f].max(index + 1);
            self.maybe_commit();
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
            self.next_index[f] = hinted.min(index).max(self.match_index[f] + 1).max(1);
            self.send_append(from);
        }
    }

    /// Leaders: the highest index stored on a majority, committed only if it is of
    /// the current term (§5.4.2) — unless the Figure 8 teaching bug is on.
    fn maybe_commit(&mut self) {
        let mut matched = [0 as Index; 16];
        let n = self.config.cluster_size as usize;
        for (id, m) in matched.iter_mut().enumerate().take(n + 1).skip(1) {
            *m = if id == self.config.id as usize {
                self.log.last_index()
            } else {
                self.match_index[id]
            };
        }
        let slice = &mut matched[1..=n];
        slice.sort_unstable_by(|a, b| b.cmp(a));
        let replicated = slice[self.quorum() as usize - 1];
        let term_ok = self.config.options.bugs.commit_old_term_by_count
            || self.log.term_at(replicated) == Some(self.current_term);
        if replicated > self.commit_index && term_ok {
            self.commit_index = replicated;
            self.note(Note::Committed { index: replicated });
        }
    }

    fn bcast_append(&mut self) {
        for peer in self.peers().collect::<Vec<_>>() {
            self.send_append(peer);
        }
    }

    /// Sends `peer` the entries from its nextIndex on (none: a heartbeat).
    fn send_append(&mut self, peer: NodeId) {
        let next = self.next_index[peer as usize].clamp(1, self.log.last_index() + 1);
        let prev_log_index = next - 1;
        let prev_log_term = self.log.term_at(prev_log_index).unwrap_or(0);
        let entries = self
            .log
            .slice_from(next, self.config.options.max_entries_per_append)
            .to_vec();
        self.send(
            peer,
            Body::AppendEntries {
                term: self.current_term,
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit: self.commit_index,
            },
        );
    }
}
