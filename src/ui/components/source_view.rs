//! The Raft core's source, shown in the page (`?source=node`), so a student can
//! read what runs: the files are copied next to the page by Trunk.

use crate::text::Lang;
use crate::ui::i18n::T;
use yew::prelude::*;

/// The files that may be shown, with a one-line summary.
pub const FILES: [(&str, &str); 6] = [
    (
        "node",
        "node.rs — one server: elections, replication, commit (Figure 2)",
    ),
    ("log", "log.rs — the replicated log"),
    ("message", "message.rs — RequestVote and AppendEntries"),
    ("io", "io.rs — inputs, outputs, roles"),
    (
        "options",
        "options.rs — configuration, options, teaching bugs",
    ),
    ("mod", "mod.rs — the core's interface"),
];

#[derive(Properties, PartialEq)]
pub struct SourceViewProps {
    pub name: String,
    pub lang: Lang,
}

#[component]
pub fn SourceView(p: &SourceViewProps) -> Html {
    let text = use_state(|| None::<Result<String, String>>);
    {
        let text = text.clone();
        let name = p.name.clone();
        use_effect_with(name, move |name| {
            let name = name.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let r = if FILES.iter().any(|(n, _)| *n == name) {
                    crate::ui::browser::fetch_text(&format!("source/{name}.rs")).await
                } else {
                    Err(format!(
                        "no source file \"{}\"",
                        name.chars().take(40).collect::<String>()
                    ))
                };
                text.set(Some(r));
            });
        });
    }
    let lang = p.lang;
    let body = match &*text {
        None => html! { <p class="hint">{ T::Loading.get(lang) }</p> },
        Some(Err(e)) => html! { <p class="error" data-testid="error">{ e.clone() }</p> },
        Some(Ok(src)) => html! {
            <pre class="source"><code>
                { for src.lines().enumerate().map(|(i, l)| html! {
                    <span class="line"><span class="ln">{ i + 1 }</span>{ l.to_string() }{ "\n" }</span>
                }) }
            </code></pre>
        },
    };
    html! {
        <div class="app source-page">
            <nav class="files">
                // This page without a query: "./" would be a folder listing for
                // raftlab.html opened from a disk.
                <a href="?">{ "← " }{ T::AppTitle.get(lang) }</a>
                { for FILES.iter().map(|(n, title)| html! {
                    <a href={format!("?source={n}")} class={(*n == p.name).then_some("current")}>{ *title }</a>
                }) }
            </nav>
            { body }
        </div>
    }
}
