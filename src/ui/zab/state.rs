//! The ZAB page's one reducer-held state: a ZAB timeline and, in compare mode,
//! a Raft timeline built from the same setup. Every action goes to both at the
//! same simulated time, so the two clusters live through the same story. The
//! verbs are the Raft page's ([`Action`]), so its controls work here unchanged.

use super::text::zt;
use crate::raft::{NodeId, Time};
use crate::sim::config::{Protocol, MS};
use crate::sim::history::{History, Stop, Timeline};
use crate::sim::protocol::SimWorld;
use crate::sim::scenario::{Scenario, Step, StepKind};
use crate::sim::world::{Action as SimAction, MessageFilter, Setup};
use crate::sim::zab_world::ZabWorld;
use crate::text::Lang;
use crate::ui::i18n::{fill, T};
use crate::ui::params::{self, Params};
use crate::ui::state::{
    clamp_speed, frame_time, free_setup, prev_caption, push_error, Action, ScenarioInfo, MAX_ERRORS,
};
use std::cell::RefCell;
use std::rc::Rc;
use yew::Reducible;

/// The ZAB timeline.
pub type ZabTimeline = Timeline<ZabWorld>;

/// Farthest a URL's `t` may take this page at once (there are no sliced jumps here).
const MAX_AT: Time = 120_000 * MS;

/// What the URL asked of the ZAB page: the Raft page's parameters, plus
/// `protocol` and `compare`.
#[derive(Clone, Debug, PartialEq)]
pub struct ZabParams {
    pub page: Params,
    /// Raft beside ZAB.
    pub compare: bool,
}

/// Reads the query: `protocol` and `compare` here, the rest as the Raft page does.
pub fn parse_query(query: &str, browser: Lang) -> (ZabParams, Lang, Vec<String>) {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut rest = vec![];
    let mut compare = false;
    let mut mine: Vec<(bool, String)> = vec![];
    for pair in query.split('&').filter(|s| !s.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = params::decode(v);
        match params::decode(k).as_str() {
            "protocol" => match v.as_str() {
                "zab" => {}
                // The Raft side is there in compare mode.
                "raft" if query.contains("compare=1") => {}
                _ => mine.push((true, v)),
            },
            "compare" => match v.as_str() {
                "1" | "true" | "on" | "yes" | "" => compare = true,
                "0" | "false" | "off" | "no" => compare = false,
                _ => mine.push((false, v)),
            },
            _ => rest.push(pair),
        }
    }
    let (page, mut errors) = params::parse(&rest.join("&"), browser);
    let lang = page.lang.unwrap_or(browser);
    for (protocol, v) in mine {
        let shown: String = v.chars().filter(|c| !c.is_control()).take(40).collect();
        let t = if protocol {
            zt(lang).err_protocol
        } else {
            zt(lang).err_compare
        };
        errors.push(fill(t, &[&shown]));
    }
    (ZabParams { page, compare }, lang, errors)
}

/// `setup` for one protocol: the same seed, size and servers.
pub fn setup_for(setup: &Setup, protocol: Protocol) -> Setup {
    let mut s = setup.clone();
    s.cluster.protocol = protocol;
    // ZAB's ensemble is fixed: no spare servers on either side.
    s.cluster.max_nodes = s.cluster.nodes;
    s
}

/// The ZAB timeline and, when comparing, the Raft one, from one setup and script.
fn timelines(
    setup: &Setup,
    steps: &[Step],
    compare: bool,
) -> Result<(ZabTimeline, Option<History>), String> {
    let zab = Timeline::new(setup_for(setup, Protocol::Zab), steps.to_vec())?;
    let raft = if compare {
        Some(Timeline::new(
            setup_for(setup, Protocol::Raft),
            steps.to_vec(),
        )?)
    } else {
        None
    };
    Ok((zab, raft))
}

/// Who gets a page action.
#[derive(Clone, Debug)]
pub enum ZabAction {
    /// A verb of the page, for both clusters.
    Page(Action),
    /// Drop a message in flight in the Raft cluster (its ids are its own).
    DropRaft(u64),
}

/// The ZAB page's state.
#[derive(Clone, Debug)]
pub struct ZabState {
    pub zab: Rc<RefCell<ZabTimeline>>,
    /// The Raft cluster beside it (compare mode).
    pub raft: Option<Rc<RefCell<History>>>,
    /// Bumped whenever a world changes, so the page re-renders.
    pub version: u64,
    pub playing: bool,
    pub speed: f64,
    pub selected: Option<NodeId>,
    pub lang: Lang,
    pub errors: Vec<String>,
    pub scenario: Option<ScenarioInfo>,
    pub params: ZabParams,
    pub focus_write: u64,
    pub presenter: bool,
}

