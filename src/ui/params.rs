//! URL parameters of the page (DESIGN.md, "Page contract"). Pure Rust, so it is
//! tested natively; a bad value gives a message and the default.

use crate::raft::Time;
use crate::sim::config::{MAX_NODES, MS};
use crate::text::Lang;
use crate::ui::i18n::{fill, T};

/// Default speed: simulated ms per real ms. 0.1 shows messages travelling.
pub const DEFAULT_SPEED: f64 = 0.1;
/// Speed limits.
pub const MIN_SPEED: f64 = 0.001;
pub const MAX_SPEED: f64 = 100.0;
/// The limits as text (no float formatting in the page).
pub const SPEED_RANGE_TEXT: (&str, &str) = ("0.001", "100");
/// The farthest `t` a URL may ask for: one day of simulated time. Getting
/// there takes a minute or so of real time, in slices, with progress shown.
pub const MAX_T_MS: f64 = 86_400_000.0;
/// [`MAX_T_MS`] as text.
const MAX_T_TEXT: &str = "86400000";

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
    /// Servers in all: those above `nodes` start as spares.
    pub max_nodes: Option<u8>,
    /// A shipped scenario name, or an inline scenario (JSON, or `z:` compressed).
    pub scenario: Option<String>,
    pub embed: bool,
    pub lang: Option<Lang>,
    pub prevote: Option<bool>,
    pub check_quorum: Option<bool>,
    pub panels: Panels,
    pub autoplay: bool,
    /// A shared session: where to stop (ms) when opening it; at most [`MAX_T_MS`].
    pub at_ms: Option<f64>,
    pub presenter: bool,
    /// Show a file of the Raft core instead of the cluster (index.html's start
    /// script does, without starting the wasm).
    pub source: Option<String>,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            seed: None,
            speed: DEFAULT_SPEED,
            nodes: None,
            max_nodes: None,
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

