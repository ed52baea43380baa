//! ZAB's safety properties, checked by the world after every event, as
//! [`Checker`](super::invariants::Checker) checks Raft's: at most one established
//! leader per epoch, primary order (every server delivers a prefix of one
//! sequence), and no acknowledged write lost (each is in every later
//! established leader's history). The names follow Junqueira, Reed, Serafini,
//! DSN 2011, §III; the random schedules in `src/zab/tests.rs` check the same.

use super::invariants::{Counts, Detail, Invariant, Violation};
use crate::zab::{Epoch, NodeId, Time, Txn, Zxid};

/// Most violations kept per property; later ones are only counted.
const KEEP_PER_NAME: usize = 20;

/// What the checker remembers of the whole run.
#[derive(Clone, Debug, Default)]
pub struct ZabChecker {
    counts: Counts,
    violations: Vec<Violation>,
    /// Each epoch's established leader.
    leaders: Vec<(Epoch, NodeId)>,
    /// The longest delivery sequence seen: every server's must be a prefix of it.
    order: Vec<(Zxid, String)>,
    /// Per server (index = id): transactions delivered since its state machine
    /// was last cleared (a restart, a SNAP).
    pos: Vec<usize>,
    /// Writes acknowledged to a client: (zxid, data).
    acked: Vec<(Zxid, String)>,
}

impl ZabChecker {
    pub fn new(n: u8) -> ZabChecker {
        ZabChecker {
            pos: vec![0; n as usize + 1],
            ..ZabChecker::default()
        }
    }

    pub fn counts(&self) -> Counts {
        self.counts
    }
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
    pub fn holds(&self, inv: Invariant) -> bool {
        self.counts.of(inv) == 0
    }
    /// The writes acknowledged so far, by zxid.
    pub fn acked(&self) -> &[(Zxid, String)] {
        &self.acked
    }

    fn violate(&mut self, t: Time, invariant: Invariant, nodes: Vec<NodeId>, detail: String) {
        let c = self.counts.bump(invariant);
        if c as usize <= KEEP_PER_NAME {
            self.violations.push(Violation {
                invariant,
                t,
                nodes,
                detail: Detail::plain(detail),
            });
        }
    }

    /// `id` established itself as leader of `epoch` holding `history`
    /// (Leader.lead, after the NEWLEADER quorum). Returns violations found.
    pub fn established(&mut self, t: Time, id: NodeId, epoch: Epoch, history: &[Txn]) -> usize {
        let before = self.counts.total();
        match self.leaders.iter().find(|l| l.0 == epoch) {
            Some(&(_, other)) if other != id => self.violate(
                t,
                Invariant::LeaderPerEpoch,
                vec![other, id],
                format!("S{other} and S{id} are both established leaders of epoch {epoch}"),
            ),
            Some(_) => {}
            None => self.leaders.push((epoch, id)),
        }
        let missing = self
            .acked
            .iter()
            .find(|(z, d)| !history.iter().any(|h| h.zxid == *z && h.data == *d))
            .cloned();
        if let Some((z, d)) = missing {
            self.violate(
                t,
                Invariant::NoLostAck,
                vec![id],
                format!("S{id} leads epoch {epoch} without the acknowledged write {z} ({d})"),
            );
        }
        (self.counts.total() - before) as usize
    }

    /// `id`'s state machine was cleared: it delivers again from the start.
    pub fn cleared(&mut self, id: NodeId) {
        self.pos[id as usize] = 0;
    }

    /// `id` delivered `txn` to its state machine. Returns violations found.
    pub fn delivered(&mut self, t: Time, id: NodeId, txn: &Txn) -> usize {
        let p = self.pos[id as usize];
        self.pos[id as usize] += 1;
        match self.order.get(p) {
            None if p == self.order.len() => {
                self.order.push((txn.zxid, txn.data.clone()));
                0
            }
            Some((z, d)) if *z == txn.zxid && *d == txn.data => 0,
            other => {
                let was = other.map_or("nothing".to_string(), |(z, d)| format!("{z} ({d})"));
                self.violate(
                    t,
                    Invariant::PrimaryOrder,
                    vec![id],
                    format!(
                        "S{id} delivers {} ({}) as transaction #{}, where another server delivered {was}",
                        txn.zxid,
                        txn.data,
                        p + 1
                    ),
                );
                1
            }
        }
    }

    /// A write was acknowledged to its client.
    pub fn acknowledged(&mut self, zxid: Zxid, data: &str) {
        self.acked.push((zxid, data.to_string()));
    }

    pub fn approx_bytes(&self) -> usize {
        (self.order.len() + self.acked.len()) * 40 + self.violations.len() * 96
    }
}
