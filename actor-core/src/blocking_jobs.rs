//! Sync task bodies on tokio's blocking threads, with a hand-off: a thread that ends a task
//! runs the next task its freed resources were granted to, instead of waking another
//! thread for it. A batch of small tasks then runs back to back on as many threads as
//! there are CPUs to hold, with no thread switch per task.

use std::cell::{Cell, RefCell};

use crate::runtime::Runtime;

/// One task body, with everything it needs.
pub(crate) type Job = Box<dyn FnOnce() + Send>;

thread_local! {
    /// This thread is giving back the resources of the task it just ran.
    static ENDING_A_TASK: Cell<bool> = const { Cell::new(false) };
    /// The job granted those resources: it runs on this thread next.
    static NEXT: RefCell<Option<Job>> = const { RefCell::new(None) };
}

/// Runs `job` on a blocking thread: this one, after its current task, when called while
/// that task gives back its resources; else a thread of the pool.
pub(crate) fn spawn(runtime: &Runtime, job: Job) {
    let job = if ENDING_A_TASK.with(Cell::get) {
        // One job per thread: a second one, granted by the same release, runs in parallel.
        NEXT.with(|next| {
            let mut next = next.borrow_mut();
            match *next {
                None => {
                    *next = Some(job);
                    None
                }
                Some(_) => Some(job),
            }
        })
    } else {
        Some(job)
    };
    if let Some(job) = job {
        runtime.spawn_blocking(move || run_here(job));
    }
}

/// Runs `job`, then each job handed to this thread as a task ended.
fn run_here(job: Job) {
    let mut job = Some(job);
    while let Some(current) = job {
        current();
        job = NEXT.with(|next| next.borrow_mut().take());
    }
}

/// Runs `release`, which gives back the resources of the task that just ended here, taking
/// over the next sync task they are granted to. Only at the end of a task: a task that
/// blocks must not take over work it would hold up.
pub(crate) fn ending_a_task(release: impl FnOnce()) {
    ENDING_A_TASK.with(|ending| ending.set(true));
    release();
    ENDING_A_TASK.with(|ending| ending.set(false));
}
