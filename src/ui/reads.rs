//! What the page shows of the clients (issue 11): the history lanes, the
//! read extras drawn on each server, what the client panel needs. Plain data
//! with `PartialEq`, built from the world; positions are integers (tenths of
//! a percent) so that no float formatting code reaches the page.

use crate::raft::{Index, NodeId, Time};
use crate::sim::client::{ClientOp, OpStatus, ReadMode};
use crate::sim::feed::{Mark, MarkKind};
use crate::sim::history::History;
use crate::sim::lincheck::{self, OpKind};
use crate::sim::world::World;
use crate::text::{fill, Lang};
use crate::ui::i18n::T;
use crate::ui::view::ms_text;

/// Most operations drawn (the latest, plus any the check cannot order).
pub const OPS_SHOWN: usize = 24;
/// Most overlapping rows in one client's lane.
const MAX_ROWS: u8 = 3;
/// A bar's least extent for packing rows, in tenths of a percent of the window.
const MIN_BAR: u32 = 90;

/// One operation drawn in its client's lane.
#[derive(Clone, Debug, PartialEq)]
pub struct OpView {
    /// Its index in the world's history.
    pub op: u32,
    pub client: u8,
    pub kind: OpKind,
    pub status: OpStatus,
    /// `x+=a`, `x? → ab`.
    pub label: String,
    /// Start and end in tenths of a percent of the window; `None`: no answer
    /// (the bar runs open to the end).
    pub from: u32,
    pub to: Option<u32>,
    /// Row within the lane when a client's operations overlap.
    pub row: u8,
    pub unorderable: bool,
    /// Everything about it in one sentence (the accessible name, and what
    /// hovering shows): client, status, times, server, state before and after.
    pub detail: String,
}

/// A fault or election on the history's time axis.
#[derive(Clone, Debug, PartialEq)]
pub struct MarkView {
    pub at: u32,
    pub class: &'static str,
    pub symbol: String,
    pub title: String,
}

/// The history panel.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryView {
    /// One lane per client, with its rows.
    pub lanes: Vec<u8>,
    pub ops: Vec<OpView>,
    pub marks: Vec<MarkView>,
    /// Axis ticks: position, label (ms).
    pub ticks: Vec<(u32, String)>,
    /// When the check failed: the sentence saying so.
    pub broken: Option<String>,
}

/// A round step (1, 2 or 5 times a power of ten, µs) near `span / 4`.
fn nice_step(span: Time) -> Time {
    let target = (span / 4).max(1_000);
    let mut p = 1_000;
    loop {
        for m in [1, 2, 5] {
            if p * m >= target {
                return p * m;
            }
        }
        p *= 10;
    }
}

/// The operations to draw: the latest, and those the check cannot order.
fn shown(world: &World) -> Vec<u32> {
    let n = world.ops().len();
    let mut v: Vec<u32> = (n.saturating_sub(OPS_SHOWN)..n).map(|i| i as u32).collect();
    if let Some((_, bad)) = world.unorderable() {
        for &i in bad {
            if !v.contains(&i) {
                v.push(i);
            }
        }
    }
    v.sort_unstable();
    v
}

/// The time window drawn: (start, end, tick step), aligned to the step so that
/// it changes only every step of simulated time.
fn window(world: &World, shown: &[u32]) -> (Time, Time, Time) {
    let now = world.now();
    let first = shown
        .iter()
        .map(|&i| world.ops()[i as usize].invoke)
        .min()
        .unwrap_or(now);
    let step = nice_step(now.saturating_sub(first).max(40_000));
    let start = first / step * step;
    (start, (now / step + 1) * step, step)
}

/// A cheap fingerprint of what the history panel shows: it is rebuilt only
/// when this changes (a new operation, an answer, a failed check, the window
/// moving on by a step).
pub fn history_signature(world: &World) -> [u64; 5] {
    let ops = world.ops();
    let answered = ops.iter().filter(|o| o.status == OpStatus::Ok).count();
    let unknown = ops.iter().filter(|o| o.status == OpStatus::Unknown).count();
    let bad = world.unorderable().map_or(0, |(_, o)| o.len() + 1);
    let (_, end, _) = window(world, &shown(world));
    [
        ops.len() as u64,
        answered as u64,
        unknown as u64,
        bad as u64,
        end,
    ]
}

/// Where `t` falls in the window, in tenths of a percent.
fn place(t: Time, start: Time, end: Time) -> u32 {
    (t.clamp(start, end) - start).saturating_mul(1000) as u32 / (end - start).max(1) as u32
}

/// `x=1`, `x+=a`, `x? → ab` (`∅`: the key held nothing; `?`: no answer).
pub fn op_label(o: &ClientOp) -> String {
    match o.kind {
        OpKind::Put => format!("{}={}", o.key, o.value),
        OpKind::Append => format!("{}+={}", o.key, o.value),
        OpKind::Get => match (o.status, &o.result) {
            (OpStatus::Ok, Some(v)) => format!("{}? → {v}", o.key),
            (OpStatus::Ok, None) => format!("{}? → ∅", o.key),
            _ => format!("{}?", o.key),
        },
    }
}

