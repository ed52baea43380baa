//! Each server's history as zxid cells (`2:3`, the 64-bit `0x200000003` in the
//! tooltip and in the row's head); committed ones solid, the rest dashed and marked.

use super::super::text::zt;
use super::super::view::HistoryRow;
use crate::text::Lang;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HistoryTableProps {
    pub rows: Rc<Vec<HistoryRow>>,
    pub lang: Lang,
}

#[component]
pub fn HistoryTable(p: &HistoryTableProps) -> Html {
    let t = zt(p.lang);
    html! {
        <section class="panel zab-history" data-testid="histories" aria-label={t.histories}>
            <h2>{ t.histories }</h2>
            <p class="hint">{ t.histories_hint }</p>
            <div class="rows">
                { for p.rows.iter().map(|r| html! {
                    <div key={r.id} class={format!("hrow{}", if r.alive { "" } else { " down" })} data-testid="history" data-node={r.id.to_string()}>
                        <div class="who">
                            <strong>{ format!("S{}", r.id) }</strong>
                            <span class="last" title={format!("{} {} = {}", t.last_zxid, r.last, r.last.hex())}>
                                { format!("{} {}", r.last, r.last.hex()) }
                            </span>
                        </div>
                        <ol class="cells">
                            if r.hidden > 0 { <li class="more">{ format!("+{}", r.hidden) }</li> }
                            { for r.cells.iter().map(|c| html! {
                                <li class={if c.committed { "zxid committed" } else { "zxid pending" }}
                                    data-testid="zxid" data-node={r.id.to_string()} data-zxid={c.zxid.to_string()}
                                    data-hex={c.zxid.hex()} data-committed={c.committed.to_string()}
                                    title={format!("zxid {} = {} · {} · {}", c.zxid, c.zxid.hex(), c.data,
                                                   if c.committed { t.committed } else { t.not_committed })}>
                                    <span class="z">{ c.zxid.to_string() }</span>
                                    <span class="d">{ c.data.clone() }</span>
                                    if !c.committed { <span class="q" aria-label={t.not_committed}>{ "?" }</span> }
                                </li>
                            }) }
                        </ol>
                    </div>
                }) }
            </div>
        </section>
    }
}
