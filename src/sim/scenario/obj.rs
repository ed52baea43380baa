//! Reading JSON objects with messages that say where a mistake is: the small
//! helpers every part of the scenario reader shares.

use super::{Text, MAX_TEXT};
use crate::raft::{Bugs, NodeId, Time};
use crate::sim::config::MS;
use crate::sim::json::Json;
use crate::sim::strmap::StrMap;
use crate::zab::Bugs as ZabBugs;

/// A JSON object being read: remembers which keys were used, to reject the rest.
pub(super) struct Obj<'a> {
    map: &'a [(String, Json)],
    /// Where this object is, for messages: "step 4 (at 400 ms, do \"cut\")".
    pub(super) ctx: String,
    known: Vec<&'static str>,
}

impl<'a> Obj<'a> {
    pub(super) fn new(v: &'a Json, ctx: impl Into<String>) -> Result<Obj<'a>, String> {
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
    pub(super) fn get(&mut self, key: &'static str) -> Option<&'a Json> {
        self.known.push(key);
        self.map
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    pub(super) fn err(&self, key: &str, what: impl std::fmt::Display) -> String {
        format!("{}: \"{key}\" {what}", self.ctx)
    }

    pub(super) fn finish(self) -> Result<(), String> {
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

    pub(super) fn u64_in(
        &mut self,
        key: &'static str,
        lo: u64,
        hi: u64,
    ) -> Result<Option<u64>, String> {
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

    pub(super) fn f64_in(
        &mut self,
        key: &'static str,
        lo: f64,
        hi: f64,
    ) -> Result<Option<f64>, String> {
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

    pub(super) fn bool(&mut self, key: &'static str) -> Result<Option<bool>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(self.err(key, format!("must be true or false, got {}", short(v)))),
        }
    }

    pub(super) fn string(
        &mut self,
        key: &'static str,
        max: usize,
    ) -> Result<Option<&'a str>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Json::Str(s)) if s.chars().count() <= max => Ok(Some(s)),
            Some(Json::Str(_)) => Err(self.err(key, format!("is longer than {max} characters"))),
            Some(v) => Err(self.err(key, format!("must be a string, got {}", short(v)))),
        }
    }

    pub(super) fn node(&mut self, key: &'static str, n: u8) -> Result<Option<NodeId>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => node_id(v, n).map(Some).map_err(|e| self.err(key, e)),
        }
    }

    /// A `[low, high]` pair of milliseconds, returned in microseconds.
    pub(super) fn ms_range(
        &mut self,
        key: &'static str,
        lo_min: u64,
    ) -> Result<Option<(Time, Time)>, String> {
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

    /// A required server number.
    pub(super) fn need_node(&mut self, key: &'static str, n: u8) -> Result<NodeId, String> {
        self.node(key, n)?
            .ok_or_else(|| self.err(key, "is required"))
    }

    pub(super) fn text(&mut self, key: &'static str) -> Result<Option<Text>, String> {
        match self.get(key) {
            None | Some(Json::Null) => Ok(None),
            Some(v) => text(v).map(Some).map_err(|e| self.err(key, e)),
        }
    }
}

pub(super) fn kind_of(v: &Json) -> &'static str {
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
pub(super) fn short(v: &Json) -> String {
    let s = v.to_text();
    printable(&if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    })
}

pub(super) fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .take(60)
        .collect()
}

pub(super) fn node_id(v: &Json, n: u8) -> Result<NodeId, String> {
    match v.as_u64() {
        Some(id) if id >= 1 && id <= n as u64 => Ok(id as NodeId),
        Some(id) => Err(format!(
            "names server {id}, but the cluster has servers 1–{n}"
        )),
        None => Err(format!("must be a server number 1–{n}, got {}", short(v))),
    }
}

pub(super) fn text(v: &Json) -> Result<Text, String> {
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

pub(super) fn bugs(v: &Json) -> Result<(Bugs, ZabBugs), String> {
    let known = || {
        let all: Vec<&str> = Bugs::NAMES.into_iter().chain(ZabBugs::NAMES).collect();
        all.join(", ")
    };
    let arr = v
        .as_array()
        .ok_or_else(|| format!("must be a list of bug names ({})", known()))?;
    let (mut b, mut z) = (Bugs::default(), ZabBugs::default());
    for name in arr {
        let s = name.as_str().unwrap_or("");
        // Each name belongs to one protocol: Raft's bugs, then ZAB's.
        if !b.set(s, true) && !z.set(s, true) {
            return Err(format!(
                "names an unknown bug {} (known: {})",
                short(name),
                known()
            ));
        }
    }
    Ok((b, z))
}

pub(super) fn node_map<T>(
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

pub(super) fn trim_ms(ms: f64) -> String {
    Json::fixed(ms, 3).to_text()
}
