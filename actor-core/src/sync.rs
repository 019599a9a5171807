//! The synchronization primitives of the result slot and the mailbox, so that the loom model
//! checks (`RUSTFLAGS="--cfg loom" cargo test -p actor-core --release --lib loom`) can swap
//! in loom's versions: `std`'s and `futures`' normally, loom's under `cfg(all(test, loom))`.
//!
//! `Arc` is not swapped: the slots are shared with code that needs `std`'s (unsized coercion
//! to `Arc<dyn ErasedSlot>`, `Weak`), and the reference count is not the protocol under test.

#[cfg(not(all(test, loom)))]
pub(crate) use futures::task::AtomicWaker;
#[cfg(not(all(test, loom)))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering, fence};
#[cfg(not(all(test, loom)))]
pub(crate) use std::sync::{Mutex, MutexGuard};

#[cfg(all(test, loom))]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering, fence};
#[cfg(all(test, loom))]
pub(crate) use loom::sync::{Mutex, MutexGuard};

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
