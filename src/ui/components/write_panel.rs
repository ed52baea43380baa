//! Client writes, shared by the Raft page's client panel (`client_panel`) and
//! the ZAB page: a write's status in words, and the send button's handler.

use crate::sim::WriteStatus;
use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::state::Action;
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub fn status_text(s: WriteStatus, lang: Lang) -> &'static str {
    match s {
        WriteStatus::Pending => T::Pending.get(lang),
        WriteStatus::Acked => T::Acked.get(lang),
        WriteStatus::Unknown => T::Unknown.get(lang),
    }
}

/// Sends what the box holds as a write and empties it; an empty box sends a
/// fresh example write (`x=1`, `x=2`, …). On the button's click (Enter in the
/// box clicks it too), not on the form's submit: a sandboxed frame without
/// allow-forms never submits.
pub fn on_send_write(
    input: NodeRef,
    counter: UseStateHandle<u32>,
    cb: Callback<Action>,
) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        if let Some(el) = input.cast::<HtmlInputElement>() {
            let v = el.value();
            if v.trim().is_empty() {
                let n = *counter;
                counter.set(n + 1);
                cb.emit(Action::Write(format!("x={n}")));
            } else {
                cb.emit(Action::Write(v));
                el.set_value("");
            }
        }
    })
}
