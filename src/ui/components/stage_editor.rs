//! The staging editor: set each server's term, vote and log (terms per index)
//! before starting, to build Figure-7-like situations by hand. It produces the
//! scenario's `init`, checked by the scenario reader.

use crate::raft::NodeId;
use crate::sim::json::Json;
use crate::sim::scenario::{self, cluster_json, FORMAT};
use crate::sim::world::InitNode;
use crate::sim::ClusterConfig;
use crate::text::Lang;
use crate::ui::i18n::T;
use crate::ui::state::Action;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// One server's row as typed.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    term: String,
    voted_for: String,
    log: String,
}

#[derive(Properties, PartialEq)]
pub struct StageEditorProps {
    pub init: Vec<InitNode>,
    pub config: ClusterConfig,
    pub seed: u64,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

/// Builds the scenario JSON of a staged start and reads it back through the
/// scenario reader, so every rule (terms never decrease, term ≥ log terms…) holds.
pub fn staged(
    rows: &[(String, String, String)],
    config: &ClusterConfig,
    seed: u64,
) -> Result<scenario::Scenario, String> {
    let mut init = vec![];
    for (i, (term, voted, log)) in rows.iter().enumerate() {
        let id = i + 1;
        let term: u64 = term.trim().parse().map_err(|_| {
            format!(
                "S{id}: the term must be a whole number, got \"{}\"",
                term.chars().take(20).collect::<String>()
            )
        })?;
        let mut terms = vec![];
        for t in log
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
        {
            terms.push(t.parse::<u64>().map_err(|_| {
                format!(
                    "S{id}: the log is terms separated by spaces, got \"{}\"",
                    t.chars().take(20).collect::<String>()
                )
            })?);
        }
        let mut node = Json::obj([
            ("node", Json::int(id as u64)),
            ("term", Json::int(term)),
            ("log", Json::Arr(terms.into_iter().map(Json::int).collect())),
        ]);
        if let Ok(v) = voted.parse::<NodeId>() {
            node.set("voted_for", Json::int(v as u64));
        }
        init.push(node);
    }
    let v = Json::obj([
        ("format", Json::str(FORMAT)),
        (
            "title",
            Json::obj([
                ("en", Json::str("Staged start")),
                ("zh", Json::str("手动布置的初始状态")),
            ]),
        ),
        ("seed", Json::int(seed)),
        ("cluster", cluster_json(config)),
        ("init", Json::Arr(init)),
        ("steps", Json::Arr(vec![])),
    ]);
    scenario::from_value(&v).map_err(|e| {
        // The reader names "init[i] (server n)"; here the rows are simply Sn.
        (0..rows.len()).fold(e, |e, i| {
            e.replace(
                &format!("init[{i}] (server {})", i + 1),
                &format!("S{}", i + 1),
            )
        })
    })
}

#[component]
pub fn StageEditor(p: &StageEditorProps) -> Html {
    let lang = p.lang;
    let rows = use_state(|| {
        p.init
            .iter()
            .map(|i| Row {
                term: i.term.to_string(),
                voted_for: i.voted_for.map(|v| v.to_string()).unwrap_or_default(),
                log: i
                    .log
                    .iter()
                    .map(|e| e.term.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
            })
            .collect::<Vec<_>>()
    });
    let problem = use_state(|| None::<String>);
    let n = rows.len();
    let edit = |i: usize, field: u8| {
        let rows = rows.clone();
        Callback::from(move |e: Event| {
            let value = if field == 1 {
                let s: HtmlSelectElement = e.target_unchecked_into();
                s.value()
            } else {
                let s: HtmlInputElement = e.target_unchecked_into();
                s.value()
            };
            let mut r = (*rows).clone();
            match field {
                0 => r[i].term = value,
                1 => r[i].voted_for = value,
                _ => r[i].log = value,
            }
            rows.set(r);
        })
    };
    let start = {
        let rows = rows.clone();
        let problem = problem.clone();
        let cb = p.on_action.clone();
        let config = p.config.clone();
        let seed = p.seed;
        // On the button's click, as in the write panel (sandboxed frames).
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            let r: Vec<_> = rows
                .iter()
                .map(|r| (r.term.clone(), r.voted_for.clone(), r.log.clone()))
                .collect();
            match staged(&r, &config, seed) {
                Ok(s) => {
                    cb.emit(Action::CloseDialog);
                    cb.emit(Action::Load {
                        scenario: Box::new(s),
                        name: None,
                        at: None,
                    });
                }
                Err(msg) => problem.set(Some(msg)),
            }
        })
    };
    let close = {
        let cb = p.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Action::CloseDialog))
    };
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-label={T::Stage.get(lang)}>
            <form class="dialog stage">
                <h2>{ T::Stage.get(lang) }</h2>
                <p class="hint">{ T::StageHint.get(lang) }</p>
                <table>
                    <thead><tr>
                        <th>{ T::StageServer.get(lang) }</th><th>{ T::Term.get(lang) }</th>
                        <th>{ T::VotedFor.get(lang) }</th><th>{ T::StageLog.get(lang) }</th>
                    </tr></thead>
                    <tbody>
                        { for rows.iter().enumerate().map(|(i, r)| html! {
                            <tr key={i}>
                                <th>{ format!("S{}", i + 1) }</th>
                                <td><input type="number" min="0" value={r.term.clone()} onchange={edit(i, 0)} data-testid="stage-term" aria-label={format!("S{} {}", i + 1, T::Term.get(lang))} /></td>
                                <td><select onchange={edit(i, 1)} data-testid="stage-vote" aria-label={format!("S{} {}", i + 1, T::VotedFor.get(lang))}>
                                    <option value="" selected={r.voted_for.is_empty()}>{ T::Nobody.get(lang) }</option>
                                    { for (1..=n).map(|v| html! { <option value={v.to_string()} selected={r.voted_for == v.to_string()}>{ format!("S{v}") }</option> }) }
                                </select></td>
                                <td><input type="text" value={r.log.clone()} onchange={edit(i, 2)} data-testid="stage-log" placeholder="1 1 2" spellcheck="false" aria-label={format!("S{} {}", i + 1, T::StageLog.get(lang))} /></td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                if let Some(msg) = &*problem {
                    <p class="error" data-testid="error" role="alert">{ msg.clone() }</p>
                }
                <div class="buttons">
                    <button type="submit" class="primary" data-testid="stage-start" onclick={start}>{ T::StageStart.get(lang) }</button>
                    <button type="button" onclick={close}>{ T::Close.get(lang) }</button>
                </div>
            </form>
        </div>
    }
}
