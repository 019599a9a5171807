//! How an actor's calls are served: its loop waits here for the next call, and others (a
//! caller, a hosting loop, a stand-in) take calls here to run them while the loop is parked.
//!
//! Part of the execution layer (see `execution`): the mailbox below it is a plain queue; the
//! turn (see `turn`) says who may run the actor's methods now.

use std::future::Future;
use std::pin::Pin;
// std atomics, not loom's: the count of calls taken ahead and the stop flag are not part of
// the hand-off the model checks.
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::task::{Context, Poll};

use crate::error::Error;
use crate::slot::SlotId;
use crate::sync::AtomicWaker;

use super::mailbox::{Batch, Envelope, Mailbox, Pushed, State};
use super::turn::{LoopTurn, Turn};

/// An actor of any class, as a stand-in sees it when the thread that would run its loop is
/// stuck in a call that was to be quick (see `watchdog`): its queued calls may be run
/// elsewhere. Every actor is one (`ActorControl` requires it), so that the actors the
/// registry knows can be searched for queued calls.
pub(crate) trait Stranded: Send + Sync {
    /// The counter of the actor's id, unique in the process.
    fn counter(&self) -> u64;
    /// The runtime whose threads run the actor's loop.
    fn home_runtime(&self) -> tokio::runtime::Id;
    /// Whether calls are queued (or the mailbox closed). Read without a lock.
    fn has_queued_calls(&self) -> bool;
    /// Runs up to `budget` of the actor's next calls here, while nobody holds its turn, if a
    /// stand-in may run them (`ActorCell::may_stand_in`); wakes its loop if calls are left.
    /// Returns how many ran. The caller entered the actor's runtime.
    fn run_queued_calls_here(&self, budget: u32) -> u32;
}

/// The calls of one actor, as the execution layer serves them.
///
/// Told calls at the head of the queue (a burst of `tell`s) are taken by the loop into its
/// [`Batch`] at once, one lock for the lot: they have no result for `kill` to fail, so the
/// loop can hold them outside the queue.
pub(crate) struct Serving<M> {
    mailbox: Mailbox<M>,
    /// The waker the loop parks with.
    waker: AtomicWaker,
    /// How many told calls wait in the loop's [`Batch`], taken ahead: counted in
    /// [`Serving::len`]. Written by the loop only, as it takes and runs them.
    taken_ahead: AtomicUsize,
    /// Set when a call run outside the loop asked the actor to stop: the loop stops serving.
    stop_serving: AtomicBool,
}

impl<M> Serving<M> {
    pub(crate) fn new() -> Self {
        Self {
            mailbox: Mailbox::new(),
            waker: AtomicWaker::new(),
            taken_ahead: AtomicUsize::new(0),
            stop_serving: AtomicBool::new(false),
        }
    }

    /// Queues a call and wakes the loop if it may be parked; hands the call back if the
    /// mailbox no longer accepts calls.
    #[cfg(all(test, loom))]
    pub(crate) fn push(&self, envelope: Envelope<M>) -> Result<(), Envelope<M>> {
        if self.push_quietly(envelope)?.was_empty {
            self.wake_loop();
        }
        Ok(())
    }

    /// Queues a call without waking the loop, and says what the push found (see
    /// `execution::deliver`). Hands the call back if the mailbox no longer accepts calls.
    #[inline]
    pub(crate) fn push_quietly(&self, envelope: Envelope<M>) -> Result<Pushed, Envelope<M>> {
        self.mailbox.push(envelope)
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
        self.mailbox.has_work()
    }

    /// Puts a call back at the head of the queue, to run again first (a retry after a
    /// restart), behind nothing: the told calls taken ahead in `batch` go back first, ahead
    /// of it. Hands the call back if the actor is dead. Called by the loop only.
    pub(crate) fn retry_first(
        &self,
        retry: Envelope<M>,
        batch: &mut Batch<M>,
    ) -> Result<(), Envelope<M>> {
        self.mailbox.put_back(batch);
        self.taken_ahead.store(0, Ordering::Relaxed);
        self.mailbox.push_front(retry)
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
            serving: self,
            batch,
            turn,
        }
    }

    /// The waiting part of [`Serving::recv`], once `batch` is empty.
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
            if self.mailbox.has_work() {
                let (next, state) = self.mailbox.take(batch);
                self.taken_ahead.store(batch.len(), Ordering::Relaxed);
                match (next, state) {
                    (Some(envelope), _) => return Poll::Ready(Some(envelope)),
                    (None, State::Open) => {}
                    (None, _) => return Poll::Ready(None),
                }
            }
            self.waker.register(cx.waker());
            turn.let_go();
            // A push or close that came before the waker was registered woke nobody: look
            // again. `AtomicWaker` orders the hint's store before its wake against this load.
            if !self.mailbox.has_work() {
                // An idle actor keeps no buffer of its own, only the queue's.
                batch.release();
                return Poll::Pending;
            }
        }
    }

    /// For a caller that holds the actor's turn: its own call, whose result goes to `slot`,
    /// if it is the next one in the queue.
    pub(crate) fn take_own_call(&self, slot: SlotId) -> Option<Envelope<M>> {
        self.mailbox
            .take_if(|next| next.reply.as_ref().is_some_and(|reply| slot.is(reply)))
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
            while ran < budget && self.mailbox.has_work() {
                let Some(envelope) = self.mailbox.take_next(&may_run) else {
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
        if self.mailbox.has_work() {
            self.wake_loop();
        }
        ran
    }

    /// Tells the loop to stop serving calls (a call run outside it asked the actor to stop).
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
        self.mailbox.close();
        self.waker.wake();
    }

    /// Stops accepting calls and fails the queued ones with `error`.
    pub(crate) fn close_and_fail(&self, error: &Error) {
        self.mailbox.close_and_fail(error);
        self.waker.wake();
    }

    /// How many calls wait: in the queue, and taken ahead by the loop (the running one not
    /// included). Zero once the actor is killed, though the loop may still hold told calls
    /// it took ahead until it sees that and drops them.
    pub(crate) fn len(&self) -> usize {
        if self.mailbox.is_killed() {
            return 0;
        }
        self.mailbox.len() + self.taken_ahead.load(Ordering::Relaxed)
    }
}

/// The future of [`Serving::recv`].
pub(crate) struct Recv<'a, 'b, M, T: Default> {
    serving: &'a Serving<M>,
    batch: &'a mut Batch<M>,
    turn: &'a mut LoopTurn<'b, T>,
}

impl<M, T: Default> Future for Recv<'_, '_, M, T> {
    type Output = Option<Envelope<M>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Self {
            serving,
            batch,
            turn,
        } = self.get_mut();
        if !batch.is_empty() {
            if !serving.mailbox.is_killed() {
                let next = batch.pop();
                serving.taken_ahead.store(batch.len(), Ordering::Relaxed);
                return Poll::Ready(next);
            }
            batch.release();
        }
        serving.poll_recv(batch, turn, cx)
    }
}

/// Model checks of the hand-offs with the loop, callers and hosts (`RUSTFLAGS="--cfg loom"`,
/// see `crate::sync`).
#[cfg(all(test, loom))]
mod loom_tests;
