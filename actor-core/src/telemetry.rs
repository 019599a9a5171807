//! Per-method counters that every actor keeps by itself, cheap enough for every call.
//!
//! Every call is counted. Not every call is timed: reading the clock costs about as much as
//! a quick call, so a method proven quick has one call in 16 timed, and its total time is
//! scaled up from those; every call of a method that may block is timed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::state::MethodStats;

#[derive(Default)]
struct MethodCounters {
    calls: AtomicU64,
    errors: AtomicU64,
    /// The calls that were timed, and their time: every call that may block, and a sample
    /// of the quick ones.
    timed_calls: AtomicU64,
    timed_nanos: AtomicU64,
    max_nanos: AtomicU64,
}

/// The counters of one actor, one entry per method.
///
/// Only the holder of the actor's turn (its loop, or a caller running a call) writes them,
/// one at a time, so plain loads and stores suffice; readers may see a call counted before
/// its time is added, never a torn value.
pub(crate) struct Telemetry {
    methods: Box<[MethodCounters]>,
}

#[inline]
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

    /// Counts one finished call of method `index` that took `elapsed`, if it was timed.
    #[inline]
    pub(crate) fn record(&self, index: usize, elapsed: Option<Duration>, is_error: bool) {
        let counters = &self.methods[index];
        bump(&counters.calls, 1);
        if is_error {
            bump(&counters.errors, 1);
        }
        let Some(elapsed) = elapsed else {
            return;
        };
        let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        bump(&counters.timed_calls, 1);
        bump(&counters.timed_nanos, nanos);
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
                total_time: estimated_total(counters),
                max_time: Duration::from_nanos(counters.max_nanos.load(Ordering::Relaxed)),
            })
            .collect()
    }
}

/// The time of all calls: the timed calls' time, scaled up to every call.
fn estimated_total(counters: &MethodCounters) -> Duration {
    let calls = u128::from(counters.calls.load(Ordering::Relaxed));
    let timed_calls = u128::from(counters.timed_calls.load(Ordering::Relaxed));
    let timed_nanos = u128::from(counters.timed_nanos.load(Ordering::Relaxed));
    if timed_calls == 0 {
        return Duration::ZERO;
    }
    let nanos = timed_nanos * calls.max(timed_calls) / timed_calls;
    Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
}
