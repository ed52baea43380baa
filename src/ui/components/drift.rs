//! A server's clock rate, settable (issue 11): leases assume clocks drift
//! only a little, so a fast or slow clock can let a lease outlive its leader.

use crate::raft::NodeId;
use crate::sim::config::Settings;
use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::reads::{rate_text, RATES};
use crate::ui::state::Action;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The select for server `id`'s clock rate (`rate`, permille).
pub fn drift_select(id: NodeId, rate: u32, lang: Lang, cb: &Callback<Action>) -> Html {
    let cb = cb.clone();
    let onchange = Callback::from(move |e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        if let Ok(v) = sel.value().parse::<u32>() {
            cb.emit(Action::Set(Settings {
                drift: Some(vec![(id, v)]),
                ..Settings::default()
            }));
        }
    });
    // A rate a scenario set that the list lacks is offered too.
    let extra = (!RATES.contains(&rate)).then_some(rate);
    html! {
        <label class="row drift" title={T::ClockHint.get(lang)}>
            <span>{ T::ClockRate.get(lang) }</span>
            <select data-testid="drift" data-node={id.to_string()} {onchange}>
                { for RATES.iter().copied().chain(extra).map(|r| html! {
                    <option value={r.to_string()} selected={r == rate}>{ rate_text(r) }</option>
                }) }
            </select>
        </label>
    }
}
