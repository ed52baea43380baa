//! The timeline: the session's history painted as term bands and marks; drag to
//! travel in time, ←/→ to move event by event.

use super::class_list;
use crate::raft::Time;
use crate::sim::feed::MarkKind;
use crate::sim::narrate::Lang;
use crate::ui::i18n::T;
use crate::ui::num::{f1, ms1};
use crate::ui::state::Action;
use crate::ui::view::{term_hue, TimelineMarks};
use web_sys::Element;
use yew::prelude::*;

/// Marks drawn at most (older write marks are thinned).
const MAX_DRAWN: usize = 600;

#[derive(Properties, PartialEq)]
pub struct MarksProps {
    pub marks: TimelineMarks,
}

/// The painted history, in simulated µs on the x axis (the parent's view box
/// scales it); re-renders only when new marks arrive.
#[component]
fn Marks(p: &MarksProps) -> Html {
    let marks = &p.marks.marks;
    // Term bands: from each election to the next (the last runs off the end).
    let elections: Vec<(Time, u64)> = marks
        .iter()
        .filter_map(|m| match m.kind {
            MarkKind::Elected { term, .. } => Some((m.t, term)),
            _ => None,
        })
        .collect();
    let bands = elections.iter().enumerate().map(|(i, (t, term))| {
        let width = elections
            .get(i + 1)
            .map_or_else(|| "1e15".to_string(), |e| (e.0 - t).to_string());
        html! {
            <rect class="band" x={t.to_string()} y="0" width={width} height="1"
                  style={format!("fill:hsl({}, 65%, 80%)", term_hue(*term))} />
        }
    });
    let step = (marks.len() / MAX_DRAWN).max(1);
    let ticks = marks
        .iter()
        .enumerate()
        .filter(|(i, m)| m.kind != MarkKind::Write || i % step == 0)
        .map(|(_, m)| {
            let (class, y1, y2) = match m.kind {
                MarkKind::Elected { .. } => ("elected", "0", "1"),
                MarkKind::Crash(_) => ("crash", "0", "0.6"),
                MarkKind::Restart(_) => ("restart", "0.4", "1"),
                MarkKind::Cut => ("cut", "0", "0.5"),
                MarkKind::Heal => ("heal", "0.5", "1"),
                MarkKind::Write => ("write", "0.75", "1"),
                MarkKind::Violation => ("violation", "0", "1"),
            };
            html! { <line class={class_list(&["tick", class])} x1={m.t.to_string()} x2={m.t.to_string()} y1={y1} y2={y2} /> }
        });
    let captions = p.marks.captions.iter().map(|t| {
        html! { <line class="tick caption" x1={t.to_string()} x2={t.to_string()} y1="0" y2="0.25" /> }
    });
    html! { <g>{ for bands }{ for ticks }{ for captions }</g> }
}

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub marks: TimelineMarks,
    pub now: Time,
    pub head: Time,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

#[component]
pub fn Timeline(p: &TimelineProps) -> Html {
    let dragging = use_mut_ref(|| false);
    let node = use_node_ref();
    let head = p.head;
    let seek_at = {
        let cb = p.on_action.clone();
        let node = node.clone();
        move |client_x: i32| {
            if let Some(el) = node.cast::<Element>() {
                let r = el.get_bounding_client_rect();
                let f = ((client_x as f64 - r.left()) / r.width().max(1.0)).clamp(0.0, 1.0);
                cb.emit(Action::Seek((f * head as f64) as Time));
            }
        }
    };
    let onpointerdown = {
        let seek_at = seek_at.clone();
        let dragging = dragging.clone();
        let node = node.clone();
        Callback::from(move |e: PointerEvent| {
            *dragging.borrow_mut() = true;
            if let Some(el) = node.cast::<Element>() {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            seek_at(e.client_x());
        })
    };
    let onpointermove = {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            if *dragging.borrow() {
                seek_at(e.client_x());
            }
        })
    };
    let onpointerup = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| *dragging.borrow_mut() = false)
    };
    let onkeydown = {
        let cb = p.on_action.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowLeft" => {
                e.prevent_default();
                e.stop_propagation();
                cb.emit(Action::StepBack)
            }
            "ArrowRight" => {
                e.prevent_default();
                e.stop_propagation();
                cb.emit(Action::Step)
            }
            "Home" => cb.emit(Action::Seek(0)),
            "End" => cb.emit(Action::Live),
            _ => {}
        })
    };
    let f = if head == 0 {
        1.0
    } else {
        p.now as f64 / head as f64
    };
    let label = T::Timeline.get(p.lang);
    html! {
        <div class="timeline" data-testid="timeline" ref={node} role="slider" tabindex="0"
             aria-label={label} aria-valuemin="0" aria-valuemax={(head / 1000).to_string()}
             aria-valuenow={(p.now / 1000).to_string()}
             aria-valuetext={format!("{} ms", ms1(p.now))}
             {onpointerdown} {onpointermove} onpointerup={onpointerup.clone()} onpointercancel={onpointerup} {onkeydown}>
            <svg viewBox={format!("0 0 {} 1", head.max(1))} preserveAspectRatio="none" aria-hidden="true">
                <Marks marks={p.marks.clone()} />
                <rect class="future" x={p.now.to_string()} y="0" width={head.saturating_sub(p.now).to_string()} height="1" />
            </svg>
            <div class="cursor" style={format!("left:{}%", f1(f * 100.0))}></div>
        </div>
    }
}
