//! The page's one reducer-held state and its actions (verbs). No web APIs here:
//! everything is tested natively.

use super::i18n::{fill, T};
use super::params::{Params, DEFAULT_SPEED, MAX_SPEED, MAX_T_MS, MIN_SPEED};
use crate::raft::{NodeId, Role, Time};
use crate::sim::client::{validate_write, ReadMode, WriteProblem, MAX_WRITE_CHARS};
use crate::sim::config::{ClusterConfig, Settings, MS};
use crate::sim::history::{History, Stop};
use crate::sim::network::LinkState;
use crate::sim::scenario::{Scenario, Text};
use crate::sim::world::{
    validate_key, Action as SimAction, InitNode, InitSnapshot, MessageFilter, Setup, TimerMode,
};
use crate::text::Lang;
use std::cell::RefCell;
use std::rc::Rc;
use yew::Reducible;

/// Longest real frame we simulate at once (a tab coming back does not jump).
const MAX_FRAME_MS: f64 = 100.0;
/// Most simulated time one frame of play may cover, whatever the speed: more
/// would block the page for longer than a frame.
pub const MAX_FRAME_SIM: Time = 10_000 * MS;
/// A jump in time (a shared link's `t`, a seek) longer than this is made in
/// slices, one per frame. The slice grows while frames stay quick and shrinks
/// when they come late, so the page keeps answering clicks.
const FIRST_SLICE: Time = 2_000 * MS;
const MIN_SLICE: Time = 100 * MS;
const MAX_SLICE: Time = 60_000 * MS;
/// Frames further apart than this (real ms) mean the slices are too long.
const SLOW_FRAME_MS: f64 = 50.0;
/// Most error messages shown at once.
pub const MAX_ERRORS: usize = 5;

/// What a link's selector can set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkChoice {
    Up,
    Cut,
    /// Only `from → to` works.
    Only(NodeId, NodeId),
}

/// An open dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dialog {
    Share,
    Embed,
    Stage,
}

/// A long move in time made in slices across frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jump {
    /// Where it started and where it goes (simulated time).
    pub from: Time,
    pub to: Time,
}

impl Jump {
    /// How much is done, in percent, at simulated time `now`.
    pub fn percent(&self, now: Time) -> u32 {
        let span = self.to.saturating_sub(self.from).max(1);
        (now.saturating_sub(self.from).min(span).saturating_mul(100) / span) as u32
    }
}

/// The scenario being played, for the header and captions.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioInfo {
    /// A shipped scenario's name, if it is one.
    pub name: Option<String>,
    pub title: Text,
    pub description: Text,
    /// The scenario as loaded, for "start over".
    pub script: Rc<Scenario>,
}

/// The page state.
#[derive(Clone, Debug)]
pub struct AppState {
    pub hist: Rc<RefCell<History>>,
    /// Bumped whenever the world changes, so the page re-renders.
    pub version: u64,
    pub playing: bool,
    pub speed: f64,
    pub selected: Option<NodeId>,
    /// Where client writes go: `None` for the leader.
    pub write_to: Option<NodeId>,
    /// The client that writes and reads (1-based).
    pub client: u8,
    pub lang: Lang,
    pub presenter: bool,
    pub help: bool,
    pub dialog: Option<Dialog>,
    pub errors: Vec<String>,
    pub scenario: Option<ScenarioInfo>,
    pub params: Params,
    /// Bumped by the `C` key: the write box takes focus.
    pub focus_write: u64,
    /// A long move in time under way.
    pub jump: Option<Jump>,
    /// Voters picked for "change voters" (None: the current ones).
    pub picked: Option<u16>,
    /// Simulated time a frame of the jump covers (adapts to the machine).
    slice: Time,
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.hist, &other.hist)
            && self.version == other.version
            && self.playing == other.playing
            && self.speed == other.speed
            && self.selected == other.selected
            && self.write_to == other.write_to
            && self.client == other.client
            && self.lang == other.lang
            && self.presenter == other.presenter
            && self.help == other.help
            && self.dialog == other.dialog
            && self.errors == other.errors
            && self.scenario == other.scenario
            && self.focus_write == other.focus_write
            && self.jump == other.jump
    }
}