impl PartialEq for ZabState {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.zab, &o.zab)
            && self.version == o.version
            && self.playing == o.playing
            && self.speed == o.speed
            && self.selected == o.selected
            && self.lang == o.lang
            && self.errors == o.errors
            && self.scenario == o.scenario
            && self.focus_write == o.focus_write
            && self.presenter == o.presenter
    }
}

impl ZabState {
    /// Free play from the URL's settings.
    pub fn new(params: ZabParams, lang: Lang, errors: Vec<String>) -> ZabState {
        let setup = free_setup(&params.page);
        let (zab, raft) = timelines(&setup, &[], params.compare)
            .or_else(|_| timelines(&Setup::default(), &[], params.compare))
            .expect("the default setup is valid for both protocols");
        ZabState {
            zab: Rc::new(RefCell::new(zab)),
            raft: raft.map(|r| Rc::new(RefCell::new(r))),
            version: 0,
            playing: params.page.autoplay && params.page.scenario.is_none(),
            speed: params.page.speed,
            selected: None,
            lang,
            errors: errors.into_iter().take(MAX_ERRORS).collect(),
            scenario: None,
            presenter: params.page.presenter,
            params,
            focus_write: 0,
        }
    }

    pub fn compare(&self) -> bool {
        self.raft.is_some()
    }

    pub fn now(&self) -> Time {
        self.zab.borrow().now()
    }

    /// How far both timelines have been simulated.
    pub fn head(&self) -> Time {
        let z = self.zab.borrow().head();
        self.raft.as_ref().map_or(z, |r| z.min(r.borrow().head()))
    }

    fn error(&mut self, e: String) {
        push_error(&mut self.errors, e);
    }

    /// One action for both clusters, now. ZAB refuses what it has no notion
    /// of (membership, transfer): that is said once, and Raft still does it.
    fn act_sim(&mut self, a: SimAction) {
        if let Some(r) = &self.raft {
            let res = r.borrow_mut().act(a.clone());
            if let Err(e) = res {
                self.error(format!("Raft: {e}"));
            }
        }
        let res = self.zab.borrow_mut().act(a);
        if let Err(e) = res {
            self.error(if self.compare() {
                format!("ZAB: {e}")
            } else {
                e
            });
        }
    }

    /// Both timelines to `t`; with `stop_at_pause`, both stop at a scenario's
    /// pause (they share the script, so they share its pauses).
    fn advance(&mut self, t: Time, stop_at_pause: bool) -> Stop {
        let stop = self.zab.borrow_mut().advance_to(t, stop_at_pause);
        let at = self.zab.borrow().now();
        if let Some(r) = &self.raft {
            let mut r = r.borrow_mut();
            if r.now() < at {
                r.advance_to(at, stop_at_pause);
                // A pause step is carried out once: go on to the same moment.
                if r.now() < at {
                    r.advance_to(at, false);
                }
            }
        }
        stop
    }

    /// Both timelines shown at `t` (the past, or the simulated future up to the head).
    fn seek(&mut self, t: Time) {
        let t = t.min(self.head());
        self.zab.borrow_mut().seek(t);
        if let Some(r) = &self.raft {
            r.borrow_mut().seek(t);
        }
    }

    /// The next moment anything happens in either cluster or the script.
    fn next_event(&self) -> Option<Time> {
        fn next<W: SimWorld>(t: &Timeline<W>) -> Option<Time> {
            let ev = t.world().clone().next_time();
            let step = t.steps().get(t.next_step()).map(|s| s.at);
            [ev, step].into_iter().flatten().min()
        }
        let z = next(&self.zab.borrow());
        let r = self.raft.as_ref().and_then(|r| next(&r.borrow()));
        [z, r].into_iter().flatten().min()
    }

    fn load(&mut self, scenario: Scenario, name: Option<String>, at: Option<Time>) {
        match timelines(&scenario.setup, &scenario.steps, self.compare()) {
            Ok((zab, raft)) => {
                self.zab = Rc::new(RefCell::new(zab));
                self.raft = raft.map(|r| Rc::new(RefCell::new(r)));
                self.selected = None;
                self.playing = self.params.page.autoplay && at.is_none();
                if let Some(t) = at {
                    self.advance(t.min(MAX_AT), false);
                }
                self.scenario = Some(ScenarioInfo {
                    name,
                    title: scenario.title.clone(),
                    description: scenario.description.clone(),
                    script: Rc::new(scenario),
                });
            }
            Err(e) => {
                let prefix = T::ScenarioFailed.get(self.lang);
                self.error(format!("{prefix}: {e}"));
            }
        }
    }

    fn restart_from(&mut self, setup: Setup, steps: Vec<Step>) {
        match timelines(&setup, &steps, self.compare()) {
            Ok((zab, raft)) => {
                self.zab = Rc::new(RefCell::new(zab));
                self.raft = raft.map(|r| Rc::new(RefCell::new(r)));
            }
            Err(e) => self.error(e),
        }
    }

