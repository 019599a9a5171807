//! An actor's mailbox: an unbounded FIFO of calls, and nothing else.
//!
//! Whoever runs the calls takes them out (see `serving`); any thread may close it, or close
//! it and fail every queued call at once (`kill`), even while the actor's thread is blocked
//! inside a method.

mod queue;

use std::collections::VecDeque;
// std atomics, not loom's: the kill flag is not part of the hand-off the model checks; the
// `busy` hint is.
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::Error;
use crate::slot::ErasedSlot;
use crate::sync::{self, Mutex};

use queue::Queue;

pub(crate) use crate::pending::PendingGuard;

/// One call waiting in a mailbox: the message and where its result goes.
pub(crate) struct Envelope<M> {
    pub(crate) message: M,
    /// Where the result goes; `None` for a call sent with `tell`, whose value nobody wants.
    pub(crate) reply: Option<Arc<dyn ErasedSlot>>,
    /// How often the call may run again if the actor dies under it (-1 = forever).
    pub(crate) retries_left: i32,
    /// Counts a told call against its handle's `max_pending_calls` until it is dropped; a
    /// call with a result is counted by its slot instead, until it settles (see `pending`).
    pub(crate) pending: Option<PendingGuard>,
}

/// The state of a mailbox.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    Open,
    /// No new call is accepted; queued calls still run (graceful stop).
    Closed,
    /// The actor is dead: queued calls were failed and nothing runs any more.
    Killed,
}

/// The queue and its state, changed together under one lock.
struct Inner<M> {
    calls: Queue<Envelope<M>>,
    /// How many of the queued calls have a result slot (were not sent with `tell`).
    asked: usize,
    state: State,
}

impl<M> Inner<M> {
    /// The value of [`Mailbox::busy`]: zero while open and empty.
    fn busy(&self) -> usize {
        self.calls.len() + usize::from(self.state != State::Open)
    }

    /// Notes that `envelope` joins the queue.
    fn count_in(&mut self, envelope: &Envelope<M>) {
        self.asked += usize::from(envelope.reply.is_some());
    }

    /// Notes that `envelope` left the queue.
    fn count_out(&mut self, envelope: &Envelope<M>) {
        self.asked -= usize::from(envelope.reply.is_some());
    }

    /// The call at the head of the queue, if `may_run` allows it; calls whose result was
    /// settled already (cancelled, timed out) are dropped unrun on the way.
    fn pop_unsettled(&mut self, may_run: impl Fn(&M) -> bool) -> Option<Envelope<M>> {
        while may_run(&self.calls.front()?.message) {
            let envelope = self.calls.pop_front()?;
            self.count_out(&envelope);
            if !envelope.reply.as_ref().is_some_and(|reply| reply.is_done()) {
                return Some(envelope);
            }
        }
        None
    }

    /// Moves the told calls at the head of the queue to `batch`, which must be empty: all
    /// of them at no cost when no queued call was asked or only the last one was (a burst
    /// of `tell`s, then a read), else up to [`BATCH_LIMIT`].
    fn take_told_ahead(&mut self, batch: &mut Batch<M>) {
        let batch = batch.calls();
        let last_asked = self.asked == 1
            && self
                .calls
                .back()
                .is_some_and(|envelope| envelope.reply.is_some());
        if self.asked == 0 || last_asked {
            let last = last_asked.then(|| self.calls.pop_back()).flatten();
            // `batch`'s empty buffer becomes the queue's: no copy, no allocation.
            self.calls.move_all(batch);
            if let Some(last) = last {
                self.calls.push_back(last);
            }
            return;
        }
        let told = self.calls.iter().take(BATCH_LIMIT);
        let told = told.take_while(|envelope| envelope.reply.is_none()).count();
        batch.extend((0..told).map_while(|_| self.calls.pop_front()));
    }
}

/// At most this many told calls are copied out of the queue under one lock.
const BATCH_LIMIT: usize = 256;

