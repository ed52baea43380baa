//! Linearizability of a key-value history (thesis ch. 6; Herlihy & Wing 1990):
//! is there one order of the operations, consistent with real time, in which
//! every read returns what the writes before it left?
//!
//! The search is Wing & Gong's, with Lowe's memoization of (operations
//! linearized, state) — the algorithm of Porcupine (`checker.go`,
//! `checkSingle`) — run on each key alone, since operations on different keys
//! commute (Porcupine's `Partition`). An operation whose outcome is unknown (no
//! response) may take effect at any moment after its invocation, or never: its
//! response is at infinity, so the search can place it after everything else.
//! A read with no response tells nothing and is left out.
//!
//! When a key's history is not linearizable, [`check`] shrinks it to a smallest
//! set of its operations that still cannot be ordered (each one needed: drop any
//! and the rest can be), which is what a student needs to see.

/// What an operation does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OpKind {
    /// `k=v`: the key now holds `v`.
    Put,
    /// `k+=v`: `v` is appended to what the key holds.
    Append,
    /// `k?`: returns what the key holds (`None`: nothing).
    Get,
}

impl OpKind {
    pub fn name(self) -> &'static str {
        match self {
            OpKind::Put => "put",
            OpKind::Append => "append",
            OpKind::Get => "get",
        }
    }

    pub fn parse(s: &str) -> Option<OpKind> {
        [OpKind::Put, OpKind::Append, OpKind::Get]
            .into_iter()
            .find(|k| k.name() == s)
    }
}

/// One client operation, from invocation to response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Op {
    pub client: u32,
    pub kind: OpKind,
    pub key: String,
    /// What a put or an append writes.
    pub value: String,
    /// Times in microseconds.
    pub invoke: u64,
    /// `None`: no response (the outcome is unknown).
    pub complete: Option<u64>,
    /// What a get returned (`None`: the key held nothing).
    pub result: Option<String>,
}

/// A key whose operations cannot be ordered, with a smallest such set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unorderable {
    pub key: String,
    /// Indices into the checked history, in invocation order.
    pub ops: Vec<usize>,
}

