//! The actors of this process by the counter of their id.
//!
//! Counters count up, and most actors are started and stopped in waves: a window of the
//! recent counters, one slot each, takes a start as an append and a lookup as an index,
//! where a search tree compared ~50 keys per start. Actors that outlive many younger ones
//! move to a tree, so that the window stays at least half full.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Weak;

use crate::actor::ActorControl;

/// The window is not compacted below this many slots: a few holes cost less than moving.
const MIN_COMPACTED: usize = 64;

/// Entries by counter; see the module doc.
#[derive(Default)]
pub(super) struct ById {
    /// The counter of `recent[0]`.
    first: u64,
    /// The actors whose counters are `first..first + recent.len()`; `None` for a counter
    /// whose actor is gone, or was never registered (its start failed).
    recent: VecDeque<Option<Weak<dyn ActorControl>>>,
    /// How many slots of `recent` hold an actor.
    live_recent: usize,
    /// Actors with counters below `first` (always: the window starts above them).
    old: BTreeMap<u64, Weak<dyn ActorControl>>,
}

impl ById {
    /// Adds the actor with counter `counter`, which no entry has.
    pub(super) fn insert(&mut self, counter: u64, actor: Weak<dyn ActorControl>) {
        if self.recent.is_empty() {
            // The window starts anew, above every counter in `old`.
            let above_old = self.old.last_key_value().map_or(0, |(last, _)| last + 1);
            self.first = counter.max(above_old);
        }
        let Some(index) = self.index(counter) else {
            // Registered after younger actors left the window's front.
            self.old.insert(counter, actor);
            return;
        };
        if index >= self.recent.len() {
            self.recent.resize(index + 1, None);
        }
        if self.recent[index].replace(actor).is_none() {
            self.live_recent += 1;
        }
    }

    /// Removes the actor with counter `counter`; false if it had no entry.
    pub(super) fn remove(&mut self, counter: u64) -> bool {
        let slot = self
            .index(counter)
            .and_then(|index| self.recent.get_mut(index));
        match slot {
            Some(slot) => {
                let removed = slot.take().is_some();
                if removed {
                    self.live_recent -= 1;
                }
                self.compact();
                removed
            }
            None => self.old.remove(&counter).is_some(),
        }
    }

    /// The entry of the actor with counter `counter`.
    pub(super) fn get(&self, counter: u64) -> Option<&Weak<dyn ActorControl>> {
        match self.index(counter) {
            Some(index) => self.recent.get(index)?.as_ref(),
            None => self.old.get(&counter),
        }
    }

    /// Every entry, by counter.
    pub(super) fn values(&self) -> impl Iterator<Item = &Weak<dyn ActorControl>> {
        self.old.values().chain(self.recent.iter().flatten())
    }

    /// Where `counter` is in `recent`, if it is not below it.
    fn index(&self, counter: u64) -> Option<usize> {
        let offset = counter.checked_sub(self.first)?;
        usize::try_from(offset).ok()
    }

