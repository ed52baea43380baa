//! A polite live region for screen readers: it says what matters (a new leader,
//! a crash or a restart, a commit, a broken invariant), at most once every
//! [`QUIET_MS`] of real time, always the newest such event: it never floods.

use yew::prelude::*;

/// Real milliseconds between two announcements.
pub const QUIET_MS: f64 = 1_500.0;

#[derive(Properties, PartialEq)]
pub struct AnnouncerProps {
    /// The newest event worth saying: its place in the feed and its sentence.
    pub latest: Option<(u64, String)>,
    /// The simulated time: a new value re-renders, so that news held back by
    /// the throttle is said once the quiet time is over.
    pub now: u64,
}

#[component]
pub fn Announcer(p: &AnnouncerProps) -> Html {
    // (feed place said, when, sentence)
    let said = use_mut_ref(|| (0u64, f64::MIN, String::new()));
    if let Some((at, text)) = &p.latest {
        let now = js_sys::Date::now();
        let mut s = said.borrow_mut();
        if *at > s.0 && now - s.1 >= QUIET_MS {
            *s = (*at, now, text.clone());
        }
    }
    let text = said.borrow().2.clone();
    html! { <div class="sr" role="status" aria-live="polite" data-testid="announcer">{ text }</div> }
}
