//! A ZAB message on the wire, named as in ZooKeeper (NOTIFICATION, PROPOSAL, …);
//! its family reads from shape and colour, its name from the label. Click to drop.

use super::super::text::zt;
use super::super::view::ZabMessageView;
use crate::text::Lang;
use crate::ui::components::geometry::{along, Layout};
use crate::ui::components::message::drop_handlers;
use crate::ui::num::f1;
use yew::prelude::*;

#[derive(PartialEq)]
pub struct ZabMessageProps {
    pub msg: ZabMessageView,
    pub layout: std::rc::Rc<Layout>,
    pub lang: Lang,
    pub on_drop: Callback<u64>,
}

/// The phase a message belongs to, for its colour.
pub fn family(name: &str) -> &'static str {
    match name {
        "notification" => "election",
        "followerinfo" | "observerinfo" | "leaderinfo" | "ackepoch" => "discovery",
        "diff" | "trunc" | "snap" | "newleader" | "uptodate" => "sync",
        "ping" => "ping",
        _ => "broadcast",
    }
}

/// The label on the wire: ZooKeeper's packet name; a notification (there are
/// many at once) only the server it votes for, `5` (the legend says so).
pub fn label(m: &ZabMessageView) -> String {
    if m.name == "notification" {
        let who = m.detail.split(' ').next().unwrap_or("");
        return who.trim_start_matches('S').to_string();
    }
    m.name.to_uppercase()
}

/// A view function: redrawn every frame anyway.
pub fn zab_message_view(p: &ZabMessageProps) -> Html {
    let m = &p.msg;
    let (x, y) = along(m.from, m.to, &p.layout, m.progress, 10.0);
    let (onclick, onkeydown) = drop_handlers(&p.on_drop, m.id);
    let text = label(m);
    let w = (12.0 + 9.2 * text.chars().count() as f64).max(26.0);
    // The visible label comes first in the name, as a word (a notification shows only `5`).
    let prefix = if m.name == "notification" {
        format!("{text}: ")
    } else {
        String::new()
    };
    let title = format!(
        "{prefix}{} S{}→S{} {} — {}",
        m.name.to_uppercase(),
        m.from,
        m.to,
        m.detail,
        zt(p.lang).msg_hint
    );
    html! {
        <g key={m.id.to_string()} class={format!("msg zmsg fam-{}{}", family(m.name), if m.lost { " lost" } else { "" })}
           data-testid="message" data-id={m.id.to_string()} data-kind={m.name}
           data-from={m.from.to_string()} data-to={m.to.to_string()}
           transform={format!("translate({},{})", f1(x), f1(y))}
           role="button" tabindex="0" aria-label={title.clone()} {onclick} {onkeydown}>
            <title>{ title }</title>
            <rect class="shape" x={f1(-w / 2.0)} y="-13" width={f1(w)} height="26" rx="13" />
            <text dy="5">{ text }</text>
        </g>
    }
}
