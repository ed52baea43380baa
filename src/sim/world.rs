//! The world: a discrete-event simulation of servers, network and clients in
//! integer microseconds. One seeded RNG draws every latency, loss and timeout, and
//! ties break by a sequence number, so the same seed and the same actions give the
//! same trace on every platform.

use super::client::{
    is_session_key, parse_cmd, session_add, session_has, session_key, validate_write, ClientOp,
    OpStatus, ReadMode, Write, WriteStatus, CLIENT_RETRY, MAX_CLIENTS,
};
use super::config::{ClusterConfig, Settings, MAX_NODES};
use super::feed::Request;
use super::feed::{Event, Feed, Mark};
use super::invariants::Invariant;
use super::invariants::{Before, Checker, Detail, Why};
use super::lincheck::{self, OpKind};
use super::network::{InFlight, Network};
use super::rng::SimRng;
use super::strmap::StrMap;
use crate::raft::{
    bit, Change, Config, Entry, IdSet, Index, Input, Kind, Log, Membership, Message, Node, NodeId,
    Note, Output, Persistent, Role, Snapshot, Term, Time, Timer,
};
use rand::RngExt;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A server's persistent state before the run starts (a scenario's `init`).
#[derive(Clone, Debug, PartialEq)]
pub struct InitNode {
    pub node: NodeId,
    pub term: Term,
    pub voted_for: Option<NodeId>,
    /// The entries after the snapshot, if one is given.
    pub log: Vec<Entry>,
    /// `"snapshot": {"index", "term", "kv"}`: the log's first `index` entries
    /// are compacted into this state machine (§7).
    pub snapshot: Option<InitSnapshot>,
    /// `"voters"`: the configuration this server boots with (default: S1…S`nodes`).
    pub voters: Option<Vec<NodeId>>,
}

/// A snapshot given in a scenario's `init`.
#[derive(Clone, Debug, PartialEq)]
pub struct InitSnapshot {
    pub index: Index,
    pub term: Term,
    pub kv: Vec<(String, String)>,
}

/// Everything that fixes a world at time zero.
#[derive(Clone, Debug, PartialEq)]
pub struct Setup {
    pub seed: u64,
    pub cluster: ClusterConfig,
    pub init: Vec<InitNode>,
}

impl Default for Setup {
    fn default() -> Setup {
        Setup {
            seed: 1,
            cluster: ClusterConfig::default(),
            init: vec![],
        }
    }
}

/// A server's place in the cluster's configuration (`data-member` on the page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Member {
    Voter,
    Learner,
    /// Up, but in no configuration: waiting to be added.
    Spare,
}

impl Member {
    /// Voter, learner or spare in `m` (callers drawing every server look the
    /// configuration up once and ask this for each).
    pub fn of(m: &Membership, id: NodeId) -> Member {
        if m.is_voter(id) {
            Member::Voter
        } else if m.is_learner(id) {
            Member::Learner
        } else {
            Member::Spare
        }
    }

    /// `voter`, `learner` or `spare`.
    pub fn name(self) -> &'static str {
        match self {
            Member::Voter => "voter",
            Member::Learner => "learner",
            Member::Spare => "spare",
        }
    }
}

/// How `Action::Timers` rearranges election timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerMode {
    /// All fire at the same moment: provokes a split vote.
    Align,
    /// Evenly spread over the timeout range, in server order.
    Spread,
}

/// Something a user or a scenario does to the world.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Crash(NodeId),
    Restart(NodeId),
    /// Restart every crashed server.
    RestartAll,
    /// Fire a server's election timer now.
    Timeout(NodeId),
    /// A client write `key=value` (put) or `key+=value` (append), to a chosen
    /// server or to the leader, from client `client` (1-based).
    Write {
        value: String,
        to: Option<NodeId>,
        client: u8,
    },
    /// A client read of `key` (thesis §6.4), at a chosen server or the leader.
    Read {
        key: String,
        to: Option<NodeId>,
        mode: ReadMode,
        client: u8,
    },
    /// The client sends its latest write again, with the same session numbers
    /// (thesis §6.3): what a client does when no answer came.
    Retry {
        client: u8,
    },
    /// Cut `a → b`, and `b → a` unless one-way.
    Cut {
        a: NodeId,
        b: NodeId,
        oneway: bool,
    },
    Heal {
        a: NodeId,
        b: NodeId,
        oneway: bool,
    },
    /// Links inside a group are up, links across groups cut; unlisted servers
    /// form one more group.
    Partition(Vec<Vec<NodeId>>),
    Isolate(NodeId),
    HealAll,
    Set(Settings),
    /// Drop the messages in flight that match.
    Drop(MessageFilter),
    /// Hold back the messages in flight that match by `by` more (µs): a message
    /// can outlive an election, as on a real network.
    Delay(MessageFilter, Time),
    /// Send a second copy of each matching message in flight, with a latency of
    /// its own: the network duplicates, and so reorders.
    Duplicate(MessageFilter),
    Timers(TimerMode),
    /// Ask the leader to add a voter: a learner first, promoted once it has
    /// caught up (thesis §4.2.1).
    AddServer(NodeId),
    /// Ask the leader to add a learner (non-voting member).
    AddLearner(NodeId),
    /// Ask the leader to remove a server, possibly itself (thesis §4.2.2).
    RemoveServer(NodeId),
    /// Ask the leader to make these the voters (joint consensus, paper §6, or one
    /// server at a time, as `ClusterConfig::options.joint_consensus` says).
    Change(Vec<NodeId>),
    /// Ask the leader to hand leadership to this server (thesis §3.10).
    Transfer(NodeId),
    /// A server snapshots its state machine and compacts its log now (§7).
    Snapshot(NodeId),
}

/// Which messages in flight an action touches: those that match every given field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MessageFilter {
    pub from: Option<NodeId>,
    pub to: Option<NodeId>,
    pub kind: Option<Kind>,
    pub id: Option<u64>,
}

impl MessageFilter {
    /// Whether `f` is one of the messages this filter names.
    pub fn matches(&self, f: &InFlight) -> bool {
        self.from.is_none_or(|x| f.msg.from == x)
            && self.to.is_none_or(|x| f.msg.to == x)
            && self.kind.is_none_or(|k| f.msg.body.kind() == k)
            && self.id.is_none_or(|i| f.id == i)
    }
}

/// One of a server's two timers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimerSlot {
    /// (when it was set, when it fires).
    pub armed: Option<(Time, Time)>,
    gen: u32,
}

