//! What code knows about where it runs: inside which actor's method, or inside a task.

use std::cell::Cell;

use crate::actor::ActorId;

#[derive(Clone, Copy, Default)]
struct Current {
    /// The actor whose sync method runs on this thread.
    sync_actor: Option<ActorId>,
    /// This thread runs a task: blocking on a result is allowed here.
    in_task: bool,
}

thread_local! {
    static CURRENT: Cell<Current> = const { Cell::new(Current { sync_actor: None, in_task: false }) };
}

/// Restores the previous context of the thread when dropped.
pub(crate) struct ContextGuard {
    previous: Current,
}

impl Drop for ContextGuard {
    fn drop(&mut self) {
        CURRENT.with(|current| current.set(self.previous));
    }
}

fn enter(update: impl FnOnce(&mut Current)) -> ContextGuard {
    CURRENT.with(|current| {
        let previous = current.get();
        let mut next = previous;
        update(&mut next);
        current.set(next);
        ContextGuard { previous }
    })
}

/// Marks this thread as running a sync method of actor `id` until the guard drops.
pub(crate) fn enter_sync_method(id: ActorId) -> ContextGuard {
    enter(|current| current.sync_actor = Some(id))
}

/// Marks this thread as running a task until the guard drops.
pub(crate) fn enter_task() -> ContextGuard {
    enter(|current| {
        current.in_task = true;
        current.sync_actor = None;
    })
}

/// The id of the actor whose sync method runs on this thread, if any.
pub fn actor_id() -> Option<ActorId> {
    CURRENT.with(|current| current.get().sync_actor)
}

/// Whether a blocking wait is allowed here without stalling an executor thread.
pub(crate) fn may_block() -> bool {
    let current = CURRENT.with(Cell::get);
    current.in_task
        || current.sync_actor.is_some()
        || tokio::runtime::Handle::try_current().is_err()
}

/// Whether this thread runs inside a sync actor method on a runtime worker thread.
pub(crate) fn in_sync_method() -> bool {
    CURRENT.with(|current| current.get().sync_actor.is_some())
}
