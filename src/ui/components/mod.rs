//! One component per file. Props are `PartialEq`; callbacks are `on_*`.

pub mod announcer;
pub mod caption_bar;
pub mod client_panel;
pub mod cluster;
pub mod controls;
pub mod drift;
pub mod errors;
pub mod feed;
pub mod geometry;
pub mod header;
pub mod help;
pub mod history_panel;
pub mod icons;
pub mod inspector;
pub mod invariants;
pub mod legend;
pub mod link;
pub mod log_table;
pub mod message;
pub mod network_panel;
pub mod server;
pub mod server_reads;
pub mod settings;
pub mod share_dialog;
pub mod stage_editor;
pub mod stage_table;
pub mod timeline;
pub mod timeline_marks;
pub mod write_panel;

use crate::ui::state::Action;
use yew::{Callback, MouseEvent};

/// A class attribute from its parts, the empty ones left out. Cheaper than
/// `classes!`, which hashes every part into a set, for every element, every frame.
pub fn class_list(parts: &[&str]) -> String {
    let mut out = String::new();
    for p in parts.iter().filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// A click handler that sends one action.
pub fn on_click(cb: &Callback<Action>, a: Action) -> Callback<MouseEvent> {
    let cb = cb.clone();
    Callback::from(move |_: MouseEvent| cb.emit(a.clone()))
}
