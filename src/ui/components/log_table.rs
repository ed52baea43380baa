//! The logs: one row per server, one column per index; committed entries are
//! solid, uncommitted ones hatched; the leader's nextIndex and matchIndex for
//! each follower are marked.

use super::class_list;
use crate::raft::Role;
use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::view::{term_hue, LogView};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LogTableProps {
    pub view: LogView,
    pub lang: Lang,
}

#[component]
pub fn LogTable(p: &LogTableProps) -> Html {
    let lang = p.lang;
    let v = &p.view;
    let cols: Vec<u64> = if v.last == 0 {
        vec![]
    } else {
        (v.first..=v.last).collect()
    };
    let head = html! {
        <tr>
            <th scope="col"></th>
            if v.first > 1 {
                <th class="more" scope="col" title={format!("{} {}", v.first - 1, T::EarlierEntries.get(lang))}>{ "…" }</th>
            }
            { for cols.iter().map(|i| html! { <th scope="col">{ i.to_string() }</th> }) }
            <th scope="col" class="state">{ T::KvState.get(lang) }</th>
        </tr>
    };
    let rows = v.rows.iter().map(|row| {
        let id = row.id;
        let role_mark = if !row.alive {
            "✕"
        } else if row.role == Role::Leader {
            "★"
        } else {
            ""
        };
        let cells = cols.iter().map(|&i| {
            let cell = row.cells.iter().find(|c| c.index == i);
            let (next, matched) = row.next_match.unwrap_or((0, 0));
            let marks = class_list(&[
                if row.next_match.is_some() && next == i { "next" } else { "" },
                if row.next_match.is_some() && matched == i { "match" } else { "" },
            ]);
            match cell {
                Some(c) => {
                    let title = format!(
                        "S{id} [{}] {} {} — {}{}",
                        c.index,
                        T::Term.get(lang),
                        c.term,
                        c.cmd.clone().unwrap_or_else(|| "no-op".into()),
                        if c.committed { format!(" ({})", T::Committed.get(lang)) } else { format!(" ({})", T::NotCommitted.get(lang)) }
                    );
                    html! {
                        <td class={class_list(&["entry", if c.committed { "committed" } else { "uncommitted" }, &marks])}
                            data-testid="log-entry" data-node={id.to_string()} data-index={c.index.to_string()}
                            data-term={c.term.to_string()} data-committed={c.committed.to_string()}
                            style={format!("--hue:{}", term_hue(c.term))} title={title}>
                            <span class="t">{ c.term.to_string() }</span>
                            if let Some(cmd) = &c.cmd {
                                <span class="cmd">{ cmd.clone() }</span>
                            }
                        </td>
                    }
                }
                None => html! { <td class={class_list(&["empty", &marks])}></td> },
            }
        });
        let nm = row.next_match.map(|(n, m)| format!("{} {n} · {} {m}", T::NextIndex.get(lang), T::MatchIndex.get(lang)));
        html! {
            <tr key={id as u32} class={(!row.alive).then_some("down")}>
                <th scope="row" title={nm.unwrap_or_default()}>{ format!("S{id}{role_mark}") }</th>
                if v.first > 1 { <td class="more"></td> }
                { for cells }
                <td class="state" title={row.kv.clone()}><code>{ row.kv.clone() }</code></td>
            </tr>
        }
    });
    html! {
        <section class="panel logs" aria-label={T::Logs.get(lang)}>
            <h2>{ T::Logs.get(lang) }
                <span class="legend-inline">
                    <span class="entry committed sample">{ "1" }</span>{ T::Committed.get(lang) }
                    <span class="entry uncommitted sample">{ "1" }</span>{ T::NotCommitted.get(lang) }
                    <span class="sample next-sample"></span>{ T::NextIndex.get(lang) }
                    <span class="sample match-sample"></span>{ T::MatchIndex.get(lang) }
                </span>
            </h2>
            <div class="scroll">
                <table>
                    <thead>{ head }</thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        </section>
    }
}
