//! One ZAB server on the ring: its state, epoch, election round, current vote
//! and phase, readable without colour.

use super::super::text::{zt, ZabTexts};
use super::super::view::{vote_text, ZabServerView};
use crate::text::Lang;
use crate::ui::components::geometry::Layout;
use crate::ui::components::server::select_handlers;
use crate::ui::num::f1;
use crate::ui::view::term_hue;
use crate::zab::{NodeId, Phase, Role};
use yew::prelude::*;

#[derive(PartialEq)]
pub struct ZabServerProps {
    pub server: ZabServerView,
    pub layout: std::rc::Rc<Layout>,
    pub selected: bool,
    pub lang: Lang,
    pub on_select: Callback<NodeId>,
}

/// The state in words.
pub fn role_text(s: &ZabServerView, t: &ZabTexts) -> &'static str {
    if !s.alive {
        return t.down;
    }
    match s.role {
        Role::Looking => t.looking,
        Role::Following => t.following,
        Role::Leading => t.leading,
        Role::Observing => t.observing,
    }
}

/// The phase in words.
pub fn phase_text(p: Phase, t: &ZabTexts) -> &'static str {
    match p {
        Phase::Election => t.election,
        Phase::Discovery => t.discovery,
        Phase::Synchronization => t.synchronization,
        Phase::Broadcast => t.broadcast,
    }
}

/// A view function: redrawn every frame anyway.
pub fn zab_server_view(p: &ZabServerProps) -> Html {
    let s = &p.server;
    let t = zt(p.lang);
    let (x, y, r) = p.layout.at(s.id);
    let id = s.id;
    let hue = term_hue(u64::from(s.epoch));
    let style = if s.alive {
        format!("fill:hsl({hue}, 70%, 86%);stroke:hsl({hue}, 55%, 38%)")
    } else {
        "fill:#d9d9d9;stroke:#777".to_string()
    };
    let (onclick, onkeydown) = select_handlers(&p.on_select, id);
    let role = role_text(s, t);
    let vote = vote_text(s.vote);
    let phase = phase_text(s.phase, t);
    let aria = format!(
        "S{id}, {role}, {} {}, {} {}, {} {vote}, {phase}, {} {} ({})",
        t.epoch,
        s.epoch,
        t.round,
        s.round,
        t.vote,
        t.last_zxid,
        s.last_zxid,
        s.last_zxid.hex()
    );
    let looking = s.alive && s.role == Role::Looking;
    let crown = (s.alive && s.role == Role::Leading).then(|| {
        let top = -r - 4.0;
        html! {
            <path class={if s.established { "crown" } else { "crown pending" }} d={format!(
                "M -18 {top} L -18 {a} L -9 {b} L 0 {a} L 9 {b} L 18 {a} L 18 {top} Z",
                top = f1(top), a = f1(top - 18.0), b = f1(top - 8.0))} />
        }
    });
    let timer = s.timer_left.map(|f| {
        let rr = r + 8.0;
        let c = 2.0 * std::f64::consts::PI * rr;
        html! { <circle class="timer" r={f1(rr)} transform="rotate(-90)"
        style={format!("stroke-dasharray:{} {}", f1(c * f), f1(c))} /> }
    });
    let class = format!(
        "server zab role-{}{}{}",
        s.role_name(),
        if p.selected { " selected" } else { "" },
        if s.finalizing { " finalizing" } else { "" }
    );
    html! {
        <g key={id.to_string()} class={class}
           data-testid="node" data-id={id.to_string()} data-node={id.to_string()}
           data-role={s.role_name()} data-epoch={s.epoch.to_string()} data-round={s.round.to_string()}
           data-zxid={s.last_zxid.to_string()} data-phase={s.phase.name()}
           data-vote={if s.vote.leader == 0 { String::new() } else { s.vote.leader.to_string() }}
           transform={format!("translate({},{})", f1(x), f1(y))}
           role="button" tabindex="0" aria-pressed={p.selected.to_string()}
           {onclick} {onkeydown}>
            <title>{ aria }</title>
            <circle class="halo" r={f1(r + 16.0)} />
            { for timer }
            <circle class="body" r={f1(r)} style={style} />
            { for crown }
            <text class="name" dy="-6">{ format!("S{id}") }</text>
            <text class="term" dy="17">{ format!("e{} · r{}", s.epoch, s.round) }</text>
            <text class="role-label" dy={f1(r + 22.0)}>{ role }</text>
            // A crashed server has no vote and no phase: its epochs and history are on disk.
            if s.alive {
                <text class={if looking { "vote-label changing" } else { "vote-label" }} dy={f1(r + 42.0)}>{ vote }</text>
                <text class="phase-label" dy={f1(r + 61.0)}>{ phase }</text>
            }
            if !s.alive {
                <path class="down-x" d={format!("M {a} {a} L {b} {b} M {a} {b} L {b} {a}", a = f1(-r * 0.6), b = f1(r * 0.6))} />
            }
        </g>
    }
}
