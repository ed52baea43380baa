//! The scenario format `raftlab-scenario/1` (see DESIGN.md): reading with a clear
//! message for every mistake, naming the step; and writing back.
//!
//! Reading goes through a [`Json`] value by hand rather than derived
//! deserializers, so that an error can say "step 4 (at 400 ms, do "cut"): …".

mod expect;

pub use expect::{check_converged, check_expect};

use super::config::{ClusterConfig, Settings, MAX_NODES, MS};
use super::invariants::Invariant;
use super::json::{self, Json};
use super::strmap::StrMap;
use super::world::{validate_cluster, Action, InitNode, Setup, TimerMode};
use crate::raft::{Bugs, Entry, Index, Kind, NodeId, Term, Time};

/// The format tag every scenario carries.
pub const FORMAT: &str = "raftlab-scenario/1";
/// Largest scenario accepted, in bytes.
pub const MAX_BYTES: usize = 2 << 20;
/// Latest step time accepted: one day.
pub const MAX_AT_MS: f64 = 86_400_000.0;
const MAX_STEPS: usize = 100_000;
const MAX_LOG: usize = 10_000;
const MAX_TEXT: usize = 5_000;
const MAX_TERM: u64 = 1_000_000_000;

/// A text in one language, or in several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    Plain(String),
    Langs(StrMap),
}

impl Default for Text {
    fn default() -> Text {
        Text::Plain(String::new())
    }
}

impl Text {
    /// The text in `lang`, else English, else any language there is.
    pub fn get(&self, lang: &str) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Langs(m) => m
                .get(lang)
                .or_else(|| m.get("en"))
                .or_else(|| m.first_value())
                .unwrap_or(""),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.get("en").is_empty()
    }

    fn to_json(&self) -> Json {
        match self {
            Text::Plain(s) => Json::Str(s.clone()),
            Text::Langs(m) => Json::Obj(
                m.iter()
                    .map(|(k, v)| (k.clone(), Json::str(v.clone())))
                    .collect(),
            ),
        }
    }
}

/// What the world should look like at a step (every key optional).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Expect {
    /// `Some(None)`: no leader among live servers in the highest term.
    pub leader: Option<Option<NodeId>>,
    pub min_term: Option<Term>,
    pub max_term: Option<Term>,
    pub commit_index: Vec<(NodeId, Index)>,
    pub log_terms: Vec<(NodeId, Vec<Term>)>,
    pub roles: Vec<(NodeId, String)>,
    /// Number of acknowledged writes.
    pub acked: Option<usize>,
    /// Key-value pairs a server's state machine must hold.
    pub kv: Vec<(NodeId, Vec<(String, String)>)>,
    /// All servers up, one leader, identical logs, all committed, every
    /// acknowledged write in the log exactly once.
    pub converged: Option<bool>,
    /// The step's `expect` object as written, for reports.
    pub raw: Json,
}

/// What a step does.
#[derive(Clone, Debug, PartialEq)]
pub enum StepKind {
    Caption(Text),
    Pause,
    Expect(Expect),
    Act(Action),
}

/// One step of a scenario, at a simulated time.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub at: Time,
    pub kind: StepKind,
}

/// A parsed, validated scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scenario {
    pub title: Text,
    pub description: Text,
    pub setup: Setup,
    pub steps: Vec<Step>,
    pub expect_violation: Option<Invariant>,
}

/// The roles an `expect` may name.
pub const ROLE_NAMES: [&str; 5] = ["leader", "follower", "candidate", "precandidate", "down"];

// ---- reading ----------------------------------------------------------------

/// Reads a scenario from JSON text.
pub fn parse(text: &str) -> Result<Scenario, String> {
    if text.len() > MAX_BYTES {
        return Err(format!(
            "the scenario is {} bytes; the limit is {MAX_BYTES}",
            text.len()
        ));
    }
    let v = json::parse(text).map_err(|e| format!("not valid JSON: {e}"))?;
    from_value(&v)
}

/// A JSON object being read: remembers which keys were used, to reject the rest.
struct Obj<'a> {
    map: &'a [(String, Json)],
    ctx: String,
    known: Vec<&'static str>,
}

