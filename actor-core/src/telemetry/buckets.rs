//! The counts of a latency histogram, as a method or a task function keeps them: allocated
//! on the first time that needs them, so that an actor whose methods run once or never
//! (a million short-lived actors) carries one pointer per method, not a histogram.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::records::histogram::{BUCKETS, LatencyHistogram, bucket_of};

/// The counts of one histogram, made on first use.
#[derive(Debug, Default)]
pub(crate) struct Buckets(OnceLock<Box<[AtomicU64; BUCKETS]>>);

impl Buckets {
    /// No count yet, nothing allocated.
    pub(crate) const fn new() -> Self {
        Self(OnceLock::new())
    }

    /// Counts a time of `nanos`, by a writer that is alone (the holder of an actor's turn):
    /// a plain load and store, no read-modify-write. `first` is the one time counted before
    /// the buckets existed, if any: it is counted when they are made.
    #[inline]
    pub(crate) fn count_alone(&self, nanos: u64, first: Option<u64>) {
        let counts = self.0.get_or_init(|| Self::made_with(first));
        let counter = &counts[bucket_of(nanos)];
        counter.store(counter.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
    }

    /// Counts a time of `nanos`, by one writer among others (tasks of one function end on
    /// many threads at once).
    pub(crate) fn count_shared(&self, nanos: u64) {
        let counts = self.0.get_or_init(|| Self::made_with(None));
        counts[bucket_of(nanos)].fetch_add(1, Ordering::Relaxed);
    }

    /// The histogram of the counts, whose times add up to `sum`; `first`, if no count was
    /// made since the buckets do not exist yet, is the one time counted so far.
    pub(crate) fn histogram(&self, sum: Duration, first: Option<u64>) -> LatencyHistogram {
        let counts = match self.0.get() {
            Some(counts) => counts
                .iter()
                .map(|count| count.load(Ordering::Relaxed))
                .collect(),
            None => {
                let mut counts = vec![0; BUCKETS];
                if let Some(first) = first {
                    counts[bucket_of(first)] = 1;
                }
                counts
            }
        };
        LatencyHistogram::from_counts(counts, sum)
    }

    /// Fresh counts, with `first` counted if given.
    fn made_with(first: Option<u64>) -> Box<[AtomicU64; BUCKETS]> {
        let counts = Box::new([const { AtomicU64::new(0) }; BUCKETS]);
        if let Some(first) = first {
            counts[bucket_of(first)].store(1, Ordering::Relaxed);
        }
        counts
    }
}
