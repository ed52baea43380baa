//! Linearizable reads without writing to the log (thesis §6.4): the leader
//! notes its commit index as the read index, confirms it still leads with a
//! round of heartbeats a majority answers, and the world answers once the state
//! machine has applied up to the read index. A lease (§6.4.1) skips the round
//! trip while the last confirmed round is recent enough, which is safe only if
//! clocks drift by less than the bound the lease assumes.

use super::*;

/// A lease lasts `election_timeout_min × 1000 / CLOCK_DRIFT_BOUND` from the
/// start of a confirmed round: clocks may run at rates differing by up to this
/// factor (permille) — e.g. one at 0.8× and another at 1.2×.
pub const CLOCK_DRIFT_BOUND: Time = 1_500;

/// Most heartbeat rounds a leader tracks at once (older ones are forgotten:
/// a later round's confirmation covers them).
const ROUNDS: usize = 16;

/// A leader's read state: heartbeat rounds, its lease, reads waiting.
#[derive(Clone, Debug, Default)]
pub(super) struct Reads {
    /// The current heartbeat round; every AppendEntries carries it.
    pub(super) round: u64,
    /// Rounds not yet answered by a quorum: (round, local start time, acks).
    open: Vec<(u64, Time, IdSet)>,
    /// The latest round a quorum answered.
    confirmed: u64,
    /// Until when (this server's clock) lease reads are served.
    lease_until: Time,
    /// Reads waiting: (read id, read index, the round that must be confirmed).
    /// No read index yet: the leader has not committed an entry of its term.
    waiting: Vec<(u64, Option<Index>, u64)>,
}

impl Node {
    /// A client asks for a linearizable read (`id` is the world's). A leader
    /// answers in [`Output::reads`] with the index the state machine must reach
    /// before it answers; anyone else names the leader it knows (`Err`). With
    /// `lease`, a leader inside its lease answers at once (thesis §6.4.1),
    /// otherwise it falls back to ReadIndex (§6.4).
    pub fn read(&mut self, now: Time, id: u64, lease: bool) -> Result<Output, Option<NodeId>> {
        self.tick(now);
        if self.role != Role::Leader {
            return Err(self.leader_id);
        }
        // §6.4 step 1: until it commits an entry of its term, a new leader does
        // not know which entries are committed.
        let index = self.committed_in_term().then_some(self.commit_index);
        let bugs = self.config.options.bugs;
        if index.is_some() && lease && self.holds_lease(now) {
            self.out.reads.push((id, self.commit_index));
        } else if index.is_some() && bugs.read_without_quorum_check {
            // The bug: trust that we still lead. A deposed leader answers stale.
            self.out.reads.push((id, self.commit_index));
        } else if index.is_some() {
            self.reads.waiting.push((id, index, self.reads.round + 1));
            self.bcast_append(); // §6.4 step 2: a fresh round of heartbeats
        } else {
            self.reads.waiting.push((id, None, 0));
        }
        Ok(self.finish())
    }

    /// Whether a lease read may skip the round trip now: CheckQuorum on (voters
    /// then refuse votes for an election timeout after hearing from a leader,
    /// §4.2.3 — what makes the lease hold), no transfer under way (the target
    /// is elected without waiting), and the lease not yet expired.
    fn holds_lease(&self, now: Time) -> bool {
        self.config.options.check_quorum && self.transfer.is_none() && now < self.reads.lease_until
    }

    /// The lease this server's leader takes from a confirmed round that began
    /// at `start` (its clock).
    fn lease_end(&self, start: Time) -> Time {
        let min = self.config.election_timeout_min;
        if self.config.options.bugs.lease_without_drift_bound {
            start + min // as if every clock ran at the same rate
        } else {
            start + min * 1_000 / CLOCK_DRIFT_BOUND
        }
    }

    fn committed_in_term(&self) -> bool {
        self.log.term_at(self.commit_index) == Some(self.current_term)
    }

    /// A new round of heartbeats begins (every broadcast is one).
    pub(super) fn start_round(&mut self) {
        self.reads.round += 1;
        if self.reads.open.len() == ROUNDS {
            self.reads.open.remove(0);
        }
        self.reads.open.push((self.reads.round, self.now, 0));
        self.ack_round(self.config.id, 0); // a one-voter cluster confirms at once
    }

    /// `from` answered a message of round `round` in our term: it followed us
    /// after every round up to that one began.
    pub(super) fn ack_round(&mut self, from: NodeId, round: u64) {
        let me = bit(self.config.id);
        let mut confirmed = None;
        for (r, start, acks) in self.reads.open.iter_mut() {
            if *r <= round {
                *acks |= bit(from);
            }
            if self.membership.is_quorum(*acks | me) {
                confirmed = Some((*r, *start));
            }
        }
        let Some((round, start)) = confirmed else {
            return;
        };
        self.reads.confirmed = round;
        self.reads.lease_until = self.reads.lease_until.max(self.lease_end(start));
        self.reads.open.retain(|o| o.0 > round);
        let mut ready = vec![];
        self.reads.waiting.retain(|&(id, index, r)| match index {
            Some(index) if r <= round => {
                ready.push((id, index));
                false
            }
            _ => true,
        });
        self.out.reads.extend(ready);
    }

    /// The first commit of its term gives the leader its read index for reads
    /// that waited for it; the next round confirms them.
    pub(super) fn reads_committed_in_term(&mut self) {
        if self.role != Role::Leader || !self.committed_in_term() {
            return;
        }
        let (commit, next) = (self.commit_index, self.reads.round + 1);
        let bug = self.config.options.bugs.read_without_quorum_check;
        let mut ready = vec![];
        for w in self.reads.waiting.iter_mut().filter(|w| w.1.is_none()) {
            if bug {
                ready.push((w.0, commit));
                w.2 = u64::MAX; // removed below
            } else {
                *w = (w.0, Some(commit), next);
            }
        }
        self.reads.waiting.retain(|w| w.2 != u64::MAX);
        self.out.reads.extend(ready);
    }

    /// A transfer hands leadership away without the voters' wait: no lease.
    pub(super) fn end_lease(&mut self) {
        self.reads.lease_until = 0;
    }

    /// Until when (this server's clock) the leader's lease holds, if it leads
    /// with one (CheckQuorum on).
    pub fn lease_until(&self) -> Option<Time> {
        let on = self.config.options.check_quorum && self.role == Role::Leader;
        (on && self.reads.lease_until > 0).then_some(self.reads.lease_until)
    }

    /// Reads waiting at this leader: (read id, read index if known).
    pub fn reads_waiting(&self) -> impl Iterator<Item = (u64, Option<Index>)> + '_ {
        self.reads.waiting.iter().map(|w| (w.0, w.1))
    }
}
