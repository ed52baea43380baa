//! "Why": who won each election and why, and how logs are repaired, for Raft
//! and ZAB side by side, live.

use super::super::text::zt;
use super::super::view::{vote_text, RaftWhy, ZabWhy};
use crate::text::Lang;
use crate::ui::i18n::fill;
use crate::ui::num::ms1;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WhyProps {
    pub raft: Option<RaftWhy>,
    pub zab: ZabWhy,
    pub lang: Lang,
}

#[component]
pub fn WhyPanel(p: &WhyProps) -> Html {
    let t = zt(p.lang);
    let z = &p.zab;
    let zab_won = match z.leader {
        Some((l, e, v)) => fill(t.zab_won, &[&l.to_string(), &e.to_string(), &vote_text(v)]),
        None => fill(t.zab_none, &[&z.round.to_string()]),
    };
    let zab_rank = z
        .ranking
        .iter()
        .map(|(id, e, zx)| format!("(e{e}, {zx}, S{id})"))
        .collect::<Vec<_>>()
        .join(" > ");
    let syncs = if z.syncs.is_empty() {
        html! { <p class="hint">{ t.no_sync_yet }</p> }
    } else {
        html! {
            <ul class="syncs" data-testid="syncs">
                { for z.syncs.iter().map(|(at, l, to, how, zx)| html! {
                    <li><time>{ ms1(*at) }</time>{ format!(" S{l} → S{to}: {} {zx} ({})", how.name().to_uppercase(), zx.hex()) }</li>
                }) }
            </ul>
        }
    };
    let raft = p.raft.as_ref().map(|r| {
        let won = match r.leader {
            Some((l, term, lt, li)) => fill(
                t.raft_won,
                &[
                    &l.to_string(),
                    &term.to_string(),
                    &lt.to_string(),
                    &li.to_string(),
                ],
            ),
            None => t.raft_none.to_string(),
        };
        let rank = r
            .ranking
            .iter()
            .map(|(id, lt, li)| format!("S{id} ({lt}, {li})"))
            .collect::<Vec<_>>()
            .join(" · ");
        html! {
            <div class="why-side" data-protocol="raft">
                <h3>{ "Raft" }</h3>
                <p data-testid="why-election" data-protocol="raft">{ won }</p>
                <p class="rank"><span>{ t.raft_ranking }</span>{ " " }<code>{ rank }</code></p>
                <h4>{ t.repair }</h4>
                <p>{ t.raft_repair }</p>
            </div>
        }
    });
    html! {
        <section class="panel why" data-testid="why" aria-label={t.who_won}>
            <h2>{ t.who_won }</h2>
            <div class="why-cols">
                { for raft }
                <div class="why-side" data-protocol="zab">
                    <h3>{ "ZAB" }</h3>
                    <p data-testid="why-election" data-protocol="zab">{ zab_won }</p>
                    <p class="rank"><span>{ t.zab_ranking }</span>{ " " }<code>{ zab_rank }</code></p>
                    <p class="hint">{ t.tie_note }</p>
                    <h4>{ t.repair }</h4>
                    <p>{ t.zab_repair }</p>
                    { syncs }
                </div>
            </div>
        </section>
    }
}