/// Checks a history; `Err` names a key and a smallest set of its operations
/// that no real-time-respecting order explains.
pub fn check(history: &[Op]) -> Result<(), Unorderable> {
    let mut keys: Vec<&str> = history.iter().map(|o| o.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter().try_for_each(|key| check_key(history, key))
}

/// [`check`] for the operations on one key.
pub fn check_key(history: &[Op], key: &str) -> Result<(), Unorderable> {
    let ids = key_ids(history, key);
    if search(history, &ids) == Search::NoOrder {
        return Err(Unorderable {
            key: key.to_string(),
            ops: shrink(history, ids),
        });
    }
    Ok(())
}

/// A read without a response says nothing: it is not checked.
fn counts(op: &Op) -> bool {
    op.kind != OpKind::Get || op.complete.is_some()
}

/// The operations of `key` the search must order. A write without a response
/// whose value no read ever saw is left out: in any order that explains the
/// history no read comes after it before the next put (that read would show
/// its value), so the same order without it explains the history too. Without
/// this, every unanswered append multiplies the orders to try.
fn key_ids(history: &[Op], key: &str) -> Vec<usize> {
    let seen: Vec<&str> = history
        .iter()
        .filter(|o| o.key == key && o.kind == OpKind::Get && o.complete.is_some())
        .filter_map(|o| o.result.as_deref())
        .collect();
    let observed = |o: &Op| match o.kind {
        OpKind::Get => true,
        _ if o.complete.is_some() || o.value.is_empty() => true,
        // After a put, the key holds its value, then whatever is appended.
        OpKind::Put => seen.iter().any(|r| r.starts_with(o.value.as_str())),
        OpKind::Append => seen.iter().any(|r| r.contains(o.value.as_str())),
    };
    (0..history.len())
        .filter(|&i| history[i].key == key && counts(&history[i]) && observed(&history[i]))
        .collect()
}

/// What the search found for one key.
#[derive(Debug, PartialEq, Eq)]
enum Search {
    /// An order that explains the history (indices into it).
    Order(Vec<usize>),
    NoOrder,
    /// Undecided within [`BUDGET`] steps: reported as neither (a history that
    /// hard is not what a lecture or a fuzz run produces).
    GaveUp,
}

/// The most search steps spent on one key's history.
const BUDGET: u64 = 300_000;

/// A smallest set of `ids` that cannot be ordered, which shows what went
/// wrong: first 1-minimal (operations dropped one by one while the rest still
/// cannot be ordered, as delta debugging does); then again from the start,
/// keeping the reads of that set and the writes whose values they returned —
/// so a stale read comes with the write it saw and the one it missed, not alone.
fn shrink(history: &[Op], ids: Vec<usize>) -> Vec<usize> {
    let first = drop_while_unorderable(history, ids.clone(), &[]);
    let reads: Vec<usize> = first
        .iter()
        .copied()
        .filter(|&g| history[g].kind == OpKind::Get)
        .collect();
    let source = |w: &Op, g: &Op| {
        g.result.as_deref().is_some_and(|r| match w.kind {
            OpKind::Put => !w.value.is_empty() && r.starts_with(w.value.as_str()),
            OpKind::Append => !w.value.is_empty() && r.contains(w.value.as_str()),
            OpKind::Get => false,
        })
    };
    let keep: Vec<usize> = ids
        .iter()
        .copied()
        .filter(|&i| reads.contains(&i) || reads.iter().any(|&g| source(&history[i], &history[g])))
        .collect();
    if keep.len() == reads.len() {
        return first;
    }
    drop_while_unorderable(history, ids, &keep)
}

/// Drops operations one by one (never those in `keep`) while the rest still
/// cannot be ordered. Bounded: a long key history stops after a fixed number
/// of searches and reports what it has.
fn drop_while_unorderable(history: &[Op], mut ids: Vec<usize>, keep: &[usize]) -> Vec<usize> {
    let mut budget = 4_000usize;
    let mut i = 0;
    while i < ids.len() && budget > 0 {
        budget -= 1;
        if keep.contains(&ids[i]) {
            i += 1;
            continue;
        }
        let mut without = ids.clone();
        without.remove(i);
        if search(history, &without) == Search::NoOrder {
            ids = without;
        } else {
            i += 1;
        }
    }
    ids
}

/// The register a key is: its value, or nothing yet.
pub type State = Option<String>;

fn step(state: &State, op: &Op) -> Option<State> {
    match op.kind {
        OpKind::Put => Some(Some(op.value.clone())),
        OpKind::Append => {
            let mut v = state.clone().unwrap_or_default();
            v.push_str(&op.value);
            Some(Some(v))
        }
        OpKind::Get => (op.result == *state).then(|| state.clone()),
    }
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    /// Position in `ids` of the operation.
    op: usize,
    call: bool,
    /// The matching return entry of a call (its index in `entries`).
    partner: usize,
    prev: usize,
    next: usize,
}

/// For each operation of `key` (indices into `history`, in the order found):
/// the key's value just before and just after it takes effect, in one order
/// that explains the key's history — what the page shows on hover. `None` if
/// the key's history cannot be ordered.
pub fn key_states(history: &[Op], key: &str) -> Option<Vec<(usize, State, State)>> {
    let Search::Order(order) = search(history, &key_ids(history, key)) else {
        return None;
    };
    let mut state: State = None;
    let mut out = Vec::with_capacity(order.len());
    for i in order {
        let after = step(&state, &history[i]).unwrap_or_else(|| state.clone());
        out.push((i, state, after.clone()));
        state = after;
    }
    Some(out)
}

/// Wing & Gong's search with Lowe's cache, over the operations `ids` of one
/// key: an order of them (indices into `history`) if there is one.
fn search(history: &[Op], ids: &[usize]) -> Search {
    let n = ids.len();
    if n == 0 {
        return Search::Order(vec![]);
    }
    // Calls and returns in time order; at equal times calls first, so that
    // operations touching in time count as concurrent (as Porcupine does).
    // All calls (by operation), then all returns, then a stable sort by time.
    let mut events: Vec<(u64, bool, usize)> = Vec::with_capacity(2 * n);
    for (k, &i) in ids.iter().enumerate() {
        events.push((history[i].invoke, true, k));
    }
    for (k, &i) in ids.iter().enumerate() {
        events.push((history[i].complete.unwrap_or(u64::MAX), false, k));
    }
    radix_sort_by_time(&mut events);
    // A doubly linked list with a sentinel head at index 0.
    let mut entries = vec![Entry {
        op: usize::MAX,
        call: false,
        partner: 0,
        prev: 0,
        next: 1,
    }];
    let mut ret_of = vec![0; n];
    let mut call_of = vec![0; n];
    for (pos, &(_, call, k)) in events.iter().enumerate() {
        let idx = pos + 1;
        entries.push(Entry {
            op: k,
            call,
            partner: 0,
            prev: idx - 1,
            next: if pos + 1 < events.len() { idx + 1 } else { 0 },
        });
        if call {
            call_of[k] = idx;
        } else {
            ret_of[k] = idx;
        }
    }
    for k in 0..n {
        entries[call_of[k]].partner = ret_of[k];
    }
    let words = n.div_ceil(64);
    let mut linearized = vec![0u64; words];
    let mut state: State = None;
    let mut cache = Seen::default();
    let mut calls: Vec<(usize, State)> = vec![];
    let mut entry = entries[0].next;
    let lift = |entries: &mut Vec<Entry>, e: usize| {
        let (p, nx) = (entries[e].prev, entries[e].next);
        entries[p].next = nx;
        entries[nx].prev = p;
        let r = entries[e].partner;
        let (rp, rn) = (entries[r].prev, entries[r].next);
        entries[rp].next = rn;
        entries[rn].prev = rp;
    };
    let unlift = |entries: &mut Vec<Entry>, e: usize| {
        let r = entries[e].partner;
        let (rp, rn) = (entries[r].prev, entries[r].next);
        entries[rp].next = r;
        entries[rn].prev = r;
        let (p, nx) = (entries[e].prev, entries[e].next);
        entries[p].next = e;
        entries[nx].prev = e;
    };
    let mut steps = 0u64;
    while entries[0].next != 0 {
        steps += 1;
        if steps > BUDGET {
            return Search::GaveUp;
        }
        if entry == 0 {
            // Ran off the end: only pending returns are left ahead.
            return Search::NoOrder;
        }
        let e = entries[entry];
        if e.call {
            let op = &history[ids[e.op]];
            if let Some(next_state) = step(&state, op) {
                linearized[e.op / 64] |= 1 << (e.op % 64);
                let key = fingerprint(&linearized, &next_state);
                if cache.insert(key) {
                    calls.push((entry, state));
                    state = next_state;
                    lift(&mut entries, entry);
                    entry = entries[0].next;
                    continue;
                }
                linearized[e.op / 64] &= !(1 << (e.op % 64));
            }
            entry = e.next;
        } else {
            // A return whose call is not linearized yet: undo the last choice.
            let Some((back, prior)) = calls.pop() else {
                return Search::NoOrder;
            };
            let k = entries[back].op;
            linearized[k / 64] &= !(1 << (k % 64));
            state = prior;
            unlift(&mut entries, back);
            entry = entries[back].next;
        }
    }
    Search::Order(calls.iter().map(|&(e, _)| ids[entries[e].op]).collect())
}

/// A 64-bit fingerprint of (set of operations linearized, state): FNV-1a,
/// then a splitmix finaliser. A collision could only make the search skip a
/// branch: with 64 bits over at most millions of cached states it is
/// vanishingly unlikely. (No `std` hasher: the page carries less code.)
fn fingerprint(linearized: &[u64], state: &State) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    linearized
        .iter()
        .flat_map(|w| w.to_le_bytes())
        .for_each(&mut eat);
    match state {
        Some(v) => {
            eat(1);
            v.bytes().for_each(&mut eat);
        }
        None => eat(0),
    }
    let mut z = h;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (z ^ (z >> 31)) | 1 // never 0, which marks an empty slot
}