/// A server slot: the Raft node plus what the world keeps around it.
#[derive(Clone, Debug)]
pub struct Server {
    pub node: Node,
    pub alive: bool,
    /// The key-value state machine, fed by applied entries.
    pub kv: StrMap,
    pub election: TimerSlot,
    pub heartbeat: TimerSlot,
    /// The server's clock: (world time, its own time) when its rate last changed.
    clock: (Time, Time),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ev {
    Deliver(u64),
    Election(NodeId, u32),
    Heartbeat(NodeId, u32),
    ClientRetry(u32),
    /// A read that found no leader tries again.
    ReadRetry(u32),
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Scheduled {
    at: Time,
    seq: u64,
    ev: Ev,
}

impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: BinaryHeap is a max-heap and we want the earliest first.
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Counters for measurement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub events: u64,
    pub sent: u64,
    pub delivered: u64,
    pub lost: u64,
    pub blocked: u64,
    pub dropped: u64,
}

/// The simulated world.
#[derive(Clone, Debug)]
pub struct World {
    now: Time,
    seq: u64,
    rng: SimRng,
    cfg: ClusterConfig,
    servers: Vec<Server>,
    queue: BinaryHeap<Scheduled>,
    net: Network,
    writes: Vec<Write>,
    /// Writes placed by a leader and not yet answered.
    pending: Vec<u32>,
    /// The clients' history: every read and write, invocation to response.
    ops: Vec<ClientOp>,
    /// Reads handed to a server and not yet answered: (op, server, read index
    /// once the leader confirmed it).
    reads: Vec<(u32, NodeId, Option<Index>)>,
    /// The first key whose history could not be ordered, with a smallest set
    /// of its operations that cannot be (indices into `ops`).
    unorderable: Option<(String, Vec<u32>)>,
    /// Keys some read has answered: a key never read is linearizable whatever
    /// its writes, so only these are searched (the check stays off the hot
    /// path of a run that only writes).
    read_keys: Vec<String>,
    /// Per client (by id): the sequence number of its last write (§6.3).
    last_seq: [u32; MAX_CLIENTS as usize + 1],
    checker: Checker,
    feed: Feed,
    marks: Vec<Mark>,
    record_marks: bool,
    stats: Stats,
}

/// Checks a cluster configuration; the message names the offending setting.
pub fn validate_cluster(c: &ClusterConfig) -> Result<(), String> {
    if c.nodes == 0 || c.nodes > MAX_NODES {
        return Err(format!("nodes must be 1–{MAX_NODES}, got {}", c.nodes));
    }
    // A `max_nodes` below `nodes` reads as `nodes` (no spares): settings built
    // by changing `nodes` alone stay valid. Scenario files may not say it.
    if c.max_nodes > MAX_NODES {
        return Err(format!(
            "max_nodes must be from nodes ({}) to {MAX_NODES}, got {}",
            c.nodes, c.max_nodes
        ));
    }
    let (lo, hi) = c.election_timeout;
    if lo == 0 || lo > hi {
        return Err("election_timeout_ms must be [low, high] with 0 < low ≤ high".into());
    }
    if c.heartbeat == 0 {
        return Err("heartbeat_ms must be above 0".into());
    }
    if c.latency.0 > c.latency.1 {
        return Err("latency_ms must be [low, high] with low ≤ high".into());
    }
    if c.clock_rates.len() > c.max_nodes as usize {
        return Err(format!(
            "drift names server {}, but the cluster has servers 1–{}",
            c.clock_rates.len(),
            c.max_nodes
        ));
    }
    if c.clients == 0 || c.clients > super::client::MAX_CLIENTS {
        return Err(format!(
            "clients must be 1–{}, got {}",
            super::client::MAX_CLIENTS,
            c.clients
        ));
    }
    if !(0.0..=1.0).contains(&c.loss) {
        return Err(format!(
            "loss must be between 0 and 1, got {}",
            super::json::Json::fixed(c.loss, 9)
        ));
    }
    Ok(())
}

impl World {
    /// Builds the world at time zero and starts every server.
    pub fn new(setup: &Setup) -> Result<World, String> {
        let mut cfg = setup.cluster.clone();
        validate_cluster(&cfg)?;
        cfg.max_nodes = cfg.max_nodes.max(cfg.nodes);
        let n = cfg.max_nodes;
        let mut servers = Vec::with_capacity(n as usize);
        for id in 1..=n {
            let init = setup.init.iter().find(|i| i.node == id);
            let mut config = node_config(&cfg, id);
            if let Some(v) = init.and_then(|i| i.voters.as_ref()) {
                config.bootstrap = Membership {
                    voters: set_of(v),
                    ..Membership::default()
                };
            }
            let persistent = match init {
                Some(i) => {
                    let snap = i.snapshot.as_ref();
                    let (index, term) = snap.map_or((0, 0), |s| (s.index, s.term));
                    Persistent {
                        current_term: i.term,
                        voted_for: i.voted_for,
                        log: Log::after_snapshot(index, term, i.log.clone()),
                        snapshot: snap.map(|s| Snapshot {
                            index,
                            term,
                            membership: config.bootstrap,
                            data: s.kv.clone(),
                        }),
                    }
                }
                None => Persistent::default(),
            };
            servers.push(Server {
                node: Node::new(config, persistent),
                alive: true,
                kv: StrMap::new(),
                election: TimerSlot::default(),
                heartbeat: TimerSlot::default(),
                clock: (0, 0),
            });
        }
        let mut world = World {
            now: 0,
            seq: 0,
            rng: SimRng::seed_from_u64(setup.seed),
            net: Network::new(n),
            checker: Checker::new(n),
            servers,
            cfg,
            queue: BinaryHeap::new(),
            writes: vec![],
            pending: vec![],
            ops: vec![],
            reads: vec![],
            unorderable: None,
            read_keys: vec![],
            last_seq: [0; MAX_CLIENTS as usize + 1],
            feed: Feed::default(),
            marks: vec![],
            record_marks: false,
            stats: Stats::default(),
        };
        for id in 1..=n {
            world.run_node(id, |node, _| node.start());
        }
        Ok(world)
    }

    // ---- reading ---------------------------------------------------------

    pub fn now(&self) -> Time {
        self.now
    }
    pub fn config(&self) -> &ClusterConfig {
        &self.cfg
    }
    /// How many servers exist: members and spares (`max_nodes`).
    pub fn size(&self) -> u8 {
        self.cfg.max_nodes
    }
    /// Server `id` (1-based). Panics on an id out of range: callers validate ids.
    pub fn server(&self, id: NodeId) -> &Server {
        &self.servers[id as usize - 1]
    }
    pub fn servers(&self) -> &[Server] {
        &self.servers
    }
    pub fn network(&self) -> &Network {
        &self.net
    }
    pub fn writes(&self) -> &[Write] {
        &self.writes
    }
    /// The clients' history of reads and writes.
    pub fn ops(&self) -> &[ClientOp] {
        &self.ops
    }
    /// Whether the clients' history so far is linearizable; if not, the key
    /// and a smallest set of operations (indices into [`World::ops`]) that
    /// cannot be ordered.
    pub fn unorderable(&self) -> Option<(&str, &[u32])> {
        self.unorderable
            .as_ref()
            .map(|(k, o)| (k.as_str(), o.as_slice()))
    }

