//! What happened, in a language-neutral form: the page turns these into sentences
//! (in English or Chinese) for the event feed and paints them on the timeline.

use super::client::ReadMode;
use super::invariants::Invariant;
use crate::raft::{Change, ChangeRefusal, Index, Kind, NodeId, Note, Term, Time};
use std::collections::VecDeque;

/// One thing that happened in the world.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A server's own account of a decision.
    Node(NodeId, Note),
    Crashed(NodeId),
    Restarted(NodeId),
    /// The user forced a server's election timer to fire.
    ForcedTimeout(NodeId),
    /// A forced timeout on a leader, which has no election timer.
    TimeoutIgnored(NodeId),
    /// A link {a, b} changed; `from`/`to` name the direction for one-way cuts.
    LinkCut {
        from: NodeId,
        to: NodeId,
        oneway: bool,
    },
    LinkHealed {
        from: NodeId,
        to: NodeId,
        oneway: bool,
    },
    Partitioned(Vec<Vec<NodeId>>),
    Isolated(NodeId),
    HealedAll,
    WriteSubmitted {
        write: u32,
        to: Option<NodeId>,
    },
    WriteRedirected {
        write: u32,
        from: NodeId,
        to: NodeId,
    },
    /// No leader known: the client will retry.
    WriteWaiting {
        write: u32,
    },
    WriteAppended {
        write: u32,
        leader: NodeId,
        index: Index,
        term: Term,
    },
    WriteAcked {
        write: u32,
        index: Index,
    },
    WriteUnknown {
        write: u32,
        leader: NodeId,
    },
    /// The client sent operation `op`'s write again (thesis §6.3).
    WriteRetried {
        op: u32,
        value: String,
    },
    ReadSubmitted {
        op: u32,
        client: u8,
        key: String,
        mode: ReadMode,
    },
    ReadAnswered {
        op: u32,
        server: NodeId,
        key: String,
        value: Option<String>,
    },
    /// The server lost leadership (or crashed, or was down) before answering.
    ReadUnknown {
        op: u32,
        server: NodeId,
        key: String,
    },
    Dropped {
        kind: Kind,
        from: NodeId,
        to: NodeId,
    },
    /// `count` messages in flight held back by `by` µs more.
    Delayed {
        count: usize,
        by: Time,
    },
    /// `count` messages in flight sent a second time.
    Duplicated {
        count: usize,
    },
    SettingsChanged,
    TimersAligned,
    TimersSpread,
    Violation {
        invariant: Invariant,
        nodes: Vec<NodeId>,
    },
    /// The leader took on a membership change or a leadership transfer.
    Requested {
        leader: NodeId,
        req: Request,
    },
    /// A membership change or transfer was refused: by the `leader` for `reason`,
    /// or (both `None`) because no server leads.
    Refused {
        leader: Option<NodeId>,
        req: Request,
        reason: Option<ChangeRefusal>,
    },
}

/// What a user asks of the leader about the cluster's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    /// A membership change (thesis ch. 4, paper §6).
    Change(Change),
    /// Hand leadership to this server (thesis §3.10).
    Transfer(NodeId),
}

/// An event with its time.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedItem {
    pub t: Time,
    pub event: Event,
}

/// The most recent events, oldest dropped first.
#[derive(Clone, Debug, Default)]
pub struct Feed {
    items: VecDeque<FeedItem>,
    total: u64,
}

/// Events kept for the page's feed.
pub const FEED_LEN: usize = 200;

impl Feed {
    pub fn push(&mut self, t: Time, event: Event) {
        if self.items.len() == FEED_LEN {
            self.items.pop_front();
        }
        self.items.push_back(FeedItem { t, event });
        self.total += 1;
    }

    /// The kept events, oldest first.
    pub fn items(&self) -> impl DoubleEndedIterator<Item = &FeedItem> + ExactSizeIterator {
        self.items.iter()
    }

    /// How many events were ever pushed (a cursor for readers).
    pub fn total(&self) -> u64 {
        self.total
    }

    pub fn approx_bytes(&self) -> usize {
        self.items.len() * 64
    }
}

/// What a timeline mark stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    Elected {
        node: NodeId,
        term: Term,
    },
    Crash(NodeId),
    Restart(NodeId),
    /// A cut, partition or isolation.
    Cut,
    Heal,
    Write,
    Violation,
}

/// A moment worth marking on the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub t: Time,
    pub kind: MarkKind,
}

impl Mark {
    /// The mark an event deserves, if any.
    pub fn of(t: Time, e: &Event) -> Option<Mark> {
        let kind = match e {
            Event::Node(node, Note::BecameLeader { term }) => MarkKind::Elected {
                node: *node,
                term: *term,
            },
            Event::Crashed(n) => MarkKind::Crash(*n),
            Event::Restarted(n) => MarkKind::Restart(*n),
            Event::LinkCut { .. } | Event::Partitioned(_) | Event::Isolated(_) => MarkKind::Cut,
            Event::LinkHealed { .. } | Event::HealedAll => MarkKind::Heal,
            Event::WriteSubmitted { .. } => MarkKind::Write,
            Event::Violation { .. } => MarkKind::Violation,
            _ => return None,
        };
        Some(Mark { t, kind })
    }
}
