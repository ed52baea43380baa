//! The page (Yew). It reads small snapshots of the world and sends actions; it
//! never owns Raft logic.

pub mod app;
pub mod browser;
pub mod components;
// Native only: Yew's server renderer is not in the page's wasm.
#[cfg(not(target_arch = "wasm32"))]
pub mod first_frame;
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
