//! The top bar: title, scenario menu, language, presenter mode, help, and the
//! sharing tools.

use super::icons;
use super::on_click;
use crate::sim::scenario::Text;
use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::state::{Action, Dialog};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// A shipped scenario in the menu.
#[derive(Clone, Debug, PartialEq)]
pub struct MenuItem {
    pub name: String,
    pub title: Text,
}

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub menu: std::rc::Rc<Vec<MenuItem>>,
    /// The shipped scenario playing, if any.
    pub current: Option<String>,
    /// Its description, as the menu's tooltip.
    pub description: String,
    pub lang: Lang,
    pub presenter: bool,
    pub on_action: Callback<Action>,
    /// Load a shipped scenario by name ("" for free play).
    pub on_pick: Callback<String>,
    pub on_export: Callback<()>,
    pub on_import: Callback<web_sys::File>,
}

/// The scenario menu: free play, then each shipped scenario; picking one
/// sends its name (empty: free play).
pub fn scenario_menu(
    menu: &[MenuItem],
    current: Option<&str>,
    title: String,
    lang: Lang,
    on_pick: &Callback<String>,
) -> Html {
    let on_pick = {
        let cb = on_pick.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            cb.emit(sel.value());
        })
    };
    html! {
        <label class="menu">
            <span class="sr">{ T::Scenario.get(lang) }</span>
            <select onchange={on_pick} data-testid="scenario-menu" aria-label={T::Scenario.get(lang)} {title}>
                <option value="" selected={current.is_none()}>{ T::FreePlay.get(lang) }</option>
                { for menu.iter().map(|m| html! {
                    <option value={m.name.clone()} selected={current == Some(m.name.as_str())}>
                        { m.title.get(lang.code()).to_string() }
                    </option>
                }) }
            </select>
        </label>
    }
}

#[component]
pub fn Header(p: &HeaderProps) -> Html {
    let lang = p.lang;
    let act = |a: Action| on_click(&p.on_action, a);
    let other = lang.next();
    let export = {
        let cb = p.on_export.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let import = {
        let cb = p.on_import.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(f) = input.files().and_then(|l| l.get(0)) {
                cb.emit(f);
            }
            input.set_value("");
        })
    };

    html! {
        <header class="top">
            <h1>{ icons::logo() }{ T::AppTitle.get(lang) }</h1>
            { scenario_menu(&p.menu, p.current.as_deref(), p.description.clone(), lang, &p.on_pick) }
            <nav class="tools">
                <a class="button" href={format!("zab.html?compare=1&lang={}", lang.code())} data-testid="compare-link">{ T::ZabBesideRaft.get(lang) }</a>
                <button onclick={act(Action::OpenDialog(Dialog::Stage))} data-testid="stage">{ T::Stage.get(lang) }</button>
                <button onclick={act(Action::OpenDialog(Dialog::Share))} data-testid="share">{ T::Share.get(lang) }</button>
                <button onclick={export} data-testid="export">{ T::Export.get(lang) }</button>
                <label class="button" data-testid="import">
                    { T::Import.get(lang) }
                    <input type="file" accept=".json,application/json" onchange={import} data-testid="import-file" class="sr" />
                </label>
                <button onclick={act(Action::OpenDialog(Dialog::Embed))} data-testid="embed">{ T::Embed.get(lang) }</button>
                <button onclick={act(Action::TogglePresenter)} aria-pressed={p.presenter.to_string()} data-testid="presenter"
                        title={T::Presenter.get(lang)}>{ icons::contrast() }<span class="sr">{ T::Presenter.get(lang) }</span></button>
                <button onclick={act(Action::SetLang(other))} data-testid="lang" lang={other.code()}
                        title={T::Language.get(lang)}>{ T::OtherLanguage.get(lang) }</button>
                <button onclick={act(Action::ToggleHelp)} data-testid="help" aria-label={T::Help.get(lang)} title={T::Help.get(lang)}>{ "?" }</button>
            </nav>
        </header>
    }
}
