//! The state API: a snapshot of every actor and its per-method figures, and of every task
//! function; [`summary`] prints them as tables.

mod table;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

use serde::{Deserialize, Serialize};

use crate::actor::ActorId;
use crate::lock::lock;
use crate::registry;

pub use crate::records::{ActorInfo, MethodStats};

/// Every actor this process knows of, live or dead while a handle to it remains, by id.
pub fn list_actors() -> Vec<ActorInfo> {
    let mut actors: Vec<ActorInfo> = registry::all().iter().map(|actor| actor.info()).collect();
    actors.sort_by_key(|info| info.id);
    actors
}

/// The snapshot of the actor with id `id`, if this process knows it.
pub fn get_actor_info(id: ActorId) -> Option<ActorInfo> {
    registry::lookup_id(id).map(|actor| actor.info())
}

/// Counters of one task function, kept by the runtime.
#[derive(Default)]
pub(crate) struct TaskCounters {
    pending: AtomicU64,
    running: AtomicU64,
    finished: AtomicU64,
    failed: AtomicU64,
    retries: AtomicU64,
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

    /// A running task ended, successfully or not.
    pub(crate) fn finished(&self, ok: bool) {
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
        TaskSummary {
            name: name.to_owned(),
            pending: self.pending.load(Ordering::Relaxed),
            running: self.running.load(Ordering::Relaxed),
            finished: self.finished.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            retries: self.retries.load(Ordering::Relaxed),
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
}

/// One summary per task function submitted in this process, by name.
pub fn list_tasks() -> Vec<TaskSummary> {
    lock(&TASKS)
        .iter()
        .map(|(name, counters)| counters.summary(name))
        .collect()
}

/// A snapshot of every actor and every task function, printable as two tables.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// What [`list_actors`] returned.
    pub actors: Vec<ActorInfo>,
    /// What [`list_tasks`] returned.
    pub tasks: Vec<TaskSummary>,
}

/// The actors and task functions of this process, as [`list_actors`] and [`list_tasks`]
/// return them; print it to see them as tables: `println!("{}", state::summary())`.
pub fn summary() -> Summary {
    Summary {
        actors: list_actors(),
        tasks: list_tasks(),
    }
}