/// What the page can do: one verb per user intent.
#[derive(Clone, Debug)]
pub enum Action {
    /// A frame passed: `real_ms` of wall time.
    Tick(f64),
    TogglePlay,
    Pause,
    Step,
    StepBack,
    SetSpeed(f64),
    Slower,
    Faster,
    Select(Option<NodeId>),
    Crash(NodeId),
    Restart(NodeId),
    Timeout(NodeId),
    /// Ask the leader to add a voter (through a learner), a learner, to remove a
    /// server, to hand over leadership; a server snapshots now.
    AddServer(NodeId),
    AddLearner(NodeId),
    RemoveServer(NodeId),
    Transfer(NodeId),
    Snapshot(NodeId),
    /// Picks or unpicks a server for the next `ChangeVoters`.
    PickVoter(NodeId),
    /// Make the picked servers the voters (joint consensus or one at a time).
    ChangeVoters,
    /// Free play with this many servers in all (those above `nodes` spare).
    SetMaxNodes(u8),
    /// `R`: crash the leader and bring it back.
    RestartLeader,
    /// `B`: restart every crashed server.
    ResumeAll,
    Timers(TimerMode),
    ToggleLink(NodeId, NodeId),
    SetLink(NodeId, NodeId, LinkChoice),
    Isolate(NodeId),
    Split,
    HealAll,
    DropMessage(u64),
    Write(String),
    SetWriteTarget(Option<NodeId>),
    /// Which client writes and reads.
    SetClient(u8),
    /// The client reads a key (at the write target, or the leader).
    Read(String, ReadMode),
    /// The client sends its latest unanswered write again (same session number).
    Retry,
    Set(Settings),
    Seek(Time),
    Live,
    NextCaption,
    PrevCaption,
    /// Play a scenario (from the menu, the URL, an import or the stage editor).
    Load {
        scenario: Box<Scenario>,
        name: Option<String>,
        /// Jump to this time after loading (a shared link).
        at: Option<Time>,
    },
    /// Back to time zero of what is loaded.
    Reset,
    /// Leave the scenario: free play with the URL's settings.
    FreePlay,
    SetLang(Lang),
    TogglePresenter,
    ToggleHelp,
    OpenDialog(Dialog),
    CloseDialog,
    Error(String),
    DismissError(usize),
    FocusWrite,
}

/// Adds a message once; the oldest go past [`MAX_ERRORS`].
pub fn push_error(errors: &mut Vec<String>, e: String) {
    if !errors.contains(&e) {
        errors.push(e);
    }
    while errors.len() > MAX_ERRORS {
        errors.remove(0);
    }
}

/// A speed asked for, within limits (the default for nonsense).
pub fn clamp_speed(s: f64) -> f64 {
    if s.is_finite() && s > 0.0 {
        s.clamp(MIN_SPEED, MAX_SPEED)
    } else {
        DEFAULT_SPEED
    }
}

/// Where "previous caption" goes from `now`: the caption before the one showing.
pub fn prev_caption(times: &[Time], now: Time) -> Option<Time> {
    match times.iter().rposition(|&t| t <= now) {
        Some(i) if i > 0 => Some(times[i - 1]),
        Some(_) => Some(0),
        None => None,
    }
}

/// Simulated time one frame of `real_ms` covers at `speed`, capped.
pub fn frame_time(real_ms: f64, speed: f64) -> Time {
    let dt = (real_ms.clamp(0.0, MAX_FRAME_MS) * speed * MS as f64) as Time;
    dt.clamp(1, MAX_FRAME_SIM)
}

/// What is wrong with a client write, in the page's language.
pub fn write_problem_text(e: &WriteProblem, lang: Lang) -> String {
    match e {
        WriteProblem::TooLong => fill(
            T::ErrWriteTooLong.get(lang),
            &[&MAX_WRITE_CHARS.to_string()],
        ),
        WriteProblem::ControlCharacters => T::ErrWriteControl.get(lang).into(),
        WriteProblem::NotKeyValue(v) => fill(T::ErrWriteKv.get(lang), &[v]),
    }
}

