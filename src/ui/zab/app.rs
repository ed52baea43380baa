//! The ZAB page, laid out: one ZAB cluster (`?protocol=zab`), or a Raft cluster
//! and a ZAB cluster side by side (`?compare=1`) driven by the same actions.

use super::components::cluster::ZabCluster;
use super::components::details::{details, DetailsProps};
use super::components::header::ZabHeader;
use super::components::history::HistoryTable;
use super::components::legend::{zab_legend, ZabLegendProps};
use super::components::why::WhyPanel;
use super::components::writes::Writes;
use super::state::{parse_query, ZabAction, ZabState};
use super::text::zt;
use super::view;
use crate::text::Lang;
use crate::ui::browser;
use crate::ui::components::caption_bar::{caption_bar, CaptionBarProps};
use crate::ui::components::class_list;
use crate::ui::components::cluster::{cluster_callbacks, Cluster};
use crate::ui::components::controls::{controls, ControlsProps};
use crate::ui::components::errors::{errors, ErrorsProps};
use crate::ui::components::feed::Feed;
use crate::ui::components::header::MenuItem;
use crate::ui::components::invariants::{invariants, InvariantsProps};
use crate::ui::components::log_table::LogTable;
use crate::ui::components::timeline::Timeline;
use crate::ui::hooks::{use_animation_frames, use_keyboard};
use crate::ui::i18n::T;
use crate::ui::loader;
use crate::ui::state::Action;
use crate::ui::view as raft_view;
use std::rc::Rc;
use yew::prelude::*;

