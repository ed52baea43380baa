//! The messages of ZAB: election notifications (FastLeaderElection) and the
//! quorum packets between a leader and its learners (Leader.java's constants).

use super::io::{Role, Txn, Vote, Zxid};
use super::{Epoch, NodeId, Round};

/// A message between two servers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// The sender (`sid`).
    pub from: NodeId,
    /// The receiver.
    pub to: NodeId,
    /// What the message carries.
    pub body: Body,
    /// Its place in the leader–learner connection it travels on, from 1 (0 for a
    /// notification). ZooKeeper's packets ride TCP: a gap means the world lost
    /// one, and the receiver closes the connection as on a socket error.
    pub seq: u32,
}

/// An election notification (FastLeaderElection.Notification); the sender's
/// `sid` is the message's `from`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Notification {
    /// The vote: proposed leader, its zxid and epoch (`leader`, `zxid`, `peerEpoch`).
    pub vote: Vote,
    /// The sender's election round (`electionEpoch`, its `logicalclock`).
    pub round: Round,
    /// The sender's state.
    pub state: Role,
}

/// What a message carries.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)] // each variant's doc names its fields
pub enum Body {
    /// An election notification.
    Notification(Notification),
    /// Learner → leader, first packet (FOLLOWERINFO, or OBSERVERINFO when
    /// `observer`): its `accepted_epoch` (Learner.registerWithLeader). `session`
    /// stands for ZooKeeper's TCP connection: the learner counts its attempts to
    /// follow, and drops a LEADERINFO answering an earlier one.
    FollowerInfo {
        accepted_epoch: Epoch,
        observer: bool,
        session: u32,
    },
    /// Leader → learner: the new `epoch` (LEADERINFO), answering `session`.
    LeaderInfo { epoch: Epoch, session: u32 },
    /// Learner → leader (ACKEPOCH): its `current_epoch` (`None`: it had already
    /// accepted this epoch, ZooKeeper's -1) and its `last_zxid`.
    AckEpoch {
        current_epoch: Option<Epoch>,
        last_zxid: Zxid,
    },
    /// Leader → learner: your history matches mine up to `zxid`; what you lack follows.
    Diff { zxid: Zxid },
    /// Leader → learner: cut your history after `zxid`.
    Trunc { zxid: Zxid },
    /// Leader → learner: replace your state by this (a snapshot of `history`).
    Snap { history: Vec<Txn> },
    /// Leader → follower: log this transaction and ACK it (PROPOSAL).
    Proposal(Txn),
    /// Learner → leader: logged up to `zxid` (ACK; of NEWLEADER when `zxid` is
    /// the new epoch's zero).
    Ack { zxid: Zxid },
    /// Leader → follower: `zxid` is committed (COMMIT).
    Commit { zxid: Zxid },
    /// Leader → observer: a committed transaction (INFORM).
    Inform(Txn),
    /// Leader → learner: synchronization sent; `zxid` is the new epoch's zero
    /// (NEWLEADER).
    NewLeader { zxid: Zxid },
    /// Leader → learner: a quorum is synchronized, serve (UPTODATE).
    UpToDate,
    /// Leader ↔ learner heartbeat (PING).
    Ping,
}

impl Body {
    /// Every message name, in the order of the protocol.
    pub const NAMES: [&'static str; 15] = [
        "notification",
        "followerinfo",
        "observerinfo",
        "leaderinfo",
        "ackepoch",
        "diff",
        "trunc",
        "snap",
        "proposal",
        "ack",
        "commit",
        "inform",
        "newleader",
        "uptodate",
        "ping",
    ];

    /// The message's name, as on the page and in a scenario's `drop` step.
    pub fn name(&self) -> &'static str {
        match self {
            Body::Notification(_) => "notification",
            Body::FollowerInfo {
                observer: false, ..
            } => "followerinfo",
            Body::FollowerInfo { .. } => "observerinfo",
            Body::LeaderInfo { .. } => "leaderinfo",
            Body::AckEpoch { .. } => "ackepoch",
            Body::Diff { .. } => "diff",
            Body::Trunc { .. } => "trunc",
            Body::Snap { .. } => "snap",
            Body::Proposal(_) => "proposal",
            Body::Ack { .. } => "ack",
            Body::Commit { .. } => "commit",
            Body::Inform(_) => "inform",
            Body::NewLeader { .. } => "newleader",
            Body::UpToDate => "uptodate",
            Body::Ping => "ping",
        }
    }
}
