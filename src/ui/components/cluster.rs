//! The cluster as SVG: servers on a ring, a link for every pair, messages moving.

use super::geometry::VIEW_BOX;
use super::link::{link_view, LinkProps};
use super::message::{message_view, MessageProps};
use super::server::{server_view, ServerProps};
use crate::raft::NodeId;
use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::view::ClusterView;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClusterProps {
    pub view: ClusterView,
    pub selected: Option<NodeId>,
    pub lang: Lang,
    pub on_select: Callback<NodeId>,
    pub on_toggle_link: Callback<(NodeId, NodeId)>,
    pub on_drop_message: Callback<u64>,
}

#[component]
pub fn Cluster(p: &ClusterProps) -> Html {
    let n = p.view.servers.len() as u8;
    let lang = p.lang;
    html! {
        <svg class="cluster" viewBox={VIEW_BOX} role="group"
             aria-label={format!("{} ({} {n})", T::Cluster.get(lang), T::Inspector.get(lang))}>
            <g class="links">
                { for p.view.links.iter().map(|l| link_view(&LinkProps { link: *l, n, lang, on_toggle: p.on_toggle_link.clone() })) }
            </g>
            <g class="servers">
                { for p.view.servers.iter().map(|s| server_view(&ServerProps {
                    server: s.clone(), n, lang, selected: p.selected == Some(s.id), on_select: p.on_select.clone(),
                })) }
            </g>
            <g class="messages">
                { for p.view.messages.iter().map(|m| message_view(&MessageProps {
                    msg: m.clone(), n, lang, on_drop: p.on_drop_message.clone(),
                })) }
            </g>
        </svg>
    }
}
