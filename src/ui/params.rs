//! URL parameters of the page (DESIGN.md, "Page contract"). Pure Rust, so it is
//! tested natively; a bad value gives a message and the default.

use crate::sim::config::MAX_NODES;
use crate::sim::narrate::Lang;

/// Default speed: simulated ms per real ms. 0.1 shows messages travelling.
pub const DEFAULT_SPEED: f64 = 0.1;
/// Speed limits.
pub const MIN_SPEED: f64 = 0.001;
pub const MAX_SPEED: f64 = 100.0;
/// The limits as text (no float formatting in the page).
pub const SPEED_RANGE_TEXT: (&str, &str) = ("0.001", "100");

/// Which panels an embed shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panels {
    pub log: bool,
    pub timeline: bool,
    pub controls: bool,
    pub invariants: bool,
    pub feed: bool,
    pub writes: bool,
}

impl Panels {
    pub fn all() -> Panels {
        Panels {
            log: true,
            timeline: true,
            controls: true,
            invariants: true,
            feed: true,
            writes: true,
        }
    }
    /// The compact default of `?embed=1`: cluster, timeline, controls, log.
    pub fn embed_default() -> Panels {
        Panels {
            log: true,
            timeline: true,
            controls: true,
            invariants: false,
            feed: false,
            writes: false,
        }
    }
}

/// What the URL asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    pub seed: Option<u64>,
    pub speed: f64,
    pub nodes: Option<u8>,
    /// A shipped scenario name, or an inline scenario (JSON, or `z:` compressed).
    pub scenario: Option<String>,
    pub embed: bool,
    pub lang: Option<Lang>,
    pub prevote: Option<bool>,
    pub check_quorum: Option<bool>,
    pub panels: Panels,
    pub autoplay: bool,
    /// A shared session: where to stop (ms) when opening it.
    pub at_ms: Option<f64>,
    pub presenter: bool,
    /// Show a file of the Raft core instead of the cluster.
    pub source: Option<String>,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            seed: None,
            speed: DEFAULT_SPEED,
            nodes: None,
            scenario: None,
            embed: false,
            lang: None,
            prevote: None,
            check_quorum: None,
            panels: Panels::all(),
            autoplay: true,
            at_ms: None,
            presenter: false,
            source: None,
        }
    }
}

/// Percent-decodes a query component (`+` is a space).
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes a query component.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn show(v: &str) -> String {
    let s: String = v.chars().filter(|c| !c.is_control()).take(40).collect();
    if v.chars().count() > 40 {
        format!("{s}…")
    } else {
        s
    }
}

fn flag(v: &str) -> Option<bool> {
    match v {
        "1" | "true" | "on" | "yes" | "" => Some(true),
        "0" | "false" | "off" | "no" => Some(false),
        _ => None,
    }
}

