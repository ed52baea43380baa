//! The timeline: the session's history painted as term bands and marks; drag to
//! travel in time, ←/→ to move event by event.

use super::timeline_marks::Marks;
use crate::raft::Time;
use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::num::{f1, ms1};
use crate::ui::state::Action;
use crate::ui::view::TimelineMarks;
use web_sys::Element;
use yew::prelude::*;

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
