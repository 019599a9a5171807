//! Death notices for supervisors: the slots that `actor_core::watch` hands out for one actor,
//! completed with the cause when the actor dies (not when it restarts).

use std::sync::Arc;

use parking_lot::Mutex;

use crate::error::{DeathCause, Error};
use crate::slot::Slot;

/// The death notices of one actor, kept in its cell.
pub(crate) struct DeathWatchers {
    state: Mutex<Watchers>,
}

enum Watchers {
    /// The notices to complete when the actor dies.
    Alive(Vec<Arc<Slot<DeathCause>>>),
    /// It died of this: a new notice is complete at once. Boxed, so that every actor's cell
    /// keeps 32 bytes for its notices, not 64.
    Dead(Box<DeathCause>),
}

impl DeathWatchers {
    pub(crate) fn new() -> Self {
        Self {
            state: Mutex::new(Watchers::Alive(Vec::new())),
        }
    }

    /// A notice that the actor died, and why; complete at once if it is dead already.
    pub(crate) fn watch(&self) -> Arc<Slot<DeathCause>> {
        let slot = Slot::new();
        match &mut *self.state.lock() {
            Watchers::Alive(slots) => {
                // Forget the notices nobody holds any more, so that an actor watched again
                // and again over a long life does not keep them all.
                slots.retain(|slot| Arc::strong_count(slot) > 1);
                slots.push(slot.clone());
            }
            Watchers::Dead(cause) => {
                slot.complete(Ok(DeathCause::clone(cause)));
            }
        }
        slot
    }

    /// Completes every notice with `cause`, and every later one at once.
    pub(crate) fn notify(&self, cause: DeathCause) {
        let dead = Watchers::Dead(Box::new(cause.clone()));
        let watchers = std::mem::replace(&mut *self.state.lock(), dead);
        if let Watchers::Alive(slots) = watchers {
            for slot in slots {
                slot.complete(Ok(cause.clone()));
            }
        }
    }
}

/// An actor whose cell goes away without dying (it always dies first, with a cause) still
/// resolves its notices, as every `ObjectRef` resolves.
impl Drop for DeathWatchers {
    fn drop(&mut self) {
        if let Watchers::Alive(slots) = &*self.state.lock() {
            for slot in slots {
                slot.complete(Err(Error::RuntimeShutdown));
            }
        }
    }
}
