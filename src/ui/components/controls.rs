//! Time: play/pause, step, speed, the simulated clock, back and forth by events.

use super::icons;
use super::on_click;
use crate::raft::Time;
use crate::text::Lang;
use crate::ui::i18n::{fill, T};
use crate::ui::num::{f3, ms1};
use crate::ui::params::SPEED_RANGE_TEXT;
use crate::ui::state::Action;
use crate::ui::view::ms_text;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(PartialEq)]
pub struct ControlsProps {
    pub playing: bool,
    pub speed: f64,
    pub now: Time,
    pub at_head: bool,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

/// A view function, not a component: its props change nearly every frame.
pub fn controls(p: &ControlsProps) -> Html {
    let lang = p.lang;
    let act = |a: Action| on_click(&p.on_action, a);
    let on_speed = {
        let cb = p.on_action.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            match crate::sim::json::decimal(input.value().trim()) {
                Some(v) if v.is_finite() && v > 0.0 => cb.emit(Action::SetSpeed(v)),
                _ => {
                    let got: String = input.value().chars().take(30).collect();
                    let (lo, hi) = SPEED_RANGE_TEXT;
                    cb.emit(Action::Error(fill(T::ErrSpeed.get(lang), &[lo, hi, &got])))
                }
            }
        })
    };
    let play_label = if p.playing {
        T::Pause.get(lang)
    } else {
        T::Play.get(lang)
    };
    html! {
        <div class="controls" role="toolbar" aria-label={T::Time.get(lang)}>
            <button class="prev" onclick={act(Action::StepBack)} title={T::PrevEvent.get(lang)} aria-label={T::PrevEvent.get(lang)}>{ icons::back() }</button>
            <button class="play" data-testid="play-pause" data-playing={p.playing.to_string()}
                    onclick={act(Action::TogglePlay)} aria-label={play_label} title={play_label}>
                { if p.playing { icons::pause() } else { icons::play() } }<span class="label">{ play_label }</span>
            </button>
            <button data-testid="step" onclick={act(Action::Step)} title={T::NextEvent.get(lang)} aria-label={T::Step.get(lang)}>
                { icons::step() }<span class="label">{ T::Step.get(lang) }</span>
            </button>
            <span class="speed">
                <button onclick={act(Action::Slower)} aria-label={T::Slower.get(lang)} title={T::Slower.get(lang)}>{ "−" }</button>
                <label>
                    <span class="label">{ T::Speed.get(lang) }</span>
                    <input data-testid="speed" type="number" inputmode="decimal" step="any"
                           min={SPEED_RANGE_TEXT.0} max={SPEED_RANGE_TEXT.1}
                           value={f3(p.speed)} onchange={on_speed}
                           title={T::SpeedHint.get(lang)} aria-label={format!("{} ({})", T::Speed.get(lang), T::SpeedHint.get(lang))} />
                    <span class="unit">{ "×" }</span>
                </label>
                <button onclick={act(Action::Faster)} aria-label={T::Faster.get(lang)} title={T::Faster.get(lang)}>{ "+" }</button>
            </span>
            <span class="clock" data-testid="sim-time" data-ms={ms_text(p.now)} aria-label={T::Time.get(lang)}>
                { format!("{} ms", ms1(p.now)) }
            </span>
            <button class="reset" data-testid="reset" onclick={act(Action::Reset)} title={T::Reset.get(lang)} aria-label={T::Reset.get(lang)}>{ icons::reset() }</button>
            // A slot that keeps its width: "Live" appearing after a seek must not
            // wrap the controls and move the timeline under the pointer.
            <span class="live-slot">
                if !p.at_head {
                    <button class="live" data-testid="live" onclick={act(Action::Live)}>{ T::Live.get(lang) }</button>
                }
            </span>
        </div>
    }
}
