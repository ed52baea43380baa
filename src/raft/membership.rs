//! Cluster membership (thesis chapter 4, paper §6): who votes, who only listens,
//! and, during a joint change, the two voter sets whose majorities are both needed.
//!
//! A configuration lives in the log as an entry of its own; a server uses the
//! latest one in its log, committed or not (thesis §4.1). Before any configuration
//! entry, a server uses the one its snapshot recorded, or the one it was booted with.

use super::io::IdSet;
use super::NodeId;

/// A cluster configuration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Membership {
    /// Servers whose votes and acknowledgements count (C_new in a joint change).
    pub voters: IdSet,
    /// Non-voting members (thesis §4.2.1): they receive the log but are not
    /// counted in any majority and never campaign.
    pub learners: IdSet,
    /// In a joint configuration C_old,new (paper §6, thesis §4.3): the old voters.
    /// Elections and commitment then need a majority of each set.
    pub old_voters: Option<IdSet>,
}

/// The bit of server `id` in an [`IdSet`].
pub fn bit(id: NodeId) -> IdSet {
    1 << id
}

/// The ids in `set`, lowest first.
pub fn ids(set: IdSet) -> impl Iterator<Item = NodeId> {
    (1..16u8).filter(move |&i| set & bit(i) != 0)
}

/// Whether `granted` holds a strict majority of `voters` (an empty set has none).
fn majority_of(voters: IdSet, granted: IdSet) -> bool {
    let n = voters.count_ones();
    n > 0 && (voters & granted).count_ones() > n / 2
}

impl Membership {
    /// Servers 1..=n as voters: a fresh cluster of n servers.
    pub fn first(n: u8) -> Membership {
        Membership {
            voters: (1..=n).fold(0, |s, i| s | bit(i)),
            ..Membership::default()
        }
    }

    /// Whether this is a joint configuration C_old,new.
    pub fn is_joint(&self) -> bool {
        self.old_voters.is_some()
    }

    /// Everyone whose vote counts: the voters, and in a joint change the old ones.
    pub fn all_voters(&self) -> IdSet {
        self.voters | self.old_voters.unwrap_or(0)
    }

    /// Every member: voters (old and new) and learners. A leader replicates to all.
    pub fn members(&self) -> IdSet {
        self.all_voters() | self.learners
    }

    /// Whether `id`'s vote counts in this configuration.
    pub fn is_voter(&self, id: NodeId) -> bool {
        self.all_voters() & bit(id) != 0
    }

    /// Whether `id` is a learner.
    pub fn is_learner(&self, id: NodeId) -> bool {
        self.learners & bit(id) != 0
    }

    /// Whether `granted` is a quorum: a majority of the voters and, in a joint
    /// configuration, also of the old voters (paper §6).
    pub fn is_quorum(&self, granted: IdSet) -> bool {
        majority_of(self.voters, granted)
            && self.old_voters.is_none_or(|old| majority_of(old, granted))
    }

    /// The highest index that a quorum has stored, given each voter's match index
    /// (paper §6: in C_old,new, the lower of the two majorities' indices).
    pub fn quorum_index(&self, matched: impl Fn(NodeId) -> u64) -> u64 {
        // The highest index that more than half of `set` have reached. At most
        // nine voters: counting beats sorting, and keeps a sort out of the page.
        let of = |set: IdSet| {
            let half = set.count_ones() / 2;
            ids(set)
                .map(&matched)
                .filter(|&v| ids(set).filter(|&j| matched(j) >= v).count() as u32 > half)
                .max()
                .unwrap_or(0)
        };
        let new = of(self.voters);
        self.old_voters.map_or(new, |old| new.min(of(old)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ids: &[NodeId]) -> IdSet {
        ids.iter().fold(0, |s, &i| s | bit(i))
    }

    #[test]
    fn majority_of_each_set_in_a_joint_configuration_paper_6() {
        let joint = Membership {
            voters: set(&[3, 4, 5, 6, 7]),
            learners: 0,
            old_voters: Some(set(&[1, 2, 3])),
        };
        // A majority of the new set alone is not enough, nor of the old alone.
        assert!(
            !joint.is_quorum(set(&[3, 4, 5])),
            "old needs 2 of {{1,2,3}}"
        );
        assert!(!joint.is_quorum(set(&[1, 2, 3])), "new needs 3 of {{3..7}}");
        assert!(joint.is_quorum(set(&[1, 3, 4, 5])));
        assert!(joint.is_voter(1) && joint.is_voter(7) && !joint.is_voter(8));
    }

    #[test]
    fn learners_never_count_thesis_4_2_1() {
        let c = Membership {
            voters: set(&[1, 2, 3]),
            learners: set(&[4, 5]),
            old_voters: None,
        };
        assert!(!c.is_quorum(set(&[1, 4, 5])));
        assert!(c.is_quorum(set(&[1, 2])));
        assert_eq!(c.members(), set(&[1, 2, 3, 4, 5]));
        assert!(!Membership::default().is_quorum(set(&[1])));
    }

    #[test]
    fn quorum_index_is_the_lower_of_both_majorities() {
        let joint = Membership {
            voters: set(&[3, 4, 5]),
            learners: 0,
            old_voters: Some(set(&[1, 2, 3])),
        };
        let matched = |id: NodeId| [0, 9, 9, 5, 2, 1][id as usize];
        // Old {9, 9, 5} → 9; new {5, 2, 1} → 2.
        assert_eq!(joint.quorum_index(matched), 2);
        assert_eq!(Membership::first(3).quorum_index(matched), 9);
    }
}
