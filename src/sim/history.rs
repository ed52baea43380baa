//! Time travel: the setup, the list of steps (user actions and a scenario's
//! script) and sparse checkpoints of the world. Any past moment is restored by
//! replaying from the nearest checkpoint; acting in the past forks, dropping the
//! old future.
//!
//! Memory is bounded: checkpoints are thinned (every other one dropped, spacing
//! doubled) whenever there are more than [`MAX_CHECKPOINTS`] of them or their
//! estimated size passes [`CHECKPOINT_BUDGET`]. Timeline marks are capped too.

use super::config::MS;
use super::feed::{Mark, MarkKind};
use super::protocol::SimWorld;
use super::scenario::{Scenario, Step, StepKind, Text};
use super::world::{Action, Setup, World};
use crate::raft::Time;

/// Most checkpoints kept.
pub const MAX_CHECKPOINTS: usize = 64;
/// Estimated bytes of checkpoints kept at most.
pub const CHECKPOINT_BUDGET: usize = 16 << 20;
/// Initial spacing of checkpoints in simulated time.
pub const CHECKPOINT_EVERY: Time = 2_000 * MS;
/// Most timeline marks kept; past it, write marks are no longer recorded.
pub const MAX_MARKS: usize = 20_000;

#[derive(Clone, Debug)]
struct Checkpoint<W> {
    world: W,
    /// Steps already carried out in `world`.
    next: usize,
    bytes: usize,
}

/// A timeline of a world (Raft's or ZAB's) that can be replayed, rewound and forked.
#[derive(Debug)]
pub struct Timeline<W: SimWorld> {
    setup: Setup,
    steps: Vec<Step>,
    /// Index of the first step not yet carried out in `world`.
    next: usize,
    world: W,
    checkpoints: Vec<Checkpoint<W>>,
    every: Time,
    head: Time,
    marks: Vec<Mark>,
    /// Set when the user acted and the scripted future was dropped.
    forked: bool,
}

/// Why `advance_to` stopped early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// Reached the requested time.
    Reached,
    /// A scenario `pause` step at this time.
    Pause(Time),
}

/// The timeline of a Raft world (the page's).
pub type History = Timeline<World>;

impl<W: SimWorld> Timeline<W> {
    /// A timeline starting from `setup`, with scripted `steps` in time order.
    pub fn new(setup: Setup, steps: Vec<Step>) -> Result<Timeline<W>, String> {
        let mut world = W::build(&setup)?;
        world.marks_on(true);
        let mut h = Timeline {
            checkpoints: vec![],
            every: CHECKPOINT_EVERY,
            head: 0,
            marks: world.drain_marks(),
            setup,
            steps,
            next: 0,
            world,
            forked: false,
        };
        h.push_checkpoint();
        Ok(h)
    }

    /// A timeline playing a scenario.
    pub fn from_scenario(s: &Scenario) -> Result<Timeline<W>, String> {
        Timeline::new(s.setup.clone(), s.steps.clone())
    }

