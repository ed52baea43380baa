//! The page's keyboard shortcuts (RaftScope's where they overlap), on the
//! document while the component lives.

use crate::sim::world::TimerMode;
use crate::ui::browser::window;
use crate::ui::state::Action;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Is the keyboard event aimed at a text field (where letters are typing)?
fn typing(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
        .unwrap_or(false)
}

/// The action a key stands for (the list the help dialog shows).
fn shortcut(e: &web_sys::KeyboardEvent) -> Option<Action> {
    // A focused control that handled the key (Enter on a link or message) keeps it.
    if e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
        return None;
    }
    if typing(e) {
        return (e.key() == "Escape").then_some(Action::CloseDialog);
    }
    Some(match e.key().as_str() {
        " " | "." => Action::TogglePlay,
        "c" | "C" => Action::FocusWrite,
        "r" | "R" => Action::RestartLeader,
        "t" | "T" => Action::Timers(TimerMode::Spread),
        "a" | "A" => Action::Timers(TimerMode::Align),
        "b" | "B" => Action::ResumeAll,
        "ArrowLeft" => Action::StepBack,
        "ArrowRight" => Action::Step,
        "[" => Action::Slower,
        "]" => Action::Faster,
        "n" | "N" => Action::NextCaption,
        "p" | "P" => Action::PrevCaption,
        "l" | "L" => Action::Live,
        "f" | "F" => Action::TogglePresenter,
        "?" => Action::ToggleHelp,
        "Escape" => Action::CloseDialog,
        _ => return None,
    })
}

/// Sends the action of each shortcut key pressed on the document. In an embed
/// (`embed`) only while its document has the focus (WCAG 2.1.4): a frame gets
/// no keys from its host page, and this holds even if one arrived while the
/// reader is elsewhere, so the host's keys stay the host's.
#[hook]
pub fn use_keyboard(dispatch: Callback<Action>, embed: bool) {
    use_effect_with((), move |_| {
        let doc = window().and_then(|w| w.document());
        let d2 = doc.clone();
        let listener =
            Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
                if embed && !d2.as_ref().is_some_and(|d| d.has_focus().unwrap_or(false)) {
                    return;
                }
                if let Some(a) = shortcut(&e) {
                    e.prevent_default();
                    dispatch.emit(a);
                }
            });
        if let Some(d) = &doc {
            let _ =
                d.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(d) = doc {
                let _ = d.remove_event_listener_with_callback(
                    "keydown",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}
