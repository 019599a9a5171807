//! The counters of each task function, and the summaries the state API makes of them.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::lock::lock;
use crate::records::LatencyHistogram;
use crate::records::histogram::mean;
use crate::telemetry::Buckets;

/// Counters of one task function, kept by the runtime.
#[derive(Default)]
pub(crate) struct TaskCounters {
    pending: AtomicU64,
    running: AtomicU64,
    finished: AtomicU64,
    failed: AtomicU64,
    retries: AtomicU64,
    /// How long each run took, from its start to its end (over its retries), successful
    /// or not.
    latency: Buckets,
    run_nanos: AtomicU64,
}

impl TaskCounters {
    pub(crate) fn submitted(&self) {
        self.pending.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn started(&self) {
        self.pending.fetch_sub(1, Ordering::Relaxed);
        self.running.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn retried(&self) {
        self.retries.fetch_add(1, Ordering::Relaxed);
    }

    /// A running task ended, successfully or not, after running for `took`.
    pub(crate) fn finished(&self, ok: bool, took: Duration) {
        let nanos = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX);
        self.latency.count_shared(nanos);
        self.run_nanos.fetch_add(nanos, Ordering::Relaxed);
        self.running.fetch_sub(1, Ordering::Relaxed);
        let counter = if ok { &self.finished } else { &self.failed };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// A task was cancelled before it started.
    pub(crate) fn cancelled_while_pending(&self) {
        self.pending.fetch_sub(1, Ordering::Relaxed);
        self.failed.fetch_add(1, Ordering::Relaxed);
    }

    /// A task was refused at submission (it could never run).
    pub(crate) fn failed_at_submit(&self) {
        self.failed.fetch_add(1, Ordering::Relaxed);
    }

    fn summary(&self, name: &str) -> TaskSummary {
        let total_time = Duration::from_nanos(self.run_nanos.load(Ordering::Relaxed));
        TaskSummary {
            name: name.to_owned(),
            pending: self.pending.load(Ordering::Relaxed),
            running: self.running.load(Ordering::Relaxed),
            finished: self.finished.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
            latency: self.latency.histogram(total_time, None),
        }
    }
}

static TASKS: LazyLock<Mutex<BTreeMap<&'static str, Arc<TaskCounters>>>> =
    LazyLock::new(Mutex::default);

/// The counters of the task function `name`, made on first use.
pub(crate) fn task_counters(name: &'static str) -> Arc<TaskCounters> {
    lock(&TASKS).entry(name).or_default().clone()
}

/// How the tasks of one function fared so far in this process.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskSummary {
    /// The task function's name.
    pub name: String,
    /// Submitted, waiting for resources.
    pub pending: u64,
    /// Running now.
    pub running: u64,
    /// Returned a value.
    pub finished: u64,
    /// Panicked on their last try, or could never run.
    pub failed: u64,
    /// Tries run again after a panic.
    pub retries: u64,
    /// How long each task that ran took, from its start to its end over all of its tries,
    /// whether it returned or failed: every run is timed. Its `sum` is their total time.
    pub latency: LatencyHistogram,
}

impl TaskSummary {
    /// The mean time of a task that ran, `None` before the first ended.
    pub fn mean_time(&self) -> Option<Duration> {
        mean(self.latency.sum, self.latency.count())
    }
}

/// One summary per task function submitted in this process, by name.
pub fn list_tasks() -> Vec<TaskSummary> {
    lock(&TASKS)
        .iter()
        .map(|(name, counters)| counters.summary(name))
        .collect()
}
