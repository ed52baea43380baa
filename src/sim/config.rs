//! The world's settings: cluster size, timing, network and the core's options.

use crate::raft::{Bugs, Options, Time};

/// Which consensus protocol the servers run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Protocol {
    /// Raft (`crate::raft`).
    #[default]
    Raft,
    /// ZooKeeper's ZAB (`crate::zab`).
    Zab,
}

impl Protocol {
    /// `raft` or `zab`, as scenarios and URLs write it.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::Raft => "raft",
            Protocol::Zab => "zab",
        }
    }

    /// The protocol with this name.
    pub fn parse(s: &str) -> Option<Protocol> {
        [Protocol::Raft, Protocol::Zab]
            .into_iter()
            .find(|p| p.name() == s)
    }
}

/// Microseconds in a millisecond.
pub const MS: Time = 1_000;

/// How a cluster is set up. Defaults are the paper's original algorithm.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterConfig {
    /// Number of servers that start as voters, 1..=`max_nodes`.
    pub nodes: u8,
    /// Servers S1…S`max_nodes` exist; those above `nodes` start as spares: up,
    /// but members of no configuration until added (thesis ch. 4).
    pub max_nodes: u8,
    /// Entries a server keeps before it snapshots and compacts (§7); 0: never.
    pub snapshot_every: u64,
    /// Election timeout range (µs), drawn uniformly at each reset (§5.2).
    pub election_timeout: (Time, Time),
    /// Leader heartbeat period (µs).
    pub heartbeat: Time,
    /// One-way message latency range (µs), drawn uniformly per message.
    pub latency: (Time, Time),
    /// Probability that a message is lost in flight, 0..=1.
    pub loss: f64,
    /// The core's options (PreVote, CheckQuorum, no-op, batching, bugs).
    pub options: Options,
    /// Raft (default) or ZAB; the same actions drive either.
    pub protocol: Protocol,
    /// ZAB's teaching bugs (a ZAB cluster ignores `options`).
    pub zab_bugs: crate::zab::Bugs,
    /// How many clients issue reads and writes (1–5), each with its session.
    pub clients: u8,
    /// Each server's clock rate in permille (1000: true time), by id − 1;
    /// servers not listed run true.
    pub clock_rates: Vec<u32>,
}

impl ClusterConfig {
    /// Server `id`'s clock rate, permille.
    pub fn clock_rate(&self, id: crate::raft::NodeId) -> u32 {
        self.clock_rates
            .get(id as usize - 1)
            .copied()
            .unwrap_or(1_000)
    }
}

impl Default for ClusterConfig {
    fn default() -> ClusterConfig {
        ClusterConfig {
            nodes: 5,
            max_nodes: 5,
            snapshot_every: 0,
            election_timeout: (150 * MS, 300 * MS),
            heartbeat: 50 * MS,
            latency: (10 * MS, 20 * MS),
            loss: 0.0,
            options: Options::default(),
            protocol: Protocol::Raft,
            zab_bugs: crate::zab::Bugs::default(),
            clients: 1,
            clock_rates: vec![],
        }
    }
}

/// The slowest and fastest clock rate a user may set, permille.
pub const CLOCK_RATES: (u32, u32) = (250, 4_000);

/// The largest cluster the page can draw.
pub const MAX_NODES: u8 = 9;

/// A change of settings while the cluster runs; `None` leaves a value as it is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub loss: Option<f64>,
    pub latency: Option<(Time, Time)>,
    pub election_timeout: Option<(Time, Time)>,
    pub heartbeat: Option<Time>,
    pub prevote: Option<bool>,
    pub check_quorum: Option<bool>,
    pub leader_noop: Option<bool>,
    pub max_entries_per_append: Option<usize>,
    pub fast_backtrack: Option<bool>,
    /// `membership: "joint"` (true) or `"single"` (false).
    pub joint_consensus: Option<bool>,
    /// Entries kept before compacting (§7); 0: never.
    pub snapshot_every: Option<u64>,
    /// The complete set of teaching bugs that are on.
    pub bugs: Option<Bugs>,
    /// The complete set of ZAB's teaching bugs that are on (read from the same
    /// `bugs` list: each name belongs to one protocol).
    pub zab_bugs: Option<crate::zab::Bugs>,
    /// `drift: {"3": 1.2}`: these servers' clock rates, permille.
    pub drift: Option<Vec<(crate::raft::NodeId, u32)>>,
}

impl Settings {
    /// Every setting of `cfg`, as a change that would set them all.
    pub fn of(cfg: &ClusterConfig) -> Settings {
        let o = &cfg.options;
        Settings {
            loss: Some(cfg.loss),
            latency: Some(cfg.latency),
            election_timeout: Some(cfg.election_timeout),
            heartbeat: Some(cfg.heartbeat),
            prevote: Some(o.prevote),
            check_quorum: Some(o.check_quorum),
            leader_noop: Some(o.leader_noop),
            max_entries_per_append: Some(o.max_entries_per_append),
            fast_backtrack: Some(o.fast_backtrack),
            joint_consensus: Some(o.joint_consensus),
            snapshot_every: Some(cfg.snapshot_every),
            bugs: Some(o.bugs),
            zab_bugs: Some(cfg.zab_bugs),
            drift: Some(
                (1..=cfg.max_nodes)
                    .map(|id| (id, cfg.clock_rate(id)))
                    .filter(|&(_, r)| r != 1_000)
                    .collect(),
            )
            .filter(|d: &Vec<_>| !d.is_empty()),
        }
    }

    /// Applies this change to `cfg`.
    pub fn apply_to(&self, cfg: &mut ClusterConfig) {
        if let Some(v) = self.loss {
            cfg.loss = v;
        }
        if let Some(v) = self.latency {
            cfg.latency = v;
        }
        if let Some(v) = self.election_timeout {
            cfg.election_timeout = v;
        }
        if let Some(v) = self.heartbeat {
            cfg.heartbeat = v;
        }
        if let Some(v) = self.snapshot_every {
            cfg.snapshot_every = v;
        }
        let o = &mut cfg.options;
        if let Some(v) = self.prevote {
            o.prevote = v;
        }
        if let Some(v) = self.check_quorum {
            o.check_quorum = v;
        }
        if let Some(v) = self.leader_noop {
            o.leader_noop = v;
        }
        if let Some(v) = self.max_entries_per_append {
            o.max_entries_per_append = v;
        }
        if let Some(v) = self.fast_backtrack {
            o.fast_backtrack = v;
        }
        if let Some(v) = self.joint_consensus {
            o.joint_consensus = v;
        }
        if let Some(v) = self.bugs {
            o.bugs = v;
        }
        if let Some(v) = self.zab_bugs {
            cfg.zab_bugs = v;
        }
        for &(id, rate) in self.drift.iter().flatten() {
            let i = id as usize - 1;
            if cfg.clock_rates.len() <= i {
                cfg.clock_rates.resize(i + 1, 1_000);
            }
            cfg.clock_rates[i] = rate;
        }
    }

    /// Whether this change touches the core's options (not just the network).
    pub fn touches_options(&self) -> bool {
        self.prevote.is_some()
            || self.check_quorum.is_some()
            || self.leader_noop.is_some()
            || self.max_entries_per_append.is_some()
            || self.fast_backtrack.is_some()
            || self.joint_consensus.is_some()
            || self.bugs.is_some()
            || self.zab_bugs.is_some()
    }
}
