//! What generated dispatch code gets for each call: where the result goes, and how to run
//! a sync method.

use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::current;
use crate::error::Error;
use crate::lock::lock;
use crate::slot::{ErasedSlot, Slot};
use crate::telemetry::MethodCounters;

use super::mailbox::PendingGuard;
use super::{ActorControl, ActorId};

/// Where the value of the running call goes. Used by code `#[actor]` generates.
///
/// The call is counted in the actor's telemetry just before its value is handed over, so a
/// caller that has the value also sees the call in `state::list_actors()`.
pub struct Reply<'a> {
    /// Where the running call and its result slot are published; the slot is taken from
    /// there to answer, so that `kill` and the answer settle it once, without a copy of it.
    context: &'a MethodContext,
    /// The call has a result slot: it was not sent with `tell`.
    asked: bool,
    /// The slot was taken back from the context: nothing is left to settle.
    taken: AtomicBool,
    /// Counts the call against its handle's `max_pending_calls` until it answers (or the
    /// reply is dropped); locked only when `counted`.
    pending: Mutex<Option<PendingGuard>>,
    /// The call counts against `max_pending_calls`.
    counted: bool,
    /// Says why a call dropped unanswered failed: the actor was killed or shut down while
    /// the method ran, and its future was dropped.
    unanswered: &'a dyn ActorControl,
    /// The call is run by the caller that awaits it (see `caller_runs`): nobody waits to be
    /// woken by its answer.
    caller_runs: bool,
    /// The call was handed back to the mailbox to run again: not failed when dropped.
    requeued: AtomicBool,
    /// The counters of the call's method.
    counters: &'a MethodCounters,
    /// When the call started, if it is timed (see [`MethodContext::times`]).
    started: Option<Instant>,
    /// How long the method took, in nanoseconds, once a timed call answered.
    elapsed_nanos: AtomicU64,
    answered: AtomicBool,
}

impl std::fmt::Debug for Reply<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reply").finish_non_exhaustive()
    }
}

impl<'a> Reply<'a> {
    /// The reply of a call that `context.begin` published, counted in `counters` (its
    /// method's), timed from `started` if that is given; `asked` is what `begin` returned.
    #[inline]
    pub(crate) fn new(
        context: &'a MethodContext,
        asked: bool,
        pending: Option<PendingGuard>,
        unanswered: &'a dyn ActorControl,
        counters: &'a MethodCounters,
        started: Option<Instant>,
    ) -> Self {
        Self {
            context,
            asked,
            taken: AtomicBool::new(false),
            counted: pending.is_some(),
            pending: Mutex::new(pending),
            unanswered,
            caller_runs: false,
            requeued: AtomicBool::new(false),
            counters,
            started,
            elapsed_nanos: AtomicU64::new(0),
            answered: AtomicBool::new(false),
        }
    }

