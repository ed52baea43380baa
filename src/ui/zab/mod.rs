//! The ZAB page (its own wasm, `src/zab_main.rs`): ZooKeeper's protocol alone
//! or beside Raft. It reuses the Raft page's components for the Raft side and
//! the shared controls, and keeps its own texts (`text`) out of the Raft page.

pub mod app;
pub mod components;
pub mod state;
pub mod text;
pub mod view;

pub use app::ZabApp;