impl<'a> Obj<'a> {
    fn new(v: &'a Json, ctx: impl Into<String>) -> Result<Obj<'a>, String> {
        let ctx = ctx.into();
        match v {
            Json::Obj(map) => Ok(Obj {
                map,
                ctx,
                known: vec![],
            }),
            other => Err(format!("{ctx}: expected an object, got {}", kind_of(other))),
        }
    }

    /// The value of `key`, if present (`null` included).
    fn get(&mut self, key: &'static str) -> Option<&'a Json> {
        self.known.push(key);
        self.map
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    fn err(&self, key: &str, what: impl std::fmt::Display) -> String {
        format!("{}: \"{key}\" {what}", self.ctx)
    }

    fn finish(self) -> Result<(), String> {
        for (k, _) in self.map {
            if !self.known.iter().any(|n| n == k) {
                return Err(format!(
                    "{}: unknown key \"{}\" (known keys: {})",
                    self.ctx,
                    printable(k),
                    self.known.join(", ")
                ));
            }
        }
        Ok(())
    }

    fn u64_in(&mut self, key: &'static str, lo: u64, hi: u64) -> Result<Option<u64>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match v.as_u64() {
                Some(n) if (lo..=hi).contains(&n) => Ok(Some(n)),
                _ => Err(self.err(
                    key,
                    format!("must be a whole number from {lo} to {hi}, got {}", short(v)),
                )),
            },
        }
    }

    fn f64_in(&mut self, key: &'static str, lo: f64, hi: f64) -> Result<Option<f64>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => match v.as_f64() {
                Some(x) if x.is_finite() && (lo..=hi).contains(&x) => Ok(Some(x)),
                _ => Err(self.err(
                    key,
                    format!(
                        "must be a number from {} to {}, got {}",
                        Json::fixed(lo, 3),
                        Json::fixed(hi, 3),
                        short(v)
                    ),
                )),
            },
        }
    }

    fn bool(&mut self, key: &'static str) -> Result<Option<bool>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(self.err(key, format!("must be true or false, got {}", short(v)))),
        }
    }

    fn string(&mut self, key: &'static str, max: usize) -> Result<Option<&'a str>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Str(s)) if s.chars().count() <= max => Ok(Some(s)),
            Some(Json::Str(_)) => Err(self.err(key, format!("is longer than {max} characters"))),
            Some(v) => Err(self.err(key, format!("must be a string, got {}", short(v)))),
        }
    }

    fn node(&mut self, key: &'static str, n: u8) -> Result<Option<NodeId>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => node_id(v, n).map(Some).map_err(|e| self.err(key, e)),
        }
    }

    /// A `[low, high]` pair of milliseconds, returned in microseconds.
    fn ms_range(&mut self, key: &'static str, lo_min: u64) -> Result<Option<(Time, Time)>, String> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let bad = || {
            format!(
                "must be [low, high] in whole milliseconds with {lo_min} ≤ low ≤ high ≤ 60000, got {}",
                short(v)
            )
        };
        let arr = v.as_array().ok_or_else(|| self.err(key, bad()))?;
        let nums: Vec<u64> = arr.iter().filter_map(Json::as_u64).collect();
        match nums[..] {
            [lo, hi] if arr.len() == 2 && lo >= lo_min && lo <= hi && hi <= 60_000 => {
                Ok(Some((lo * MS, hi * MS)))
            }
            _ => Err(self.err(key, bad())),
        }
    }

    fn text(&mut self, key: &'static str) -> Result<Option<Text>, String> {
        match self.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(v) => text(v).map(Some).map_err(|e| self.err(key, e)),
        }
    }
}

fn kind_of(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Num(_) => "a number",
        Json::Str(_) => "a string",
        Json::Arr(_) => "a list",
        Json::Obj(_) => "an object",
    }
}

/// A short, printable rendering of a value for messages.
fn short(v: &Json) -> String {
    let s = v.to_text();
    printable(&if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    })
}

fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .take(60)
        .collect()
}

fn node_id(v: &Json, n: u8) -> Result<NodeId, String> {
    match v.as_u64() {
        Some(id) if id >= 1 && id <= n as u64 => Ok(id as NodeId),
        Some(id) => Err(format!(
            "names server {id}, but the cluster has servers 1–{n}"
        )),
        None => Err(format!("must be a server number 1–{n}, got {}", short(v))),
    }
}

