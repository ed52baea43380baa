//! The page (Yew). It reads small snapshots of the world and sends actions; it
//! never owns Raft logic.

pub mod app;
pub mod browser;
pub mod components;
pub mod hooks;
pub mod i18n;
pub mod loader;
pub mod num;
pub mod params;
pub mod reads;
pub mod share;
pub mod state;
pub mod view;
pub mod zab;

pub use app::App;