/// The setup of free play, from the URL.
pub fn free_setup(p: &Params) -> Setup {
    let mut cluster = ClusterConfig::default();
    if let Some(n) = p.nodes {
        cluster.nodes = n;
    }
    if let Some(b) = p.prevote {
        cluster.options.prevote = b;
    }
    if let Some(b) = p.check_quorum {
        cluster.options.check_quorum = b;
    }
    cluster.max_nodes = p.max_nodes.unwrap_or(0).max(cluster.nodes);
    // Several clients, so that free play can show concurrent histories.
    cluster.clients = 3;
    Setup {
        seed: p.seed.unwrap_or(1),
        cluster,
        init: vec![],
    }
}

impl AppState {
    /// The page at start: free play from the URL's settings.
    pub fn new(params: Params, lang: Lang, errors: Vec<String>) -> AppState {
        let hist = History::new(free_setup(&params), vec![]).unwrap_or_else(|_| {
            // The URL parser only lets valid values through; fall back anyway.
            History::new(Setup::default(), vec![]).expect("the default setup is valid")
        });
        AppState {
            hist: Rc::new(RefCell::new(hist)),
            version: 0,
            playing: params.autoplay,
            speed: params.speed,
            selected: None,
            write_to: None,
            client: 1,
            lang,
            presenter: params.presenter,
            help: false,
            dialog: None,
            errors: errors.into_iter().take(MAX_ERRORS).collect(),
            scenario: None,
            params,
            focus_write: 0,
            jump: None,
            picked: None,
            slice: FIRST_SLICE,
        }
    }

    fn error(&mut self, e: String) {
        push_error(&mut self.errors, e);
    }

    fn act_sim(&mut self, a: SimAction) {
        let r = self.hist.borrow_mut().act(a);
        if let Err(e) = r {
            self.error(e);
        }
    }

    /// Goes to `to`: at once when it is near, else in slices (see `Tick`).
    /// `from` is where the way there starts (a checkpoint, or now).
    fn go_to(&mut self, from: Time, to: Time) {
        let mut h = self.hist.borrow_mut();
        if to.saturating_sub(from) <= self.slice {
            if to <= h.head() {
                h.seek(to);
            } else {
                h.advance_to(to, false);
            }
        } else {
            if from <= h.head() {
                h.seek(from);
            }
            self.jump = Some(Jump { from, to });
        }
    }

    /// One frame of a jump; `real_ms` since the last frame tunes the slice.
    fn jump_frame(&mut self, jump: Jump, real_ms: f64) {
        if real_ms > SLOW_FRAME_MS {
            self.slice = (self.slice / 2).max(MIN_SLICE);
        } else if real_ms > 0.0 {
            self.slice = (self.slice * 3 / 2).min(MAX_SLICE);
        }
        let mut h = self.hist.borrow_mut();
        let next = (h.now() + self.slice).min(jump.to);
        if next <= h.head() {
            h.seek(next);
        } else {
            h.advance_to(next, false);
        }
        if h.now() >= jump.to {
            self.jump = None;
        }
    }

    /// Whether `action` leaves a jump under way alone (it only changes the view).
    fn keeps_jump(action: &Action) -> bool {
        matches!(
            action,
            Action::Tick(_)
                | Action::SetSpeed(_)
                | Action::Slower
                | Action::Faster
                | Action::Select(_)
                | Action::PickVoter(_)
                | Action::SetWriteTarget(_)
                | Action::SetClient(_)
                | Action::SetLang(_)
                | Action::TogglePresenter
                | Action::ToggleHelp
                | Action::Error(_)
                | Action::DismissError(_)
                | Action::FocusWrite
        )
    }

    /// A write target the cluster no longer has goes back to "the leader".
    fn fit_write_target(&mut self) {
        let n = self.hist.borrow().world().size();
        if self.write_to.is_some_and(|t| t > n) {
            self.write_to = None;
        }
        let clients = self.hist.borrow().world().config().clients;
        self.client = self.client.clamp(1, clients.max(1));
    }

    fn leader(&self) -> Option<NodeId> {
        self.hist.borrow().world().leader()
    }