fn text(v: &Json) -> Result<Text, String> {
    match v {
        Json::Str(s) if s.chars().count() <= MAX_TEXT => Ok(Text::Plain(s.clone())),
        Json::Obj(m) => {
            let mut out = StrMap::new();
            for (lang, s) in m {
                let ok_lang = (2..=8).contains(&lang.len())
                    && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                if !ok_lang {
                    return Err(format!("has a bad language code \"{}\"", printable(lang)));
                }
                match s {
                    Json::Str(s) if s.chars().count() <= MAX_TEXT => {
                        out.insert(lang.clone(), s.clone());
                    }
                    _ => {
                        return Err(format!(
                            "[\"{lang}\"] must be a string of at most {MAX_TEXT} characters"
                        ))
                    }
                }
            }
            Ok(Text::Langs(out))
        }
        _ => Err(format!(
            "must be a string of at most {MAX_TEXT} characters or a map of language to string"
        )),
    }
}

fn bugs(v: &Json) -> Result<Bugs, String> {
    let arr = v
        .as_array()
        .ok_or_else(|| format!("must be a list of bug names ({})", Bugs::NAMES.join(", ")))?;
    let mut b = Bugs::default();
    for name in arr {
        let s = name.as_str().unwrap_or("");
        if !b.set(s, true) {
            return Err(format!(
                "names an unknown bug {} (known: {})",
                short(name),
                Bugs::NAMES.join(", ")
            ));
        }
    }
    Ok(b)
}

fn cluster(v: &Json) -> Result<ClusterConfig, String> {
    let mut o = Obj::new(v, "cluster")?;
    let mut c = ClusterConfig::default();
    if let Some(n) = o.u64_in("nodes", 1, MAX_NODES as u64)? {
        c.nodes = n as u8;
    }
    if let Some(r) = o.ms_range("election_timeout_ms", 1)? {
        c.election_timeout = r;
    }
    if let Some(h) = o.u64_in("heartbeat_ms", 1, 60_000)? {
        c.heartbeat = h * MS;
    }
    if let Some(r) = o.ms_range("latency_ms", 0)? {
        c.latency = r;
    }
    if let Some(l) = o.f64_in("loss", 0.0, 1.0)? {
        c.loss = l;
    }
    let opts = &mut c.options;
    if let Some(b) = o.bool("prevote")? {
        opts.prevote = b;
    }
    if let Some(b) = o.bool("check_quorum")? {
        opts.check_quorum = b;
    }
    if let Some(b) = o.bool("leader_noop")? {
        opts.leader_noop = b;
    }
    if let Some(b) = o.bool("fast_backtrack")? {
        opts.fast_backtrack = b;
    }
    if let Some(m) = o.u64_in("max_entries_per_append", 0, 10_000)? {
        opts.max_entries_per_append = m as usize;
    }
    if let Some(v) = o.get("bugs") {
        opts.bugs = bugs(v).map_err(|e| o.err("bugs", e))?;
    }
    o.finish()?;
    validate_cluster(&c).map_err(|e| format!("cluster: {e}"))?;
    Ok(c)
}

fn init_node(v: &Json, i: usize, n: u8) -> Result<InitNode, String> {
    let mut o = Obj::new(v, format!("init[{i}]"))?;
    let node = o
        .node("node", n)?
        .ok_or_else(|| format!("init[{i}]: \"node\" is required"))?;
    o.ctx = format!("init[{i}] (server {node})");
    let term = o.u64_in("term", 0, MAX_TERM)?.unwrap_or(0);
    let voted_for = match o.get("voted_for") {
        None | Some(Json::Null) => None,
        Some(v) => Some(node_id(v, n).map_err(|e| o.err("voted_for", e))?),
    };
    let mut log = vec![];
    if let Some(v) = o.get("log") {
        let arr = v
            .as_array()
            .ok_or_else(|| o.err("log", "must be a list of entries"))?;
        if arr.len() > MAX_LOG {
            return Err(o.err("log", format!("has more than {MAX_LOG} entries")));
        }
        for (k, e) in arr.iter().enumerate() {
            let idx = k + 1;
            let entry = match e {
                Json::Num(_) => Entry::noop(
                    e.as_u64()
                        .filter(|t| (1..=MAX_TERM).contains(t))
                        .ok_or_else(|| {
                            o.err(
                                "log",
                                format!("entry {idx}: a term must be a whole number ≥ 1"),
                            )
                        })?,
                ),
                Json::Obj(_) => {
                    let mut eo = Obj::new(e, format!("{}: log entry {idx}", o.ctx))?;
                    let t = eo
                        .u64_in("term", 1, MAX_TERM)?
                        .ok_or_else(|| eo.err("term", "is required"))?;
                    let cmd = match eo.get("cmd") {
                        None | Some(Json::Null) => None,
                        Some(Json::Str(s)) if s.chars().count() <= 200 => Some(s.clone()),
                        Some(_) => {
                            return Err(eo.err("cmd", "must be a string of at most 200 characters"))
                        }
                    };
                    eo.finish()?;
                    Entry {
                        term: t,
                        cmd,
                        write_id: None,
                    }
                }
                _ => {
                    return Err(o.err(
                        "log",
                        format!("entry {idx} must be a term or {{\"term\", \"cmd\"}}"),
                    ))
                }
            };
            if let Some(prev) = log.last().map(|p: &Entry| p.term) {
                if entry.term < prev {
                    return Err(o.err(
                        "log",
                        format!("entry {idx} has term {}, below the term {prev} before it: terms in a log never decrease", entry.term),
                    ));
                }
            }
            log.push(entry);
        }
    }
    if let Some(last) = log.last() {
        if last.term > term {
            return Err(o.err(
                "term",
                format!("is {term}, but the log holds an entry of term {}: a server's term is at least every term in its log", last.term),
            ));
        }
    }
    o.finish()?;
    Ok(InitNode {
        node,
        term,
        voted_for,
        log,
    })
}

