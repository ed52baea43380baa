//! The world around ZooKeeper's ZAB: the same clock, faults, clients and actions
//! as Raft's [`World`](super::World), driving `crate::zab` servers.
//!
//! What differs is what ZAB assumes of the network (ZooKeeper's
//! `QuorumCnxManager` and `Learner` ride TCP): links are FIFO — a message never
//! overtakes an earlier one on the same link — and cutting a link or crashing a
//! server closes its connections, dropping what was in flight on them. Timers
//! are ZAB's own (the notification timeout with its backoff, the finalize wait,
//! the tick); nothing in them is random, so the first election is deterministic.

use super::client::{validate_write, Write, WriteStatus, CLIENT_RETRY};
use super::config::{ClusterConfig, Protocol};
use super::feed::{Mark, MarkKind};
use super::invariants::{Counts, Invariant, Violation};
use super::rng::SimRng;
use super::strmap::StrMap;
use super::world::{validate_cluster, Action, Setup};
use super::zab_invariants::ZabChecker;
use crate::sim::world::apply_cmd;
use crate::zab::{
    bit, Config, Epoch, Input, Message, Node, NodeId, Note, Output, Persistent, Phase, Role, Time,
    Timer, Txn, Zxid,
};
use rand::RngExt;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

/// Events kept for the page's feed.
pub const ZAB_FEED_LEN: usize = 200;

/// One thing that happened in a ZAB world.
#[derive(Clone, Debug, PartialEq)]
pub enum ZabEvent {
    /// A server's own account of a decision.
    Node(NodeId, Note),
    Crashed(NodeId),
    Restarted(NodeId),
    LinkCut {
        from: NodeId,
        to: NodeId,
        oneway: bool,
    },
    LinkHealed {
        from: NodeId,
        to: NodeId,
        oneway: bool,
    },
    Partitioned(Vec<Vec<NodeId>>),
    Isolated(NodeId),
    HealedAll,
    WriteSubmitted {
        write: u32,
        to: Option<NodeId>,
    },
    WriteRedirected {
        write: u32,
        from: NodeId,
        to: NodeId,
    },
    /// No established leader known: the client will retry.
    WriteWaiting {
        write: u32,
    },
    /// The leader proposed the write as this transaction.
    WriteProposed {
        write: u32,
        leader: NodeId,
        zxid: Zxid,
    },
    WriteAcked {
        write: u32,
        zxid: Zxid,
    },
    WriteUnknown {
        write: u32,
        leader: NodeId,
    },
    /// A message was dropped by the user.
    Dropped {
        name: &'static str,
        from: NodeId,
        to: NodeId,
    },
    SettingsChanged,
    Violation {
        invariant: Invariant,
        nodes: Vec<NodeId>,
    },
}

impl ZabEvent {
    /// The timeline mark this event deserves, if any.
    pub fn mark(&self, t: Time) -> Option<Mark> {
        let kind = match self {
            ZabEvent::Node(node, Note::Established { epoch, .. }) => MarkKind::Elected {
                node: *node,
                term: u64::from(*epoch),
            },
            ZabEvent::Crashed(n) => MarkKind::Crash(*n),
            ZabEvent::Restarted(n) => MarkKind::Restart(*n),
            ZabEvent::LinkCut { .. } | ZabEvent::Partitioned(_) | ZabEvent::Isolated(_) => {
                MarkKind::Cut
            }
            ZabEvent::LinkHealed { .. } | ZabEvent::HealedAll => MarkKind::Heal,
            ZabEvent::WriteSubmitted { .. } => MarkKind::Write,
            ZabEvent::Violation { .. } => MarkKind::Violation,
            _ => return None,
        };
        Some(Mark { t, kind })
    }
}

/// A message on the wire.
#[derive(Clone, Debug, PartialEq)]
pub struct ZabInFlight {
    pub id: u64,
    pub msg: Message,
    pub sent: Time,
    pub arrives: Time,
    /// Lost on the way (the `loss` setting): it lands nowhere.
    pub lost: bool,
}

