//! "Share" (a link that replays this session) and "Embed" (an iframe snippet).

use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::state::Action;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareDialogProps {
    pub title: &'static str,
    pub hint: &'static str,
    /// The text to copy (a URL or an HTML snippet).
    pub text: String,
    pub testid: &'static str,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

#[component]
pub fn ShareDialog(p: &ShareDialogProps) -> Html {
    let lang = p.lang;
    let area = use_node_ref();
    let copied = use_state(|| false);
    let copy = {
        let area = area.clone();
        let copied = copied.clone();
        let text = p.text.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = area.cast::<HtmlTextAreaElement>() {
                el.select();
            }
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&text);
            }
            copied.set(true);
        })
    };
    let close = {
        let cb = p.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Action::CloseDialog))
    };
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-label={p.title}>
            <div class="dialog">
                <h2>{ p.title }</h2>
                <p class="hint">{ p.hint }</p>
                <textarea ref={area} readonly=true rows="4" aria-label={p.title} data-testid={p.testid} value={p.text.clone()} />
                <div class="buttons">
                    <button onclick={copy} class="primary">{ if *copied { T::Copied.get(lang) } else { T::Copy.get(lang) } }</button>
                    <button onclick={close}>{ T::Close.get(lang) }</button>
                </div>
            </div>
        </div>
    }
}
