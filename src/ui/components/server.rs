//! One server on the ring: role, term, vote, commit index and the election timer.

use super::geometry::{sin_cos, Layout};
use crate::raft::{NodeId, Role};
use crate::sim::world::Member;
use crate::text::Lang;
use crate::ui::i18n::{fill as fill_in, T};
use crate::ui::num::f1;
use crate::ui::view::{term_hue, ServerView};
use yew::prelude::*;

#[derive(PartialEq)]
pub struct ServerProps {
    pub server: ServerView,
    pub layout: std::rc::Rc<Layout>,
    pub selected: bool,
    pub lang: Lang,
    pub on_select: Callback<NodeId>,
}

pub fn role_text(s: &ServerView, lang: Lang) -> &'static str {
    if !s.alive {
        return T::Down.get(lang);
    }
    match s.member {
        Member::Spare => return T::Spare.get(lang),
        Member::Learner if s.role == Role::Follower => return T::Learner.get(lang),
        _ => {}
    }
    match s.role {
        Role::Leader => T::Leader.get(lang),
        Role::Follower => T::Follower.get(lang),
        Role::Candidate => T::Candidate.get(lang),
        Role::PreCandidate => T::PreCandidate.get(lang),
    }
}

/// An SVG arc path for the fraction `f` of a circle of radius `r`, clockwise from the top.
fn arc(r: f64, f: f64) -> String {
    // Short of a whole turn by more than `f1` rounds away: an arc whose ends
    // are one point is not drawn at all (a full timer, at t=0, looked empty).
    let f = f.clamp(0.0, 0.999);
    let a = -std::f64::consts::FRAC_PI_2 + f * 2.0 * std::f64::consts::PI;
    let (sin, cos) = sin_cos(a);
    let (x, y) = (r * cos, r * sin);
    let large = if f > 0.5 { 1 } else { 0 };
    format!(
        "M 0 {} A {r} {r} 0 {large} 1 {} {}",
        f1(-r),
        f1(x),
        f1(y),
        r = f1(r)
    )
}

/// A click, Enter or Space on server `id` selects it.
pub fn select_handlers(
    on_select: &Callback<NodeId>,
    id: NodeId,
) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let cb = on_select.clone();
    let onclick = Callback::from(move |_: MouseEvent| cb.emit(id));
    let cb = on_select.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            e.stop_propagation();
            cb.emit(id);
        }
    });
    (onclick, onkeydown)
}

/// A view function, not a component: it is redrawn every frame anyway.
pub fn server_view(p: &ServerProps) -> Html {
    let s = &p.server;
    let (x, y, r) = p.layout.at(s.id);
    let spare = s.member == Member::Spare;
    let lang = p.lang;
    let role = s.role_name();
    let fill = if s.alive {
        format!("hsl({}, 70%, 86%)", term_hue(s.term))
    } else {
        "#d9d9d9".to_string()
    };
    let stroke = if s.alive {
        format!("hsl({}, 55%, 38%)", term_hue(s.term))
    } else {
        "#777".to_string()
    };
    let id = s.id;
    let (onclick, onkeydown) = select_handlers(&p.on_select, id);
    let voted = s.voted_for.map(|v| v.to_string()).unwrap_or_default();
    let term_label = format!("{} {}", T::Term.get(lang), s.term);
    let vote_label = match s.voted_for {
        Some(v) => format!("{} S{v}", T::VotedFor.get(lang)),
        None => format!("{} {}", T::VotedFor.get(lang), T::Nobody.get(lang)),
    };
    let member = match s.member {
        Member::Voter => T::Voter.get(lang),
        Member::Learner => T::Learner.get(lang),
        Member::Spare => T::Spare.get(lang),
    };
    let log = fill_in(
        T::LogLength.get(lang),
        &[&s.last.to_string(), &s.commit.to_string()],
    );
    let below = r + if p.layout.ring <= 6 { 62.0 } else { 44.0 };
    let (reads, reads_words) =
        super::server_reads::server_reads(&s.reads, r, below, p.layout.right - x, lang);
    let aria = format!(
        "S{id}, {}, {term_label}, {vote_label}, {log}, {member}{}{reads_words}",
        role_text(s, lang),
        if reads_words.is_empty() { "" } else { ", " }
    );
    // During a joint change: a ring for C_old, another for C_new.
    let joint = s.joint.map(|(old, new)| {
        html! { <>
            if old { <circle class="c-old" r={f1(r + 4.0)} /> }
            if new { <circle class="c-new" r={f1(r - 4.0)} /> }
        </> }
    });
    let timer = s.timer_left.map(|f| {
        html! { <path class="timer" d={arc(r + 9.0, f)} /> }
    });
    let votes: Html = s
        .votes
        .iter()
        .enumerate()
        .map(|(k, v)| {
            let a = -std::f64::consts::FRAC_PI_2 + (k as f64 + 0.5) * 0.55
                - 0.55 * s.votes.len() as f64 / 2.0;
            let (sin, cos) = sin_cos(a);
            let (vx, vy) = ((r + 22.0) * cos, (r + 22.0) * sin);
            html! {
                <g class="vote" transform={format!("translate({},{})", f1(vx), f1(vy))}>
                    <circle r="11" />
                    <text dy="4">{ v.to_string() }</text>
                </g>
            }
        })
        .collect();
    let crown = (s.alive && s.role == Role::Leader).then(|| {
        let top = -r - 4.0;
        html! {
            <path class="crown" d={format!(
                "M -18 {top} L -18 {a} L -9 {b} L 0 {a} L 9 {b} L 18 {a} L 18 {top} Z",
                top = f1(top), a = f1(top - 18.0), b = f1(top - 8.0))} />
        }
    });
    let class = format!(
        "server role-{role} member-{}{}",
        s.member.name(),
        if p.selected { " selected" } else { "" }
    );
    html! {
        <g key={id.to_string()} class={class}
           data-testid="node"
           data-node={id.to_string()}
           data-role={role}
           data-term={s.term.to_string()}
           data-voted-for={voted}
           data-commit={s.commit.to_string()}
           data-member={s.member.name()}
           transform={format!("translate({},{})", f1(x), f1(y))}
           role="button" tabindex="0" aria-pressed={p.selected.to_string()}
           {onclick} {onkeydown}>
            <title>{ aria }</title>
            <circle class="halo" r={f1(r + 16.0)} />
            <circle class="timer-track" r={f1(r + 9.0)} />
            { for timer }
            <circle class="body" r={f1(r)} style={format!("fill:{fill};stroke:{stroke}")} />
            { for joint }
            { for crown }
            <text class="name" dy={if spare { "6" } else { "-4" }}>{ format!("S{id}") }</text>
            if !spare { <text class="term" dy="18">{ term_label }</text> }
            <text class="role-label" dy={f1(r + if spare { 20.0 } else { 26.0 })}>{ role_text(s, lang) }</text>
            // Large rings have no room for the vote under each server (it is in
            // the tooltip and the inspector).
            if p.layout.ring <= 6 && !spare {
                <text class="vote-label" dy={f1(r + 44.0)}>{ vote_label.clone() }</text>
            }
            { votes }
            { reads }
            if !s.alive {
                <path class="down-x" d={format!("M {a} {a} L {b} {b} M {a} {b} L {b} {a}", a = f1(-r * 0.6), b = f1(r * 0.6))} />
            }
        </g>
    }
}
