//! The two RPCs of Figure 2 (and the pre-vote of thesis §9.6), as one-way messages:
//! each request and each response is a [`Message`] of its own.

use super::io::Snapshot;
use super::{Entry, Index, NodeId, Term};

/// A message between two servers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The sender: the paper's `candidateId` or `leaderId`.
    pub from: NodeId,
    /// The receiver.
    pub to: NodeId,
    /// What the message carries.
    pub body: Body,
}

/// What a message carries: one of the two RPCs of Figure 2 or its answer. Every
/// message carries its sender's term (§5.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// Sent by candidates (and pre-candidates) to gather votes.
    RequestVote(RequestVote),
    /// The answer to a RequestVote.
    RequestVoteResponse(RequestVoteResponse),
    /// Sent by leaders to replicate entries; also the heartbeat.
    AppendEntries(AppendEntries),
    /// The answer to an AppendEntries (and to an InstallSnapshot).
    AppendEntriesResponse(AppendEntriesResponse),
    /// Sent by a leader to a follower that needs entries already compacted (§7).
    InstallSnapshot(InstallSnapshot),
    /// Sent by a leader handing over leadership (thesis §3.10).
    TimeoutNow(TimeoutNow),
}

/// InstallSnapshot arguments (paper §7, Figure 13), sent whole in one message
/// rather than in chunks (`offset`/`done` of Figure 13): the simulated state
/// machine is small, and one message shows the idea. The follower answers with an
/// [`AppendEntriesResponse`] matching up to `snapshot.index`, as etcd's raft does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstallSnapshot {
    /// The leader's term.
    pub term: Term,
    /// The snapshot: last included index and term, configuration, data.
    pub snapshot: Snapshot,
}

/// TimeoutNow (thesis §3.10): "start an election now", skipping PreVote; the
/// votes it asks for carry `transfer`, so voters set aside the §4.2.3 lease.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutNow {
    /// The leader's term.
    pub term: Term,
}

/// RequestVote arguments (Figure 2, §5.2); the candidate is the message's sender.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestVote {
    /// The candidate's term. For a pre-vote, the term it *would* campaign in: no
    /// one changes its term on seeing it (thesis §9.6).
    pub term: Term,
    /// A pre-vote asks "would you vote for me?" before the term is raised.
    pub pre_vote: bool,
    /// Index of the candidate's last log entry (§5.4).
    pub last_log_index: Index,
    /// Term of the candidate's last log entry (§5.4).
    pub last_log_term: Term,
    /// The election was started by TimeoutNow (thesis §3.10): a voter that
    /// heard from the leader recently votes anyway, since the leader asked.
    pub transfer: bool,
}

/// RequestVote results (Figure 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestVoteResponse {
    /// The voter's current term, for the candidate to update itself; for a granted
    /// pre-vote, the term that was asked about.
    pub term: Term,
    /// Whether this answers a pre-vote.
    pub pre_vote: bool,
    /// True means the candidate received the vote.
    pub vote_granted: bool,
}

/// AppendEntries arguments (Figure 2, §5.3): a heartbeat when `entries` is empty.
/// The leader is the message's sender.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppendEntries {
    /// The leader's term.
    pub term: Term,
    /// Index of the log entry immediately preceding the new ones.
    pub prev_log_index: Index,
    /// Term of the entry at `prev_log_index`.
    pub prev_log_term: Term,
    /// Log entries to store (empty for a heartbeat).
    pub entries: Vec<Entry>,
    /// The leader's `commit_index`.
    pub leader_commit: Index,
    /// The leader's heartbeat round when it sent this (thesis §6.4): the reply
    /// echoes it, so a reply proves the follower still took this leader's term
    /// after that round began. 0 outside a leader's rounds.
    pub round: u64,
}

/// AppendEntries results (Figure 2), with the follower's hint for fast
/// backtracking (end of §5.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppendEntriesResponse {
    /// The follower's current term, for the leader to update itself.
    pub term: Term,
    /// True if the follower held an entry matching `prev_log_index` and
    /// `prev_log_term`.
    pub success: bool,
    /// On success, the follower's match (prev + entries); on failure, the
    /// `prev_log_index` that was refused, so that a late reply cannot move
    /// `next_index` twice.
    pub index: Index,
    /// Fast backtracking: the first index the leader should try next.
    pub conflict_index: Option<Index>,
    /// Fast backtracking: the term of the follower's conflicting entry.
    pub conflict_term: Option<Term>,
    /// The `round` of the AppendEntries this answers (0 for InstallSnapshot).
    pub round: u64,
}

