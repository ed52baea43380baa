//! The page: one reducer-held state, the animation loop, the keyboard, and the
//! browser's side of loading, sharing and exporting scenarios.

use super::components::caption_bar::{caption_bar, CaptionBarProps};
use super::components::class_list;
use super::components::cluster::Cluster;
use super::components::controls::{controls, ControlsProps};
use super::components::errors::{errors, ErrorsProps};
use super::components::feed::Feed;
use super::components::header::{Header, MenuItem};
use super::components::help::{help, HelpProps};
use super::components::inspector::{inspect, inspector, InspectorProps};
use super::components::invariants::{invariants, InvariantsProps};
use super::components::legend::{legend, LegendProps};
use super::components::log_table::LogTable;
use super::components::network_panel::NetworkPanel;
use super::components::settings::SettingsPanel;
use super::components::share_dialog::ShareDialog;
use super::components::source_view::SourceView;
use super::components::stage_editor::StageEditor;
use super::components::timeline::Timeline;
use super::components::write_panel::WritePanel;
use super::i18n::{fill, T};
use super::params::{self, Params};
use super::share;
use super::state::{Action, AppState, Dialog};
use super::view;
use crate::raft::NodeId;
use crate::sim::json::{self, Json};
use crate::sim::narrate::Lang;
use crate::sim::scenario::{self, Scenario, Text};
use crate::sim::world::TimerMode;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// Shortest real time between two rendered frames.
const MIN_FRAME_MS: f64 = 30.0;

/// The animation-frame callback (it re-arms itself).
type FrameCallback = Closure<dyn FnMut(f64)>;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The page's URL without its query, for share links.
fn base_url() -> String {
    window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default()
}

/// The URL, the browser's language, and what was wrong with the URL.
fn initial() -> (Params, Lang, Vec<String>) {
    let query = window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let browser = window()
        .and_then(|w| w.navigator().language())
        .and_then(|l| Lang::parse(&l))
        .unwrap_or_default();
    let (mut p, errors) = params::parse(&query, browser);
    // prefers-reduced-motion: nothing moves until the viewer presses play.
    let reduced = window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches());
    if reduced && !query.contains("autoplay=") {
        p.autoplay = false;
    }
    let lang = p.lang.unwrap_or(browser);
    (p, lang, errors)
}

/// Fetches a text file next to the page.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let w = window().ok_or("no window")?;
    let resp = JsFuture::from(w.fetch_with_str(url))
        .await
        .map_err(|_| format!("{url}: the network request failed"))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response".to_string())?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    let text = JsFuture::from(resp.text().map_err(|_| "no body".to_string())?)
        .await
        .map_err(|_| format!("{url}: could not read the body"))?;
    text.as_string()
        .ok_or_else(|| "the body is not text".into())
}

