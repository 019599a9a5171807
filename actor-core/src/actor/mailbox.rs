//! An actor's mailbox: an unbounded FIFO of calls that the actor loop drains.
//!
//! Other parties than the actor loop can reach its contents: `kill` closes the mailbox and
//! fails every queued call at once, even while the actor's thread is blocked inside a
//! method.

mod queue;

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
// std atomics, not loom's: the pending-call counter (shared with the handles) and the kill
// flag are not part of the hand-off the model checks; the `busy` hint is.
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::task::{Context, Poll};

use crate::error::Error;
use crate::slot::ErasedSlot;
use crate::sync::{self, AtomicWaker, Mutex};

use super::turn::{LoopTurn, Turn};
use queue::Queue;

/// One call waiting in a mailbox: the message and where its result goes.
pub(crate) struct Envelope<M> {
    pub(crate) message: M,
    /// Where the result goes; `None` for a call sent with `tell`, whose value nobody wants.
    pub(crate) reply: Option<Arc<dyn ErasedSlot>>,
    /// How often the call may run again if the actor dies under it (-1 = forever).
    pub(crate) retries_left: i32,
    /// Counts the call against its handle's `max_pending_calls` until it is dropped.
    pub(crate) pending: Option<PendingGuard>,
}

/// One call counted as pending on the handle that made it, until the guard is dropped: when
/// the call answers, or when it is dropped unrun. One pointer, so that a queued call stays
/// small.
pub(crate) struct PendingGuard(Arc<AtomicUsize>);

impl PendingGuard {
    /// Counts one more call on `counter`, unless `limit` calls are pending already.
    pub(crate) fn try_new(counter: &Arc<AtomicUsize>, limit: usize) -> Option<Self> {
        let previous = counter.fetch_add(1, Ordering::AcqRel);
        if previous >= limit {
            counter.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        Some(Self(counter.clone()))
    }
}

impl Drop for PendingGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The state of a mailbox.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
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
    fn pop(&mut self) -> Option<Envelope<M>> {
        self.0.as_mut()?.pop_front()
    }

    /// Whether no call taken ahead waits in the batch.
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|calls| calls.is_empty())
    }

    /// How many calls taken ahead wait in the batch.
    #[inline]
    fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |calls| calls.len())
    }

    /// The queue of the batch, made if need be.
    fn calls(&mut self) -> &mut VecDeque<Envelope<M>> {
        self.0.get_or_insert_default()
    }

    /// Frees the buffer, dropping the calls in it.
    #[inline]
    fn release(&mut self) {
        self.0 = None;
    }

    /// Takes every call out, in order; frees the buffer.
    fn take_all(&mut self) -> VecDeque<Envelope<M>> {
        self.0.take().map(|calls| *calls).unwrap_or_default()
    }
}

/// What a sender must do after it queued a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pushed {
    /// The queue was empty, so the loop may be parked: wake it, or have it woken (see
    /// `host`).
    WakeLoop,
    /// Other calls wait before it: the loop, already woken, gets to it.
    Queued,
    /// [`TOLD_CALLS_PILING_UP`] told calls wait that the loop has not taken: it may sit
    /// unrun in the sender's worker (see `ActorCell::nudge_loop`).
    PilingUp,
}

/// How many told calls may wait in the mailbox before the sender nudges the loop: enough
/// that a loop that keeps up is never nudged, few enough that a burst of `tell`s does not
/// pile up in memory for long.
pub(crate) const TOLD_CALLS_PILING_UP: usize = 256;

