//! The six safety properties: green while they hold, red with an explanation and
//! the moment of the first violation.

use crate::text::Lang;
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
                        <li key={v.invariant.name()} class={if ok { "ok" } else { "broken" }}
                            data-testid="invariant" data-name={v.invariant.name()} data-ok={ok.to_string()}
                            title={v.invariant.promise(lang)}>
                            <span class="mark" aria-hidden="true">{ if ok { "✓" } else { "✗" } }</span>
                            <span class="name">{ v.invariant.title(lang) }</span>
                            if let Some((t, nodes, detail)) = &v.first {
                                <div class="why" role="alert">
                                    <strong>{ format!("{} {} ms", T::ViolatedAt.get(lang), ms_text(*t)) }</strong>
                                    { format!(" ({}): ", nodes.iter().map(|n| format!("S{n}")).collect::<Vec<_>>().join(", ")) }
                                    { v.invariant.promise(lang) }
                                    <br/>
                                    <small>{ detail.text(lang) }</small>
                                </div>
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
