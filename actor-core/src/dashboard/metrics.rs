//! `GET /metrics`: the Prometheus text of this process, made at each scrape from the state
//! API's snapshots. Methods are summed per class: a label per actor would make a series per
//! actor, which no Prometheus keeps for 100,000 actors.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::prometheus_text::{CONTENT_TYPE, encode};
use prometheus_client::encoding::{DescriptorEncoder, NoLabelSet};
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::Registry;

use super::data;
use super::shared::Shared;
use crate::state::{LatencyHistogram, ResourceUsage, TaskSummary, list_tasks};

/// The totals of one method over every actor of its class.
#[derive(Debug, Default)]
struct MethodTotals {
    calls: u64,
    errors: u64,
    /// Seconds spent in the timed calls.
    seconds: f64,
    /// The timed calls.
    timed: u64,
    /// Timed calls per latency bucket, by upper bound in seconds (the last one infinite).
    buckets: Vec<(f64, u64)>,
}

impl MethodTotals {
    /// Adds the timed calls of `latency` to the histogram.
    fn add(&mut self, latency: &LatencyHistogram) {
        if self.buckets.is_empty() {
            self.buckets = latency
                .bounds
                .iter()
                .map(Duration::as_secs_f64)
                .chain([f64::INFINITY])
                .map(|bound| (bound, 0))
                .collect();
        }
        for ((_, total), count) in self.buckets.iter_mut().zip(&latency.counts) {
            *total += count;
        }
        self.timed += latency.count();
        self.seconds += latency.sum.as_secs_f64();
    }
}

/// The figures of one scrape.
#[derive(Debug)]
struct Scrape {
    /// Actors by class and state.
    actors: BTreeMap<(String, &'static str), u64>,
    /// Methods by class and method.
    methods: BTreeMap<(String, String), MethodTotals>,
    tasks: Vec<TaskSummary>,
    resources: Vec<ResourceUsage>,
}

impl Scrape {
    fn take(shared: &Shared) -> Self {
        let infos = data::every_actor();
        // Keyed by borrowed names while summing: 100,000 actors share a few keys.
        let mut actors: HashMap<(&str, &'static str), u64> = HashMap::new();
        let mut methods: HashMap<(&str, &str), MethodTotals> = HashMap::new();
        for info in &infos {
            *actors
                .entry((info.class_name.as_str(), info.state.label()))
                .or_default() += 1;
            for stats in &info.methods {
                let totals = methods
                    .entry((info.class_name.as_str(), stats.method.as_str()))
                    .or_default();
                totals.calls += stats.calls;
                totals.errors += stats.errors;
                totals.add(&stats.latency);
            }
        }
        Self {
            actors: actors
                .into_iter()
                .map(|((class, state), count)| ((class.to_owned(), state), count))
                .collect(),
            methods: methods
                .into_iter()
                .map(|((class, method), totals)| ((class.to_owned(), method.to_owned()), totals))
                .collect(),
            tasks: list_tasks(),
            resources: shared.scheduler.usage(),
        }
    }
}

type Labels<'a, const N: usize> = [(&'static str, &'a str); N];

impl Collector for Scrape {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let mut actors = encoder.encode_descriptor(
            "actor_core_actors",
            "Actors of this process, by class and state.",
            None,
            MetricType::Gauge,
        )?;
        for ((class, state), count) in &self.actors {
            let labels: Labels<2> = [("class", class), ("state", state)];
            actors.encode_family(&labels)?.encode_gauge(count)?;
        }
        let counters = [
            (
                "actor_core_method_calls",
                "Calls finished, per class and method.",
                false,
            ),
            (
                "actor_core_method_errors",
                "Calls that returned Err or panicked, per class and method.",
                true,
            ),
        ];
        for (name, help, errors) in counters {
            let mut family = encoder.encode_descriptor(name, help, None, MetricType::Counter)?;
            for ((class, method), totals) in &self.methods {
                let labels: Labels<2> = [("class", class), ("method", method)];
                let value = if errors { totals.errors } else { totals.calls };
                family
                    .encode_family(&labels)?
                    .encode_counter::<NoLabelSet, _, u64>(&value, None)?;
            }
        }
        let mut latency = encoder.encode_descriptor(
            "actor_core_method_latency_seconds",
            "Time in the method per timed call, per class and method: every call of a method \
             that may block, one in 16 of a quick one's.",
            None,
            MetricType::Histogram,
        )?;
        for ((class, method), totals) in &self.methods {
            let labels: Labels<2> = [("class", class), ("method", method)];
            latency
                .encode_family(&labels)?
                .encode_histogram::<NoLabelSet>(
                    totals.seconds,
                    totals.timed,
                    &totals.buckets,
                    None,
                )?;
        }
        let mut tasks = encoder.encode_descriptor(
            "actor_core_tasks",
            "Tasks by function and state (FINISHED and FAILED count since the start).",
            None,
            MetricType::Gauge,
        )?;
        for task in &self.tasks {
            for (state, count) in data::task_states(task) {
                let labels: Labels<2> = [("function", &task.name), ("state", state)];
                tasks.encode_family(&labels)?.encode_gauge(&count)?;
            }
        }
        let mut resources = encoder.encode_descriptor(
            "actor_core_resources",
            "Resources of this node: in all, and held by actors and tasks.",
            None,
            MetricType::Gauge,
        )?;
        for resource in &self.resources {
            for (kind, amount) in [("total", resource.total), ("in_use", resource.in_use)] {
                let labels: Labels<2> = [("resource", &resource.name), ("kind", kind)];
                resources.encode_family(&labels)?.encode_gauge(&amount)?;
            }
        }
        Ok(())
    }
}

/// `GET /metrics`.
pub(super) async fn metrics(State(shared): State<Shared>) -> Response {
    let mut registry = Registry::default();
    registry.register_collector(Box::new(Scrape::take(&shared)));
    let mut text = String::new();
    match encode(&mut text, &registry) {
        Ok(()) => ([(header::CONTENT_TYPE, CONTENT_TYPE)], text).into_response(),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the metrics could not be written as Prometheus text",
        )
            .into_response(),
    }
}
