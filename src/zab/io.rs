//! What crosses a server's boundary: zxids and votes, the [`Input`]s a server
//! takes, the [`Output`] it returns, and what the world reads back ([`Role`],
//! [`Phase`], [`Persistent`]); with the server's [`Config`] and teaching [`Bugs`].

use super::message::Message;
use super::{Epoch, IdSet, NodeId, Round, Time};
use std::fmt;

/// A ZooKeeper transaction id: the epoch of the leader that proposed it, then a
/// counter that restarts at each epoch (`ZxidUtils.makeZxid`). Ordered
/// lexicographically, as the 64-bit number `epoch << 32 | counter` is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Zxid {
    /// The high 32 bits: the epoch.
    pub epoch: Epoch,
    /// The low 32 bits: the transaction's number within its epoch, from 1.
    pub counter: u32,
}

impl Zxid {
    /// The zxid of an empty history.
    pub const ZERO: Zxid = Zxid {
        epoch: 0,
        counter: 0,
    };

    /// A zxid from its epoch and counter.
    pub fn new(epoch: Epoch, counter: u32) -> Zxid {
        Zxid { epoch, counter }
    }

    /// As ZooKeeper logs it: `0x200000003`.
    pub fn hex(self) -> String {
        format!("{:#x}", (self.epoch as u64) << 32 | self.counter as u64)
    }
}

/// `2:3`: epoch 2, third transaction.
impl fmt::Display for Zxid {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}:{}", self.epoch, self.counter)
    }
}

/// A transaction in a server's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Txn {
    /// Its zxid.
    pub zxid: Zxid,
    /// The client's command, opaque to the core.
    pub data: String,
    /// The client write it carries, for the world's history of operations.
    pub write_id: Option<u32>,
}

/// A vote: the proposed leader, its last zxid and its epoch (FastLeaderElection's
/// `proposedLeader`, `proposedZxid`, `proposedEpoch`). The round is not part of it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Vote {
    /// The proposed leader (0: nobody, an observer's initial vote).
    pub leader: NodeId,
    /// The proposed leader's last logged zxid.
    pub zxid: Zxid,
    /// The proposed leader's current epoch (`peerEpoch`).
    pub epoch: Epoch,
}

/// FastLeaderElection.totalOrderPredicate: whether `new` beats `cur`, comparing
/// (epoch, zxid, server id) in that order. With `ignore_zxid` (the teaching bug
/// `elect-without-zxid`) the zxid is skipped: (epoch, id).
pub fn total_order(new: Vote, cur: Vote, ignore_zxid: bool) -> bool {
    if ignore_zxid {
        (new.epoch, new.leader) > (cur.epoch, cur.leader)
    } else {
        (new.epoch, new.zxid, new.leader) > (cur.epoch, cur.zxid, cur.leader)
    }
}

/// A vote received during an election (FastLeaderElection's `recvset` and
/// `outofelection` maps): the vote, the sender's round and its state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Received {
    /// The sender's vote.
    pub vote: Vote,
    /// The sender's round (`electionEpoch`).
    pub round: Round,
    /// The sender's state when it sent it.
    pub state: Role,
}

impl Received {
    /// Vote.equals: votes of LOOKING servers match on vote and round; votes of
    /// servers out of the election only on leader and epoch.
    pub fn matches(&self, other: &Received) -> bool {
        if self.state == Role::Looking || other.state == Role::Looking {
            self.vote == other.vote && self.round == other.round
        } else {
            (self.vote.leader, self.vote.epoch) == (other.vote.leader, other.vote.epoch)
        }
    }
}

/// A server's state (QuorumPeer.ServerState).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// In a leader election.
    Looking,
    /// Following the elected leader.
    Following,
    /// Elected; leading once a quorum has synchronized with it.
    Leading,
    /// A non-voting learner (an observer).
    Observing,
}

impl Role {
    /// The lower-case name used on the page and in snapshots.
    pub fn name(self) -> &'static str {
        match self {
            Role::Looking => "looking",
            Role::Following => "following",
            Role::Leading => "leading",
            Role::Observing => "observing",
        }
    }
}

/// The phase of the protocol a server is in (the paper, §III–IV).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Phase 0: Fast Leader Election.
    Election,
    /// Phase 1: the leader learns its followers' epochs and proposes a new one.
    Discovery,
    /// Phase 2: the leader brings its followers' histories up to its own.
    Synchronization,
    /// Phase 3: proposals, acks and commits.
    Broadcast,
}

