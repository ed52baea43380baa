//! The Raft core: one server's state machine, as in the paper (Ongaro & Ousterhout,
//! "In Search of an Understandable Consensus Algorithm", 2014) and Ongaro's thesis
//! for PreVote and CheckQuorum.
//!
//! Sans-IO: a [`Node`] takes inputs (a timer expiry, a peer message, a client
//! proposal) and returns an [`Output`] (messages to send, timers to set, entries to
//! apply). It has no clock and draws no random numbers: the world does both.

mod log;
mod message;
mod node;

#[cfg(test)]
mod tests;

pub use log::{Entry, Log};
pub use message::{Body, Kind, Message};
pub use node::{
    AppendRefusal, Bugs, Config, IdSet, Input, Node, Note, Options, Output, Persistent, Refusal,
    Role, Timer,
};

/// A server id: servers are numbered from 1, as S1…S5 in the paper.
pub type NodeId = u8;
/// A term number (§5.1).
pub type Term = u64;
/// A log index; the first entry has index 1.
pub type Index = u64;
/// Simulated time in microseconds.
pub type Time = u64;
