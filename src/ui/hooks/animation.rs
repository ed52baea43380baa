//! The animation loop: a callback on `requestAnimationFrame` while active.
//! Browsers stop animation frames in hidden tabs, so nothing runs there either.

use crate::ui::browser::window;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Shortest real time between two frames passed on.
const MIN_FRAME_MS: f64 = 30.0;

/// The animation-frame callback (it re-arms itself).
type FrameCallback = Closure<dyn FnMut(f64)>;

/// While `active`, calls `on_frame` with the real ms since the previous call
/// (0 for the first), about 30 times a second: smooth enough here, and half
/// the work of every frame. Stops, and drops its closure, when `active` turns
/// false or the component goes.
#[hook]
pub fn use_animation_frames(active: bool, on_frame: Callback<f64>) {
    use_effect_with(active, move |active| {
        let frame: Rc<RefCell<Option<FrameCallback>>> = Rc::new(RefCell::new(None));
        let id = Rc::new(Cell::new(0));
        if *active {
            let last = Rc::new(Cell::new(None::<f64>));
            let again = frame.clone();
            let id2 = id.clone();
            *frame.borrow_mut() = Some(Closure::new(move |ts: f64| {
                let dt = last.get().map_or(0.0, |l| ts - l);
                if last.get().is_none() || dt >= MIN_FRAME_MS {
                    last.set(Some(ts));
                    on_frame.emit(dt);
                }
                if let (Some(w), Some(f)) = (window(), again.borrow().as_ref()) {
                    id2.set(
                        w.request_animation_frame(f.as_ref().unchecked_ref())
                            .unwrap_or(0),
                    );
                }
            }));
            if let (Some(w), Some(f)) = (window(), frame.borrow().as_ref()) {
                id.set(
                    w.request_animation_frame(f.as_ref().unchecked_ref())
                        .unwrap_or(0),
                );
            }
        }
        move || {
            if let Some(w) = window() {
                let _ = w.cancel_animation_frame(id.get());
            }
            frame.borrow_mut().take(); // drops the closure and its cycle
        }
    });
}
