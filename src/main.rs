//! The page entry: mounts the app (wasm only).

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<raft_lab::ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "raft-lab-page is the web page: build it with `trunk build --release` (see README.md)"
    );
}
