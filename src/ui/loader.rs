//! Loading scenarios: the menu of shipped ones, the one a URL names (a shipped
//! name, inline JSON or a `z:` share link), and a file the user imports. Each
//! ends in an `Action::Load`, or an `Action::Error` in the page's language.

use super::browser::{fetch_text, read_file};
use super::components::header::MenuItem;
use super::i18n::{fill, T};
use super::share;
use super::state::Action;
use crate::raft::Time;
use crate::sim::json::{self, Json};
use crate::sim::scenario;
use crate::text::Lang;
use yew::Callback;

/// The list of shipped scenarios, next to the page.
const INDEX: &str = "scenarios/index.json";

/// Whether a scenario name from a URL is a plain shipped name.
pub fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Loads the scenario a URL (or the menu) asks for: a shipped name, inline JSON
/// or a `z:` link; `at` is where to stop (a shared link's `t`).
pub async fn load(spec: String, at: Option<Time>, dispatch: Callback<Action>, lang: Lang) {
    let prefix = T::ScenarioFailed.get(lang);
    let result = if spec.starts_with(share::PREFIX) {
        share::decode(&spec)
            .and_then(|json| scenario::parse(&json))
            .map(|s| (s, None))
    } else if spec.trim_start().starts_with('{') {
        scenario::parse(&spec).map(|s| (s, None))
    } else if is_name(&spec) {
        // Ask the menu first: a missing file would log a 404 in the console.
        let known = fetch_text(INDEX).await.ok().and_then(|t| {
            let v = json::parse(&t).ok()?;
            let names: Vec<String> = v
                .as_array()?
                .iter()
                .filter_map(|i| Some(i.get("name")?.as_str()?.to_string()))
                .collect();
            Some(names)
        });
        match known {
            Some(names) if !names.contains(&spec) => {
                let msg = fill(T::ErrNoScenario.get(lang), &[&spec, &names.join(", ")]);
                dispatch.emit(Action::Error(format!("{prefix}: {msg}")));
                return;
            }
            _ => {}
        }
        match fetch_text(&format!("scenarios/{spec}.json")).await {
            Ok(text) => scenario::parse(&text).map(|s| (s, Some(spec.clone()))),
            Err(e) => Err(format!("no shipped scenario \"{spec}\" ({e})")),
        }
    } else {
        let shown: String = spec.chars().take(40).collect();
        Err(fill(T::ErrNotScenario.get(lang), &[&shown]))
    };
    match result {
        Ok((s, _))
            if s.setup.cluster.protocol != crate::sim::Protocol::Raft
                && super::browser::open_zab_page() => {}
        Ok((s, name)) => dispatch.emit(Action::Load {
            scenario: Box::new(s),
            name,
            at,
        }),
        Err(e) => dispatch.emit(Action::Error(format!("{prefix}: {e}"))),
    }
}

/// The menu of shipped scenarios (empty if the list cannot be read).
pub async fn menu() -> Vec<MenuItem> {
    menu_for(None).await
}

/// The shipped scenarios marked `"protocol": protocol` in the list (none: Raft's own).
pub async fn menu_for(protocol: Option<&str>) -> Vec<MenuItem> {
    let Ok(text) = fetch_text(INDEX).await else {
        return vec![];
    };
    let Ok(Json::Arr(items)) = json::parse(&text) else {
        return vec![];
    };
    // Read each text through the scenario reader's rules.
    let text_of = |v: &Json| {
        let probe = Json::obj([
            ("format", Json::str(scenario::FORMAT)),
            ("title", v.clone()),
        ]);
        scenario::from_value(&probe)
            .map(|s| s.title)
            .unwrap_or_default()
    };
    items
        .iter()
        // Side-by-side ZAB scenarios belong to the ZAB page's menu.
        .filter(|i| i.get("protocol").and_then(Json::as_str) == protocol)
        .filter_map(|i| {
            Some(MenuItem {
                name: i.get("name")?.as_str().filter(|n| is_name(n))?.to_string(),
                title: text_of(i.get("title")?),
            })
        })
        .collect()
}

/// Loads a scenario file the user picked.
pub async fn import(file: web_sys::File, dispatch: Callback<Action>, lang: Lang) {
    let name = file.name();
    let prefix = T::ImportFailed.get(lang);
    if file.size() > scenario::MAX_BYTES as f64 {
        let why = fill(
            T::ErrTooLarge.get(lang),
            &[&scenario::MAX_BYTES.to_string()],
        );
        dispatch.emit(Action::Error(format!("{prefix}: {name}: {why}")));
        return;
    }
    match read_file(&file).await.map(|t| scenario::parse(&t)) {
        Some(Ok(s)) => dispatch.emit(Action::Load {
            scenario: Box::new(s),
            name: None,
            at: None,
        }),
        Some(Err(e)) => dispatch.emit(Action::Error(format!("{prefix}: {name}: {e}"))),
        None => dispatch.emit(Action::Error(format!(
            "{prefix}: {name}: {}",
            T::ErrNotText.get(lang)
        ))),
    }
}
