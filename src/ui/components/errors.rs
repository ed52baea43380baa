//! Messages about bad input (URL, scenario, a typed value), shown as text.

use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::state::Action;
use yew::prelude::*;

#[derive(PartialEq)]
pub struct ErrorsProps {
    pub errors: Vec<String>,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

pub fn errors(p: &ErrorsProps) -> Html {
    if p.errors.is_empty() {
        return html! {};
    }
    html! {
        <div class="errors" role="alert">
            { for p.errors.iter().enumerate().map(|(i, e)| {
                let cb = p.on_action.clone();
                let dismiss = Callback::from(move |_: MouseEvent| cb.emit(Action::DismissError(i)));
                html! {
                    <div class="error" data-testid="error">
                        <span>{ e.clone() }</span>
                        <button onclick={dismiss} aria-label={T::Dismiss.get(p.lang)}>{ "×" }</button>
                    </div>
                }
            }) }
        </div>
    }
}