/// The queue of calls of one actor.
///
/// A plain locked FIFO ([`Queue`]): its first call is kept inline and the others in a
/// `VecDeque`, so that it allocates nothing until two calls wait at once and then holds only
/// as many slots as calls ever waited at once, which keeps an idle actor small; and it lets
/// `kill` fail every queued call from any thread. The lock is held for a push or a pop
/// only, never across user code. A push wakes the loop only when it finds the queue empty:
/// the loop parks only after it registered its waker and then saw the `busy` hint at zero.
/// A push that finds [`TOLD_CALLS_PILING_UP`] told calls waiting has the sender nudge the
/// loop ([`Pushed::PilingUp`]).
///
/// Told calls at the head of the queue (a burst of `tell`s) are taken by the loop into its
/// [`Batch`] at once, one lock for the lot.
pub(crate) struct Mailbox<M> {
    inner: Mutex<Inner<M>>,
    /// Zero while the mailbox is open and empty: stored under the lock whenever that may
    /// change (only its zero-ness is read). Lets the loop see that it has nothing to do
    /// without taking the lock. Only a hint; decisions are made under the lock.
    busy: sync::AtomicUsize,
    /// How many told calls wait in the loop's [`Batch`], taken ahead: counted in
    /// [`Mailbox::len`]. Written by the loop only, as it takes and runs them.
    taken_ahead: AtomicUsize,
    /// Set once the actor is killed: the loop drops the told calls it took ahead.
    killed: AtomicBool,
    /// Set when a call that a caller ran asked the actor to stop: the loop stops serving.
    stop_serving: AtomicBool,
    waker: AtomicWaker,
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
            taken_ahead: AtomicUsize::new(0),
            killed: AtomicBool::new(false),
            stop_serving: AtomicBool::new(false),
            waker: AtomicWaker::new(),
        }
    }

    /// Queues a call; hands it back if the mailbox no longer accepts calls.
    #[cfg(all(test, loom))]
    pub(crate) fn push(&self, envelope: Envelope<M>) -> Result<(), Envelope<M>> {
        if self.push_quietly(envelope)? == Pushed::WakeLoop {
            self.wake_loop();
        }
        Ok(())
    }

    /// Queues a call without waking the loop, and says what the sender must do next (see
    /// [`Pushed`]). Hands the call back if the mailbox no longer accepts calls.
    #[inline]
    pub(crate) fn push_quietly(&self, envelope: Envelope<M>) -> Result<Pushed, Envelope<M>> {
        let mut inner = self.inner.lock();
        if inner.state != State::Open {
            return Err(envelope);
        }
        inner.count_in(&envelope);
        let told = envelope.reply.is_none();
        let was_empty = inner.calls.is_empty();
        inner.calls.push_back(envelope);
        Ok(if was_empty {
            // Only whether the hint is zero matters: a queue that had calls left it nonzero.
            self.busy.store(inner.busy(), Ordering::Release);
            Pushed::WakeLoop
        } else if told && inner.calls.len() - inner.asked == TOLD_CALLS_PILING_UP {
            Pushed::PilingUp
        } else {
            Pushed::Queued
        })
    }

    /// Wakes the loop, if it is parked.
    #[inline]
    pub(crate) fn wake_loop(&self) {
        self.waker.wake();
    }

    /// Whether the loop has anything to do: calls queued, or the mailbox closed. Read
    /// without the lock.
    #[inline]
    pub(crate) fn has_work(&self) -> bool {
        self.busy.load(Ordering::Acquire) != 0
    }

    /// Puts a call back at the head of the queue, to run again first (a retry after a
    /// restart); hands it back if the actor is dead. Called by the loop only.
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

    /// Puts the told calls taken ahead in `batch` back at the head of the queue, in order,
    /// ahead of a call to retry after a restart. A refused one (the actor is dead) was
    /// told: nobody waits for it. Called by the loop only.
    pub(crate) fn put_back_taken_ahead(&self, batch: &mut Batch<M>) {
        for told in batch.take_all().into_iter().rev() {
            let _ = self.push_front(told);
        }
        self.taken_ahead.store(0, Ordering::Relaxed);
    }

    /// The next call whose result nobody settled yet (cancelled or timed-out calls are
    /// dropped unrun), or `None` if the queue is empty; with the state seen. Told calls at
    /// the head of the queue are taken ahead into `batch`, which must be empty, and the
    /// first of them is returned.
    fn next_unsettled(&self, batch: &mut Batch<M>) -> (Option<Envelope<M>>, State) {
        let mut inner = self.inner.lock();
        if inner.calls.len() > 1 {
            inner.take_told_ahead(batch);
        }
        let next = batch.pop().or_else(|| inner.pop_unsettled(|_| true));
        self.busy.store(inner.busy(), Ordering::Release);
        self.taken_ahead.store(batch.len(), Ordering::Relaxed);
        (next, inner.state)
    }

    /// The next call, or `None` once the mailbox is closed and empty (or the loop was told
    /// to stop serving): from `batch` first, the told calls taken ahead, unless the actor
    /// was killed since.
    ///
    /// The loop holds `turn` when this returns, and lets go of it while it waits, so that a
    /// caller that awaits the call at the head may run it meanwhile (see `caller_runs`).
    ///
    /// Cancel safety: a call is removed from the queue only when it is returned.
    ///
    /// A small future of its own, not an `async fn`: the loop's future holds it while the
    /// loop waits, and stays 32 bytes smaller for it; and a call taken ahead is handed out
    /// inline, with no call to the slow path.
    pub(crate) fn recv<'a, 'b, T: Default>(
        &'a self,
        batch: &'a mut Batch<M>,
        turn: &'a mut LoopTurn<'b, T>,
    ) -> Recv<'a, 'b, M, T> {
        Recv {
            mailbox: self,
            batch,
            turn,
        }
    }

    /// The waiting part of [`Mailbox::recv`], once `batch` is empty.
    fn poll_recv<T: Default>(
        &self,
        batch: &mut Batch<M>,
        turn: &mut LoopTurn<'_, T>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Envelope<M>>> {
        loop {
            if !turn.take_back(cx) {
                // A caller runs a call; it wakes the loop when it lets go.
                return Poll::Pending;
            }
            if self.stop_serving.load(Ordering::Acquire) {
                return Poll::Ready(None);
            }
            if self.busy.load(Ordering::Acquire) != 0 {
                match self.next_unsettled(batch) {
                    (Some(envelope), _) => return Poll::Ready(Some(envelope)),
                    (None, State::Open) => {}
                    (None, _) => return Poll::Ready(None),
                }
            }
            self.waker.register(cx.waker());
            turn.let_go();
            // A push or close that came before the waker was registered woke nobody: look
            // again. `AtomicWaker` orders the hint's store before its wake against this load.
            if self.busy.load(Ordering::Acquire) == 0 {
                // An idle actor keeps no buffer of its own, only the queue's.
                batch.release();
                return Poll::Pending;
            }
        }
    }

    /// For a caller that holds the actor's turn: the call whose result goes to `slot`, if it
    /// is the next one in the queue.
    pub(crate) fn take_if_next(&self, slot: *const ()) -> Option<Envelope<M>> {
        let mut inner = self.inner.lock();
        let next = inner.calls.front()?;
        let reply = next.reply.as_ref()?;
        if !std::ptr::addr_eq(Arc::as_ptr(reply), slot) {
            return None;
        }
        let envelope = inner.calls.pop_front()?;
        inner.count_out(&envelope);
        self.busy.store(inner.busy(), Ordering::Release);
        Some(envelope)
    }

    /// For whoever runs the actor's calls outside its loop, with its turn (see `host`): the
    /// next call whose result nobody settled yet, if `may_run` allows it to run there.
    pub(crate) fn take_next(&self, may_run: impl Fn(&M) -> bool) -> Option<Envelope<M>> {
        let mut inner = self.inner.lock();
        let next = inner.pop_unsettled(may_run);
        self.busy.store(inner.busy(), Ordering::Release);
        next
    }

    /// For another party than the loop, while the loop is parked (see `host`): runs up to
    /// `budget` of the next calls with `run`, holding the actor's `turn`, as long as
    /// `may_run` allows them to run there and `run` says the actor still serves; then wakes
    /// the loop if calls are left. Returns how many ran.
    pub(crate) fn run_calls_here<T: Default>(
        &self,
        turn: &Turn<T>,
        budget: u32,
        may_run: impl Fn(&M) -> bool,
        mut run: impl FnMut(&mut T, Envelope<M>) -> bool,
    ) -> u32 {
        let mut ran = 0;
        if let Some(mut held) = turn.try_take(&self.waker) {
            // The hint first: the lock only when there is a call to take.
            while ran < budget && self.has_work() {
                let Some(envelope) = self.take_next(&may_run) else {
                    break;
                };
                ran += 1;
                if !run(&mut held, envelope) {
                    break;
                }
            }
        }
        // After the turn is let go: a loop that found it held waits for the let-go, and one
        // parked meanwhile was woken by any call that found the mailbox empty.
        if self.has_work() {
            self.wake_loop();
        }
        ran
    }

    /// Tells the loop to stop serving calls (a call a caller ran asked the actor to stop).
    pub(crate) fn stop_serving(&self) {
        self.stop_serving.store(true, Ordering::Release);
        self.waker.wake();
    }

    /// The waker the loop parks with, which a caller that let go of the turn wakes.
    pub(crate) fn loop_waker(&self) -> &AtomicWaker {
        &self.waker
    }

    /// Stops accepting calls; the queued ones still run.
    pub(crate) fn close(&self) {
        {
            let mut inner = self.inner.lock();
            if inner.state == State::Open {
                inner.state = State::Closed;
                self.busy.store(inner.busy(), Ordering::Release);
            }
        }
        self.waker.wake();
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
        self.waker.wake();
    }

    /// How many calls wait: in the queue, and taken ahead by the loop (the running one not
    /// included). Zero once the actor is killed, though the loop may still hold told calls
    /// it took ahead until it sees that and drops them.
    pub(crate) fn len(&self) -> usize {
        let inner = self.inner.lock();
        match inner.state {
            State::Killed => 0,
            _ => inner.calls.len() + self.taken_ahead.load(Ordering::Relaxed),
        }
    }
}

/// The future of [`Mailbox::recv`].
pub(crate) struct Recv<'a, 'b, M, T: Default> {
    mailbox: &'a Mailbox<M>,
    batch: &'a mut Batch<M>,
    turn: &'a mut LoopTurn<'b, T>,
}

impl<M, T: Default> Future for Recv<'_, '_, M, T> {
    type Output = Option<Envelope<M>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Self {
            mailbox,
            batch,
            turn,
        } = self.get_mut();
        if !batch.is_empty() {
            if !mailbox.killed.load(Ordering::Acquire) {
                let next = batch.pop();
                mailbox.taken_ahead.store(batch.len(), Ordering::Relaxed);
                return Poll::Ready(next);
            }
            batch.release();
        }
        mailbox.poll_recv(batch, turn, cx)
    }
}

/// Model checks of the hand-off (`RUSTFLAGS="--cfg loom"`, see `crate::sync`).
#[cfg(all(test, loom))]
mod loom_tests;
