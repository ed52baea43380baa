//! The cluster as SVG: servers on a ring, a link for every pair, messages moving.

use super::geometry::Layout;
use super::link::{link_view, LinkProps};
use super::message::{message_view, MessageProps};
use super::server::{server_view, ServerProps};
use crate::raft::NodeId;
use crate::sim::world::Member;
use crate::text::Lang;
use crate::ui::i18n::fill;
use crate::ui::i18n::T;
use crate::ui::num::f1;
use crate::ui::state::Action;
use crate::ui::view::{set_text, ClusterView};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ClusterProps {
    pub view: ClusterView,
    pub selected: Option<NodeId>,
    pub lang: Lang,
    /// The ellipse of a wide screen (`geometry::WIDE_QUERY`).
    #[prop_or_default]
    pub wide: bool,
    pub on_select: Callback<NodeId>,
    pub on_toggle_link: Callback<(NodeId, NodeId)>,
    pub on_drop_message: Callback<u64>,
}

/// What a cluster drawing sends: a click on a server selects it (again:
/// unselects), on a link cuts or heals it, on a message drops it.
pub fn cluster_callbacks(
    d: &Callback<Action>,
    selected: Option<NodeId>,
) -> (Callback<NodeId>, Callback<(NodeId, NodeId)>, Callback<u64>) {
    let on_select = {
        let d = d.clone();
        Callback::from(move |id: NodeId| {
            d.emit(Action::Select(if selected == Some(id) {
                None
            } else {
                Some(id)
            }))
        })
    };
    let on_toggle_link = {
        let d = d.clone();
        Callback::from(move |(a, b)| d.emit(Action::ToggleLink(a, b)))
    };
    let d = d.clone();
    let on_drop = Callback::from(move |id| d.emit(Action::DropMessage(id)));
    (on_select, on_toggle_link, on_drop)
}

#[component]
pub fn Cluster(p: &ClusterProps) -> Html {
    let n = p.view.servers.len() as u8;
    let lang = p.lang;
    let spare: Vec<bool> = p
        .view
        .servers
        .iter()
        .map(|s| s.member == Member::Spare)
        .collect();
    let layout = std::rc::Rc::new(Layout::shaped(
        &spare.iter().map(|s| !s).collect::<Vec<_>>(),
        p.wide,
    ));
    let (cx, cy) = layout.corner;
    let is_spare = |id: u8| spare.get(id as usize - 1).copied().unwrap_or(false);
    // Each configuration with its majority: "C_old {1,2,3} · needs 2 of 3".
    let m = &p.view.membership;
    let quorum = |class: &'static str, name: &str, set: u16, y: f64| {
        let k = set.count_ones();
        html! {
            <text class={class} x={f1(cx)} y={f1(cy + y)}>
                <tspan>{ format!("{name} {}", set_text(set)) }</tspan>
                <tspan x={f1(cx)} dy="19" class="needs">{ fill(T::Needs.get(lang), &[&(k / 2 + 1).to_string(), &k.to_string()]) }</tspan>
            </text>
        }
    };
    let configs = match m.old_voters {
        Some(old) => html! { <g class="configs" data-testid="configs" data-joint="true">
            { quorum("c-old", "C_old", old, 0.0) }
            { quorum("c-new", "C_new", m.voters, 46.0) }
        </g> },
        None => {
            html! { <g class="configs" data-testid="configs" data-joint="false">{ quorum("c-one", "C", m.voters, 0.0) }</g> }
        }
    };
    html! {
        <svg class="cluster" viewBox={layout.view_box} role="group"
             aria-label={format!("{} ({} {n})", T::Cluster.get(lang), T::Inspector.get(lang))}>
            { configs }
            <g class="links">
                { for p.view.links.iter().map(|l| link_view(&LinkProps { link: *l, layout: layout.clone(), spare: is_spare(l.a) || is_spare(l.b), lang, on_toggle: p.on_toggle_link.clone() })) }
            </g>
            // Messages under the servers: a role, vote or read label is never
            // hidden by a message passing it (each label has a halo that keeps
            // its letters clear of the lines and messages beneath).
            <g class="messages">
                { for p.view.messages.iter().map(|m| message_view(&MessageProps {
                    msg: m.clone(), layout: layout.clone(), lang, on_drop: p.on_drop_message.clone(),
                })) }
            </g>
            <g class="servers">
                { for p.view.servers.iter().map(|s| server_view(&ServerProps {
                    server: s.clone(), layout: layout.clone(), lang, selected: p.selected == Some(s.id), on_select: p.on_select.clone(),
                })) }
            </g>
        </svg>
    }
}
