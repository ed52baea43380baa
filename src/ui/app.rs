//! The page: one reducer-held state, laid out. The browser's side lives in
//! `browser`, loading scenarios in `loader`, the animation loop and the
//! keyboard in `hooks`.

use super::browser;
use super::components::announcer::Announcer;
use super::components::caption_bar::{caption_bar, CaptionBarProps};
use super::components::class_list;
use super::components::client_panel::ClientPanel;
use super::components::cluster::{cluster_callbacks, Cluster};
use super::components::controls::{controls, ControlsProps};
use super::components::errors::{errors, ErrorsProps};
use super::components::feed::Feed;
use super::components::header::{Header, MenuItem};
use super::components::help::{help, HelpProps};
use super::components::history_panel::HistoryPanel;
use super::components::inspector::{inspect, inspector, InspectorProps};
use super::components::invariants::{invariants, InvariantsProps};
use super::components::legend::{legend, LegendProps};
use super::components::log_table::LogTable;
use super::components::network_panel::NetworkPanel;
use super::components::settings::SettingsPanel;
use super::components::share_dialog::ShareDialog;
use super::components::stage_editor::StageEditor;
use super::components::stage_table::{stage_table, StageTableProps};
use super::components::timeline::Timeline;
use super::hooks::{use_animation_frames, use_keyboard, use_wide};
use super::i18n::{fill, T};
use super::loader;
use super::params::Params;
use super::reads;
use super::share;
use super::state::{Action, AppState, Dialog};
use super::view;
use crate::text::Lang;
use std::rc::Rc;
use yew::prelude::*;

thread_local! {
    /// What [`start`] read from the URL, for the page's first state.
    static START: std::cell::RefCell<Option<(Params, Lang, Vec<String>)>> = const { std::cell::RefCell::new(None) };
}

/// Mounts the page. Texts the page fetches when first needed (Chinese, see
/// [`Lang::ready`]; index.html preloads the file) come first, so that the first
/// frame is drawn in the reader's language; without them it starts in English.
pub fn start() {
    let (p, lang, _) = browser::initial();
    // `?source=` is index.html's (source.js): under `trunk serve` the wasm
    // starts all the same, and draws nothing.
    if p.source.is_some() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let ready = browser::texts_for(lang).await.is_ok();
        // Again, now that the URL's problems can be told in that language.
        let (p, lang, errors) = browser::initial();
        let lang = if ready { lang } else { Lang::En };
        START.with(|s| *s.borrow_mut() = Some((p, lang, errors)));
        yew::Renderer::<App>::new().render();
    });
}

/// The first state of the next [`App`] made on this thread, as [`start`] sets
/// it from the URL: here for the build's first frame (`first_frame`, native;
/// the page's wasm stays as it was).
#[cfg(not(target_arch = "wasm32"))]
pub fn set_start(p: Params, lang: Lang, errors: Vec<String>) {
    START.with(|s| *s.borrow_mut() = Some((p, lang, errors)));
}

