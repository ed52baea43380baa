//! What crosses a server's boundary: the [`Input`]s it takes, the [`Output`] it
//! returns (messages, timers, [`Note`]s, entries to apply), and what the world
//! reads back from it ([`Role`], [`Persistent`]).

use super::log::Log;
use super::membership::Membership;
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
    /// The log entries (after the snapshot, whose last index and term it records).
    pub log: Log,
    /// The latest snapshot (paper §7), if any; its index and term match the log's.
    pub snapshot: Option<Snapshot>,
}

/// A snapshot (paper §7, Figure 12): the state machine as of `index`, with the
/// last included index and term and the configuration in effect at that index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// The last included index: the snapshot replaces entries 1..=index.
    pub index: Index,
    /// The term of that entry.
    pub term: Term,
    /// The latest configuration at or before `index` (thesis §5.1).
    pub membership: Membership,
    /// The state machine's contents (the key-value map), opaque to the core.
    pub data: Vec<(String, String)>,
}

/// A membership change a client asks a leader for (thesis ch. 4, paper §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Add a voter: first as a learner that catches up in rounds (thesis §4.2.1),
    /// then as a voter, one server at a time (§4.1).
    AddVoter(NodeId),
    /// Add a learner (non-voting member) and leave it so.
    AddLearner(NodeId),
    /// Remove a server (voter or learner), possibly the leader itself (§4.2.2).
    Remove(NodeId),
    /// Replace the voters by this set: through joint consensus C_old,new then
    /// C_new (paper §6) when `Options::joint_consensus` is on, else one server at
    /// a time — or, with the teaching bug `add-two-at-once`, in one step.
    Voters(IdSet),
}

/// Why a server refused a membership change or a leadership transfer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeRefusal {
    /// Only the leader changes the cluster; this is the leader it knows, if any.
    NotLeader(Option<NodeId>),
    /// A configuration entry is not committed yet: one change at a time (§4.1).
    InProgress,
    /// The leader has not committed an entry of its own term yet (the fix to the
    /// single-server change bug of 2015, thesis §4.1 errata).
    NoCommitInTerm,
    /// A leadership transfer is under way (thesis §3.10).
    Transferring,
    /// The change would change nothing (already a member, not a member, same set).
    NoChange,
    /// The change would leave no voter.
    NoVoters,
    /// The transfer target is not a voter, or is the leader itself.
    BadTarget,
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
    /// A configuration entry at `index` took effect on this server (thesis §4.1).
    ConfigAppended { index: Index },
    /// A learner caught up (a round shorter than an election timeout, thesis
    /// §4.2.1) and the leader appended the configuration making it a voter.
    LearnerCaughtUp { id: NodeId },
    /// A leader not in the committed configuration stepped down (thesis §4.2.2).
    SteppedDownRemoved { term: Term },
    /// The leader began handing leadership to `to` (thesis §3.10).
    TransferStarted { to: NodeId },
    /// The target is up to date: the leader sent it TimeoutNow.
    TimeoutNowSent { to: NodeId },
    /// The transfer to `to` did not finish within an election timeout.
    TransferAborted { to: NodeId },
    /// TimeoutNow from `from`: the server campaigns at once, skipping PreVote.
    TimeoutNowReceived { from: NodeId },
    /// The server compacted its log up to `index` (paper §7).
    Compacted { index: Index },
    /// The leader sent a snapshot up to `index` to `to`: the entries it needs
    /// are compacted away (paper §7).
    SnapshotSent { to: NodeId, index: Index },
    /// The server installed a snapshot up to `index` from `leader` (Figure 13).
    SnapshotInstalled { leader: NodeId, index: Index },
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
    /// Before applying: replace the state machine by this snapshot's data (an
    /// installed snapshot, or a restart from one). Entries after it follow in `apply`.
    pub restore: Option<Snapshot>,
    /// Newly committed entries to apply to the state machine, inclusive.
    pub apply: Option<(Index, Index)>,
    /// Reads this leader has confirmed (thesis §6.4): (read id, read index).
    /// The answer is the state machine's once it has applied the read index.
    pub reads: Vec<(u64, Index)>,
}

/// A set of server ids as a bit mask (ids 1..=15).
pub type IdSet = u16;
