//! What code knows about where it runs: inside which actor's method, or inside a task; and
//! what a method may ask of its actor (its id, its own handle, whether its call was
//! cancelled, to stop after this call).

use crate::actor::{ActorHandle, ActorId, ActorRef, HasHandle};
use crate::current;
use crate::registry;

/// The id of the actor whose method runs here, if any.
pub fn actor_id() -> Option<ActorId> {
    current::actor_id()
}

/// The handle of the actor whose method runs here, if it is a `A`.
///
/// The handle counts like any other: keeping it in the actor's own state keeps the actor
/// alive until it is killed or terminated.
pub fn current_actor<A: HasHandle>() -> Option<A::Handle> {
    let control = registry::lookup_id(actor_id()?)?;
    ActorRef::<A>::from_control(control).map(A::Handle::from_actor_ref)
}

/// Whether the actor whose method runs here was restarted at least once.
pub fn was_restarted() -> bool {
    actor_id()
        .and_then(registry::lookup_id)
        .is_some_and(|actor| actor.info().num_restarts > 0)
}

/// Whether the call running here was cancelled (or timed out, or its actor killed), so that
/// a long sync method can stop early. Async methods are simply dropped at their next `.await`.
///
/// A method that runs off the workers (one that blocks) finds its call on its thread; a
/// quick one, run inline, finds it through its actor.
pub fn is_cancelled() -> bool {
    if let Some(cancelled) = current::published_call_done() {
        return cancelled;
    }
    current::sync_method_actor()
        .and_then(registry::lookup_id)
        .is_some_and(|actor| actor.running_call_cancelled())
}

/// Stops the actor whose method calls this, once that method returns: the method's value is
/// still delivered, the `#[on_stop]` method runs, and queued and later calls fail with
/// `Error::ActorDied` (cause: exited). Does nothing outside an actor method.
pub fn exit_actor() {
    if let Some(actor) = actor_id().and_then(registry::lookup_id) {
        actor.request_exit();
    }
}
