//! A call's place among its handle's `max_pending_calls`.
//!
//! A call with a result holds its place in its result slot, which lets go of it the moment
//! the call settles (answered, cancelled, timed out, failed by `kill`), even while the call
//! still waits in a mailbox; a told call holds it in its envelope until it runs.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One call counted as pending on the handle that made it, until the guard is dropped. One
/// pointer, so that a queued call stays small.
pub(crate) struct PendingGuard(Arc<AtomicUsize>);

impl PendingGuard {
    /// Counts one more call on `counter`, unless `limit` calls are pending already.
    pub(crate) fn try_new(counter: &Arc<AtomicUsize>, limit: usize) -> Option<Self> {
        let previous = counter.fetch_add(1, Ordering::AcqRel);
        if previous >= limit {
            counter.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        Some(Self(counter.clone()))
    }
}

impl Drop for PendingGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}
