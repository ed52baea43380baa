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
use crate::ui::num::ms1;
use crate::ui::view::ms_text;

/// Most operations drawn (the latest, plus any the check cannot order).
pub const OPS_SHOWN: usize = 24;
/// Most overlapping rows in one client's lane.
const MAX_ROWS: u8 = 3;
/// A bar's least extent for packing rows, and a label's per character, in
/// tenths of a percent of the axis (about 8 px on a 550 px lane).
const MIN_BAR: u32 = 30;
const LABEL_CHAR: u32 = 15;

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

/// An operation (index) with its key's value before and after it.
type KeyState = (usize, lincheck::State, lincheck::State);

/// The operations to draw: the latest, and those the check cannot order.
fn shown(world: &World) -> Vec<u32> {
    let n = world.ops().len();
    let mut v: Vec<u32> = (n.saturating_sub(OPS_SHOWN)..n).map(|i| i as u32).collect();
    for &i in world.unorderable().map_or(&[][..], |(_, bad)| bad) {
        insert_sorted(&mut v, i);
    }
    v
}

/// Adds `x` to the sorted `v` unless it is there (no sort routine reaches
/// the page for a few dozen values).
fn insert_sorted<X: Ord>(v: &mut Vec<X>, x: X) {
    if let Err(i) = v.binary_search(&x) {
        v.insert(i, x);
    }
}

/// A cheap fingerprint of what the history panel shows: it is rebuilt only
/// when this changes (a new operation, an answer, a failed check, a mark).
pub fn history_signature(h: &History) -> [u64; 5] {
    let world = h.world();
    let ops = world.ops();
    let answered = ops.iter().filter(|o| o.status == OpStatus::Ok).count();
    let unknown = ops.iter().filter(|o| o.status == OpStatus::Unknown).count();
    let bad = world.unorderable().map_or(0, |(_, o)| o.len() + 1);
    let marks = h.marks().partition_point(|m| m.t <= world.now());
    [
        ops.len() as u64,
        answered as u64,
        unknown as u64,
        bad as u64,
        marks as u64,
    ]
}

/// The time axis: what matters for linearizability is the order of calls,
/// answers and faults, not how long the idle stretches between them were, so
/// each moment gets the same room (as Porcupine draws it) and a quick
/// operation is as readable as a slow one.
struct Axis(Vec<Time>);

impl Axis {
    /// Where `t` falls, in tenths of a percent: the last moment at 80 %, so
    /// that the right end has room for the last label and for operations
    /// still open.
    fn at(&self, t: Time) -> u32 {
        let i = self.0.partition_point(|&x| x < t);
        (i * 800 / self.0.len().saturating_sub(1).max(1)).min(800) as u32
    }
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
    let now = world.now();
    let start = ids.first().map_or(now, |&i| ops[i as usize].invoke);
    let marks: Vec<&Mark> = h
        .marks()
        .iter()
        .filter(|m| m.t >= start && m.t <= now && m.kind != MarkKind::Write)
        .collect();
    let mut times: Vec<Time> = vec![];
    for m in &marks {
        insert_sorted(&mut times, m.t);
    }
    for &i in &ids {
        let o = &ops[i as usize];
        insert_sorted(&mut times, o.invoke);
        if let (OpStatus::Ok, Some(c)) = (o.status, o.complete) {
            insert_sorted(&mut times, c);
        }
    }
    let axis = Axis(times);
    let bad = world.unorderable();
    // The state before and after each operation, key by key (one search per
    // key shown, only when the history changed).
    let checked: Vec<lincheck::Op> = ops.iter().map(ClientOp::checked).collect();
    let mut keys: Vec<(&str, Option<Vec<KeyState>>)> = vec![];
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
        let from = axis.at(o.invoke);
        let to = match o.status {
            OpStatus::Ok => o.complete.map(|c| axis.at(c).max(from)),
            _ => None,
        };
        let label = op_label(o);
        // The first row free at its start (a client may have several open),
        // its label included: it may run past a short bar.
        let lane = (o.client.clamp(1, clients) - 1) as usize;
        let extent = to
            .unwrap_or(1000)
            .max(from + LABEL_CHAR * label.chars().count() as u32 + MIN_BAR);
        let row = (0..MAX_ROWS)
            .find(|&r| row_end[lane][r as usize] <= from)
            .unwrap_or(MAX_ROWS - 1);
        row_end[lane][row as usize] = extent;
        lanes[lane] = lanes[lane].max(row + 1);
        let mut detail = format!(
            "{label} — {}, {}",
            fill(T::ClientN.get(lang), &[&o.client]),
            status_text(o.status, lang)
        );
        if let Some(m) = o.mode {
            detail += &format!(", {}", mode_text(m, lang));
        }
        detail += &format!(", {}", ms1(o.invoke));
        if let (OpStatus::Ok, Some(c)) = (o.status, o.complete) {
            detail += &format!("–{}", ms1(c));
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
    let texts = lang.texts();
    let marks = marks
        .into_iter()
        .map(|m| mark_view(m, axis.at(m.t), texts))
        .collect();
    // A few moments named in ms along the axis.
    let n = axis.0.len();
    let mut ticks: Vec<(u32, String)> = vec![];
    for k in 0..5 {
        if let Some(&t) = axis.0.get(k * n.saturating_sub(1) / 4) {
            let at = axis.at(t);
            if ticks.last().is_none_or(|l| at >= l.0 + 150) {
                ticks.push((at, ms_text(t / 1_000 * 1_000)));
            }
        }
    }
    HistoryView {
        lanes,
        ops: views,
        marks,
        ticks,
        broken: bad.map(|(k, _)| fill(T::NotLinearizable.get(lang), &[&k])),
    }
}

fn mark_view(m: &Mark, at: u32, t: &crate::text::Texts) -> MarkView {
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
        at,
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

    #[test]
    fn free_play_offers_three_clients_who_write_read_and_retry_as_chosen() {
        use crate::ui::params::Params;
        use crate::ui::state::{Action as Act, AppState};
        let mut s = AppState::new(Params::default(), Lang::Zh, vec![]);
        assert_eq!(s.hist.borrow().world().config().clients, 3);
        s.act(Act::Retry);
        assert!(s.errors.is_empty(), "nothing to retry yet: nothing happens");
        s.act(Act::Read("a=b".into(), ReadMode::Local));
        assert!(
            s.errors[0].contains("a=b") && s.errors[0].contains("键"),
            "{:?}",
            s.errors
        );
        s.act(Act::SetClient(2));
        s.act(Act::Write("k+=v".into()));
        s.act(Act::Read(" k ".into(), ReadMode::Lease));
        let h = s.hist.borrow();
        let ops = h.world().ops();
        assert_eq!(ops.len(), 2);
        assert!(ops.iter().all(|o| o.client == 2));
        assert_eq!((ops[0].kind, ops[1].key.as_str()), (OpKind::Append, "k"));
        assert_eq!(ops[1].mode, Some(ReadMode::Lease));
    }
}
