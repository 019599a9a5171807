//! The calls an isolated actor's loop sent and has not settled yet, by their number.
//!
//! Calls are numbered in the order they are sent and mostly settle in that order, so they
//! wait in a queue, oldest first, with a gap where one settled out of order: adding and
//! removing a call costs no allocation and no tree walk (a `BTreeMap` here cost a tenth of
//! the loop's time with 1,000 calls in flight).

use std::collections::VecDeque;

/// Values numbered in increasing order, oldest first.
pub(super) struct Numbered<T> {
    /// The number of the first entry.
    first: u64,
    /// `None` where a value was removed before those ahead of it.
    entries: VecDeque<Option<T>>,
}

impl<T> Default for Numbered<T> {
    fn default() -> Self {
        Self {
            first: 0,
            entries: VecDeque::new(),
        }
    }
}

impl<T> Numbered<T> {
    /// Adds `value` as number `number`, which is above every number added before.
    pub(super) fn insert(&mut self, number: u64, value: T) {
        if self.entries.is_empty() {
            self.first = number;
        }
        let index = self.index(number).unwrap_or(self.entries.len());
        while self.entries.len() < index {
            self.entries.push_back(None);
        }
        self.entries.push_back(Some(value));
    }

    /// The value numbered `number`, if it is here.
    pub(super) fn get_mut(&mut self, number: u64) -> Option<&mut T> {
        let index = self.index(number)?;
        self.entries.get_mut(index)?.as_mut()
    }

    /// Takes the value numbered `number` out, if it is here.
    pub(super) fn remove(&mut self, number: u64) -> Option<T> {
        let index = self.index(number)?;
        let value = self.entries.get_mut(index)?.take();
        self.trim();
        value
    }

    /// The values with their numbers, oldest first.
    pub(super) fn iter(&self) -> impl DoubleEndedIterator<Item = (u64, &T)> {
        let first = self.first;
        self.entries
            .iter()
            .enumerate()
            .filter_map(move |(index, entry)| Some((first + index as u64, entry.as_ref()?)))
    }

    /// The values, oldest first.
    pub(super) fn values_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.entries.iter_mut().flatten()
    }

    /// Keeps only the values that `keep` says to keep.
    pub(super) fn retain(&mut self, mut keep: impl FnMut(&mut T) -> bool) {
        for entry in &mut self.entries {
            if entry.as_mut().is_some_and(|value| !keep(value)) {
                *entry = None;
            }
        }
        self.trim();
    }

    /// Takes every value out, oldest first.
    pub(super) fn take_all(&mut self) -> impl Iterator<Item = T> {
        std::mem::take(&mut self.entries).into_iter().flatten()
    }

    /// Where `number` is in `entries`, if it is not below the first.
    fn index(&self, number: u64) -> Option<usize> {
        usize::try_from(number.checked_sub(self.first)?).ok()
    }

    /// Drops the gaps at the head.
    fn trim(&mut self) {
        while let Some(None) = self.entries.front() {
            self.entries.pop_front();
            self.first += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Numbered;

    #[test]
    fn values_come_back_by_number_in_order_with_gaps() {
        let mut calls = Numbered::default();
        calls.insert(3, "c");
        calls.insert(4, "d");
        calls.insert(6, "f");
        assert_eq!(calls.remove(4), Some("d"));
        assert_eq!(calls.remove(4), None);
        assert_eq!(calls.get_mut(6).copied(), Some("f"));
        assert_eq!(calls.get_mut(5), None);
        assert_eq!(calls.get_mut(2), None);
        assert_eq!(calls.iter().collect::<Vec<_>>(), [(3, &"c"), (6, &"f")]);
        assert_eq!(
            calls.iter().rev().map(|(n, _)| n).collect::<Vec<_>>(),
            [6, 3]
        );
        assert_eq!(calls.remove(3), Some("c"));
        calls.insert(7, "g");
        calls.retain(|value| *value != "f");
        assert_eq!(calls.iter().collect::<Vec<_>>(), [(7, &"g")]);
        assert_eq!(calls.take_all().collect::<Vec<_>>(), ["g"]);
        calls.insert(9, "i");
        assert_eq!(calls.iter().collect::<Vec<_>>(), [(9, &"i")]);
    }
}
