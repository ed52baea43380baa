//! How a server is set up: its identity and timing ([`Config`]), the algorithm's
//! switchable options ([`Options`]) and the teaching bugs ([`Bugs`]).

use super::membership::Membership;
use super::{NodeId, Time};

/// Teaching bugs: each switch disables one safety rule of the paper.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bugs {
    /// Commit any entry stored on a majority, ignoring §5.4.2 (Figure 8).
    pub commit_old_term_by_count: bool,
    /// Grant votes without the up-to-date check of §5.4.1.
    pub vote_without_log_check: bool,
    /// Do not persist `voted_for`: a restarted server may vote twice in one term.
    pub forget_vote_on_restart: bool,
    /// Change several voters in one configuration entry, without joint consensus:
    /// C_old and C_new can then form disjoint majorities (thesis §4.1, paper §6).
    pub add_two_at_once: bool,
    /// Let a new leader append a configuration entry before it has committed an
    /// entry of its own term (the single-server change bug found in 2015).
    pub config_before_noop: bool,
    /// The state machine applies a retried command again: no client sessions
    /// (thesis §6.3), so a retried append shows twice.
    pub no_client_dedup: bool,
    /// Lease reads trust the whole election timeout, as if clocks never drifted
    /// (thesis §6.4.1).
    pub lease_without_drift_bound: bool,
    /// ReadIndex without the heartbeat round (thesis §6.4 step 2): a deposed
    /// leader that does not know it answers a stale read.
    pub read_without_quorum_check: bool,
}

impl Bugs {
    /// The bug names used in scenario files and on the page.
    pub const NAMES: [&'static str; 8] = [
        "commit-old-term-by-count",
        "vote-without-log-check",
        "forget-vote-on-restart",
        "add-two-at-once",
        "config-before-noop",
        "no-client-dedup",
        "lease-without-drift-bound",
        "read-without-quorum-check",
    ];

    /// Turns the named bug on or off; false if the name is unknown.
    pub fn set(&mut self, name: &str, on: bool) -> bool {
        match name {
            "commit-old-term-by-count" => self.commit_old_term_by_count = on,
            "vote-without-log-check" => self.vote_without_log_check = on,
            "forget-vote-on-restart" => self.forget_vote_on_restart = on,
            "add-two-at-once" => self.add_two_at_once = on,
            "config-before-noop" => self.config_before_noop = on,
            "no-client-dedup" => self.no_client_dedup = on,
            "lease-without-drift-bound" => self.lease_without_drift_bound = on,
            "read-without-quorum-check" => self.read_without_quorum_check = on,
            _ => return false,
        }
        true
    }

    /// Whether the named bug is on.
    pub fn is_on(&self, name: &str) -> bool {
        match name {
            "commit-old-term-by-count" => self.commit_old_term_by_count,
            "vote-without-log-check" => self.vote_without_log_check,
            "forget-vote-on-restart" => self.forget_vote_on_restart,
            "add-two-at-once" => self.add_two_at_once,
            "config-before-noop" => self.config_before_noop,
            "no-client-dedup" => self.no_client_dedup,
            "lease-without-drift-bound" => self.lease_without_drift_bound,
            "read-without-quorum-check" => self.read_without_quorum_check,
            _ => false,
        }
    }

    /// Names of the bugs that are on.
    pub fn names_on(&self) -> Vec<&'static str> {
        Bugs::NAMES.into_iter().filter(|n| self.is_on(n)).collect()
    }
}

/// Options of the algorithm, each switchable while the cluster runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Ask for pre-votes before starting an election (PreVote, thesis §9.6).
    pub prevote: bool,
    /// CheckQuorum: a leader steps down when it has not heard from a majority for
    /// an election timeout (thesis §6.2), and a server that heard from a leader less
    /// than a minimum election timeout ago ignores vote requests (thesis §4.2.3).
    pub check_quorum: bool,
    /// A new leader appends a no-op entry of its term (§8).
    pub leader_noop: bool,
    /// Most entries in one AppendEntries; 0 means no limit.
    pub max_entries_per_append: usize,
    /// A refused AppendEntries carries a conflict hint so the leader skips a whole
    /// term at once (end of §5.3) instead of one index per round trip.
    pub fast_backtrack: bool,
    /// How a leader replaces several voters at once: joint consensus (paper §6)
    /// if on, else one server at a time (thesis §4.1).
    pub joint_consensus: bool,
    /// The teaching bugs that are on.
    pub bugs: Bugs,
}

impl Default for Options {
    /// The paper's original algorithm.
    fn default() -> Options {
        Options {
            prevote: false,
            check_quorum: false,
            leader_noop: true,
            max_entries_per_append: 0,
            fast_backtrack: false,
            joint_consensus: false,
            bugs: Bugs::default(),
        }
    }
}

/// What a server knows about itself and its cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// This server's id.
    pub id: NodeId,
    /// Servers that may ever exist are numbered 1..=cluster_size (members or spares).
    pub cluster_size: u8,
    /// The configuration the server was booted with: in effect until its log or
    /// its snapshot holds one. A spare server boots with an empty one.
    pub bootstrap: Membership,
    /// The low end of the election timeout range: also how long a server trusts
    /// a leader it heard from (thesis §4.2.3), and a CheckQuorum leader's period.
    pub election_timeout_min: Time,
    /// How often a leader sends AppendEntries when it has nothing new (§5.2).
    pub heartbeat_interval: Time,
    /// The algorithm's options, switchable while running.
    pub options: Options,
}
