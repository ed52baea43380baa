//! The six safety properties: green while they hold, red with an explanation and
//! the moment of the first violation.

use crate::sim::narrate::{invariant_promise, invariant_title, Lang};
use crate::ui::i18n::T;
use crate::ui::view::{ms_text, InvariantView};
use yew::prelude::*;

#[derive(PartialEq)]
pub struct InvariantsProps {
    pub view: Vec<InvariantView>,
    pub lang: Lang,
}

/// A view function: six rows, cheaper to redraw than to keep as a component.
pub fn invariants(p: &InvariantsProps) -> Html {
    let lang = p.lang;
    html! {
        <section class="panel invariants" aria-label={T::Invariants.get(lang)}>
            <h2>{ T::Invariants.get(lang) }</h2>
            <ul>
                { for p.view.iter().map(|v| {
                    let ok = v.count == 0;
                    html! {
                        <li key={v.name} class={if ok { "ok" } else { "broken" }}
                            data-testid="invariant" data-name={v.name} data-ok={ok.to_string()}
                            title={invariant_promise(v.name, lang)}>
                            <span class="mark" aria-hidden="true">{ if ok { "✓" } else { "✗" } }</span>
                            <span class="name">{ invariant_title(v.name, lang) }</span>
                            if let Some((t, nodes, detail)) = &v.first {
                                <div class="why" role="alert">
                                    <strong>{ format!("{} {} ms", T::ViolatedAt.get(lang), ms_text(*t)) }</strong>
                                    { format!(" ({}): ", nodes.iter().map(|n| format!("S{n}")).collect::<Vec<_>>().join(", ")) }
                                    { invariant_promise(v.name, lang) }
                                    <br/>
                                    <small>{ detail.clone() }</small>
                                </div>
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
