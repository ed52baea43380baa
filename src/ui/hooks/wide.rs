//! Whether the screen is wide — the page's two-column layout (a projector, a
//! laptop), where the cluster is drawn as an ellipse (`geometry::WIDE_QUERY`)
//! — following the window as it is resized.

use crate::ui::browser::window;
use crate::ui::components::geometry::WIDE_QUERY;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The media query's answer now (false outside a browser: the page's first
/// frame rendered at build time asks [`use_wide`]'s caller instead).
pub fn wide_now() -> bool {
    if cfg!(not(target_arch = "wasm32")) {
        return false;
    }
    window()
        .and_then(|w| w.match_media(WIDE_QUERY).ok().flatten())
        .is_some_and(|m| m.matches())
}

/// [`wide_now`], redrawn when it changes.
#[hook]
pub fn use_wide() -> bool {
    let wide = use_state(wide_now);
    {
        let wide = wide.clone();
        use_effect_with((), move |_| {
            let mq = window().and_then(|w| w.match_media(WIDE_QUERY).ok().flatten());
            let on_change = mq.as_ref().map(|mq| {
                let q = mq.clone();
                let c = Closure::<dyn FnMut()>::new(move || wide.set(q.matches()));
                mq.set_onchange(Some(c.as_ref().unchecked_ref()));
                c
            });
            move || {
                if let Some(mq) = &mq {
                    mq.set_onchange(None);
                }
                drop(on_change);
            }
        });
    }
    *wide
}
