//! Tasks: functions run in parallel on threads of their own, placed by the resources they
//! need, as Ray's remote functions are.
//!
//! A sync task runs on a blocking thread, never on a thread that runs actors; it holds its
//! resources (1 CPU by default) while it runs, and gives them back while it blocks on a
//! result, so that tasks waiting on tasks cannot deadlock the node.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::task::Poll;
use std::time::Instant;

use futures::FutureExt;

use crate::args::KeptArgs;
use crate::blocking_jobs;
use crate::current;
use crate::error::Error;
use crate::object_ref::ObjectRef;
use crate::panic_message::panic_message;
use crate::resource_options::{ResourceOptions, resource_builders};
use crate::runtime::{self, Runtime};
use crate::scheduler::{ResourceGuard, Resources, Waiter};
use crate::slot::{ErasedSlot, Slot};
use crate::state::TaskCounters;
use crate::task_resources;

/// The options of one task submission, as `f::options()` builds them.
///
/// Options that can never work (a negative amount, an empty resource name) make the task's
/// `ObjectRef` resolve with `Error::InvalidOptions`.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskOptions {
    resources: ResourceOptions,
    max_retries: u32,
}

impl Default for TaskOptions {
    fn default() -> Self {
        Self {
            resources: ResourceOptions::cpus(1.0),
            max_retries: 0,
        }
    }
}

impl TaskOptions {
    resource_builders!("by the task while it runs", 1);

    /// How often a panicking task is run again before its `ObjectRef` fails
    /// (0 by default). Retrying needs arguments that are `Clone`.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }
}

/// Submits the sync task `name`: runs `function(args)` on a thread of its own once its
/// resources are free. Used by the code `#[task]` generates.
pub fn submit<Args, R, F>(
    options: TaskOptions,
    name: &'static str,
    args: KeptArgs<Args>,
    function: F,
) -> ObjectRef<R>
where
    Args: Send + 'static,
    R: Send + 'static,
    F: Fn(Args) -> R + Send + 'static,
{
    let slot = Slot::new();
    accept(
        &options,
        name,
        slot.clone(),
        args.can_retry(),
        run_sync(args, function),
    );
    ObjectRef::from_task(slot)
}

/// Submits the sync task `name` once `args` (its arguments given as `ObjectRef`s) are
/// there; the task asks for its resources only then. Used by the code `#[task]` generates.
#[cold]
#[inline(never)]
pub fn submit_after<Args, R, F>(
    options: TaskOptions,
    name: &'static str,
    args: impl Future<Output = Result<Args, Error>> + Send + 'static,
    keep: fn(Args) -> KeptArgs<Args>,
    function: F,
) -> ObjectRef<R>
where
    Args: Send + 'static,
    R: Send + 'static,
    F: Fn(Args) -> R + Send + 'static,
{
    after_dependencies(name, args, move |args, slot| {
        let args = keep(args);
        accept(
            &options,
            name,
            slot,
            args.can_retry(),
            run_sync(args, function),
        );
    })
}

/// How a sync task runs once its resources are granted: on a thread of its own.
fn run_sync<Args, R, F>(
    args: KeptArgs<Args>,
    function: F,
) -> impl FnOnce(Submission<R>, ResourceGuard) + Send + 'static
where
    Args: Send + 'static,
    R: Send + 'static,
    F: Fn(Args) -> R + Send + 'static,
{
    move |submission, guard| {
        let runtime = submission.runtime.clone();
        blocking_jobs::spawn(
            &runtime,
            Box::new(move || {
                if submission.slot.is_complete() {
                    // Cancelled while it waited for a thread.
                    return submission.finish(Err(String::from("cancelled")));
                }
                let _context = current::enter_task();
                let needs = submission.needs.clone();
                task_resources::hold(submission.runtime.scheduler.clone(), needs, guard);
                // Each try runs to its end when it is called: the tries need one poll.
                let result = run_tries(&submission, args, |value| {
                    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| function(value)));
                    std::future::ready(Some(outcome))
                })
                .now_or_never()
                .unwrap_or_else(|| unreachable!("a sync try never waits"));
                // Resources go back before the value: a caller that has it sees them free.
                blocking_jobs::ending_a_task(task_resources::give_back);
                submission.finish(result);
            }),
        );
    }
}

/// Submits the async task `name`: runs `function(args)` on the runtime once its resources
/// are free. Used by the code `#[task]` generates.
pub fn submit_async<Args, R, F, Fut>(
    options: TaskOptions,
    name: &'static str,
    args: KeptArgs<Args>,
    function: F,
) -> ObjectRef<R>
where
    Args: Send + 'static,
    R: Send + 'static,
    F: Fn(Args) -> Fut + Send + 'static,
    Fut: Future<Output = R> + Send + 'static,
{
    let slot = Slot::new();
    accept(
        &options,
        name,
        slot.clone(),
        args.can_retry(),
        run_async(args, function),
    );
    ObjectRef::from_task(slot)
}

