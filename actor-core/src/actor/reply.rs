//! What generated dispatch code gets for each call: where the result goes, and how to run
//! a sync method.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::context;
use crate::slot::{ErasedSlot, Slot};

use super::ActorId;

/// Where the value of the running call goes. Used by code `#[actor]` generates.
pub struct Reply {
    slot: Arc<dyn ErasedSlot>,
    user_error: AtomicBool,
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reply").finish_non_exhaustive()
    }
}

impl Reply {
    pub(crate) fn new(slot: Arc<dyn ErasedSlot>) -> Self {
        Self {
            slot,
            user_error: AtomicBool::new(false),
        }
    }

    /// Hands the method's value to the caller.
    pub fn send<R: Send + 'static>(&self, value: R) {
        match self.slot.as_any().downcast_ref::<Slot<R>>() {
            Some(slot) => {
                slot.complete(Ok(value));
            }
            None => debug_assert!(false, "reply slot of another type than the method's"),
        }
    }

    /// Hands a method's `Result` to the caller, and counts an `Err` as an error in telemetry.
    pub fn send_result<T: Send + 'static, E: Send + 'static>(&self, value: Result<T, E>) {
        if value.is_err() {
            self.user_error.store(true, Ordering::Relaxed);
        }
        self.send(value);
    }

    /// Completes the reply with `error` unless the method already answered.
    pub(crate) fn fail(&self, error: crate::error::Error) {
        self.slot.fail(error);
    }

    /// Whether the method returned an `Err`.
    pub(crate) fn was_user_error(&self) -> bool {
        self.user_error.load(Ordering::Relaxed)
    }
}

/// Per-actor facts the dispatch code needs while a method runs.
#[derive(Debug)]
pub struct MethodContext {
    actor_id: ActorId,
    blocking: AtomicBool,
    took_sync_path: AtomicBool,
}

impl MethodContext {
    pub(crate) fn new(actor_id: ActorId, blocking: bool) -> Self {
        Self {
            actor_id,
            blocking: AtomicBool::new(blocking),
            took_sync_path: AtomicBool::new(false),
        }
    }

    /// From now on, run the sync methods of this actor where they may block.
    pub(crate) fn mark_blocking(&self) {
        self.blocking.store(true, Ordering::Relaxed);
    }

    /// Whether the last call ran a sync method inline on a runtime thread.
    pub(crate) fn took_sync_path(&self) -> bool {
        self.took_sync_path.swap(false, Ordering::Relaxed)
    }

    /// Runs the body of a sync method.
    ///
    /// Methods of an actor known to block run under `block_in_place`, which hands this
    /// worker's other work to another thread first, so other actors keep running.
    pub fn run_sync<R>(&self, method: impl FnOnce() -> R) -> R {
        let _guard = context::enter_sync_method(self.actor_id);
        if self.blocking.load(Ordering::Relaxed) {
            tokio::task::block_in_place(method)
        } else {
            self.took_sync_path.store(true, Ordering::Relaxed);
            method()
        }
    }
}