    /// Hands the method's value to the caller.
    #[inline]
    pub fn send<R: Send + 'static>(&self, value: R) {
        self.answer(false, value);
    }

    /// Hands a method's `Result` to the caller, and counts an `Err` as an error in telemetry.
    #[inline]
    pub fn send_result<T: Send + 'static, E: Send + 'static>(&self, value: Result<T, E>) {
        self.answer(value.is_err(), value);
    }

    /// Counts the call and hands `value` over. A told call that is neither timed nor
    /// counted against `max_pending_calls` (most of a burst of `tell`s) has nothing else to
    /// do: that path is inlined into the generated dispatch, the rest is not.
    #[inline(always)]
    fn answer<R: Send + 'static>(&self, is_error: bool, value: R) {
        if !self.asked && !self.counted && self.started.is_none() {
            self.counters.record(None, is_error);
            self.answered.store(true, Ordering::Relaxed);
            return;
        }
        self.answer_in_full(is_error, value);
    }

    #[inline(never)]
    fn answer_in_full<R: Send + 'static>(&self, is_error: bool, value: R) {
        if let Some(elapsed) = self.record(is_error) {
            self.elapsed_nanos.store(nanos(elapsed), Ordering::Relaxed);
        }
        self.answered.store(true, Ordering::Relaxed);
        if self.counted {
            // Uncounted now: a caller that has the value may call again at once.
            drop(lock(&self.pending).take());
        }
        let Some(slot) = self.take_slot() else {
            return;
        };
        match slot.as_any().downcast_ref::<Slot<R>>() {
            Some(slot) => {
                slot.answer(value, !self.caller_runs);
            }
            None => debug_assert!(false, "reply slot of another type than the method's"),
        }
    }

    /// Hands the call over to a reply that [`Reply::adopt`] makes on the thread that is to
    /// run it instead (see `actor::hand_off`): its place among `max_pending_calls` and its
    /// start time go with it. This reply still settles the call if that one leaves it
    /// ([`Reply::leave`]), or if this one is dropped first.
    pub(crate) fn hand_off(&self) -> HandedOff {
        HandedOff {
            asked: self.asked,
            pending: lock(&self.pending).take(),
            started: self.started,
        }
    }

    /// The reply of a call handed over by [`Reply::hand_off`], counted in `counters` (its
    /// method's); `unanswered` is the actor.
    pub(crate) fn adopt(
        context: &'a MethodContext,
        handed: HandedOff,
        unanswered: &'a dyn ActorControl,
        counters: &'a MethodCounters,
    ) -> Self {
        Self::new(
            context,
            handed.asked,
            handed.pending,
            unanswered,
            counters,
            handed.started,
        )
    }

    /// Leaves the call unsettled, for the reply it was handed off from to settle (after a
    /// panic, which that reply's runner deals with).
    pub(crate) fn leave(&self) {
        self.taken.store(true, Ordering::Relaxed);
    }

    /// Marks the call as run by the caller that awaits it.
    pub(crate) fn run_by_its_caller(&mut self) {
        self.caller_runs = true;
    }

    /// Marks the call as handed back to the mailbox for a retry.
    pub(crate) fn requeued(&self) {
        self.requeued.store(true, Ordering::Relaxed);
    }

    /// The result slot of the call, taken from where it is published; `None` for a told
    /// call, or once taken.
    #[inline]
    fn take_slot(&self) -> Option<Arc<dyn ErasedSlot>> {
        if !self.asked || self.taken.load(Ordering::Relaxed) {
            return None;
        }
        self.taken.store(true, Ordering::Relaxed);
        lock(&self.context.running).take()
    }

    /// Completes the reply with `error` unless the method already answered.
    pub(crate) fn fail(&self, error: crate::error::Error) {
        if let Some(slot) = self.take_slot() {
            slot.fail(error);
        }
    }

    /// Ready once the call's result was settled by someone else (cancel, kill, timeout).
    /// A told call has no result to settle: only `kill` stops it, by dropping it.
    pub(crate) fn poll_settled_elsewhere(
        &self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if !self.asked {
            return std::task::Poll::Pending;
        }
        match &*lock(&self.context.running) {
            Some(slot) => slot.poll_completed_elsewhere(cx),
            // Taken: the method answered, or the reply failed.
            None => std::task::Poll::Ready(()),
        }
    }

    /// Counts the call in telemetry; returns how long it took, if it is timed.
    #[inline]
    pub(crate) fn record(&self, is_error: bool) -> Option<Duration> {
        let elapsed = self.started.map(|started| started.elapsed());
        self.counters.record(elapsed, is_error);
        elapsed
    }

    /// Whether the method answered (else it panicked or was abandoned).
    #[inline]
    pub(crate) fn answered(&self) -> bool {
        self.answered.load(Ordering::Relaxed)
    }

    /// How long a timed call that answered took.
    #[inline]
    pub(crate) fn elapsed(&self) -> Option<Duration> {
        self.started
            .map(|_| Duration::from_nanos(self.elapsed_nanos.load(Ordering::Relaxed)))
    }
}

