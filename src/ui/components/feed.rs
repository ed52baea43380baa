//! The event feed: what just happened, in plain language, newest first.

use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::num::ms1;
use crate::ui::view::FeedLine;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FeedProps {
    pub lines: Rc<Vec<FeedLine>>,
    pub lang: Lang,
}

#[component]
pub fn Feed(p: &FeedProps) -> Html {
    let lang = p.lang;
    html! {
        <section class="panel feed" aria-label={T::Events.get(lang)}>
            <h2>{ T::Events.get(lang) }</h2>
            if p.lines.is_empty() {
                <p class="hint">{ T::NoEvents.get(lang) }</p>
            }
            // Scrollable: focusable, so a keyboard can scroll it (WCAG 2.1.1).
            <ol aria-live="polite" tabindex="0" aria-label={T::Events.get(lang)}>
                { for p.lines.iter().map(|l| html! {
                    <li class={l.alarm.then_some("alarm")}>
                        <time>{ ms1(l.t) }</time>{ " " }{ l.text.clone() }
                    </li>
                }) }
            </ol>
        </section>
    }
}
