//! Raft Lab: a Raft core (`raft`), the simulated world around it (`sim`), and
//! the page that draws it (`ui`).

pub mod raft;
pub mod sim;
pub mod ui;
