//! A message in flight, at its real simulated position; click to drop it.
//! Its kind reads from shape and letter as well as colour.

use super::class_list;
use super::geometry::{along, Layout};
use crate::raft::Kind;
use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::num::f1;
use crate::ui::view::MessageView;
use yew::prelude::*;

#[derive(PartialEq)]
pub struct MessageProps {
    pub msg: MessageView,
    pub layout: std::rc::Rc<Layout>,
    pub lang: Lang,
    pub on_drop: Callback<u64>,
}

/// A short, language-free label for a message.
pub fn glyph(m: &MessageView) -> String {
    match (m.kind, m.ok) {
        (Kind::RequestVote, _) => "V".into(),
        (Kind::PreVote, _) => "P".into(),
        (Kind::AppendEntries, _) if m.entries == 0 => "♥".into(),
        (Kind::AppendEntries, _) => m.entries.to_string(),
        (Kind::InstallSnapshot, _) => "S".into(),
        (Kind::TimeoutNow, _) => "!".into(),
        (_, Some(true)) => "✓".into(),
        (_, _) => "✗".into(),
    }
}

/// The kind in words, for tooltips and screen readers.
pub fn kind_text(m: &MessageView, lang: Lang) -> &'static str {
    match m.kind {
        Kind::RequestVote => T::KindVote.get(lang),
        Kind::RequestVoteResponse => T::KindVoteReply.get(lang),
        Kind::PreVote => T::KindPreVote.get(lang),
        Kind::PreVoteResponse => T::KindPreVoteReply.get(lang),
        Kind::AppendEntries if m.entries == 0 => T::KindHeartbeat.get(lang),
        Kind::AppendEntries => T::KindAppend.get(lang),
        Kind::AppendEntriesResponse => T::KindAppendReply.get(lang),
        Kind::InstallSnapshot => T::KindSnapshot.get(lang),
        Kind::TimeoutNow => T::KindTimeoutNow.get(lang),
    }
}

/// The shape of a message kind, centred on the origin.
pub fn shape(kind: Kind) -> Html {
    match kind {
        Kind::RequestVote | Kind::RequestVoteResponse => html! { <circle class="shape" r="12" /> },
        Kind::PreVote | Kind::PreVoteResponse => {
            html! { <path class="shape" d="M 0 -14 L 14 0 L 0 14 L -14 0 Z" /> }
        }
        Kind::AppendEntries | Kind::AppendEntriesResponse => {
            html! { <rect class="shape" x="-12" y="-10" width="24" height="20" rx="3" /> }
        }
        // A stack of pages: the whole state at once.
        Kind::InstallSnapshot => {
            html! { <path class="shape" d="M -10 -15 H 15 V 10 M -15 -10 H 10 V 15 H -15 Z" /> }
        }
        // A lightning bolt's triangle: "now!".
        Kind::TimeoutNow => html! { <path class="shape" d="M 0 -16 L 15 12 L -15 12 Z" /> },
    }
}

/// A click drops message `id`. Messages are focusable too (Tab reaches them;
/// each keeps its element while it flies), and Enter or Delete drops the focused one.
pub fn drop_handlers(
    on_drop: &Callback<u64>,
    id: u64,
) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let cb = on_drop.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        e.stop_propagation();
        cb.emit(id)
    });
    let cb = on_drop.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if matches!(e.key().as_str(), "Enter" | "Delete" | "Backspace") {
            e.prevent_default();
            cb.emit(id)
        }
    });
    (onclick, onkeydown)
}

/// A view function, not a component: it is redrawn every frame anyway.
pub fn message_view(p: &MessageProps) -> Html {
    let m = &p.msg;
    let (x, y) = along(m.from, m.to, &p.layout, m.progress, 9.0);
    let (onclick, onkeydown) = drop_handlers(&p.on_drop, m.id);
    let reply = matches!(
        m.kind,
        Kind::RequestVoteResponse | Kind::PreVoteResponse | Kind::AppendEntriesResponse
    );
    let verdict = match m.ok {
        Some(true) => format!(" ({})", T::Granted.get(p.lang)),
        Some(false) => format!(" ({})", T::Refused.get(p.lang)),
        None => String::new(),
    };
    let lost = if m.lost {
        format!(" ({})", T::Lost.get(p.lang))
    } else {
        String::new()
    };
    let snap = if m.snap > 0 {
        format!(" ≤ {}", m.snap)
    } else {
        String::new()
    };
    let title = format!(
        "{}{snap}{verdict}{lost} S{}→S{}, {} {} — {}",
        kind_text(m, p.lang),
        m.from,
        m.to,
        T::Term.get(p.lang),
        m.term,
        T::ClickToDrop.get(p.lang)
    );
    let class = class_list(&[
        "msg",
        &format!("kind-{}", m.kind.name()),
        if reply { "reply" } else { "" },
        if m.lost { "lost" } else { "" },
        if m.ok == Some(false) { "refused" } else { "" },
    ]);
    html! {
        <g key={m.id.to_string()} class={class} data-testid="message" data-id={m.id.to_string()} data-kind={m.kind.name()}
           data-from={m.from.to_string()} data-to={m.to.to_string()}
           transform={format!("translate({},{})", f1(x), f1(y))}
           role="button" tabindex="0" aria-label={title.clone()} {onclick} {onkeydown}>
            <title>{ title }</title>
            <circle class="hit" r="18" />
            { shape(m.kind) }
            <text dy="4.5">{ glyph(m) }</text>
        </g>
    }
}
