//! Log compaction (paper §7, thesis ch. 5): a server snapshots its applied state
//! and drops the log it covers; a leader whose follower needs compacted entries
//! sends the snapshot whole (Figure 13 without chunks).

use super::*;

impl Node {
    /// The world took a snapshot of its state machine at `index` holding `data`:
    /// the log up to it is compacted (§7). Ignored unless `index` is applied and
    /// beyond the current snapshot (snapshot_index < index ≤ last_applied).
    pub fn compact(&mut self, index: Index, data: Vec<(String, String)>) -> Output {
        // After a teaching bug, a log can be shorter than what was applied: only
        // an index the log still holds can end a snapshot.
        let held = self.log.term_at(index);
        if let Some(term) =
            held.filter(|_| index > self.log.snapshot_index() && index <= self.last_applied)
        {
            let (membership, _) = self.membership_at(index);
            self.log.compact(index);
            self.snapshot = Some(Snapshot {
                index,
                term,
                membership,
                data,
            });
            self.note(Note::Compacted { index });
        }
        self.finish()
    }

    /// A leader sends its snapshot to `peer`, at most once until answered or
    /// until the next heartbeat.
    pub(super) fn send_snapshot(&mut self, peer: NodeId) {
        let Some(snapshot) = self.snapshot.clone() else {
            return;
        };
        if self.snapshot_pending & bit(peer) != 0 {
            return;
        }
        self.snapshot_pending |= bit(peer);
        self.note(Note::SnapshotSent {
            to: peer,
            index: snapshot.index,
        });
        let term = self.current_term;
        self.send(peer, InstallSnapshot { term, snapshot });
    }

    /// InstallSnapshot receiver (Figure 13), answered like an AppendEntries that
    /// matched up to the snapshot's last index.
    pub(super) fn handle_install_snapshot(
        &mut self,
        now: Time,
        leader: NodeId,
        req: InstallSnapshot,
    ) {
        let InstallSnapshot { term, snapshot } = req;
        let index = snapshot.index;
        // 1. Reply immediately if term < currentTerm.
        if term < self.current_term {
            self.note(Note::AppendRefused {
                leader,
                prev_log_index: index,
                reason: AppendRefusal::StaleTerm,
            });
            return self.reply_append(leader, false, index, None, None);
        }
        self.leader_id = Some(leader);
        self.last_leader_contact = Some(now);
        self.out.election_timer = Some(self.follower_timer());
        // Nothing new: what we committed already matches the leader's log, so
        // we answer with our commit index (as etcd does) and keep our log.
        if index <= self.commit_index {
            let commit = self.commit_index.min(self.log.last_index());
            return self.reply_append(leader, true, commit, None, None);
        }
        // 6.–7. Keep the entries after a matching last included entry, else
        // discard the log; 8. reset the state machine from the snapshot.
        self.log.install(index, snapshot.term);
        (self.commit_index, self.last_applied) = (index, index);
        self.out.restore = Some(snapshot.clone());
        self.snapshot = Some(snapshot);
        let (m, at) = self.membership_at(self.log.last_index());
        self.set_membership(m, at);
        self.note(Note::SnapshotInstalled { leader, index });
        self.reply_append(leader, true, index, None, None);
    }
}