/// The whole ZAB page.
#[component]
pub fn ZabApp() -> Html {
    let state = use_reducer(|| {
        let query = browser::query();
        let (mut p, lang, errors) = parse_query(&query, browser::browser_lang());
        if browser::still(&query) {
            p.page.autoplay = false;
        }
        ZabState::new(p, lang, errors)
    });
    let menu = use_state(|| Rc::new(Vec::<MenuItem>::new()));
    // One callback for the page's life (panels with unchanged props keep their input).
    let dispatch: Callback<ZabAction> = {
        let d = state.dispatcher();
        (*use_memo((), move |_| Callback::from(move |a| d.dispatch(a)))).clone()
    };
    let page: Callback<Action> = {
        let d = dispatch.clone();
        (*use_memo((), move |_| d.reform(ZabAction::Page))).clone()
    };

    {
        let menu = menu.clone();
        let page = page.clone();
        let spec = state.params.page.scenario.clone();
        let at = state.params.page.at();
        let lang = state.lang;
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(spec) = spec {
                    loader::load(spec, at, page, lang).await;
                }
                menu.set(Rc::new(loader::menu_for(Some("zab")).await));
            });
        });
    }

    let on_frame = {
        let d = page.clone();
        Callback::from(move |dt| d.emit(Action::Tick(dt)))
    };
    use_animation_frames(state.playing, on_frame);
    use_keyboard(page.clone(), false);

    let compare = state.compare();
    use_effect_with((state.lang, compare), |(lang, compare)| {
        let t = zt(*lang);
        let title = if *compare { t.compare_title } else { t.title };
        browser::set_document(*lang, &format!("{title} — {}", t.tagline));
    });

    let s = &*state;
    let lang = s.lang;
    let zab_rc = s.zab.clone();
    let zab = s.zab.borrow();
    let zw = zab.world();
    let raft = s.raft.as_ref().map(|r| r.borrow());
    let rw = raft.as_ref().map(|r| r.world());
    let ptr = Rc::as_ptr(&s.zab) as usize;

    // Memoised views: rebuilt only when what they show changed.
    let histories = {
        let z = zab_rc.clone();
        use_memo((view::history_signature(zw), ptr), move |_| {
            view::histories(z.borrow().world())
        })
    };
    let zab_feed = {
        let z = zab_rc.clone();
        use_memo((zw.feed_total(), lang, ptr), move |_| {
            view::feed(z.borrow().world(), lang)
        })
    };
    let raft_feed = {
        let r = s.raft.clone();
        use_memo((rw.map(|w| w.feed().total()), lang, ptr), move |_| {
            r.as_ref()
                .map(|r| raft_view::feed(r.borrow().world(), lang))
                .unwrap_or_default()
        })
    };
    let logs = {
        let r = s.raft.clone();
        use_memo((rw.map(raft_view::log_signature), ptr), move |_| {
            r.as_ref().map(|r| raft_view::logs(r.borrow().world()))
        })
    };
    let zab_writes = {
        let z = zab_rc.clone();
        let sig: Vec<_> = zw
            .writes()
            .iter()
            .map(|w| (w.status as u8, w.placed.map_or(0, |p| p.2)))
            .collect();
        use_memo((sig, ptr), move |_| view::zab_writes(z.borrow().world()))
    };
    let raft_writes = {
        let r = s.raft.clone();
        use_memo(
            (rw.map(raft_view::writes_signature), s.version),
            move |_| {
                r.as_ref()
                    .map(|r| Rc::new(view::raft_writes(r.borrow().world())))
            },
        )
    };
    let marks = {
        let z = zab_rc.clone();
        let r = s.raft.clone();
        let count = zab.marks().len() + raft.as_ref().map_or(0, |r| r.marks().len());
        use_memo((count, ptr, zab.head() / 60_000_000), move |_| {
            let rb = r.as_ref().map(|r| r.borrow());
            view::marks(&z.borrow(), rb.as_deref())
        })
    };

    let (on_select, on_toggle_link, on_drop_zab) = cluster_callbacks(&page, s.selected);
    let on_drop_raft = {
        let d = dispatch.clone();
        Callback::from(move |id| d.emit(ZabAction::DropRaft(id)))
    };
    let on_pick = {
        let d = page.clone();
        Callback::from(move |name: String| {
            if name.is_empty() {
                d.emit(Action::FreePlay);
            } else {
                wasm_bindgen_futures::spawn_local(loader::load(name, None, d.clone(), lang));
            }
        })
    };

    let zab_cluster = view::cluster(zw);
    let selected = s
        .selected
        .and_then(|id| zab_cluster.servers.iter().find(|v| v.id == id).cloned());
    let caption = zab.caption().map(|c| c.get(lang.code()).to_string());
    let text_of = |f: fn(&crate::ui::state::ScenarioInfo) -> &crate::sim::scenario::Text| {
        s.scenario
            .as_ref()
            .map(|i| f(i).get(lang.code()).to_string())
            .unwrap_or_default()
    };
    let sizers = {
        let z = zab_rc.clone();
        use_memo((zab.steps().len(), ptr, lang), move |_| {
            raft_view::caption_texts(z.borrow().steps(), lang)
        })
    };
    let ctl = controls(&ControlsProps {
        playing: s.playing,
        speed: s.speed,
        now: zab.now(),
        at_head: zab.at_head(),
        lang,
        on_action: page.clone(),
    });
    let timeline = html! {
        <Timeline marks={(*marks).clone()} now={zab.now()} head={s.head()} {lang} on_action={page.clone()} />
    };
    let zab_side = html! {
        <section class="side" data-testid="cluster" data-protocol="zab" aria-label="ZAB">
            <h2 class="side-title">{ "ZAB" }<small>{ " · ZooKeeper" }</small></h2>
            <ZabCluster view={zab_cluster.clone()} selected={s.selected} {lang}
                        on_select={on_select.clone()} on_toggle_link={on_toggle_link.clone()} on_drop_message={on_drop_zab} />
            { zab_legend(&ZabLegendProps { lang }) }
        </section>
    };
    let zab_feed_html = html! {
        <div class="feed-wrap" data-testid="feed" data-protocol="zab">
            <Feed lines={zab_feed.clone()} {lang} />
        </div>
    };
    let zab_invariants = html! {
        <div class="inv-wrap" data-testid="invariants" data-protocol="zab">
            { invariants(&InvariantsProps { view: view::invariants(zw), lang }) }
        </div>
    };
    let detail_panel = details(&DetailsProps {
        server: selected,
        lang,
        on_action: page.clone(),
    });
    let writes = html! {
        <Writes zab={zab_writes.clone()} raft={(*raft_writes).clone()} focus={s.focus_write} {lang} on_action={page.clone()} />
    };
    let lang_class = format!("lang-{}", lang.code());
    let class = class_list(&[
        "app",
        "zab-app",
        if compare { "compare" } else { "single" },
        if s.presenter { "presenter" } else { "" },
        if lang == Lang::En { "" } else { &lang_class },
    ]);
    let body = match rw {
        Some(rw) => {
            let why = html! { <WhyPanel raft={Some(view::raft_why(rw))} zab={view::zab_why(zw)} {lang} /> };
            html! {
                <main class="compare-stage">
                    <div class="pair clusters">
                        <section class="side" data-testid="cluster" data-protocol="raft" aria-label="Raft">
                            <h2 class="side-title">{ "Raft" }</h2>
                            <Cluster view={raft_view::cluster(rw)} selected={s.selected} {lang}
                                     {on_select} {on_toggle_link} on_drop_message={on_drop_raft} />
                        </section>
                        { zab_side }
                    </div>
                    <div class="shared">
                        { ctl }
                        { timeline }
                    </div>
                    <div class="pair">
                        <div class="col">{ detail_panel }{ writes }</div>
                        <div class="col">{ why }</div>
                    </div>
                    <div class="pair">
                        <div class="col">
                            if let Some(l) = (*logs).clone() { <LogTable view={l} {lang} /> }
                        </div>
                        <div class="col"><HistoryTable rows={histories.clone()} {lang} /></div>
                    </div>
                    <div class="pair">
                        <div class="col">
                            <div class="feed-wrap" data-testid="feed" data-protocol="raft">
                                <Feed lines={raft_feed.clone()} {lang} />
                            </div>
                        </div>
                        <div class="col">{ zab_feed_html }</div>
                    </div>
                    <div class="pair">
                        <div class="col">
                            <div class="inv-wrap" data-testid="invariants" data-protocol="raft">
                                { invariants(&InvariantsProps { view: raft_view::invariants(rw), lang }) }
                            </div>
                        </div>
                        <div class="col">{ zab_invariants }</div>
                    </div>
                </main>
            }
        }
        None => html! {
            <main class="stage">
                <div class="left">
                    { zab_side }
                    { ctl }
                    { timeline }
                    <HistoryTable rows={histories.clone()} {lang} />
                </div>
                <div class="right">
                    { detail_panel }
                    { zab_invariants }
                    { writes }
                    <WhyPanel raft={None} zab={view::zab_why(zw)} {lang} />
                    { zab_feed_html }
                </div>
            </main>
        },
    };
    html! {
        <div class={class}>
            <ZabHeader menu={(*menu).clone()} current={s.scenario.as_ref().and_then(|i| i.name.clone())}
                       {compare} {lang} on_action={page.clone()} {on_pick} />
            { errors(&ErrorsProps { errors: s.errors.clone(), lang, on_action: page.clone() }) }
            if s.scenario.is_some() {
                { caption_bar(&CaptionBarProps { title: text_of(|i| &i.title), description: text_of(|i| &i.description),
                    caption, sizers: sizers.clone(), has_captions: !zab.caption_times().is_empty(), forked: zab.forked(),
                    playing: s.playing, lang, on_action: page.clone() }) }
            }
            { body }
            <footer>
                <a href="https://zookeeper.apache.org/doc/current/zookeeperInternals.html" rel="noopener">{ "ZooKeeper internals" }</a>
                { " · " }
                <a href="https://marcoserafini.github.io/papers/zab.pdf" rel="noopener">{ "Junqueira, Reed, Serafini, DSN 2011" }</a>
                { " · " }
                <a href="https://raft.github.io/raft.pdf" rel="noopener">{ "Ongaro & Ousterhout, 2014" }</a>
                { " · " }
                <span>{ T::AppTitle.get(lang) }</span>
            </footer>
        </div>
    }
}