    /// The ZAB leader, else S1: where the "split" preset's minority starts.
    fn split_groups(&self) -> Vec<Vec<NodeId>> {
        let z = self.zab.borrow();
        let n = z.world().size();
        let first = z.world().leader().unwrap_or(1);
        let second = first % n + 1;
        let minority = vec![first, second];
        let rest = (1..=n).filter(|i| !minority.contains(i)).collect();
        vec![minority, rest]
    }

    /// Carries out one action, in place.
    pub fn act(&mut self, action: ZabAction) {
        let action = match action {
            ZabAction::DropRaft(id) => {
                if let Some(r) = &self.raft {
                    let res = r.borrow_mut().act(SimAction::Drop(MessageFilter {
                        id: Some(id),
                        ..MessageFilter::default()
                    }));
                    if let Err(e) = res {
                        self.error(e);
                    }
                }
                return;
            }
            ZabAction::Page(a) => a,
        };
        match action {
            Action::Tick(real_ms) => {
                if !self.playing {
                    return;
                }
                let target = self.now() + frame_time(real_ms, self.speed);
                if let Stop::Pause(_) = self.advance(target, true) {
                    self.playing = false;
                }
            }
            Action::TogglePlay => self.playing = !self.playing,
            Action::Pause => self.playing = false,
            Action::Step => {
                self.playing = false;
                if let Some(t) = self.next_event() {
                    self.advance(t, false);
                }
            }
            Action::StepBack => {
                self.playing = false;
                self.zab.borrow_mut().seek_prev_event();
                let t = self.now();
                if let Some(r) = &self.raft {
                    r.borrow_mut().seek(t);
                }
            }
            Action::SetSpeed(s) => self.speed = clamp_speed(s),
            Action::Slower => self.speed = clamp_speed(self.speed / 2.0),
            Action::Faster => self.speed = clamp_speed(self.speed * 2.0),
            Action::Select(id) => self.selected = id,
            Action::Crash(id) => self.act_sim(SimAction::Crash(id)),
            Action::Restart(id) => self.act_sim(SimAction::Restart(id)),
            Action::ResumeAll => self.act_sim(SimAction::RestartAll),
            Action::RestartLeader => {
                let l = self.zab.borrow().world().leader();
                if let Some(l) = l {
                    self.act_sim(SimAction::Crash(l));
                    self.act_sim(SimAction::Restart(l));
                }
            }
            Action::ToggleLink(a, b) => {
                // Both clusters get the same cut or heal: what the ZAB side shows decides.
                let up = {
                    let z = self.zab.borrow();
                    z.world().is_up(a, b) && z.world().is_up(b, a)
                };
                let oneway = false;
                self.act_sim(if up {
                    SimAction::Cut { a, b, oneway }
                } else {
                    SimAction::Heal { a, b, oneway }
                });
            }
            Action::Isolate(id) => self.act_sim(SimAction::Isolate(id)),
            Action::Split => {
                let groups = self.split_groups();
                self.act_sim(SimAction::Partition(groups));
            }
            Action::HealAll => self.act_sim(SimAction::HealAll),
            Action::DropMessage(id) => self.act_sim_zab_only(SimAction::Drop(MessageFilter {
                id: Some(id),
                ..MessageFilter::default()
            })),
            Action::Write(value) => {
                let value = value.trim().to_string();
                match crate::sim::client::validate_write(&value) {
                    Ok(()) => self.act_sim(SimAction::Write {
                        value,
                        to: None,
                        client: 1,
                    }),
                    Err(e) => {
                        let msg = crate::ui::state::write_problem_text(&e, self.lang);
                        self.error(msg)
                    }
                }
            }
            Action::Seek(t) => {
                self.playing = false;
                self.seek(t);
            }
            Action::Live => {
                let h = self.head();
                self.seek(h);
            }
            Action::NextCaption => {
                let now = self.now();
                let next = self
                    .zab
                    .borrow()
                    .caption_times()
                    .into_iter()
                    .find(|&t| t > now);
                if let Some(t) = next {
                    self.playing = false;
                    if t <= self.head() {
                        self.seek(t);
                    } else {
                        self.advance(t, false);
                    }
                }
            }
            Action::PrevCaption => {
                let now = self.now();
                let times = self.zab.borrow().caption_times();
                if let Some(t) = prev_caption(&times, now) {
                    self.playing = false;
                    self.seek(t);
                }
            }
            Action::Load { scenario, name, at } => self.load(*scenario, name, at),
            Action::Reset => {
                self.playing = false;
                match self.scenario.as_ref().map(|i| i.script.clone()) {
                    Some(s) => self.restart_from(s.setup.clone(), s.steps.clone()),
                    None => {
                        let setup = self.zab.borrow().setup().clone();
                        self.restart_from(setup, vec![]);
                    }
                }
            }
            Action::FreePlay => {
                self.scenario = None;
                self.selected = None;
                self.restart_from(free_setup(&self.params.page), vec![]);
                self.playing = self.params.page.autoplay;
            }
            Action::SetLang(l) => self.lang = l,
            Action::TogglePresenter => self.presenter = !self.presenter,
            Action::Error(e) => self.error(e),
            Action::DismissError(i) if i < self.errors.len() => {
                self.errors.remove(i);
            }
            Action::FocusWrite => self.focus_write += 1,
            // Raft-only verbs (membership, transfer, timers, snapshots) and
            // dialogs this page does not have.
            _ => {}
        }
    }

