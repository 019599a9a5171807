//! The one-shot cell a result travels through, from the actor (or task) to its `ObjectRef`.
//!
//! Unlike a channel, any party holding the slot may complete it, and the first completion
//! wins: the actor completes it with the method's value, while `kill`, `cancel`, a timeout, a
//! panic or a shutdown may complete it with an error first. That is how every `ObjectRef`
//! resolves even while the thread running its method is blocked. The producer can watch for
//! such an early completion (`poll_completed_elsewhere`) to stop work nobody waits for.
//!
//! A slot has one consumer, until its `ObjectRef` is cloned: from then on it is shared
//! ([`Slot::share`]), and each clone fetches its own copy of the result.

use std::any::Any;
use std::sync::{Arc, OnceLock, Weak};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use crate::error::Error;
use crate::pending::PendingGuard;
use crate::sync::{AtomicBool, AtomicWaker, Mutex, Ordering, fence};
use crate::timer::{self, Deadline, Expire};

/// The error is boxed so that a slot stays small: one is allocated per call.
enum State<T> {
    /// No result yet; what the call holds until it settles, if anything. Boxed: most calls
    /// hold nothing (no `max_pending_calls`, no timeout), and then a slot is 16 bytes
    /// smaller and settling it drops nothing.
    Empty(Option<Box<Held>>),
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

/// What the lock of a slot guards.
struct Content<T> {
    state: State<T>,
    /// Set once the slot's `ObjectRef` was cloned.
    sharing: Option<Box<Sharing<T>>>,
}

/// What a slot keeps for the clones of its `ObjectRef`.
struct Sharing<T> {
    /// How many more references may fetch the result: each of these gets a copy, and the
    /// fetch after them takes the result itself. A clone dropped unfetched leaves its count
    /// here, so that the result is copied once more than needed, never too few times.
    copies_left: usize,
    /// Copies the value (`T::clone`), known from the clone that made the slot shared.
    copy: fn(&T) -> T,
    /// The consumers waiting, since one `AtomicWaker` holds one of them only.
    wakers: Vec<Waker>,
    /// The waits on many results (`get_async`) that watch this slot, beyond the first.
    failure_watches: Vec<Arc<FailureWatch>>,
}

/// A single-assignment result cell shared by the producer and the `ObjectRef`.
pub(crate) struct Slot<T> {
    content: Mutex<Content<T>>,
    /// Set once a result is stored; read without the lock.
    completed: AtomicBool,
    /// Set once the `ObjectRef` was cloned: consumers wait through `Sharing::wakers` then.
    shared: AtomicBool,
    /// The consumer (`ObjectRef`) waiting for the result, while the slot is not shared; once
    /// it is, the consumer that waited before it was shared, if any.
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

    /// Tells the waiter that a slot failed.
    fn raise(&self) {
        self.failed.store(true, Ordering::Release);
        self.waker.wake();
    }
}

impl<T> Slot<T> {
    /// A new, empty slot.
    pub(crate) fn new() -> Arc<Self> {
        Self::holding(None)
    }

    /// A new, empty slot that holds `pending` until it settles. Inlined into the call that
    /// makes it, so that the slot is written where it is allocated, not copied there.
    #[inline(always)]
    pub(crate) fn holding(pending: Option<PendingGuard>) -> Arc<Self> {
        Arc::new(Self {
            content: Mutex::new(Content {
                state: State::Empty(pending.map(|pending| {
                    Box::new(Held {
                        pending: Some(pending),
                        deadline: None,
                    })
                })),
                sharing: None,
            }),
            completed: AtomicBool::new(false),
            shared: AtomicBool::new(false),
            waker: AtomicWaker::new(),
            producer: AtomicWaker::new(),
            failure_watch: OnceLock::new(),
        })
    }

