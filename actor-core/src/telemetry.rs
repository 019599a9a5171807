//! Per-method counters that every actor keeps by itself, cheap enough for every call.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::state::MethodStats;

#[derive(Default)]
struct MethodCounters {
    calls: AtomicU64,
    errors: AtomicU64,
    total_nanos: AtomicU64,
    max_nanos: AtomicU64,
}

/// The counters of one actor, one entry per method.
///
/// Only the actor's own loop writes them, so plain loads and stores suffice; readers may see
/// a call counted before its time is added, never a torn value.
pub(crate) struct Telemetry {
    methods: Box<[MethodCounters]>,
}

fn bump(counter: &AtomicU64, by: u64) {
    counter.store(counter.load(Ordering::Relaxed) + by, Ordering::Relaxed);
}

impl Telemetry {
    pub(crate) fn new(num_methods: usize) -> Self {
        Self {
            methods: (0..num_methods)
                .map(|_| MethodCounters::default())
                .collect(),
        }
    }

    /// Counts one finished call of method `index` that took `elapsed`.
    pub(crate) fn record(&self, index: usize, elapsed: Duration, is_error: bool) {
        let counters = &self.methods[index];
        let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        bump(&counters.calls, 1);
        if is_error {
            bump(&counters.errors, 1);
        }
        bump(&counters.total_nanos, nanos);
        if nanos > counters.max_nanos.load(Ordering::Relaxed) {
            counters.max_nanos.store(nanos, Ordering::Relaxed);
        }
    }

    /// The figures of every method, named by `names`.
    pub(crate) fn snapshot(&self, names: &[&str]) -> Vec<MethodStats> {
        names
            .iter()
            .zip(self.methods.iter())
            .map(|(name, counters)| MethodStats {
                method: (*name).to_owned(),
                calls: counters.calls.load(Ordering::Relaxed),
                errors: counters.errors.load(Ordering::Relaxed),
                total_time: Duration::from_nanos(counters.total_nanos.load(Ordering::Relaxed)),
                max_time: Duration::from_nanos(counters.max_nanos.load(Ordering::Relaxed)),
            })
            .collect()
    }
}
