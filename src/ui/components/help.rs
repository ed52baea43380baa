//! The keyboard shortcut overlay (`?`).

use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::state::Action;
use yew::prelude::*;

/// Every shortcut: keys and what they do.
pub const SHORTCUTS: [(&str, T); 12] = [
    ("Space  .", T::KeyPause),
    ("C", T::KeyWrite),
    ("R", T::KeyRestartLeader),
    ("T", T::KeySpread),
    ("A", T::KeyAlign),
    ("B", T::KeyResume),
    ("←  →", T::KeyScrub),
    ("[  ]", T::KeySpeed),
    ("P  N", T::KeyCaptions),
    ("L", T::KeyLive),
    ("F", T::KeyPresenter),
    ("?", T::KeyHelp),
];

#[derive(PartialEq)]
pub struct HelpProps {
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

pub fn help(p: &HelpProps) -> Html {
    let lang = p.lang;
    let close = {
        let cb = p.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Action::ToggleHelp))
    };
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-label={T::ShortcutsTitle.get(lang)} data-testid="help-overlay">
            <div class="dialog">
                <h2>{ T::ShortcutsTitle.get(lang) }</h2>
                <table class="keys">
                    <tbody>
                        { for SHORTCUTS.iter().map(|(k, t)| html! {
                            <tr><th><kbd>{ *k }</kbd></th><td>{ t.get(lang) }</td></tr>
                        }) }
                    </tbody>
                </table>
                <button onclick={close} class="primary" autofocus=true>{ T::Close.get(lang) }</button>
            </div>
        </div>
    }
}
