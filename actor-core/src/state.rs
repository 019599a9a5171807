//! The state API: a snapshot of every actor and its per-method figures, and of every task
//! function; [`summary`] prints them as tables.

mod table;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::actor::{ActorId, ActorState};
use crate::registry;

/// The figures of one method of one actor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodStats {
    /// The method's name.
    pub method: String,
    /// Calls finished (successful, `Err` or panicked).
    pub calls: u64,
    /// Calls that returned `Err` or panicked.
    pub errors: u64,
    /// Time spent in the method over all calls. Exact for methods that may block (every
    /// call of theirs is timed); for a method proven quick, scaled up from the one call in
    /// 16 that is timed.
    pub total_time: Duration,
    /// The longest timed call.
    pub max_time: Duration,
}

impl MethodStats {
    /// The mean time of a call, zero before the first call.
    pub fn mean_time(&self) -> Duration {
        match u32::try_from(self.calls) {
            Ok(0) => Duration::ZERO,
            Ok(calls) => self.total_time / calls,
            Err(_) => Duration::from_secs_f64(self.total_time.as_secs_f64() / self.calls as f64),
        }
    }
}

/// A snapshot of one actor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorInfo {
    /// The actor's unique id.
    pub id: ActorId,
    /// The Rust type name of the actor.
    pub class_name: String,
    /// Its name, if it has one.
    pub name: Option<String>,
    /// The namespace of its name.
    pub namespace: String,
    /// Where it is in its life.
    pub state: ActorState,
    /// How often it was restarted.
    pub num_restarts: u32,
    /// Calls waiting to run: those in its mailbox, and the told calls its loop took from
    /// there ahead of running them (not the running call).
    pub queue_len: usize,
    /// Per-method figures, in the order of the impl block.
    pub methods: Vec<MethodStats>,
}

impl ActorInfo {
    /// The figures of the method called `method`, if the actor has one.
    pub fn method(&self, method: &str) -> Option<&MethodStats> {
        self.methods.iter().find(|stats| stats.method == method)
    }
}

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
    TASKS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .entry(name)
        .or_default()
        .clone()
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
    TASKS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
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
