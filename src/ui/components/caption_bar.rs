//! A scenario's narration: the caption of the moment, previous/next, continue.

use super::on_click;
use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::state::Action;
use yew::prelude::*;

#[derive(PartialEq)]
pub struct CaptionBarProps {
    pub title: String,
    pub description: String,
    pub caption: Option<String>,
    /// Every caption of the script: drawn invisibly in the same place, so the
    /// bar is as tall as the longest and never changes height (nothing below
    /// moves when the caption changes).
    pub sizers: std::rc::Rc<Vec<String>>,
    pub has_captions: bool,
    pub forked: bool,
    pub playing: bool,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

pub fn caption_bar(p: &CaptionBarProps) -> Html {
    let lang = p.lang;
    let act = |a: Action| on_click(&p.on_action, a);
    html! {
        <div class="caption-bar" data-testid="caption-bar">
            <div class="scenario-title">{ p.title.clone() }
                <span class="description">{ p.description.clone() }</span>
                if p.forked {
                    <span class="hint">{ T::TookOver.get(lang) }</span>
                }
            </div>
            <div class="captions">
                { for p.sizers.iter().map(|t| html! { <p class="caption sizer" aria-hidden="true">{ t.clone() }</p> }) }
                <p class="caption" data-testid="caption" aria-live="polite">
                    { p.caption.clone().unwrap_or_default() }
                </p>
            </div>
            if p.has_captions {
                <div class="buttons">
                    <button onclick={act(Action::PrevCaption)} data-testid="prev-caption">{ "‹ " }{ T::PrevCaption.get(lang) }</button>
                    // A slot that keeps its width whether "Continue" shows or not.
                    <span class="continue-slot">
                        if !p.playing {
                            <button onclick={act(Action::TogglePlay)} data-testid="continue" class="primary">{ T::Continue.get(lang) }</button>
                        }
                    </span>
                    <button onclick={act(Action::NextCaption)} data-testid="next-caption">{ T::NextCaption.get(lang) }{ " ›" }</button>
                </div>
            }
        </div>
    }
}
