//! Calls that may block, handed from a loop on the program's runtime to a thread of
//! actor-core's own.
//!
//! An actor's loop runs on its creator's tokio runtime when it has one (see
//! `Runtime::actor_home`). Dropping that runtime, as `#[tokio::main]` does when `main`
//! returns, waits for every thread of it, a thread in `block_in_place` too: a method blocked
//! for good there would keep the program from exiting. So on such a runtime, a call whose
//! method may block its thread (`MethodContext::may_block_thread`) runs on a blocking thread
//! of actor-core's runtime, which nothing joins (see `runtime::on_own_thread`), while the loop
//! awaits it. The actor object goes with the call and comes back with its outcome.
//!
//! If the loop is dropped meanwhile (its runtime shut down), the actor dies of it: the call
//! fails at once with that cause, as every call of the actor does, and the actor object is
//! dropped on that thread once the method returns, if it ever does. A method blocked for
//! good dies with the process, and its `#[on_stop]` does not run.

use std::sync::Arc;

use crate::current;
use crate::error::DeathCause;
use crate::runtime;

use super::Actor;
use super::call::{self, Dispatched};
use super::cell::ActorCell;
use super::reply::{HandedOff, Reply};

/// Whether the loop running here must hand a call of `method` to actor-core's threads.
#[inline]
pub(super) fn must_hand_off<A: Actor>(cell: &ActorCell<A>, method: usize) -> bool {
    cell.context.may_block_thread(method) && !runtime::on_own_thread()
}

/// Runs the call of `message`, opened as `reply`, on `actor` on a blocking thread of
/// actor-core's runtime, inside the loop's runtime's context (so that `tokio::spawn` in the
/// method spawns where it would have in the loop), and awaits it. Hands back the actor
/// (`None` if it was lost with that thread) and, if the method panicked, its message;
/// `reply` is left for the loop to settle then.
pub(super) async fn run<A: Actor>(
    cell: &Arc<ActorCell<A>>,
    actor: A,
    message: A::Message,
    reply: &Reply<'_>,
) -> (Option<A>, Option<String>) {
    let handed = reply.hand_off();
    let job_cell = cell.clone();
    let home = tokio::runtime::Handle::current();
    let (done, outcome) = tokio::sync::oneshot::channel();
    runtime::current().spawn_blocking(move || {
        let _home = home.enter();
        let mut actor = actor;
        let panicked = run_here(&job_cell, &mut actor, message, handed, &home);
        // The loop is gone if this fails: the actor dies here.
        let _ = done.send((actor, panicked));
    });
    let dropped = LoopDropped(Some(cell));
    let outcome = outcome.await;
    dropped.disarm();
    match outcome {
        Ok((actor, panicked)) => (Some(actor), panicked),
        Err(_) => (
            None,
            Some(String::from(
                "the thread running the call ended without handing the actor back",
            )),
        ),
    }
}

/// Marks the actor dead of a runtime shutdown if the loop is dropped while it awaits a
/// call handed off: only its runtime's shutdown drops the loop of an actor that lives (every
/// other way marks the actor dead first). Done before the loop's reply of the call is
/// dropped, which would fail the call with a graceful cause.
struct LoopDropped<'a, A: Actor>(Option<&'a ActorCell<A>>);

impl<A: Actor> LoopDropped<'_, A> {
    /// The call came back: the loop goes on.
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl<A: Actor> Drop for LoopDropped<'_, A> {
    fn drop(&mut self) {
        if let Some(cell) = self.0 {
            cell.die(DeathCause::RuntimeShutdown);
        }
    }
}

/// Runs the call handed off as `handed` on this thread, as the loop would; an async
/// method is driven to its end here. Returns the panic message, if the method panicked.
fn run_here<A: Actor>(
    cell: &ActorCell<A>,
    actor: &mut A,
    message: A::Message,
    handed: HandedOff,
    home: &tokio::runtime::Handle,
) -> Option<String> {
    let context = &cell.context;
    let counters = &cell.telemetry.as_ref()[A::method_index(&message)];
    let reply = Reply::adopt(context, handed, cell, counters);
    let outcome = match call::dispatch(actor, message, &reply, context, || ()) {
        Dispatched::Ended(outcome) => outcome,
        Dispatched::Running(method) => {
            let _async = current::enter_async_method();
            home.block_on(method)
        }
    };
    let panicked = call::close(context, &reply, outcome);
    if panicked.is_some() {
        reply.leave();
    }
    panicked
}
