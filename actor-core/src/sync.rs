//! The synchronization primitives of the result slot and the mailbox, so that the loom model
//! checks (`RUSTFLAGS="--cfg loom" cargo test -p actor-core --release --lib loom`) can swap
//! in loom's versions: `std`'s and `futures`' normally, loom's under `cfg(all(test, loom))`.
//!
//! `Arc` is not swapped: the slots are shared with code that needs `std`'s (unsized coercion
//! to `Arc<dyn ErasedSlot>`, `Weak`), and the reference count is not the protocol under test.

#[cfg(not(all(test, loom)))]
pub(crate) use crossbeam_queue::SegQueue as Queue;
#[cfg(not(all(test, loom)))]
pub(crate) use futures::task::AtomicWaker;
#[cfg(not(all(test, loom)))]
pub(crate) use std::sync::atomic::{AtomicBool, AtomicU8, Ordering, fence};
#[cfg(not(all(test, loom)))]
pub(crate) use std::sync::{Mutex, MutexGuard};

#[cfg(all(test, loom))]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicU8, Ordering, fence};
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

/// A stand-in for the lock-free queue under loom, which cannot see inside crossbeam: the
/// model checks the mailbox protocol around the queue, not the queue itself.
#[cfg(all(test, loom))]
pub(crate) struct Queue<T>(loom::sync::Mutex<std::collections::VecDeque<T>>);

#[cfg(all(test, loom))]
impl<T> Queue<T> {
    pub(crate) fn new() -> Self {
        Self(loom::sync::Mutex::new(std::collections::VecDeque::new()))
    }

    pub(crate) fn push(&self, value: T) {
        self.0.lock().expect("loom mutex").push_back(value);
    }

    pub(crate) fn pop(&self) -> Option<T> {
        self.0.lock().expect("loom mutex").pop_front()
    }

    pub(crate) fn len(&self) -> usize {
        self.0.lock().expect("loom mutex").len()
    }
}
