//! What crosses a server's boundary: the [`Input`]s it takes, the [`Output`] it
//! returns (messages, timers, [`Note`]s, entries to apply), and what the world
//! reads back from it ([`Role`], [`Persistent`]).

use super::log::Log;
use super::message::Message;
use super::{Index, NodeId, Term, Time};

/// A server's role (Figure 4, plus the PreCandidate of thesis §9.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Passive: answers leaders and candidates (§5.2).
    Follower,
    /// Asks whether it could win before raising its term (thesis §9.6).
    PreCandidate,
    /// Has raised its term and voted for itself; asks for votes (§5.2).
    Candidate,
    /// Replicates its log to the others and decides what is committed (§5.3).
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

/// The state a server keeps on stable storage (Figure 2, "Persistent state").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Persistent {
    /// Latest term the server has seen.
    pub current_term: Term,
    /// The candidate that received this server's vote in `current_term`, if any.
    pub voted_for: Option<NodeId>,
    /// The log entries.
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
    /// Stop the timer.
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
    /// We heard from a leader less than a minimum election timeout ago: a pre-vote
    /// is refused (thesis §9.6), and with CheckQuorum a vote too (thesis §4.2.3).
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
#[allow(missing_docs)] // each variant's doc names its fields
pub enum Note {
    /// The election timer fired and the server starts a (`pre_vote`) election
    /// for `term`.
    TimedOut { term: Term, pre_vote: bool },
    /// The server won the election of `term`.
    BecameLeader { term: Term },
    /// A message from `from` with the higher `term` made the server a follower.
    AdoptedTerm { term: Term, from: NodeId },
    /// A leader without a majority's recent replies stepped down in `term`
    /// (CheckQuorum, thesis §6.2).
    LostQuorum { term: Term },
    /// The server granted its vote (or `pre_vote`) in `term` to `candidate`.
    VoteGranted {
        candidate: NodeId,
        term: Term,
        pre_vote: bool,
    },
    /// The server refused its vote (or `pre_vote`) in `term` to `candidate`, for
    /// `reason`.
    VoteRefused {
        candidate: NodeId,
        term: Term,
        pre_vote: bool,
        reason: Refusal,
    },
    /// The server refused an AppendEntries from `leader` at `prev_log_index`, for
    /// `reason`.
    AppendRefused {
        leader: NodeId,
        prev_log_index: Index,
        reason: AppendRefusal,
    },
    /// Conflicting entries from `from` on were deleted (§5.3).
    Truncated { from: Index },
    /// The commit index advanced to `index`.
    Committed { index: Index },
}

/// Everything a server asks the world to do after one input.
#[derive(Clone, Debug, Default)]
pub struct Output {
    /// Messages to send, in order.
    pub messages: Vec<Message>,
    /// What to do with the election timer; `None`: leave it as it is.
    pub election_timer: Option<Timer>,
    /// What to do with the heartbeat timer; `None`: leave it as it is.
    pub heartbeat_timer: Option<Timer>,
    /// What happened, for the event feed.
    pub notes: Vec<Note>,
    /// Newly committed entries to apply to the state machine, inclusive.
    pub apply: Option<(Index, Index)>,
}

/// A set of server ids as a bit mask (ids 1..=15).
pub type IdSet = u16;
