//! A latency histogram as the state API hands it out: fixed, log-spaced buckets shared by
//! every method and task function, so that two histograms add up bucket by bucket.

use std::borrow::Cow;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The upper bound of each bucket in nanoseconds: 1, 2 and 5 in each power of ten, from
/// 100 ns to 100 s. A time equal to a bound falls in that bound's bucket.
const BOUNDS_NANOS: [u64; 28] = [
    100,
    200,
    500,
    1_000,
    2_000,
    5_000,
    10_000,
    20_000,
    50_000,
    100_000,
    200_000,
    500_000,
    1_000_000,
    2_000_000,
    5_000_000,
    10_000_000,
    20_000_000,
    50_000_000,
    100_000_000,
    200_000_000,
    500_000_000,
    1_000_000_000,
    2_000_000_000,
    5_000_000_000,
    10_000_000_000,
    20_000_000_000,
    50_000_000_000,
    100_000_000_000,
];

/// [`BOUNDS_NANOS`] as durations.
static BOUNDS: [Duration; BOUNDS_NANOS.len()] = {
    let mut bounds = [Duration::ZERO; BOUNDS_NANOS.len()];
    let mut index = 0;
    while index < bounds.len() {
        bounds[index] = Duration::from_nanos(BOUNDS_NANOS[index]);
        index += 1;
    }
    bounds
};

/// How many buckets a histogram has: one per bound, and one for the times above the last.
pub(crate) const BUCKETS: usize = BOUNDS_NANOS.len() + 1;

/// The bucket of a time of `nanos` nanoseconds.
#[inline]
pub(crate) fn bucket_of(nanos: u64) -> usize {
    BOUNDS_NANOS.partition_point(|&bound| bound < nanos)
}

/// How many calls (or task runs) took how long, in buckets whose upper bounds are spaced 1,
/// 2, 5 in each power of ten from 100 ns to 100 s, plus one bucket for the longer ones.
///
/// A method's histogram counts its timed calls only: every call of a method that may block,
/// and a sample of a quick one's (see [`MethodStats::is_sampled`](super::MethodStats)).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatencyHistogram {
    /// The upper bound of each bucket but the last, ascending; the same for every histogram.
    /// A time equal to a bound is counted in that bound's bucket.
    pub bounds: Cow<'static, [Duration]>,
    /// How many times fell in each bucket: `counts[i]` those above `bounds[i - 1]` (or zero)
    /// and at most `bounds[i]`; the last, one more than `bounds`, those above every bound.
    pub counts: Vec<u64>,
    /// The sum of the times counted.
    pub sum: Duration,
}

impl Default for LatencyHistogram {
    /// No time counted.
    fn default() -> Self {
        Self::from_counts(vec![0; BUCKETS], Duration::ZERO)
    }
}

impl LatencyHistogram {
    /// A histogram over the standard bounds with `counts` (one per bucket) and `sum`.
    pub(crate) fn from_counts(counts: Vec<u64>, sum: Duration) -> Self {
        debug_assert_eq!(counts.len(), BUCKETS);
        Self {
            bounds: Cow::Borrowed(&BOUNDS),
            counts,
            sum,
        }
    }

