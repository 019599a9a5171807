//! Per-method counters that every actor keeps by itself, cheap enough for every call.
//!
//! Every call is counted. Not every call is timed: reading the clock costs about as much as
//! a quick call, so a method proven quick has its first call on each actor and then one call
//! in 16 timed, and its total time is scaled up from those; every call of a method that may
//! block is timed. The timed calls also go into a latency histogram per method, whose
//! buckets are allocated at the second timed call: an actor called once carries none.

mod buckets;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::records::{MethodStats, Totals};

pub(crate) use buckets::Buckets;

/// The counters of one method of one actor.
#[doc(hidden)]
#[derive(Debug)]
pub struct MethodCounters {
    calls: AtomicU64,
    errors: AtomicU64,
    /// The calls that were timed, and their time: every call that may block, and a sample
    /// of the quick ones.
    timed_calls: AtomicU64,
    timed_nanos: AtomicU64,
    max_nanos: AtomicU64,
    /// The timed calls by time; the first is only in `timed_nanos` until a second comes.
    latency: Buckets,
}

#[inline]
fn bump(counter: &AtomicU64, by: u64) {
    counter.store(counter.load(Ordering::Relaxed) + by, Ordering::Relaxed);
}

impl MethodCounters {
    const fn new() -> Self {
        Self {
            calls: AtomicU64::new(0),
            errors: AtomicU64::new(0),
            timed_calls: AtomicU64::new(0),
            timed_nanos: AtomicU64::new(0),
            max_nanos: AtomicU64::new(0),
            latency: Buckets::new(),
        }
    }

    /// Counts one finished call that took `elapsed`, if it was timed.
    ///
    /// Only the holder of the actor's turn (its loop, or a caller running a call) writes
    /// the counters, one at a time, so plain loads and stores suffice; readers may see a
    /// call counted before its time is added, never a torn value.
    #[inline]
    pub(crate) fn record(&self, elapsed: Option<Duration>, is_error: bool) {
        bump(&self.calls, 1);
        if is_error {
            bump(&self.errors, 1);
        }
        let Some(elapsed) = elapsed else {
            return;
        };
        let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        self.count_in_histogram(nanos);
        bump(&self.timed_calls, 1);
        bump(&self.timed_nanos, nanos);
        if nanos > self.max_nanos.load(Ordering::Relaxed) {
            self.max_nanos.store(nanos, Ordering::Relaxed);
        }
    }

    /// Counts a timed call of `nanos` in the histogram, ahead of the other counters so
    /// that a reader who sees the call timed also finds it there. The first timed call
    /// makes no histogram: its time is `timed_nanos`, counted when the second comes.
    #[inline]
    fn count_in_histogram(&self, nanos: u64) {
        match self.timed_calls.load(Ordering::Relaxed) {
            0 => {}
            1 => self
                .latency
                .count_alone(nanos, Some(self.timed_nanos.load(Ordering::Relaxed))),
            _ => self.latency.count_alone(nanos, None),
        }
    }

    /// Whether no call was timed yet: the next one is, so that every method called has a
    /// time, however quick its class proved it.
    #[inline]
    pub(crate) fn never_timed(&self) -> bool {
        self.timed_calls.load(Ordering::Relaxed) == 0
    }

    /// The figures of this method, named `name`.
    fn stats(&self, name: &str) -> MethodStats {
        let timed_calls = self.timed_calls.load(Ordering::Relaxed);
        let timed_nanos = self.timed_nanos.load(Ordering::Relaxed);
        let only_time = (timed_calls == 1).then_some(timed_nanos);
        MethodStats {
            method: name.to_owned(),
            calls: self.calls.load(Ordering::Relaxed),
            errors: self.errors.load(Ordering::Relaxed),
            total_time: self.estimated_total(),
            timed_calls,
            max_time: Duration::from_nanos(self.max_nanos.load(Ordering::Relaxed)),
            latency: self
                .latency
                .histogram(Duration::from_nanos(timed_nanos), only_time),
        }
    }

    /// The time of all calls: the timed calls' time, scaled up to every call.
    fn estimated_total(&self) -> Duration {
        let calls = u128::from(self.calls.load(Ordering::Relaxed));
        let timed_calls = u128::from(self.timed_calls.load(Ordering::Relaxed));
        let timed_nanos = u128::from(self.timed_nanos.load(Ordering::Relaxed));
        if timed_calls == 0 {
            return Duration::ZERO;
        }
        let nanos = timed_nanos * calls.max(timed_calls) / timed_calls;
        Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
    }
}

/// The counters of one actor, one per method of its class; `#[actor]` names the type with
/// the class's number of methods, so that they sit in the actor's cell rather than in an
/// allocation of their own.
#[doc(hidden)]
#[derive(Debug)]
pub struct Telemetry<const N: usize>([MethodCounters; N]);

impl<const N: usize> Telemetry<N> {
    /// Every counter at zero.
    pub const fn new() -> Self {
        Self([const { MethodCounters::new() }; N])
    }
}

impl<const N: usize> Default for Telemetry<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> AsRef<[MethodCounters]> for Telemetry<N> {
    fn as_ref(&self) -> &[MethodCounters] {
        &self.0
    }
}

/// The calls, errors and time of the methods whose counters are `methods`, added up.
pub(crate) fn totals(methods: &[MethodCounters]) -> Totals {
    methods
        .iter()
        .fold(Totals::default(), |totals, counters| Totals {
            calls: totals.calls + counters.calls.load(Ordering::Relaxed),
            errors: totals.errors + counters.errors.load(Ordering::Relaxed),
            total_time: totals.total_time + counters.estimated_total(),
        })
}

/// The figures of every method whose counters are `methods`, named by `names`.
pub(crate) fn snapshot(methods: &[MethodCounters], names: &[&str]) -> Vec<MethodStats> {
    names
        .iter()
        .zip(methods)
        .map(|(name, counters)| counters.stats(name))
        .collect()
}
