//! Membership changes (thesis ch. 4, paper §6): the configuration in effect, a
//! leader's changes one server at a time or through joint consensus, and the
//! catch-up rounds of a new server (thesis §4.2.1).

use super::*;

/// Rounds of replication a new server gets before the leader gives up (§4.2.1).
const CATCH_UP_ROUNDS: u8 = 10;

/// A learner being caught up before it may vote (thesis §4.2.1): each round
/// replicates up to the leader's last index at the round's start; a round shorter
/// than an election timeout means the server is close enough to the leader.
#[derive(Clone, Copy, Debug)]
pub(super) struct CatchUp {
    id: NodeId,
    round: u8,
    round_end: Index,
    round_start: Time,
    /// The last round was short: promote it once the configuration allows.
    ready: bool,
}

impl Node {
    /// The configuration in effect at `index`, and where it comes from: the
    /// latest configuration entry at or before it, else the snapshot's, else the
    /// bootstrap one (thesis §4.1, §5.1).
    pub(super) fn membership_at(&self, index: Index) -> (Membership, Index) {
        let mut i = index.min(self.log.last_index());
        while i > self.log.snapshot_index() {
            if let Some(m) = self.log.get(i).and_then(|e| e.config) {
                return (m, i);
            }
            i -= 1;
        }
        match &self.snapshot {
            Some(s) => (s.membership, s.index),
            None => (self.config.bootstrap, 0),
        }
    }

    /// Puts configuration `m` (from `index`) in effect. A server that stops
    /// being a voter stops its election timer; one that becomes a voter starts it.
    pub(super) fn set_membership(&mut self, m: Membership, index: Index) {
        let me = self.config.id;
        let was_voter = self.membership.is_voter(me);
        (self.membership, self.config_index) = (m, index);
        if self.role != Role::Leader && was_voter != m.is_voter(me) {
            self.out.election_timer = Some(self.follower_timer());
        }
    }

    /// A client asks the leader to change the cluster's membership (thesis ch. 4,
    /// paper §6). One change at a time: refused while the latest configuration
    /// is uncommitted, a learner is catching up or a multi-server change is under
    /// way (§4.1), and until the leader has committed an entry of its term (the
    /// fix to the 2015 single-server bug).
    pub fn change_membership(
        &mut self,
        now: Time,
        change: Change,
    ) -> Result<Output, ChangeRefusal> {
        use ChangeRefusal::*;
        self.tick(now);
        if self.role != Role::Leader {
            return Err(NotLeader(self.leader_id));
        }
        if self.transfer.is_some() {
            return Err(Transferring);
        }
        if self.config_index > self.commit_index || self.catch_up.is_some() || self.target.is_some()
        {
            return Err(InProgress);
        }
        if !self.config.options.bugs.config_before_noop
            && self.log.term_at(self.commit_index) != Some(self.current_term)
        {
            return Err(NoCommitInTerm);
        }
        let n = self.config.cluster_size;
        let b = match change {
            Change::AddVoter(id) | Change::AddLearner(id) | Change::Remove(id) => {
                if id == 0 || id > n {
                    return Err(BadTarget);
                }
                bit(id)
            }
            Change::Voters(set) if set & !(((1u32 << (n + 1)) - 2) as IdSet) != 0 => {
                return Err(BadTarget);
            }
            Change::Voters(set) => set,
        };
        let m = self.membership;
        let (voters, learners) = (m.voters, m.learners);
        let next = |voters: IdSet, learners: IdSet, old_voters| Membership {
            voters,
            learners,
            old_voters,
        };
        match change {
            Change::AddVoter(_) if voters & b != 0 => return Err(NoChange),
            Change::AddVoter(id) => self.start_add(id),
            Change::AddLearner(_) if m.members() & b != 0 => return Err(NoChange),
            Change::AddLearner(_) => self.append_config(next(voters, learners | b, None)),
            Change::Remove(_) if m.members() & b == 0 => return Err(NoChange),
            Change::Remove(_) if voters & !b == 0 => return Err(NoVoters),
            Change::Remove(_) => self.append_config(next(voters & !b, learners & !b, None)),
            Change::Voters(0) => return Err(NoVoters),
            Change::Voters(set) if set == voters => return Err(NoChange),
            // Paper §6: C_old,new first; `advance_config` appends C_new once it commits.
            Change::Voters(set) if self.config.options.joint_consensus => {
                self.append_config(next(set, learners & !set, Some(voters)))
            }
            // Teaching bug: C_new at once; C_old and C_new can elect two leaders.
            Change::Voters(set) if self.config.options.bugs.add_two_at_once => {
                self.append_config(next(set, learners & !set, None))
            }
            // Thesis §4.1: one server at a time, each after the previous commits.
            Change::Voters(set) => {
                self.target = Some(set);
                self.advance_config();
            }
        }
        Ok(self.finish())
    }