    /// Drops the empty slots at the front, and moves the oldest actors to `old` while
    /// fewer than half of the slots hold one.
    fn compact(&mut self) {
        loop {
            match self.recent.front() {
                Some(None) => {}
                Some(Some(_))
                    if self.recent.len() > MIN_COMPACTED
                        && self.live_recent * 2 < self.recent.len() =>
                {
                    if let Some(Some(actor)) = self.recent.front_mut().map(Option::take) {
                        self.old.insert(self.first, actor);
                        self.live_recent -= 1;
                    }
                }
                _ => return,
            }
            self.recent.pop_front();
            self.first += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::any::Any;
    use std::sync::{Arc, Weak};

    use super::{ById, MIN_COMPACTED};
    use crate::actor::{ActorControl, ActorId, Stranded};
    use crate::error::{DeathCause, Error};
    use crate::records::{ActorInfo, Brief, Wanted};

    /// A type to point `Weak`s at: the index only stores entries and hands them back.
    struct Nobody;

    impl Stranded for Nobody {
        fn counter(&self) -> u64 {
            unreachable!("the index never looks into its entries")
        }
        fn home_runtime(&self) -> tokio::runtime::Id {
            unreachable!("the index never looks into its entries")
        }
        fn has_queued_calls(&self) -> bool {
            unreachable!("the index never looks into its entries")
        }
        fn run_queued_calls_here(&self, _: u32) -> u32 {
            unreachable!("the index never looks into its entries")
        }
    }

    impl ActorControl for Nobody {
        fn id(&self) -> ActorId {
            unreachable!("the index never looks into its entries")
        }
        fn info(&self) -> ActorInfo {
            unreachable!("the index never looks into its entries")
        }
        fn brief(&self, _: Wanted) -> Brief<'_> {
            unreachable!("the index never looks into its entries")
        }
        fn kill(&self, _: DeathCause) -> bool {
            unreachable!("the index never looks into its entries")
        }
        fn terminate(&self) {
            unreachable!("the index never looks into its entries")
        }
        fn request_exit(&self) {
            unreachable!("the index never looks into its entries")
        }
        fn running_call_cancelled(&self) -> bool {
            unreachable!("the index never looks into its entries")
        }
        fn unanswered_error(&self) -> Error {
            unreachable!("the index never looks into its entries")
        }
        fn as_any(self: Arc<Self>) -> Arc<dyn Any + Send + Sync> {
            self
        }

        fn call_cell(&self) -> Option<crate::wire::CallCell> {
            None
        }

        fn tell_cell(&self) -> Option<crate::wire::TellCell> {
            None
        }

        fn death_notice(&self) -> Arc<crate::slot::Slot<DeathCause>> {
            unreachable!("the index never looks into its entries")
        }
    }

    fn entry() -> Weak<dyn ActorControl> {
        Weak::<Nobody>::new()
    }

    fn counters(by_id: &ById) -> Vec<u64> {
        let mut found = Vec::new();
        for counter in 0..1_000 {
            if by_id.get(counter).is_some() {
                found.push(counter);
            }
        }
        found
    }

    #[test]
    fn entries_are_found_by_counter_in_and_out_of_order() {
        let mut by_id = ById::default();
        for counter in [10, 12, 11, 15] {
            by_id.insert(counter, entry());
        }
        // Registered late, below the window's start.
        by_id.insert(3, entry());
        assert_eq!(counters(&by_id), [3, 10, 11, 12, 15]);
        assert_eq!(by_id.values().count(), 5);
        assert!(by_id.remove(10));
        assert!(by_id.remove(3));
        assert!(!by_id.remove(99));
        assert!(!by_id.remove(10));
        assert_eq!(counters(&by_id), [11, 12, 15]);
    }

    #[test]
    fn a_long_lived_actor_leaves_the_window_so_that_it_shrinks() {
        let mut by_id = ById::default();
        by_id.insert(0, entry());
        for counter in 1..500 {
            by_id.insert(counter, entry());
            by_id.remove(counter);
        }
        assert_eq!(counters(&by_id), [0]);
        assert!(
            by_id.recent.len() <= MIN_COMPACTED,
            "{}",
            by_id.recent.len()
        );
        by_id.remove(0);
        assert!(counters(&by_id).is_empty());
        assert_eq!(by_id.values().count(), 0);
    }

    #[test]
    fn a_window_started_anew_stays_above_the_old_actors() {
        let mut by_id = ById::default();
        by_id.insert(100, entry());
        for counter in 101..300 {
            by_id.insert(counter, entry());
            by_id.remove(counter);
        }
        assert!(by_id.recent.is_empty(), "100 moved to the tree");
        // A start that registers late, below the old actor, while the window is empty.
        by_id.insert(50, entry());
        by_id.insert(400, entry());
        assert_eq!(counters(&by_id), [50, 100, 400]);
        for counter in [100, 50, 400] {
            by_id.remove(counter);
        }
        assert!(counters(&by_id).is_empty());
    }
}
