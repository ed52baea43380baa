//! The timeline's painting: term bands, event marks and caption ticks.

use super::class_list;
use crate::raft::Time;
use crate::sim::feed::MarkKind;
use crate::ui::view::{term_hue, TimelineMarks};
use yew::prelude::*;

/// Marks drawn at most (older write marks are thinned).
const MAX_DRAWN: usize = 600;

/// What the painting shows.
#[derive(Properties, PartialEq)]
pub struct MarksProps {
    pub marks: TimelineMarks,
}

/// The painted history, in simulated µs on the x axis (the parent's view box
/// scales it); re-renders only when new marks arrive.
#[component]
pub fn Marks(p: &MarksProps) -> Html {
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
