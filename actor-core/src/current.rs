//! Where this thread is: inside which actor's method (sync or async), or inside a task.
//! Kept per thread, set by whoever runs a method or a task, read by the context functions
//! and by the checks that keep a blocking wait off the runtime's workers.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use crate::actor::ActorId;
use crate::slot::ErasedSlot;

#[derive(Clone, Copy, Default)]
struct Current {
    /// The actor whose method (sync or async) runs on this thread now.
    actor: Option<ActorId>,
    /// That method is sync: blocking on a result is allowed here.
    in_sync_method: bool,
    /// This thread runs a task: blocking on a result is allowed here.
    in_task: bool,
    /// This thread drives an async method to its end (see `actor::hand_off`): blocking on
    /// a result is refused here, as on a worker.
    polls_method: bool,
}

thread_local! {
    static CURRENT: Cell<Current> = const {
        Cell::new(Current { actor: None, in_sync_method: false, in_task: false, polls_method: false })
    };
    /// The result slot of the sync method running on this thread, for `is_cancelled`.
    static CALL: RefCell<Option<Arc<dyn ErasedSlot>>> = const { RefCell::new(None) };
}

/// Restores the previous context of the thread when dropped.
pub(crate) struct ContextGuard {
    previous: Current,
}

impl Drop for ContextGuard {
    #[inline]
    fn drop(&mut self) {
        CURRENT.with(|current| current.set(self.previous));
    }
}

#[inline]
fn enter(update: impl FnOnce(&mut Current)) -> ContextGuard {
    CURRENT.with(|current| {
        let previous = current.get();
        let mut next = previous;
        update(&mut next);
        current.set(next);
        ContextGuard { previous }
    })
}

/// Marks this thread as running a method of actor `id` (one poll of it) until the guard drops.
#[inline]
pub(crate) fn enter_method(id: ActorId) -> ContextGuard {
    enter(|current| {
        current.actor = Some(id);
        current.in_sync_method = false;
    })
}

/// The guard of a sync method: restores the context and forgets the call when dropped.
pub(crate) struct SyncMethodGuard {
    _context: ContextGuard,
    published: bool,
}

impl Drop for SyncMethodGuard {
    #[inline]
    fn drop(&mut self) {
        if self.published {
            CALL.with(|call| call.borrow_mut().take());
        }
    }
}

/// Marks this thread as running the sync method of actor `id`; `call` is where its result
/// goes, for `is_cancelled` (a told call has none).
#[inline]
pub(crate) fn enter_sync_method(id: ActorId, call: Option<Arc<dyn ErasedSlot>>) -> SyncMethodGuard {
    let published = call.is_some();
    if published {
        CALL.with(|slot| *slot.borrow_mut() = call);
    }
    SyncMethodGuard {
        _context: enter(|current| {
            current.actor = Some(id);
            current.in_sync_method = true;
        }),
        published,
    }
}

/// Marks this thread as driving an async method's future to its end until the guard
/// drops; the method's own polls mark which actor's it is.
pub(crate) fn enter_async_method() -> ContextGuard {
    enter(|current| current.polls_method = true)
}

/// Marks this thread as running a task until the guard drops.
pub(crate) fn enter_task() -> ContextGuard {
    enter(|current| {
        current.in_task = true;
        current.actor = None;
        current.in_sync_method = false;
    })
}

/// The id of the actor whose method runs here, if any.
pub(crate) fn actor_id() -> Option<ActorId> {
    CURRENT.with(|current| current.get().actor)
}

/// The actor whose sync method runs here, if any.
pub(crate) fn sync_method_actor() -> Option<ActorId> {
    let current = CURRENT.with(Cell::get);
    current.actor.filter(|_| current.in_sync_method)
}

/// Whether the call of the sync method running here was settled already, if the method
/// published its call on this thread (one that runs off the workers does).
pub(crate) fn published_call_done() -> Option<bool> {
    CALL.with(|call| call.borrow().as_ref().map(|slot| slot.is_done()))
}

/// Whether a blocking wait is allowed here without stalling an executor thread.
pub(crate) fn may_block() -> bool {
    let current = CURRENT.with(Cell::get);
    current.in_task || current.in_sync_method || !(current.polls_method || polls_async_code())
}

/// Whether this thread polls the futures of a tokio runtime: a worker of a multi-threaded
/// runtime, the thread of a current-thread runtime, or a thread in `block_on` (the body of
/// `#[tokio::main]`). Blocking there stalls other futures.
///
/// A thread of the runtime's blocking pool (`tokio::task::spawn_blocking`) is none of these,
/// though it too finds the runtime through `Handle::try_current`: tokio gives a worker (and
/// the thread that drives a current-thread runtime) a worker index, and a blocking closure a
/// task id but no worker index, while a thread in `block_on` has neither. (The one case this
/// misses: a `LocalSet` run inside a multi-threaded runtime's `block_on` also has task ids
/// and no worker index, so a `.get()` in its tasks blocks them.)
fn polls_async_code() -> bool {
    if tokio::runtime::worker_index().is_some() {
        return true;
    }
    tokio::runtime::Handle::try_current().is_ok() && tokio::task::try_id().is_none()
}

/// Whether this thread runs inside a sync actor method.
pub(crate) fn in_sync_method() -> bool {
    CURRENT.with(|current| current.get().in_sync_method)
}