/// A message's kind, as named on the page and in scenario files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A RequestVote of a real election.
    RequestVote,
    /// The answer to a RequestVote.
    RequestVoteResponse,
    /// A RequestVote with `pre_vote` set.
    PreVote,
    /// The answer to a pre-vote.
    PreVoteResponse,
    /// An AppendEntries (with entries or a heartbeat).
    AppendEntries,
    /// The answer to an AppendEntries.
    AppendEntriesResponse,
    /// An InstallSnapshot (§7).
    InstallSnapshot,
    /// A TimeoutNow (thesis §3.10).
    TimeoutNow,
}

impl Kind {
    /// Every kind, in the order the page lists them.
    pub const ALL: [Kind; 8] = [
        Kind::RequestVote,
        Kind::RequestVoteResponse,
        Kind::PreVote,
        Kind::PreVoteResponse,
        Kind::AppendEntries,
        Kind::AppendEntriesResponse,
        Kind::InstallSnapshot,
        Kind::TimeoutNow,
    ];

    /// The name used in `data-kind` and in a scenario's `drop` step.
    pub fn name(self) -> &'static str {
        match self {
            Kind::RequestVote => "request-vote",
            Kind::RequestVoteResponse => "request-vote-response",
            Kind::PreVote => "pre-vote",
            Kind::PreVoteResponse => "pre-vote-response",
            Kind::AppendEntries => "append-entries",
            Kind::AppendEntriesResponse => "append-entries-response",
            Kind::InstallSnapshot => "install-snapshot",
            Kind::TimeoutNow => "timeout-now",
        }
    }

    /// Parses a kind name; accepts the page's names and the paper's (`AppendEntries`).
    pub fn parse(s: &str) -> Option<Kind> {
        let norm: String = s
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        Kind::ALL.into_iter().find(|k| {
            k.name().replace('-', "") == norm
                || (norm == "appendentriesreply" && *k == Kind::AppendEntriesResponse)
        })
    }
}

impl Body {
    /// The sender's term carried by every message.
    pub fn term(&self) -> Term {
        match self {
            Body::RequestVote(m) => m.term,
            Body::RequestVoteResponse(m) => m.term,
            Body::AppendEntries(m) => m.term,
            Body::AppendEntriesResponse(m) => m.term,
            Body::InstallSnapshot(m) => m.term,
            Body::TimeoutNow(m) => m.term,
        }
    }

    /// The kind of this message.
    pub fn kind(&self) -> Kind {
        match self {
            Body::RequestVote(m) if m.pre_vote => Kind::PreVote,
            Body::RequestVote(_) => Kind::RequestVote,
            Body::RequestVoteResponse(m) if m.pre_vote => Kind::PreVoteResponse,
            Body::RequestVoteResponse(_) => Kind::RequestVoteResponse,
            Body::AppendEntries(_) => Kind::AppendEntries,
            Body::AppendEntriesResponse(_) => Kind::AppendEntriesResponse,
            Body::InstallSnapshot(_) => Kind::InstallSnapshot,
            Body::TimeoutNow(_) => Kind::TimeoutNow,
        }
    }
}

// Each RPC struct converts into its `Body`, so a sender writes `send(to, RequestVote { … })`.
impl From<RequestVote> for Body {
    fn from(m: RequestVote) -> Body {
        Body::RequestVote(m)
    }
}
impl From<RequestVoteResponse> for Body {
    fn from(m: RequestVoteResponse) -> Body {
        Body::RequestVoteResponse(m)
    }
}
impl From<AppendEntries> for Body {
    fn from(m: AppendEntries) -> Body {
        Body::AppendEntries(m)
    }
}
impl From<AppendEntriesResponse> for Body {
    fn from(m: AppendEntriesResponse) -> Body {
        Body::AppendEntriesResponse(m)
    }
}
impl From<InstallSnapshot> for Body {
    fn from(m: InstallSnapshot) -> Body {
        Body::InstallSnapshot(m)
    }
}
impl From<TimeoutNow> for Body {
    fn from(m: TimeoutNow) -> Body {
        Body::TimeoutNow(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_round_trip_and_accept_paper_spelling() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.name()), Some(k));
        }
        assert_eq!(Kind::parse("AppendEntries"), Some(Kind::AppendEntries));
        assert_eq!(Kind::parse("RequestVote"), Some(Kind::RequestVote));
        assert_eq!(Kind::parse("PreVote"), Some(Kind::PreVote));
        assert_eq!(Kind::parse("InstallSnapshot"), Some(Kind::InstallSnapshot));
        assert_eq!(Kind::parse("TimeoutNow"), Some(Kind::TimeoutNow));
        assert_eq!(Kind::parse("vote"), None);
    }
}