impl Phase {
    /// The lower-case name used on the page and in snapshots.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Election => "election",
            Phase::Discovery => "discovery",
            Phase::Synchronization => "synchronization",
            Phase::Broadcast => "broadcast",
        }
    }
}

/// How a leader brings a learner up to date (LearnerHandler.syncFollower).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SyncKind {
    /// The learner has a prefix of the leader's history: send what it lacks.
    Diff,
    /// The learner has transactions the leader does not: cut them, then send
    /// what it lacks.
    Trunc,
    /// Too far behind: send the whole state.
    Snap,
}

impl SyncKind {
    /// The packet's name, lower-case.
    pub fn name(self) -> &'static str {
        match self {
            SyncKind::Diff => "diff",
            SyncKind::Trunc => "trunc",
            SyncKind::Snap => "snap",
        }
    }
}

/// What a server keeps on disk: its transaction log and the two epoch files
/// (`acceptedEpoch`, `currentEpoch`) of QuorumPeer. It survives a crash.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Persistent {
    /// The logged transactions, in zxid order (a snapshot and the log after it).
    pub history: Vec<Txn>,
    /// The last epoch this server accepted in a LEADERINFO (the paper's f.p).
    pub accepted_epoch: Epoch,
    /// The epoch of the last NEWLEADER it acknowledged (the paper's f.a).
    pub current_epoch: Epoch,
}

/// An input to a server.
#[derive(Clone, Debug)]
pub enum Input {
    /// The election timer fired: no notification for a while (resend them,
    /// backing off) or the finalize wait is over.
    ElectionTimeout,
    /// The periodic tick (ZooKeeper's `tickTime`): pings, and the `initLimit`
    /// and `syncLimit` checks.
    Tick,
    /// A message from a peer arrived.
    Receive(Message),
}

/// What a server asks of one of its timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timer {
    /// Restart with this duration.
    After(Time),
    /// Stop the timer.
    Stop,
}

/// A plain-language fact about what a server just did, for the event feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)] // each variant's doc names its fields
pub enum Note {
    /// The server started looking: a new election `round` (lookForLeader).
    Looking { round: Round },
    /// A notification from `from` with a higher round: votes reset, `round` adopted.
    RoundAdopted { round: Round, from: NodeId },
    /// The server switched to the better `vote` it heard from `from`.
    VoteChanged { vote: Vote, from: NodeId },
    /// A quorum shares the server's vote for `leader`: the finalize wait begins.
    QuorumForVote { leader: NodeId },
    /// A better vote from `from` arrived during the finalize wait.
    FinalizeInterrupted { from: NodeId },
    /// The election ended for this server with `leader`, in `round`.
    Elected { leader: NodeId, round: Round },
    /// A late server learned the leader from FOLLOWING/LEADING notifications.
    JoinedLeader { leader: NodeId },
    /// The leader proposes `epoch`: a quorum's accepted epochs, plus one.
    EpochProposed { epoch: Epoch },
    /// The learner accepted the leader's new `epoch` (LEADERINFO).
    EpochAccepted { epoch: Epoch },
    /// The learner refused a LEADERINFO of `epoch`, below its accepted one.
    EpochRefused { epoch: Epoch },
    /// A packet from learner `id` went missing: the leader closed its connection.
    Disconnected { id: NodeId },
    /// The leader refused learner `id`, whose state is more recent than its own.
    FollowerAhead { id: NodeId },
    /// The leader synchronizes learner `to` by `how`, from `zxid`.
    Sync {
        to: NodeId,
        how: SyncKind,
        zxid: Zxid,
    },
    /// The learner cut its history after `zxid` (TRUNC).
    Truncated { zxid: Zxid },
    /// The learner ignored a TRUNC to `zxid` (teaching bug `skip-truncate`).
    TruncateSkipped { zxid: Zxid },
    /// The learner replaced its history by the leader's, up to `zxid` (SNAP).
    SnapshotInstalled { zxid: Zxid },
    /// The learner took the new leader's history and acknowledged NEWLEADER.
    NewLeaderAcked { epoch: Epoch },
    /// A quorum acknowledged NEWLEADER: the leader of `epoch` is established, and
    /// its whole history up to `zxid` committed.
    Established { epoch: Epoch, zxid: Zxid },
    /// The learner received UPTODATE from `leader` and serves.
    UpToDate { leader: NodeId },
    /// Transactions up to `zxid` are committed.
    Committed { zxid: Zxid },
    /// The learner heard nothing from its leader for too long (`initLimit` or
    /// `syncLimit` ticks) and looks for a new one.
    LeaderLost { leader: NodeId },
    /// The leader of `epoch` lost its quorum (`syncLimit`) or did not gather one
    /// in time (`initLimit`), and looks for a new leader.
    QuorumLost { epoch: Epoch },
}