/// Submits the async task `name` once `args` (its arguments given as `ObjectRef`s) are
/// there; the task asks for its resources only then. Used by the code `#[task]` generates.
#[cold]
#[inline(never)]
pub fn submit_async_after<Args, R, F, Fut>(
    options: TaskOptions,
    name: &'static str,
    args: impl Future<Output = Result<Args, Error>> + Send + 'static,
    keep: fn(Args) -> KeptArgs<Args>,
    function: F,
) -> ObjectRef<R>
where
    Args: Send + 'static,
    R: Send + 'static,
    F: Fn(Args) -> Fut + Send + 'static,
    Fut: Future<Output = R> + Send + 'static,
{
    after_dependencies(name, args, move |args, slot| {
        let args = keep(args);
        accept(
            &options,
            name,
            slot,
            args.can_retry(),
            run_async(args, function),
        );
    })
}

/// How an async task runs once its resources are granted: on the runtime.
fn run_async<Args, R, F, Fut>(
    args: KeptArgs<Args>,
    function: F,
) -> impl FnOnce(Submission<R>, ResourceGuard) + Send + 'static
where
    Args: Send + 'static,
    R: Send + 'static,
    F: Fn(Args) -> Fut + Send + 'static,
    Fut: Future<Output = R> + Send + 'static,
{
    move |submission, guard| {
        let runtime = submission.runtime.clone();
        runtime.spawn(async move {
            let slot = submission.slot.clone();
            let result = run_tries(&submission, args, move |value| {
                let running = AssertUnwindSafe(function(value)).catch_unwind();
                let slot = slot.clone();
                // `None` if cancelled: the future is dropped at its `.await`.
                async move { until_settled(running, &*slot).await }
            })
            .await;
            drop(guard);
            submission.finish(result);
        });
    }
}

/// Waits, on the runtime and holding no resources, for the arguments of the task `name`,
/// then has `start` submit it with its `ObjectRef`'s slot. A failed argument fails the
/// task unrun; a task cancelled meanwhile stops waiting; one still waiting when the
/// runtime shuts down fails with `Error::RuntimeShutdown`.
fn after_dependencies<Args, R>(
    name: &'static str,
    args: impl Future<Output = Result<Args, Error>> + Send + 'static,
    start: impl FnOnce(Args, Arc<Slot<R>>) + Send + 'static,
) -> ObjectRef<R>
where
    Args: Send + 'static,
    R: Send + 'static,
{
    let slot = Slot::new();
    let waiting = FailOnDrop(Some(slot.clone()));
    runtime::current().spawn(async move {
        let mut waiting = waiting;
        let Some(slot) = waiting.0.clone() else {
            return;
        };
        match until_settled(args, &*slot).await {
            Some(Ok(args)) => {
                if let Some(slot) = waiting.0.take() {
                    start(args, slot);
                }
            }
            Some(Err(error)) => {
                crate::state::task_counters(name).failed_at_submit();
                slot.complete(Err(error));
            }
            None => {} // Cancelled while it waited.
        }
    });
    ObjectRef::from_task(slot)
}

/// The slot of a task waiting for its arguments: fails with `Error::RuntimeShutdown` if
/// the wait is dropped before the task was submitted.
struct FailOnDrop<R: Send + 'static>(Option<Arc<Slot<R>>>);

impl<R: Send + 'static> Drop for FailOnDrop<R> {
    fn drop(&mut self) {
        if let Some(slot) = self.0.take() {
            slot.complete(Err(Error::RuntimeShutdown));
        }
    }
}

/// Accepts the task `name`, whose result goes to `slot`, and has `start` run it once its
/// resources are free; `slot` fails at once if its options can never work.
fn accept<R: Send + 'static>(
    options: &TaskOptions,
    name: &'static str,
    slot: Arc<Slot<R>>,
    can_retry: bool,
    start: impl FnOnce(Submission<R>, ResourceGuard) + Send + 'static,
) {
    match Submission::new(options, name, can_retry, slot.clone()) {
        Ok(submission) => submission.launch(start),
        Err(error) => {
            crate::state::task_counters(name).failed_at_submit();
            slot.complete(Err(error));
        }
    }
}

/// Runs the task's tries until one returns, or fails once no retry is left. `one_try` runs
/// the function on one try's arguments: `Some` with how it ended, or `None` if the task was
/// cancelled meanwhile.
async fn run_tries<Args, R, Try>(
    submission: &Submission<R>,
    mut args: KeptArgs<Args>,
    mut one_try: impl FnMut(Args) -> Try,
) -> Result<R, String>
where
    R: Send + 'static,
    Try: Future<Output = Option<std::thread::Result<R>>>,
{
    let mut retries_left = submission.max_retries;
    loop {
        let value = args
            .next(retries_left == 0)
            .ok_or_else(|| String::from("the task's arguments were already used"))?;
        let Some(outcome) = one_try(value).await else {
            return Err(String::from("cancelled"));
        };
        match outcome {
            Ok(value) => return Ok(value),
            Err(panic) if retries_left == 0 => return Err(panic_message(&*panic)),
            Err(_) => {
                retries_left -= 1;
                submission.counters.retried();
            }
        }
    }
}

