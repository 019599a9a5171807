//! Locks of `std` whose data stays valid when a thread panicked while holding one.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks `mutex`, poisoned or not: no user code runs under the runtime's locks, so a panic
/// elsewhere never leaves their data half-changed.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
