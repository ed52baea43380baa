//! The two RPCs of Figure 2 (and the pre-vote of thesis §9.6), as one-way messages.

use super::{Entry, Index, NodeId, Term};

/// A message between two servers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub from: NodeId,
    pub to: NodeId,
    pub body: Body,
}

/// What a message carries. Every message carries its sender's term (§5.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// RequestVote (§5.2). With `pre_vote`, `term` is the term the sender *would*
    /// campaign in, and no one changes its term on seeing it (thesis §9.6).
    RequestVote {
        term: Term,
        pre_vote: bool,
        last_log_index: Index,
        last_log_term: Term,
    },
    /// The answer to a RequestVote.
    RequestVoteResponse {
        term: Term,
        pre_vote: bool,
        vote_granted: bool,
    },
    /// AppendEntries (§5.3): a heartbeat when `entries` is empty.
    AppendEntries {
        term: Term,
        prev_log_index: Index,
        prev_log_term: Term,
        entries: Vec<Entry>,
        leader_commit: Index,
    },
    /// The answer to an AppendEntries. On success `index` is the follower's match
    /// (prev + entries); on failure it is the `prev_log_index` that was refused, so
    /// that a late reply cannot move `next_index` twice. `conflict_index` is the
    /// follower's hint for fast backtracking.
    AppendEntriesResponse {
        term: Term,
        success: bool,
        index: Index,
        conflict_index: Option<Index>,
        conflict_term: Option<Term>,
    },
}

/// A message's kind, as named on the page and in scenario files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    RequestVote,
    RequestVoteResponse,
    PreVote,
    PreVoteResponse,
    AppendEntries,
    AppendEntriesResponse,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::RequestVote,
        Kind::RequestVoteResponse,
        Kind::PreVote,
        Kind::PreVoteResponse,
        Kind::AppendEntries,
        Kind::AppendEntriesResponse,
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
            Body::RequestVote { term, .. }
            | Body::RequestVoteResponse { term, .. }
            | Body::AppendEntries { term, .. }
            | Body::AppendEntriesResponse { term, .. } => *term,
        }
    }

    /// The kind of this message.
    pub fn kind(&self) -> Kind {
        match self {
            Body::RequestVote { pre_vote: true, .. } => Kind::PreVote,
            Body::RequestVote { .. } => Kind::RequestVote,
            Body::RequestVoteResponse { pre_vote: true, .. } => Kind::PreVoteResponse,
            Body::RequestVoteResponse { .. } => Kind::RequestVoteResponse,
            Body::AppendEntries { .. } => Kind::AppendEntries,
            Body::AppendEntriesResponse { .. } => Kind::AppendEntriesResponse,
        }
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
        assert_eq!(Kind::parse("vote"), None);
    }
}