    /// Carries out one action, in place.
    pub fn act(&mut self, action: Action) {
        if !Self::keeps_jump(&action) {
            // The viewer took the controls: stop where the jump got to.
            self.jump = None;
        }
        if matches!(
            action,
            Action::Load { .. } | Action::FreePlay | Action::Reset
        ) {
            self.picked = None;
        }
        match action {
            Action::Tick(real_ms) => {
                if let Some(jump) = self.jump {
                    return self.jump_frame(jump, real_ms);
                }
                if !self.playing {
                    return;
                }
                let mut h = self.hist.borrow_mut();
                let target = h.now() + frame_time(real_ms, self.speed);
                if let Stop::Pause(_) = h.advance_to(target, true) {
                    self.playing = false;
                }
            }
            Action::TogglePlay => self.playing = !self.playing,
            Action::Pause => self.playing = false,
            Action::Step => {
                self.playing = false;
                self.hist.borrow_mut().step_event();
            }
            Action::StepBack => {
                self.playing = false;
                self.hist.borrow_mut().seek_prev_event();
            }
            Action::SetSpeed(s) => self.speed = clamp_speed(s),
            Action::Slower => self.speed = clamp_speed(self.speed / 2.0),
            Action::Faster => self.speed = clamp_speed(self.speed * 2.0),
            Action::Select(id) => self.selected = id,
            Action::Crash(id) => self.act_sim(SimAction::Crash(id)),
            Action::Restart(id) => self.act_sim(SimAction::Restart(id)),
            Action::Timeout(id) => self.act_sim(SimAction::Timeout(id)),
            Action::AddServer(id) => self.act_sim(SimAction::AddServer(id)),
            Action::AddLearner(id) => self.act_sim(SimAction::AddLearner(id)),
            Action::RemoveServer(id) => self.act_sim(SimAction::RemoveServer(id)),
            Action::Transfer(id) => self.act_sim(SimAction::Transfer(id)),
            Action::Snapshot(id) => self.act_sim(SimAction::Snapshot(id)),
            Action::PickVoter(id) => {
                let now = crate::ui::view::drawn_membership(self.hist.borrow().world()).voters;
                self.picked = Some(self.picked.unwrap_or(now) ^ crate::raft::bit(id));
            }
            Action::ChangeVoters => {
                if let Some(v) = self.picked.take() {
                    self.act_sim(SimAction::Change(crate::raft::ids(v).collect()));
                }
            }
            Action::SetMaxNodes(m) => {
                self.params.max_nodes = Some(m);
                self.act(Action::FreePlay);
            }
            Action::RestartLeader => match self.leader() {
                Some(l) => {
                    self.act_sim(SimAction::Crash(l));
                    self.act_sim(SimAction::Restart(l));
                }
                None => self.error("There is no leader to restart.".into()),
            },
            Action::ResumeAll => self.act_sim(SimAction::RestartAll),
            Action::Timers(mode) => self.act_sim(SimAction::Timers(mode)),
            Action::ToggleLink(a, b) => {
                let state = self.hist.borrow().world().network().link_state(a, b);
                let act = match state {
                    LinkState::Up => SimAction::Cut {
                        a,
                        b,
                        oneway: false,
                    },
                    _ => SimAction::Heal {
                        a,
                        b,
                        oneway: false,
                    },
                };
                self.act_sim(act);
            }
            Action::SetLink(a, b, choice) => match choice {
                LinkChoice::Up => self.act_sim(SimAction::Heal {
                    a,
                    b,
                    oneway: false,
                }),
                LinkChoice::Cut => self.act_sim(SimAction::Cut {
                    a,
                    b,
                    oneway: false,
                }),
                LinkChoice::Only(from, to) => {
                    self.act_sim(SimAction::Heal {
                        a: from,
                        b: to,
                        oneway: true,
                    });
                    self.act_sim(SimAction::Cut {
                        a: to,
                        b: from,
                        oneway: true,
                    });
                }
            },
            Action::Isolate(id) => self.act_sim(SimAction::Isolate(id)),
            Action::Split => {
                // The leader (or S1) and one more on the minority side.
                let n = self.hist.borrow().world().size();
                let first = self.leader().unwrap_or(1);
                let second = first % n + 1;
                let minority = vec![first, second];
                let rest: Vec<NodeId> = (1..=n).filter(|i| !minority.contains(i)).collect();
                self.act_sim(SimAction::Partition(vec![minority, rest]));
            }
            Action::HealAll => self.act_sim(SimAction::HealAll),
            Action::DropMessage(id) => self.act_sim(SimAction::Drop(MessageFilter {
                id: Some(id),
                ..MessageFilter::default()
            })),
            Action::Write(value) => {
                let value = value.trim().to_string();
                // Checked here too, to say what is wrong in the page's language.
                let lang = self.lang;
                match validate_write(&value) {
                    Ok(()) => self.act_sim(SimAction::Write {
                        value,
                        to: self.write_to,
                        client: self.client,
                    }),
                    Err(e) => self.error(write_problem_text(&e, lang)),
                }
            }
            Action::SetWriteTarget(t) => self.write_to = t,
            Action::SetClient(c) => self.client = c,
            Action::Read(key, mode) => {
                let key = key.trim().to_string();
                match validate_key(&key) {
                    Ok(()) => self.act_sim(SimAction::Read {
                        key,
                        to: self.write_to,
                        mode,
                        client: self.client,
                    }),
                    Err(_) => self.error(fill(T::ErrReadKey.get(self.lang), &[&key])),
                }
            }
            Action::Retry => self.act_sim(SimAction::Retry {
                client: self.client,
            }),
            Action::Set(s) => self.act_sim(SimAction::Set(s)),
            Action::Seek(t) => {
                self.playing = false;
                let (from, to) = {
                    let h = self.hist.borrow();
                    let to = t.min(h.head());
                    (h.replay_from(to), to)
                };
                self.go_to(from, to);
            }
            Action::Live => {
                let (from, to) = {
                    let h = self.hist.borrow();
                    (h.replay_from(h.head()), h.head())
                };
                self.go_to(from, to);
            }
            Action::NextCaption => {
                let mut h = self.hist.borrow_mut();
                let now = h.now();
                if let Some(t) = h.caption_times().into_iter().find(|&t| t > now) {
                    self.playing = false;
                    if t <= h.head() {
                        h.seek(t);
                    } else {
                        h.advance_to(t, false);
                    }
                }
            }
            Action::PrevCaption => {
                let mut h = self.hist.borrow_mut();
                let now = h.now();
                // The caption showing now started at or before now: go to the one before it.
                if let Some(t) = prev_caption(&h.caption_times(), now) {
                    self.playing = false;
                    h.seek(t);
                }
            }
            Action::Load { scenario, name, at } => match History::from_scenario(&scenario) {
                Ok(h) => {
                    self.hist = Rc::new(RefCell::new(h));
                    self.slice = FIRST_SLICE;
                    if let Some(t) = at {
                        self.playing = false;
                        // Bounded here too: `at` may come from anywhere.
                        let max = (MAX_T_MS * MS as f64) as Time;
                        self.go_to(0, t.min(max));
                    } else {
                        self.playing = self.params.autoplay;
                    }
                    self.selected = None;
                    self.fit_write_target();
                    self.scenario = Some(ScenarioInfo {
                        name,
                        title: scenario.title.clone(),
                        description: scenario.description.clone(),
                        script: Rc::new(*scenario),
                    });
                }
                Err(e) => self.error(e),
            },
            Action::Reset => {
                // Back to time zero: the scenario as written (even after the
                // viewer took over), or free play with the same setup.
                let h = match &self.scenario {
                    Some(info) => History::from_scenario(&info.script),
                    None => History::new(self.hist.borrow().setup().clone(), vec![]),
                };
                match h {
                    Ok(h) => {
                        self.hist = Rc::new(RefCell::new(h));
                        self.playing = false;
                    }
                    Err(e) => self.error(e),
                }
            }
            Action::FreePlay => match History::new(free_setup(&self.params), vec![]) {
                Ok(h) => {
                    self.hist = Rc::new(RefCell::new(h));
                    self.scenario = None;
                    self.selected = None;
                    self.fit_write_target();
                    self.playing = self.params.autoplay;
                }
                Err(e) => self.error(e),
            },
            Action::SetLang(l) => self.lang = l,
            Action::TogglePresenter => self.presenter = !self.presenter,
            Action::ToggleHelp => self.help = !self.help,
            Action::OpenDialog(d) => {
                self.playing = false;
                self.dialog = Some(d);
            }
            Action::CloseDialog => self.dialog = None,
            Action::Error(e) => self.error(e),
            Action::DismissError(i) => {
                if i < self.errors.len() {
                    self.errors.remove(i);
                }
            }
            Action::FocusWrite => self.focus_write += 1,
        }
    }

