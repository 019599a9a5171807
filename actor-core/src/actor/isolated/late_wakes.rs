//! The callers whose results an isolated actor's loop settled from the replies of one read,
//! woken together once the loop has nothing more to read.
//!
//! A caller woken at once ran on the loop's CPU as soon as its result was in, took it, found
//! the next result not settled yet and slept again, once for every few replies: with 1,000
//! calls in flight its thread woke about 10,000 times in 220,000 calls, and pushed the loop
//! off the CPU half as often. Woken after the batch, it finds every result of the batch in.

use std::sync::Arc;

use crate::slot::ErasedSlot;

/// At most this many consumers wait for their wake: the loop may go on reading for long
/// while a worker answers faster than the loop reads.
const HELD_AT_MOST: usize = 256;

/// Settled results whose consumers are not woken yet; wakes them when dropped.
#[derive(Default)]
pub(super) struct LateWakes(Vec<Arc<dyn ErasedSlot>>);

impl LateWakes {
    /// Remembers to wake the consumer of `slot`, whose result was stored without a wake;
    /// wakes every consumer remembered once [`HELD_AT_MOST`] are.
    pub(super) fn push(&mut self, slot: Arc<dyn ErasedSlot>) {
        self.0.push(slot);
        if self.0.len() >= HELD_AT_MOST {
            self.wake_all();
        }
    }

    /// Whether no consumer waits to be woken.
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Wakes every consumer remembered.
    pub(super) fn wake_all(&mut self) {
        for slot in self.0.drain(..) {
            slot.wake_consumer();
        }
    }
}

impl Drop for LateWakes {
    fn drop(&mut self) {
        self.wake_all();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::{Context, Wake, Waker};

    use super::*;
    use crate::slot::Slot;

    /// Counts its wakes.
    #[derive(Default)]
    struct Count(AtomicUsize);

    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    /// A slot whose consumer waits with `waker`, answered without a wake.
    fn answered_quietly(waker: &Waker) -> Arc<Slot<u32>> {
        let slot = Slot::new();
        assert!(
            slot.poll_complete(&mut Context::from_waker(waker))
                .is_pending()
        );
        assert!(slot.answer(7, false));
        slot
    }

    #[test]
    fn consumers_are_woken_by_wake_all_or_at_the_drop_never_before() {
        let count = Arc::new(Count::default());
        let waker = Waker::from(count.clone());
        let mut wakes = LateWakes::default();
        wakes.push(answered_quietly(&waker));
        wakes.push(answered_quietly(&waker));
        assert_eq!(count.0.load(Ordering::SeqCst), 0, "woken before wake_all");
        wakes.wake_all();
        assert_eq!(count.0.load(Ordering::SeqCst), 2);
        assert!(wakes.is_empty());
        wakes.push(answered_quietly(&waker));
        drop(wakes);
        assert_eq!(count.0.load(Ordering::SeqCst), 3, "the drop wakes the rest");
    }

    #[test]
    fn at_most_held_at_most_consumers_wait() {
        let count = Arc::new(Count::default());
        let waker = Waker::from(count.clone());
        let mut wakes = LateWakes::default();
        for _ in 0..HELD_AT_MOST - 1 {
            wakes.push(answered_quietly(&waker));
        }
        assert_eq!(count.0.load(Ordering::SeqCst), 0);
        wakes.push(answered_quietly(&waker));
        assert_eq!(count.0.load(Ordering::SeqCst), HELD_AT_MOST);
        assert!(wakes.is_empty());
    }
}
