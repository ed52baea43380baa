//! What a server shows of client reads (issue 11), drawn under and beside it:
//! its clock rate when it drifts, its lease while leases matter, and the reads
//! waiting at it with their read index (`read@5`).

use crate::text::Lang;
use crate::ui::i18n::{fill, T};
use crate::ui::num::f1;
use crate::ui::reads::{rate_text, ServerReads};
use yew::prelude::*;

/// Most waiting reads named one by one.
const READS_NAMED: usize = 3;

/// The drawing (centred on the server, radius `r`, the line of text at `dy`,
/// `room` to the drawing's right edge) and the same facts as words for the
/// server's accessible name ("" if none).
pub fn server_reads(s: &ServerReads, r: f64, dy: f64, room: f64, lang: Lang) -> (Html, String) {
    let mut words = vec![];
    let clock = (s.rate != 1_000).then(|| {
        let rate = rate_text(s.rate);
        words.push(format!("{} {rate}", T::ClockRate.get(lang)));
        // A small clock face (no emoji font needed) and the rate.
        // Up and to the right (the side away from the links for most of the
        // ring), inside the drawing, its nearest corner clear of the timer
        // ring (radius r + 9, 6 wide).
        let width = 22.0 + 9.0 * rate.chars().count() as f64;
        let x = (r * 0.72 + 12.0).min(room - width - 2.0).max(0.0);
        let clear = r + 14.0;
        let y = -12.0 - (clear * clear - (x - 2.0) * (x - 2.0)).max(0.0).sqrt();
        html! {
            <g class="clock" transform={format!("translate({},{})", f1(x), f1(y))}>
                <rect class="clock-bg" x="-2" y="-12" width={f1(width)} height="24" rx="6" />
                <circle cx="9" cy="0" r="7" />
                <path d="M 9 0 L 9 -4.5 M 9 0 L 12 2" />
                <text x="20" dy="5">{ rate }</text>
            </g>
        }
    });
    let mut line = vec![];
    if let Some(l) = s.lease {
        line.push(fill(T::LeaseMs.get(lang), &[&(l / 1_000).to_string()]));
    }
    for ri in s.waiting.iter().take(READS_NAMED) {
        let at = ri.map_or_else(|| "?".to_string(), |i| i.to_string());
        line.push(fill(T::ReadAt.get(lang), &[&at]));
    }
    if s.waiting.len() > READS_NAMED {
        line.push(format!("+{}", s.waiting.len() - READS_NAMED));
    }
    let text = line.join(" · ");
    if !text.is_empty() {
        words.push(text.clone());
    }
    let html = html! { <>
        { for clock }
        if !text.is_empty() {
            <text class="reads-label" dy={f1(dy)}>{ text }</text>
        }
    </> };
    (html, words.join(", "))
}