    /// Drops a ZAB message (ids are per cluster).
    fn act_sim_zab_only(&mut self, a: SimAction) {
        let res = self.zab.borrow_mut().act(a);
        if let Err(e) = res {
            self.error(e);
        }
    }

    /// Whether the loaded script has steps still ahead (captions to come).
    pub fn script_ahead(&self) -> bool {
        let z = self.zab.borrow();
        z.steps()[z.next_step()..]
            .iter()
            .any(|s| matches!(s.kind, StepKind::Caption(_) | StepKind::Pause))
    }
}

impl Reducible for ZabState {
    type Action = ZabAction;

    fn reduce(self: Rc<Self>, action: ZabAction) -> Rc<Self> {
        if matches!(action, ZabAction::Page(Action::Tick(_))) && !self.playing {
            return self;
        }
        let mut next = (*self).clone();
        next.act(action);
        next.version += 1;
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zab::Role;

    fn page(query: &str) -> ZabState {
        let (p, lang, errors) = parse_query(query, Lang::En);
        ZabState::new(p, lang, errors)
    }

    fn run_ms(s: &mut ZabState, ms: f64) {
        let mut left = ms;
        while left > 0.0 {
            s.act(ZabAction::Page(Action::Tick(16.0_f64.min(left))));
            left -= 16.0;
        }
    }

    #[test]
    fn the_query_picks_the_mode_and_bad_values_are_said_not_panicked() {
        let (p, _, e) = parse_query("?protocol=zab&seed=3", Lang::En);
        assert!(!p.compare && e.is_empty() && p.page.seed == Some(3));
        let (p, _, e) = parse_query("?compare=1&lang=zh", Lang::En);
        assert!(p.compare && e.is_empty());
        let (p, lang, e) = parse_query("?protocol=<b>paxos</b>&compare=maybe&lang=zh", Lang::En);
        assert!(!p.compare);
        assert_eq!(lang, Lang::Zh);
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].contains("<b>paxos</b>"), "shown as text: {e:?}");
    }

    #[test]
    fn compare_mode_drives_both_clusters_with_the_same_actions_at_the_same_time() {
        let mut s = page("?compare=1&seed=3&speed=1");
        run_ms(&mut s, 3000.0);
        let zl = s.zab.borrow().world().leader().expect("a ZAB leader");
        let rl = s.raft.as_ref().unwrap().borrow().world().leader();
        assert!(rl.is_some(), "a Raft leader");
        assert_eq!(s.now(), s.raft.as_ref().unwrap().borrow().now());
        s.act(ZabAction::Page(Action::Crash(zl)));
        assert!(!s.zab.borrow().world().server(zl).alive);
        assert!(!s.raft.as_ref().unwrap().borrow().world().server(zl).alive);
        s.act(ZabAction::Page(Action::Write("a=1".into())));
        run_ms(&mut s, 5000.0);
        let z = s.zab.borrow();
        let fresh = z.world().leader().expect("a new ZAB leader");
        assert_ne!(fresh, zl);
        assert_eq!(z.world().server(fresh).node.role(), Role::Leading);
        assert_eq!(z.world().writes().len(), 1);
        assert_eq!(s.raft.as_ref().unwrap().borrow().world().writes().len(), 1);
        assert!(s.errors.is_empty(), "{:?}", s.errors);
    }

    #[test]
    fn step_and_seek_keep_the_two_clusters_at_one_time() {
        let mut s = page("?compare=1&seed=5");
        for _ in 0..30 {
            s.act(ZabAction::Page(Action::Step));
            assert_eq!(s.now(), s.raft.as_ref().unwrap().borrow().now());
        }
        let t = s.now();
        assert!(t > 0);
        s.act(ZabAction::Page(Action::Seek(t / 2)));
        assert_eq!(s.now(), t / 2);
        assert_eq!(s.raft.as_ref().unwrap().borrow().now(), t / 2);
    }
}
