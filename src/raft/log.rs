//! The replicated log (§5.3): entries indexed from 1, each tagged with the term in
//! which a leader created it.

use super::membership::Membership;
use super::{Index, Term};

/// One log entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The term of the leader that created the entry.
    pub term: Term,
    /// The client command (`key=value`), or `None` for a leader's no-op (§8).
    pub cmd: Option<String>,
    /// The client's serial number for the request (§8), so the world can tell a
    /// client whether *its* write was committed. Not part of the protocol.
    pub write_id: Option<u32>,
    /// A configuration entry (thesis §4.1): in effect on a server as soon as it is
    /// in its log, committed or not. `cmd` is then `None`.
    pub config: Option<Membership>,
}

/// What an entry holds, as named in snapshots and on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A client command.
    Write,
    /// A new leader's no-op (§8).
    Noop,
    /// A configuration (thesis §4.1, paper §6).
    Config,
}

impl EntryKind {
    /// `write`, `noop` or `config`.
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::Write => "write",
            EntryKind::Noop => "noop",
            EntryKind::Config => "config",
        }
    }
}

impl Entry {
    /// A no-op entry, appended by a new leader to commit earlier entries (§8).
    pub fn noop(term: Term) -> Entry {
        Entry {
            term,
            cmd: None,
            write_id: None,
            config: None,
        }
    }

    /// A configuration entry of `term`.
    pub fn config(term: Term, membership: Membership) -> Entry {
        Entry {
            config: Some(membership),
            ..Entry::noop(term)
        }
    }

    /// Write, no-op or configuration.
    pub fn kind(&self) -> EntryKind {
        if self.config.is_some() {
            EntryKind::Config
        } else if self.cmd.is_some() {
            EntryKind::Write
        } else {
            EntryKind::Noop
        }
    }
}

/// The log of one server: the entries after its snapshot (paper §7). Index
/// `snapshot_index` is the last one the snapshot replaced; its term is kept so the
/// AppendEntries consistency check still works at the boundary. Mutations go
/// through `append`, `truncate_from`, `compact` and `install` only, so that the
/// world's invariant checker can see exactly what changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Log {
    entries: Vec<Entry>,
    /// The last index covered by the snapshot (0: none).
    snapshot_index: Index,
    /// The term of the entry at `snapshot_index`.
    snapshot_term: Term,
    /// Lowest index changed since the checker last looked (`u64::MAX`: none).
    dirty_from: Index,
    /// How many times entries were removed: only followers may ever do this.
    truncations: u64,
}

impl Log {
    /// A log holding `entries` at indices 1, 2, ….
    pub fn from_entries(entries: Vec<Entry>) -> Log {
        Log::after_snapshot(0, 0, entries)
    }

    /// A log whose snapshot covers 1..=`index` (last term `term`), then `entries`.
    pub fn after_snapshot(index: Index, term: Term, entries: Vec<Entry>) -> Log {
        Log {
            entries,
            snapshot_index: index,
            snapshot_term: term,
            dirty_from: index + 1,
            truncations: 0,
        }
    }

    /// The last index the snapshot covers (0: no snapshot).
    pub fn snapshot_index(&self) -> Index {
        self.snapshot_index
    }

    /// The term of the last entry the snapshot covers.
    pub fn snapshot_term(&self) -> Term {
        self.snapshot_term
    }

    /// Index of the first entry still in the log.
    pub fn first_index(&self) -> Index {
        self.snapshot_index + 1
    }

    /// Index of the last entry (0 for an empty log), counting the snapshot.
    pub fn last_index(&self) -> Index {
        self.snapshot_index + self.entries.len() as Index
    }

    /// Term of the last entry (0 for an empty log).
    pub fn last_term(&self) -> Term {
        self.entries.last().map_or(self.snapshot_term, |e| e.term)
    }

    /// The entry at `index`, if present in the log (not compacted, not past the end).
    pub fn get(&self, index: Index) -> Option<&Entry> {
        if index <= self.snapshot_index {
            return None;
        }
        self.entries.get((index - self.snapshot_index - 1) as usize)
    }

    /// The term at `index`: the snapshot's last term at `snapshot_index` (0 for
    /// index 0), `None` past the end or inside the snapshot, where it is forgotten.
    pub fn term_at(&self, index: Index) -> Option<Term> {
        if index == self.snapshot_index {
            Some(self.snapshot_term)
        } else {
            self.get(index).map(|e| e.term)
        }
    }

    /// The entries after the snapshot, first index first.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Up to `max` entries starting at `from` (`max == 0`: no limit); empty if
    /// `from` is inside the snapshot.
    pub fn slice_from(&self, from: Index, max: usize) -> &[Entry] {
        if from <= self.snapshot_index {
            return &[];
        }
        let start = (from - self.snapshot_index - 1) as usize;
        if start >= self.entries.len() {
            return &[];
        }
        let end = if max == 0 {
            self.entries.len()
        } else {
            (start + max).min(self.entries.len())
        };
        &self.entries[start..end]
    }

    /// Appends one entry at `last_index() + 1`.
    pub fn append(&mut self, entry: Entry) {
        self.dirty_from = self.dirty_from.min(self.last_index() + 1);
        self.entries.push(entry);
    }

    /// Deletes the entry at `index` and all that follow it (§5.3, receiver step 3).
    /// Entries inside the snapshot are committed and never deleted.
    pub fn truncate_from(&mut self, index: Index) {
        if index <= self.snapshot_index || index > self.last_index() {
            return;
        }
        self.entries
            .truncate((index - self.snapshot_index - 1) as usize);
        self.dirty_from = self.dirty_from.min(index);
        self.truncations += 1;
    }

