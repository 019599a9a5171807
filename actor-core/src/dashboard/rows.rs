//! The JSON records of the API, made from the state API's snapshots.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, SystemTime};

use serde::Serialize;

use super::sampler::Rate;
use crate::ActorState;
use crate::state::{ActorInfo, LatencyHistogram, MethodStats, ResourceUsage, TaskSummary};

/// Microseconds, as the API gives durations.
pub(super) fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

/// One actor, as a row of the actors list.
#[derive(Clone, Debug, Serialize)]
pub(super) struct ActorRow {
    pub(super) id: String,
    pub(super) class: String,
    pub(super) name: Option<String>,
    pub(super) namespace: String,
    pub(super) state: &'static str,
    pub(super) death_cause: Option<String>,
    pub(super) pid: u32,
    pub(super) restarts: u32,
    pub(super) queue_len: usize,
    pub(super) calls: u64,
    pub(super) errors: u64,
    pub(super) mean_latency_us: Option<f64>,
    pub(super) p99_latency_us: Option<f64>,
    pub(super) uptime_s: f64,
}

impl ActorRow {
    pub(super) fn of(info: &ActorInfo) -> Self {
        Self {
            id: info.id.to_string(),
            class: info.class_name.clone(),
            name: info.name.clone(),
            namespace: info.namespace.clone(),
            state: info.state.label(),
            death_cause: match &info.state {
                ActorState::Dead { cause } => Some(cause.to_string()),
                _ => None,
            },
            pid: info.pid,
            restarts: info.num_restarts,
            queue_len: info.queue_len,
            calls: info.calls(),
            errors: info.errors(),
            mean_latency_us: info.mean_time().map(micros),
            p99_latency_us: info.p99_time().map(micros),
            uptime_s: SystemTime::now()
                .duration_since(info.started_at)
                .unwrap_or_default()
                .as_secs_f64(),
        }
    }
}

/// A latency histogram: call counts per bucket, each bucket up to its bound (the last,
/// without a bound, holds the rest).
#[derive(Clone, Debug, Default, Serialize)]
pub(super) struct Histogram {
    pub(super) upper_bounds_us: Vec<f64>,
    pub(super) counts: Vec<u64>,
}

impl Histogram {
    fn of(latency: &LatencyHistogram) -> Self {
        Self {
            upper_bounds_us: latency.bounds.iter().copied().map(micros).collect(),
            counts: latency.counts.clone(),
        }
    }
}

/// One point of the calls-per-second series.
#[derive(Clone, Copy, Debug, Serialize)]
pub(super) struct RatePoint {
    pub(super) t: f64,
    pub(super) calls_per_s: f64,
}

/// One method of one actor.
#[derive(Clone, Debug, Serialize)]
pub(super) struct MethodRow {
    pub(super) method: String,
    pub(super) calls: u64,
    pub(super) errors: u64,
    pub(super) mean_us: Option<f64>,
    pub(super) p50_us: Option<f64>,
    pub(super) p99_us: Option<f64>,
    pub(super) max_us: Option<f64>,
    pub(super) sampled: bool,
    pub(super) histogram: Histogram,
    pub(super) calls_per_second: Vec<RatePoint>,
}

impl MethodRow {
    fn of(stats: &MethodStats, rates: &[Rate]) -> Self {
        let timed = stats.timed_calls > 0;
        Self {
            method: stats.method.clone(),
            calls: stats.calls,
            errors: stats.errors,
            mean_us: (stats.calls > 0).then(|| micros(stats.mean_time())),
            p50_us: stats.p50().map(micros),
            p99_us: stats.p99().map(micros),
            max_us: timed.then(|| micros(stats.max_time)),
            sampled: stats.is_sampled(),
            histogram: Histogram::of(&stats.latency),
            calls_per_second: rates
                .iter()
                .map(|rate| RatePoint {
                    t: rate.at,
                    calls_per_s: rate.per_second,
                })
                .collect(),
        }
    }
}

/// One actor with its methods: the record of `/api/actors/{id}`.
#[derive(Clone, Debug, Serialize)]
pub(super) struct ActorDetail {
    #[serde(flatten)]
    pub(super) actor: ActorRow,
    pub(super) methods: Vec<MethodRow>,
}

impl ActorDetail {
    /// The record of `info`, with the calls per second the sampler kept, by method.
    pub(super) fn of(info: &ActorInfo, rates: &HashMap<String, Vec<Rate>>) -> Self {
        Self {
            actor: ActorRow::of(info),
            methods: info
                .methods
                .iter()
                .map(|stats| {
                    let rates = rates.get(&stats.method).map_or(&[][..], Vec::as_slice);
                    MethodRow::of(stats, rates)
                })
                .collect(),
        }
    }
}

/// One page of the actors list: the record of `/api/actors`.
#[derive(Clone, Debug, Serialize)]
pub(super) struct ActorList {
    pub(super) total: usize,
    pub(super) offset: usize,
    pub(super) limit: usize,
    pub(super) actors: Vec<ActorRow>,
}

/// One task function.
#[derive(Clone, Debug, Serialize)]
pub(super) struct TaskRow {
    pub(super) function: String,
    pub(super) pending: u64,
    pub(super) running: u64,
    pub(super) finished: u64,
    pub(super) failed: u64,
    pub(super) retries: u64,
    pub(super) mean_us: Option<f64>,
    pub(super) p99_us: Option<f64>,
}

impl TaskRow {
    pub(super) fn of(summary: &TaskSummary) -> Self {
        Self {
            function: summary.name.clone(),
            pending: summary.pending,
            running: summary.running,
            finished: summary.finished,
            failed: summary.failed,
            retries: summary.retries,
            mean_us: summary.mean_time().map(micros),
            p99_us: summary.latency.p99().map(micros),
        }
    }
}

/// The record of `/api/tasks`.
#[derive(Clone, Debug, Serialize)]
pub(super) struct TaskList {
    pub(super) tasks: Vec<TaskRow>,
}

/// One resource.
#[derive(Clone, Debug, Serialize)]
pub(super) struct ResourceRow {
    pub(super) resource: String,
    pub(super) total: f64,
    pub(super) in_use: f64,
}

impl ResourceRow {
    pub(super) fn of(resource: &ResourceUsage) -> Self {
        Self {
            resource: resource.name.clone(),
            total: resource.total,
            in_use: resource.in_use,
        }
    }
}

/// The record of `/api/resources`.
#[derive(Clone, Debug, Serialize)]
pub(super) struct ResourceList {
    pub(super) resources: Vec<ResourceRow>,
}

/// The record of `/api/overview`.
#[derive(Clone, Debug, Serialize)]
pub(super) struct Overview {
    pub(super) pid: u32,
    pub(super) uptime_s: f64,
    pub(super) actors_by_state: BTreeMap<&'static str, usize>,
    pub(super) tasks_by_state: BTreeMap<&'static str, u64>,
    pub(super) resources: Vec<ResourceRow>,
}
