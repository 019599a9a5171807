//! The execution layer: who runs an actor's calls, decided here and nowhere else.
//!
//! The mailbox below is a queue; the loop (`run_loop`) drains it. Three mechanisms let
//! others run a call where that is cheaper than a wake and two task switches, each only for
//! calls that [`ActorCell::may_run_outside_loop`] allows, under the actor's turn (`turn`),
//! through the one module that runs a call (`call`):
//! - the caller runs the call it awaits (`caller_runs`), if the loop is parked;
//! - a loop hosts the calls its quick sync methods send to idle actors (`host`);
//! - a stand-in task runs a hosting loop's own calls while a call it hosts blocks.
//!
//! A sender hands its call to [`deliver`], which queues it and wakes (or, while a method
//! runs, has hosted) the loop, and nudges a loop that a burst of `tell`s left behind.
//! [`runner`] says whether the `ObjectRef` of a call may run it where it is awaited.
//!
//! This is where a call to an actor of another process will be routed too: a handle's
//! target is the cell; a remote target will queue the call on a connection instead.

use std::sync::Arc;

use super::Actor;
use super::caller_runs::RunHere;
use super::cell::ActorCell;
use super::host;
use super::mailbox::Envelope;
use super::watchdog;

/// How many told calls may wait in the mailbox before the sender nudges the loop: enough
/// that a loop that keeps up is never nudged, few enough that a burst of `tell`s does not
/// pile up in memory for long.
const TOLD_CALLS_PILING_UP: usize = 256;

/// Queues `envelope` on the actor of `cell` and has it run; hands it back if the actor no
/// longer accepts calls.
#[inline]
pub(crate) fn deliver<A: Actor>(
    cell: &Arc<ActorCell<A>>,
    envelope: Envelope<A::Message>,
) -> Result<(), Envelope<A::Message>> {
    let pushed = cell.calls.push_quietly(envelope)?;
    if pushed.was_empty {
        // Its loop may be parked.
        if host::wake_or_defer(cell) && watchdog::stalled() {
            // A thread is stuck in a call that was to be quick: the woken loop may not get
            // a worker. (A deferred wake is the host's to run; the watchdog's searches find
            // it should the host be the stuck one.)
            watchdog::strand(cell.clone());
        }
    } else if pushed.told_waiting == TOLD_CALLS_PILING_UP {
        // It may sit unrun in this worker's LIFO slot (see `nudge_loop`).
        cell.nudge_loop();
    }
    Ok(())
}

/// Who may run a call of `method` where its `ObjectRef` is awaited, if anyone.
#[inline]
pub(crate) fn runner<A: Actor>(
    cell: &Arc<ActorCell<A>>,
    method: usize,
) -> Option<Arc<dyn RunHere>> {
    cell.may_run_outside_loop(method).then(|| {
        let runner: Arc<dyn RunHere> = cell.clone();
        runner
    })
}

impl<A: Actor> ActorCell<A> {
    /// The one predicate of the layer: whether a call of method `method` may run outside
    /// the actor's loop, by a caller that awaits it or by a loop that hosts it. It must run
    /// there exactly as in the loop: a sync method that proved quick (so it runs inline on a
    /// worker in the loop too), of an actor that does not restart (a restart needs the
    /// loop's constructor arguments) and that runs in this process (the loop of an isolated
    /// actor, or of a worker's stand-in for a driver's actor, sends its calls elsewhere).
    /// Known when the call is made, so that other calls carry nothing for it.
    #[inline]
    pub(crate) fn may_run_outside_loop(&self, method: usize) -> bool {
        !self.options.runs_only_in_its_loop() && self.context.proved_quick(method)
    }

    /// Whether a stand-in thread may run this actor's calls while a thread is stuck in a
    /// call that was to be quick, so that its loop may not get a worker (see `watchdog`):
    /// every call of an actor that does not restart and runs in this process. A stand-in is
    /// a thread of its own, not a worker: a method that blocks or waits there holds it
    /// alone, and another stand-in takes over its work.
    #[inline]
    pub(crate) fn may_stand_in(&self) -> bool {
        !self.options.runs_only_in_its_loop()
    }

    /// Whether the loop may host the calls its methods send to idle actors (see `host`).
    #[inline]
    pub(crate) fn may_host(&self) -> bool {
        !A::HAS_ASYNC_METHODS && !self.options.runs_only_in_its_loop()
    }

    /// Whether a loop on `runtime` may host this actor's calls (see `host`).
    #[inline]
    pub(crate) fn may_be_hosted(&self, runtime: tokio::runtime::Id) -> bool {
        !self.options.runs_only_in_its_loop() && self.runs_on(runtime)
    }

    /// Moves the loop to where an idle worker can take it, if it waits in this worker's
    /// LIFO slot; called by a sender that queued [`TOLD_CALLS_PILING_UP`] told calls the
    /// loop has not taken.
    ///
    /// The first of them woke the loop, and tokio keeps a task woken by a worker's task in
    /// that worker's LIFO slot, which no other worker steals from, until the waking task
    /// yields; a task that only tells never does, so its calls pile up in memory and run
    /// only after it, on its thread. An empty task spawned here takes the slot: tokio moves
    /// the loop to the worker's queue and wakes an idle worker, which takes the loop, so the
    /// calls run while the sender sends. Where the loop was elsewhere, the empty task costs
    /// one spawn per [`TOLD_CALLS_PILING_UP`] calls.
    #[cold]
    pub(crate) fn nudge_loop(&self) {
        if let Ok(runtime) = tokio::runtime::Handle::try_current()
            && runtime.id() == self.home()
        {
            drop(runtime.spawn(async {}));
        }
    }
}
