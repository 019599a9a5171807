//! The synchronization primitives of the result slot and the mailbox, so that the loom model
//! checks (`RUSTFLAGS="--cfg loom" cargo test -p actor-core --release --lib loom`) can swap
//! in loom's versions: `std`'s, `parking_lot`'s and `futures`' normally, loom's under
//! `cfg(all(test, loom))`.
//!
//! `Arc` is not swapped: the slots are shared with code that needs `std`'s (unsized coercion
//! to `Arc<dyn ErasedSlot>`, `Weak`), and the reference count is not the protocol under test.

#[cfg(not(all(test, loom)))]
pub(crate) use futures::task::AtomicWaker;
#[cfg(not(all(test, loom)))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering, fence};
// parking_lot's lock, not std's: under contention (many callers telling one actor) it
// spins briefly instead of parking the thread, and its unlock wakes nobody with a system
// call; it has no poisoning, which these locks never needed (no user code runs under them).
#[cfg(not(all(test, loom)))]
pub(crate) use parking_lot::Mutex;

#[cfg(all(test, loom))]
use loom::sync::MutexGuard;
#[cfg(all(test, loom))]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering, fence};

/// loom's `Mutex` with the signature of parking_lot's (`lock` hands the guard back).
#[cfg(all(test, loom))]
pub(crate) struct Mutex<T>(loom::sync::Mutex<T>);

#[cfg(all(test, loom))]
impl<T> Mutex<T> {
    pub(crate) fn new(value: T) -> Self {
        Self(loom::sync::Mutex::new(value))
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
        self.0.lock().expect("no code panics under these locks")
    }
}

/// loom's `AtomicWaker` with the signature of `futures`' (`register` takes a reference).
#[cfg(all(test, loom))]
pub(crate) struct AtomicWaker(loom::future::AtomicWaker);

#[cfg(all(test, loom))]
impl AtomicWaker {
    pub(crate) fn new() -> Self {
        Self(loom::future::AtomicWaker::new())
    }

    pub(crate) fn register(&self, waker: &std::task::Waker) {
        self.0.register_by_ref(waker);
    }

    pub(crate) fn wake(&self) {
        self.0.wake();
    }
}
