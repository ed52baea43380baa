//! The ZAB core: one ZooKeeper server's state machine, after ZooKeeper's own code
//! (`FastLeaderElection`, `Leader`, `LearnerHandler`, `Follower`, `Learner`) and
//! the paper (Junqueira, Reed, Serafini, "Zab: High-performance broadcast for
//! primary-backup systems", DSN 2011), whose four phases it names: election,
//! discovery, synchronization, broadcast.
//!
//! Sans-IO, like `crate::raft`: a [`Node`] takes inputs (a timer expiry, a peer
//! message, a client proposal) and returns an [`Output`] (messages to send, timers
//! to set, notes, transactions to deliver). It has no clock and draws no random
//! numbers. Links are FIFO, as ZooKeeper assumes TCP.
//!
//! Driving a server (what the world does):
//! - boot: `Node::new(config, persistent)`, then `start()`; a crash keeps only
//!   `persistent()`, and the restarted server begins the same way. Messages in
//!   flight to a crashed server are lost with its connections.
//! - timers: `election_timer` (notification timeout with backoff, or the
//!   finalize wait) fires [`Input::ElectionTimeout`]; `tick_timer` fires
//!   [`Input::Tick`] every `Config::tick`.
//! - messages: [`Input::Receive`]; links must be FIFO. A lost packet between a
//!   leader and a learner closes their connection (see [`Message::seq`]).
//! - writes: `propose` on the established leader; `deliver` (after `restore`,
//!   clear the state machine) is what each server applies, in zxid order.
//!
//! - `node.rs`: the server: Fast Leader Election, then the leader's and the
//!   learner's side of discovery, synchronization and broadcast.
//! - `message.rs`: notifications and the quorum packets (FOLLOWERINFO … UPTODATE).
//! - `io.rs`: zxids, votes, inputs, outputs, roles, persistent state, config.

#![warn(missing_docs)] // house rule: every public item of the core is documented

mod io;
mod message;
mod node;

#[cfg(test)]
mod tests;

pub use io::{
    total_order, Bugs, Config, Input, Note, Output, Persistent, Phase, Received, Role, SyncKind,
    Timer, Txn, Vote, Zxid,
};
pub use message::{Body, Message, Notification};
pub use node::Node;

/// A server id (ZooKeeper's `sid`, `myid`), from 1.
pub type NodeId = u8;
/// An epoch: the high 32 bits of a zxid (`ZxidUtils.getEpochFromZxid`).
pub type Epoch = u32;
/// An election round: FastLeaderElection's `logicalclock` (a notification's
/// `electionEpoch`). Not an epoch, and not part of the vote order.
pub type Round = u32;
/// Simulated time in microseconds.
pub type Time = u64;
/// A set of server ids as a bit mask (ids 1..=15).
pub type IdSet = u16;

/// The set holding only `id`.
pub fn bit(id: NodeId) -> IdSet {
    1 << id
}