    pub fn world(&self) -> &W {
        &self.world
    }
    pub fn setup(&self) -> &Setup {
        &self.setup
    }
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }
    /// Index of the first step not yet carried out.
    pub fn next_step(&self) -> usize {
        self.next
    }
    pub fn now(&self) -> Time {
        self.world.time()
    }
    /// The furthest moment simulated on this timeline.
    pub fn head(&self) -> Time {
        self.head
    }
    /// Whether we are at the present (not looking at the past).
    pub fn at_head(&self) -> bool {
        self.world.time() >= self.head
    }
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }
    /// Whether the user has taken over from a scripted scenario.
    pub fn forked(&self) -> bool {
        self.forked
    }
    /// How many checkpoints are kept, and their estimated bytes.
    pub fn checkpoint_stats(&self) -> (usize, usize) {
        (
            self.checkpoints.len(),
            self.checkpoints.iter().map(|c| c.bytes).sum(),
        )
    }
    /// The time of the last scripted step, if any.
    pub fn script_end(&self) -> Option<Time> {
        self.steps.last().map(|s| s.at)
    }

    /// The caption showing at the current moment: the last one reached.
    pub fn caption(&self) -> Option<&Text> {
        self.steps[..self.next]
            .iter()
            .rev()
            .find_map(|s| match &s.kind {
                StepKind::Caption(t) => Some(t),
                _ => None,
            })
    }

    /// Times of all captions, for "next"/"previous".
    pub fn caption_times(&self) -> Vec<Time> {
        self.steps
            .iter()
            .filter(|s| matches!(s.kind, StepKind::Caption(_)))
            .map(|s| s.at)
            .collect()
    }

    fn push_checkpoint(&mut self) {
        let bytes = self.world.bytes();
        self.checkpoints.push(Checkpoint {
            world: self.world.clone(),
            next: self.next,
            bytes,
        });
        let total: usize = self.checkpoints.iter().map(|c| c.bytes).sum();
        if self.checkpoints.len() > MAX_CHECKPOINTS || total > CHECKPOINT_BUDGET {
            // Keep the first (time zero) and every other one after it.
            let mut i = 0;
            self.checkpoints.retain(|_| {
                i += 1;
                i == 1 || i % 2 == 1
            });
            self.every *= 2;
        }
    }

    fn last_checkpoint_time(&self) -> Time {
        self.checkpoints.last().map_or(0, |c| c.world.time())
    }

    fn collect_marks(&mut self, frontier: Time) {
        for m in self.world.drain_marks() {
            // Marks of the known past were recorded the first time through.
            if m.t <= frontier {
                continue;
            }
            if self.marks.len() >= MAX_MARKS && m.kind == MarkKind::Write {
                continue;
            }
            self.marks.push(m);
        }
    }

    /// Runs the world to `t`, carrying out steps on the way. With `stop_at_pause`,
    /// stops at the first scenario `pause` step reached.
    pub fn advance_to(&mut self, t: Time, stop_at_pause: bool) -> Stop {
        loop {
            let frontier = self.head;
            let step_at = self.steps.get(self.next).map(|s| s.at).filter(|&a| a <= t);
            let cp_at = self.last_checkpoint_time() + self.every;
            let cp_at = (cp_at > self.head).then_some(cp_at).filter(|&c| c <= t);
            let stop = [Some(t), step_at, cp_at]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(t);
            self.world.run_to(stop);
            self.collect_marks(frontier);
            self.head = self.head.max(self.world.time());
            if step_at == Some(stop) {
                let step = self.steps[self.next].clone();
                self.next += 1;
                match step.kind {
                    StepKind::Act(a) => {
                        // Scripted actions were validated when read.
                        let _ = self.world.perform(&a);
                        self.collect_marks(frontier);
                    }
                    StepKind::Pause if stop_at_pause => return Stop::Pause(stop),
                    _ => {}
                }
                continue;
            }
            if cp_at == Some(stop) && stop > self.last_checkpoint_time() {
                self.push_checkpoint();
                continue;
            }
            return Stop::Reached;
        }
    }

    /// Advances to the next event (and the steps due by then).
    pub fn step_event(&mut self) {
        let next_event = self.world.next_time();
        let next_step = self.steps.get(self.next).map(|s| s.at);
        let target = match (next_event, next_step) {
            (Some(e), Some(s)) => e.min(s),
            (Some(e), None) => e,
            (None, Some(s)) => s,
            (None, None) => return,
        };
        self.advance_to(target, false);
    }

    /// Where [`seek`](Self::seek)`(t)` starts replaying from: now, or the latest
    /// checkpoint at or before `t` when that is the way there. A seek costs
    /// simulating `t` minus this, so a page can split a long one.
    pub fn replay_from(&self, t: Time) -> Time {
        let t = t.min(self.head);
        let now = self.world.time();
        let cp = self
            .checkpoints
            .iter()
            .rev()
            .map(|c| c.world.time())
            .find(|&c| c <= t);
        match cp {
            Some(c) if t < now || c > now => c,
            _ => now.min(t),
        }
    }

    /// Shows the world as it was (or will be, up to the head) at `t`.
    pub fn seek(&mut self, t: Time) {
        let t = t.min(self.head);
        let now = self.world.time();
        if t == now {
            return;
        }
        let cp = self
            .checkpoints
            .iter()
            .rev()
            .find(|c| c.world.time() <= t)
            .cloned();
        if let Some(cp) = cp {
            if t < now || cp.world.time() > now {
                self.world = cp.world;
                self.world.marks_on(true);
                self.next = cp.next;
            }
        }
        self.advance_to(t, false);
    }

    /// Goes back to the latest moment before now at which something happened.
    pub fn seek_prev_event(&mut self) {
        let target = self.world.time();
        let Some(cp) = self
            .checkpoints
            .iter()
            .rev()
            .find(|c| c.world.time() < target)
            .cloned()
        else {
            return;
        };
        self.world = cp.world;
        self.world.marks_on(true);
        self.next = cp.next;
        loop {
            let event = self.world.next_time();
            let step = self.steps.get(self.next).map(|s| s.at);
            match [event, step].into_iter().flatten().min() {
                Some(t) if t < target => {
                    self.advance_to(t, false);
                }
                _ => break,
            }
        }
    }

    /// Carries out a user action now. In the past, or with scripted steps still
    /// ahead, this forks: the old future is dropped.
    pub fn act(&mut self, action: Action) -> Result<(), String> {
        let now = self.world.time();
        self.world.perform(&action)?;
        if now < self.head || self.next < self.steps.len() {
            self.steps.truncate(self.next);
            self.checkpoints.retain(|c| c.world.time() <= now);
            self.marks.retain(|m| m.t <= now);
            self.head = now;
            self.forked = true;
        }
        // The action is new on this timeline, and so are its marks.
        for m in self.world.drain_marks() {
            self.marks.push(m);
        }
        self.steps.push(Step {
            at: now,
            kind: StepKind::Act(action),
        });
        self.next = self.steps.len();
        Ok(())
    }

    /// The session as a scenario: setup plus every step on this timeline.
    pub fn to_scenario(&self, title: Text, description: Text) -> Scenario {
        Scenario {
            title,
            description,
            setup: self.setup.clone(),
            steps: self.steps.clone(),
            expect_violation: None,
        }
    }
}
