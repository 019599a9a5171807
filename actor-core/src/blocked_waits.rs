//! How many threads block in a wait inside an actor's sync method, each off the workers
//! (`block_in_place`), so that a deep chain of such waits fails with a clear error before it
//! takes every thread tokio's blocking pool has (512 unless the runtime says otherwise), which
//! would hang it silently.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::Error;

/// At most this many threads block at once in waits inside actor methods: half of tokio's
/// default blocking pool, leaving the rest to tasks and to methods that block on their own.
pub(crate) const MAX_BLOCKED_WAITS: usize = 256;

static BLOCKED: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread is counted in `BLOCKED` already: a wait nested in a call run here while
    /// an outer wait blocks it takes no thread of its own.
    static COUNTED: Cell<bool> = const { Cell::new(false) };
}

/// This thread counted as blocked in a wait inside an actor's method, until the guard drops
/// (`counted` is false for a wait nested in another on the same thread).
#[derive(Debug)]
pub(crate) struct BlockedWait {
    counted: bool,
}

impl BlockedWait {
    /// Counts this thread as blocked, unless it is already; fails if [`MAX_BLOCKED_WAITS`]
    /// threads are.
    pub(crate) fn enter() -> Result<Self, Error> {
        if COUNTED.get() {
            return Ok(Self { counted: false });
        }
        let before = BLOCKED.fetch_add(1, Ordering::AcqRel);
        if before >= MAX_BLOCKED_WAITS {
            BLOCKED.fetch_sub(1, Ordering::AcqRel);
            return Err(Error::Deadlock {
                reason: format!(
                    "{MAX_BLOCKED_WAITS} threads already block in `.get()` (or `get`, `wait`) \
                     inside actor methods, each waiting on the next: one more would take the \
                     runtime's last threads; make the chain async and `.await` each call, or \
                     return or pass the `ObjectRef` instead of waiting for it"
                ),
            });
        }
        COUNTED.set(true);
        Ok(Self { counted: true })
    }
}

impl Drop for BlockedWait {
    fn drop(&mut self) {
        if self.counted {
            COUNTED.set(false);
            BLOCKED.fetch_sub(1, Ordering::AcqRel);
        }
    }
}
