//! The safety properties of Figure 3, plus "no acknowledged write lost", checked
//! after every event. Each check looks only at what the event changed, so a long
//! run costs O(events), not O(events × log length).
//!
//! Logs are mirrored as hash chains: two logs with equal chain hashes at an index
//! hold the same entries up through that index, which makes Log Matching and
//! Leader Completeness O(1) comparisons.

use super::config::Protocol;
use super::narrate::Lang;
use crate::raft::{Entry, Index, Node, NodeId, Role, Term, Time};

/// A checked safety property. Its [`name`](Invariant::name) is fixed by the
/// scenario format and the page contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Invariant {
    /// Figure 3: at most one leader can be elected in a given term.
    ElectionSafety,
    /// Figure 3: a leader never overwrites or deletes entries in its log.
    LeaderAppendOnly,
    /// Figure 3: same index and term ⇒ identical logs up through that index.
    LogMatching,
    /// Figure 3: an entry committed in a term is in every later leader's log.
    LeaderCompleteness,
    /// Figure 3: no two servers apply different entries at the same index.
    StateMachineSafety,
    /// A write acknowledged to a client is never lost (Raft and ZAB).
    NoLostAck,
    /// ZAB: at most one leader is established per epoch (DSN 2011, §III,
    /// "primary integrity"; Leader.java waits for a NEWLEADER quorum).
    LeaderPerEpoch,
    /// ZAB: servers deliver committed transactions in the same order, each
    /// delivery sequence a prefix of one other (DSN 2011, §III, "primary order",
    /// "agreement").
    PrimaryOrder,
    /// The clients' history of reads and writes is linearizable (thesis ch. 6;
    /// Herlihy & Wing): one order, consistent with real time, explains it.
    Linearizability,
}

impl Invariant {
    /// Raft's properties, in the order the page lists them.
    pub const RAFT: [Invariant; 7] = [
        Invariant::ElectionSafety,
        Invariant::LeaderAppendOnly,
        Invariant::LogMatching,
        Invariant::LeaderCompleteness,
        Invariant::StateMachineSafety,
        Invariant::NoLostAck,
        Invariant::Linearizability,
    ];

    /// ZAB's properties, in the order the page lists them.
    pub const ZAB: [Invariant; 3] = [
        Invariant::LeaderPerEpoch,
        Invariant::PrimaryOrder,
        Invariant::NoLostAck,
    ];

    /// Every property of either protocol.
    pub const ALL: [Invariant; 9] = [
        Invariant::ElectionSafety,
        Invariant::LeaderAppendOnly,
        Invariant::LogMatching,
        Invariant::LeaderCompleteness,
        Invariant::StateMachineSafety,
        Invariant::NoLostAck,
        Invariant::LeaderPerEpoch,
        Invariant::PrimaryOrder,
        Invariant::Linearizability,
    ];

    /// The properties checked for a protocol.
    pub fn of(protocol: Protocol) -> &'static [Invariant] {
        match protocol {
            Protocol::Raft => &Invariant::RAFT,
            Protocol::Zab => &Invariant::ZAB,
        }
    }

    /// The fixed name (`election-safety`, …) used in scenarios, JSON and the page.
    pub fn name(self) -> &'static str {
        match self {
            Invariant::ElectionSafety => "election-safety",
            Invariant::LeaderAppendOnly => "leader-append-only",
            Invariant::LogMatching => "log-matching",
            Invariant::LeaderCompleteness => "leader-completeness",
            Invariant::StateMachineSafety => "state-machine-safety",
            Invariant::NoLostAck => "no-lost-ack",
            Invariant::LeaderPerEpoch => "leader-per-epoch",
            Invariant::PrimaryOrder => "primary-order",
            Invariant::Linearizability => "linearizability",
        }
    }

    /// The property with this fixed name, if there is one.
    pub fn parse(name: &str) -> Option<Invariant> {
        Invariant::ALL.into_iter().find(|i| i.name() == name)
    }

    /// The display name, in a page language.
    pub fn title(self, lang: Lang) -> &'static str {
        super::narrate::invariant_title(self, lang)
    }

    /// What the property promises, in one plain sentence.
    pub fn promise(self, lang: Lang) -> &'static str {
        super::narrate::invariant_promise(self, lang)
    }

    fn slot(self) -> usize {
        self as usize
    }
}

/// How many times each property was violated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts([u64; Invariant::ALL.len()]);

