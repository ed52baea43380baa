//! The page entry: mounts the app (wasm only).

#[cfg(target_arch = "wasm32")]
fn main() {
    use raft_lab::ui::browser;
    let (_, lang, _) = browser::initial();
    if lang.ready() {
        yew::Renderer::<raft_lab::ui::App>::new().render();
    } else {
        // Texts fetched when first needed (Chinese; index.html preloads the
        // file): the first frame is drawn in the reader's language. Without
        // them the page starts in English.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = browser::texts_for(lang).await;
            yew::Renderer::<raft_lab::ui::App>::new().render();
        });
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "raft-lab-page is the web page: build it with `trunk build --release` (see README.md)"
    );
}