    /// How many times were counted.
    pub fn count(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The mean of the times counted, `None` if none was.
    pub fn mean(&self) -> Option<Duration> {
        mean(self.sum, self.count())
    }

    /// The time below which a fraction `q` (0.0 to 1.0) of the counted times fall, estimated
    /// by interpolating linearly inside the bucket where that rank falls (as Prometheus'
    /// `histogram_quantile` does); `None` if nothing was counted or `q` is not a number.
    /// A rank in the last bucket, above every bound, gives the last bound.
    pub fn quantile(&self, q: f64) -> Option<Duration> {
        weighted_quantile(std::iter::once((1.0, self)), q)
    }

    /// The median: `quantile(0.5)`.
    pub fn p50(&self) -> Option<Duration> {
        self.quantile(0.5)
    }

    /// The 99th percentile: `quantile(0.99)`.
    pub fn p99(&self) -> Option<Duration> {
        self.quantile(0.99)
    }
}

/// `sum / count`, `None` for no count.
pub(crate) fn mean(sum: Duration, count: u64) -> Option<Duration> {
    match u32::try_from(count) {
        Ok(0) => None,
        Ok(count) => Some(sum / count),
        Err(_) => Some(Duration::from_secs_f64(sum.as_secs_f64() / count as f64)),
    }
}

/// The quantile `q` of the histograms `parts` added up, each count multiplied by its
/// weight (to scale a sampled histogram up to all of its calls); see
/// [`LatencyHistogram::quantile`].
pub(crate) fn weighted_quantile<'a>(
    parts: impl Iterator<Item = (f64, &'a LatencyHistogram)> + Clone,
    q: f64,
) -> Option<Duration> {
    if q.is_nan() {
        return None;
    }
    let weighted = |bucket: usize| -> f64 {
        parts
            .clone()
            .map(|(weight, histogram)| {
                weight * histogram.counts.get(bucket).copied().unwrap_or(0) as f64
            })
            .sum()
    };
    let counts: Vec<f64> = (0..BUCKETS).map(weighted).collect();
    let total: f64 = counts.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let rank = q.clamp(0.0, 1.0) * total;
    let mut below = 0.0;
    for (bucket, &count) in counts.iter().enumerate() {
        if count <= 0.0 || below + count < rank {
            below += count;
            continue;
        }
        let Some(&upper) = BOUNDS_NANOS.get(bucket) else {
            return Some(BOUNDS[BOUNDS.len() - 1]);
        };
        let lower = bucket
            .checked_sub(1)
            .map_or(0, |previous| BOUNDS_NANOS[previous]);
        let fraction = ((rank - below) / count).clamp(0.0, 1.0);
        let nanos = lower as f64 + (upper - lower) as f64 * fraction;
        return Some(Duration::from_nanos(nanos.round() as u64));
    }
    Some(BOUNDS[BOUNDS.len() - 1])
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{BOUNDS, BUCKETS, LatencyHistogram, bucket_of, weighted_quantile};

    /// A histogram of `times`, counted as the telemetry counts them.
    fn of(times: &[Duration]) -> LatencyHistogram {
        let mut counts = vec![0; BUCKETS];
        for time in times {
            counts[bucket_of(time.as_nanos() as u64)] += 1;
        }
        LatencyHistogram::from_counts(counts, times.iter().sum())
    }

    fn micros(micros: u64) -> Duration {
        Duration::from_micros(micros)
    }

    #[test]
    fn the_bounds_are_ascending_from_100_ns_to_100_s() {
        assert!(BOUNDS.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(BOUNDS[0], Duration::from_nanos(100));
        assert_eq!(BOUNDS[BOUNDS.len() - 1], Duration::from_secs(100));
        assert_eq!(LatencyHistogram::default().counts.len(), BOUNDS.len() + 1);
    }

    #[test]
    fn a_time_on_a_bound_falls_in_its_bucket() {
        assert_eq!(bucket_of(0), 0);
        assert_eq!(bucket_of(100), 0);
        assert_eq!(bucket_of(101), 1);
        assert_eq!(bucket_of(1_000), 3);
        assert_eq!(bucket_of(1_001), 4);
        assert_eq!(bucket_of(100_000_000_000), BUCKETS - 2);
        assert_eq!(bucket_of(100_000_000_001), BUCKETS - 1);
        assert_eq!(bucket_of(u64::MAX), BUCKETS - 1);
    }

    #[test]
    fn an_empty_histogram_has_no_quantile_and_no_mean() {
        let empty = LatencyHistogram::default();
        assert_eq!(empty.count(), 0);
        assert_eq!(empty.p50(), None);
        assert_eq!(empty.quantile(1.0), None);
        assert_eq!(empty.mean(), None);
    }

    #[test]
    fn quantiles_interpolate_inside_the_bucket_of_their_rank() {
        // 100 times of 1.5 µs, all in the bucket (1 µs, 2 µs].
        let histogram = of(&[Duration::from_nanos(1_500); 100]);
        assert_eq!(histogram.count(), 100);
        assert_eq!(histogram.p50(), Some(micros(1) + Duration::from_nanos(500)));
        assert_eq!(histogram.p99(), Some(micros(1) + Duration::from_nanos(990)));
        assert_eq!(histogram.quantile(1.0), Some(micros(2)));
        assert_eq!(histogram.quantile(0.0), Some(micros(1)));
        assert_eq!(histogram.mean(), Some(Duration::from_nanos(1_500)));
    }

    #[test]
    fn quantiles_find_the_bucket_of_their_rank() {
        // 90 quick times (≤ 100 ns) and 10 slow ones in (10 ms, 20 ms].
        let mut times = vec![Duration::from_nanos(80); 90];
        times.extend([Duration::from_millis(15); 10]);
        let histogram = of(&times);
        assert_eq!(histogram.p50(), Some(Duration::from_nanos(56)));
        assert_eq!(histogram.quantile(0.9), Some(Duration::from_nanos(100)));
        // Rank 99 of 100: 9 of the 10 slow times, 90% into (10 ms, 20 ms].
        assert_eq!(histogram.p99(), Some(Duration::from_millis(19)));
        // Out-of-range fractions are clamped; NaN has no answer.
        assert_eq!(histogram.quantile(7.0), histogram.quantile(1.0));
        assert_eq!(histogram.quantile(f64::NAN), None);
    }

    #[test]
    fn a_time_above_every_bound_reads_as_the_last_bound() {
        let histogram = of(&[Duration::from_secs(1_000)]);
        assert_eq!(histogram.counts[BUCKETS - 1], 1);
        assert_eq!(histogram.p50(), Some(Duration::from_secs(100)));
    }

    #[test]
    fn weights_scale_a_sampled_histogram_up() {
        let quick = of(&[Duration::from_nanos(150); 10]);
        let slow = of(&[Duration::from_millis(3); 10]);
        // Unweighted, half of the times are slow.
        let even = [(1.0, &quick), (1.0, &slow)];
        assert_eq!(
            weighted_quantile(even.into_iter(), 0.75),
            Some(Duration::from_micros(3_500))
        );
        // The quick one stands for 16 times as many calls: the 75th percentile is quick.
        let scaled = [(16.0, &quick), (1.0, &slow)];
        let p75 = weighted_quantile(scaled.into_iter(), 0.75).unwrap();
        assert!(p75 <= Duration::from_nanos(200), "{p75:?}");
    }
}
