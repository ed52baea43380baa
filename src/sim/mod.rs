//! The world around the Raft core: clock, network, faults, clients, invariant
//! checks, history and scenarios. No web crates: it runs natively and in wasm.

pub mod client;
pub mod config;
pub mod feed;
pub mod fuzz;
pub mod history;
pub mod invariants;
pub mod json;
pub mod narrate;
pub mod network;
pub mod rng;
pub mod runner;
pub mod scenario;
pub mod strmap;
pub mod world;

pub use client::{Write, WriteStatus};
pub use config::{ClusterConfig, Settings, MS};
pub use feed::{Event, FeedItem, Mark, MarkKind};
pub use invariants::{Invariant, Violation};
pub use network::{InFlight, LinkState};
pub use world::{Action, InitNode, Member, Server, Setup, TimerMode, World};