    /// Operation `op`'s key just before and after it took effect, in one order
    /// that explains the key's history; `None` if there is none (or the
    /// operation tells nothing: a read without an answer).
    pub fn op_states(&self, op: u32) -> Option<(Option<String>, Option<String>)> {
        let key = &self.ops.get(op as usize)?.key;
        let history: Vec<lincheck::Op> = self.ops.iter().map(ClientOp::checked).collect();
        let states = lincheck::key_states(&history, key)?;
        let (_, before, after) = states.into_iter().find(|s| s.0 == op as usize)?;
        Some((before, after))
    }

    /// Server `id`'s clock rate, permille (1000: true time).
    pub fn clock_rate(&self, id: NodeId) -> u32 {
        self.cfg.clock_rate(id)
    }

    /// Server `id`'s own clock: it runs at its rate since it last changed.
    pub fn local_time(&self, id: NodeId) -> Time {
        let (real, local) = self.servers[id as usize - 1].clock;
        local + (self.now - real) * self.cfg.clock_rate(id) as Time / 1_000
    }

    /// How much longer (world time) server `id`'s lease lasts, if it leads
    /// with one (thesis §6.4.1).
    pub fn lease_left(&self, id: NodeId) -> Option<Time> {
        let s = self.server(id);
        let until = s.node.lease_until().filter(|_| s.alive)?;
        let local = self.local_time(id);
        (until > local).then(|| (until - local) * 1_000 / self.cfg.clock_rate(id).max(1) as Time)
    }

    /// Reads waiting at server `id`: (op, read index once confirmed).
    pub fn reads_at(&self, id: NodeId) -> impl Iterator<Item = (u32, Option<Index>)> + '_ {
        self.reads
            .iter()
            .filter(move |r| r.1 == id)
            .map(|r| (r.0, r.2))
    }
    pub fn checker(&self) -> &Checker {
        &self.checker
    }
    pub fn feed(&self) -> &Feed {
        &self.feed
    }
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// The one rule for "who leads": the live leader of the highest term among
    /// live leaders, if any. Clients send writes here by default; it may be a
    /// deposed leader that has not heard of a newer term yet.
    pub fn leader(&self) -> Option<NodeId> {
        self.servers
            .iter()
            .filter(|s| s.alive && s.node.role() == Role::Leader)
            .max_by_key(|s| (s.node.current_term(), std::cmp::Reverse(s.node.id())))
            .map(|s| s.node.id())
    }

    /// [`World::leader`], if it is in the highest term any live server has:
    /// what `expect {"leader": …}` checks (`null` when there is none).
    pub fn leader_in_highest_term(&self) -> Option<NodeId> {
        let l = self.leader()?;
        (self.server(l).node.current_term() == self.max_live_term()).then_some(l)
    }

    /// The configuration the cluster acts on, as the page draws it: the leader's
    /// (the latest in its log, committed or not, thesis §4.1); without a leader,
    /// that of the live server with the most up-to-date log (§5.4.1).
    pub fn membership(&self) -> Membership {
        if let Some(l) = self.leader() {
            return self.server(l).node.membership();
        }
        self.servers
            .iter()
            .filter(|s| s.alive)
            .max_by_key(|s| (s.node.log().last_term(), s.node.log().last_index()))
            .map_or_else(Membership::default, |s| s.node.membership())
    }

    /// Whether server `id` is a voter, a learner or a spare in [`World::membership`].
    pub fn member(&self, id: NodeId) -> Member {
        Member::of(&self.membership(), id)
    }

    /// Whether the cluster has settled: every voter of the leader's
    /// configuration up, one leader among them in their highest term, the same
    /// fully committed log on each (compared where both still hold entries),
    /// every acknowledged write in it exactly once. Spares and removed servers
    /// need not take part.
    pub fn converged(&self) -> Result<(), String> {
        let leader = self.leader().ok_or("no leader in the highest term")?;
        let m = self.server(leader).node.membership();
        // A learner that is down holds nothing up: only voters must be up.
        let ours = |s: &&Server| m.is_voter(s.node.id()) || (m.is_learner(s.node.id()) && s.alive);
        if let Some(s) = self.servers.iter().filter(ours).find(|s| !s.alive) {
            return Err(format!("S{} is down", s.node.id()));
        }
        let top = self
            .servers
            .iter()
            .filter(ours)
            .map(|s| s.node.current_term());
        if top.max() != Some(self.server(leader).node.current_term()) {
            return Err("no leader in the highest term".into());
        }
        let leaders = self
            .servers
            .iter()
            .filter(ours)
            .filter(|s| s.node.role() == Role::Leader)
            .count();
        if leaders != 1 {
            return Err(format!("{leaders} servers think they lead"));
        }
        let reference = self.server(leader).node.log();
        for s in self.servers.iter().filter(ours) {
            let (n, log) = (&s.node, s.node.log());
            let from = log.first_index().max(reference.first_index());
            let same = log.last_index() == reference.last_index()
                && log.last_term() == reference.last_term()
                && log.slice_from(from, 0) == reference.slice_from(from, 0);
            if !same {
                return Err(format!(
                    "S{}'s log differs from the leader S{leader}'s",
                    n.id()
                ));
            }
            if n.commit_index() != reference.last_index() {
                return Err(format!(
                    "S{} has committed {} of {} entries",
                    n.id(),
                    n.commit_index(),
                    reference.last_index()
                ));
            }
        }
        for w in self
            .writes
            .iter()
            .filter(|w| w.status == WriteStatus::Acked)
        {
            let here = |e: &Entry| e.write_id == Some(w.id);
            let count = reference.entries().iter().filter(|e| here(e)).count();
            let compacted = w.index().is_some_and(|i| i <= reference.snapshot_index());
            if count != usize::from(!compacted) {
                return Err(format!(
                    "acknowledged write {:?} is in the log {count} times",
                    w.value
                ));
            }
        }
        Ok(())
    }

    /// The highest term among live servers.
    pub fn max_live_term(&self) -> Term {
        self.servers
            .iter()
            .filter(|s| s.alive)
            .map(|s| s.node.current_term())
            .max()
            .unwrap_or(0)
    }

    /// Turns on collection of timeline marks (see [`World::take_marks`]).
    pub fn record_marks(&mut self, on: bool) {
        self.record_marks = on;
    }

