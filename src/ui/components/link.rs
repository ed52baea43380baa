//! A link between two servers: click to cut it, click again to heal it.

use super::geometry::{along, Layout};
use crate::raft::NodeId;
use crate::sim::network::LinkState;
use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::num::f1;
use crate::ui::view::LinkView;
use yew::prelude::*;

#[derive(PartialEq)]
pub struct LinkProps {
    pub link: LinkView,
    pub layout: std::rc::Rc<Layout>,
    /// A link to a spare server: drawn faint.
    pub spare: bool,
    pub lang: Lang,
    pub on_toggle: Callback<(NodeId, NodeId)>,
}

/// A band 24 units wide along the link: easy to hit, even with a finger, and
/// never of zero size (a horizontal line's box has no height).
fn hit_area(x1: f64, y1: f64, x2: f64, y2: f64) -> String {
    let (dx, dy) = (x2 - x1, y2 - y1);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (px, py) = (-dy / len * 12.0, dx / len * 12.0);
    format!(
        "M {} {} L {} {} L {} {} L {} {} Z",
        f1(x1 + px),
        f1(y1 + py),
        f1(x2 + px),
        f1(y2 + py),
        f1(x2 - px),
        f1(y2 - py),
        f1(x1 - px),
        f1(y1 - py)
    )
}

/// A view function, not a component: it is redrawn every frame anyway.
pub fn link_view(p: &LinkProps) -> Html {
    let LinkView { a, b, state } = p.link;
    let (x1, y1, _) = p.layout.at(a);
    let (x2, y2, _) = p.layout.at(b);
    let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
    let onclick = {
        let cb = p.on_toggle.clone();
        Callback::from(move |_: MouseEvent| cb.emit((a, b)))
    };
    let onkeydown = {
        let cb = p.on_toggle.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Enter only: Space stays the page's pause key wherever the focus is.
            if e.key() == "Enter" {
                e.prevent_default();
                cb.emit((a, b));
            }
        })
    };
    let state_text = match state {
        LinkState::Up => T::LinkUp.get(p.lang).to_string(),
        LinkState::Cut => T::LinkCut.get(p.lang).to_string(),
        LinkState::OneWay { from, to } => format!("{} S{from}→S{to}", T::OnlyDirection.get(p.lang)),
    };
    let aria = format!("S{a}–S{b}: {state_text} ({})", T::ClickToCut.get(p.lang));
    let mark = match state {
        LinkState::Up => html! {},
        LinkState::Cut => html! {
            <path class="cut-x" d={format!("M {} {} L {} {} M {} {} L {} {}",
                f1(mx - 9.0), f1(my - 9.0), f1(mx + 9.0), f1(my + 9.0), f1(mx - 9.0), f1(my + 9.0), f1(mx + 9.0), f1(my - 9.0))} />
        },
        LinkState::OneWay { from, to } => {
            // An arrow head at the middle, pointing the way messages still go.
            let (hx, hy) = along(from, to, &p.layout, 0.5, 0.0);
            let (tx, ty) = along(from, to, &p.layout, 0.45, 0.0);
            let (dx, dy) = (hx - tx, hy - ty);
            let len = (dx * dx + dy * dy).sqrt().max(0.001);
            let (ux, uy) = (dx / len, dy / len);
            let tip = (hx + ux * 10.0, hy + uy * 10.0);
            let l = (hx - uy * 8.0 - ux * 6.0, hy + ux * 8.0 - uy * 6.0);
            let r = (hx + uy * 8.0 - ux * 6.0, hy - ux * 8.0 - uy * 6.0);
            html! {
                <path class="oneway-arrow" d={format!("M {} {} L {} {} L {} {} Z", f1(tip.0), f1(tip.1), f1(l.0), f1(l.1), f1(r.0), f1(r.1))} />
            }
        }
    };
    html! {
        <g key={format!("{a}-{b}")} class={format!("link link-{}{}", state.name(), if p.spare { " spare" } else { "" })}
           data-testid="link" data-a={a.to_string()} data-b={b.to_string()} data-state={state.name()}
           role="button" tabindex="0" aria-label={aria}
           {onclick} {onkeydown}>
            <title>{ format!("S{a}–S{b}: {state_text}") }</title>
            <path class="hit" d={hit_area(x1, y1, x2, y2)} />
            <line class="wire" x1={f1(x1)} y1={f1(y1)} x2={f1(x2)} y2={f1(y2)} />
            { mark }
        </g>
    }
}