impl Counts {
    /// Violations of one property.
    pub fn of(&self, inv: Invariant) -> u64 {
        self.0[inv.slot()]
    }
    /// Each of `props` (Raft's or ZAB's, [`Invariant::of`]) with its count.
    pub fn iter<'a>(
        &'a self,
        props: &'static [Invariant],
    ) -> impl Iterator<Item = (Invariant, u64)> + 'a {
        props.iter().map(|&i| (i, self.of(i)))
    }
    /// Adds another run's counts to these.
    pub fn add(&mut self, other: &Counts) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }
    /// Counts one more violation of `inv`; returns its new count.
    pub(crate) fn bump(&mut self, inv: Invariant) -> u64 {
        let c = &mut self.0[inv.slot()];
        *c += 1;
        *c
    }
    /// Violations of all properties together.
    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }
}

/// Most violations kept per property; later ones are only counted.
const KEEP_PER_NAME: usize = 20;

/// One observed violation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub invariant: Invariant,
    pub t: Time,
    pub nodes: Vec<NodeId>,
    pub detail: Detail,
}

/// Why a property broke: a text of `crate::text` and its values, so that the
/// page says it in the reader's language (`Display`: English, for the CLI,
/// traces and tests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detail {
    why: Why,
    args: Vec<String>,
}

/// The kinds of [`Detail`]: one text each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    AckRemoved,
    LeaderWithoutAck,
    LeaderTruncated,
    LogsDiffer,
    TwoLeaders,
    LeaderWithoutCommitted,
    LeaderLacksCommitted,
    AppliedDifferent,
    AppliedOverAck,
    Unorderable,
    /// Said in English only (ZAB's checks).
    Plain,
}

impl Detail {
    pub fn new(why: Why, args: &[&dyn std::fmt::Display]) -> Detail {
        Detail {
            why,
            args: args.iter().map(|a| a.to_string()).collect(),
        }
    }

    /// A sentence in English only.
    pub fn plain(text: String) -> Detail {
        Detail {
            why: Why::Plain,
            args: vec![text],
        }
    }

    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let t = lang.texts();
        let template = match self.why {
            Why::AckRemoved => t.why_ack_removed,
            Why::LeaderWithoutAck => t.why_leader_without_ack,
            Why::LeaderTruncated => t.why_leader_truncated,
            Why::LogsDiffer => t.why_logs_differ,
            Why::TwoLeaders => t.why_two_leaders,
            Why::LeaderWithoutCommitted => t.why_leader_without_committed,
            Why::LeaderLacksCommitted => t.why_leader_lacks_committed,
            Why::AppliedDifferent => t.why_applied_different,
            Why::AppliedOverAck => t.why_applied_over_ack,
            Why::Unorderable => t.why_unorderable,
            Why::Plain => "{}",
        };
        let args: Vec<&dyn std::fmt::Display> = self
            .args
            .iter()
            .map(|a| a as &dyn std::fmt::Display)
            .collect();
        crate::text::fill(template, &args)
    }
}

impl std::fmt::Display for Detail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// A node's state just before an event, to compare with just after.
#[derive(Clone, Copy, Debug)]
pub struct Before {
    role: Role,
    term: Term,
    last_index: Index,
    truncations: u64,
    commit_index: Index,
}

impl Before {
    /// Whether the node was a leader before the event.
    pub fn was_leader(&self) -> bool {
        self.role == Role::Leader
    }
    /// The node's term before the event.
    pub fn term(&self) -> Term {
        self.term
    }
    pub fn of(node: &Node) -> Before {
        Before {
            role: node.role(),
            term: node.current_term(),
            last_index: node.log().last_index(),
            truncations: node.log().truncations(),
            commit_index: node.commit_index(),
        }
    }
}

/// The checker's memory of the whole history.
#[derive(Clone, Debug, Default)]
pub struct Checker {
    /// Per node: (term, chain hash) for each index, mirroring its log, with
    /// the entries it compacted (still held, §7).
    mirrors: Vec<Vec<(Term, u64)>>,
    /// Per node: the snapshot index when its mirror was last brought up to date.
    snap_seen: Vec<Index>,
    /// The leader elected in each term.
    leaders: Vec<(Term, NodeId)>,
    /// (term, chain hash) of each committed index, as first seen committed.
    committed: Vec<(Term, u64)>,
    /// For each term, the highest index first committed in that term.
    committed_in_term: Vec<(Term, Index)>,
    /// Entry hash and first applier of each applied index.
    applied: Vec<(u64, NodeId)>,
    /// Entry hash of each index holding an acknowledged write (0: none).
    acked: Vec<u64>,
    /// The indexes of `acked` that hold a write, in order, with the term of
    /// the leader that acknowledged it (it was committed in that term or before).
    acked_at: Vec<(Index, Term)>,
    violations: Vec<Violation>,
    counts: Counts,
}