/// Told calls the loop took from the mailbox in one go, to run before it looks there again.
///
/// Only told calls are taken ahead: they have no result for `kill` to fail, so the loop can
/// hold them outside the lock. A call with a result stays in the mailbox until it runs.
/// Boxed, and only made once calls are taken ahead: the loop's future holds it, and stays
/// small.
#[expect(
    clippy::box_collection,
    reason = "8 bytes in the loop's future, not 32: it crossed a 128-byte step of its task"
)]
pub(crate) struct Batch<M>(Option<Box<VecDeque<Envelope<M>>>>);

impl<M> Batch<M> {
    /// An empty batch, with no buffer.
    pub(crate) fn new() -> Self {
        Self(None)
    }

    #[inline]
    pub(crate) fn pop(&mut self) -> Option<Envelope<M>> {
        self.0.as_mut()?.pop_front()
    }

    /// Whether no call taken ahead waits in the batch.
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|calls| calls.is_empty())
    }

    /// How many calls taken ahead wait in the batch.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |calls| calls.len())
    }

    /// The queue of the batch, made if need be.
    fn calls(&mut self) -> &mut VecDeque<Envelope<M>> {
        self.0.get_or_insert_default()
    }

    /// Frees the buffer, dropping the calls in it.
    #[inline]
    pub(crate) fn release(&mut self) {
        self.0 = None;
    }

    /// Takes every call out, in order; frees the buffer.
    pub(crate) fn take_all(&mut self) -> VecDeque<Envelope<M>> {
        self.0.take().map(|calls| *calls).unwrap_or_default()
    }
}

/// What a push found, for the sender to act on (see `execution::deliver`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Pushed {
    /// The queue was empty: whoever serves it may be parked.
    pub(crate) was_empty: bool,
    /// For a told call: how many told calls wait in the queue now, this one included; zero
    /// for a call with a result.
    pub(crate) told_waiting: usize,
}

/// The queue of calls of one actor.
///
/// A plain locked FIFO ([`Queue`]): its first call is kept inline and the others in a
/// `VecDeque`, so that it allocates nothing until two calls wait at once and then holds only
/// as many slots as calls ever waited at once, which keeps an idle actor small; and it lets
/// `kill` fail every queued call from any thread. The lock is held for a push or a take
/// only, never across user code.
///
/// Its `busy` hint is zero while it is open and empty, stored under the lock whenever that
/// may change: a loop that registered its waker and then sees the hint at zero may park,
/// since the push that makes it nonzero finds the queue empty and wakes the loop.
pub(crate) struct Mailbox<M> {
    inner: Mutex<Inner<M>>,
    /// Zero while the mailbox is open and empty (only its zero-ness is read). Lets a reader
    /// see that there is nothing to do without taking the lock. Only a hint; decisions are
    /// made under the lock.
    busy: sync::AtomicUsize,
    /// Set once the mailbox was closed and its calls failed: read without the lock.
    killed: AtomicBool,
}

impl<M> Mailbox<M> {
    pub(crate) fn new() -> Self {
        Self {
            inner: Mutex::new(Inner {
                calls: Queue::new(),
                asked: 0,
                state: State::Open,
            }),
            busy: sync::AtomicUsize::new(0),
            killed: AtomicBool::new(false),
        }
    }

    /// Queues a call, and says what the push found. Hands the call back if the mailbox no
    /// longer accepts calls.
    #[inline]
    pub(crate) fn push(&self, envelope: Envelope<M>) -> Result<Pushed, Envelope<M>> {
        let mut inner = self.inner.lock();
        if inner.state != State::Open {
            return Err(envelope);
        }
        inner.count_in(&envelope);
        let told = envelope.reply.is_none();
        let was_empty = inner.calls.is_empty();
        inner.calls.push_back(envelope);
        if was_empty {
            // Only whether the hint is zero matters: a queue that had calls left it nonzero.
            self.busy.store(inner.busy(), Ordering::Release);
        }
        let told_waiting = if told {
            inner.calls.len() - inner.asked
        } else {
            0
        };
        Ok(Pushed {
            was_empty,
            told_waiting,
        })
    }

