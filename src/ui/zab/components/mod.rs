//! The ZAB page's components, one per file; the Raft ones are reused for the
//! Raft side and for the shared controls.

pub mod cluster;
pub mod details;
pub mod header;
pub mod history;
pub mod legend;
pub mod message;
pub mod server;
pub mod why;
pub mod writes;
