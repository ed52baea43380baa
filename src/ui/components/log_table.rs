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
        // The compacted prefix: one block over the columns it covers (or the
        // "…" column when it ends before the window).
        let (si, st) = row.snapshot;
        let more = v.first > 1;
        let span = if si >= v.first { (si.min(v.last) - v.first + 1) as usize } else { 0 } + more as usize;
        let snap = (si > 0).then(|| {
            let text = format!("{} ≤ {si}, {} {st}", T::Snapshot.get(lang), T::Term.get(lang));
            html! {
                <td class="snap" colspan={span.to_string()} data-testid="snapshot" data-node={id.to_string()}
                    data-index={si.to_string()} data-term={st.to_string()} title={text.clone()}>
                    { if span >= 4 { text } else { format!("≤{si}") } }
                </td>
            }
        });
        let skip = if si > 0 { span - more as usize } else { 0 };
        let cells = cols.iter().skip(skip).map(|&i| {
            let cell = row.cells.iter().find(|c| c.index == i);
            let (next, matched) = row.next_match.unwrap_or((0, 0));
            let marks = class_list(&[
                if row.next_match.is_some() && next == i { "next" } else { "" },
                if row.next_match.is_some() && matched == i { "match" } else { "" },
            ]);
            match cell {
                Some(c) => {
                    let what = c.config.clone().or_else(|| c.cmd.clone()).unwrap_or_else(|| "no-op".into());
                    let title = format!(
                        "S{id} [{}] {} {} — {what}{}",
                        c.index,
                        T::Term.get(lang),
                        c.term,
                        if c.committed { format!(" ({})", T::Committed.get(lang)) } else { format!(" ({})", T::NotCommitted.get(lang)) }
                    );
                    html! {
                        <td class={class_list(&["entry", if c.committed { "committed" } else { "uncommitted" }, &format!("k-{}", c.kind.name()), &marks])}
                            data-testid="log-entry" data-node={id.to_string()} data-index={c.index.to_string()}
                            data-term={c.term.to_string()} data-committed={c.committed.to_string()} data-kind={c.kind.name()}
                            style={format!("--hue:{}", term_hue(c.term))} title={title}>
                            <span class="t">{ c.term.to_string() }</span>
                            if let Some(cmd) = &c.cmd {
                                <span class="cmd">{ cmd.clone() }</span>
                            }
                            if let Some(cfg) = &c.config {
                                <span class="cfg">{ cfg.clone() }</span>
                            }
                        </td>
                    }
                }
                None => html! { <td class={class_list(&["empty", &marks])}></td> },
            }
        });
        let nm = row.next_match.map(|(n, m)| format!("{} {n} · {} {m}", T::NextIndex.get(lang), T::MatchIndex.get(lang)));
        html! {
            <tr key={id as u32} class={class_list(&[if row.alive { "" } else { "down" }, row.member.name()])}>
                <th scope="row" title={nm.unwrap_or_default()}>{ format!("S{id}{role_mark}") }</th>
                if more && si == 0 { <td class="more"></td> }
                { for snap }
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
