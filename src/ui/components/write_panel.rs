//! Client writes: type `key=value`, send it to the leader or to a chosen server,
//! and watch its status (pending, acknowledged, unknown) and log index.

use crate::raft::NodeId;
use crate::sim::WriteStatus;
use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::state::Action;
use crate::ui::view::WriteView;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WritePanelProps {
    pub writes: Rc<Vec<WriteView>>,
    pub n: u8,
    pub to: Option<NodeId>,
    /// Bumped to take keyboard focus (the `C` key).
    pub focus: u64,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

pub fn status_text(s: WriteStatus, lang: Lang) -> &'static str {
    match s {
        WriteStatus::Pending => T::Pending.get(lang),
        WriteStatus::Acked => T::Acked.get(lang),
        WriteStatus::Unknown => T::Unknown.get(lang),
    }
}

/// Sends what the box holds as a write and empties it; an empty box sends a
/// fresh example write (`x=1`, `x=2`, …). On the button's click (Enter in the
/// box clicks it too), not on the form's submit: a sandboxed frame without
/// allow-forms never submits.
pub fn on_send_write(
    input: NodeRef,
    counter: UseStateHandle<u32>,
    cb: Callback<Action>,
) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        if let Some(el) = input.cast::<HtmlInputElement>() {
            let v = el.value();
            if v.trim().is_empty() {
                let n = *counter;
                counter.set(n + 1);
                cb.emit(Action::Write(format!("x={n}")));
            } else {
                cb.emit(Action::Write(v));
                el.set_value("");
            }
        }
    })
}

#[component]
pub fn WritePanel(p: &WritePanelProps) -> Html {
    let lang = p.lang;
    let input = use_node_ref();
    let counter = use_state(|| 1u32);
    {
        let input = input.clone();
        use_effect_with(p.focus, move |f| {
            if *f > 0 {
                if let Some(el) = input.cast::<HtmlInputElement>() {
                    let _ = el.focus();
                    el.select();
                }
            }
        });
    }
    let submit = on_send_write(input.clone(), counter, p.on_action.clone());
    let on_to = {
        let cb = p.on_action.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            cb.emit(Action::SetWriteTarget(sel.value().parse::<NodeId>().ok()));
        })
    };
    html! {
        <section class="panel writes" aria-label={T::ClientWrite.get(lang)}>
            <h2>{ T::ClientWrite.get(lang) }</h2>
            <form class="write-form">
                <input data-testid="write-value" ref={input} type="text" maxlength="200"
                       placeholder={T::WritePlaceholder.get(lang)} aria-label={T::ClientWrite.get(lang)}
                       autocomplete="off" spellcheck="false" />
                <select onchange={on_to} aria-label={T::SendTo.get(lang)}>
                    <option value="" selected={p.to.is_none()}>{ T::ToLeader.get(lang) }</option>
                    { for (1..=p.n).map(|i| html! {
                        <option value={i.to_string()} selected={p.to == Some(i)}>{ format!("{} S{i}", T::SendTo.get(lang)) }</option>
                    }) }
                </select>
                <button data-testid="write-submit" type="submit" onclick={submit}>{ T::Send.get(lang) }</button>
            </form>
            if p.writes.is_empty() {
                <p class="hint">{ T::NoWrites.get(lang) }</p>
            }
            <ul class="write-list">
                { for p.writes.iter().map(|w| html! {
                    <li data-testid="write" data-status={w.status.name()} class={format!("write {}", w.status.name())}>
                        <code>{ w.value.clone() }</code>
                        <span class="status">{ status_text(w.status, lang) }</span>
                        if let Some(i) = w.index {
                            <span class="index">{ format!("{} {i}", T::Index.get(lang)) }</span>
                        }
                    </li>
                }) }
            </ul>
        </section>
    }
}
