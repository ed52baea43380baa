//! The selected server in detail, and what can be done to it.

use super::on_click;
use crate::raft::{NodeId, Role, Time};
use crate::sim::world::World;
use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::state::Action;
use crate::ui::view::ms_text;
use yew::prelude::*;

/// What the inspector shows about one server.
#[derive(Clone, Debug, PartialEq)]
pub struct InspectorView {
    pub id: NodeId,
    pub alive: bool,
    pub role: Role,
    pub term: u64,
    pub voted_for: Option<NodeId>,
    pub commit: u64,
    pub applied: u64,
    pub leader_id: Option<NodeId>,
    /// Time until the election timer fires.
    pub timer_in: Option<Time>,
    /// For a leader: (follower, nextIndex, matchIndex).
    pub followers: Vec<(NodeId, u64, u64)>,
    pub kv: Vec<(String, String)>,
}

pub fn inspect(world: &World, id: NodeId) -> Option<InspectorView> {
    if id == 0 || id > world.size() {
        return None;
    }
    let s = world.server(id);
    let n = &s.node;
    let now = world.now();
    let followers = if s.alive && n.role() == Role::Leader {
        (1..=world.size())
            .filter(|&f| f != id)
            .map(|f| (f, n.next_index(f), n.match_index(f)))
            .collect()
    } else {
        vec![]
    };
    Some(InspectorView {
        id,
        alive: s.alive,
        role: n.role(),
        term: n.current_term(),
        voted_for: n.voted_for(),
        commit: n.commit_index(),
        applied: n.last_applied(),
        leader_id: n.leader_id(),
        timer_in: s
            .election
            .armed
            .filter(|_| s.alive)
            .map(|(_, end)| end.saturating_sub(now)),
        followers,
        kv: s.kv.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
    })
}

#[derive(PartialEq)]
pub struct InspectorProps {
    pub view: Option<InspectorView>,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

/// A view function, not a component: the selected server's timer changes every frame.
pub fn inspector(p: &InspectorProps) -> Html {
    let lang = p.lang;
    let act = |a: Action| on_click(&p.on_action, a);
    let Some(v) = &p.view else {
        return html! {
            <section class="panel inspector" aria-label={T::Inspector.get(lang)}>
                <h2>{ T::Inspector.get(lang) }</h2>
                <p class="hint">{ T::NoSelection.get(lang) }</p>
                <div class="buttons">
                    <button data-testid="crash-node" disabled=true>{ T::Crash.get(lang) }</button>
                    <button data-testid="restart-node" disabled=true>{ T::Restart.get(lang) }</button>
                    <button data-testid="timeout-node" disabled=true>{ T::ForceTimeout.get(lang) }</button>
                </div>
            </section>
        };
    };
    let id = v.id;
    let role = if !v.alive {
        T::Down.get(lang)
    } else {
        match v.role {
            Role::Leader => T::Leader.get(lang),
            Role::Follower => T::Follower.get(lang),
            Role::Candidate => T::Candidate.get(lang),
            Role::PreCandidate => T::PreCandidate.get(lang),
        }
    };
    let opt =
        |o: Option<NodeId>| o.map_or_else(|| T::Nobody.get(lang).to_string(), |x| format!("S{x}"));
    html! {
        <section class="panel inspector" aria-label={T::Inspector.get(lang)}>
            <h2>{ format!("{} S{id}", T::Inspector.get(lang)) }</h2>
            <dl class="facts">
                <dt>{ T::Role.get(lang) }</dt><dd>{ role }</dd>
                <dt>{ T::Term.get(lang) }</dt><dd>{ v.term }</dd>
                <dt>{ T::VotedFor.get(lang) }</dt><dd>{ opt(v.voted_for) }</dd>
                <dt>{ T::CommitIndex.get(lang) }</dt><dd>{ v.commit }</dd>
                <dt>{ T::LastApplied.get(lang) }</dt><dd>{ v.applied }</dd>
                <dt>{ T::KnownLeader.get(lang) }</dt><dd>{ opt(v.leader_id) }</dd>
                <dt>{ T::ElectionTimer.get(lang) }</dt>
                <dd>{ match v.timer_in {
                    Some(t) => format!("{} {} ms", T::FiresIn.get(lang), ms_text(t)),
                    None => T::NotRunning.get(lang).to_string(),
                } }</dd>
            </dl>
            <div class="buttons">
                <button data-testid="crash-node" disabled={!v.alive} onclick={act(Action::Crash(id))}>{ T::Crash.get(lang) }</button>
                <button data-testid="restart-node" disabled={v.alive} onclick={act(Action::Restart(id))}>{ T::Restart.get(lang) }</button>
                <button data-testid="timeout-node" disabled={!v.alive || v.role == Role::Leader} onclick={act(Action::Timeout(id))}>{ T::ForceTimeout.get(lang) }</button>
                <button data-testid="isolate-node" onclick={act(Action::Isolate(id))}>{ T::Isolate.get(lang) }</button>
            </div>
            if !v.followers.is_empty() {
                <table class="progress">
                    <thead><tr><th></th><th>{ T::NextIndex.get(lang) }</th><th>{ T::MatchIndex.get(lang) }</th></tr></thead>
                    <tbody>
                        { for v.followers.iter().map(|(f, n, m)| html! {
                            <tr key={*f as u32}><th scope="row">{ format!("S{f}") }</th><td>{ n }</td><td>{ m }</td></tr>
                        }) }
                    </tbody>
                </table>
            }
            <h3>{ T::KvState.get(lang) }</h3>
            if v.kv.is_empty() {
                <p class="hint">{ T::Empty.get(lang) }</p>
            } else {
                <ul class="kv">
                    { for v.kv.iter().map(|(k, val)| html! { <li key={k.clone()}><code>{ format!("{k}={val}") }</code></li> }) }
                </ul>
            }
        </section>
    }
}