    /// Log compaction (§7): the snapshot now covers 1..=`index`, and the entries
    /// up to it leave the log. Nothing changes meaning, so nothing is dirty.
    pub fn compact(&mut self, index: Index) {
        let Some(term) = self.term_at(index) else {
            return;
        };
        if index <= self.snapshot_index {
            return;
        }
        self.entries.drain(..(index - self.snapshot_index) as usize);
        self.snapshot_index = index;
        self.snapshot_term = term;
    }

    /// InstallSnapshot receiver (Figure 13, steps 6–7): if an entry matches the
    /// snapshot's last index and term, keep the entries that follow it; otherwise
    /// discard the whole log.
    pub fn install(&mut self, index: Index, term: Term) {
        if self.term_at(index) == Some(term) && index >= self.snapshot_index {
            self.compact(index);
            return;
        }
        if !self.entries.is_empty() && self.last_index() > index.min(self.last_index()) {
            self.truncations += 1;
        }
        self.entries.clear();
        self.snapshot_index = index;
        self.snapshot_term = term;
        self.dirty_from = self.dirty_from.min(index + 1);
    }

    /// §5.4.1: is a log ending in (`last_term`, `last_index`) at least as up-to-date
    /// as this one? Later last term wins; with equal terms, the longer log wins.
    pub fn is_up_to_date(&self, last_term: Term, last_index: Index) -> bool {
        last_term > self.last_term()
            || (last_term == self.last_term() && last_index >= self.last_index())
    }

    /// The first index holding `term`, scanning back from `index` (fast backtracking);
    /// at most the first index after the snapshot.
    pub fn first_index_of_term_before(&self, index: Index) -> Index {
        let Some(term) = self.term_at(index) else {
            return self.last_index() + 1;
        };
        let mut i = index;
        while i > self.first_index() && self.term_at(i - 1) == Some(term) {
            i -= 1;
        }
        i
    }

    /// The last index whose entry has `term`, if any (fast backtracking, leader side).
    pub fn last_index_of_term(&self, term: Term) -> Option<Index> {
        match self.entries.iter().rposition(|e| e.term == term) {
            Some(p) => Some(self.snapshot_index + p as Index + 1),
            None => (self.snapshot_index > 0 && self.snapshot_term == term)
                .then_some(self.snapshot_index),
        }
    }

    /// For the checker: the lowest index changed since the last call, if any.
    pub fn take_dirty_from(&mut self) -> Option<Index> {
        let d = std::mem::replace(&mut self.dirty_from, Index::MAX);
        (d != Index::MAX).then_some(d)
    }

    /// For the checker: how many truncations this log has ever seen.
    pub fn truncations(&self) -> u64 {
        self.truncations
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log_of(terms: &[Term]) -> Log {
        Log::from_entries(terms.iter().map(|&t| Entry::noop(t)).collect())
    }

    #[test]
    fn up_to_date_compares_last_term_then_length_5_4_1() {
        let log = log_of(&[1, 1, 2]);
        assert!(log.is_up_to_date(3, 1), "later last term wins");
        assert!(!log.is_up_to_date(1, 9), "earlier last term loses");
        assert!(log.is_up_to_date(2, 3), "same term and length");
        assert!(!log.is_up_to_date(2, 2), "same term, shorter loses");
    }

    #[test]
    fn truncate_counts_and_marks_dirty() {
        let mut log = log_of(&[1, 1, 2]);
        log.take_dirty_from();
        log.truncate_from(2);
        assert_eq!(log.last_index(), 1);
        assert_eq!(log.truncations(), 1);
        assert_eq!(log.take_dirty_from(), Some(2));
        assert_eq!(log.take_dirty_from(), None);
        log.truncate_from(5); // past the end: nothing to delete
        assert_eq!(log.truncations(), 1);
    }

    #[test]
    fn term_lookups_for_backtracking() {
        let log = log_of(&[1, 1, 1, 4, 4, 5, 5, 6, 6, 6]);
        assert_eq!(log.first_index_of_term_before(9), 8);
        assert_eq!(log.first_index_of_term_before(3), 1);
        assert_eq!(log.first_index_of_term_before(20), 11);
        assert_eq!(log.last_index_of_term(4), Some(5));
        assert_eq!(log.last_index_of_term(2), None);
        assert_eq!(log.slice_from(9, 0).len(), 2);
        assert_eq!(log.slice_from(2, 3).len(), 3);
        assert_eq!(log.slice_from(11, 3).len(), 0);
    }

    #[test]
    fn compaction_keeps_indices_and_the_boundary_term_7() {
        let mut log = log_of(&[1, 1, 2, 3, 3]);
        log.compact(3);
        assert_eq!((log.first_index(), log.last_index()), (4, 5));
        assert_eq!(log.term_at(3), Some(2), "boundary term kept for the check");
        assert_eq!(log.term_at(2), None, "compacted");
        assert_eq!(log.get(4).map(|e| e.term), Some(3));
        assert_eq!(log.slice_from(2, 0).len(), 0);
        assert_eq!(log.slice_from(4, 0).len(), 2);
        assert_eq!(log.last_index_of_term(2), Some(3));
        log.truncate_from(2); // inside the snapshot: never
        assert_eq!(log.last_index(), 5);
    }

    #[test]
    fn install_keeps_a_matching_suffix_or_discards_all_figure_13() {
        let mut log = log_of(&[1, 1, 2, 3, 3]);
        log.install(3, 2);
        assert_eq!((log.snapshot_index(), log.last_index()), (3, 5));
        let mut other = log_of(&[1, 1, 2, 3, 3]);
        other.install(4, 4);
        assert_eq!((other.snapshot_index(), other.last_index()), (4, 4));
        assert_eq!(other.last_term(), 4);
        assert_eq!(other.truncations(), 1);
    }
}