/// Hash of one entry (term, command, write id): FNV-1a, stable across platforms.
pub fn entry_hash(e: &Entry) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    e.term.to_le_bytes().into_iter().for_each(&mut eat);
    match &e.cmd {
        Some(c) => {
            eat(1);
            c.bytes().for_each(&mut eat);
        }
        None => eat(0),
    }
    e.write_id
        .map_or(u32::MAX, |w| w)
        .to_le_bytes()
        .into_iter()
        .for_each(&mut eat);
    if let Some(c) = &e.config {
        let old = c.old_voters.map_or(u64::MAX, u64::from);
        [c.voters as u64, c.learners as u64, old]
            .into_iter()
            .flat_map(u64::to_le_bytes)
            .for_each(&mut eat);
    }
    h | 1 // never 0, which marks "none"
}

fn chain(prev: u64, entry: u64) -> u64 {
    // splitmix64 finaliser over the pair.
    let mut z = prev.rotate_left(29) ^ entry;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Checker {
    /// A checker for `n` servers with empty logs (call `after` once per node to load
    /// initial logs).
    pub fn new(n: u8) -> Checker {
        Checker {
            mirrors: vec![Vec::new(); n as usize + 1],
            snap_seen: vec![0; n as usize + 1],
            ..Checker::default()
        }
    }

    /// Violations so far (at most a few per property).
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// How many times each property was violated.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Whether the property has held so far.
    pub fn holds(&self, inv: Invariant) -> bool {
        self.counts.of(inv) == 0
    }

    fn violate(&mut self, t: Time, invariant: Invariant, nodes: Vec<NodeId>, detail: Detail) {
        let c = &mut self.counts.0[invariant.slot()];
        *c += 1;
        if *c as usize <= KEEP_PER_NAME {
            self.violations.push(Violation {
                invariant,
                t,
                nodes,
                detail,
            });
        }
    }

    /// A violation found outside the checker (the world's linearizability check).
    pub fn external(&mut self, t: Time, invariant: Invariant, nodes: Vec<NodeId>, detail: Detail) {
        self.violate(t, invariant, nodes, detail);
    }

    /// Records that the write at `index` (this entry) was acknowledged to a
    /// client by the leader of `term`.
    pub fn acknowledged(&mut self, index: Index, entry: &Entry, term: Term) {
        let i = index as usize;
        if self.acked.len() <= i {
            self.acked.resize(i + 1, 0);
        }
        if self.acked[i] == 0 {
            // Acknowledgements come in index order, but for a rare straggler.
            let at = self.acked_at.partition_point(|&(x, _)| x < index);
            self.acked_at.insert(at, (index, term));
        }
        self.acked[i] = entry_hash(entry);
    }

    /// Whether `node` holds the acknowledged write at `index`. A compacted entry
    /// is still held (paper §7): the checker's mirror of the node's log kept it,
    /// and it must be the committed one.
    fn holds_acked(&self, node: &Node, index: Index) -> bool {
        match node.log().get(index) {
            Some(e) => entry_hash(e) == self.acked[index as usize],
            None if index <= node.log().snapshot_index() => {
                let want = self.committed.get(index as usize - 1).map(|c| c.1);
                want.is_none() || self.chain_at(node.id(), index) == want
            }
            None => false,
        }
    }

    /// No acknowledged write lost, at the moment of loss: an acknowledged entry
    /// left a log it was committed in (the log changed from `from` on; the node
    /// had committed up to `committed`).
    fn check_acked_kept(&mut self, t: Time, node: &Node, from: Index, committed: Index) {
        let lo = self.acked_at.partition_point(|&(i, _)| i < from);
        let hi = self.acked_at.partition_point(|&(i, _)| i <= committed);
        let lost = self.acked_at[lo..hi.max(lo)]
            .iter()
            .map(|&(i, _)| i)
            .find(|&i| !self.holds_acked(node, i));
        if let Some(index) = lost {
            let id = node.id();
            self.violate(
                t,
                Invariant::NoLostAck,
                vec![id],
                Detail::new(Why::AckRemoved, &[&id, &index]),
            );
        }
    }

    /// No acknowledged write lost, at the moment of loss: a leader of a later
    /// term than the write's was elected without it, and will overwrite it
    /// (Leader Completeness, §5.4, for what clients were told).
    fn check_leader_has_acked(&mut self, t: Time, node: &Node) {
        let (id, term) = (node.id(), node.current_term());
        let missing = self
            .acked_at
            .iter()
            .filter(|&&(_, acked_in)| acked_in < term)
            .map(|&(i, _)| i)
            .find(|&i| !self.holds_acked(node, i));
        if let Some(index) = missing {
            self.violate(
                t,
                Invariant::NoLostAck,
                vec![id],
                Detail::new(Why::LeaderWithoutAck, &[&id, &term, &index]),
            );
        }
    }

    /// Checks what one event did to `node`. `applied` is the range the node just
    /// applied to its state machine. Returns how many new violations were found.
    pub fn after(
        &mut self,
        t: Time,
        node: &mut Node,
        before: Before,
        applied: Option<(Index, Index)>,
        live_leaders: &[(NodeId, Term)],
    ) -> usize {
        let start = self.violations.len();
        let id = node.id();
        if let Some(from) = node.take_log_changes() {
            self.update_mirror(t, node, from);
            if from <= before.commit_index {
                self.check_acked_kept(t, node, from, before.commit_index);
            }
        }
        let (role, term) = (node.role(), node.current_term());

        // Leader Append-Only: a leader never overwrites or deletes its entries.
        if before.role == Role::Leader && role == Role::Leader && before.term == term {
            let last = node.log().last_index();
            if node.log().truncations() != before.truncations || last < before.last_index {
                self.violate(
                    t,
                    Invariant::LeaderAppendOnly,
                    vec![id],
                    Detail::new(Why::LeaderTruncated, &[&id, &term]),
                );
            }
        }

        if role == Role::Leader && (before.role != Role::Leader || before.term != term) {
            self.on_elected(t, id, term);
            self.check_leader_has_acked(t, node);
        }

        if node.commit_index() > before.commit_index {
            self.on_committed(
                t,
                id,
                term,
                before.commit_index + 1,
                node.commit_index(),
                live_leaders,
            );
        }

        if let Some((lo, hi)) = applied {
            for index in lo..=hi {
                if let Some(e) = node.log().get(index) {
                    let h = entry_hash(e);
                    self.on_applied(t, id, index, h);
                }
            }
        }
        self.violations.len() - start
    }

    /// Recomputes the node's chain from `from` and checks Log Matching there.
    /// Entries a node compacts stay in its mirror: they are still held (§7).
    /// When a snapshot replaces entries the mirror lacks, they are committed
    /// ones, filled in from the checker's own record of committed entries.
    fn update_mirror(&mut self, t: Time, node: &Node, from: Index) {
        let id = node.id() as usize;
        let from = from.max(1);
        let snap = node.log().snapshot_index();
        let mut mirror = std::mem::take(&mut self.mirrors[id]);
        let mut start = from as usize - 1;
        // An installed snapshot replaced entries: where the mirror disagrees with
        // the committed record below the snapshot, the record's entries are held.
        let seen = std::mem::replace(&mut self.snap_seen[id], snap) as usize;
        let below = (snap as usize).min(mirror.len()).min(start);
        if let Some(i) = (seen.min(below)..below)
            .find(|&i| self.committed.get(i).is_some_and(|c| *c != mirror[i]))
        {
            start = i;
        }
        mirror.truncate(start);
        while (mirror.len() as Index) < snap {
            let i = mirror.len();
            let e = self.committed.get(i).copied().unwrap_or_else(|| {
                // Never seen committed: a snapshot given at time zero. A stand-in
                // chain, the same on every server given the same snapshot.
                let prev = mirror.last().map_or(0, |&(_, h)| h);
                let term = if i as Index + 1 == snap {
                    node.log().snapshot_term()
                } else {
                    0
                };
                (term, chain(prev, term ^ 0x5eed))
            });
            mirror.push(e);
        }
        let mut prev = mirror.last().map_or(0, |&(_, h)| h);
        for e in node.log().slice_from(from.max(snap + 1), 0) {
            prev = chain(prev, entry_hash(e));
            mirror.push((e.term, prev));
        }
        // Log Matching: same index and term ⇒ same entries up through that index.
        let mut found = Vec::new();
        for (other, om) in self.mirrors.iter().enumerate() {
            if other == id || om.is_empty() {
                continue;
            }
            let hi = mirror.len().min(om.len());
            let first_bad = (start..hi).find(|&i| om[i].0 == mirror[i].0 && om[i].1 != mirror[i].1);
            if let Some(i) = first_bad {
                found.push((other as NodeId, i as Index + 1, mirror[i].0));
            }
        }
        self.mirrors[id] = mirror;
        for (other, index, term) in found {
            self.violate(
                t,
                Invariant::LogMatching,
                vec![id as NodeId, other],
                Detail::new(Why::LogsDiffer, &[&id, &other, &term, &index]),
            );
        }
    }

    fn chain_at(&self, id: NodeId, index: Index) -> Option<u64> {
        let m = self.mirrors.get(id as usize)?;
        m.get((index as usize).checked_sub(1)?).map(|&(_, h)| h)
    }

    fn on_elected(&mut self, t: Time, id: NodeId, term: Term) {
        // Election Safety: at most one leader per term.
        let at = self.leaders.binary_search_by_key(&term, |&(t, _)| t);
        match at.map(|i| self.leaders[i].1) {
            Ok(other) if other != id => self.violate(
                t,
                Invariant::ElectionSafety,
                vec![other, id],
                Detail::new(Why::TwoLeaders, &[&other, &id, &term]),
            ),
            Ok(_) => {}
            Err(i) => self.leaders.insert(i, (term, id)),
        }
        // Leader Completeness: every entry committed in an earlier term is here.
        let needed = self
            .committed_in_term
            .iter()
            .take_while(|&&(t, _)| t < term)
            .map(|&(_, i)| i)
            .max();
        if let Some(index) = needed.filter(|&i| i > 0) {
            let want = self.committed[index as usize - 1].1;
            if self.chain_at(id, index) != Some(want) {
                self.violate(
                    t,
                    Invariant::LeaderCompleteness,
                    vec![id],
                    Detail::new(Why::LeaderWithoutCommitted, &[&id, &term, &index]),
                );
            }
        }
    }

    fn on_committed(
        &mut self,
        t: Time,
        id: NodeId,
        term: Term,
        lo: Index,
        hi: Index,
        live_leaders: &[(NodeId, Term)],
    ) {
        for index in lo..=hi {
            let Some(h) = self.chain_at(id, index) else {
                break; // committed past its log: only under a teaching bug
            };
            // Below a snapshot given at time zero, nothing was seen committed.
            while (self.committed.len() as Index) < index - 1 {
                let i = self.committed.len();
                self.committed.push(self.mirrors[id as usize][i]);
            }
            if (self.committed.len() as Index) == index - 1 {
                let term_at = self.mirrors[id as usize][index as usize - 1].0;
                self.committed.push((term_at, h));
                match self
                    .committed_in_term
                    .binary_search_by_key(&term, |&(t, _)| t)
                {
                    Ok(i) => self.committed_in_term[i].1 = self.committed_in_term[i].1.max(index),
                    Err(i) => self.committed_in_term.insert(i, (term, index)),
                }
                // A leader of a later term must already hold it.
                for &(leader, lterm) in live_leaders {
                    if lterm > term && self.chain_at(leader, index) != Some(h) {
                        self.violate(
                            t,
                            Invariant::LeaderCompleteness,
                            vec![leader, id],
                            Detail::new(
                                Why::LeaderLacksCommitted,
                                &[&index, &term, &leader, &lterm],
                            ),
                        );
                    }
                }
            }
        }
    }

    fn on_applied(&mut self, t: Time, id: NodeId, index: Index, h: u64) {
        let i = index as usize;
        // State Machine Safety: no two servers ever apply different entries at an
        // index. (A gap: entries below a snapshot given at time zero.)
        if self.applied.len() < i {
            self.applied.resize(i, (0, 0));
        }
        match self.applied[i - 1] {
            (0, _) => self.applied[i - 1] = (h, id),
            (first, who) if first != h => self.violate(
                t,
                Invariant::StateMachineSafety,
                vec![who, id],
                Detail::new(Why::AppliedDifferent, &[&id, &index, &who]),
            ),
            _ => {}
        }
        // No acknowledged write lost: whatever is applied at its index is that write.
        if let Some(&ack) = self.acked.get(i) {
            if ack != 0 && ack != h {
                self.violate(
                    t,
                    Invariant::NoLostAck,
                    vec![id],
                    Detail::new(Why::AppliedOverAck, &[&id, &index]),
                );
            }
        }
    }

    /// Approximate heap size, for the history's memory budget.
    pub fn approx_bytes(&self) -> usize {
        self.mirrors.iter().map(|m| m.len() * 16).sum::<usize>()
            + self.committed.len() * 16
            + self.applied.len() * 16
            + self.acked.len() * 8
            + self.acked_at.len() * 16
            + self.leaders.len() * 32
    }
}
