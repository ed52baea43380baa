//! The Raft core: one server's state machine, as in the paper (Ongaro & Ousterhout,
//! "In Search of an Understandable Consensus Algorithm", 2014) and Ongaro's thesis
//! ("Consensus: Bridging Theory and Practice", 2014) for PreVote (§9.6) and
//! CheckQuorum (§6.2, with §4.2.3 on ignoring vote requests while a leader is heard).
//!
//! Sans-IO: a [`Node`] takes inputs (a timer expiry, a peer message, a client
//! proposal) and returns an [`Output`] (messages to send, timers to set, entries to
//! apply). It has no clock and draws no random numbers: the world does both.
//!
//! - `node.rs`: the server itself, Figure 2 in code.
//! - `message.rs`: RequestVote and AppendEntries, with their answers.
//! - `log.rs`: the replicated log, after its snapshot (§7).
//! - `membership.rs`: configurations, learners and joint majorities (thesis ch. 4).
//! - `io.rs`: inputs, outputs, roles and persistent state.
//! - `options.rs`: configuration, options and teaching bugs.

#![warn(missing_docs)] // house rule: every public item of the core is documented

mod io;
mod log;
mod membership;
mod message;
mod node;
mod options;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_cluster;

pub use io::{
    AppendRefusal, Change, ChangeRefusal, IdSet, Input, Note, Output, Persistent, Refusal, Role,
    Snapshot, Timer,
};
pub use log::{Entry, EntryKind, Log};
pub use membership::{bit, ids, Membership};
pub use message::{
    AppendEntries, AppendEntriesResponse, Body, InstallSnapshot, Kind, Message, RequestVote,
    RequestVoteResponse, TimeoutNow,
};
pub use node::{Node, CLOCK_DRIFT_BOUND};
pub use options::{Bugs, Config, Options};

/// A server id: servers are numbered from 1, as S1…S5 in the paper.
pub type NodeId = u8;
/// A term number (§5.1).
pub type Term = u64;
/// A log index; the first entry has index 1.
pub type Index = u64;
/// Simulated time in microseconds.
pub type Time = u64;
