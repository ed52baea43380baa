//! The scenario format `raftlab-scenario/1` (see DESIGN.md): reading with a clear
//! message for every mistake, naming the step; and writing back.
//!
//! Reading goes through `serde_json::Value` by hand rather than derived
//! deserializers, so that an error can say "step 4 (at 400 ms, do "cut"): …".

use super::config::{ClusterConfig, Settings, MAX_NODES, MS};
use super::invariants::INVARIANTS;
use super::world::{validate_cluster, Action, InitNode, Setup, TimerMode};
use crate::raft::{Bugs, Entry, Index, Kind, NodeId, Term, Time};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

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
    Langs(BTreeMap<String, String>),
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
                .or_else(|| m.values().next())
                .map_or("", |s| s.as_str()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.get("en").is_empty()
    }

    fn to_json(&self) -> Value {
        match self {
            Text::Plain(s) => Value::String(s.clone()),
            Text::Langs(m) => json!(m),
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
    pub commit_index: BTreeMap<NodeId, Index>,
    pub log_terms: BTreeMap<NodeId, Vec<Term>>,
    pub roles: BTreeMap<NodeId, String>,
    /// Number of acknowledged writes.
    pub acked: Option<usize>,
    /// Key-value pairs a server's state machine must hold.
    pub kv: BTreeMap<NodeId, BTreeMap<String, String>>,
    /// All servers up, one leader, identical logs, all committed, every
    /// acknowledged write in the log exactly once.
    pub converged: Option<bool>,
    /// The step's `expect` object as written, for reports.
    pub raw: Value,
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
    pub expect_violation: Option<&'static str>,
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
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    from_value(&v)
}

/// A JSON object being read: remembers which keys were used, to reject the rest.
struct Obj<'a> {
    map: &'a Map<String, Value>,
    ctx: String,
    known: Vec<&'static str>,
}