fn link(o: &mut Obj, n: u8) -> Result<(NodeId, NodeId), String> {
    let v = o
        .get("link")
        .ok_or_else(|| o.err("link", "is required: [a, b]"))?;
    let arr = v
        .as_array()
        .filter(|a| a.len() == 2)
        .ok_or_else(|| o.err("link", format!("must be [a, b], got {}", short(v))))?;
    let a = node_id(&arr[0], n).map_err(|e| o.err("link", e))?;
    let b = node_id(&arr[1], n).map_err(|e| o.err("link", e))?;
    if a == b {
        return Err(o.err(
            "link",
            format!("must join two different servers, got [{a}, {b}]"),
        ));
    }
    Ok((a, b))
}

fn settings(o: &mut Obj) -> Result<Settings, String> {
    let mut s = Settings {
        loss: o.f64_in("loss", 0.0, 1.0)?,
        latency: o.ms_range("latency_ms", 0)?,
        election_timeout: o.ms_range("election_timeout_ms", 1)?,
        heartbeat: o.u64_in("heartbeat_ms", 1, 60_000)?.map(|h| h * MS),
        prevote: o.bool("prevote")?,
        check_quorum: o.bool("check_quorum")?,
        leader_noop: o.bool("leader_noop")?,
        fast_backtrack: o.bool("fast_backtrack")?,
        max_entries_per_append: o
            .u64_in("max_entries_per_append", 0, 10_000)?
            .map(|m| m as usize),
        bugs: None,
    };
    if let Some(v) = o.get("bugs") {
        s.bugs = Some(bugs(v).map_err(|e| o.err("bugs", e))?);
    }
    if s == Settings::default() {
        return Err(format!(
            "{}: \"set\" needs at least one setting to change",
            o.ctx
        ));
    }
    Ok(s)
}

fn node_map<T>(
    o: &mut Obj,
    key: &'static str,
    n: u8,
    mut item: impl FnMut(&Json) -> Result<T, String>,
) -> Result<Vec<(NodeId, T)>, String> {
    let mut out: Vec<(NodeId, T)> = Vec::new();
    let Some(v) = o.get(key) else {
        return Ok(out);
    };
    let m = v
        .as_object()
        .ok_or_else(|| o.err(key, "must map server numbers to values, e.g. {\"2\": …}"))?;
    for (k, val) in m {
        let id = k
            .parse::<u64>()
            .ok()
            .filter(|&id| id >= 1 && id <= n as u64)
            .ok_or_else(|| {
                o.err(
                    key,
                    format!(
                        "names server \"{}\", but the cluster has servers 1–{n}",
                        printable(k)
                    ),
                )
            })?;
        let parsed = item(val).map_err(|e| o.err(key, format!("[\"{k}\"] {e}")))?;
        out.retain(|(n, _)| *n != id as NodeId);
        out.push((id as NodeId, parsed));
    }
    Ok(out)
}

