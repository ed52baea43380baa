//! The clients' history (issue 11), as Porcupine draws it: one lane per
//! client, each operation a bar from its call to its answer (open when there
//! is none), the faults on the same time axis, and — when the check fails —
//! the operations no order can explain, marked. Hovering or focusing an
//! operation says what the key held before and after it.

use super::class_list;
use crate::text::Lang;
use crate::ui::i18n::{fill, T};
use crate::ui::reads::HistoryView;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HistoryPanelProps {
    /// Rebuilt only when the history changes (see `reads::history_signature`).
    pub view: Rc<HistoryView>,
    pub lang: Lang,
}

/// Tenths of a percent as a CSS length.
fn pct(x: u32) -> String {
    format!("{}.{}%", x / 10, x % 10)
}

#[component]
pub fn HistoryPanel(p: &HistoryPanelProps) -> Html {
    let lang = p.lang;
    let v = &p.view;
    // The operation hovered or focused last (its index in the world's history).
    let shown = use_state(|| None::<u32>);
    let detail = shown
        .and_then(|op| v.ops.iter().find(|o| o.op == op))
        .map(|o| o.detail.clone());
    // One listener for all operations: the one under the pointer or focus
    // (or tapped) is found by its `data-op`.
    let show = {
        let shown = shown.clone();
        Callback::from(move |e: Event| {
            let op = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|el| el.closest("[data-op]").ok().flatten())
                .and_then(|el| el.get_attribute("data-op"))
                .and_then(|v| v.parse::<u32>().ok());
            if op.is_some() {
                shown.set(op);
            }
        })
    };
    let lanes = v.lanes.iter().enumerate().map(|(i, &rows)| {
        let client = i as u8 + 1;
        let ops = v.ops.iter().filter(|o| o.client == client).map(|o| {
            let width = match o.to {
                Some(to) => format!("width:{}", pct(to - o.from)),
                None => "right:0".to_string(),
            };
            let class = class_list(&[
                "op",
                o.kind.name(),
                o.status.name(),
                if o.to.is_none() { "open" } else { "" },
                if o.unorderable { "unorderable" } else { "" },
            ]);
            html! {
                <button key={o.op} class={class} type="button"
                        data-testid="op" data-client={client.to_string()} data-kind={o.kind.name()}
                        data-status={o.status.name()} data-op={o.op.to_string()}
                        data-unorderable={o.unorderable.to_string()}
                        style={format!("left:{};{width};--row:{}", pct(o.from), o.row)}
                        aria-label={o.detail.clone()}>
                    if o.unorderable { <span class="bang" aria-hidden="true">{ "!" }</span> }
                    { o.label.clone() }
                </button>
            }
        });
        html! {
            <div class="lane" style={format!("--rows:{rows}")} data-testid="history-lane" data-client={client.to_string()}>
                <span class="who" title={fill(T::ClientN.get(lang), &[&client.to_string()])}>{ format!("C{client}") }</span>
                <div class="track">{ for ops }</div>
            </div>
        }
    });
    let marks = v.marks.iter().map(|m| {
        html! {
            <span class={class_list(&["hmark", m.class])} style={format!("--x:{}", m.at)} title={m.title.clone()}
                  role="img" aria-label={m.title.clone()}>
                <span class="sym">{ m.symbol.clone() }</span>
            </span>
        }
    });
    let ticks = v.ticks.iter().map(|(at, label)| {
        html! { <span class="tick" style={format!("--x:{at}")}>{ label.clone() }</span> }
    });
    html! {
        <section class="panel history" data-testid="history-panel" aria-label={T::History.get(lang)}>
            <h2>{ T::History.get(lang) }</h2>
            if let Some(b) = &v.broken {
                <p class="broken" data-testid="history-broken">
                    <span class="mark" aria-hidden="true">{ "✗ " }</span>{ b.clone() }
                </p>
            }
            if v.ops.is_empty() {
                <p class="hint">{ T::NoOps.get(lang) }</p>
            } else {
                <div class="hist" onmouseover={show.reform(|e: MouseEvent| e.into())}
                     onfocusin={show.reform(|e: FocusEvent| e.into())} onclick={show.reform(|e: MouseEvent| e.into())}>
                    <div class="hmarks">{ for marks }</div>
                    { for lanes }
                    <div class="axis" aria-hidden="true">{ for ticks }<span class="unit">{ "ms" }</span></div>
                </div>
                <p class="hint op-detail" data-testid="op-detail">{ detail.unwrap_or_else(|| T::HistoryHint.get(lang).to_string()) }</p>
            }
        </section>
    }
}