impl<'a> Obj<'a> {
    fn new(v: &'a Value, ctx: impl Into<String>) -> Result<Obj<'a>, String> {
        let ctx = ctx.into();
        match v {
            Value::Object(map) => Ok(Obj {
                map,
                ctx,
                known: vec![],
            }),
            other => Err(format!("{ctx}: expected an object, got {}", kind_of(other))),
        }
    }

    /// The value of `key`, if present (`null` included).
    fn get(&mut self, key: &'static str) -> Option<&'a Value> {
        self.known.push(key);
        self.map.get(key)
    }

    fn err(&self, key: &str, what: impl std::fmt::Display) -> String {
        format!("{}: \"{key}\" {what}", self.ctx)
    }

    fn finish(self) -> Result<(), String> {
        for k in self.map.keys() {
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
                    format!("must be a number from {lo} to {hi}, got {}", short(v)),
                )),
            },
        }
    }

    fn bool(&mut self, key: &'static str) -> Result<Option<bool>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(self.err(key, format!("must be true or false, got {}", short(v)))),
        }
    }

    fn string(&mut self, key: &'static str, max: usize) -> Result<Option<&'a str>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) if s.chars().count() <= max => Ok(Some(s)),
            Some(Value::String(_)) => {
                Err(self.err(key, format!("is longer than {max} characters")))
            }
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
        let nums: Vec<u64> = arr.iter().filter_map(Value::as_u64).collect();
        match nums[..] {
            [lo, hi] if arr.len() == 2 && lo >= lo_min && lo <= hi && hi <= 60_000 => {
                Ok(Some((lo * MS, hi * MS)))
            }
            _ => Err(self.err(key, bad())),
        }
    }

    fn text(&mut self, key: &'static str) -> Result<Option<Text>, String> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => text(v).map(Some).map_err(|e| self.err(key, e)),
        }
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A short, printable rendering of a value for messages.
fn short(v: &Value) -> String {
    let s = v.to_string();
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

fn node_id(v: &Value, n: u8) -> Result<NodeId, String> {
    match v.as_u64() {
        Some(id) if id >= 1 && id <= n as u64 => Ok(id as NodeId),
        Some(id) => Err(format!(
            "names server {id}, but the cluster has servers 1–{n}"
        )),
        None => Err(format!("must be a server number 1–{n}, got {}", short(v))),
    }
}

fn text(v: &Value) -> Result<Text, String> {
    match v {
        Value::String(s) if s.chars().count() <= MAX_TEXT => Ok(Text::Plain(s.clone())),
        Value::Object(m) => {
            let mut out = BTreeMap::new();
            for (lang, s) in m {
                let ok_lang = (2..=8).contains(&lang.len())
                    && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                if !ok_lang {
                    return Err(format!("has a bad language code \"{}\"", printable(lang)));
                }
                match s {
                    Value::String(s) if s.chars().count() <= MAX_TEXT => {
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

fn bugs(v: &Value) -> Result<Bugs, String> {
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

fn cluster(v: &Value) -> Result<ClusterConfig, String> {
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

fn init_node(v: &Value, i: usize, n: u8) -> Result<InitNode, String> {
    let mut o = Obj::new(v, format!("init[{i}]"))?;
    let node = o
        .node("node", n)?
        .ok_or_else(|| format!("init[{i}]: \"node\" is required"))?;
    o.ctx = format!("init[{i}] (server {node})");
    let term = o.u64_in("term", 0, MAX_TERM)?.unwrap_or(0);
    let voted_for = match o.get("voted_for") {
        None | Some(Value::Null) => None,
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
                Value::Number(_) => Entry::noop(
                    e.as_u64()
                        .filter(|t| (1..=MAX_TERM).contains(t))
                        .ok_or_else(|| {
                            o.err(
                                "log",
                                format!("entry {idx}: a term must be a whole number ≥ 1"),
                            )
                        })?,
                ),
                Value::Object(_) => {
                    let mut eo = Obj::new(e, format!("{}: log entry {idx}", o.ctx))?;
                    let t = eo
                        .u64_in("term", 1, MAX_TERM)?
                        .ok_or_else(|| eo.err("term", "is required"))?;
                    let cmd = match eo.get("cmd") {
                        None | Some(Value::Null) => None,
                        Some(Value::String(s)) if s.chars().count() <= 200 => Some(s.clone()),
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
    mut item: impl FnMut(&Value) -> Result<T, String>,
) -> Result<BTreeMap<NodeId, T>, String> {
    let mut out = BTreeMap::new();
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
        out.insert(id as NodeId, parsed);
    }
    Ok(out)
}

fn expect(o: &mut Obj, n: u8, raw: &Value) -> Result<Expect, String> {
    let leader = match o.get("leader") {
        None => None,
        Some(Value::Null) => Some(None),
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
                .and_then(|a| a.iter().map(Value::as_u64).collect::<Option<Vec<_>>>())
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
                        .collect::<Option<BTreeMap<_, _>>>()
                })
                .ok_or_else(|| "must map keys to string values".to_string())
        })?,
        raw: raw.clone(),
    };
    Ok(e)
}

fn step(v: &Value, i: usize, n: u8, prev_at: Time) -> Result<Step, String> {
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
    if ms.fract() == 0.0 {
        format!("{}", ms as u64)
    } else {
        format!("{ms:.3}").trim_end_matches('0').to_string()
    }
}

/// Reads a scenario from a JSON value.
pub fn from_value(v: &Value) -> Result<Scenario, String> {
    let mut o = Obj::new(v, "scenario")?;
    match o.get("format") {
        Some(Value::String(f)) if f == FORMAT => {}
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
        None | Some(Value::Null) => ClusterConfig::default(),
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
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => {
            Some(INVARIANTS.iter().copied().find(|n| n == s).ok_or_else(|| {
                format!(
                    "scenario: \"expect_violation\" names an unknown invariant \"{}\" (known: {})",
                    printable(s),
                    INVARIANTS.join(", ")
                )
            })?)
        }
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

fn ms_json(t: Time) -> Value {
    if t % MS == 0 {
        json!(t / MS)
    } else {
        json!(t as f64 / MS as f64)
    }
}

fn range_json(r: (Time, Time)) -> Value {
    json!([r.0 / MS, r.1 / MS])
}

fn settings_json(s: &Settings, m: &mut Map<String, Value>) {
    if let Some(v) = s.loss {
        m.insert("loss".into(), json!(v));
    }
    if let Some(v) = s.latency {
        m.insert("latency_ms".into(), range_json(v));
    }
    if let Some(v) = s.election_timeout {
        m.insert("election_timeout_ms".into(), range_json(v));
    }
    if let Some(v) = s.heartbeat {
        m.insert("heartbeat_ms".into(), json!(v / MS));
    }
    for (k, v) in [
        ("prevote", s.prevote),
        ("check_quorum", s.check_quorum),
        ("leader_noop", s.leader_noop),
        ("fast_backtrack", s.fast_backtrack),
    ] {
        if let Some(v) = v {
            m.insert(k.into(), json!(v));
        }
    }
    if let Some(v) = s.max_entries_per_append {
        m.insert("max_entries_per_append".into(), json!(v));
    }
    if let Some(b) = s.bugs {
        m.insert("bugs".into(), json!(b.names_on()));
    }
}

/// The JSON form of an action as a step (without `at_ms`).
pub fn action_json(a_action: &Action) -> Map<String, Value> {
    let a = a_action;
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_string(), v);
    };
    match a {
        Action::Crash(n) => {
            put("do", json!("crash"));
            put("node", json!(n));
        }
        Action::Restart(n) => {
            put("do", json!("restart"));
            put("node", json!(n));
        }
        Action::RestartAll => put("do", json!("restart_all")),
        Action::Timeout(n) => {
            put("do", json!("timeout"));
            put("node", json!(n));
        }
        Action::Isolate(n) => {
            put("do", json!("isolate"));
            put("node", json!(n));
        }
        Action::HealAll => put("do", json!("heal_all")),
        Action::Write { value, to } => {
            put("do", json!("write"));
            put("value", json!(value));
            if let Some(t) = to {
                put("to", json!(t));
            }
        }
        Action::Cut { a, b, oneway } | Action::Heal { a, b, oneway } => {
            let cut = matches!(a_action, Action::Cut { .. });
            put("do", json!(if cut { "cut" } else { "heal" }));
            put("link", json!([a, b]));
            if *oneway {
                put("oneway", json!(true));
            }
        }
        Action::Partition(g) => {
            put("do", json!("partition"));
            put("groups", json!(g));
        }
        Action::Set(s) => {
            put("do", json!("set"));
            settings_json(s, &mut m);
        }
        Action::Drop { from, to, kind, id } => {
            put("do", json!("drop"));
            if let Some(v) = from {
                put("from", json!(v));
            }
            if let Some(v) = to {
                put("to", json!(v));
            }
            if let Some(k) = kind {
                put("kind", json!(k.name()));
            }
            if let Some(v) = id {
                put("id", json!(v));
            }
        }
        Action::Timers(mode) => {
            put("do", json!("timers"));
            put(
                "mode",
                json!(match mode {
                    TimerMode::Align => "align",
                    TimerMode::Spread => "spread",
                }),
            );
        }
    }
    m
}

fn expect_json(e: &Expect) -> Value {
    e.raw.clone()
}

impl Step {
    /// The JSON form of this step.
    pub fn to_json(&self) -> Value {
        let mut m = match &self.kind {
            StepKind::Act(a) => action_json(a),
            StepKind::Caption(t) => {
                let mut m = Map::new();
                m.insert("do".into(), json!("caption"));
                m.insert("text".into(), t.to_json());
                m
            }
            StepKind::Pause => {
                let mut m = Map::new();
                m.insert("do".into(), json!("pause"));
                m
            }
            StepKind::Expect(e) => match expect_json(e) {
                Value::Object(m) => m,
                _ => {
                    let mut m = Map::new();
                    m.insert("do".into(), json!("expect"));
                    m
                }
            },
        };
        m.insert("at_ms".into(), ms_json(self.at));
        Value::Object(m)
    }
}

/// The JSON form of a cluster configuration (every key written).
pub fn cluster_json(c: &ClusterConfig) -> Value {
    let o = &c.options;
    json!({
        "nodes": c.nodes,
        "election_timeout_ms": range_json(c.election_timeout),
        "heartbeat_ms": c.heartbeat / MS,
        "latency_ms": range_json(c.latency),
        "loss": c.loss,
        "prevote": o.prevote,
        "check_quorum": o.check_quorum,
        "leader_noop": o.leader_noop,
        "max_entries_per_append": o.max_entries_per_append,
        "fast_backtrack": o.fast_backtrack,
        "bugs": o.bugs.names_on(),
    })
}

/// The JSON form of one server's initial state.
pub fn init_json(i: &InitNode) -> Value {
    let log: Vec<Value> = i
        .log
        .iter()
        .map(|e| match &e.cmd {
            None => json!(e.term),
            Some(c) => json!({"term": e.term, "cmd": c}),
        })
        .collect();
    let mut m = Map::new();
    m.insert("node".into(), json!(i.node));
    m.insert("term".into(), json!(i.term));
    if let Some(v) = i.voted_for {
        m.insert("voted_for".into(), json!(v));
    }
    m.insert("log".into(), Value::Array(log));
    Value::Object(m)
}

impl Scenario {
    /// The JSON form of this scenario; reading it back gives an equal scenario.
    pub fn to_json(&self) -> Value {
        json!({
            "format": FORMAT,
            "title": self.title.to_json(),
            "description": self.description.to_json(),
            "seed": self.setup.seed,
            "cluster": cluster_json(&self.setup.cluster),
            "init": self.setup.init.iter().map(init_json).collect::<Vec<_>>(),
            "steps": self.steps.iter().map(Step::to_json).collect::<Vec<_>>(),
            "expect_violation": self.expect_violation,
        })
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
pub fn index_json(all: &[(String, Scenario)]) -> Value {
    let rank = |n: &str| {
        MENU_ORDER
            .iter()
            .position(|m| *m == n)
            .unwrap_or(usize::MAX)
    };
    let mut sorted: Vec<&(String, Scenario)> = all.iter().collect();
    sorted.sort_by(|a, b| (rank(&a.0), &a.0).cmp(&(rank(&b.0), &b.0)));
    Value::Array(
        sorted
            .into_iter()
            .map(|(name, s)| {
                json!({
                    "name": name,
                    "title": s.title.to_json(),
                    "description": s.description.to_json(),
                })
            })
            .collect(),
    )
}