fn expect(o: &mut Obj, n: u8, raw: &Json) -> Result<Expect, String> {
    let leader = match o.get("leader") {
        None => None,
        Some(Json::Null) => Some(None),
        Some(v) => Some(Some(node_id(v, n).map_err(|e| o.err("leader", e))?)),
    };
    let e = Expect {
        leader,
        min_term: o.u64_in("min_term", 0, MAX_TERM)?,
        max_term: o.u64_in("max_term", 0, MAX_TERM)?,
        acked: o.u64_in("acked", 0, 1_000_000)?.map(|a| a as usize),
        converged: o.bool("converged")?,
        commit_index: node_map(o, "commit_index", n, |v| {
            v.as_u64().ok_or_else(|| "must be an index".to_string())
        })?,
        log_terms: node_map(o, "log_terms", n, |v| {
            v.as_array()
                .and_then(|a| a.iter().map(Json::as_u64).collect::<Option<Vec<_>>>())
                .ok_or_else(|| "must be a list of terms".to_string())
        })?,
        roles: node_map(o, "roles", n, |v| match v.as_str() {
            Some(r) if ROLE_NAMES.contains(&r) => Ok(r.to_string()),
            _ => Err(format!("must be one of {}", ROLE_NAMES.join(", "))),
        })?,
        kv: node_map(o, "kv", n, |v| {
            v.as_object()
                .and_then(|m| {
                    m.iter()
                        .map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                        .collect::<Option<Vec<_>>>()
                })
                .ok_or_else(|| "must map keys to string values".to_string())
        })?,
        raw: raw.clone(),
    };
    Ok(e)
}

fn step(v: &Json, i: usize, n: u8, prev_at: Time) -> Result<Step, String> {
    let label = format!("step {}", i + 1);
    let mut o = Obj::new(v, label.clone())?;
    let at_ms = o
        .f64_in("at_ms", 0.0, MAX_AT_MS)?
        .ok_or_else(|| format!("{label}: \"at_ms\" is required"))?;
    let what = o
        .string("do", 40)?
        .ok_or_else(|| format!("{label}: \"do\" is required"))?;
    o.ctx = format!(
        "{label} (at {} ms, do \"{}\")",
        trim_ms(at_ms),
        printable(what)
    );
    let at = (at_ms * MS as f64).round() as Time;
    if at < prev_at {
        return Err(format!(
            "{}: times go backwards (the step before is at {} ms)",
            o.ctx,
            trim_ms(prev_at as f64 / MS as f64)
        ));
    }
    let need_node = |o: &mut Obj| -> Result<NodeId, String> {
        o.node("node", n)?
            .ok_or_else(|| o.err("node", "is required"))
    };
    let kind = match what {
        "caption" => StepKind::Caption(o.text("text")?.ok_or_else(|| o.err("text", "is required"))?),
        "pause" => StepKind::Pause,
        "crash" => StepKind::Act(Action::Crash(need_node(&mut o)?)),
        "restart" => StepKind::Act(Action::Restart(need_node(&mut o)?)),
        "restart_all" => StepKind::Act(Action::RestartAll),
        "timeout" => StepKind::Act(Action::Timeout(need_node(&mut o)?)),
        "isolate" => StepKind::Act(Action::Isolate(need_node(&mut o)?)),
        "heal_all" => StepKind::Act(Action::HealAll),
        "write" => {
            let value = o
                .string("value", 200)?
                .ok_or_else(|| o.err("value", "is required, as key=value"))?
                .to_string();
            super::client::validate_write(&value).map_err(|e| o.err("value", e))?;
            let to = o.node("to", n)?;
            StepKind::Act(Action::Write { value, to })
        }
        "cut" | "heal" => {
            let (a, b) = link(&mut o, n)?;
            let oneway = o.bool("oneway")?.unwrap_or(false);
            StepKind::Act(if what == "cut" {
                Action::Cut { a, b, oneway }
            } else {
                Action::Heal { a, b, oneway }
            })
        }
        "partition" => {
            let v = o
                .get("groups")
                .ok_or_else(|| o.err("groups", "is required, e.g. [[1, 2], [3, 4, 5]]"))?;
            let groups = v
                .as_array()
                .filter(|g| !g.is_empty())
                .ok_or_else(|| o.err("groups", "must be a list of groups of servers"))?;
            let mut seen = [false; MAX_NODES as usize + 1];
            let mut out = vec![];
            for g in groups {
                let members = g
                    .as_array()
                    .filter(|m| !m.is_empty())
                    .ok_or_else(|| o.err("groups", "each group must be a non-empty list of servers"))?;
                let mut grp = vec![];
                for m in members {
                    let id = node_id(m, n).map_err(|e| o.err("groups", e))?;
                    if std::mem::replace(&mut seen[id as usize], true) {
                        return Err(o.err("groups", format!("lists server {id} twice")));
                    }
                    grp.push(id);
                }
                out.push(grp);
            }
            StepKind::Act(Action::Partition(out))
        }
        "set" => StepKind::Act(Action::Set(settings(&mut o)?)),
        "drop" => {
            let from = o.node("from", n)?;
            let to = o.node("to", n)?;
            let kind = match o.string("kind", 40)? {
                None => None,
                Some(k) => Some(Kind::parse(k).ok_or_else(|| {
                    o.err(
                        "kind",
                        format!(
                            "is not a message kind (known: {})",
                            Kind::ALL.map(|k| k.name()).join(", ")
                        ),
                    )
                })?),
            };
            let id = o.u64_in("id", 1, u64::MAX)?;
            StepKind::Act(Action::Drop { from, to, kind, id })
        }
        "timers" => {
            let mode = match o.string("mode", 20)? {
                Some("align") => TimerMode::Align,
                Some("spread") => TimerMode::Spread,
                _ => return Err(o.err("mode", "must be \"align\" or \"spread\"")),
            };
            StepKind::Act(Action::Timers(mode))
        }
        "expect" => StepKind::Expect(expect(&mut o, n, v)?),
        other => {
            return Err(format!(
                "{label}: unknown \"do\": \"{}\" (known: caption, pause, crash, restart, restart_all, timeout, write, cut, heal, partition, isolate, heal_all, set, drop, timers, expect)",
                printable(other)
            ))
        }
    };
    o.finish()?;
    Ok(Step { at, kind })
}

