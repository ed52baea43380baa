//! The clients (issue 11): which client acts and at which server, its writes
//! (`k=v` puts, `k+=v` appends) with their status, its reads in one of three
//! modes, and a retry of its unanswered write.

use super::write_panel::{on_send_write, status_text};
use crate::raft::NodeId;
use crate::sim::client::ReadMode;
use crate::text::Lang;
use crate::ui::i18n::{fill, T};
use crate::ui::reads::{mode_hint, mode_text};
use crate::ui::state::Action;
use crate::ui::view::WriteView;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClientPanelProps {
    pub writes: Rc<Vec<WriteView>>,
    /// Servers in all.
    pub n: u8,
    /// Where writes and reads go: `None` for the leader.
    pub to: Option<NodeId>,
    /// The client acting, and how many there are.
    pub client: u8,
    pub clients: u8,
    /// Whether the client's latest write has no answer yet.
    pub can_retry: bool,
    /// Bumped to take keyboard focus (the `C` key).
    pub focus: u64,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

/// A select whose value is parsed and sent as an action.
fn on_select<T: std::str::FromStr + 'static>(
    cb: &Callback<Action>,
    make: impl Fn(Option<T>) -> Option<Action> + 'static,
) -> Callback<Event> {
    let cb = cb.clone();
    Callback::from(move |e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        if let Some(a) = make(sel.value().parse::<T>().ok()) {
            cb.emit(a);
        }
    })
}

#[component]
pub fn ClientPanel(p: &ClientPanelProps) -> Html {
    let lang = p.lang;
    let input = use_node_ref();
    let key = use_node_ref();
    let counter = use_state(|| 1u32);
    let mode = use_state(|| ReadMode::ReadIndex);
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
    let on_to = on_select::<NodeId>(&p.on_action, |v| Some(Action::SetWriteTarget(v)));
    let on_client = on_select::<u8>(&p.on_action, |v| v.map(Action::SetClient));
    let on_mode = {
        let mode = mode.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Some(m) = ReadMode::parse(&sel.value()) {
                mode.set(m);
            }
        })
    };
    // On the button's click, not the form's submit (see `on_send_write`); an
    // empty box reads `x`.
    let read = {
        let cb = p.on_action.clone();
        let key = key.clone();
        let mode = *mode;
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            if let Some(el) = key.cast::<HtmlInputElement>() {
                let k = el.value();
                let k = if k.trim().is_empty() {
                    "x".to_string()
                } else {
                    k
                };
                cb.emit(Action::Read(k, mode));
            }
        })
    };
    let retry = {
        let cb = p.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Action::Retry))
    };
    let label = T::ClientLabel.get(lang);
    html! {
        <section class="panel writes clients" aria-label={T::Clients.get(lang)}>
            <h2>{ T::Clients.get(lang) }</h2>
            <div class="row who">
                <label class="pair">
                    <span>{ label }</span>
                    <select data-testid="client-select" onchange={on_client}>
                        { for (1..=p.clients.max(1)).map(|c| html! {
                            <option value={c.to_string()} selected={p.client == c}>{ fill(T::ClientN.get(lang), &[&c.to_string()]) }</option>
                        }) }
                    </select>
                </label>
                <select onchange={on_to} aria-label={T::SendTo.get(lang)} data-testid="client-target">
                    <option value="" selected={p.to.is_none()}>{ T::ToLeader.get(lang) }</option>
                    { for (1..=p.n).map(|i| html! {
                        <option value={i.to_string()} selected={p.to == Some(i)}>{ format!("{} S{i}", T::SendTo.get(lang)) }</option>
                    }) }
                </select>
            </div>
            <form class="write-form">
                <input data-testid="write-value" ref={input} type="text" maxlength="200"
                       placeholder={T::WritePlaceholder.get(lang)} aria-label={T::ClientWrite.get(lang)}
                       autocomplete="off" spellcheck="false" />
                <button data-testid="write-submit" type="submit" onclick={submit}>{ T::Send.get(lang) }</button>
                <button data-testid="op-retry" type="button" onclick={retry} disabled={!p.can_retry}
                        title={T::RetryHint.get(lang)}>{ T::Retry.get(lang) }</button>
            </form>
            <form class="write-form read-form">
                <input data-testid="read-key" ref={key} type="text" maxlength="100" placeholder="x"
                       aria-label={T::ReadKey.get(lang)} autocomplete="off" spellcheck="false" />
                <select data-testid="read-mode" aria-label={T::ReadMode.get(lang)} onchange={on_mode}
                        aria-describedby="read-mode-hint">
                    { for ReadMode::ALL.iter().map(|m| html! {
                        <option value={m.name()} selected={*mode == *m} title={mode_hint(*m, lang)}>{ mode_text(*m, lang) }</option>
                    }) }
                </select>
                <button data-testid="read-submit" type="submit" onclick={read}>{ T::Read.get(lang) }</button>
            </form>
            <p class="hint mode-hint" id="read-mode-hint">{ mode_hint(*mode, lang) }</p>
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
