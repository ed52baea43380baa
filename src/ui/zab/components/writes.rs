//! Client writes: one box, sent to both clusters; each cluster's answer listed
//! (ZAB: the write's zxid; Raft: its log index).

use super::super::text::zt;
use super::super::view::ZabWriteView;
use crate::text::Lang;
use crate::ui::components::write_panel::{on_send_write, status_text};
use crate::ui::i18n::T;
use crate::ui::state::Action;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WritesProps {
    pub zab: Rc<Vec<ZabWriteView>>,
    pub raft: Option<Rc<Vec<ZabWriteView>>>,
    pub focus: u64,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

fn list(protocol: &'static str, title: &str, ws: &[ZabWriteView], lang: Lang) -> Html {
    html! {
        <div class="write-side" data-protocol={protocol}>
            <h3>{ title.to_string() }</h3>
            <ul class="write-list">
                { for ws.iter().map(|w| html! {
                    <li data-testid="write" data-protocol={protocol} data-status={w.status.name()} class={format!("write {}", w.status.name())}>
                        <code>{ w.value.clone() }</code>
                        <span class="status">{ status_text(w.status, lang) }</span>
                        if let Some(at) = &w.place { <span class="index">{ at.clone() }</span> }
                    </li>
                }) }
            </ul>
        </div>
    }
}

#[component]
pub fn Writes(p: &WritesProps) -> Html {
    let lang = p.lang;
    let t = zt(lang);
    let input = use_node_ref();
    let counter = use_state(|| 1u32);
    {
        let input = input.clone();
        use_effect_with(p.focus, move |f| {
            if *f > 0 {
                if let Some(el) = input.cast::<HtmlInputElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    let submit = on_send_write(input.clone(), counter, p.on_action.clone());
    html! {
        <section class="panel writes" aria-label={T::ClientWrite.get(lang)}>
            <h2>{ T::ClientWrite.get(lang) }</h2>
            <form class="write-form">
                <input data-testid="write-value" ref={input} type="text" maxlength="200"
                       placeholder={T::WritePlaceholder.get(lang)} aria-label={T::ClientWrite.get(lang)}
                       autocomplete="off" spellcheck="false" />
                <button data-testid="write-submit" type="submit" onclick={submit}>{ T::Send.get(lang) }</button>
            </form>
            if p.zab.is_empty() {
                <p class="hint">{ T::NoWrites.get(lang) }</p>
            } else {
                <div class="write-cols">
                    if let Some(r) = &p.raft { { list("raft", t.writes_raft, r, lang) } }
                    { list("zab", t.writes_zab, &p.zab, lang) }
                </div>
            }
        </section>
    }
}