fn trim_ms(ms: f64) -> String {
    Json::fixed(ms, 3).to_text()
}

/// Reads a scenario from a JSON value.
pub fn from_value(v: &Json) -> Result<Scenario, String> {
    let mut o = Obj::new(v, "scenario")?;
    match o.get("format") {
        Some(Json::Str(f)) if f == FORMAT => {}
        Some(other) => {
            return Err(format!(
                "scenario: \"format\" must be \"{FORMAT}\", got {}",
                short(other)
            ))
        }
        None => return Err(format!("scenario: \"format\" is required (\"{FORMAT}\")")),
    }
    let title = o.text("title")?.unwrap_or_default();
    let description = o.text("description")?.unwrap_or_default();
    let seed = o.u64_in("seed", 0, u64::MAX)?.unwrap_or(1);
    let cluster = match o.get("cluster") {
        None | Some(Json::Null) => ClusterConfig::default(),
        Some(c) => cluster(c)?,
    };
    let n = cluster.nodes;
    let mut init = vec![];
    if let Some(v) = o.get("init") {
        let arr = v
            .as_array()
            .ok_or_else(|| "scenario: \"init\" must be a list".to_string())?;
        for (i, item) in arr.iter().enumerate() {
            let node = init_node(item, i, n)?;
            if init.iter().any(|x: &InitNode| x.node == node.node) {
                return Err(format!("init[{i}]: server {} appears twice", node.node));
            }
            init.push(node);
        }
    }
    let mut steps = vec![];
    if let Some(v) = o.get("steps") {
        let arr = v
            .as_array()
            .ok_or_else(|| "scenario: \"steps\" must be a list".to_string())?;
        if arr.len() > MAX_STEPS {
            return Err(format!("scenario: more than {MAX_STEPS} steps"));
        }
        let mut prev = 0;
        for (i, s) in arr.iter().enumerate() {
            let st = step(s, i, n, prev)?;
            prev = st.at;
            steps.push(st);
        }
    }
    let expect_violation = match o.get("expect_violation") {
        None | Some(Json::Null) => None,
        Some(Json::Str(s)) => Some(Invariant::parse(s).ok_or_else(|| {
            let known: Vec<&str> = Invariant::ALL.iter().map(|i| i.name()).collect();
            format!(
                "scenario: \"expect_violation\" names an unknown invariant \"{}\" (known: {})",
                printable(s),
                known.join(", ")
            )
        })?),
        Some(v) => {
            return Err(format!(
                "scenario: \"expect_violation\" must be null or an invariant name, got {}",
                short(v)
            ))
        }
    };
    o.finish()?;
    Ok(Scenario {
        title,
        description,
        setup: Setup {
            seed,
            cluster,
            init,
        },
        steps,
        expect_violation,
    })
}