    /// Marks collected since the last call.
    pub fn take_marks(&mut self) -> Vec<Mark> {
        std::mem::take(&mut self.marks)
    }

    /// Approximate heap size, for the history's memory budget.
    pub fn approx_bytes(&self) -> usize {
        let servers: usize = self
            .servers
            .iter()
            .map(|s| {
                let log: usize = s
                    .node
                    .log()
                    .entries()
                    .iter()
                    .map(|e| 48 + e.cmd.as_ref().map_or(0, |c| c.len()))
                    .sum();
                let kv: usize = s.kv.iter().map(|(k, v)| 64 + k.len() + v.len()).sum();
                let snap: usize = s.node.snapshot().map_or(0, |x| {
                    x.data.iter().map(|(k, v)| 48 + k.len() + v.len()).sum()
                });
                400 + log + kv + snap
            })
            .sum();
        let writes: usize = self
            .writes
            .iter()
            .map(|w| 80 + w.value.len())
            .sum::<usize>()
            + self
                .ops
                .iter()
                .map(|o| 120 + o.key.len() + o.value.len())
                .sum::<usize>();
        servers
            + writes
            + self.net.approx_bytes()
            + self.checker.approx_bytes()
            + self.feed.approx_bytes()
            + self.queue.len() * 32
    }

    // ---- time ------------------------------------------------------------

    /// Time of the next event that will do something, if any.
    pub fn next_event_time(&mut self) -> Option<Time> {
        while let Some(top) = self.queue.peek() {
            if self.is_live(top.ev) {
                return Some(top.at);
            }
            self.queue.pop();
        }
        None
    }

    fn is_live(&self, ev: Ev) -> bool {
        match ev {
            Ev::Deliver(_) => true, // a dropped message simply is not found
            Ev::Election(id, gen) => self.servers[id as usize - 1].election.gen == gen,
            Ev::Heartbeat(id, gen) => self.servers[id as usize - 1].heartbeat.gen == gen,
            Ev::ClientRetry(w) => self
                .writes
                .get(w as usize)
                .is_some_and(|w| w.placed.is_none()),
            Ev::ReadRetry(op) => self.ops[op as usize].status == OpStatus::Pending,
        }
    }

    /// Processes every event up to and including `t`, then sets the clock to `t`.
    pub fn advance_to(&mut self, t: Time) {
        while let Some(at) = self.next_event_time() {
            if at > t {
                break;
            }
            self.process_next();
        }
        self.now = self.now.max(t);
    }

    /// Advances to the next event time and processes all events at it.
    /// Returns false when nothing is scheduled.
    pub fn step(&mut self) -> bool {
        match self.next_event_time() {
            Some(at) => {
                self.advance_to(at);
                true
            }
            None => false,
        }
    }

    fn schedule(&mut self, at: Time, ev: Ev) {
        // Never at the current instant: after any call, all events ≤ now are done,
        // which keeps replays exact whatever the granularity of advancing.
        let at = at.max(self.now + 1);
        self.seq += 1;
        self.queue.push(Scheduled {
            at,
            seq: self.seq,
            ev,
        });
    }

    fn process_next(&mut self) {
        let Some(Scheduled { at, ev, .. }) = self.queue.pop() else {
            return;
        };
        self.now = at;
        self.stats.events += 1;
        match ev {
            Ev::Deliver(id) => self.deliver(id),
            Ev::Election(id, gen) => {
                if self.servers[id as usize - 1].election.gen == gen {
                    self.servers[id as usize - 1].election.armed = None;
                    self.run_node(id, |n, now| n.handle(now, Input::ElectionTimeout));
                }
            }
            Ev::Heartbeat(id, gen) => {
                if self.servers[id as usize - 1].heartbeat.gen == gen {
                    self.servers[id as usize - 1].heartbeat.armed = None;
                    self.run_node(id, |n, now| n.handle(now, Input::HeartbeatTimeout));
                }
            }
            Ev::ClientRetry(w) => {
                if self.is_live(ev) {
                    self.submit(w);
                }
            }
            Ev::ReadRetry(op) => {
                if self.is_live(ev) {
                    self.submit_read(op);
                }
            }
        }
    }

    fn deliver(&mut self, id: u64) {
        let Some(f) = self.net.land(id, self.now) else {
            return;
        };
        if f.lost {
            self.stats.lost += 1;
            return;
        }
        let to = f.msg.to;
        if !self.servers[to as usize - 1].alive {
            return;
        }
        self.stats.delivered += 1;
        self.run_node(to, move |n, now| n.handle(now, Input::Receive(f.msg)));
    }

    // ---- the glue between a node and the world ---------------------------------

    /// Runs one input on a live node, carries out its output and checks invariants.
    fn run_node(&mut self, id: NodeId, f: impl FnOnce(&mut Node, Time) -> Output) {
        let now = self.local_time(id); // a server knows only its own clock
        let s = &mut self.servers[id as usize - 1];
        let before = Before::of(&s.node);
        let out = f(&mut s.node, now);
        self.absorb(id, before, out);
    }

    fn absorb(&mut self, id: NodeId, before: Before, out: Output) {
        let now = self.now;
        let Output {
            messages,
            election_timer,
            heartbeat_timer,
            notes,
            restore,
            apply,
            reads,
        } = out;
        if let Some(snap) = restore {
            let kv = &mut self.servers[id as usize - 1].kv;
            kv.clear();
            for (k, v) in snap.data {
                kv.insert(k, v);
            }
        }
        for m in messages {
            self.send(m);
        }
        if let Some(t) = election_timer {
            self.set_timer(id, true, t);
        }
        if let Some(t) = heartbeat_timer {
            self.set_timer(id, false, t);
        }
        let role = self.servers[id as usize - 1].node.role();
        for note in notes {
            // A follower's commits are routine; the leader's are news.
            if matches!(note, Note::Committed { .. }) && role != Role::Leader {
                continue;
            }
            self.push_event(Event::Node(id, note));
        }

        // Invariants, before acknowledging anything newly applied.
        let mut leaders = [(0 as NodeId, 0 as Term); MAX_NODES as usize];
        let mut nl = 0;
        for s in &self.servers {
            if s.alive && s.node.role() == Role::Leader {
                leaders[nl] = (s.node.id(), s.node.current_term());
                nl += 1;
            }
        }
        let server = &mut self.servers[id as usize - 1];
        let found = self
            .checker
            .after(now, &mut server.node, before, apply, &leaders[..nl]);
        if found > 0 {
            let all = self.checker.violations();
            let new: Vec<_> = all[all.len().saturating_sub(found)..]
                .iter()
                .map(|v| (v.invariant, v.nodes.clone()))
                .collect();
            for (invariant, nodes) in new {
                self.push_event(Event::Violation { invariant, nodes });
            }
        }

        if let Some((lo, hi)) = apply {
            self.apply_entries(id, lo, hi);
            let every = self.cfg.snapshot_every;
            let log = self.servers[id as usize - 1].node.log();
            if every > 0 && log.entries().len() as u64 > every {
                self.compact(id);
            }
        }
        for (op, index) in reads {
            if let Some(r) = self.reads.iter_mut().find(|r| r.0 as u64 == op) {
                r.2 = Some(index);
            }
        }
        self.answer_reads(id);
        let node = &self.servers[id as usize - 1].node;
        if before.was_leader()
            && (node.role() != Role::Leader || node.current_term() != before.term())
        {
            self.orphan_writes(id);
            self.orphan_reads(id);
        }
    }

