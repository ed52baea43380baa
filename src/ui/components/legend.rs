//! What the message shapes mean.

use super::class_list;
use super::message::shape;
use crate::raft::Kind;
use crate::text::Lang;
use crate::ui::i18n::T;
use yew::prelude::*;

#[derive(PartialEq)]
pub struct LegendProps {
    pub lang: Lang,
}

pub fn legend(p: &LegendProps) -> Html {
    let lang = p.lang;
    let items = [
        (Kind::RequestVote, "V", T::KindVote),
        (Kind::RequestVoteResponse, "✓", T::KindVoteReply),
        (Kind::PreVote, "P", T::KindPreVote),
        (Kind::AppendEntries, "♥", T::KindHeartbeat),
        (Kind::AppendEntries, "2", T::KindAppend),
        (Kind::AppendEntriesResponse, "✗", T::KindAppendReply),
        (Kind::InstallSnapshot, "S", T::KindSnapshot),
        (Kind::TimeoutNow, "!", T::KindTimeoutNow),
    ];
    html! {
        <ul class="legend" aria-label={T::Legend.get(lang)}>
            { for items.iter().map(|(k, g, t)| {
                let reply = matches!(k, Kind::RequestVoteResponse | Kind::PreVoteResponse | Kind::AppendEntriesResponse);
                html! {
                    <li data-legend={k.name()}>
                        <svg viewBox="-16 -16 32 32" class={class_list(&["msg", &format!("kind-{}", k.name()), if reply { "reply" } else { "" }, if *g == "✗" { "refused" } else { "" }])} aria-hidden="true">
                            { shape(*k) }<text dy="4.5">{ *g }</text>
                        </svg>
                        { t.get(lang) }
                    </li>
                }
            }) }
        </ul>
    }
}
