//! The resources of the task running on this thread, which it gives back while it blocks on
//! a result (so that the task it waits for can run), and takes again after.

use std::cell::RefCell;
use std::sync::Arc;

use crate::scheduler::{ResourceGuard, Resources, Scheduler};

thread_local! {
    /// The resources held by the task running on this thread.
    static TASK_RESOURCES: RefCell<Option<(Arc<Scheduler>, Resources, ResourceGuard)>> =
        const { RefCell::new(None) };
}

/// Runs `wait` with the current task's resources given back, and takes them again after.
///
/// Outside a task, just runs `wait`.
pub(crate) fn release_while_blocked<R>(wait: impl FnOnce() -> R) -> R {
    let held = TASK_RESOURCES.with(|held| held.borrow_mut().take());
    let Some((scheduler, needs, guard)) = held else {
        return wait();
    };
    drop(guard);
    let result = wait();
    let guard = futures::executor::block_on(scheduler.acquire(needs.clone()));
    TASK_RESOURCES.with(|held| *held.borrow_mut() = Some((scheduler, needs, guard)));
    result
}

/// Notes that the task starting on this thread holds `needs` of `scheduler`, by `guard`.
pub(crate) fn hold(scheduler: Arc<Scheduler>, needs: Resources, guard: ResourceGuard) {
    TASK_RESOURCES.with(|held| *held.borrow_mut() = Some((scheduler, needs, guard)));
}

/// Gives back the resources of the task that ends on this thread.
pub(crate) fn give_back() {
    drop(TASK_RESOURCES.with(|held| held.borrow_mut().take()));
}