    /// Applies committed entries to the server's key-value map and answers clients.
    fn apply_entries(&mut self, id: NodeId, lo: Index, hi: Index) {
        let server = &mut self.servers[id as usize - 1];
        let (role, term) = (server.node.role(), server.node.current_term());
        let mut acks = vec![];
        for index in lo..=hi {
            let Some(e) = server.node.log().get(index) else {
                break;
            };
            if let Some(cmd) = &e.cmd {
                // The entry's write id stands for the (client, seq) the command
                // carries (thesis §6.3); an entry from a scenario's `init` has none.
                let session = e.write_id.and_then(|w| self.writes.get(w as usize));
                let session = session.map(|w| (session_key(w.client), w.seq));
                let seen = session.as_ref().map(|(k, seq)| {
                    let v = server.kv.get(k).unwrap_or("");
                    (session_has(v, *seq), session_add(v, *seq))
                });
                let dedup = !server.node.options().bugs.no_client_dedup;
                if let Some(((key, _), (_, added))) = session.zip(seen.clone()) {
                    server.kv.insert(key, added);
                }
                if !(dedup && seen.is_some_and(|s| s.0)) {
                    apply_cmd(&mut server.kv, cmd);
                }
            }
            if role != Role::Leader {
                continue;
            }
            if let Some(w) = e.write_id {
                let placed = self.writes.get(w as usize).and_then(|w| w.placed);
                if placed == Some((id, term, index)) {
                    acks.push((w, index, e.clone()));
                }
            }
        }
        for (w, index, entry) in acks {
            if self.writes[w as usize].status == WriteStatus::Pending {
                self.writes[w as usize].status = WriteStatus::Acked;
                self.pending.retain(|&p| p != w);
                self.checker.acknowledged(index, &entry, term);
                self.push_event(Event::WriteAcked { write: w, index });
                let op = self.writes[w as usize].op;
                self.complete(op, id, None);
            }
        }
        self.answer_reads(id);
    }

    /// Answers the reads confirmed at `id` whose read index it has applied.
    fn answer_reads(&mut self, id: NodeId) {
        let applied = self.servers[id as usize - 1].node.last_applied();
        let mut done = vec![];
        self.reads.retain(|&(op, at, index)| {
            let ready = at == id && index.is_some_and(|i| i <= applied);
            if ready {
                done.push((op, index.unwrap_or(0)));
            }
            !ready
        });
        for (op, index) in done {
            let key = &self.ops[op as usize].key;
            let value = self.servers[id as usize - 1]
                .kv
                .get(key)
                .map(str::to_string);
            self.ops[op as usize].read_index = Some(index);
            self.complete(op, id, Some(value));
        }
    }

    /// An operation is answered (`read`: what a read returned): the clients'
    /// history gets its response, and is checked for linearizability on that key.
    fn complete(&mut self, op: u32, server: NodeId, read: Option<Option<String>>) {
        let o = &mut self.ops[op as usize];
        if o.status == OpStatus::Ok {
            return;
        }
        o.status = OpStatus::Ok;
        o.complete = Some(self.now);
        o.server = Some(server);
        if let Some(v) = read {
            o.result = v;
            let key = o.key.clone();
            self.push_event(Event::ReadAnswered {
                op,
                server,
                key,
                value: self.ops[op as usize].result.clone(),
            });
        }
        self.check_linearizable(op);
    }

    /// The linearizability invariant (thesis ch. 6), on the key `op` touched:
    /// Wing & Gong's search with Lowe's cache, partitioned per key as
    /// Porcupine does (`src/sim/lincheck.rs`). Once a key fails, the history
    /// stays non-linearizable: nothing more is checked.
    fn check_linearizable(&mut self, op: u32) {
        if self.unorderable.is_some() {
            return;
        }
        let o = &self.ops[op as usize];
        if o.kind == OpKind::Get && !self.read_keys.contains(&o.key) {
            self.read_keys.push(o.key.clone());
        }
        let key = &self.ops[op as usize].key;
        if !self.read_keys.contains(key) {
            return;
        }
        let ids: Vec<u32> = (0..self.ops.len() as u32)
            .filter(|&i| &self.ops[i as usize].key == key)
            .collect();
        let history: Vec<lincheck::Op> = ids
            .iter()
            .map(|&i| self.ops[i as usize].checked())
            .collect();
        if let Err(u) = lincheck::check_key(&history, key) {
            let set: Vec<u32> = u.ops.iter().map(|&i| ids[i]).collect();
            let clients: Vec<NodeId> = set
                .iter()
                .filter_map(|&i| self.ops[i as usize].server)
                .collect();
            let ops: Vec<String> = set.iter().map(|i| format!("#{}", i + 1)).collect();
            let detail = Detail::new(
                Why::Unorderable,
                &[&format!("{:?}", u.key), &ops.join(", ")],
            );
            self.unorderable = Some((u.key, set));
            self.checker.external(
                self.now,
                Invariant::Linearizability,
                clients.clone(),
                detail,
            );
            self.push_event(Event::Violation {
                invariant: Invariant::Linearizability,
                nodes: clients,
            });
        }
    }

    /// A leader stepped down or crashed: reads waiting there get no answer.
    fn orphan_reads(&mut self, leader: NodeId) {
        let mut orphaned = vec![];
        self.reads.retain(|&(op, at, _)| {
            if at == leader {
                orphaned.push(op);
            }
            at != leader
        });
        for op in orphaned {
            self.ops[op as usize].status = OpStatus::Unknown;
            let key = self.ops[op as usize].key.clone();
            self.push_event(Event::ReadUnknown {
                op,
                server: leader,
                key,
            });
        }
    }

