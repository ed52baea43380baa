//! The selected server in full (both zxid forms, its vote, the votes it has
//! received) and what can be done to it; with the cluster-wide fault presets.

use super::super::text::zt;
use super::super::view::{vote_text, ZabServerView};
use super::server::{phase_text, role_text};
use crate::text::Lang;
use crate::ui::components::on_click;
use crate::ui::state::Action;
use yew::prelude::*;

#[derive(PartialEq)]
pub struct DetailsProps {
    /// The selected server as ZAB sees it.
    pub server: Option<ZabServerView>,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

/// A view function: its server changes nearly every frame.
pub fn details(p: &DetailsProps) -> Html {
    let t = zt(p.lang);
    let act = |a: Action| on_click(&p.on_action, a);
    let faults = html! {
        <div class="buttons faults" role="group" aria-label={t.network}>
            <button data-testid="split" onclick={act(Action::Split)}>{ t.split }</button>
            <button data-testid="heal-all" onclick={act(Action::HealAll)}>{ t.heal_all }</button>
            <button data-testid="restart-all" onclick={act(Action::ResumeAll)}>{ t.restart_all }</button>
        </div>
    };
    let Some(s) = &p.server else {
        return html! {
            <section class="panel zab-details" data-testid="details">
                <h2>{ t.server }</h2>
                <p class="hint">{ t.pick_server }</p>
                { faults }
            </section>
        };
    };
    let id = s.id;
    let row = |k: &str, v: String| html! { <><dt>{ k.to_string() }</dt><dd>{ v }</dd></> };
    html! {
        <section class="panel zab-details" data-testid="details" data-node={id.to_string()}>
            <h2>{ format!("S{id} · {}", role_text(s, t)) }</h2>
            <div class="buttons">
                if s.alive {
                    <button data-testid="crash-node" class="danger" onclick={act(Action::Crash(id))}>{ format!("{} S{id}", t.crash) }</button>
                } else {
                    <button data-testid="restart-node" onclick={act(Action::Restart(id))}>{ format!("{} S{id}", t.restart) }</button>
                }
                <button data-testid="isolate-node" onclick={act(Action::Isolate(id))}>{ format!("{} S{id}", t.isolate) }</button>
            </div>
            <dl>
                { row(t.epoch, s.epoch.to_string()) }
                { row(t.accepted_epoch, s.accepted_epoch.to_string()) }
                { row(t.round, s.round.to_string()) }
                { row(t.vote, vote_text(s.vote)) }
                { row(t.phase, phase_text(s.phase, t).to_string()) }
                { row(t.last_zxid, format!("{} = {}", s.last_zxid, s.last_zxid.hex())) }
                { row(t.committed, format!("{} = {}", s.committed, s.committed.hex())) }
                { row(t.leader, s.leader.map_or(t.nobody.to_string(), |l| format!("S{l}"))) }
            </dl>
            if !s.received.is_empty() {
                <h3>{ t.votes_received }</h3>
                <ul class="received" data-testid="votes-received">
                    { for s.received.iter().map(|(from, v, round, state)| html! {
                        <li>{ format!("S{from}: {} · {} {round} · {}", vote_text(*v), t.round, state.name().to_uppercase()) }</li>
                    }) }
                </ul>
            }
            { faults }
        </section>
    }
}