// ---- writing ------------------------------------------------------------------

fn ms_json(t: Time) -> Json {
    Json::fixed(t as f64 / MS as f64, 3)
}

fn range_json(r: (Time, Time)) -> Json {
    Json::Arr(vec![Json::int(r.0 / MS), Json::int(r.1 / MS)])
}

fn node_json(n: NodeId) -> Json {
    Json::int(n as u64)
}

fn bugs_json(b: Bugs) -> Json {
    Json::Arr(b.names_on().into_iter().map(Json::str).collect())
}

/// Loss as written: exact to 1e-9, which is how fine scenarios may state it.
fn loss_json(l: f64) -> Json {
    Json::fixed(l, 9)
}

fn settings_json(s: &Settings, m: &mut Json) {
    if let Some(v) = s.loss {
        m.set("loss", loss_json(v));
    }
    if let Some(v) = s.latency {
        m.set("latency_ms", range_json(v));
    }
    if let Some(v) = s.election_timeout {
        m.set("election_timeout_ms", range_json(v));
    }
    if let Some(v) = s.heartbeat {
        m.set("heartbeat_ms", Json::int(v / MS));
    }
    for (k, v) in [
        ("prevote", s.prevote),
        ("check_quorum", s.check_quorum),
        ("leader_noop", s.leader_noop),
        ("fast_backtrack", s.fast_backtrack),
    ] {
        if let Some(v) = v {
            m.set(k, Json::Bool(v));
        }
    }
    if let Some(v) = s.max_entries_per_append {
        m.set("max_entries_per_append", Json::int(v as u64));
    }
    if let Some(b) = s.bugs {
        m.set("bugs", bugs_json(b));
    }
}

/// The JSON form of an action as a step (without `at_ms`).
pub fn action_json(action: &Action) -> Json {
    let what = |w: &str| Json::obj([("do", Json::str(w))]);
    let with_node = |w: &str, n: NodeId| Json::obj([("do", Json::str(w)), ("node", node_json(n))]);
    match action {
        Action::Crash(n) => with_node("crash", *n),
        Action::Restart(n) => with_node("restart", *n),
        Action::Timeout(n) => with_node("timeout", *n),
        Action::Isolate(n) => with_node("isolate", *n),
        Action::RestartAll => what("restart_all"),
        Action::HealAll => what("heal_all"),
        Action::Write { value, to } => {
            let mut m = Json::obj([
                ("do", Json::str("write")),
                ("value", Json::str(value.clone())),
            ]);
            if let Some(t) = to {
                m.set("to", node_json(*t));
            }
            m
        }
        Action::Cut { a, b, oneway } | Action::Heal { a, b, oneway } => {
            let cut = matches!(action, Action::Cut { .. });
            let mut m = Json::obj([
                ("do", Json::str(if cut { "cut" } else { "heal" })),
                ("link", Json::Arr(vec![node_json(*a), node_json(*b)])),
            ]);
            if *oneway {
                m.set("oneway", Json::Bool(true));
            }
            m
        }
        Action::Partition(groups) => Json::obj([
            ("do", Json::str("partition")),
            (
                "groups",
                Json::Arr(
                    groups
                        .iter()
                        .map(|g| Json::Arr(g.iter().map(|&n| node_json(n)).collect()))
                        .collect(),
                ),
            ),
        ]),
        Action::Set(s) => {
            let mut m = what("set");
            settings_json(s, &mut m);
            m
        }
        Action::Drop { from, to, kind, id } => {
            let mut m = what("drop");
            if let Some(v) = from {
                m.set("from", node_json(*v));
            }
            if let Some(v) = to {
                m.set("to", node_json(*v));
            }
            if let Some(k) = kind {
                m.set("kind", Json::str(k.name()));
            }
            if let Some(v) = id {
                m.set("id", Json::int(*v));
            }
            m
        }
        Action::Timers(mode) => Json::obj([
            ("do", Json::str("timers")),
            (
                "mode",
                Json::str(match mode {
                    TimerMode::Align => "align",
                    TimerMode::Spread => "spread",
                }),
            ),
        ]),
    }
}

