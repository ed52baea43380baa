//! What the timeline ([`Timeline`](super::history::Timeline)) and the headless
//! runner need of a world, so that one of each drives Raft's [`World`] and
//! ZAB's [`ZabWorld`] alike: the same steps, the same actions, the same seed.

use super::config::Protocol;
use super::feed::Mark;
use super::invariants::{Counts, Violation};
use super::json::Json;
use super::scenario::Expect;
use super::world::{Action, Setup, World};
use super::zab_world::ZabWorld;
use crate::raft::Time;

/// A simulated cluster of either protocol.
pub trait SimWorld: Clone + std::fmt::Debug + Sized {
    /// Builds the world at time zero and starts every server.
    fn build(setup: &Setup) -> Result<Self, String>;
    fn protocol(&self) -> Protocol;
    fn time(&self) -> Time;
    /// Time of the next event that will do something, if any.
    fn next_time(&mut self) -> Option<Time>;
    /// Processes every event up to and including `t`.
    fn run_to(&mut self, t: Time);
    /// Carries out an action now.
    fn perform(&mut self, action: &Action) -> Result<(), String>;
    fn marks_on(&mut self, on: bool);
    fn drain_marks(&mut self) -> Vec<Mark>;
    fn bytes(&self) -> usize;
    /// The snapshot of DESIGN.md (`raftlab run`'s lines).
    fn snapshot(&self) -> Json;
    /// Checks an `expect` step.
    fn check(&self, e: &Expect) -> Result<(), String>;
    fn found(&self) -> &[Violation];
    fn tally(&self) -> Counts;
}

impl SimWorld for World {
    fn build(setup: &Setup) -> Result<Self, String> {
        World::new(setup)
    }
    fn protocol(&self) -> Protocol {
        Protocol::Raft
    }
    fn time(&self) -> Time {
        self.now()
    }
    fn next_time(&mut self) -> Option<Time> {
        self.next_event_time()
    }
    fn run_to(&mut self, t: Time) {
        self.advance_to(t)
    }
    fn perform(&mut self, action: &Action) -> Result<(), String> {
        self.act(action)
    }
    fn marks_on(&mut self, on: bool) {
        self.record_marks(on)
    }
    fn drain_marks(&mut self) -> Vec<Mark> {
        self.take_marks()
    }
    fn bytes(&self) -> usize {
        self.approx_bytes()
    }
    fn snapshot(&self) -> Json {
        super::runner::snapshot(self)
    }
    fn check(&self, e: &Expect) -> Result<(), String> {
        super::runner::expect(self, e)
    }
    fn found(&self) -> &[Violation] {
        self.checker().violations()
    }
    fn tally(&self) -> Counts {
        self.checker().counts()
    }
}

impl SimWorld for ZabWorld {
    fn build(setup: &Setup) -> Result<Self, String> {
        ZabWorld::new(setup)
    }
    fn protocol(&self) -> Protocol {
        Protocol::Zab
    }
    fn time(&self) -> Time {
        self.now()
    }
    fn next_time(&mut self) -> Option<Time> {
        self.next_event_time()
    }
    fn run_to(&mut self, t: Time) {
        self.advance_to(t)
    }
    fn perform(&mut self, action: &Action) -> Result<(), String> {
        self.act(action)
    }
    fn marks_on(&mut self, on: bool) {
        self.record_marks(on)
    }
    fn drain_marks(&mut self) -> Vec<Mark> {
        self.take_marks()
    }
    fn bytes(&self) -> usize {
        self.approx_bytes()
    }
    fn snapshot(&self) -> Json {
        super::zab_runner::snapshot(self)
    }
    fn check(&self, e: &Expect) -> Result<(), String> {
        super::zab_runner::expect(self, e)
    }
    fn found(&self) -> &[Violation] {
        self.violations()
    }
    fn tally(&self) -> Counts {
        self.counts()
    }
}