/// Everything a server asks the world to do after one input.
#[derive(Clone, Debug, Default)]
pub struct Output {
    /// Messages to send, in order.
    pub messages: Vec<Message>,
    /// What to do with the election timer; `None`: leave it as it is.
    pub election_timer: Option<Timer>,
    /// What to do with the tick timer; `None`: leave it as it is.
    pub tick_timer: Option<Timer>,
    /// What happened, for the event feed.
    pub notes: Vec<Note>,
    /// Before delivering: clear the state machine (a SNAP, or a TRUNC below what
    /// was delivered); `deliver` then starts from the first transaction.
    pub restore: bool,
    /// Newly committed transactions to apply, in zxid order.
    pub deliver: Vec<Txn>,
}

/// Teaching bugs: each switch removes one rule ZAB's safety rests on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bugs {
    /// The vote order (totalOrderPredicate) and the leader's check that no
    /// follower is ahead of it (Leader.waitForEpochAck) ignore the zxid: a
    /// server missing committed transactions can lead and truncate them away.
    pub elect_without_zxid: bool,
    /// A learner ignores TRUNC: it keeps transactions the leader never had.
    pub skip_truncate: bool,
}

impl Bugs {
    /// The bug names used in scenario files and on the page.
    pub const NAMES: [&'static str; 2] = ["elect-without-zxid", "skip-truncate"];

    /// Turns the named bug on or off; false if the name is unknown.
    pub fn set(&mut self, name: &str, on: bool) -> bool {
        match name {
            "elect-without-zxid" => self.elect_without_zxid = on,
            "skip-truncate" => self.skip_truncate = on,
            _ => return false,
        }
        true
    }

    /// The names of the bugs that are on.
    pub fn names_on(&self) -> Vec<&'static str> {
        Bugs::NAMES.into_iter().filter(|n| self.is_on(n)).collect()
    }

    /// Whether the bug with this name is on.
    pub fn is_on(&self, name: &str) -> bool {
        match name {
            "elect-without-zxid" => self.elect_without_zxid,
            "skip-truncate" => self.skip_truncate,
            _ => false,
        }
    }
}

/// What a server knows about itself, its ensemble and its timing (zoo.cfg).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// This server's id (`myid`).
    pub id: NodeId,
    /// Servers are numbered 1..=cluster_size.
    pub cluster_size: u8,
    /// The voting members (participants); the others are observers.
    pub voters: IdSet,
    /// `tickTime`: the period of [`Input::Tick`].
    pub tick: Time,
    /// `initLimit`: ticks a leader and its learners have for discovery and
    /// synchronization.
    pub init_limit: u32,
    /// `syncLimit`: ticks without a word after which a leader drops a follower
    /// (and a follower its leader).
    pub sync_limit: u32,
    /// FastLeaderElection.finalizeWait (200 ms in ZooKeeper), also the first
    /// notification timeout (`minNotificationInterval`).
    pub finalize_wait: Time,
    /// `maxNotificationInterval` (60 s in ZooKeeper): the backoff's ceiling.
    pub max_notification_interval: Time,
    /// A learner missing more than this many transactions gets a SNAP instead of
    /// a DIFF (ZooKeeper's `snapSizeLimitInKb` / committed-log window).
    pub snap_threshold: usize,
    /// The teaching bugs that are on.
    pub bugs: Bugs,
}

impl Config {
    /// Server `id` of an ensemble of `n` voters, with ZooKeeper's timing scaled
    /// to the simulation (tick 50 ms, initLimit 10, syncLimit 5, finalizeWait
    /// 200 ms, notification backoff up to 1.6 s).
    pub fn new(id: NodeId, n: u8) -> Config {
        Config {
            id,
            cluster_size: n,
            voters: (1..=n).fold(0, |s, i| s | super::bit(i)),
            tick: 50_000,
            init_limit: 10,
            sync_limit: 5,
            finalize_wait: 200_000,
            max_notification_interval: 1_600_000,
            snap_threshold: 50,
            bugs: Bugs::default(),
        }
    }
}