    /// A leader stepped down or crashed: its unanswered writes have unknown fate.
    fn orphan_writes(&mut self, leader: NodeId) {
        let mut orphaned = vec![];
        self.pending.retain(|&w| {
            let mine = matches!(self.writes[w as usize].placed, Some((l, _, _)) if l == leader);
            if mine {
                orphaned.push(w);
            }
            !mine
        });
        for w in orphaned {
            self.writes[w as usize].status = WriteStatus::Unknown;
            let op = &mut self.ops[self.writes[w as usize].op as usize];
            if op.status == OpStatus::Pending {
                op.status = OpStatus::Unknown;
            }
            self.push_event(Event::WriteUnknown { write: w, leader });
        }
    }

    fn send(&mut self, m: Message) {
        self.stats.sent += 1;
        if !self.net.is_up(m.from, m.to) {
            self.stats.blocked += 1;
            return;
        }
        let (lo, hi) = self.cfg.latency;
        let latency = if hi > lo {
            self.rng.random_range(lo..=hi)
        } else {
            lo
        };
        let lost = self.cfg.loss > 0.0 && self.rng.random_bool(self.cfg.loss.min(1.0));
        let arrives = (self.now + latency).max(self.now + 1);
        let id = self.net.launch(m, self.now, arrives, lost);
        self.schedule(arrives, Ev::Deliver(id));
    }

    fn set_timer(&mut self, id: NodeId, election: bool, t: Timer) {
        let now = self.now;
        let duration = match t {
            Timer::Stop => None,
            Timer::After(d) => Some(d),
            Timer::Randomized => {
                let (lo, hi) = self.cfg.election_timeout;
                Some(if hi > lo {
                    self.rng.random_range(lo..=hi)
                } else {
                    lo
                })
            }
        };
        // The server asks for a duration on its own clock: at rate r it passes
        // in d / r of world time (rounded up).
        let rate = self.cfg.clock_rate(id).max(1) as Time;
        let real = duration.map(|d| (d * 1_000).div_ceil(rate));
        self.arm(id, election, real.map(|d| (now, now + d.max(1))));
    }

    fn arm(&mut self, id: NodeId, election: bool, when: Option<(Time, Time)>) {
        let s = &mut self.servers[id as usize - 1];
        let slot = if election {
            &mut s.election
        } else {
            &mut s.heartbeat
        };
        slot.gen = slot.gen.wrapping_add(1);
        slot.armed = when;
        let gen = slot.gen;
        if let Some((_, at)) = when {
            let ev = if election {
                Ev::Election(id, gen)
            } else {
                Ev::Heartbeat(id, gen)
            };
            self.schedule(at, ev);
        }
    }

    fn push_event(&mut self, event: Event) {
        if self.record_marks {
            if let Some(m) = Mark::of(self.now, &event) {
                self.marks.push(m);
            }
        }
        self.feed.push(self.now, event);
    }

    // ---- clients -----------------------------------------------------------

    fn submit(&mut self, w: u32) {
        let (value, to) = {
            let write = &self.writes[w as usize];
            (write.value.clone(), write.to)
        };
        let mut target = to.or_else(|| self.leader());
        for _hop in 0..4 {
            let Some(t) = target.filter(|&t| self.servers[t as usize - 1].alive) else {
                break;
            };
            let s = &mut self.servers[t as usize - 1];
            let before = Before::of(&s.node);
            match s.node.propose(value.clone(), w) {
                Ok((index, out)) => {
                    let term = s.node.current_term();
                    self.writes[w as usize].placed = Some((t, term, index));
                    self.pending.push(w);
                    self.push_event(Event::WriteAppended {
                        write: w,
                        leader: t,
                        index,
                        term,
                    });
                    self.absorb(t, before, out);
                    return;
                }
                Err(hint) if hint.is_some() && hint != Some(t) => {
                    self.push_event(Event::WriteRedirected {
                        write: w,
                        from: t,
                        to: hint.unwrap_or(t),
                    });
                    target = hint;
                }
                Err(_) => break,
            }
        }
        self.push_event(Event::WriteWaiting { write: w });
        self.schedule(self.now + CLIENT_RETRY, Ev::ClientRetry(w));
    }

    /// A new attempt at operation `op`'s write: the same session numbers.
    fn new_write(&mut self, value: String, to: Option<NodeId>, op: u32) {
        let id = self.writes.len() as u32;
        let o = &mut self.ops[op as usize];
        o.write = Some(id);
        let (client, seq) = (o.client, o.seq);
        self.writes.push(Write {
            id,
            value,
            client,
            seq,
            op,
            to,
            status: WriteStatus::Pending,
            submitted: self.now,
            placed: None,
        });
        self.push_event(Event::WriteSubmitted { write: id, to });
        self.submit(id);
    }

    /// Hands a read to its server: a local read answers at once from that
    /// server's state machine; ReadIndex and lease reads go to the leader
    /// (redirected as writes are) and wait for its confirmation (§6.4).
    fn submit_read(&mut self, op: u32) {
        let (to, mode) = {
            let o = &self.ops[op as usize];
            (o.server, o.mode.unwrap_or(ReadMode::ReadIndex))
        };
        let mut target = to.or_else(|| self.leader());
        if mode == ReadMode::Local {
            match target.filter(|&t| self.servers[t as usize - 1].alive) {
                Some(t) => {
                    let applied = self.servers[t as usize - 1].node.last_applied();
                    let key = &self.ops[op as usize].key;
                    let v = self.servers[t as usize - 1].kv.get(key).map(str::to_string);
                    self.ops[op as usize].read_index = Some(applied);
                    self.complete(op, t, Some(v));
                }
                None => {
                    self.ops[op as usize].status = OpStatus::Unknown;
                    let key = self.ops[op as usize].key.clone();
                    self.push_event(Event::ReadUnknown {
                        op,
                        server: to.unwrap_or(0),
                        key,
                    });
                }
            }
            return;
        }
        for _hop in 0..4 {
            let Some(t) = target.filter(|&t| self.servers[t as usize - 1].alive) else {
                break;
            };
            let now = self.local_time(t);
            let s = &mut self.servers[t as usize - 1];
            let before = Before::of(&s.node);
            match s.node.read(now, op as u64, mode == ReadMode::Lease) {
                Ok(out) => {
                    self.ops[op as usize].server = Some(t);
                    self.reads.push((op, t, None));
                    self.absorb(t, before, out);
                    return;
                }
                Err(hint) if hint.is_some() && hint != Some(t) => target = hint,
                Err(_) => break,
            }
        }
        self.schedule(self.now + CLIENT_RETRY, Ev::ReadRetry(op));
    }

    fn check_client(&self, client: u8) -> Result<(), String> {
        if client == 0 || client > self.cfg.clients {
            Err(format!(
                "client {client} is out of range (the cluster has {} clients)",
                self.cfg.clients
            ))
        } else {
            Ok(())
        }
    }

    // ---- actions -------------------------------------------------------------