/// Whether a scenario name from a URL is a plain shipped name.
fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Loads the scenario a URL asks for: a shipped name, inline JSON or a `z:` link.
async fn load_param(spec: String, at_ms: Option<f64>, dispatch: Callback<Action>, lang: Lang) {
    let at = at_ms.map(|t| (t * 1000.0).round() as u64);
    let prefix = T::ScenarioFailed.get(lang);
    let result = if spec.starts_with(share::PREFIX) {
        share::decode(&spec)
            .and_then(|json| scenario::parse(&json))
            .map(|s| (s, None))
    } else if spec.trim_start().starts_with('{') {
        scenario::parse(&spec).map(|s| (s, None))
    } else if is_name(&spec) {
        // Ask the menu first: a missing file would log a 404 in the console.
        let known = fetch_text("scenarios/index.json").await.ok().and_then(|t| {
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
        Ok((s, name)) => dispatch.emit(Action::Load {
            scenario: Box::new(s),
            name,
            at,
        }),
        Err(e) => dispatch.emit(Action::Error(format!("{prefix}: {e}"))),
    }
}

/// The session as a scenario, keeping the loaded scenario's title.
fn session(state: &AppState) -> Scenario {
    let (title, description) = match &state.scenario {
        Some(s) => (s.title.clone(), s.description.clone()),
        None => (
            Text::Plain("Raft Lab session".into()),
            Text::Plain("Recorded in Raft Lab.".into()),
        ),
    };
    state.hist.borrow().to_scenario(title, description)
}

fn share_url(state: &AppState) -> String {
    let json = session(state).to_json().to_text();
    let now = state.hist.borrow().now();
    format!(
        "{}?scenario={}&t={}&lang={}",
        base_url(),
        params::encode(&share::encode(&json)),
        view::ms_text(now),
        state.lang.code()
    )
}

fn embed_snippet(state: &AppState) -> String {
    let spec = match state.scenario.as_ref().and_then(|s| s.name.clone()) {
        Some(name) if !state.hist.borrow().forked() => name,
        _ => share::encode(&session(state).to_json().to_text()),
    };
    let src = format!(
        "{}?embed=1&scenario={}&lang={}",
        base_url(),
        params::encode(&spec),
        state.lang.code()
    );
    format!(
        "<iframe src=\"{}\" title=\"Raft Lab\" width=\"100%\" height=\"560\" style=\"border:0;max-width:720px\" loading=\"lazy\"></iframe>",
        src.replace('&', "&amp;").replace('"', "&quot;")
    )
}

/// This page without the embed parameters: the "open in Raft Lab" link.
fn full_page_url() -> String {
    let q = window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let kept: Vec<&str> = q
        .trim_start_matches('?')
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("embed=") && !kv.starts_with("panels="))
        .collect();
    format!("{}?{}", base_url(), kept.join("&"))
}

/// Downloads `text` as a file.
fn download(name: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let doc = window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// Is the keyboard event aimed at a text field (where letters are typing)?
fn typing(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
        .unwrap_or(false)
}

/// The page's keyboard shortcuts (RaftScope's where they overlap).
fn shortcut(e: &web_sys::KeyboardEvent) -> Option<Action> {
    // A focused control that handled the key (Enter on a link or message) keeps it.
    if e.ctrl_key() || e.meta_key() || e.alt_key() || e.default_prevented() {
        return None;
    }
    if typing(e) {
        return (e.key() == "Escape").then_some(Action::CloseDialog);
    }
    Some(match e.key().as_str() {
        " " | "." => Action::TogglePlay,
        "c" | "C" => Action::FocusWrite,
        "r" | "R" => Action::RestartLeader,
        "t" | "T" => Action::Timers(TimerMode::Spread),
        "a" | "A" => Action::Timers(TimerMode::Align),
        "b" | "B" => Action::ResumeAll,
        "ArrowLeft" => Action::StepBack,
        "ArrowRight" => Action::Step,
        "[" => Action::Slower,
        "]" => Action::Faster,
        "n" | "N" => Action::NextCaption,
        "p" | "P" => Action::PrevCaption,
        "l" | "L" => Action::Live,
        "f" | "F" => Action::TogglePresenter,
        "?" => Action::ToggleHelp,
        "Escape" => Action::CloseDialog,
        _ => return None,
    })
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let (p, lang, errors) = initial();
        let mut s = AppState::new(p.clone(), lang, errors);
        if p.scenario.is_some() {
            s.playing = false; // until the scenario arrives
        }
        s
    });
    let menu = use_state(|| Rc::new(Vec::<MenuItem>::new()));
    let dispatch: Callback<Action> = {
        let d = state.dispatcher();
        Callback::from(move |a| d.dispatch(a))
    };

    // Once: the scenario menu and the scenario the URL asks for.
    {
        let menu = menu.clone();
        let dispatch = dispatch.clone();
        let spec = state.params.scenario.clone();
        let at = state.params.at_ms;
        let lang = state.lang;
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(spec) = spec {
                    load_param(spec, at, dispatch.clone(), lang).await;
                }
                if let Ok(text) = fetch_text("scenarios/index.json").await {
                    if let Ok(Json::Arr(items)) = json::parse(&text) {
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
                        let list = items
                            .iter()
                            .filter_map(|i| {
                                Some(MenuItem {
                                    name: i
                                        .get("name")?
                                        .as_str()
                                        .filter(|n| is_name(n))?
                                        .to_string(),
                                    title: text_of(i.get("title")?),
                                    description: text_of(i.get("description")?),
                                })
                            })
                            .collect();
                        menu.set(Rc::new(list));
                    }
                }
            });
        });
    }

    // The animation loop: one Tick per frame while playing. Browsers stop
    // animation frames in hidden tabs, so nothing runs there either.
    {
        let dispatch = dispatch.clone();
        use_effect_with(state.playing, move |playing| {
            let frame: Rc<RefCell<Option<FrameCallback>>> = Rc::new(RefCell::new(None));
            let id = Rc::new(Cell::new(0));
            if *playing {
                let last = Rc::new(Cell::new(None::<f64>));
                let again = frame.clone();
                let id2 = id.clone();
                *frame.borrow_mut() = Some(Closure::new(move |ts: f64| {
                    // About 30 frames a second is smooth enough here and halves the work.
                    let dt = last.get().map_or(0.0, |l| ts - l);
                    if last.get().is_none() || dt >= MIN_FRAME_MS {
                        last.set(Some(ts));
                        dispatch.emit(Action::Tick(dt));
                    }
                    if let (Some(w), Some(f)) = (window(), again.borrow().as_ref()) {
                        id2.set(
                            w.request_animation_frame(f.as_ref().unchecked_ref())
                                .unwrap_or(0),
                        );
                    }
                }));
                if let (Some(w), Some(f)) = (window(), frame.borrow().as_ref()) {
                    id.set(
                        w.request_animation_frame(f.as_ref().unchecked_ref())
                            .unwrap_or(0),
                    );
                }
            }
            move || {
                if let Some(w) = window() {
                    let _ = w.cancel_animation_frame(id.get());
                }
                frame.borrow_mut().take(); // drops the closure and its cycle
            }
        });
    }

    // The keyboard.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(
                move |e: web_sys::KeyboardEvent| {
                    if let Some(a) = shortcut(&e) {
                        e.prevent_default();
                        dispatch.emit(a);
                    }
                },
            );
            let doc = window().and_then(|w| w.document());
            if let Some(d) = &doc {
                let _ = d
                    .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(d) = doc {
                    let _ = d.remove_event_listener_with_callback(
                        "keydown",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }

    // The document's language and title follow the page's.
    {
        let lang = state.lang;
        use_effect_with(lang, move |lang| {
            if let Some(d) = window().and_then(|w| w.document()) {
                if let Some(el) = d.document_element() {
                    let _ =
                        el.set_attribute("lang", if *lang == Lang::Zh { "zh-Hans" } else { "en" });
                }
                d.set_title(&format!(
                    "{} — {}",
                    T::AppTitle.get(*lang),
                    T::Tagline.get(*lang)
                ));
            }
        });
    }

    let s = &*state;
    let lang = s.lang;
    if let Some(name) = &s.params.source {
        return html! { <SourceView name={name.clone()} {lang} /> };
    }
    let hist = s.hist.borrow();
    let world = hist.world();
    let n = world.size();
    let cluster = view::cluster(world);

    // Memoised views: rebuilt only when what they show changed.
    let log_sig = view::log_signature(world);
    let logs = {
        let hist_rc = s.hist.clone();
        use_memo((log_sig, Rc::as_ptr(&s.hist) as usize), move |_| {
            view::logs(hist_rc.borrow().world())
        })
    };
    let writes = {
        let hist_rc = s.hist.clone();
        use_memo(
            (view::writes_signature(world), Rc::as_ptr(&s.hist) as usize),
            move |_| view::writes(hist_rc.borrow().world()),
        )
    };
    let feed = {
        let hist_rc = s.hist.clone();
        use_memo(
            (world.feed().total(), lang, Rc::as_ptr(&s.hist) as usize),
            move |_| view::feed(hist_rc.borrow().world(), lang),
        )
    };
    let marks = {
        let hist_rc = s.hist.clone();
        use_memo(
            (
                hist.marks().len(),
                Rc::as_ptr(&s.hist) as usize,
                hist.head() / 60_000_000,
            ),
            move |_| view::timeline_marks(&hist_rc.borrow()),
        )
    };
    let invariant_views = view::invariants(world);
    let inspected = s.selected.and_then(|id| inspect(world, id));

    let on_select = {
        let d = dispatch.clone();
        let selected = s.selected;
        Callback::from(move |id: NodeId| {
            d.emit(Action::Select(if selected == Some(id) {
                None
            } else {
                Some(id)
            }))
        })
    };
    let on_toggle_link = {
        let d = dispatch.clone();
        Callback::from(move |(a, b)| d.emit(Action::ToggleLink(a, b)))
    };
    let on_drop_message = {
        let d = dispatch.clone();
        Callback::from(move |id| d.emit(Action::DropMessage(id)))
    };
    let on_pick = {
        let d = dispatch.clone();
        Callback::from(move |name: String| {
            if name.is_empty() {
                d.emit(Action::FreePlay);
            } else {
                let d = d.clone();
                wasm_bindgen_futures::spawn_local(load_param(name, None, d, lang));
            }
        })
    };
    let on_export = {
        let state = state.clone();
        let d = dispatch.clone();
        Callback::from(move |_| {
            let text = session(&state).to_json().pretty();
            if download("raftlab-session.json", &text).is_err() {
                d.emit(Action::Error(T::ErrDownload.get(lang).into()));
            }
        })
    };
    let on_import = {
        let d = dispatch.clone();
        Callback::from(move |file: web_sys::File| {
            let d = d.clone();
            let name = file.name();
            wasm_bindgen_futures::spawn_local(async move {
                let prefix = T::ImportFailed.get(lang);
                if file.size() > scenario::MAX_BYTES as f64 {
                    let why = fill(
                        T::ErrTooLarge.get(lang),
                        &[&scenario::MAX_BYTES.to_string()],
                    );
                    d.emit(Action::Error(format!("{prefix}: {name}: {why}")));
                    return;
                }
                let text = JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|v| v.as_string());
                match text.map(|t| scenario::parse(&t)) {
                    Some(Ok(s)) => d.emit(Action::Load {
                        scenario: Box::new(s),
                        name: None,
                        at: None,
                    }),
                    Some(Err(e)) => d.emit(Action::Error(format!("{prefix}: {name}: {e}"))),
                    None => d.emit(Action::Error(format!(
                        "{prefix}: {name}: {}",
                        T::ErrNotText.get(lang)
                    ))),
                }
            });
        })
    };

    let panels = &s.params.panels;
    let embed = s.params.embed;
    let caption = hist.caption().map(|t| t.get(lang.code()).to_string());
    let scenario_title = s
        .scenario
        .as_ref()
        .map(|i| i.title.get(lang.code()).to_string())
        .unwrap_or_default();
    let scenario_description = s
        .scenario
        .as_ref()
        .map(|i| i.description.get(lang.code()).to_string())
        .unwrap_or_default();
    let has_captions = !hist.caption_times().is_empty();
    let dialog = match &s.dialog {
        Some(Dialog::Share) => html! {
            <ShareDialog title={T::Share.get(lang)} hint={T::ShareHint.get(lang)} text={share_url(s)}
                         testid="share-url" {lang} on_action={dispatch.clone()} />
        },
        Some(Dialog::Embed) => html! {
            <ShareDialog title={T::Embed.get(lang)} hint={T::EmbedHint.get(lang)} text={embed_snippet(s)}
                         testid="embed-code" {lang} on_action={dispatch.clone()} />
        },
        Some(Dialog::Stage) => html! {
            <StageEditor init={s.stage_init()} config={world.config().clone()} seed={hist.setup().seed}
                         {lang} on_action={dispatch.clone()} />
        },
        None => html! {},
    };
    let app_class = class_list(&[
        "app",
        if s.presenter { "presenter" } else { "" },
        if embed { "embed" } else { "" },
        if lang == Lang::Zh { "lang-zh" } else { "" },
    ]);
    html! {
        <div class={app_class}>
            if !embed {
                <Header menu={(*menu).clone()} current={s.scenario.as_ref().and_then(|i| i.name.clone())}
                        {lang} presenter={s.presenter} on_action={dispatch.clone()}
                        {on_pick} {on_export} {on_import} />
            }
            { errors(&ErrorsProps { errors: s.errors.clone(), lang, on_action: dispatch.clone() }) }
            if s.scenario.is_some() {
                { caption_bar(&CaptionBarProps { title: scenario_title, description: scenario_description, caption, has_captions, forked: hist.forked(),
                            playing: s.playing, lang, on_action: dispatch.clone() }) }
            }
            <main class="stage">
                <div class="left">
                    <Cluster view={cluster.clone()} selected={s.selected} {lang}
                             {on_select} {on_toggle_link} {on_drop_message} />
                    if panels.controls {
                        { controls(&ControlsProps { playing: s.playing, speed: s.speed, now: hist.now(), at_head: hist.at_head(),
                                                 lang, on_action: dispatch.clone() }) }
                    }
                    if panels.timeline {
                        <Timeline marks={(*marks).clone()} now={hist.now()} head={hist.head()} {lang} on_action={dispatch.clone()} />
                    }
                    if !embed { { legend(&LegendProps { lang }) } }
                    if panels.log { <LogTable view={(*logs).clone()} {lang} /> }
                </div>
                if !embed || panels.invariants || panels.writes || panels.feed {
                    <div class="right">
                        if !embed {
                            { inspector(&InspectorProps { view: inspected, lang, on_action: dispatch.clone() }) }
                        }
                        if panels.invariants { { invariants(&InvariantsProps { view: invariant_views, lang }) } }
                        if panels.writes {
                            <WritePanel writes={writes.clone()} {n} to={s.write_to} focus={s.focus_write} {lang} on_action={dispatch.clone()} />
                        }
                        if panels.feed { <Feed lines={feed.clone()} {lang} /> }
                    </div>
                }
            </main>
            if !embed {
                <div class="bottom">
                    <NetworkPanel config={world.config().clone()} links={cluster.links.clone()} selected={s.selected}
                                  {lang} on_action={dispatch.clone()} />
                    <SettingsPanel config={world.config().clone()} {lang} on_action={dispatch.clone()} />
                </div>
                <footer>
                    <a href="https://raft.github.io/raft.pdf" rel="noopener">{ "Ongaro & Ousterhout, 2014" }</a>
                    { " · " }
                    <a href="?source=node" data-testid="source-link">{ T::Source.get(lang) }</a>
                </footer>
            } else {
                <a class="open-full" href={full_page_url()} target="_blank" rel="noopener" data-testid="open-full">{ T::OpenFull.get(lang) }{ " ↗" }</a>
            }
            if s.help { { help(&HelpProps { lang, on_action: dispatch.clone() }) } }
            { dialog }
        </div>
    }
}
