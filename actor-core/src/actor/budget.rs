//! How calls run outside their actor's loop share tokio's cooperative budget: a task that
//! runs such calls in a row (a caller, a hosting loop) still yields now and then.

use std::cell::Cell;

/// Calls run outside their loop draw one unit of tokio's cooperative budget per this many:
/// each draw that runs the budget out makes the task yield, and each yield wakes a parked
/// worker (a system call).
const RUN_HERE_PER_DRAW: u64 = 16;

thread_local! {
    /// Calls this thread ran outside their loop since the last draw was due.
    static RUN_HERE_SINCE_DRAW: Cell<u64> = const { Cell::new(0) };
}

/// Counts `ran` more calls run outside their loop on this thread (by their caller, or by a
/// loop that hosts them); returns whether the task that ran them should draw on tokio's
/// budget now, so that a task running such calls in a loop still yields now and then.
#[inline]
pub(crate) fn budget_draw_due(ran: u64) -> bool {
    let since = RUN_HERE_SINCE_DRAW.get() + ran;
    let due = since >= RUN_HERE_PER_DRAW;
    RUN_HERE_SINCE_DRAW.set(if due { 0 } else { since });
    due
}