impl Params {
    /// Where to stop when opening a shared session, in simulated time.
    pub fn at(&self) -> Option<Time> {
        self.at_ms
            .map(|t| (t.clamp(0.0, MAX_T_MS) * MS as f64).round() as Time)
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
/// parameters and one message per bad value (the default is used instead), in
/// the page's language: `lang=` if given, else `browser`.
pub fn parse(query: &str, browser: Lang) -> (Params, Vec<String>) {
    let mut p = Params::default();
    let mut problems: Vec<(T, Vec<String>)> = vec![];
    let mut embed_panels: Option<String> = None;
    let query = query.strip_prefix('?').unwrap_or(query);
    for pair in query.split('&').filter(|s| !s.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let key = decode(k);
        let v = decode(v);
        match key.as_str() {
            "seed" => match v.parse::<u64>() {
                Ok(s) => p.seed = Some(s),
                Err(_) => problems.push((T::ErrSeed, vec![show(&v)])),
            },
            "speed" => match crate::sim::json::decimal(&v) {
                Some(s) if (MIN_SPEED..=MAX_SPEED).contains(&s) => p.speed = s,
                _ => problems.push((
                    T::ErrSpeedParam,
                    vec![
                        SPEED_RANGE_TEXT.0.into(),
                        SPEED_RANGE_TEXT.1.into(),
                        show(&v),
                    ],
                )),
            },
            "nodes" => match v.parse::<u8>() {
                Ok(n) if (1..=MAX_NODES).contains(&n) => p.nodes = Some(n),
                _ => problems.push((T::ErrNodes, vec![MAX_NODES.to_string(), show(&v)])),
            },
            "max_nodes" => match v.parse::<u8>() {
                Ok(n) if (1..=MAX_NODES).contains(&n) => p.max_nodes = Some(n),
                _ => problems.push((T::ErrMaxNodes, vec![MAX_NODES.to_string(), show(&v)])),
            },
            "scenario" => {
                if v.is_empty() {
                    problems.push((T::ErrScenarioEmpty, vec![]));
                } else {
                    p.scenario = Some(v);
                }
            }
            "embed" => match flag(&v) {
                Some(b) => p.embed = b,
                None => problems.push((T::ErrFlag, vec!["embed".into(), show(&v)])),
            },
            "lang" => match Lang::parse(&v) {
                Some(l) => p.lang = Some(l),
                None => problems.push((T::ErrLang, vec![show(&v)])),
            },
            "prevote" | "check_quorum" | "autoplay" | "presenter" => match flag(&v) {
                Some(b) => match key.as_str() {
                    "prevote" => p.prevote = Some(b),
                    "check_quorum" => p.check_quorum = Some(b),
                    "autoplay" => p.autoplay = b,
                    _ => p.presenter = b,
                },
                None => problems.push((T::ErrFlag, vec![key.clone(), show(&v)])),
            },
            "panels" => embed_panels = Some(v),
            "source" => p.source = Some(v),
            "t" => match crate::sim::json::decimal(&v) {
                Some(t) if t.is_finite() && (0.0..=MAX_T_MS).contains(&t) => p.at_ms = Some(t),
                // Further would keep the page busy for hours: go as far as allowed.
                Some(t) if t > MAX_T_MS => {
                    p.at_ms = Some(MAX_T_MS);
                    problems.push((T::ErrTimeTooFar, vec![MAX_T_TEXT.into(), show(&v)]));
                }
                _ => problems.push((T::ErrTime, vec![show(&v)])),
            },
            other => problems.push((T::ErrUnknownParam, vec![show(other)])),
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
                other => problems.push((T::ErrUnknownPanel, vec![show(other)])),
            }
        }
        p.panels = panels;
    }
    let lang = p.lang.unwrap_or(browser);
    let errors = problems
        .iter()
        .map(|(t, args)| {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            fill(t.get(lang), &args)
        })
        .collect();
    (p, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_values_are_read() {
        let (p, e) = parse(
            "?seed=7&speed=0.5&nodes=3&lang=zh&prevote=1&check_quorum=true&embed=1",
            Lang::En,
        );
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
        let (p, e) = parse(
            "seed=abc&speed=-1&nodes=42&lang=fr&prevote=maybe&bogus=1",
            Lang::En,
        );
        assert_eq!(e.len(), 6, "{e:?}");
        assert_eq!(p.seed, None);
        assert_eq!(p.speed, DEFAULT_SPEED);
        assert_eq!(p.nodes, None);
        assert!(e[0].contains("seed must be a whole number"));
    }

    #[test]
    fn messages_follow_the_page_language() {
        // lang= decides, wherever it stands; otherwise the browser's language.
        let (_, e) = parse("nodes=42&lang=zh", Lang::En);
        assert_eq!(e, ["nodes 必须是 1 到 9，而不是“42”"]);
        let (_, e) = parse("nodes=42", Lang::Zh);
        assert_eq!(e, ["nodes 必须是 1 到 9，而不是“42”"]);
        let (_, e) = parse("nodes=42&lang=en", Lang::Zh);
        assert_eq!(e, ["nodes must be 1 to 9, got \"42\""]);
    }

    #[test]
    fn markup_is_reported_verbatim_not_interpreted() {
        let (_, e) = parse("seed=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", Lang::En);
        assert!(e[0].contains("<img src=x onerror=alert(1)>"));
    }

    #[test]
    fn percent_coding_round_trips() {
        let s = "{\"a\": [1, 2], \"t\": \"S1 是领导者\"}&=%+";
        assert_eq!(decode(&encode(s)), s);
        assert_eq!(decode("a+b%2"), "a b%2");
    }

    #[test]
    fn a_time_too_far_ahead_is_clamped_to_a_day_with_a_message() {
        let (p, e) = parse("scenario=leader-crash&t=1e12", Lang::En);
        assert_eq!(p.at_ms, Some(MAX_T_MS));
        assert_eq!(p.at(), Some(86_400 * 1_000 * MS));
        assert_eq!(
            e,
            ["t must be at most 86400000 ms (one day of simulated time), got \"1e12\": going that far instead"]
        );
        let (_, e) = parse("t=99999999999&lang=zh", Lang::En);
        assert!(e[0].starts_with("t 最多为 86400000 毫秒"), "{e:?}");
        let (p, e) = parse("t=86400000", Lang::En);
        assert!(e.is_empty());
        assert_eq!(p.at(), Some(86_400 * 1_000 * MS));
        let (p, e) = parse("t=1500.5", Lang::En);
        assert!(e.is_empty());
        assert_eq!(p.at(), Some(1_500_500));
        // Garbage is refused, not clamped.
        for bad in ["inf", "-5", "x", ""] {
            let (p, e) = parse(&format!("t={bad}"), Lang::En);
            assert_eq!((p.at_ms, e.len()), (None, 1), "{bad}");
        }
    }

    #[test]
    fn a_huge_speed_is_refused_with_a_message() {
        let (p, e) = parse("speed=1e9", Lang::En);
        assert_eq!(p.speed, DEFAULT_SPEED);
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("speed must be a number from 0.001 to 100"));
    }

    #[test]
    fn panels_can_be_chosen() {
        let (p, e) = parse("embed=1&panels=timeline,feed,nope", Lang::En);
        assert_eq!(e.len(), 1);
        assert!(p.panels.timeline && p.panels.feed && !p.panels.log);
    }
}