impl Step {
    /// The JSON form of this step, `at_ms` first.
    pub fn to_json(&self) -> Json {
        let body = match &self.kind {
            StepKind::Act(a) => action_json(a),
            StepKind::Caption(t) => {
                Json::obj([("do", Json::str("caption")), ("text", t.to_json())])
            }
            StepKind::Pause => Json::obj([("do", Json::str("pause"))]),
            StepKind::Expect(e) => match &e.raw {
                Json::Obj(_) => e.raw.clone(),
                _ => Json::obj([("do", Json::str("expect"))]),
            },
        };
        let mut m = Json::obj([("at_ms", ms_json(self.at))]);
        if let Json::Obj(members) = body {
            for (k, v) in members {
                if k != "at_ms" {
                    m.set(&k, v);
                }
            }
        }
        m
    }
}

/// The JSON form of a cluster configuration (every key written).
pub fn cluster_json(c: &ClusterConfig) -> Json {
    let o = &c.options;
    Json::obj([
        ("nodes", node_json(c.nodes)),
        ("election_timeout_ms", range_json(c.election_timeout)),
        ("heartbeat_ms", Json::int(c.heartbeat / MS)),
        ("latency_ms", range_json(c.latency)),
        ("loss", loss_json(c.loss)),
        ("prevote", Json::Bool(o.prevote)),
        ("check_quorum", Json::Bool(o.check_quorum)),
        ("leader_noop", Json::Bool(o.leader_noop)),
        (
            "max_entries_per_append",
            Json::int(o.max_entries_per_append as u64),
        ),
        ("fast_backtrack", Json::Bool(o.fast_backtrack)),
        ("bugs", bugs_json(o.bugs)),
    ])
}

/// The JSON form of one server's initial state.
pub fn init_json(i: &InitNode) -> Json {
    let log: Vec<Json> = i
        .log
        .iter()
        .map(|e| match &e.cmd {
            None => Json::int(e.term),
            Some(c) => Json::obj([("term", Json::int(e.term)), ("cmd", Json::str(c.clone()))]),
        })
        .collect();
    let mut m = Json::obj([("node", node_json(i.node)), ("term", Json::int(i.term))]);
    if let Some(v) = i.voted_for {
        m.set("voted_for", node_json(v));
    }
    m.set("log", Json::Arr(log));
    m
}

impl Scenario {
    /// The JSON form of this scenario; reading it back gives an equal scenario.
    pub fn to_json(&self) -> Json {
        Json::obj([
            ("format", Json::str(FORMAT)),
            ("title", self.title.to_json()),
            ("description", self.description.to_json()),
            ("seed", Json::int(self.setup.seed)),
            ("cluster", cluster_json(&self.setup.cluster)),
            (
                "init",
                Json::Arr(self.setup.init.iter().map(init_json).collect()),
            ),
            (
                "steps",
                Json::Arr(self.steps.iter().map(Step::to_json).collect()),
            ),
            (
                "expect_violation",
                self.expect_violation
                    .map_or(Json::Null, |i| Json::str(i.name())),
            ),
        ])
    }
}

/// The order of the shipped scenarios in the menu: a course, easiest first.
pub const MENU_ORDER: [&str; 13] = [
    "first-election",
    "split-vote",
    "leader-crash",
    "log-replication",
    "minority-leader",
    "figure-7",
    "figure-8",
    "figure-8-bug",
    "disruptive-server",
    "disruptive-server-prevote",
    "check-quorum",
    "forget-vote-bug",
    "vote-without-log-check-bug",
];

/// The scenario menu: name, title and description of each scenario, in
/// [`MENU_ORDER`] (others after, by name).
pub fn index_json(all: &[(String, Scenario)]) -> Json {
    let rank = |n: &str| {
        MENU_ORDER
            .iter()
            .position(|m| *m == n)
            .unwrap_or(usize::MAX)
    };
    let mut sorted: Vec<&(String, Scenario)> = all.iter().collect();
    sorted.sort_by(|a, b| (rank(&a.0), &a.0).cmp(&(rank(&b.0), &b.0)));
    Json::Arr(
        sorted
            .into_iter()
            .map(|(name, s)| {
                Json::obj([
                    ("name", Json::str(name.clone())),
                    ("title", s.title.to_json()),
                    ("description", s.description.to_json()),
                ])
            })
            .collect(),
    )
}