    fn check_node(&self, id: NodeId) -> Result<(), String> {
        if id == 0 || id > self.cfg.max_nodes {
            Err(format!(
                "server {id} is out of range (the cluster has {} servers)",
                self.cfg.max_nodes
            ))
        } else {
            Ok(())
        }
    }

    /// Carries out an action at the current time.
    pub fn act(&mut self, action: &Action) -> Result<(), String> {
        match action {
            Action::Crash(id) => {
                self.check_node(*id)?;
                self.crash(*id);
            }
            Action::Restart(id) => {
                self.check_node(*id)?;
                self.restart(*id);
            }
            Action::RestartAll => {
                for id in 1..=self.cfg.max_nodes {
                    self.restart(id);
                }
            }
            Action::Timeout(id) => {
                self.check_node(*id)?;
                let s = &self.servers[*id as usize - 1];
                if !s.alive {
                    return Ok(());
                }
                if s.node.role() == Role::Leader {
                    self.push_event(Event::TimeoutIgnored(*id));
                } else {
                    self.push_event(Event::ForcedTimeout(*id));
                    self.run_node(*id, |n, now| n.handle(now, Input::ElectionTimeout));
                }
            }
            Action::Write { value, to, client } => {
                validate_write(value).map_err(|e| e.to_string())?;
                if let Some(t) = to {
                    self.check_node(*t)?;
                }
                self.check_client(*client)?;
                let (kind, key, v) = parse_cmd(value).unwrap_or((OpKind::Put, value, ""));
                self.last_seq[*client as usize] += 1;
                let seq = self.last_seq[*client as usize];
                let op = self.ops.len() as u32;
                self.ops.push(ClientOp {
                    client: *client,
                    kind,
                    key: key.to_string(),
                    value: v.to_string(),
                    invoke: self.now,
                    complete: None,
                    status: OpStatus::Pending,
                    result: None,
                    mode: None,
                    server: *to,
                    read_index: None,
                    write: Some(self.writes.len() as u32),
                    seq,
                });
                self.new_write(value.clone(), *to, op);
            }
            Action::Read {
                key,
                to,
                mode,
                client,
            } => {
                validate_key(key)?;
                if let Some(t) = to {
                    self.check_node(*t)?;
                }
                self.check_client(*client)?;
                let op = self.ops.len() as u32;
                self.ops.push(ClientOp {
                    client: *client,
                    kind: OpKind::Get,
                    key: key.clone(),
                    value: String::new(),
                    invoke: self.now,
                    complete: None,
                    status: OpStatus::Pending,
                    result: None,
                    mode: Some(*mode),
                    server: *to,
                    read_index: None,
                    write: None,
                    seq: 0,
                });
                self.push_event(Event::ReadSubmitted {
                    op,
                    client: *client,
                    key: key.clone(),
                    mode: *mode,
                });
                self.submit_read(op);
            }
            Action::Retry { client } => {
                self.check_client(*client)?;
                let last = self
                    .ops
                    .iter()
                    .rposition(|o| o.client == *client && o.write.is_some());
                // Nothing unanswered: the client has nothing to send again.
                let Some(op) = last.filter(|&i| self.ops[i].status != OpStatus::Ok) else {
                    return Ok(());
                };
                let w = self.ops[op].write.unwrap_or(0) as usize;
                let (value, to) = (self.writes[w].value.clone(), self.writes[w].to);
                self.ops[op].status = OpStatus::Pending;
                self.push_event(Event::WriteRetried {
                    op: op as u32,
                    value: value.clone(),
                });
                self.new_write(value, to, op as u32);
            }
            Action::Cut { a, b, oneway } | Action::Heal { a, b, oneway } => {
                self.check_node(*a)?;
                self.check_node(*b)?;
                if a == b {
                    return Err(format!(
                        "a link joins two different servers, got [{a}, {a}]"
                    ));
                }
                let up = matches!(action, Action::Heal { .. });
                self.set_link(*a, *b, up);
                if !oneway {
                    self.set_link(*b, *a, up);
                }
                let (from, to, oneway) = (*a, *b, *oneway);
                self.push_event(if up {
                    Event::LinkHealed { from, to, oneway }
                } else {
                    Event::LinkCut { from, to, oneway }
                });
            }
            Action::Partition(groups) => {
                let n = self.cfg.max_nodes;
                let mut group_of = vec![usize::MAX; n as usize + 1];
                for (g, members) in groups.iter().enumerate() {
                    for &m in members {
                        self.check_node(m)?;
                        if group_of[m as usize] != usize::MAX {
                            return Err(format!("server {m} is in two groups"));
                        }
                        group_of[m as usize] = g;
                    }
                }
                for a in 1..=n {
                    for b in 1..=n {
                        if a != b {
                            self.set_link(a, b, group_of[a as usize] == group_of[b as usize]);
                        }
                    }
                }
                self.push_event(Event::Partitioned(groups.clone()));
            }
            Action::Isolate(id) => {
                self.check_node(*id)?;
                for other in 1..=self.cfg.max_nodes {
                    if other != *id {
                        self.set_link(*id, other, false);
                        self.set_link(other, *id, false);
                    }
                }
                self.push_event(Event::Isolated(*id));
            }
            Action::HealAll => {
                let n = self.cfg.max_nodes;
                for a in 1..=n {
                    for b in 1..=n {
                        if a != b {
                            self.set_link(a, b, true);
                        }
                    }
                }
                self.push_event(Event::HealedAll);
            }
            Action::Set(settings) => {
                let mut cfg = self.cfg.clone();
                settings.apply_to(&mut cfg);
                validate_cluster(&cfg)?;
                // Clocks keep their reading; only their rate changes from now.
                for id in 1..=self.cfg.max_nodes {
                    let local = self.local_time(id);
                    self.servers[id as usize - 1].clock = (self.now, local);
                }
                self.cfg = cfg;
                for id in 1..=self.cfg.max_nodes {
                    let (et, hb) = (self.cfg.election_timeout.0, self.cfg.heartbeat);
                    let options = self.cfg.options;
                    let s = &mut self.servers[id as usize - 1];
                    s.node.set_timing(et, hb);
                    if settings.touches_options() {
                        if s.alive {
                            self.run_node(id, |n, _| n.set_options(options));
                        } else {
                            let _ = s.node.set_options(options);
                        }
                    }
                }
                self.push_event(Event::SettingsChanged);
            }
            Action::Drop(filter) => {
                let dropped = self.net.drop_where(|f| filter.matches(f));
                self.stats.dropped += dropped.len() as u64;
                for f in dropped {
                    self.push_event(Event::Dropped {
                        kind: f.msg.body.kind(),
                        from: f.msg.from,
                        to: f.msg.to,
                    });
                }
            }
            Action::Delay(filter, by) => {
                let moved = self.net.delay_where(|f| filter.matches(f), *by);
                let count = moved.len();
                for (id, arrives) in moved {
                    self.schedule(arrives, Ev::Deliver(id));
                }
                self.push_event(Event::Delayed { count, by: *by });
            }
            Action::Duplicate(filter) => {
                let copies: Vec<Message> = self
                    .net
                    .in_flight()
                    .filter(|f| filter.matches(f) && !f.lost)
                    .map(|f| f.msg.clone())
                    .collect();
                let count = copies.len();
                for m in copies {
                    self.send(m);
                }
                self.push_event(Event::Duplicated { count });
            }
            Action::Timers(mode) => self.rearrange_timers(*mode),
            Action::AddServer(id) | Action::AddLearner(id) | Action::RemoveServer(id) => {
                self.check_node(*id)?;
                self.ask(Request::Change(match action {
                    Action::AddServer(_) => Change::AddVoter(*id),
                    Action::AddLearner(_) => Change::AddLearner(*id),
                    _ => Change::Remove(*id),
                }));
            }
            Action::Change(voters) => {
                for &id in voters {
                    self.check_node(id)?;
                }
                self.ask(Request::Change(Change::Voters(set_of(voters))));
            }
            Action::Transfer(to) => {
                self.check_node(*to)?;
                self.ask(Request::Transfer(*to));
            }
            Action::Snapshot(id) => {
                self.check_node(*id)?;
                if self.servers[*id as usize - 1].alive {
                    self.compact(*id);
                }
            }
        }
        Ok(())
    }

