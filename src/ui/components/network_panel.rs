//! The network: loss, latency, each link's state (one-way cuts too), and
//! partition presets.

use super::on_click;
use crate::raft::NodeId;
use crate::sim::config::{ClusterConfig, Settings, MS};
use crate::sim::network::LinkState;
use crate::text::Lang;
use crate::ui::i18n::{fill, T};
use crate::ui::state::{Action, LinkChoice};
use crate::ui::view::LinkView;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NetworkProps {
    pub config: ClusterConfig,
    pub links: Vec<LinkView>,
    pub selected: Option<NodeId>,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

#[component]
pub fn NetworkPanel(p: &NetworkProps) -> Html {
    let lang = p.lang;
    let cb = &p.on_action;
    let act = |a: Action| on_click(cb, a);
    let on_loss = {
        let cb = cb.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().parse::<u32>() {
                cb.emit(Action::Set(Settings {
                    loss: Some((f64::from(v) / 100.0).min(1.0)),
                    ..Settings::default()
                }));
            }
        })
    };
    let (lo, hi) = p.config.latency;
    let on_latency = |low: bool| {
        let cb = cb.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            match input.value().trim().parse::<u64>() {
                Ok(v) if v <= 5_000 => {
                    let v = v * MS;
                    let (a, b) = if low { (v, hi.max(v)) } else { (lo.min(v), v) };
                    cb.emit(Action::Set(Settings {
                        latency: Some((a, b)),
                        ..Settings::default()
                    }));
                }
                _ => {
                    let got: String = input.value().chars().take(20).collect();
                    cb.emit(Action::Error(fill(T::ErrLatency.get(lang), &[&got])))
                }
            }
        })
    };
    let link_rows = p.links.iter().map(|l| {
        let (a, b) = (l.a, l.b);
        let value = match l.state {
            LinkState::Up => "up".to_string(),
            LinkState::Cut => "cut".to_string(),
            LinkState::OneWay { from, to } => format!("{from}>{to}"),
        };
        let onchange = {
            let cb = cb.clone();
            Callback::from(move |e: Event| {
                let sel: HtmlSelectElement = e.target_unchecked_into();
                let choice = match sel.value().as_str() {
                    "up" => LinkChoice::Up,
                    "cut" => LinkChoice::Cut,
                    v => match v.split_once('>').and_then(|(f, t)| Some((f.parse().ok()?, t.parse().ok()?))) {
                        Some((f, t)) => LinkChoice::Only(f, t),
                        None => LinkChoice::Up,
                    },
                };
                cb.emit(Action::SetLink(a, b, choice));
            })
        };
        html! {
            <label class="link-row" key={format!("{a}-{b}")}>
                <span>{ format!("S{a}–S{b}") }</span>
                <select {onchange} data-testid="link-select" data-a={a.to_string()} data-b={b.to_string()}>
                    <option value="up" selected={value == "up"}>{ T::LinkUp.get(lang) }</option>
                    <option value="cut" selected={value == "cut"}>{ T::LinkCut.get(lang) }</option>
                    <option value={format!("{a}>{b}")} selected={value == format!("{a}>{b}")}>{ format!("{} S{a}→S{b}", T::OnlyDirection.get(lang)) }</option>
                    <option value={format!("{b}>{a}")} selected={value == format!("{b}>{a}")}>{ format!("{} S{b}→S{a}", T::OnlyDirection.get(lang)) }</option>
                </select>
            </label>
        }
    });
    html! {
        <section class="panel network" aria-label={T::Network.get(lang)}>
            <h2>{ T::Network.get(lang) }</h2>
            <div class="buttons">
                <button data-testid="isolate-selected" disabled={p.selected.is_none()}
                        onclick={act(Action::Isolate(p.selected.unwrap_or(1)))}>
                    { match p.selected { Some(s) => format!("{} S{s}", T::Isolate.get(lang)), None => T::Isolate.get(lang).to_string() } }
                </button>
                <button data-testid="split" onclick={act(Action::Split)}>{ T::Split.get(lang) }</button>
                <button data-testid="heal-all" onclick={act(Action::HealAll)}>{ T::HealAll.get(lang) }</button>
            </div>
            <label class="row">
                <span>{ format!("{} {}%", T::Loss.get(lang), (p.config.loss * 100.0).round() as u32) }</span>
                <input type="range" min="0" max="50" step="1" value={((p.config.loss * 100.0).round() as u32).to_string()}
                       onchange={on_loss} data-testid="loss" aria-label={T::Loss.get(lang)} />
            </label>
            <label class="row">
                <span>{ T::Latency.get(lang) }</span>
                <input type="number" min="0" max="5000" value={(lo / MS).to_string()} onchange={on_latency(true)}
                       data-testid="latency-min" aria-label={format!("{} {}", T::Latency.get(lang), T::Lowest.get(lang))} />
                { "–" }
                <input type="number" min="0" max="5000" value={(hi / MS).to_string()} onchange={on_latency(false)}
                       data-testid="latency-max" aria-label={format!("{} {}", T::Latency.get(lang), T::Highest.get(lang))} />
            </label>
            <details>
                <summary>{ T::Links.get(lang) }</summary>
                <div class="link-grid">{ for link_rows }</div>
            </details>
        </section>
    }
}
