//! The ZAB page's entry (wasm only): ZooKeeper's protocol alone (`?protocol=zab`)
//! or beside Raft (`?compare=1`). A wasm of its own, so the Raft page carries
//! none of it.

#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<raft_lab::ui::zab::ZabApp>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("raft-lab-zab is the ZAB web page: build it with `trunk build --release zab.html` (see .ci/build)");
}
