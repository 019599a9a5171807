//! The one-shot cell a result travels through, from the actor (or task) to its `ObjectRef`.
//!
//! Unlike a channel, any party holding the slot may complete it, and the first completion
//! wins: the actor completes it with the method's value, while `kill`, `cancel`, a timeout, a
//! panic or a shutdown may complete it with an error first. That is how every `ObjectRef`
//! resolves even while the thread running its method is blocked. The producer can watch for
//! such an early completion (`poll_completed_elsewhere`) to stop work nobody waits for.

use std::any::Any;
use std::sync::{Arc, OnceLock, Weak};
use std::task::{Context, Poll};
use std::time::Duration;

use crate::error::Error;
use crate::pending::PendingGuard;
use crate::sync::{AtomicBool, AtomicWaker, Mutex, Ordering, fence};
use crate::timer::{self, Deadline, Expire};

/// The error is boxed so that a slot stays small: one is allocated per call.
enum State<T> {
    /// No result yet; what the call holds until it settles.
    Empty(Held),
    Ready(Result<T, Box<Error>>),
    Taken,
}

/// What a call holds while it is not settled, let go the moment its result is stored (by
/// its answer, a cancel, a timeout or a kill), even while the call still waits in a
/// mailbox: its place among its handle's `max_pending_calls`, and its timeout.
#[derive(Default)]
struct Held {
    #[expect(dead_code, reason = "held for its drop, which frees the call's place")]
    pending: Option<PendingGuard>,
    deadline: Option<Deadline>,
}

/// A single-assignment result cell shared by the producer and the `ObjectRef`.
pub(crate) struct Slot<T> {
    state: Mutex<State<T>>,
    /// Set once a result is stored; read without the lock.
    completed: AtomicBool,
    /// The consumer (`ObjectRef`) waiting for the result.
    waker: AtomicWaker,
    /// The producer (a running async method) watching for an early completion.
    producer: AtomicWaker,
    /// Told when the slot fails, for a wait on many slots at once (`get_async`).
    failure_watch: OnceLock<Arc<FailureWatch>>,
}

/// Shared by the slots of one wait on many results (`get_async`), which awaits them in
/// order: a slot that fails raises the flag and wakes the waiter, so that it fails fast
/// without a waker per slot.
pub(crate) struct FailureWatch {
    failed: AtomicBool,
    waker: AtomicWaker,
}

impl FailureWatch {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self {
            failed: AtomicBool::new(false),
            waker: AtomicWaker::new(),
        })
    }

    /// Registers the waiter's waker; returns whether a slot failed since the last call.
    pub(crate) fn poll_failed(&self, cx: &Context<'_>) -> bool {
        self.waker.register(cx.waker());
        self.failed.swap(false, Ordering::AcqRel)
    }
}

impl<T> Slot<T> {
    /// A new, empty slot.
    pub(crate) fn new() -> Arc<Self> {
        Self::holding(None)
    }

    /// A new, empty slot that holds `pending` until it settles.
    pub(crate) fn holding(pending: Option<PendingGuard>) -> Arc<Self> {
        Arc::new(Self {
            state: Mutex::new(State::Empty(Held {
                pending,
                deadline: None,
            })),
            completed: AtomicBool::new(false),
            waker: AtomicWaker::new(),
            producer: AtomicWaker::new(),
            failure_watch: OnceLock::new(),
        })
    }

    /// Tells `watch` when this slot fails. A failure stored before this call is not told:
    /// the waiter looks at every slot once after watching them all.
    pub(crate) fn watch_failure(&self, watch: &Arc<FailureWatch>) {
        let _ = self.failure_watch.set(watch.clone());
        // Pairs with the fence in `complete`: either the failure sees the watch, or the
        // waiter's look after this sees the failure.
        fence(Ordering::SeqCst);
    }

    /// Stores `result` unless the slot was already completed; returns whether it was stored.
    pub(crate) fn complete(&self, result: Result<T, Error>) -> bool {
        let failed = result.is_err();
        if !self.store(result) {
            return false;
        }
        self.waker.wake();
        self.producer.wake();
        if failed {
            fence(Ordering::SeqCst);
            if let Some(watch) = self.failure_watch.get() {
                watch.failed.store(true, Ordering::Release);
                watch.waker.wake();
            }
        }
        true
    }

    /// For the producer: stores its `value` unless the slot was already completed. Wakes the
    /// consumer only if it may be waiting (a caller that runs the call itself is not), and
    /// never the producer, which is the one answering: each wake is two atomic operations
    /// even when nobody waits.
    pub(crate) fn answer(&self, value: T, consumer_may_wait: bool) -> bool {
        if !self.store(Ok(value)) {
            return false;
        }
        if consumer_may_wait {
            self.waker.wake();
        }
        true
    }

    /// Stores `result` if the slot is empty; returns whether it did. What the call held is
    /// let go before anyone can see the result: a caller that has it may call again at once.
    fn store(&self, result: Result<T, Error>) -> bool {
        let mut state = self.state.lock();
        let State::Empty(held) = &mut *state else {
            return false;
        };
        let held = std::mem::take(held);
        *state = State::Ready(result.map_err(Box::new));
        drop(held);
        self.completed.store(true, Ordering::Release);
        true
    }

    /// Whether a result was stored (and maybe already taken).
    pub(crate) fn is_complete(&self) -> bool {
        self.completed.load(Ordering::Acquire)
    }

    /// Ready once a result is stored; registers `cx`'s waker until then.
    pub(crate) fn poll_complete(&self, cx: &mut Context<'_>) -> Poll<()> {
        if self.is_complete() {
            return Poll::Ready(());
        }
        self.waker.register(cx.waker());
        if self.is_complete() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }

