//! Raft Lab: a Raft core (`raft`), the simulated world around it (`sim`), the
//! page that draws it (`ui`), and every text a reader meets, per language (`text`).

pub mod raft;
pub mod sim;
pub mod text;
pub mod ui;
pub mod zab;
