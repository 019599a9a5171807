//! The JSON the dashboard answers with (see the README's section "The dashboard"), as types.
//!
//! Only the fields the tables show are read; the JSON printed by `--format json` is the
//! dashboard's own, untouched.

use serde::Deserialize;

/// A page of `GET /api/actors`.
#[derive(Debug, Deserialize)]
pub(crate) struct ActorPage {
    /// How many actors match the filters, in all pages.
    pub(crate) total: u64,
    /// The actors of this page.
    pub(crate) actors: Vec<ActorRow>,
}

/// One actor, as `GET /api/actors` lists it.
#[derive(Debug, Deserialize)]
pub(crate) struct ActorRow {
    /// The actor's id (`0000abcd.1f`).
    pub(crate) id: String,
    /// The name of its struct.
    pub(crate) class: String,
    /// The name it was given, if any.
    pub(crate) name: Option<String>,
    /// Its namespace.
    pub(crate) namespace: String,
    /// ALIVE, DEAD, RESTARTING or PENDING_CREATION.
    pub(crate) state: String,
    /// Why it died, if it did.
    pub(crate) death_cause: Option<String>,
    /// The process it lives in.
    pub(crate) pid: u32,
    /// How often it was restarted.
    pub(crate) restarts: u32,
    /// Calls waiting in its queue.
    pub(crate) queue_len: u64,
    /// Calls of all its methods.
    pub(crate) calls: u64,
    /// Calls that failed.
    pub(crate) errors: u64,
    /// The mean time of a call, in microseconds, if one was timed.
    pub(crate) mean_latency_us: Option<f64>,
    /// The 99th percentile of a call's time, in microseconds, if one was timed.
    pub(crate) p99_latency_us: Option<f64>,
    /// Seconds since it was created, if the dashboard knows.
    pub(crate) uptime_s: Option<f64>,
}

/// `GET /api/actors/{id}`: the actor's row and its methods.
#[derive(Debug, Deserialize)]
pub(crate) struct ActorDetail {
    /// What the list shows of it.
    #[serde(flatten)]
    pub(crate) actor: ActorRow,
    /// One row per method that was called.
    pub(crate) methods: Vec<MethodRow>,
}

/// One method of an actor.
#[derive(Debug, Deserialize)]
pub(crate) struct MethodRow {
    /// The method's name.
    pub(crate) method: String,
    /// Its calls.
    pub(crate) calls: u64,
    /// Its calls that failed.
    pub(crate) errors: u64,
    /// Mean time of a call, in microseconds.
    pub(crate) mean_us: Option<f64>,
    /// Median time of a call, in microseconds.
    pub(crate) p50_us: Option<f64>,
    /// 99th percentile of a call's time, in microseconds.
    pub(crate) p99_us: Option<f64>,
    /// Longest call, in microseconds.
    pub(crate) max_us: Option<f64>,
    /// Whether the times come from a sample of the calls rather than from every call.
    pub(crate) sampled: bool,
}

/// `GET /api/tasks`.
#[derive(Debug, Deserialize)]
pub(crate) struct TaskList {
    /// One row per task function.
    pub(crate) tasks: Vec<TaskRow>,
}

/// The tasks of one function, by state.
#[derive(Debug, Deserialize)]
pub(crate) struct TaskRow {
    /// The function's name.
    pub(crate) function: String,
    /// Submitted, not running yet.
    pub(crate) pending: u64,
    /// Running now.
    pub(crate) running: u64,
    /// Returned.
    pub(crate) finished: u64,
    /// Failed (after their retries).
    pub(crate) failed: u64,
    /// Retries made.
    pub(crate) retries: u64,
    /// Mean time of a run, in microseconds.
    pub(crate) mean_us: Option<f64>,
    /// 99th percentile of a run's time, in microseconds.
    pub(crate) p99_us: Option<f64>,
}

impl TaskRow {
    /// How many of its tasks are in `state` (PENDING, RUNNING, FINISHED, FAILED), or `None`
    /// for another word.
    pub(crate) fn count_in(&self, state: &str) -> Option<u64> {
        match state {
            "PENDING" => Some(self.pending),
            "RUNNING" => Some(self.running),
            "FINISHED" => Some(self.finished),
            "FAILED" => Some(self.failed),
            _ => None,
        }
    }
}