pub fn status_text(s: OpStatus, lang: Lang) -> &'static str {
    match s {
        OpStatus::Pending => T::Pending.get(lang),
        OpStatus::Ok => T::OpOk.get(lang),
        OpStatus::Unknown => T::Unknown.get(lang),
    }
}

pub fn mode_text(m: ReadMode, lang: Lang) -> &'static str {
    match m {
        ReadMode::ReadIndex => T::ModeReadIndex.get(lang),
        ReadMode::Lease => T::ModeLease.get(lang),
        ReadMode::Local => T::ModeLocal.get(lang),
    }
}

pub fn mode_hint(m: ReadMode, lang: Lang) -> &'static str {
    match m {
        ReadMode::ReadIndex => T::ModeReadIndexHint.get(lang),
        ReadMode::Lease => T::ModeLeaseHint.get(lang),
        ReadMode::Local => T::ModeLocalHint.get(lang),
    }
}

/// The history panel's content (at the world's present moment).
pub fn history(h: &History, lang: Lang) -> HistoryView {
    let world = h.world();
    let ops = world.ops();
    let ids = shown(world);
    let (start, end, step) = window(world, &ids);
    let bad = world.unorderable();
    // The state before and after each operation, key by key (one search per
    // key shown, only when the history changed).
    let checked: Vec<lincheck::Op> = ops.iter().map(ClientOp::checked).collect();
    let mut keys: Vec<(&str, Option<Vec<(usize, lincheck::State, lincheck::State)>>)> = vec![];
    for &i in &ids {
        let k = ops[i as usize].key.as_str();
        if !keys.iter().any(|(x, _)| *x == k) {
            keys.push((k, lincheck::key_states(&checked, k)));
        }
    }
    let shown_state = |s: &lincheck::State| match s {
        Some(v) => v.clone(),
        None => T::Nothing.get(lang).to_string(),
    };
    let clients = world.config().clients.max(1);
    let mut lanes = vec![1u8; clients as usize];
    let mut row_end = vec![[0u32; MAX_ROWS as usize]; clients as usize];
    let mut views = Vec::with_capacity(ids.len());
    for &i in &ids {
        let o = &ops[i as usize];
        let from = place(o.invoke, start, end);
        let to = match o.status {
            OpStatus::Ok => o.complete.map(|c| place(c, start, end).max(from)),
            _ => None,
        };
        // The first row free at its start (a client may have several open).
        let lane = (o.client.clamp(1, clients) - 1) as usize;
        let extent = to.unwrap_or(1000).max(from + MIN_BAR);
        let row = (0..MAX_ROWS)
            .find(|&r| row_end[lane][r as usize] <= from)
            .unwrap_or(MAX_ROWS - 1);
        row_end[lane][row as usize] = extent;
        lanes[lane] = lanes[lane].max(row + 1);
        let label = op_label(o);
        let mut detail = format!(
            "{label} — {}, {}",
            fill(T::ClientN.get(lang), &[&o.client]),
            status_text(o.status, lang)
        );
        if let Some(m) = o.mode {
            detail += &format!(", {}", mode_text(m, lang));
        }
        detail += &format!(", {}", ms_text(o.invoke));
        if let (OpStatus::Ok, Some(c)) = (o.status, o.complete) {
            detail += &format!("–{}", ms_text(c));
        } else {
            detail.push('–');
        }
        detail += " ms";
        if let Some(s) = o.server {
            detail += &format!(", {}", fill(T::OpServer.get(lang), &[&s]));
        }
        if let Some(ri) = o.read_index {
            detail += &format!(", {}", fill(T::ReadAt.get(lang), &[&ri]));
        }
        match keys.iter().find(|(k, _)| *k == o.key).map(|(_, s)| s) {
            Some(Some(states)) => {
                if let Some((_, before, after)) = states.iter().find(|s| s.0 == i as usize) {
                    detail += ". ";
                    detail += &fill(
                        T::OpStates.get(lang),
                        &[&o.key, &shown_state(before), &shown_state(after)],
                    );
                }
            }
            Some(None) => {
                detail += ". ";
                detail += &fill(T::OpNoOrder.get(lang), &[&o.key]);
            }
            None => {}
        }
        views.push(OpView {
            op: i,
            client: o.client,
            kind: o.kind,
            status: o.status,
            label,
            from,
            to,
            row,
            unorderable: bad.is_some_and(|(_, b)| b.contains(&i)),
            detail,
        });
    }
    let now = world.now();
    let texts = lang.texts();
    let marks = h
        .marks()
        .iter()
        .filter(|m| m.t >= start && m.t <= now && m.kind != MarkKind::Write)
        .map(|m| mark_view(m, start, end, texts))
        .collect();
    let ticks = (0..)
        .map(|k| start + k * step)
        .take_while(|&t| t < end)
        .map(|t| (place(t, start, end), ms_text(t / 1_000 * 1_000)))
        // Room at the right end for the unit.
        .filter(|(at, _)| *at < 920)
        .collect();
    HistoryView {
        lanes,
        ops: views,
        marks,
        ticks,
        broken: bad.map(|(k, _)| fill(T::NotLinearizable.get(lang), &[&k])),
    }
}

