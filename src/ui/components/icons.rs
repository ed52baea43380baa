//! Small inline SVG icons: they draw the same everywhere, with no emoji font.

use yew::prelude::*;

fn icon(path: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d={path} /></svg>
    }
}

pub fn play() -> Html {
    icon("M7 4 L20 12 L7 20 Z")
}
pub fn pause() -> Html {
    icon("M6 4 H10 V20 H6 Z M14 4 H18 V20 H14 Z")
}
pub fn step() -> Html {
    icon("M5 4 L15 12 L5 20 Z M16 4 H19 V20 H16 Z")
}
pub fn back() -> Html {
    icon("M19 4 L9 12 L19 20 Z M5 4 H8 V20 H5 Z")
}
pub fn reset() -> Html {
    icon("M12 4 A8 8 0 1 1 4.3 14 H6.6 A6 6 0 1 0 12 6 V9 L7 5 L12 1 Z")
}
pub fn contrast() -> Html {
    icon("M12 3 A9 9 0 1 0 12 21 A9 9 0 1 0 12 3 Z M12 5 V19 A7 7 0 0 1 12 5 Z")
}
/// The logo: three servers in a ring.
pub fn logo() -> Html {
    html! {
        <svg class="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <circle cx="16" cy="16" r="14" />
            <path class="ring" d="M16 7 L8 21 H24 Z" />
            <circle class="dot" cx="16" cy="7" r="3.5" />
            <circle class="dot" cx="8" cy="21" r="3.5" />
            <circle class="dot" cx="24" cy="21" r="3.5" />
        </svg>
    }
}