    /// Tells `watch` when this slot fails. A failure stored before this call is not told:
    /// the waiter looks at every slot once after watching them all.
    pub(crate) fn watch_failure(&self, watch: &Arc<FailureWatch>) {
        if let Err(watch) = self.failure_watch.set(watch.clone())
            && let Some(sharing) = &mut self.content.lock().sharing
        {
            // A second wait on a clone: under the lock, so that a failure stored before
            // this is seen by that wait's look at every slot, and one stored after tells it.
            sharing.failure_watches.push(watch);
        }
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
                watch.raise();
            }
        }
        self.wake_sharers(failed);
        true
    }

    /// Wakes the consumers of a shared slot, and if `failed`, the waits on many that watch
    /// it beyond the first. Inlined up to the look at `shared`: most slots are not.
    #[inline]
    fn wake_sharers(&self, failed: bool) {
        if self.shared.load(Ordering::Acquire) {
            self.wake_shared(failed);
        }
    }

    /// [`Slot::wake_sharers`] for a slot that was shared.
    #[cold]
    #[inline(never)]
    fn wake_shared(&self, failed: bool) {
        let (wakers, watches) = match &mut self.content.lock().sharing {
            Some(sharing) => (
                std::mem::take(&mut sharing.wakers),
                if failed {
                    std::mem::take(&mut sharing.failure_watches)
                } else {
                    Vec::new()
                },
            ),
            None => return,
        };
        wakers.into_iter().for_each(Waker::wake);
        watches.iter().for_each(|watch| watch.raise());
    }

    /// Makes the slot shared by one more `ObjectRef`, a clone whose copies of the value
    /// `copy` makes.
    pub(crate) fn share(&self, copy: fn(&T) -> T) {
        let mut content = self.content.lock();
        let sharing = content.sharing.get_or_insert_with(|| {
            Box::new(Sharing {
                copies_left: 0,
                copy,
                wakers: Vec::new(),
                failure_watches: Vec::new(),
            })
        });
        sharing.copies_left += 1;
        self.shared.store(true, Ordering::Release);
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
        // The caller that runs the call is one consumer; its clones may wait.
        self.wake_sharers(false);
        true
    }

    /// Stores `result` if the slot is empty; returns whether it did. What the call held is
    /// let go before anyone can see the result: a caller that has it may call again at once.
    fn store(&self, result: Result<T, Error>) -> bool {
        let mut content = self.content.lock();
        let State::Empty(held) = &mut content.state else {
            return false;
        };
        let held = held.take();
        let emptied = std::mem::replace(&mut content.state, State::Ready(result.map_err(Box::new)));
        // `Empty(None)`, which owns nothing: forgotten rather than dropped, since the drop
        // glue of a `Held` is a call of its own, made on every call otherwise.
        std::mem::forget(emptied);
        if let Some(held) = held {
            drop(held);
        }
        self.completed.store(true, Ordering::Release);
        true
    }

    /// Whether a result was stored (and maybe already taken).
    pub(crate) fn is_complete(&self) -> bool {
        self.completed.load(Ordering::Acquire)
    }

    /// Ready once a result is stored; registers `cx`'s waker until then.
    pub(crate) fn poll_complete(&self, cx: &mut Context<'_>) -> Poll<()> {
        if self.is_complete() || self.register_consumer(cx) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }

    /// Takes the result if it is there, else registers `cx`'s waker.
    #[inline]
    pub(crate) fn poll_take(&self, cx: &mut Context<'_>) -> Poll<Result<T, Error>> {
        self.poll_take_or(cx, || Ok(()))
    }

    /// [`Slot::poll_take`], where a consumer that would wait may fail instead, with the
    /// error of `before_waiting`. The result is written where the caller returns it: a
    /// caller that matched on `poll_take` to check before it waits copied every result.
    #[inline]
    pub(crate) fn poll_take_or(
        &self,
        cx: &mut Context<'_>,
        before_waiting: impl FnOnce() -> Result<(), Error>,
    ) -> Poll<Result<T, Error>> {
        if !self.is_complete() && !self.register_consumer(cx) {
            return match before_waiting() {
                Ok(()) => Poll::Pending,
                Err(error) => Poll::Ready(Err(error)),
            };
        }
        Poll::Ready(self.take_completed())
    }

    /// Registers a consumer's waker; returns whether the slot was completed meanwhile.
    #[inline]
    fn register_consumer(&self, cx: &Context<'_>) -> bool {
        if self.shared.load(Ordering::Acquire) {
            let mut content = self.content.lock();
            if !matches!(content.state, State::Empty(_)) {
                return true;
            }
            if let Some(sharing) = &mut content.sharing
                && !sharing
                    .wakers
                    .iter()
                    .any(|waker| waker.will_wake(cx.waker()))
            {
                sharing.wakers.push(cx.waker().clone());
            }
            return false;
        }
        self.waker.register(cx.waker());
        self.is_complete()
    }

    /// Takes the result if it is there.
    #[inline]
    pub(crate) fn try_take(&self) -> Option<Result<T, Error>> {
        self.is_complete().then(|| self.take_completed())
    }

    /// Takes the result of a slot seen complete: the first take gets it, later ones
    /// `AlreadyTaken`; while clones of the `ObjectRef` may still fetch it, a copy.
    fn take_completed(&self) -> Result<T, Error> {
        let mut guard = self.content.lock();
        let content = &mut *guard;
        if let Some(sharing) = &mut content.sharing
            && sharing.copies_left > 0
        {
            sharing.copies_left -= 1;
            match &content.state {
                State::Ready(Ok(value)) => return Ok((sharing.copy)(value)),
                State::Ready(Err(error)) => return Err(Error::clone(error)),
                State::Taken => return Err(Error::AlreadyTaken),
                State::Empty(_) => {
                    unreachable!("a slot is marked complete only once it holds a result")
                }
            }
        }
        match std::mem::replace(&mut content.state, State::Taken) {
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
        if let State::Empty(held) = &mut self.content.lock().state {
            held.get_or_insert_default().deadline = deadline;
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
    /// Wakes the consumer waiting for the result, after it was stored without a wake
    /// (`answer` with `consumer_may_wait` false).
    fn wake_consumer(&self);
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

    fn wake_consumer(&self) {
        self.waker.wake();
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

    /// Two clones of an `ObjectRef` wait on two threads while the value arrives: both are
    /// woken, one gets a copy and the other the value.
    #[test]
    fn loom_a_shared_slot_wakes_every_clone() {
        // Three threads and a lock: bounded to 3 preemptions to finish in seconds.
        let mut model = loom::model::Builder::new();
        model.preemption_bound = Some(3);
        model.check(|| {
            let slot = Slot::<u32>::new();
            slot.share(u32::clone);
            let clone = {
                let slot = slot.clone();
                thread::spawn(move || block_on(poll_fn(|cx| slot.poll_take(cx))))
            };
            let producer = {
                let slot = slot.clone();
                thread::spawn(move || slot.complete(Ok(7)))
            };
            assert_eq!(block_on(poll_fn(|cx| slot.poll_take(cx))), Ok(7));
            assert_eq!(clone.join().expect("clone"), Ok(7));
            assert!(producer.join().expect("producer"));
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