    /// Takes the result if it is there, else registers `cx`'s waker.
    #[inline]
    pub(crate) fn poll_take(&self, cx: &mut Context<'_>) -> Poll<Result<T, Error>> {
        if !self.is_complete() {
            self.waker.register(cx.waker());
            if !self.is_complete() {
                return Poll::Pending;
            }
        }
        Poll::Ready(self.take_completed())
    }

    /// Takes the result if it is there.
    #[inline]
    pub(crate) fn try_take(&self) -> Option<Result<T, Error>> {
        self.is_complete().then(|| self.take_completed())
    }

    /// Takes the result of a slot seen complete: the first take gets it, later ones
    /// `AlreadyTaken`.
    fn take_completed(&self) -> Result<T, Error> {
        match std::mem::replace(&mut *self.state.lock(), State::Taken) {
            State::Ready(result) => result.map_err(|error| *error),
            State::Taken => Err(Error::AlreadyTaken),
            State::Empty(_) => {
                unreachable!("a slot is marked complete only once it holds a result")
            }
        }
    }
}

impl<T: Send + 'static> Slot<T> {
    /// Fails the slot with `Error::Timeout` once `after` passes, unless it settles first;
    /// settling disarms the timeout at once. Fails only if the timer cannot be started.
    pub(crate) fn time_out_after(self: &Arc<Self>, after: Duration) -> Result<(), Error> {
        let target: Weak<dyn Expire> = Arc::downgrade(self) as Weak<Self>;
        let deadline = timer::arm(target, after)?;
        if let State::Empty(held) = &mut *self.state.lock() {
            held.deadline = deadline;
        }
        // Else the slot settled already, and the deadline is disarmed as it drops here.
        Ok(())
    }
}

impl<T: Send + 'static> Expire for Slot<T> {
    fn expire(&self, after: Duration) {
        self.complete(Err(Error::Timeout { after }));
    }
}

/// Which slot a call's result goes to, to find that call again: the slot's address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SlotId(*const ());

impl SlotId {
    /// The id of `slot`.
    pub(crate) fn of<T>(slot: &Arc<Slot<T>>) -> Self {
        Self(Arc::as_ptr(slot).cast())
    }

    /// Whether `slot` is the slot of this id.
    pub(crate) fn is(self, slot: &Arc<dyn ErasedSlot>) -> bool {
        std::ptr::addr_eq(Arc::as_ptr(slot), self.0)
    }
}

/// A slot seen without its value type: it can still be failed with an error.
pub(crate) trait ErasedSlot: Send + Sync {
    /// Completes the slot with `error` unless it already holds a result.
    fn fail(&self, error: Error);
    /// Whether a result was stored: by the producer, or early by `kill`, `cancel`, a timeout.
    fn is_done(&self) -> bool;
    /// For the producer: ready once the slot is completed, registering `cx`'s waker.
    fn poll_completed_elsewhere(&self, cx: &mut Context<'_>) -> Poll<()>;
    /// The typed slot, for the code that knows the value type.
    fn as_any(&self) -> &dyn Any;
}

impl<T: Send + 'static> ErasedSlot for Slot<T> {
    fn fail(&self, error: Error) {
        self.complete(Err(error));
    }

    fn is_done(&self) -> bool {
        self.is_complete()
    }

    fn poll_completed_elsewhere(&self, cx: &mut Context<'_>) -> Poll<()> {
        if self.is_complete() {
            return Poll::Ready(());
        }
        self.producer.register(cx.waker());
        if self.is_complete() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Model checks of the hand-off (`RUSTFLAGS="--cfg loom"`, see `crate::sync`).
#[cfg(all(test, loom))]
mod loom_tests {
    use std::future::poll_fn;
    use std::sync::Arc;

    use loom::future::block_on;
    use loom::thread;

    use super::{ErasedSlot, Slot};
    use crate::error::Error;

    /// The method's value races a cancel (or kill): exactly one completion wins, and the
    /// waiting `ObjectRef` is woken with that one.
    #[test]
    fn loom_complete_and_fail_race() {
        loom::model(|| {
            let slot = Slot::<u32>::new();
            let producer = {
                let slot = slot.clone();
                thread::spawn(move || slot.complete(Ok(7)))
            };
            let canceller = {
                let slot = slot.clone();
                thread::spawn(move || slot.complete(Err(Error::Cancelled)))
            };
            let result = block_on(poll_fn(|cx| slot.poll_take(cx)));
            let returned = producer.join().expect("producer");
            let cancelled = canceller.join().expect("canceller");
            assert!(returned != cancelled, "exactly one completion is stored");
            match result {
                Ok(7) => assert!(returned),
                Err(Error::Cancelled) => assert!(cancelled),
                other => panic!("unexpected {other:?}"),
            }
            assert_eq!(slot.try_take(), Some(Err(Error::AlreadyTaken)));
        });
    }

    /// A running method watching its slot is woken when the call is settled elsewhere.
    #[test]
    fn loom_fail_wakes_the_producer() {
        loom::model(|| {
            let slot = Slot::<u32>::new();
            let erased: Arc<dyn ErasedSlot> = slot.clone();
            let killer = thread::spawn(move || erased.fail(Error::Cancelled));
            block_on(poll_fn(|cx| slot.poll_completed_elsewhere(cx)));
            killer.join().expect("killer");
            assert_eq!(slot.try_take(), Some(Err(Error::Cancelled)));
        });
    }
}
