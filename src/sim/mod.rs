//! The world around the Raft core (and ZAB's, `zab_*`): clock, network, faults, clients, invariant
//! checks, history and scenarios. No web crates: it runs natively and in wasm.

pub mod client;
pub mod config;
pub mod feed;
pub mod fuzz;
pub mod history;
pub mod invariants;
pub mod json;
pub mod lincheck;
pub mod narrate;
pub mod network;
pub mod protocol;
pub mod rng;
pub mod runner;
pub mod scenario;
pub mod strmap;
pub mod world;
pub mod zab_fuzz;
pub mod zab_invariants;
pub mod zab_narrate;
pub mod zab_runner;
pub mod zab_world;

pub use client::{Write, WriteStatus};
pub use config::{ClusterConfig, Protocol, Settings, MS};
pub use feed::{Event, FeedItem, Mark, MarkKind};
pub use invariants::{Invariant, Violation};
pub use network::{InFlight, LinkState};
pub use world::{Action, InitNode, Member, Server, Setup, TimerMode, World};