/// What a call's [`Reply`] hands to the thread that runs the call instead of its loop.
pub(crate) struct HandedOff {
    asked: bool,
    pending: Option<PendingGuard>,
    started: Option<Instant>,
}

impl Drop for Reply<'_> {
    #[inline]
    fn drop(&mut self) {
        let Some(slot) = self.take_slot() else {
            return;
        };
        if !slot.is_done() && !self.requeued.load(Ordering::Relaxed) {
            slot.fail(self.unanswered.unanswered_error());
        }
    }
}

fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

/// A sync method that runs longer than this blocks: it runs off the worker threads from then
/// on, so that it cannot hold up other actors.
const BLOCKING_THRESHOLD: Duration = Duration::from_millis(2);

/// One call in this many of a method proven quick is timed (see [`MethodContext::times`]).
pub(super) const SAMPLE_EVERY: u64 = 16;

/// `MethodContext::sync_body` when the call ran no sync body.
const NO_SYNC_BODY: u64 = u64::MAX;
/// `MethodContext::sync_body` when the sync body ran inline (its time is the call's), or an
/// async method was ready at its first poll.
const INLINE_BODY: u64 = u64::MAX - 1;
/// `MethodContext::sync_body` when an async method waited at its first poll: it may not run
/// outside its loop, and needs no thread of its own (see [`WAITS`]).
const SUSPENDED_BODY: u64 = u64::MAX - 2;

/// How a sync method of an actor is run, learnt from its calls.
const UNPROVEN: u8 = 0;
/// It returned quickly: run it inline on the runtime's thread. The values from `INLINE` up
/// to `BLOCKING - 1` count the slow calls in a row seen since (all still inline).
const INLINE: u8 = 1;
/// It blocked on a probe, or was slow this many calls in a row while inline: run it under
/// `block_in_place`, off the runtime's threads, from then on. A single slow inline call may
/// be a preemption of its thread rather than blocking, so it takes several in a row. (An
/// async method ready at its first poll but slow stays unproven instead: see `learn`.)
const BLOCKING: u8 = 4;
/// An async method that waited at its first poll: it runs in its loop, awaited there, and
/// gives its thread back while it waits, so it never blocks one (unlike [`BLOCKING`]).
const WAITS: u8 = 5;

/// Per-actor facts the dispatch code needs while a method runs.
///
/// Each sync method of a class starts unproven and runs under `block_in_place` (which hands
/// the worker's other actors to another thread first) until one call shows whether it
/// blocks: a method that returned quickly runs inline from then on, for every actor of the
/// class, with no thread hand-off; one that blocked runs under `block_in_place` from then on.
/// So an actor whose first call sleeps never holds a runtime thread, and the probe costs one
/// hand-off per method and class, not per actor. A loop on a runtime other than
/// actor-core's own hands such calls to a thread of actor-core's instead (see
/// `actor::hand_off` and `MethodContext::may_block_thread`), where `block_in_place` runs
/// the body as it is: the program's runtime never holds a method that may block.
pub struct MethodContext {
    actor_id: ActorId,
    /// The mode of each method of the class, indexed like `Actor::METHODS`.
    modes: &'static [AtomicU8],
    /// `#[actor(blocking)]` or `.blocking(true)`: every sync call runs off the workers.
    blocking: bool,
    /// The method of the running call.
    current: AtomicUsize,
    /// How the running call's sync body ran: not at all (`NO_SYNC_BODY`), inline
    /// (`INLINE_BODY`), or off the workers, taking this many nanoseconds.
    sync_body: AtomicU64,
    /// The result slot of the running call, until its reply takes it: `kill` fails it at
    /// once, even while a sync method blocks its thread, or an async one is being polled
    /// on another thread.
    running: Mutex<Option<Arc<dyn ErasedSlot>>>,
}

impl std::fmt::Debug for MethodContext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MethodContext")
            .field("actor_id", &self.actor_id)
            .field("blocking", &self.blocking)
            .finish_non_exhaustive()
    }
}