/// Runs `work` until it ends, or until `slot` is settled elsewhere (cancelled, or the
/// runtime shut down); `None` in that case, with `work` dropped.
async fn until_settled<F: Future>(work: F, slot: &dyn ErasedSlot) -> Option<F::Output> {
    let mut work = std::pin::pin!(work);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(output) = work.as_mut().poll(cx) {
            return Poll::Ready(Some(output));
        }
        slot.poll_completed_elsewhere(cx).map(|()| None)
    })
    .await
}

/// One accepted task on its way to a thread. If it is dropped unfinished (the runtime shut
/// down before it ran), its `ObjectRef` resolves with `Error::RuntimeShutdown`.
struct Submission<R: Send + 'static> {
    runtime: Arc<Runtime>,
    name: &'static str,
    needs: Resources,
    max_retries: u32,
    counters: Arc<TaskCounters>,
    slot: Arc<Slot<R>>,
    /// When its resources were granted: its run's time counts from then.
    granted: Option<Instant>,
}

impl<R: Send + 'static> Submission<R> {
    /// Accepts the task, or fails with why its options can never work.
    fn new(
        options: &TaskOptions,
        name: &'static str,
        can_retry: bool,
        slot: Arc<Slot<R>>,
    ) -> Result<Self, Error> {
        options
            .resources
            .check()
            .map_err(|problem| Error::InvalidOptions {
                reason: format!("task `{name}`: {problem}"),
            })?;
        let runtime = runtime::current();
        let needs = options.resources.needs();
        if let Some(missing) = runtime.scheduler.never_fits(&needs) {
            return Err(Error::Unschedulable {
                missing: format!("task `{name}` {missing}"),
            });
        }
        if options.max_retries > 0 && !can_retry {
            return Err(Error::InvalidOptions {
                reason: format!(
                    "task `{name}` has max_retries = {} but its arguments are not all `Clone`, \
                     so it cannot run again; derive `Clone` for them or drop max_retries",
                    options.max_retries
                ),
            });
        }
        let counters = crate::state::task_counters(name);
        counters.submitted();
        Ok(Self {
            runtime,
            name,
            needs,
            max_retries: options.max_retries,
            counters,
            slot,
            granted: None,
        })
    }

    /// Runs `start` with the task's resources: at once if they are free, else once freed.
    fn launch(self, start: impl FnOnce(Self, ResourceGuard) + Send + 'static) {
        let scheduler = self.runtime.scheduler.clone();
        let needs = self.needs.clone();
        scheduler.request(
            needs,
            Box::new(PendingTask {
                submission: self,
                start,
            }),
        );
    }

    fn finish(&self, result: Result<R, String>) {
        let took = self
            .granted
            .map(|granted| granted.elapsed())
            .unwrap_or_default();
        match result {
            Ok(value) => {
                self.counters.finished(true, took);
                self.slot.complete(Ok(value));
            }
            Err(message) => {
                self.counters.finished(false, took);
                self.slot.complete(Err(Error::TaskPanicked {
                    task: self.name.to_owned(),
                    message,
                }));
            }
        }
    }
}

/// A task waiting for its resources. A task cancelled meanwhile is dropped, unrun, when
/// the scheduler reaches it.
struct PendingTask<R: Send + 'static, F> {
    submission: Submission<R>,
    start: F,
}

impl<R, F> Waiter for PendingTask<R, F>
where
    R: Send + 'static,
    F: FnOnce(Submission<R>, ResourceGuard) + Send,
{
    fn wanted(&self) -> bool {
        !self.submission.slot.is_complete()
    }

    fn grant(self: Box<Self>, guard: ResourceGuard) {
        let Self {
            mut submission,
            start,
        } = *self;
        submission.counters.started();
        submission.granted = Some(Instant::now());
        start(submission, guard);
    }

    fn abandon(self: Box<Self>) {
        self.submission.counters.cancelled_while_pending();
    }
}

impl<R: Send + 'static> Drop for Submission<R> {
    fn drop(&mut self) {
        self.slot.complete(Err(Error::RuntimeShutdown));
    }
}

/// Expands, inside a generated task `Options`, to the builder methods of [`TaskOptions`].
#[doc(hidden)]
#[macro_export]
macro_rules! task_option_builders {
    () => {
        $crate::__resource_option_builders!();
        $crate::__forward_option!(
            /// How often a panicking task runs again before its `ObjectRef` fails.
            max_retries(max_retries: u32)
        );
    };
}