    /// A leader appends configuration `m`, which takes effect at once (§4.1).
    fn append_config(&mut self, m: Membership) {
        self.append_entry(Entry::config(self.current_term, m));
        self.bcast_append();
        self.maybe_commit();
    }

    /// Adds `id` as a learner (unless it is one) and starts its catch-up rounds.
    fn start_add(&mut self, id: NodeId) {
        let m = self.membership;
        let round_start = self.now;
        if m.is_learner(id) {
            self.send_append(id);
        } else {
            self.append_config(Membership {
                learners: m.learners | bit(id),
                ..m
            });
        }
        self.catch_up = Some(CatchUp {
            id,
            round: 1,
            round_end: self.log.last_index(),
            round_start,
            ready: false,
        });
    }

    /// The learner being caught up answered: if it reached the round's end, a
    /// short round makes it ready to vote, a long one starts the next (§4.2.1).
    pub(super) fn catch_up_progress(&mut self, from: NodeId) {
        let Some(c) = self.catch_up.as_mut() else {
            return;
        };
        if c.id != from || c.ready || self.match_index[from as usize] < c.round_end {
            return;
        }
        if self.now < c.round_start + self.config.election_timeout_min {
            c.ready = true;
            self.advance_config();
        } else {
            self.next_catch_up_round();
        }
    }

    /// A round took an election timeout or more: another one, up to ten, after
    /// which the leader gives up and the server stays a learner.
    pub(super) fn next_catch_up_round(&mut self) {
        let (last, now) = (self.log.last_index(), self.now);
        match self.catch_up.as_mut() {
            Some(c) if c.round < CATCH_UP_ROUNDS => {
                (c.round, c.round_end, c.round_start) = (c.round + 1, last, now);
            }
            _ => (self.catch_up, self.target) = (None, None),
        }
    }

    /// Whether the catch-up round under way has already lasted too long.
    pub(super) fn catch_up_overdue(&self) -> bool {
        matches!(self.catch_up, Some(c)
            if !c.ready && self.now >= c.round_start + self.config.election_timeout_min)
    }

    /// A leader, once its latest configuration is committed, takes the next
    /// step: steps down if it is no longer a voter (§4.2.2); turns a committed
    /// C_old,new into C_new (paper §6); makes a caught-up learner a voter
    /// (§4.2.1); or moves one server closer to a multi-server target (§4.1).
    pub(super) fn advance_config(&mut self) {
        if self.role != Role::Leader || self.config_index > self.commit_index {
            return;
        }
        let m = self.membership;
        let me = self.config.id;
        if !m.is_voter(me) {
            let term = self.current_term;
            self.note(Note::SteppedDownRemoved { term });
            return self.become_follower(term, None);
        }
        if m.is_joint() {
            return self.append_config(Membership {
                old_voters: None,
                ..m
            });
        }
        match self.catch_up {
            Some(c) if c.ready => {
                self.catch_up = None;
                self.note(Note::LearnerCaughtUp { id: c.id });
                let b = bit(c.id);
                return self.append_config(Membership {
                    voters: m.voters | b,
                    learners: m.learners & !b,
                    old_voters: None,
                });
            }
            Some(_) => return,
            None => {}
        }
        let Some(target) = self.target else {
            return;
        };
        // Adds first, then removes, the leader last of all (it steps down then).
        let removes = m.voters & !target;
        if let Some(id) = ids(target & !m.voters).next() {
            self.start_add(id);
        } else if let Some(id) = ids(removes & !bit(me)).chain(ids(removes)).next() {
            let b = bit(id);
            self.append_config(Membership {
                voters: m.voters & !b,
                learners: m.learners & !b,
                old_voters: None,
            });
        } else {
            self.target = None;
        }
    }
}
