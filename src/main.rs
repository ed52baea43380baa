//! The page entry: mounts the app (wasm only).

#[cfg(target_arch = "wasm32")]
fn main() {
    raft_lab::ui::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "raft-lab-page is the web page: build it with `trunk build --release` (see README.md)"
    );
}
