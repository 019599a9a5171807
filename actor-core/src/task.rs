//! Tasks: functions run in parallel on threads of their own, placed by the resources they
//! need, as Ray's remote functions are.
//!
//! A sync task runs on a blocking thread, never on a thread that runs actors; it holds its
//! resources (1 CPU by default) while it runs, and gives them back while it blocks on a
//! result, so that tasks waiting on tasks cannot deadlock the node.

use std::collections::BTreeMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::task::Poll;

use futures::FutureExt;

use crate::args::KeptArgs;
use crate::blocking_jobs;
use crate::current;
use crate::error::Error;
use crate::object_ref::ObjectRef;
use crate::panic_message::panic_message;
use crate::runtime::{self, Runtime};
use crate::scheduler::{ResourceGuard, Resources, Waiter};
use crate::slot::{ErasedSlot, Slot};
use crate::state::TaskCounters;
use crate::task_resources;

/// The options of one task submission, as `f::options()` builds them.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskOptions {
    num_cpus: f64,
    num_gpus: f64,
    resources: BTreeMap<String, f64>,
    max_retries: u32,
}

impl Default for TaskOptions {
    fn default() -> Self {
        Self {
            num_cpus: 1.0,
            num_gpus: 0.0,
            resources: BTreeMap::new(),
            max_retries: 0,
        }
    }
}

impl TaskOptions {
    /// CPUs the task holds while it runs (1 by default, fractions allowed).
    pub fn num_cpus(mut self, num_cpus: f64) -> Self {
        self.num_cpus = num_cpus;
        self
    }

    /// GPUs the task holds while it runs (0 by default, fractions allowed).
    pub fn num_gpus(mut self, num_gpus: f64) -> Self {
        self.num_gpus = num_gpus;
        self
    }

    /// An amount of a custom resource the task holds while it runs.
    pub fn resource(mut self, key: impl Into<String>, amount: f64) -> Self {
        self.resources.insert(key.into(), amount);
        self
    }

    /// How often a panicking task is run again before its `ObjectRef` fails
    /// (0 by default). Retrying needs arguments that are `Clone`.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    fn needs(&self) -> Resources {
        Resources::of(self.num_cpus, self.num_gpus, &self.resources)
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
    let Some(start) = Submission::new(&options, name, &args) else {
        return Submission::failed(&options, name, &args);
    };
    let slot = start.slot.clone();
    start.launch(move |submission, guard| {
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
                let mut args = args;
                let mut tries = Tries::new(&submission);
                let result = loop {
                    let value = match tries.next_args(&mut args) {
                        Ok(value) => value,
                        Err(message) => break Err(message),
                    };
                    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| function(value)));
                    match outcome.map_err(|panic| panic_message(&*panic)) {
                        Ok(value) => break Ok(value),
                        Err(message) => {
                            if let Some(last) = tries.failed(message) {
                                break Err(last);
                            }
                        }
                    }
                };
                // Resources go back before the value: a caller that has it sees them free.
                blocking_jobs::ending_a_task(task_resources::give_back);
                submission.finish(result);
            }),
        );
    });
    ObjectRef::from_task(slot)
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
    let Some(start) = Submission::new(&options, name, &args) else {
        return Submission::failed(&options, name, &args);
    };
    let slot = start.slot.clone();
    start.launch(move |submission, guard| {
        let runtime = submission.runtime.clone();
        runtime.spawn(async move {
            let mut args = args;
            let mut tries = Tries::new(&submission);
            let result = loop {
                let value = match tries.next_args(&mut args) {
                    Ok(value) => value,
                    Err(message) => break Err(message),
                };
                let running = AssertUnwindSafe(function(value)).catch_unwind();
                let Some(outcome) = until_settled(running, &*submission.slot).await else {
                    // Cancelled: the future was dropped at its `.await`.
                    break Err(String::from("cancelled"));
                };
                match outcome.map_err(|panic| panic_message(&*panic)) {
                    Ok(value) => break Ok(value),
                    Err(message) => {
                        if let Some(last) = tries.failed(message) {
                            break Err(last);
                        }
                    }
                }
            };
            drop(guard);
            submission.finish(result);
        });
    });
    ObjectRef::from_task(slot)
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

/// Counts the tries of one task: a panicking try is run again while retries are left.
struct Tries<'a> {
    counters: &'a TaskCounters,
    left: u32,
}

impl<'a> Tries<'a> {
    fn new<R: Send + 'static>(submission: &'a Submission<R>) -> Self {
        Self {
            counters: &submission.counters,
            left: submission.max_retries,
        }
    }

    /// The arguments of the next try.
    fn next_args<Args>(&self, args: &mut KeptArgs<Args>) -> Result<Args, String> {
        args.next(self.left == 0)
            .ok_or_else(|| String::from("the task's arguments were already used"))
    }

    /// Records a failed try; returns its message if it was the last one.
    fn failed(&mut self, message: String) -> Option<String> {
        if self.left == 0 {
            return Some(message);
        }
        self.left -= 1;
        self.counters.retried();
        None
    }
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
}

impl<R: Send + 'static> Submission<R> {
    /// Accepts the task, or `None` if its options can never work.
    fn new<Args>(options: &TaskOptions, name: &'static str, args: &KeptArgs<Args>) -> Option<Self> {
        let runtime = runtime::current();
        let needs = options.needs();
        if runtime.scheduler.never_fits(&needs).is_some()
            || (options.max_retries > 0 && !args.can_retry())
        {
            return None;
        }
        let counters = crate::state::task_counters(name);
        counters.submitted();
        Some(Self {
            runtime,
            name,
            needs,
            max_retries: options.max_retries,
            counters,
            slot: Slot::new(),
        })
    }

    /// The `ObjectRef` of a task whose options can never work, failed with the reason.
    fn failed<Args>(
        options: &TaskOptions,
        name: &'static str,
        args: &KeptArgs<Args>,
    ) -> ObjectRef<R> {
        let runtime = runtime::current();
        let error = match runtime.scheduler.never_fits(&options.needs()) {
            Some(missing) => Error::Unschedulable {
                missing: format!("task `{name}` {missing}"),
            },
            None if options.max_retries > 0 && !args.can_retry() => Error::InvalidOptions {
                reason: format!(
                    "task `{name}` has max_retries = {} but its arguments are not all `Clone`, \
                     so it cannot run again; derive `Clone` for them or drop max_retries",
                    options.max_retries
                ),
            },
            None => unreachable!("Submission::new refused only these two cases"),
        };
        let slot = Slot::new();
        slot.complete(Err(error));
        crate::state::task_counters(name).failed_at_submit();
        ObjectRef::from_task(slot)
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
        match result {
            Ok(value) => {
                self.counters.finished(true);
                self.slot.complete(Ok(value));
            }
            Err(message) => {
                self.counters.finished(false);
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
        self.submission.counters.started();
        (self.start)(self.submission, guard);
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
        $crate::__forward_option!(
            /// CPUs the task holds while it runs (1 by default, fractions allowed).
            num_cpus(num_cpus: f64)
        );
        $crate::__forward_option!(
            /// GPUs the task holds while it runs (0 by default, fractions allowed).
            num_gpus(num_gpus: f64)
        );
        $crate::__forward_option!(
            /// How often a panicking task runs again before its `ObjectRef` fails.
            max_retries(max_retries: u32)
        );

        /// An amount of a custom resource the task holds while it runs.
        pub fn resource(
            mut self,
            key: impl ::core::convert::Into<::std::string::String>,
            amount: f64,
        ) -> Self {
            self.options = self.options.resource(key, amount);
            self
        }
    };
}
