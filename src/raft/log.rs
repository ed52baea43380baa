//! The replicated log (§5.3): entries indexed from 1, each tagged with the term in
//! which a leader created it.

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
}

impl Entry {
    /// A no-op entry, appended by a new leader to commit earlier entries (§8).
    pub fn noop(term: Term) -> Entry {
        Entry {
            term,
            cmd: None,
            write_id: None,
        }
    }
}

/// The log of one server. Mutations go through `append` and `truncate_from` only,
/// so that the world's invariant checker can see exactly what changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Log {
    entries: Vec<Entry>,
    /// Lowest index changed since the checker last looked (`u64::MAX`: none).
    dirty_from: Index,
    /// How many times entries were removed: only followers may ever do this.
    truncations: u64,
}

impl Log {
    /// A log holding `entries` at indices 1, 2, ….
    pub fn from_entries(entries: Vec<Entry>) -> Log {
        Log {
            entries,
            dirty_from: 1,
            truncations: 0,
        }
    }

    /// Index of the last entry (0 for an empty log).
    pub fn last_index(&self) -> Index {
        self.entries.len() as Index
    }

    /// Term of the last entry (0 for an empty log).
    pub fn last_term(&self) -> Term {
        self.entries.last().map_or(0, |e| e.term)
    }

    /// The entry at `index`, if present (indices start at 1).
    pub fn get(&self, index: Index) -> Option<&Entry> {
        if index == 0 {
            return None;
        }
        self.entries.get((index - 1) as usize)
    }

    /// The term at `index`: 0 for index 0 (the empty prefix), `None` past the end.
    pub fn term_at(&self, index: Index) -> Option<Term> {
        if index == 0 {
            Some(0)
        } else {
            self.get(index).map(|e| e.term)
        }
    }

    /// All entries, index 1 first.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Up to `max` entries starting at `from` (`max == 0`: no limit).
    pub fn slice_from(&self, from: Index, max: usize) -> &[Entry] {
        let start = (from.max(1) - 1) as usize;
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
    pub fn truncate_from(&mut self, index: Index) {
        if index == 0 || index > self.last_index() {
            return;
        }
        self.entries.truncate((index - 1) as usize);
        self.dirty_from = self.dirty_from.min(index);
        self.truncations += 1;
    }

    /// §5.4.1: is a log ending in (`last_term`, `last_index`) at least as up-to-date
    /// as this one? Later last term wins; with equal terms, the longer log wins.
    pub fn is_up_to_date(&self, last_term: Term, last_index: Index) -> bool {
        last_term > self.last_term()
            || (last_term == self.last_term() && last_index >= self.last_index())
    }

    /// The first index holding `term`, scanning back from `index` (fast backtracking).
    pub fn first_index_of_term_before(&self, index: Index) -> Index {
        let Some(term) = self.term_at(index) else {
            return self.last_index() + 1;
        };
        let mut i = index;
        while i > 1 && self.term_at(i - 1) == Some(term) {
            i -= 1;
        }
        i
    }

    /// The last index whose entry has `term`, if any (fast backtracking, leader side).
    pub fn last_index_of_term(&self, term: Term) -> Option<Index> {
        self.entries
            .iter()
            .rposition(|e| e.term == term)
            .map(|p| p as Index + 1)
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
}
