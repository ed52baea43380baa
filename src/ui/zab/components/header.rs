//! The ZAB page's header: its title, the two modes, the way back to the Raft
//! page, the scenario menu and the language switch.

use super::super::text::zt;
use crate::text::Lang;
use crate::ui::components::header::{scenario_menu, MenuItem};
use crate::ui::components::icons;
use crate::ui::components::on_click;
use crate::ui::i18n::T;
use crate::ui::state::Action;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ZabHeaderProps {
    pub menu: std::rc::Rc<Vec<MenuItem>>,
    pub current: Option<String>,
    pub compare: bool,
    pub lang: Lang,
    pub on_action: Callback<Action>,
    pub on_pick: Callback<String>,
}

#[component]
pub fn ZabHeader(p: &ZabHeaderProps) -> Html {
    let lang = p.lang;
    let t = zt(lang);
    let other = lang.next();
    let q = format!("lang={}", lang.code());
    html! {
        <header class="top">
            <h1>{ icons::logo() }{ if p.compare { t.compare_title } else { t.title } }</h1>
            <nav class="modes" aria-label={T::Scenario.get(lang)}>
                <a href={format!("./?{q}")} data-testid="mode-raft">{ t.raft_page }</a>
                <a href={format!("zab.html?protocol=zab&{q}")} data-testid="mode-zab"
                   aria-current={(!p.compare).then_some("page")}>{ t.zab_alone }</a>
                <a href={format!("zab.html?compare=1&{q}")} data-testid="mode-compare"
                   aria-current={p.compare.then_some("page")}>{ t.beside_raft }</a>
            </nav>
            { scenario_menu(&p.menu, p.current.as_deref(), String::new(), lang, &p.on_pick) }
            <nav class="tools">
                <button onclick={on_click(&p.on_action, Action::SetLang(other))} data-testid="lang" lang={other.code()}
                        title={T::Language.get(lang)}>{ T::OtherLanguage.get(lang) }</button>
            </nav>
        </header>
    }
}
