//! The cluster as a table, for those who cannot see the drawing: one row per
//! server with its role, term, vote, log and commit index (WCAG 1.1.1, 1.4.1:
//! nothing here is carried by colour alone).

use super::server::role_text;
use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::view::ServerView;
use yew::prelude::*;

#[derive(PartialEq)]
pub struct StageTableProps {
    pub servers: Vec<ServerView>,
    pub lang: Lang,
}

/// A view function: the rows change with the cluster, every frame.
pub fn stage_table(p: &StageTableProps) -> Html {
    let lang = p.lang;
    html! {
        <details class="panel table-view" data-testid="table-view">
            <summary>{ T::TableView.get(lang) }</summary>
            <table data-testid="state-table">
                <thead><tr>
                    <th scope="col">{ T::StageServer.get(lang) }</th>
                    <th scope="col">{ T::Role.get(lang) }</th>
                    <th scope="col">{ T::Term.get(lang) }</th>
                    <th scope="col">{ T::VotedFor.get(lang) }</th>
                    <th scope="col">{ T::LastIndex.get(lang) }</th>
                    <th scope="col">{ T::CommitIndex.get(lang) }</th>
                </tr></thead>
                <tbody>
                    { for p.servers.iter().map(|s| html! {
                        <tr data-testid="state-row" data-node={s.id.to_string()}>
                            <th scope="row">{ format!("S{}", s.id) }</th>
                            <td>{ role_text(s, lang) }</td>
                            <td>{ s.term }</td>
                            <td>{ s.voted_for.map(|v| format!("S{v}")).unwrap_or_else(|| "–".into()) }</td>
                            <td>{ s.last }</td>
                            <td>{ s.commit }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </details>
    }
}