/// The modes of the methods of one actor class, learnt from their calls; `#[actor]`
/// generates one `static` per class.
#[derive(Debug)]
pub struct MethodModes<const N: usize>([AtomicU8; N]);

impl<const N: usize> MethodModes<N> {
    /// Every method unproven.
    pub const fn new() -> Self {
        Self([const { AtomicU8::new(UNPROVEN) }; N])
    }

    /// The modes, indexed like `Actor::METHODS`.
    pub fn as_slice(&'static self) -> &'static [AtomicU8] {
        &self.0
    }
}

impl<const N: usize> Default for MethodModes<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl MethodContext {
    /// A context for an actor whose class learnt `modes`; with `blocking`, every sync
    /// method runs under `block_in_place`.
    pub(crate) fn new(actor_id: ActorId, blocking: bool, modes: &'static [AtomicU8]) -> Self {
        Self {
            actor_id,
            modes,
            blocking,
            current: AtomicUsize::new(0),
            sync_body: AtomicU64::new(NO_SYNC_BODY),
            running: Mutex::new(None),
        }
    }

    /// Fails the running call, if any, with `error`. The slot stays published, so that the
    /// method sees `is_cancelled`.
    pub(crate) fn fail_running(&self, error: Error) {
        let running = lock(&self.running).clone();
        if let Some(slot) = running {
            slot.fail(error);
        }
    }

    /// Whether the running call was settled before it answered: cancelled, timed out, or
    /// its actor killed. A told call is never cancelled.
    pub(crate) fn running_call_cancelled(&self) -> bool {
        lock(&self.running)
            .as_ref()
            .is_some_and(|slot| slot.is_done())
    }

    /// Notes that the next call runs the method with index `method`, its result going to
    /// `slot` (none for a told call), which the call's [`Reply`] takes back. Returns whether
    /// the call has a slot.
    #[inline(always)]
    pub(crate) fn begin(&self, method: usize, slot: Option<Arc<dyn ErasedSlot>>) -> bool {
        self.current.store(method, Ordering::Relaxed);
        self.sync_body.store(NO_SYNC_BODY, Ordering::Relaxed);
        let asked = slot.is_some();
        if asked {
            *lock(&self.running) = slot;
        }
        asked
    }

    /// Whether `method` proved quick (so it is sync, and runs inline on a worker).
    #[inline]
    pub(crate) fn proved_quick(&self, method: usize) -> bool {
        !self.blocking
            && self
                .modes
                .get(method)
                .is_some_and(|mode| mode.load(Ordering::Relaxed) == INLINE)
    }

    /// Whether a call of `method` may block its thread: a sync method not proven quick
    /// (or of an actor marked blocking), or an async one that blocked its thread while
    /// ready at its first poll. Not an async method that waits: it gives its thread back.
    /// Such a call must not run on a thread of a runtime that is joined when it is dropped
    /// (see `actor::hand_off`).
    pub(crate) fn may_block_thread(&self, method: usize) -> bool {
        match self
            .modes
            .get(method)
            .map(|mode| mode.load(Ordering::Relaxed))
        {
            Some(WAITS) => false,
            Some(mode) if (INLINE..BLOCKING).contains(&mode) => self.blocking,
            _ => true,
        }
    }

    /// Whether a call of `method` is timed: every call of a method that may block (one not
    /// proven quick, or suspected since a slow call), and one call in [`SAMPLE_EVERY`] of
    /// a quick one, `sequence` being the call's number in the actor. Reading the clock
    /// costs about as much as the rest of a quick call.
    #[inline]
    pub(crate) fn times(&self, method: usize, sequence: u64) -> bool {
        !self.proved_quick(method) || sequence.is_multiple_of(SAMPLE_EVERY)
    }