    /// Whether there is anything to do: calls queued, or the mailbox closed. Read without
    /// the lock.
    #[inline]
    pub(crate) fn has_work(&self) -> bool {
        self.busy.load(Ordering::Acquire) != 0
    }

    /// Whether the mailbox was closed and its calls failed.
    #[inline]
    pub(crate) fn is_killed(&self) -> bool {
        self.killed.load(Ordering::Acquire)
    }

    /// Puts a call back at the head of the queue, to run again first; hands it back if the
    /// mailbox was killed.
    pub(crate) fn push_front(&self, envelope: Envelope<M>) -> Result<(), Envelope<M>> {
        let mut inner = self.inner.lock();
        if inner.state == State::Killed {
            return Err(envelope);
        }
        inner.count_in(&envelope);
        inner.calls.push_front(envelope);
        self.busy.store(inner.busy(), Ordering::Release);
        Ok(())
    }

    /// Puts the calls of `batch` back at the head of the queue, in order. A refused one (the
    /// mailbox was killed) was told: nobody waits for it.
    pub(crate) fn put_back(&self, batch: &mut Batch<M>) {
        for told in batch.take_all().into_iter().rev() {
            let _ = self.push_front(told);
        }
    }

    /// The next call whose result nobody settled yet (cancelled or timed-out calls are
    /// dropped unrun), or `None` if the queue is empty; with the state seen. Told calls at
    /// the head of the queue are taken too, into `batch`, which must be empty, and the first
    /// of them is returned.
    pub(crate) fn take(&self, batch: &mut Batch<M>) -> (Option<Envelope<M>>, State) {
        let mut inner = self.inner.lock();
        if inner.calls.len() > 1 {
            inner.take_told_ahead(batch);
        }
        let next = batch.pop().or_else(|| inner.pop_unsettled(|_| true));
        self.busy.store(inner.busy(), Ordering::Release);
        (next, inner.state)
    }

    /// The call at the head of the queue, if `wanted` says it is the one.
    #[inline]
    pub(crate) fn take_if(&self, wanted: impl FnOnce(&Envelope<M>) -> bool) -> Option<Envelope<M>> {
        let mut inner = self.inner.lock();
        if !wanted(inner.calls.front()?) {
            return None;
        }
        let envelope = inner.calls.pop_front()?;
        inner.count_out(&envelope);
        self.busy.store(inner.busy(), Ordering::Release);
        Some(envelope)
    }

    /// The next call whose result nobody settled yet, if `may_run` allows it.
    pub(crate) fn take_next(&self, may_run: impl Fn(&M) -> bool) -> Option<Envelope<M>> {
        let mut inner = self.inner.lock();
        let next = inner.pop_unsettled(may_run);
        self.busy.store(inner.busy(), Ordering::Release);
        next
    }

    /// Stops accepting calls; the queued ones can still be taken.
    pub(crate) fn close(&self) {
        let mut inner = self.inner.lock();
        if inner.state == State::Open {
            inner.state = State::Closed;
            self.busy.store(inner.busy(), Ordering::Release);
        }
    }

    /// Stops accepting calls and fails the queued ones with `error`.
    pub(crate) fn close_and_fail(&self, error: &Error) {
        let queued = {
            let mut inner = self.inner.lock();
            inner.state = State::Killed;
            inner.asked = 0;
            self.killed.store(true, Ordering::Release);
            self.busy.store(1, Ordering::Release);
            inner.calls.take_all()
        };
        for envelope in queued {
            if let Some(reply) = envelope.reply {
                reply.fail(error.clone());
            }
        }
    }

    /// How many calls wait in the queue; zero once the mailbox was killed.
    pub(crate) fn len(&self) -> usize {
        let inner = self.inner.lock();
        match inner.state {
            State::Killed => 0,
            _ => inner.calls.len(),
        }
    }
}
