//! The selected server in detail, and what can be done to it.

use super::on_click;
use crate::raft::{NodeId, Role, Time};
use crate::sim::world::{Member, World};
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
    pub member: Member,
    /// The cluster's leader, if any (membership changes go through it).
    pub cluster_leader: Option<NodeId>,
    /// Last included (index, term) of its snapshot; (0, 0) for none.
    pub snapshot: (u64, u64),
    /// Its clock rate, permille (issue 11).
    pub rate: u32,
}

pub fn inspect(world: &World, id: NodeId) -> Option<InspectorView> {
    let total = world.servers().len() as NodeId;
    if id == 0 || id > total {
        return None;
    }
    let s = world.server(id);
    let n = &s.node;
    let now = world.now();
    let followers = if s.alive && n.role() == Role::Leader {
        let m = n.membership().members();
        (1..=total)
            .filter(|&f| f != id && m & crate::raft::bit(f) != 0)
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
        // Without the client-session table (issue 11).
        kv: crate::sim::world::user_kv(&s.kv)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        member: crate::sim::world::Member::of(&crate::ui::view::drawn_membership(world), id),
        cluster_leader: world.leader(),
        snapshot: (n.log().snapshot_index(), n.log().snapshot_term()),
        rate: world.clock_rate(id),
    })
}

#[derive(PartialEq)]
pub struct InspectorProps {
    pub view: Option<InspectorView>,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

/// The buttons that change the cluster's shape, in order.
const SHAPE: [(&str, T); 5] = [
    ("add-server", T::AddServer),
    ("add-learner", T::AddLearner),
    ("remove-server", T::RemoveServer),
    ("transfer-leader", T::TransferLeader),
    ("snapshot-node", T::SnapshotNode),
];

/// Why each shape button cannot apply to `v` now (`None`: it can).
fn why_not(v: &InspectorView) -> [Option<T>; 5] {
    let leader = v.cluster_leader;
    let ask = if leader.is_none() {
        Some(T::WhyNoLeader)
    } else if !v.alive {
        Some(T::WhyDown)
    } else {
        None
    };
    let or = |a: Option<T>, b: bool, t: T| a.or(b.then_some(t));
    [
        or(ask, v.member == Member::Voter, T::WhyVoter),
        or(ask, v.member != Member::Spare, T::WhyMember),
        leader
            .is_none()
            .then_some(T::WhyNoLeader)
            .or((v.member == Member::Spare).then_some(T::WhySpare)),
        or(ask, leader == Some(v.id), T::WhyLeader).or(match v.member {
            Member::Voter => None,
            Member::Learner => Some(T::Learner),
            Member::Spare => Some(T::WhySpare),
        }),
        if !v.alive {
            Some(T::WhyDown)
        } else {
            (v.applied <= v.snapshot.0).then_some(T::WhyNothing)
        },
    ]
}

/// The shape buttons for `v` (all off without a selection), each off with its reason.
fn shape_buttons(v: Option<&InspectorView>, lang: Lang, cb: &Callback<Action>) -> Html {
    let (id, why) = match v {
        Some(v) => (v.id, why_not(v)),
        None => (0, [Some(T::NoSelection); 5]),
    };
    let acts = [
        Action::AddServer(id),
        Action::AddLearner(id),
        Action::RemoveServer(id),
        Action::Transfer(id),
        Action::Snapshot(id),
    ];
    html! {
        <div class="buttons">
            { for SHAPE.iter().zip(why).zip(acts).map(|(((testid, label), why), a)| html! {
                <button data-testid={*testid} disabled={why.is_some()} title={why.map(|t| t.get(lang))} onclick={on_click(cb, a)}>{ label.get(lang) }</button>
            }) }
        </div>
    }
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
                { shape_buttons(None, lang, &p.on_action) }
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
            { shape_buttons(Some(v), lang, &p.on_action) }
            { super::drift::drift_select(id, v.rate, lang, &p.on_action) }

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