    /// Hands a membership change or a leadership transfer to the leader; without
    /// one, or when it refuses, the feed says why.
    fn ask(&mut self, req: Request) {
        let Some(l) = self.leader() else {
            self.push_event(Event::Refused {
                leader: None,
                req,
                reason: None,
            });
            return;
        };
        let now = self.local_time(l);
        let node = &mut self.servers[l as usize - 1].node;
        let before = Before::of(node);
        let result = match req {
            Request::Change(c) => node.change_membership(now, c),
            Request::Transfer(to) => node.transfer_leadership(now, to),
        };
        match result {
            Ok(out) => {
                self.push_event(Event::Requested { leader: l, req });
                self.absorb(l, before, out);
            }
            Err(reason) => self.push_event(Event::Refused {
                leader: Some(l),
                req,
                reason: Some(reason),
            }),
        }
    }

    /// Server `id` snapshots its key-value map at its last applied index and
    /// compacts its log up to there (paper §7).
    fn compact(&mut self, id: NodeId) {
        let s = &self.servers[id as usize - 1];
        let index = s.node.last_applied();
        if index <= s.node.log().snapshot_index() {
            return;
        }
        let data: Vec<(String, String)> =
            s.kv.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        self.run_node(id, |n, _| n.compact(index, data));
    }

    fn set_link(&mut self, from: NodeId, to: NodeId, up: bool) {
        let dropped = self.net.set_up(from, to, up);
        self.stats.dropped += dropped.len() as u64;
    }

    fn crash(&mut self, id: NodeId) {
        let s = &mut self.servers[id as usize - 1];
        if !s.alive {
            return;
        }
        let was_leader = s.node.role() == Role::Leader;
        s.alive = false;
        s.kv.clear();
        // Volatile state is lost; what was on stable storage stays.
        s.node = Node::recover(s.node.config().clone(), s.node.persistent());
        self.arm(id, true, None);
        self.arm(id, false, None);
        if was_leader {
            self.orphan_writes(id);
        }
        self.orphan_reads(id);
        self.push_event(Event::Crashed(id));
    }

    fn restart(&mut self, id: NodeId) {
        if self.servers[id as usize - 1].alive {
            return;
        }
        self.servers[id as usize - 1].alive = true;
        self.push_event(Event::Restarted(id));
        self.run_node(id, |n, _| n.start());
    }

    fn rearrange_timers(&mut self, mode: TimerMode) {
        let (lo, hi) = self.cfg.election_timeout;
        let now = self.now;
        let ids: Vec<NodeId> = self
            .servers
            .iter()
            .filter(|s| s.alive && s.node.role() != Role::Leader)
            .map(|s| s.node.id())
            .collect();
        let k = ids.len().max(2) as u64 - 1;
        for (i, id) in ids.into_iter().enumerate() {
            let d = match mode {
                TimerMode::Align => lo,
                TimerMode::Spread => lo + (hi - lo) * i as u64 / k,
            };
            self.arm(id, true, Some((now, now + d.max(1))));
        }
        self.push_event(match mode {
            TimerMode::Align => Event::TimersAligned,
            TimerMode::Spread => Event::TimersSpread,
        });
    }
}

/// The core's view of the cluster settings, for server `id`.
pub fn node_config(cfg: &ClusterConfig, id: NodeId) -> Config {
    Config {
        id,
        cluster_size: cfg.max_nodes,
        // Spares boot in no configuration: they wait to be added (thesis ch. 4).
        bootstrap: if id <= cfg.nodes {
            Membership::first(cfg.nodes)
        } else {
            Membership::default()
        },
        election_timeout_min: cfg.election_timeout.0,
        heartbeat_interval: cfg.heartbeat,
        options: cfg.options,
    }
}

/// Applies a command to a key-value map: `k=v` puts, `k+=v` appends.
pub fn apply_cmd(kv: &mut StrMap, cmd: &str) {
    match parse_cmd(cmd) {
        Some((OpKind::Append, k, v)) => {
            let old = kv.get(k).unwrap_or("").to_string();
            kv.insert(k.to_string(), old + v);
        }
        Some((_, k, v)) => kv.insert(k.to_string(), v.to_string()),
        None => kv.insert(cmd.to_string(), String::new()),
    }
}

/// Checks a key a client reads: what a write's key may be.
pub fn validate_key(key: &str) -> Result<(), String> {
    validate_write(&format!("{key}=")).map_err(|_| {
        format!("a key is 1–100 characters without '=' or control characters, got {key:?}")
    })?;
    if key.trim().is_empty() || key.contains('=') || key.chars().count() > 100 {
        return Err(format!(
            "a key is 1–100 characters without '=' or control characters, got {key:?}"
        ));
    }
    Ok(())
}

/// The key-value pairs a user sees: without the client-session table.
pub fn user_kv(kv: &StrMap) -> impl Iterator<Item = (&String, &String)> {
    kv.iter().filter(|(k, _)| !is_session_key(k))
}

/// The set of these server ids.
pub fn set_of(ids: &[NodeId]) -> IdSet {
    ids.iter().fold(0, |s, &i| s | bit(i))
}
