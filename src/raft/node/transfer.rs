//! Leadership transfer (thesis §3.10): the leader stops taking writes, brings
//! the target up to date, and tells it to time out now; the target campaigns at
//! once. The transfer aborts after an election timeout.

use super::*;
use crate::raft::message::TimeoutNow;

/// A transfer under way.
#[derive(Clone, Copy, Debug)]
pub(super) struct Transfer {
    pub(super) to: NodeId,
    /// An election timeout after the start: then the leader gives up.
    pub(super) deadline: Time,
    /// TimeoutNow went out (once: the target then campaigns in a higher term).
    sent: bool,
}

impl Node {
    /// The leader hands leadership to `to`, a voter other than itself (thesis
    /// §3.10). Until it steps down or the transfer aborts, it refuses writes
    /// (`propose` answers `Err(None)`) and membership changes.
    pub fn transfer_leadership(&mut self, now: Time, to: NodeId) -> Result<Output, ChangeRefusal> {
        self.tick(now);
        if self.role != Role::Leader {
            return Err(ChangeRefusal::NotLeader(self.leader_id));
        }
        if self.transfer.is_some() {
            return Err(ChangeRefusal::Transferring);
        }
        // A change under way lives in this leader's memory only (learner rounds,
        // a multi-step target): handing over now would strand it half done.
        if self.catch_up.is_some() || self.target.is_some() {
            return Err(ChangeRefusal::InProgress);
        }
        if to == self.config.id || to > self.config.cluster_size || !self.membership.is_voter(to) {
            return Err(ChangeRefusal::BadTarget);
        }
        self.transfer = Some(Transfer {
            to,
            deadline: now + self.config.election_timeout_min,
            sent: false,
        });
        self.note(Note::TransferStarted { to });
        self.end_lease();
        self.maybe_send_timeout_now();
        if self.transfer.is_some_and(|t| !t.sent) {
            self.send_append(to); // catch the target up first
        }
        Ok(self.finish())
    }

    /// Once the target holds the whole log, tell it to campaign now.
    pub(super) fn maybe_send_timeout_now(&mut self) {
        let Some(t) = self.transfer.as_mut() else {
            return;
        };
        if t.sent || self.match_index[t.to as usize] != self.log.last_index() {
            return;
        }
        t.sent = true;
        let to = t.to;
        self.note(Note::TimeoutNowSent { to });
        let term = self.current_term;
        self.send(to, TimeoutNow { term });
    }

    /// TimeoutNow from the leader of our term: a voter starts a real election
    /// at once, skipping PreVote, and its vote requests say the leader asked.
    pub(super) fn handle_timeout_now(&mut self, from: NodeId, req: TimeoutNow) {
        if req.term != self.current_term || !self.membership.is_voter(self.config.id) {
            return;
        }
        self.note(Note::TimeoutNowReceived { from });
        self.campaign(false, true);
    }
}
