//! The ZAB ensemble as SVG: servers on a ring, a link for every pair (the Raft
//! page's links), ZAB's packets moving along them.

use super::super::view::ZabClusterView;
use super::message::{zab_message_view, ZabMessageProps};
use super::server::{zab_server_view, ZabServerProps};
use crate::text::Lang;
use crate::ui::components::geometry::{Layout, VIEW_BOX};
use crate::ui::components::link::{link_view, LinkProps};
use crate::ui::i18n::T;
use crate::zab::NodeId;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ZabClusterProps {
    pub view: ZabClusterView,
    pub selected: Option<NodeId>,
    pub lang: Lang,
    pub on_select: Callback<NodeId>,
    pub on_toggle_link: Callback<(NodeId, NodeId)>,
    pub on_drop_message: Callback<u64>,
}

#[component]
pub fn ZabCluster(p: &ZabClusterProps) -> Html {
    let n = p.view.servers.len();
    let lang = p.lang;
    let layout = std::rc::Rc::new(Layout::new(&vec![true; n]));
    html! {
        <svg class="cluster zab-cluster" viewBox={VIEW_BOX} role="group"
             aria-label={format!("ZAB — {} ({n})", T::Cluster.get(lang))}>
            <g class="links">
                { for p.view.links.iter().map(|l| link_view(&LinkProps { link: *l, layout: layout.clone(), spare: false, lang, on_toggle: p.on_toggle_link.clone() })) }
            </g>
            <g class="servers">
                { for p.view.servers.iter().map(|s| zab_server_view(&ZabServerProps {
                    server: s.clone(), layout: layout.clone(), lang, selected: p.selected == Some(s.id), on_select: p.on_select.clone(),
                })) }
            </g>
            <g class="messages">
                { for p.view.messages.iter().map(|m| zab_message_view(&ZabMessageProps {
                    msg: m.clone(), layout: layout.clone(), lang, on_drop: p.on_drop_message.clone(),
                })) }
            </g>
        </svg>
    }
}
