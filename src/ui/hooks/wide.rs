//! Whether the screen is wide — the page's two-column layout (a projector, a
//! laptop), where the cluster is drawn as an ellipse (`geometry::WIDE_QUERY`)
//! — following the window as it is resized.

use crate::ui::browser::window;
use crate::ui::components::geometry::WIDE_QUERY;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    /// Outside a browser (the first frame rendered at build time, once for
    /// each shape): the answer to give.
    pub static RENDER_WIDE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The media query's answer now.
pub fn wide_now() -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    return RENDER_WIDE.with(|w| w.get());
    #[allow(unreachable_code)]
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