fn mark_view(m: &Mark, start: Time, end: Time, t: &crate::text::Texts) -> MarkView {
    let (class, symbol, title) = match m.kind {
        MarkKind::Elected { node, term } => (
            "elected",
            format!("★S{node}"),
            fill(t.became_leader, &[&node, &term]),
        ),
        MarkKind::Crash(n) => ("crash", format!("✕S{n}"), fill(t.crashed, &[&n])),
        MarkKind::Restart(n) => ("restart", format!("↻S{n}"), fill(t.restarted, &[&n])),
        MarkKind::Cut => ("cut", "✂".into(), t.mark_cut.to_string()),
        MarkKind::Heal => ("heal", "⇄".into(), t.mark_heal.to_string()),
        MarkKind::Violation | MarkKind::Write => ("violation", "!".into(), String::new()),
    };
    MarkView {
        at: place(m.t, start, end),
        class,
        symbol,
        title: format!("{title}, {} ms", ms_text(m.t)),
    }
}

/// Whether `client`'s latest write has no answer (the retry button's state).
pub fn can_retry(world: &World, client: u8) -> bool {
    world
        .ops()
        .iter()
        .rev()
        .find(|o| o.client == client && o.write.is_some())
        .is_some_and(|o| o.status != OpStatus::Ok)
}

/// What a server shows of reads: its lease, its clock rate, the reads it holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServerReads {
    /// World µs left of its lease, while leases matter (see [`leases_matter`]).
    pub lease: Option<Time>,
    /// Clock rate, permille.
    pub rate: u32,
    /// Reads waiting here: their read index once confirmed.
    pub waiting: Vec<Option<Index>>,
}

/// Whether leases are worth drawing: some lease read was made, some clock
/// drifts, or the lease bug is on. Otherwise every leader would carry a
/// number nobody asked about.
pub fn leases_matter(world: &World) -> bool {
    let cfg = world.config();
    cfg.options.bugs.is_on("lease-without-drift-bound")
        || (1..=world.size()).any(|id| world.clock_rate(id) != 1_000)
        || world
            .ops()
            .iter()
            .rev()
            .take(64)
            .any(|o| o.mode == Some(ReadMode::Lease))
}

pub fn server_reads(world: &World, id: NodeId, leases: bool) -> ServerReads {
    ServerReads {
        lease: if leases { world.lease_left(id) } else { None },
        rate: world.clock_rate(id),
        waiting: world.reads_at(id).map(|(_, ri)| ri).collect(),
    }
}

/// A clock rate as `×1.5`, `×0.8`, `×2`.
pub fn rate_text(permille: u32) -> String {
    let (whole, frac) = (permille / 1000, permille % 1000);
    if frac == 0 {
        return format!("×{whole}");
    }
    let f = format!("{frac:03}");
    format!("×{whole}.{}", f.trim_end_matches('0'))
}

/// The clock rates a user can pick (permille).
pub const RATES: [u32; 5] = [500, 800, 1_000, 1_250, 2_000];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::world::{Action, Setup};

    #[test]
    fn rates_and_steps_read_well() {
        assert_eq!(rate_text(1500), "×1.5");
        assert_eq!(rate_text(800), "×0.8");
        assert_eq!(rate_text(2000), "×2");
        assert_eq!(rate_text(1250), "×1.25");
        assert_eq!(nice_step(1_000_000), 500_000);
        assert_eq!(nice_step(40_000), 10_000);
    }

    #[test]
    fn a_history_has_a_lane_per_client_and_labels_what_each_op_did() {
        let mut setup = Setup::default();
        setup.cluster.clients = 2;
        let mut h = History::new(setup, vec![]).unwrap();
        h.advance_to(1_500_000, false);
        h.act(Action::Write {
            value: "x+=a".into(),
            to: None,
            client: 1,
        })
        .unwrap();
        h.advance_to(1_800_000, false);
        h.act(Action::Read {
            key: "x".into(),
            to: None,
            mode: ReadMode::ReadIndex,
            client: 2,
        })
        .unwrap();
        h.advance_to(2_200_000, false);
        let v = history(&h, Lang::En);
        assert_eq!(v.lanes, vec![1, 1]);
        let labels: Vec<&str> = v.ops.iter().map(|o| o.label.as_str()).collect();
        assert_eq!(labels, ["x+=a", "x? → a"]);
        assert!(v
            .ops
            .iter()
            .all(|o| o.status == OpStatus::Ok && o.to.is_some()));
        assert!(v.ops[1].detail.contains("client 2"), "{}", v.ops[1].detail);
        assert!(
            v.ops[1].detail.contains("x: a before, a after"),
            "{}",
            v.ops[1].detail
        );
        assert!(v.ops[0].from < v.ops[1].from);
        assert_eq!(v.broken, None);
        assert!(!v.ticks.is_empty());
    }
}