    /// Learns from the call that just returned, which took `elapsed` in all if it was
    /// timed, whether its method blocks. A body run off the workers is judged by its own
    /// time, without the thread hand-off, so that a slow hand-off never marks a quick
    /// method as blocking.
    ///
    /// An async method ready at its first poll is judged by the whole call's time, which a
    /// preemption of its thread stretches as much as blocking would: a first call of it that
    /// was slow leaves it unproven, to be judged again on its next call, rather than marking
    /// a quick method blocking for good. That costs nothing: an unproven async method runs in
    /// its loop, as a blocking one does. (A sync method's probe stays final: run inline
    /// after a slow first call, a method that does block would hold a worker.)
    #[inline]
    pub(crate) fn learn(&self, elapsed: Option<Duration>) {
        // `None`: an async method that waited at its first poll.
        let sync_body = self.sync_body.load(Ordering::Relaxed);
        let blocked = match sync_body {
            NO_SYNC_BODY => return,
            SUSPENDED_BODY => None,
            INLINE_BODY => match elapsed {
                Some(elapsed) => Some(elapsed > BLOCKING_THRESHOLD),
                None => return,
            },
            nanos => Some(Duration::from_nanos(nanos) > BLOCKING_THRESHOLD),
        };
        let Some(mode) = self.modes.get(self.current.load(Ordering::Relaxed)) else {
            return;
        };
        let next = match (mode.load(Ordering::Relaxed), blocked) {
            (settled @ (BLOCKING | WAITS), _) => settled,
            (_, Some(false)) => INLINE,
            (UNPROVEN, Some(true)) if sync_body == INLINE_BODY => UNPROVEN,
            (slow_in_a_row @ INLINE.., _) if slow_in_a_row + 1 < BLOCKING => slow_in_a_row + 1,
            (_, None) => WAITS,
            (_, Some(true)) => BLOCKING,
        };
        mode.store(next, Ordering::Relaxed);
    }

    /// Notes how the running async method's first poll went: ready at once (it may prove
    /// quick, and then run where its caller awaits it), or waiting.
    #[inline]
    pub(crate) fn note_first_poll(&self, ready: bool) {
        let body = if ready { INLINE_BODY } else { SUSPENDED_BODY };
        self.sync_body.store(body, Ordering::Relaxed);
    }

    /// The actor this context belongs to.
    pub(crate) fn actor_id(&self) -> ActorId {
        self.actor_id
    }

    /// Runs the body of a sync method: inline if it proved quick, else under
    /// `block_in_place`, which hands this worker's other work to another thread first, so
    /// other actors keep running (on a thread that is no worker, such as the one a call is
    /// handed off to, `block_in_place` just runs the body).
    #[inline]
    pub fn run_sync<R>(&self, reply: &Reply<'_>, method: impl FnOnce() -> R) -> R {
        let mode = self
            .modes
            .get(self.current.load(Ordering::Relaxed))
            .map_or(UNPROVEN, |mode| mode.load(Ordering::Relaxed));
        if (INLINE..BLOCKING).contains(&mode) && !self.blocking {
            // A quick call: `is_cancelled` finds its slot through the actor, if it asks.
            let _guard = current::enter_sync_method(self.actor_id, None);
            self.sync_body.store(INLINE_BODY, Ordering::Relaxed);
            // A call the watchdog finds stuck is a slow call, or shows the method blocks.
            return super::watchdog::watch(method, |blocks| {
                let mode = self.modes.get(self.current.load(Ordering::Relaxed));
                match mode {
                    Some(mode) if blocks => mode.store(BLOCKING, Ordering::Relaxed),
                    _ => self.learn(Some(Duration::MAX)),
                }
            });
        }
        let call = if reply.asked {
            lock(&self.running).clone()
        } else {
            None
        };
        let _guard = current::enter_sync_method(self.actor_id, call);
        let _blocking = super::host::Blocking::enter();
        tokio::task::block_in_place(|| {
            let started = Instant::now();
            let value = method();
            let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(SUSPENDED_BODY - 1);
            self.sync_body
                .store(nanos.min(SUSPENDED_BODY - 1), Ordering::Relaxed);
            value
        })
    }
}