/// Reads the query string (with or without the leading `?`). Returns the
/// parameters and one message per bad value (the default is used instead).
pub fn parse(query: &str) -> (Params, Vec<String>) {
    let mut p = Params::default();
    let mut errors = vec![];
    let mut embed_panels: Option<String> = None;
    let query = query.strip_prefix('?').unwrap_or(query);
    for pair in query.split('&').filter(|s| !s.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode(k);
        let v = decode(v);
        match key.as_str() {
            "seed" => match v.parse::<u64>() {
                Ok(s) => p.seed = Some(s),
                Err(_) => errors.push(format!("seed must be a whole number, got \"{}\"", show(&v))),
            },
            "speed" => match crate::sim::json::decimal(&v) {
                Some(s) if (MIN_SPEED..=MAX_SPEED).contains(&s) => p.speed = s,
                _ => errors.push(format!(
                    "speed must be a number from {} to {} (simulated ms per real ms), got \"{}\"",
                    SPEED_RANGE_TEXT.0,
                    SPEED_RANGE_TEXT.1,
                    show(&v)
                )),
            },
            "nodes" => match v.parse::<u8>() {
                Ok(n) if (1..=MAX_NODES).contains(&n) => p.nodes = Some(n),
                _ => errors.push(format!(
                    "nodes must be 1 to {MAX_NODES}, got \"{}\"",
                    show(&v)
                )),
            },
            "scenario" => {
                if v.is_empty() {
                    errors.push("scenario is empty".into());
                } else {
                    p.scenario = Some(v);
                }
            }
            "embed" => match flag(&v) {
                Some(b) => p.embed = b,
                None => errors.push(format!("embed must be 1 or 0, got \"{}\"", show(&v))),
            },
            "lang" => match Lang::parse(&v) {
                Some(l) => p.lang = Some(l),
                None => errors.push(format!("lang must be en or zh, got \"{}\"", show(&v))),
            },
            "prevote" | "check_quorum" | "autoplay" | "presenter" => match flag(&v) {
                Some(b) => match key.as_str() {
                    "prevote" => p.prevote = Some(b),
                    "check_quorum" => p.check_quorum = Some(b),
                    "autoplay" => p.autoplay = b,
                    _ => p.presenter = b,
                },
                None => errors.push(format!("{key} must be 1 or 0, got \"{}\"", show(&v))),
            },
            "panels" => embed_panels = Some(v),
            "source" => p.source = Some(v),
            "t" => match crate::sim::json::decimal(&v) {
                Some(t) if t.is_finite() && t >= 0.0 => p.at_ms = Some(t),
                _ => errors.push(format!("t must be a time in ms, got \"{}\"", show(&v))),
            },
            other => errors.push(format!("unknown URL parameter \"{}\"", show(other))),
        }
    }
    if p.embed {
        p.panels = Panels::embed_default();
    }
    if let Some(list) = embed_panels {
        let mut panels = Panels {
            log: false,
            timeline: false,
            controls: false,
            invariants: false,
            feed: false,
            writes: false,
        };
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match name {
                "log" => panels.log = true,
                "timeline" => panels.timeline = true,
                "controls" => panels.controls = true,
                "invariants" => panels.invariants = true,
                "feed" => panels.feed = true,
                "writes" => panels.writes = true,
                other => errors.push(format!(
                    "panels: unknown panel \"{}\" (known: log, timeline, controls, invariants, feed, writes)",
                    show(other)
                )),
            }
        }
        p.panels = panels;
    }
    (p, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_values_are_read() {
        let (p, e) = parse("?seed=7&speed=0.5&nodes=3&lang=zh&prevote=1&check_quorum=true&embed=1");
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(p.seed, Some(7));
        assert_eq!(p.speed, 0.5);
        assert_eq!(p.nodes, Some(3));
        assert_eq!(p.lang, Some(Lang::Zh));
        assert_eq!(p.prevote, Some(true));
        assert_eq!(p.check_quorum, Some(true));
        assert!(p.embed);
        assert_eq!(p.panels, Panels::embed_default());
    }

    #[test]
    fn bad_values_give_messages_and_defaults() {
        let (p, e) = parse("seed=abc&speed=-1&nodes=42&lang=fr&prevote=maybe&bogus=1");
        assert_eq!(e.len(), 6, "{e:?}");
        assert_eq!(p.seed, None);
        assert_eq!(p.speed, DEFAULT_SPEED);
        assert_eq!(p.nodes, None);
        assert!(e[0].contains("seed must be a whole number"));
    }

    #[test]
    fn markup_is_reported_verbatim_not_interpreted() {
        let (_, e) = parse("seed=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E");
        assert!(e[0].contains("<img src=x onerror=alert(1)>"));
    }

    #[test]
    fn percent_coding_round_trips() {
        let s = "{\"a\": [1, 2], \"t\": \"S1 是领导者\"}&=%+";
        assert_eq!(decode(&encode(s)), s);
        assert_eq!(decode("a+b%2"), "a b%2");
    }

    #[test]
    fn panels_can_be_chosen() {
        let (p, e) = parse("embed=1&panels=timeline,feed,nope");
        assert_eq!(e.len(), 1);
        assert!(p.panels.timeline && p.panels.feed && !p.panels.log);
    }
}
