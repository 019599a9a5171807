//! `GET /metrics`: the Prometheus text of this process, made at each scrape from the state
//! API's snapshots. Methods are summed per class: a label per actor would make a series per
//! actor, which no Prometheus keeps for 100,000 actors.

use std::collections::BTreeMap;

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::prometheus_text::{CONTENT_TYPE, encode};
use prometheus_client::encoding::{DescriptorEncoder, NoLabelSet};
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::Registry;

use super::data::{self, Resource};
use crate::state::{self, TaskSummary};

/// The totals of one method over every actor of its class.
#[derive(Debug, Default)]
struct MethodTotals {
    calls: u64,
    errors: u64,
    /// Seconds spent in the method.
    seconds: f64,
    /// Calls per latency bucket, by upper bound in seconds (the last one infinite).
    buckets: Vec<(f64, u64)>,
}

/// The figures of one scrape.
#[derive(Debug, Default)]
struct Scrape {
    /// Actors by class and state.
    actors: BTreeMap<(String, &'static str), u64>,
    /// Methods by class and method.
    methods: BTreeMap<(String, String), MethodTotals>,
    tasks: Vec<TaskSummary>,
    resources: Vec<Resource>,
}

impl Scrape {
    fn take() -> Self {
        let mut scrape = Self::default();
        for info in state::list_actors() {
            let state = data::state_label(&info.state);
            *scrape
                .actors
                .entry((info.class_name.clone(), state))
                .or_default() += 1;
            for stats in &info.methods {
                let totals = scrape
                    .methods
                    .entry((info.class_name.clone(), stats.method.clone()))
                    .or_default();
                totals.calls += stats.calls;
                totals.errors += stats.errors;
                totals.seconds += stats.total_time.as_secs_f64();
            }
        }
        for totals in scrape.methods.values_mut() {
            totals.buckets = vec![(f64::INFINITY, totals.calls)];
        }
        scrape.tasks = data::tasks();
        scrape.resources = data::resources();
        scrape
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
            "Time in the method per call, per class and method (quick methods sampled).",
            None,
            MetricType::Histogram,
        )?;
        for ((class, method), totals) in &self.methods {
            let labels: Labels<2> = [("class", class), ("method", method)];
            latency
                .encode_family(&labels)?
                .encode_histogram::<NoLabelSet>(
                    totals.seconds,
                    totals.calls,
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
            for (state, count) in [
                ("PENDING", task.pending),
                ("RUNNING", task.running),
                ("FINISHED", task.finished),
                ("FAILED", task.failed),
            ] {
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
pub(super) async fn metrics() -> Response {
    let mut registry = Registry::default();
    registry.register_collector(Box::new(Scrape::take()));
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