/// The whole page (`?source=` shows a file of the Raft core without the wasm:
/// index.html's start script).
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        let (p, lang, errors) = START
            .with(|s| s.borrow_mut().take())
            .unwrap_or_else(browser::initial);
        let mut s = AppState::new(p.clone(), lang, errors);
        if p.scenario.is_some() {
            s.playing = false; // until the scenario arrives
        }
        s
    });
    let menu = use_state(|| Rc::new(Vec::<MenuItem>::new()));
    // One callback for the page's life: panels whose props did not change are
    // not redrawn (and keep what is being typed into them) while time runs.
    // A language whose texts the page fetches when first needed switches once
    // they are there.
    let dispatch: Callback<Action> = {
        let d = state.dispatcher();
        (*use_memo((), move |_| {
            Callback::from(move |a| match a {
                Action::SetLang(l) if !l.ready() => {
                    let d = d.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        d.dispatch(match browser::texts_for(l).await {
                            Ok(()) => a,
                            Err(e) => Action::Error(e),
                        })
                    });
                }
                a => d.dispatch(a),
            })
        }))
        .clone()
    };

    // Once: the scenario the URL asks for, then the scenario menu.
    {
        let menu = menu.clone();
        let dispatch = dispatch.clone();
        let spec = state.params.scenario.clone();
        let at = state.params.at();
        let lang = state.lang;
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(spec) = spec {
                    loader::load(spec, at, dispatch, lang).await;
                }
                menu.set(Rc::new(loader::menu().await));
            });
        });
    }

    // One Tick per frame while playing or jumping.
    let on_frame = {
        let d = dispatch.clone();
        Callback::from(move |dt| d.emit(Action::Tick(dt)))
    };
    use_animation_frames(state.playing || state.jump.is_some(), on_frame);
    use_keyboard(dispatch.clone(), state.params.embed);
    let wide = use_wide();

    // The document's language and title follow the page's.
    use_effect_with(state.lang, |lang| {
        let title = format!("{} — {}", T::AppTitle.get(*lang), T::Tagline.get(*lang));
        browser::set_document(*lang, &title);
    });

    let s = &*state;
    let lang = s.lang;
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
    // The clients' history (issue 11): rebuilt when an operation or the
    // window changes, not every frame.
    let history = {
        let hist_rc = s.hist.clone();
        use_memo(
            (
                reads::history_signature(&hist),
                lang,
                Rc::as_ptr(&s.hist) as usize,
            ),
            move |_| reads::history(&hist_rc.borrow(), lang),
        )
    };
    let news = {
        let hist_rc = s.hist.clone();
        use_memo(
            (world.feed().total(), lang, Rc::as_ptr(&s.hist) as usize),
            move |_| view::news(hist_rc.borrow().world(), lang),
        )
    };
    let inspected = s.selected.and_then(|id| inspect(world, id));

    let (on_select, on_toggle_link, on_drop_message) = cluster_callbacks(&dispatch, s.selected);
    let on_pick = {
        let d = dispatch.clone();
        Callback::from(move |name: String| {
            if name.is_empty() {
                d.emit(Action::FreePlay);
            } else {
                wasm_bindgen_futures::spawn_local(loader::load(name, None, d.clone(), lang));
            }
        })
    };
    let on_export = {
        let state = state.clone();
        let d = dispatch.clone();
        Callback::from(move |_| {
            let text = share::session(&state).to_json().pretty();
            if browser::download("raftlab-session.json", &text).is_err() {
                d.emit(Action::Error(T::ErrDownload.get(lang).into()));
            }
        })
    };
    let on_import = {
        let d = dispatch.clone();
        Callback::from(move |file: web_sys::File| {
            wasm_bindgen_futures::spawn_local(loader::import(file, d.clone(), lang));
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
    let sizers = {
        let shared = s.hist.clone();
        use_memo(
            (hist.steps().len(), Rc::as_ptr(&s.hist) as usize, lang),
            move |_| view::caption_texts(shared.borrow().steps(), lang),
        )
    };
    let dialog = match &s.dialog {
        Some(Dialog::Share) => html! {
            <ShareDialog title={T::Share.get(lang)} hint={T::ShareHint.get(lang)} text={share::share_url(s, &browser::base_url())}
                         testid="share-url" {lang} on_action={dispatch.clone()} />
        },
        Some(Dialog::Embed) => html! {
            <ShareDialog title={T::Embed.get(lang)} hint={T::EmbedHint.get(lang)} text={share::embed_snippet(s, &browser::base_url())}
                         testid="embed-code" {lang} on_action={dispatch.clone()} />
        },
        Some(Dialog::Stage) => html! {
            <StageEditor init={s.stage_init()} config={world.config().clone()} seed={hist.setup().seed}
                         {lang} on_action={dispatch.clone()} />
        },
        None => html! {},
    };
    let right = !embed || panels.invariants || panels.writes || panels.feed;
    let lang_class = format!("lang-{}", lang.code());
    let app_class = class_list(&[
        "app",
        if s.presenter { "presenter" } else { "" },
        if embed { "embed" } else { "" },
        if lang == Lang::En { "" } else { &lang_class },
    ]);
    html! {
        <div class={app_class}>
            if !embed {
                <Header menu={(*menu).clone()} current={s.scenario.as_ref().and_then(|i| i.name.clone())} description={scenario_description.clone()}
                        {lang} presenter={s.presenter} on_action={dispatch.clone()}
                        {on_pick} {on_export} {on_import} />
            }
            { errors(&ErrorsProps { errors: s.errors.clone(), lang, on_action: dispatch.clone() }) }
            if let Some(jump) = s.jump {
                <p class="jump" role="status" data-testid="progress">
                    { fill(T::Jumping.get(lang), &[&view::ms_text(jump.to), &jump.percent(hist.now()).to_string()]) }
                </p>
            }
            if s.scenario.is_some() {
                { caption_bar(&CaptionBarProps { title: scenario_title, description: scenario_description, caption, sizers: sizers.clone(), has_captions, forked: hist.forked(),
                            playing: s.playing, lang, on_action: dispatch.clone() }) }
            }
            <main class="stage">
                <div class="left">
                    <Cluster view={cluster.clone()} selected={s.selected} {lang} {wide}
                             {on_select} {on_toggle_link} {on_drop_message} />
                    <Announcer latest={(*news).clone()} now={hist.now()} />
                    if panels.controls {
                        { controls(&ControlsProps { playing: s.playing, speed: s.speed, now: hist.now(), at_head: hist.at_head(),
                                                 lang, on_action: dispatch.clone() }) }
                    }
                    if panels.timeline {
                        <Timeline marks={(*marks).clone()} now={hist.now()} head={hist.head()} {lang} on_action={dispatch.clone()} />
                    }
                    if !embed || panels.writes { <HistoryPanel view={history.clone()} {lang} /> }
                    if !embed { { legend(&LegendProps { lang }) } }
                    if panels.log && !right { <LogTable view={(*logs).clone()} {lang} /> }
                </div>
                if right {
                    <div class="right">
                        // Beside the cluster on a wide screen: every log in view
                        // with the drawing (a 1280×720 projector included).
                        if panels.log { <LogTable view={(*logs).clone()} {lang} /> }
                        if !embed {
                            { inspector(&InspectorProps { view: inspected, lang, on_action: dispatch.clone() }) }
                        }
                        if panels.invariants { { invariants(&InvariantsProps { view: invariant_views, lang }) } }
                        if panels.writes {
                            <ClientPanel writes={writes.clone()} {n} to={s.write_to} client={s.client} clients={world.config().clients}
                                         can_retry={reads::can_retry(world, s.client)} focus={s.focus_write} {lang} on_action={dispatch.clone()} />
                        }
                        if panels.feed { <Feed lines={feed.clone()} {lang} /> }
                    </div>
                }
            </main>
            if !embed {
                <div class="bottom">
                    <NetworkPanel config={world.config().clone()} links={cluster.links.clone()} selected={s.selected}
                                  {lang} on_action={dispatch.clone()} />
                    <SettingsPanel config={world.config().clone()} voters={cluster.membership.voters} picked={s.picked} {lang} on_action={dispatch.clone()} />
                    // Last: the network panel stays the page's first <details>.
                    { stage_table(&StageTableProps { servers: cluster.servers.clone(), lang }) }
                </div>
                <footer>
                    <a href="https://raft.github.io/raft.pdf" rel="noopener">{ "Ongaro & Ousterhout, 2014" }</a>
                    { " · " }
                    <a href="?source=node" data-testid="source-link">{ T::Source.get(lang) }</a>
                    { " · " }
                    // The page in one file (.ci/tools/pack.mjs), next to index.html.
                    <a href="raftlab.html" download="raftlab.html" data-testid="download-offline">{ T::Offline.get(lang) }</a>
                </footer>
            } else {
                <a class="open-full" href={browser::full_page_url()} target="_blank" rel="noopener" data-testid="open-full">{ T::OpenFull.get(lang) }{ " ↗" }</a>
            }
            if s.help { { help(&HelpProps { lang, on_action: dispatch.clone() }) } }
            { dialog }
        </div>
    }
}