    /// The initial state a stage editor starts from: the current setup's `init`,
    /// completed with empty servers.
    pub fn stage_init(&self) -> Vec<InitNode> {
        let h = self.hist.borrow();
        let w = h.world();
        (1..=w.size())
            .map(|id| {
                let s = w.server(id);
                InitNode {
                    node: id,
                    term: s.node.current_term(),
                    voted_for: s.node.voted_for(),
                    log: s.node.log().entries().to_vec(),
                    snapshot: s.node.snapshot().map(|sn| InitSnapshot {
                        index: sn.index,
                        term: sn.term,
                        kv: sn.data.clone(),
                    }),
                    voters: None,
                }
            })
            .collect()
    }

    /// Whether server `id` is a live leader.
    pub fn is_leader(&self, id: NodeId) -> bool {
        let h = self.hist.borrow();
        let s = h.world().server(id);
        s.alive && s.node.role() == Role::Leader
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if matches!(action, Action::Tick(_)) && !self.playing && self.jump.is_none() {
            return self; // nothing changes: no re-render
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
    use crate::sim::scenario::parse;

    fn state() -> AppState {
        AppState::new(Params::default(), Lang::En, vec![])
    }

    fn run_ms(s: &mut AppState, ms: f64) {
        // Real milliseconds at the current speed, one 16 ms frame at a time.
        let mut left = ms;
        while left > 0.0 {
            s.act(Action::Tick(16.0_f64.min(left)));
            left -= 16.0;
        }
    }

    #[test]
    fn a_bad_write_is_refused_in_the_page_language_and_nothing_is_sent() {
        let mut s = AppState::new(Params::default(), Lang::Zh, vec![]);
        s.act(Action::Write("no-equals-sign".into()));
        s.act(Action::Write("k=\u{7}".into()));
        s.act(Action::Write(format!("k={}", "v".repeat(300))));
        assert_eq!(
            s.errors,
            [
                "写入的格式是 key=value，而不是“no-equals-sign”",
                "写入不能包含控制字符",
                "一次写入最多 200 个字符",
            ]
        );
        assert!(s.hist.borrow().world().writes().is_empty());
        s.act(Action::Write(" x = 1 ".into()));
        assert_eq!(s.hist.borrow().world().writes().len(), 1);
    }

    #[test]
    fn playing_advances_time_at_the_chosen_speed_and_pausing_stops_it() {
        let mut s = state();
        s.act(Action::SetSpeed(1.0));
        run_ms(&mut s, 1000.0);
        let t = s.hist.borrow().now();
        assert!((990 * MS..=1010 * MS).contains(&t), "t = {t}");
        s.act(Action::TogglePlay);
        run_ms(&mut s, 1000.0);
        assert_eq!(s.hist.borrow().now(), t, "paused: time stands still");
        s.act(Action::Step);
        assert!(s.hist.borrow().now() > t, "step advances to the next event");
    }

    #[test]
    fn a_long_frame_is_capped() {
        let mut s = state();
        s.act(Action::SetSpeed(1.0));
        s.act(Action::Tick(60_000.0));
        assert!(s.hist.borrow().now() <= 100 * MS);
    }

    #[test]
    fn speed_keys_halve_and_double_within_limits() {
        let mut s = state();
        s.act(Action::SetSpeed(0.2));
        s.act(Action::Faster);
        assert_eq!(s.speed, 0.4);
        s.act(Action::Slower);
        s.act(Action::Slower);
        assert_eq!(s.speed, 0.1);
        s.act(Action::SetSpeed(f64::NAN));
        assert_eq!(s.speed, DEFAULT_SPEED);
        s.act(Action::SetSpeed(1e9));
        assert_eq!(s.speed, MAX_SPEED);
    }

    #[test]
    fn a_bad_write_is_an_error_message_not_a_panic() {
        let mut s = state();
        s.act(Action::Write("<b>no equals</b>".into()));
        assert_eq!(s.errors.len(), 1);
        assert!(s.errors[0].contains("key=value"));
        s.act(Action::DismissError(0));
        assert!(s.errors.is_empty());
    }

    #[test]
    fn restart_leader_and_links() {
        let mut s = state();
        s.act(Action::SetSpeed(1.0));
        run_ms(&mut s, 1000.0);
        let leader = s
            .hist
            .borrow()
            .world()
            .leader()
            .expect("a leader after 1 s");
        s.act(Action::RestartLeader);
        assert!(!s.is_leader(leader), "crashed and back as a follower");
        s.act(Action::ToggleLink(1, 2));
        assert_eq!(
            s.hist.borrow().world().network().link_state(1, 2),
            LinkState::Cut
        );
        s.act(Action::SetLink(1, 2, LinkChoice::Only(2, 1)));
        assert_eq!(
            s.hist.borrow().world().network().link_state(1, 2),
            LinkState::OneWay { from: 2, to: 1 }
        );
        s.act(Action::ToggleLink(1, 2));
        assert_eq!(
            s.hist.borrow().world().network().link_state(1, 2),
            LinkState::Up
        );
    }

    #[test]
    fn captions_can_be_walked_forwards_and_backwards() {
        let text = include_str!("../../static/scenarios/first-election.json");
        let mut s = state();
        s.act(Action::Load {
            scenario: Box::new(parse(text).unwrap()),
            name: Some("first-election".into()),
            at: None,
        });
        let caption = |s: &AppState| s.hist.borrow().caption().map(|t| t.get("en").to_string());
        s.act(Action::NextCaption);
        let second = caption(&s);
        s.act(Action::NextCaption);
        assert_ne!(caption(&s), second);
        s.act(Action::PrevCaption);
        assert_eq!(caption(&s), second, "back to the previous caption");
        assert!(!s.playing);
    }

    #[test]
    fn start_over_restores_the_script_after_a_take_over() {
        let text = include_str!("../../static/scenarios/leader-crash.json");
        let mut s = state();
        s.act(Action::Load {
            scenario: Box::new(parse(text).unwrap()),
            name: None,
            at: None,
        });
        let steps = s.hist.borrow().steps().len();
        s.act(Action::Crash(1));
        assert!(s.hist.borrow().forked());
        s.act(Action::Reset);
        assert_eq!(s.hist.borrow().now(), 0);
        assert_eq!(s.hist.borrow().steps().len(), steps);
        assert!(!s.hist.borrow().forked());
    }

    #[test]
    fn seeking_pauses_and_acting_in_the_past_forks() {
        let mut s = state();
        s.act(Action::SetSpeed(1.0));
        run_ms(&mut s, 2000.0);
        s.act(Action::Seek(500 * MS));
        assert!(!s.playing);
        assert_eq!(s.hist.borrow().now(), 500 * MS);
        s.act(Action::Crash(1));
        assert_eq!(s.hist.borrow().head(), 500 * MS);
    }

    fn load(s: &mut AppState, text: &str, at: Option<Time>) {
        s.act(Action::Load {
            scenario: Box::new(parse(text).unwrap()),
            name: None,
            at,
        });
    }

    /// Frames `real_ms` apart until the jump ends; the largest step taken.
    fn finish_jump(s: &mut AppState, real_ms: f64) -> Time {
        let (mut frames, mut last, mut most) = (0, s.hist.borrow().now(), 0);
        while s.jump.is_some() {
            s.act(Action::Tick(real_ms));
            let now = s.hist.borrow().now();
            most = most.max(now - last);
            last = now;
            frames += 1;
            assert!(frames < 10_000, "the jump ends");
        }
        most
    }

    const LEADER_CRASH: &str = include_str!("../../static/scenarios/leader-crash.json");

    #[test]
    fn a_far_time_is_reached_in_slices_not_at_once() {
        let mut s = state();
        let to = 20 * 60_000 * MS;
        load(&mut s, LEADER_CRASH, Some(to));
        assert!(s.jump.is_some() && !s.playing);
        assert!(s.hist.borrow().now() < to, "nothing long happens at once");
        assert_eq!(s.jump.map(|j| j.percent(0)), Some(0));
        let most = finish_jump(&mut s, 33.0);
        assert!(most <= MAX_SLICE, "{most}");
        assert_eq!(s.hist.borrow().now(), to);
        assert!(!s.playing);
        // A near time is reached at once.
        load(&mut s, LEADER_CRASH, Some(1_500 * MS));
        assert_eq!((s.hist.borrow().now(), s.jump), (1_500 * MS, None));
    }

    #[test]
    fn a_jump_is_bounded_to_a_day_and_slow_frames_shrink_its_slices() {
        let mut s = state();
        load(&mut s, LEADER_CRASH, Some(Time::MAX / 2));
        let day = 86_400_000 * MS;
        assert_eq!(s.jump.map(|j| j.to), Some(day));
        for _ in 0..20 {
            s.act(Action::Tick(500.0));
        }
        let before = s.hist.borrow().now();
        s.act(Action::Tick(500.0));
        assert_eq!(s.hist.borrow().now() - before, MIN_SLICE);
        assert_eq!(s.jump.map(|j| j.percent(before)), Some(0));
        // Play stops the jump where it got to, and plays from there.
        s.act(Action::TogglePlay);
        assert!(s.jump.is_none() && s.playing);
        assert!(s.hist.borrow().now() < 10_000 * MS);
    }

    #[test]
    fn a_long_seek_is_made_in_slices_too() {
        let mut s = state();
        load(&mut s, LEADER_CRASH, Some(10 * 60_000 * MS));
        finish_jump(&mut s, 500.0); // slow frames: short slices
        let t = 5 * 60_000 * MS + 7 * MS;
        s.act(Action::Seek(t));
        assert!(
            s.jump.is_some(),
            "a replay longer than a slice waits for frames"
        );
        finish_jump(&mut s, 500.0);
        assert_eq!(s.hist.borrow().now(), t);
        s.act(Action::Live);
        finish_jump(&mut s, 33.0);
        assert_eq!(s.hist.borrow().now(), 10 * 60_000 * MS);
    }

    #[test]
    fn a_frame_never_simulates_more_than_its_cap() {
        let mut s = state();
        s.act(Action::SetSpeed(1e9));
        s.act(Action::Tick(1e9));
        assert!(s.hist.borrow().now() <= MAX_FRAME_SIM);
    }

    #[test]
    fn the_write_target_goes_back_to_the_leader_when_the_cluster_shrinks() {
        let nine = Params {
            nodes: Some(9),
            ..Params::default()
        };
        let mut s = AppState::new(nine, Lang::En, vec![]);
        s.act(Action::SetWriteTarget(Some(7)));
        load(&mut s, LEADER_CRASH, None); // five servers
        assert_eq!(s.write_to, None);
        s.act(Action::SetWriteTarget(Some(3)));
        load(&mut s, LEADER_CRASH, None);
        assert_eq!(s.write_to, Some(3), "a target that still exists stays");
        s.act(Action::SetWriteTarget(Some(5)));
        s.params.nodes = Some(3);
        s.act(Action::FreePlay);
        assert_eq!(s.write_to, None);
    }

    #[test]
    fn servers_total_gives_spares_that_can_be_added_transferred_to_and_snapshotted() {
        use crate::sim::world::Member;
        let mut s = state();
        s.act(Action::SetMaxNodes(7));
        assert_eq!(s.hist.borrow().world().servers().len(), 7);
        assert_eq!(s.hist.borrow().world().member(6), Member::Spare);
        s.act(Action::SetSpeed(1.0));
        run_ms(&mut s, 1000.0);
        s.act(Action::AddServer(6));
        run_ms(&mut s, 3000.0);
        assert_eq!(s.hist.borrow().world().member(6), Member::Voter);
        s.act(Action::Transfer(6));
        run_ms(&mut s, 1000.0);
        assert_eq!(s.leader(), Some(6));
        s.act(Action::Write("a=1".into()));
        run_ms(&mut s, 500.0);
        s.act(Action::Snapshot(6));
        let w = s.hist.borrow();
        assert!(w.world().server(6).node.log().snapshot_index() >= 2);
        assert!(s.errors.is_empty(), "{:?}", s.errors);
    }

    #[test]
    fn ticks_while_paused_do_not_re_render() {
        let mut s = state();
        s.act(Action::Pause);
        let rc = Rc::new(s);
        let after = rc.clone().reduce(Action::Tick(16.0));
        assert!(Rc::ptr_eq(&rc, &after));
    }
}