/// One of a server's timers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ZabTimer {
    /// (when it was set, when it fires).
    pub armed: Option<(Time, Time)>,
    gen: u32,
}

/// A server slot: the ZAB node plus what the world keeps around it.
#[derive(Clone, Debug)]
pub struct ZabServer {
    pub node: Node,
    pub alive: bool,
    /// The key-value state machine, fed by delivered transactions.
    pub kv: StrMap,
    /// The notification timeout or the finalize wait.
    pub election: ZabTimer,
    pub tick: ZabTimer,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ev {
    Deliver(u64),
    Election(NodeId, u32),
    Tick(NodeId, u32),
    ClientRetry(u32),
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

/// The simulated world of a ZAB ensemble.
#[derive(Clone, Debug)]
pub struct ZabWorld {
    now: Time,
    seq: u64,
    rng: SimRng,
    cfg: ClusterConfig,
    servers: Vec<ZabServer>,
    queue: BinaryHeap<Scheduled>,
    in_flight: Vec<ZabInFlight>,
    next_msg: u64,
    /// Per directed link (from, to): the latest arrival scheduled on it, so a
    /// later message never lands first (FIFO, as TCP).
    last_arrival: Vec<Time>,
    /// Per directed link: up?
    up: Vec<bool>,
    writes: Vec<Write>,
    /// Writes proposed by a leader and not yet answered.
    pending: Vec<u32>,
    checker: ZabChecker,
    feed: VecDeque<(Time, ZabEvent)>,
    feed_total: u64,
    marks: Vec<Mark>,
    record_marks: bool,
    events: u64,
}

/// A zxid as one number, the way ZooKeeper stores it (epoch in the high 32 bits).
pub fn zxid_u64(z: Zxid) -> u64 {
    u64::from(z.epoch) << 32 | u64::from(z.counter)
}

/// The ZAB server configuration for server `id` of a cluster.
pub fn zab_config(cfg: &ClusterConfig, id: NodeId) -> Config {
    let mut c = Config::new(id, cfg.nodes);
    // ZooKeeper's tickTime plays the part of Raft's heartbeat period here. As
    // in a real deployment it must fit the network: a round trip has to fit in
    // syncLimit ticks with room to spare, or no leader ever keeps its quorum.
    let round_trips = cfg.latency.1 * 3 / u64::from(c.sync_limit.max(1));
    c.tick = cfg.heartbeat.max(round_trips);
    c.bugs = cfg.zab_bugs;
    c
}

/// A scenario's `init` for one server as ZAB's stable storage: each log entry's
/// term is its zxid's epoch; counters restart at 1 in each epoch.
fn init_persistent(setup: &Setup, id: NodeId) -> Result<Persistent, String> {
    let Some(i) = setup.init.iter().find(|i| i.node == id) else {
        return Ok(Persistent::default());
    };
    if i.snapshot.is_some() || i.voters.is_some() {
        return Err(format!(
            "init: S{id}: \"snapshot\" and \"voters\" are Raft's; a ZAB server's init has a term (its epoch) and a log"
        ));
    }
    let mut history = Vec::with_capacity(i.log.len());
    let mut last = Zxid::ZERO;
    for e in &i.log {
        let epoch = Epoch::try_from(e.term).map_err(|_| format!("init: S{id}: epoch too large"))?;
        let counter = if epoch == last.epoch {
            last.counter + 1
        } else {
            1
        };
        last = Zxid::new(epoch, counter);
        history.push(Txn {
            zxid: last,
            data: e.cmd.clone().unwrap_or_default(),
            write_id: None,
        });
    }
    let epoch = Epoch::try_from(i.term)
        .map_err(|_| format!("init: S{id}: epoch too large"))?
        .max(last.epoch);
    Ok(Persistent {
        history,
        accepted_epoch: epoch,
        current_epoch: epoch,
    })
}

impl ZabWorld {
    /// Builds the world at time zero and starts every server.
    pub fn new(setup: &Setup) -> Result<ZabWorld, String> {
        let mut cfg = setup.cluster.clone();
        validate_cluster(&cfg)?;
        if cfg.max_nodes > cfg.nodes {
            return Err(
                "max_nodes: ZAB's ensemble here is fixed (no spares, no reconfiguration)".into(),
            );
        }
        cfg.max_nodes = cfg.nodes;
        let n = cfg.nodes;
        let mut servers = Vec::with_capacity(n as usize);
        for id in 1..=n {
            servers.push(ZabServer {
                node: Node::new(zab_config(&cfg, id), init_persistent(setup, id)?),
                alive: true,
                kv: StrMap::new(),
                election: ZabTimer::default(),
                tick: ZabTimer::default(),
            });
        }
        let links = (n as usize + 1) * (n as usize + 1);
        let mut world = ZabWorld {
            now: 0,
            seq: 0,
            rng: SimRng::seed_from_u64(setup.seed),
            checker: ZabChecker::new(n),
            servers,
            cfg,
            queue: BinaryHeap::new(),
            in_flight: vec![],
            next_msg: 0,
            last_arrival: vec![0; links],
            up: vec![true; links],
            writes: vec![],
            pending: vec![],
            feed: VecDeque::new(),
            feed_total: 0,
            marks: vec![],
            record_marks: false,
            events: 0,
        };
        for id in 1..=n {
            world.run_node(id, |node| node.start());
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
    pub fn size(&self) -> u8 {
        self.cfg.nodes
    }
    pub fn server(&self, id: NodeId) -> &ZabServer {
        &self.servers[id as usize - 1]
    }
    pub fn servers(&self) -> &[ZabServer] {
        &self.servers
    }
    pub fn writes(&self) -> &[Write] {
        &self.writes
    }
    pub fn checker(&self) -> &ZabChecker {
        &self.checker
    }
    pub fn counts(&self) -> Counts {
        self.checker.counts()
    }
    pub fn violations(&self) -> &[Violation] {
        self.checker.violations()
    }
    /// Messages on the wire.
    pub fn in_flight(&self) -> impl Iterator<Item = &ZabInFlight> {
        self.in_flight.iter()
    }
    /// Whether `from → to` carries messages.
    pub fn is_up(&self, from: NodeId, to: NodeId) -> bool {
        self.up[self.link(from, to)]
    }
    /// The kept events, oldest first, with their times.
    pub fn feed(&self) -> impl DoubleEndedIterator<Item = &(Time, ZabEvent)> + ExactSizeIterator {
        self.feed.iter()
    }
    /// How many events were ever recorded (a cursor for readers).
    pub fn feed_total(&self) -> u64 {
        self.feed_total
    }
    pub fn events(&self) -> u64 {
        self.events
    }

    /// The established leader of the highest epoch among live servers, if any.
    pub fn leader(&self) -> Option<NodeId> {
        let top = self.max_live_epoch();
        self.servers
            .iter()
            .find(|s| {
                s.alive
                    && s.node.role() == Role::Leading
                    && s.node.established()
                    && s.node.current_epoch() == top
            })
            .map(|s| s.node.id())
    }

    /// The highest current epoch among live servers.
    pub fn max_live_epoch(&self) -> Epoch {
        self.servers
            .iter()
            .filter(|s| s.alive)
            .map(|s| s.node.current_epoch())
            .max()
            .unwrap_or(0)
    }

    /// Whether the ensemble has settled: every server up, one established
    /// leader, everyone else following it in broadcast, the same history
    /// everywhere, all of it committed, every acknowledged write in it once.
    pub fn converged(&self) -> Result<(), String> {
        if let Some(s) = self.servers.iter().find(|s| !s.alive) {
            return Err(format!("S{} is down", s.node.id()));
        }
        let Some(l) = self.leader() else {
            return Err("no established leader".into());
        };
        let leader = &self.server(l).node;
        let h = leader.history();
        let epoch = leader.current_epoch();
        for s in &self.servers {
            let n = &s.node;
            // ZooKeeper's own liveness gap, kept as it is: a server that accepted
            // the epoch of a leader that then failed refuses every LEADERINFO of a
            // lower epoch (Learner.registerWithLeader) until the next election.
            // It rejoins then; a quorum serves meanwhile.
            if n.id() != l && n.accepted_epoch() > epoch && n.phase() != Phase::Broadcast {
                continue;
            }
            if n.id() != l && (n.role() != Role::Following || n.leader() != Some(l)) {
                return Err(format!(
                    "S{} is {}, not following S{l}",
                    n.id(),
                    n.role().name()
                ));
            }
            if n.history() != h {
                return Err(format!("S{} history differs from the leader's", n.id()));
            }
            if n.committed() != leader.last_zxid() || n.delivered() != leader.last_zxid() {
                return Err(format!(
                    "S{} committed {} of {}",
                    n.id(),
                    n.committed(),
                    leader.last_zxid()
                ));
            }
        }
        for (z, d) in self.checker.acked() {
            let k = h.iter().filter(|t| t.zxid == *z && t.data == *d).count();
            if k != 1 {
                return Err(format!(
                    "acknowledged {z} ({d}) is in the history {k} times"
                ));
            }
        }
        Ok(())
    }

    pub fn record_marks(&mut self, on: bool) {
        self.record_marks = on;
    }

    pub fn take_marks(&mut self) -> Vec<Mark> {
        std::mem::take(&mut self.marks)
    }

    /// Rough memory use, for the page's checkpoint budget.
    pub fn approx_bytes(&self) -> usize {
        let logs: usize = self
            .servers
            .iter()
            .map(|s| s.node.history().len() * 48 + s.kv.len() * 32)
            .sum();
        logs + self.checker.approx_bytes()
            + self.in_flight.len() * 96
            + self.writes.len() * 64
            + self.feed.len() * 64
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
            Ev::Deliver(id) => self.in_flight.iter().any(|f| f.id == id),
            Ev::Election(id, gen) => self.servers[id as usize - 1].election.gen == gen,
            Ev::Tick(id, gen) => self.servers[id as usize - 1].tick.gen == gen,
            Ev::ClientRetry(w) => self
                .writes
                .get(w as usize)
                .is_some_and(|w| w.placed.is_none() && w.status == WriteStatus::Pending),
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
        self.events += 1;
        match ev {
            Ev::Deliver(id) => self.deliver(id),
            Ev::Election(id, gen) => {
                if self.servers[id as usize - 1].election.gen == gen {
                    self.servers[id as usize - 1].election.armed = None;
                    self.run_node(id, |n| n.handle(Input::ElectionTimeout));
                }
            }
            Ev::Tick(id, gen) => {
                if self.servers[id as usize - 1].tick.gen == gen {
                    self.servers[id as usize - 1].tick.armed = None;
                    self.run_node(id, |n| n.handle(Input::Tick));
                }
            }
            Ev::ClientRetry(w) => {
                if self.is_live(ev) {
                    self.submit(w);
                }
            }
        }
    }

    fn deliver(&mut self, id: u64) {
        let Some(k) = self.in_flight.iter().position(|f| f.id == id) else {
            return;
        };
        let f = self.in_flight.remove(k);
        let to = f.msg.to;
        if f.lost || !self.servers[to as usize - 1].alive {
            return;
        }
        self.run_node(to, move |n| n.handle(Input::Receive(f.msg)));
    }

    fn link(&self, from: NodeId, to: NodeId) -> usize {
        from as usize * (self.cfg.nodes as usize + 1) + to as usize
    }

    // ---- the glue between a node and the world ---------------------------------

    /// Runs one input on a live node, carries out its output and checks invariants.
    fn run_node(&mut self, id: NodeId, f: impl FnOnce(&mut Node) -> Output) {
        let s = &mut self.servers[id as usize - 1];
        let was = (s.node.role(), s.node.current_epoch());
        let out = f(&mut s.node);
        self.absorb(id, was, out);
    }

    fn absorb(&mut self, id: NodeId, was: (Role, Epoch), out: Output) {
        let Output {
            messages,
            election_timer,
            tick_timer,
            notes,
            restore,
            deliver,
        } = out;
        for m in messages {
            self.send(m);
        }
        if let Some(t) = election_timer {
            self.set_timer(id, true, t);
        }
        if let Some(t) = tick_timer {
            self.set_timer(id, false, t);
        }
        let mut found = 0;
        for note in notes {
            if let Note::Established { epoch, .. } = note {
                let history = self.servers[id as usize - 1].node.history();
                found += self.checker.established(self.now, id, epoch, history);
            }
            // Routine per-transaction commits on followers are not news.
            let routine = matches!(note, Note::Committed { .. })
                && self.servers[id as usize - 1].node.role() != Role::Leading;
            if !routine {
                self.push_event(ZabEvent::Node(id, note));
            }
        }
        if restore {
            self.servers[id as usize - 1].kv.clear();
            self.checker.cleared(id);
        }
        let leading = self.servers[id as usize - 1].node.role() == Role::Leading;
        let mut acks = vec![];
        for txn in &deliver {
            found += self.checker.delivered(self.now, id, txn);
            apply_cmd(&mut self.servers[id as usize - 1].kv, &txn.data);
            if let (true, Some(w)) = (leading, txn.write_id) {
                let placed = self.writes.get(w as usize).and_then(|w| w.placed);
                if placed == Some((id, u64::from(txn.zxid.epoch), zxid_u64(txn.zxid))) {
                    acks.push((w, txn.zxid, txn.data.clone()));
                }
            }
        }
        if found > 0 {
            let all = self.checker.violations();
            let new: Vec<_> = all[all.len().saturating_sub(found)..]
                .iter()
                .map(|v| (v.invariant, v.nodes.clone()))
                .collect();
            for (invariant, nodes) in new {
                self.push_event(ZabEvent::Violation { invariant, nodes });
            }
        }
        for (w, zxid, data) in acks {
            if self.writes[w as usize].status == WriteStatus::Pending {
                self.writes[w as usize].status = WriteStatus::Acked;
                self.pending.retain(|&p| p != w);
                self.checker.acknowledged(zxid, &data);
                self.push_event(ZabEvent::WriteAcked { write: w, zxid });
            }
        }
        let node = &self.servers[id as usize - 1].node;
        if was.0 == Role::Leading && (node.role() != Role::Leading || node.current_epoch() != was.1)
        {
            self.orphan_writes(id);
        }
    }

    /// A leader stopped leading or crashed: its unanswered writes have unknown fate.
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
            self.push_event(ZabEvent::WriteUnknown { write: w, leader });
        }
    }

    fn send(&mut self, m: Message) {
        let link = self.link(m.from, m.to);
        if !self.up[link] || !self.servers[m.to as usize - 1].alive {
            return; // no connection: ZooKeeper's send fails, the packet is gone
        }
        let (lo, hi) = self.cfg.latency;
        let latency = if hi > lo {
            self.rng.random_range(lo..=hi)
        } else {
            lo
        };
        let lost = self.cfg.loss > 0.0 && self.rng.random_bool(self.cfg.loss.min(1.0));
        // FIFO: never before the previous message on this link.
        let arrives = (self.now + latency)
            .max(self.now + 1)
            .max(self.last_arrival[link]);
        self.last_arrival[link] = arrives;
        self.next_msg += 1;
        let id = self.next_msg;
        self.in_flight.push(ZabInFlight {
            id,
            msg: m,
            sent: self.now,
            arrives,
            lost,
        });
        self.schedule(arrives, Ev::Deliver(id));
    }

    fn set_timer(&mut self, id: NodeId, election: bool, t: Timer) {
        let now = self.now;
        let when = match t {
            Timer::Stop => None,
            Timer::After(d) => Some((now, now + d.max(1))),
        };
        let s = &mut self.servers[id as usize - 1];
        let slot = if election {
            &mut s.election
        } else {
            &mut s.tick
        };
        slot.gen = slot.gen.wrapping_add(1);
        slot.armed = when;
        let gen = slot.gen;
        if let Some((_, at)) = when {
            let ev = if election {
                Ev::Election(id, gen)
            } else {
                Ev::Tick(id, gen)
            };
            self.schedule(at, ev);
        }
    }

    fn push_event(&mut self, event: ZabEvent) {
        if self.record_marks {
            if let Some(m) = event.mark(self.now) {
                self.marks.push(m);
            }
        }
        if self.feed.len() == ZAB_FEED_LEN {
            self.feed.pop_front();
        }
        self.feed.push_back((self.now, event));
        self.feed_total += 1;
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
            let was = (s.node.role(), s.node.current_epoch());
            match s.node.propose(value.clone(), Some(w)) {
                Ok((zxid, out)) => {
                    self.writes[w as usize].placed =
                        Some((t, u64::from(zxid.epoch), zxid_u64(zxid)));
                    self.pending.push(w);
                    self.push_event(ZabEvent::WriteProposed {
                        write: w,
                        leader: t,
                        zxid,
                    });
                    self.absorb(t, was, out);
                    return;
                }
                Err(Some(hint)) if hint != t => {
                    self.push_event(ZabEvent::WriteRedirected {
                        write: w,
                        from: t,
                        to: hint,
                    });
                    target = Some(hint);
                }
                Err(_) => break,
            }
        }
        self.push_event(ZabEvent::WriteWaiting { write: w });
        self.schedule(self.now + CLIENT_RETRY, Ev::ClientRetry(w));
    }

    // ---- actions -------------------------------------------------------------

    fn check_node(&self, id: NodeId) -> Result<(), String> {
        if id == 0 || id > self.cfg.nodes {
            Err(format!(
                "server {id} is out of range (the cluster has {} servers)",
                self.cfg.nodes
            ))
        } else {
            Ok(())
        }
    }

    /// Carries out an action at the current time. Raft's membership, transfer
    /// and snapshot actions, and the network tricks that would break TCP's
    /// order (delay, duplicate), are refused with a reason.
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
                for id in 1..=self.cfg.nodes {
                    self.restart(id);
                }
            }
            Action::Timeout(id) => {
                self.check_node(*id)?;
                let s = &self.servers[*id as usize - 1];
                if s.alive && s.node.role() == Role::Looking {
                    self.run_node(*id, |n| n.handle(Input::ElectionTimeout));
                }
            }
            Action::Write { value, to, .. } => {
                validate_write(value).map_err(|e| e.to_string())?;
                if let Some(t) = to {
                    self.check_node(*t)?;
                }
                let id = self.writes.len() as u32;
                self.writes.push(Write {
                    id,
                    value: value.clone(),
                    client: 1,
                    seq: id + 1,
                    op: id,
                    to: *to,
                    status: WriteStatus::Pending,
                    submitted: self.now,
                    placed: None,
                });
                self.push_event(ZabEvent::WriteSubmitted { write: id, to: *to });
                self.submit(id);
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
                    ZabEvent::LinkHealed { from, to, oneway }
                } else {
                    ZabEvent::LinkCut { from, to, oneway }
                });
            }
            Action::Partition(groups) => {
                let n = self.cfg.nodes;
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
                self.push_event(ZabEvent::Partitioned(groups.clone()));
            }
            Action::Isolate(id) => {
                self.check_node(*id)?;
                for other in 1..=self.cfg.nodes {
                    if other != *id {
                        self.set_link(*id, other, false);
                        self.set_link(other, *id, false);
                    }
                }
                self.push_event(ZabEvent::Isolated(*id));
            }
            Action::HealAll => {
                for a in 1..=self.cfg.nodes {
                    for b in 1..=self.cfg.nodes {
                        if a != b {
                            self.set_link(a, b, true);
                        }
                    }
                }
                self.push_event(ZabEvent::HealedAll);
            }
            Action::Set(settings) => {
                let mut cfg = self.cfg.clone();
                settings.apply_to(&mut cfg);
                validate_cluster(&cfg)?;
                self.cfg = cfg;
                let bugs = self.cfg.zab_bugs;
                for s in &mut self.servers {
                    s.node.set_bugs(bugs);
                }
                self.push_event(ZabEvent::SettingsChanged);
            }
            Action::Drop(filter) => {
                if filter.kind.is_some() {
                    return Err(
                        "drop: \"kind\" names Raft's messages; pick ZAB's by from, to or id".into(),
                    );
                }
                let mut dropped = vec![];
                self.in_flight.retain(|f| {
                    let hit = filter.from.is_none_or(|x| f.msg.from == x)
                        && filter.to.is_none_or(|x| f.msg.to == x)
                        && filter.id.is_none_or(|i| f.id == i);
                    if hit {
                        dropped.push((f.msg.body.name(), f.msg.from, f.msg.to));
                    }
                    !hit
                });
                for (name, from, to) in dropped {
                    self.push_event(ZabEvent::Dropped { name, from, to });
                }
            }
            Action::Delay(..) | Action::Duplicate(_) => {
                return Err(
                    "ZAB's links are FIFO (ZooKeeper rides TCP): messages are not delayed past later ones or duplicated"
                        .into(),
                )
            }
            Action::Timers(_) => {
                return Err(
                    "ZAB's election timers are not random: there is nothing to align or spread"
                        .into(),
                )
            }
            Action::Read { .. } | Action::Retry { .. } => {
                return Err("client reads and retries are shown for Raft".into())
            }
            Action::AddServer(_)
            | Action::AddLearner(_)
            | Action::RemoveServer(_)
            | Action::Change(_)
            | Action::Transfer(_)
            | Action::Snapshot(_) => {
                return Err(
                    "membership changes, leadership transfer and snapshots are shown for Raft; the ZAB ensemble here is fixed"
                        .into(),
                )
            }
        }
        Ok(())
    }

    /// Opens or closes `from → to`; closing drops what is in flight on it (the
    /// TCP connection breaks).
    fn set_link(&mut self, from: NodeId, to: NodeId, up: bool) {
        let link = self.link(from, to);
        self.up[link] = up;
        if !up {
            self.in_flight
                .retain(|f| (f.msg.from, f.msg.to) != (from, to));
        }
    }

    fn crash(&mut self, id: NodeId) {
        let s = &mut self.servers[id as usize - 1];
        if !s.alive {
            return;
        }
        let was_leader = s.node.role() == Role::Leading;
        s.alive = false;
        s.kv.clear();
        // Volatile state is lost; the history and both epochs are on disk.
        s.node = Node::new(s.node.config().clone(), s.node.persistent());
        self.checker.cleared(id);
        self.set_timer(id, true, Timer::Stop);
        self.set_timer(id, false, Timer::Stop);
        // Its connections close: nothing in flight to or from it arrives.
        self.in_flight
            .retain(|f| f.msg.from != id && f.msg.to != id);
        if was_leader {
            self.orphan_writes(id);
        }
        self.push_event(ZabEvent::Crashed(id));
    }

    fn restart(&mut self, id: NodeId) {
        if self.servers[id as usize - 1].alive {
            return;
        }
        self.servers[id as usize - 1].alive = true;
        self.push_event(ZabEvent::Restarted(id));
        self.run_node(id, |n| n.start());
    }

    /// The protocol this world runs.
    pub fn protocol(&self) -> Protocol {
        Protocol::Zab
    }

    /// The set of live servers.
    pub fn alive_set(&self) -> u16 {
        self.servers
            .iter()
            .filter(|s| s.alive)
            .fold(0, |a, s| a | bit(s.node.id()))
    }
}
