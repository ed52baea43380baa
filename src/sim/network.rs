//! The network: directed links that can be cut, and messages in flight.

use crate::raft::{Message, NodeId, Time};
use std::collections::VecDeque;

/// A message travelling on a link. Messages in flight are first-class: the page
/// draws them and a user may drop one.
#[derive(Clone, Debug)]
pub struct InFlight {
    /// Unique, in order of sending.
    pub id: u64,
    pub msg: Message,
    pub sent: Time,
    pub arrives: Time,
    /// Lost to random loss: it travels, but will not arrive.
    pub lost: bool,
}

/// The state of the link between two servers, as the page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    Up,
    Cut,
    /// Only `from → to` works.
    OneWay {
        from: NodeId,
        to: NodeId,
    },
}

impl LinkState {
    pub fn name(self) -> &'static str {
        match self {
            LinkState::Up => "up",
            LinkState::Cut => "cut",
            LinkState::OneWay { .. } => "oneway",
        }
    }
}

/// Directed links between `n` servers, and the messages on them.
#[derive(Clone, Debug)]
pub struct Network {
    n: u8,
    /// `up[from * (n+1) + to]`.
    up: Vec<bool>,
    /// Slot `i` holds the message with id `first_id + i`, or `None` once it
    /// has landed or been dropped: landing one is O(1) however many are in
    /// flight (long latencies and short timeouts make many), and the front is
    /// trimmed as it empties. In order of sending.
    in_flight: VecDeque<Option<InFlight>>,
    first_id: u64,
    count: usize,
    next_id: u64,
}

impl Network {
    pub fn new(n: u8) -> Network {
        Network {
            n,
            up: vec![true; (n as usize + 1) * (n as usize + 1)],
            in_flight: VecDeque::new(),
            first_id: 1,
            count: 0,
            next_id: 1,
        }
    }

    fn slot(&self, from: NodeId, to: NodeId) -> usize {
        from as usize * (self.n as usize + 1) + to as usize
    }

    /// Whether messages can go `from → to`.
    pub fn is_up(&self, from: NodeId, to: NodeId) -> bool {
        self.up.get(self.slot(from, to)).copied().unwrap_or(false)
    }

    /// Cuts or heals the directed link `from → to`. Cutting drops what is on it.
    /// Returns the dropped messages.
    pub fn set_up(&mut self, from: NodeId, to: NodeId, up: bool) -> Vec<InFlight> {
        let s = self.slot(from, to);
        if let Some(slot) = self.up.get_mut(s) {
            *slot = up;
        }
        if up {
            return vec![];
        }
        self.drop_where(|f| f.msg.from == from && f.msg.to == to)
    }

    /// The state of the pair {a, b}.
    pub fn link_state(&self, a: NodeId, b: NodeId) -> LinkState {
        match (self.is_up(a, b), self.is_up(b, a)) {
            (true, true) => LinkState::Up,
            (false, false) => LinkState::Cut,
            (true, false) => LinkState::OneWay { from: a, to: b },
            (false, true) => LinkState::OneWay { from: b, to: a },
        }
    }

    /// Whether every link is up.
    pub fn all_up(&self) -> bool {
        (1..=self.n).all(|a| (1..=self.n).all(|b| a == b || self.is_up(a, b)))
    }

    /// Puts a message in flight and returns its id.
    pub fn launch(&mut self, msg: Message, sent: Time, arrives: Time, lost: bool) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.in_flight.push_back(Some(InFlight {
            id,
            msg,
            sent,
            arrives,
            lost,
        }));
        self.count += 1;
        id
    }

    /// Takes a message off the wire if it arrives at `now` (on arrival). A
    /// message delayed since its arrival was scheduled stays on the wire.
    pub fn land(&mut self, id: u64, now: Time) -> Option<InFlight> {
        let slot = self
            .in_flight
            .get_mut(id.checked_sub(self.first_id)? as usize)?;
        if slot.as_ref()?.arrives > now {
            return None;
        }
        let f = slot.take();
        self.count -= 1;
        self.trim();
        f
    }

    /// Drops the emptied slots at the front.
    fn trim(&mut self) {
        while let Some(None) = self.in_flight.front() {
            self.in_flight.pop_front();
            self.first_id += 1;
        }
    }

    /// Drops every message in flight that matches, returning them.
    pub fn drop_where(&mut self, mut pred: impl FnMut(&InFlight) -> bool) -> Vec<InFlight> {
        let mut dropped = vec![];
        for slot in self.in_flight.iter_mut() {
            if slot.as_ref().is_some_and(&mut pred) {
                dropped.extend(slot.take());
            }
        }
        self.count -= dropped.len();
        self.trim();
        dropped
    }

    /// Holds back every message in flight that matches by `by` more; returns
    /// their ids and new arrival times, for the world to schedule.
    pub fn delay_where(
        &mut self,
        mut pred: impl FnMut(&InFlight) -> bool,
        by: Time,
    ) -> Vec<(u64, Time)> {
        let mut moved = vec![];
        for f in self.in_flight.iter_mut().flatten() {
            if pred(f) {
                f.arrives = f.arrives.saturating_add(by);
                moved.push((f.id, f.arrives));
            }
        }
        moved
    }

    /// Messages in flight, oldest first.
    pub fn in_flight(&self) -> impl Iterator<Item = &InFlight> {
        self.in_flight.iter().flatten()
    }

    pub fn in_flight_count(&self) -> usize {
        self.count
    }

    pub fn approx_bytes(&self) -> usize {
        self.up.len()
            + self
                .in_flight
                .iter()
                .flatten()
                .map(|f| 96 + f.msg_entries_len() * 48)
                .sum::<usize>()
    }
}

impl InFlight {
    fn msg_entries_len(&self) -> usize {
        match &self.msg.body {
            crate::raft::Body::AppendEntries(a) => a.entries.len(),
            _ => 0,
        }
    }

    /// How far along its link the message is at `now`, 0..=1.
    pub fn progress(&self, now: Time) -> f64 {
        if self.arrives <= self.sent {
            return 1.0;
        }
        ((now.saturating_sub(self.sent)) as f64 / (self.arrives - self.sent) as f64).clamp(0.0, 1.0)
    }
}