/// The fingerprints seen: an open-addressed table (linear probing, grown at
/// half full).
#[derive(Default)]
struct Seen {
    slots: Vec<u64>,
    len: usize,
}

impl Seen {
    /// Adds `f` (never 0); false if it was there.
    fn insert(&mut self, f: u64) -> bool {
        if 2 * (self.len + 1) > self.slots.len() {
            let size = (self.slots.len() * 2).max(64);
            let old = std::mem::replace(&mut self.slots, vec![0; size]);
            self.len = 0;
            for x in old.into_iter().filter(|&x| x != 0) {
                self.insert(x);
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = (f as usize) & mask;
        while self.slots[i] != 0 {
            if self.slots[i] == f {
                return false;
            }
            i = (i + 1) & mask;
        }
        self.slots[i] = f;
        self.len += 1;
        true
    }
}

/// Sorts events by time, stably (calls were put before returns, so at equal
/// times calls come first, as Porcupine orders them): a byte-wise radix sort,
/// so the page carries no generic sort.
fn radix_sort_by_time(events: &mut Vec<(u64, bool, usize)>) {
    let mut buf = events.clone();
    for shift in (0..64).step_by(8) {
        let byte = |e: &(u64, bool, usize)| ((e.0 >> shift) & 0xff) as usize;
        let mut counts = [0usize; 257];
        for e in events.iter() {
            counts[byte(e) + 1] += 1;
        }
        if counts.contains(&events.len()) {
            continue; // every event has the same byte here
        }
        for b in 0..256 {
            counts[b + 1] += counts[b];
        }
        for e in events.iter() {
            let b = byte(e);
            buf[counts[b]] = *e;
            counts[b] += 1;
        }
        std::mem::swap(events, &mut buf);
    }
}

/// Reads a history: one JSON object per line, `{"client", "kind", "key",
/// "value", "invoke_ms", "complete_ms", "result"}` (DESIGN.md, "Clients and
/// reads"); `complete_ms` null or absent: no response. Errors name the line.
pub fn parse_history(text: &str) -> Result<Vec<Op>, String> {
    use super::json::{parse, Json};
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut ops = vec![];
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let at = |why: String| format!("line {}: {why}", n + 1);
        let v = parse(line).map_err(|e| at(format!("not valid JSON: {e}")))?;
        if v.as_object().is_none() {
            return Err(at("must be an object".into()));
        }
        let ms = |key: &str| -> Result<Option<u64>, String> {
            match v.get(key) {
                None | Some(Json::Null) => Ok(None),
                Some(x) => match x.as_f64() {
                    Some(f) if f.is_finite() && (0.0..=8.64e10).contains(&f) => {
                        Ok(Some((f * 1000.0).round() as u64))
                    }
                    _ => Err(at(format!(
                        "\"{key}\" must be a time in ms from 0 to 8.64e10"
                    ))),
                },
            }
        };
        let text_of = |key: &str| -> Result<Option<String>, String> {
            match v.get(key) {
                None | Some(Json::Null) => Ok(None),
                Some(Json::Str(s)) if s.len() <= 10_000 => Ok(Some(s.clone())),
                Some(Json::Num(x)) => Ok(Some(x.clone())),
                Some(_) => Err(at(format!("\"{key}\" must be a string"))),
            }
        };
        let kind = match v.get("kind").and_then(Json::as_str) {
            Some(k) => OpKind::parse(k)
                .ok_or_else(|| at(format!("\"kind\" must be put, append or get, got {k:?}")))?,
            None => return Err(at("\"kind\" is required (put, append or get)".into())),
        };
        let key = text_of("key")?.ok_or_else(|| at("\"key\" is required".into()))?;
        let invoke = ms("invoke_ms")?.ok_or_else(|| at("\"invoke_ms\" is required".into()))?;
        let complete = ms("complete_ms")?;
        if complete.is_some_and(|c| c < invoke) {
            return Err(at("\"complete_ms\" is before \"invoke_ms\"".into()));
        }
        let client = match v.get("client") {
            None | Some(Json::Null) => 0,
            Some(c) => c
                .as_u64()
                .filter(|&c| c <= u64::from(u32::MAX))
                .ok_or_else(|| at("\"client\" must be a whole number".into()))?
                as u32,
        };
        let value = text_of("value")?.unwrap_or_default();
        if kind != OpKind::Get && v.get("value").is_none() {
            return Err(at(format!("a {} needs a \"value\"", kind.name())));
        }
        ops.push(Op {
            client,
            kind,
            key,
            value,
            invoke,
            complete,
            result: text_of("result")?,
        });
    }
    if ops.len() > 10_000_000 {
        return Err("more than 10 000 000 operations".into());
    }
    Ok(ops)
}

/// One operation as a JSON line of the history format.
pub fn op_json(op: &Op) -> super::json::Json {
    use super::json::Json;
    let ms = |t: u64| super::runner::t_ms(t);
    Json::obj([
        ("client", Json::int(u64::from(op.client))),
        ("kind", Json::str(op.kind.name())),
        ("key", Json::str(op.key.as_str())),
        ("value", Json::str(op.value.as_str())),
        ("invoke_ms", ms(op.invoke)),
        ("complete_ms", op.complete.map_or(Json::Null, ms)),
        (
            "result",
            op.result
                .as_ref()
                .map_or(Json::Null, |r| Json::str(r.as_str())),
        ),
    ])
}

/// A random linearizable history for benchmarks: `clients` clients, each with
/// one operation at a time, on `keys` keys; each operation takes effect at a
/// random moment inside its interval, in that order, so some order explains
/// it. About one in fifty writes never gets its response.
pub fn random_history(seed: u64, ops: usize, keys: usize, clients: u32) -> Vec<Op> {
    use super::rng::SimRng;
    use rand::RngExt;
    let mut rng = SimRng::seed_from_u64(seed);
    let keys = keys.max(1);
    let clients = clients.max(1);
    let mut free_at = vec![0u64; clients as usize];
    // (effect time, op index)
    let mut out: Vec<Op> = Vec::with_capacity(ops);
    let mut effects: Vec<(u64, usize)> = Vec::with_capacity(ops);
    for i in 0..ops {
        let c = (i as u32) % clients;
        let invoke = free_at[c as usize] + rng.random_range(0..2_000u64);
        let dur = rng.random_range(100..5_000u64);
        let effect = invoke + rng.random_range(0..=dur);
        let kind = [OpKind::Put, OpKind::Append, OpKind::Get][rng.random_range(0..3usize)];
        let lost = kind != OpKind::Get && rng.random_range(0..50u32) == 0;
        out.push(Op {
            client: c,
            kind,
            key: format!("k{}", rng.random_range(0..keys)),
            value: format!("{i}."),
            invoke,
            complete: (!lost).then_some(invoke + dur),
            result: None,
        });
        effects.push((effect, i));
        free_at[c as usize] = invoke + dur;
    }
    effects.sort_unstable();
    let mut state: std::collections::HashMap<String, String> = Default::default();
    for (_, i) in effects {
        let op = &mut out[i];
        match op.kind {
            OpKind::Put => {
                state.insert(op.key.clone(), op.value.clone());
            }
            OpKind::Append => state.entry(op.key.clone()).or_default().push_str(&op.value),
            OpKind::Get => op.result = state.get(&op.key).cloned(),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(kind: OpKind, v: &str, t: (u64, Option<u64>), result: Option<&str>) -> Op {
        Op {
            client: 0,
            kind,
            key: "x".into(),
            value: v.into(),
            invoke: t.0,
            complete: t.1,
            result: result.map(String::from),
        }
    }

    #[test]
    fn a_read_after_a_completed_write_must_see_it() {
        let h = vec![
            op(OpKind::Put, "1", (0, Some(10)), None),
            op(OpKind::Get, "", (20, Some(30)), Some("1")),
        ];
        assert!(check(&h).is_ok());
        let stale = vec![
            op(OpKind::Put, "1", (0, Some(10)), None),
            op(OpKind::Get, "", (20, Some(30)), None),
        ];
        let e = check(&stale).unwrap_err();
        assert_eq!(e.ops, vec![0, 1]);
    }

    #[test]
    fn concurrent_operations_may_go_either_way() {
        let h = vec![
            op(OpKind::Put, "1", (0, Some(100)), None),
            op(OpKind::Get, "", (10, Some(20)), None),
            op(OpKind::Get, "", (30, Some(40)), Some("1")),
        ];
        assert!(check(&h).is_ok());
        // But not back again: once a read saw 1, a later read cannot miss it.
        let mut back = h.clone();
        back.push(op(OpKind::Get, "", (50, Some(60)), None));
        assert!(check(&back).is_err());
    }

    #[test]
    fn an_unknown_outcome_may_have_happened_or_not() {
        let happened = vec![
            op(OpKind::Append, "a", (0, None), None),
            op(OpKind::Get, "", (50, Some(60)), Some("a")),
        ];
        assert!(check(&happened).is_ok());
        let not = vec![
            op(OpKind::Append, "a", (0, None), None),
            op(OpKind::Get, "", (50, Some(60)), None),
        ];
        assert!(check(&not).is_ok());
    }

    #[test]
    fn random_linearizable_histories_pass_and_a_tampered_read_fails() {
        for seed in 1..=20 {
            let mut h = random_history(seed, 400, 5, 5);
            assert!(check(&h).is_ok(), "seed {seed}");
            let Some(i) = h
                .iter()
                .rposition(|o| o.kind == OpKind::Get && o.result.is_some())
            else {
                continue;
            };
            h[i].result = Some("never written".into());
            let e = check(&h).unwrap_err();
            assert_eq!(
                e.ops,
                vec![i],
                "seed {seed}: the read alone cannot be ordered"
            );
        }
    }

    #[test]
    fn histories_round_trip_through_json_lines() {
        let h = random_history(3, 50, 3, 2);
        let text: Vec<String> = h.iter().map(|o| op_json(o).to_string()).collect();
        assert_eq!(parse_history(&text.join("\n")).unwrap(), h);
        for (bad, why) in [
            ("{", "line 1: not valid JSON"),
            (
                r#"{"kind":"cas","key":"x","invoke_ms":0}"#,
                "put, append or get",
            ),
            (
                r#"{"kind":"put","key":"x","invoke_ms":5,"complete_ms":1,"value":"1"}"#,
                "before",
            ),
            (
                r#"{"kind":"put","key":"x","invoke_ms":0}"#,
                "needs a \"value\"",
            ),
        ] {
            let e = parse_history(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn a_duplicated_append_is_caught_with_the_operations_that_show_it() {
        let h = vec![
            op(OpKind::Put, "0", (0, Some(5)), None),
            op(OpKind::Append, "a", (10, Some(20)), None),
            op(OpKind::Get, "", (30, Some(40)), Some("0aa")),
            op(OpKind::Put, "9", (50, Some(60)), None),
        ];
        let e = check(&h).unwrap_err();
        assert_eq!(
            e.ops,
            vec![0, 1, 2],
            "no order of these writes ever leaves 0aa: the read, with the writes it saw"
        );
    }
}
