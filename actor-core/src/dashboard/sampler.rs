//! Calls per second: every second the sampler reads the per-method call counters of the
//! actors it follows and keeps the last 10 minutes of them.
//!
//! Which actors it follows, so that memory and work stay bounded with 100,000 actors: every
//! actor while the process has at most [`FOLLOW_ALL_UP_TO`] (their series start when they
//! do); beyond that, the [`MAX_VIEWED`] actors whose page or API record was asked for most
//! recently within the 10 minutes (their series start at the first request).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::actor::ActorId;
use crate::lock::lock;
use crate::records::ActorInfo;
use crate::registry;

/// Up to this many live actors, the sampler follows all of them.
pub(super) const FOLLOW_ALL_UP_TO: usize = 256;
/// Beyond [`FOLLOW_ALL_UP_TO`], the sampler follows this many actors viewed recently.
pub(super) const MAX_VIEWED: usize = 64;
/// The time between two samples.
const PERIOD: Duration = Duration::from_secs(1);
/// How long samples are kept (and a viewed actor followed).
const HISTORY: Duration = Duration::from_secs(600);
/// While the process has many actors, it is counted only once in this many samples.
const CENSUS_EVERY: u32 = 10;

/// One reading of an actor's counters.
#[derive(Clone, Debug)]
struct Sample {
    /// Seconds since the Unix epoch.
    at: f64,
    /// Calls finished so far, per method, in the order of [`Series::methods`].
    calls: Vec<u64>,
}

/// The readings of one actor.
#[derive(Debug)]
struct Series {
    methods: Vec<String>,
    samples: VecDeque<Sample>,
    /// When its page or record was last asked for.
    viewed: Option<Instant>,
}

impl Series {
    fn new(info: &ActorInfo) -> Self {
        Self {
            methods: info.methods.iter().map(|m| m.method.clone()).collect(),
            samples: VecDeque::new(),
            viewed: None,
        }
    }

    fn record(&mut self, info: &ActorInfo, at: f64) {
        let calls = self
            .methods
            .iter()
            .map(|method| info.method(method).map_or(0, |stats| stats.calls))
            .collect();
        if self.samples.len() > HISTORY.as_secs() as usize {
            self.samples.pop_front();
        }
        self.samples.push_back(Sample { at, calls });
    }

    fn viewed_recently(&self, now: Instant) -> bool {
        self.viewed
            .is_some_and(|viewed| now.duration_since(viewed) < HISTORY)
    }
}

/// One point of a calls-per-second chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Rate {
    /// Seconds since the Unix epoch, at the end of the interval.
    pub(super) at: f64,
    /// Calls finished per second over the interval.
    pub(super) per_second: f64,
}

#[derive(Debug, Default)]
struct Followed {
    /// By the counter of the actor's id.
    series: HashMap<u64, (ActorId, Series)>,
    /// Whether the last census found few enough actors to follow them all.
    following_all: bool,
    ticks: u32,
}

/// The sampler: shared by the server's handlers and its own task.
#[derive(Clone, Debug, Default)]
pub(super) struct Sampler {
    followed: Arc<Mutex<Followed>>,
}

fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |since| since.as_secs_f64())
}

impl Sampler {
    /// A sampler that follows no actor yet.
    pub(super) fn new() -> Self {
        Self::default()
    }

    /// Samples every second, until the task is aborted.
    pub(super) async fn run(self) {
        let mut ticks = tokio::time::interval(PERIOD);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            self.sample();
        }
    }

    /// Notes that `info`'s page or record was asked for: the sampler follows it from now
    /// on (if not already), and keeps following it for the next 10 minutes.
    pub(super) fn viewed(&self, info: &ActorInfo) {
        let mut followed = lock(&self.followed);
        let (_, series) = followed
            .series
            .entry(info.id.counter())
            .or_insert_with(|| (info.id, Series::new(info)));
        if series.samples.is_empty() {
            series.record(info, unix_now());
        }
        series.viewed = Some(Instant::now());
        followed.forget_beyond_limit();
    }

    /// The calls per second of each method of the actor `id` over the samples kept, by
    /// method name; empty for an actor not followed.
    pub(super) fn rates(&self, id: ActorId) -> HashMap<String, Vec<Rate>> {
        let followed = lock(&self.followed);
        let Some((_, series)) = followed
            .series
            .get(&id.counter())
            .filter(|(followed_id, _)| *followed_id == id)
        else {
            return HashMap::new();
        };
        let pairs: Vec<(&Sample, &Sample)> = series
            .samples
            .iter()
            .zip(series.samples.iter().skip(1))
            .collect();
        series
            .methods
            .iter()
            .enumerate()
            .map(|(index, method)| {
                let rates = pairs
                    .iter()
                    .map(|(before, after)| {
                        let calls = after.calls[index].saturating_sub(before.calls[index]);
                        let seconds = (after.at - before.at).max(1e-3);
                        Rate {
                            at: after.at,
                            per_second: calls as f64 / seconds,
                        }
                    })
                    .collect();
                (method.clone(), rates)
            })
            .collect()
    }

    /// Takes one sample of every actor followed.
    fn sample(&self) {
        let census_due = {
            let mut followed = lock(&self.followed);
            followed.ticks = followed.ticks.wrapping_add(1);
            followed.following_all || followed.ticks % CENSUS_EVERY == 1
        };
        // Counted without the sampler's lock: handlers may note views meanwhile.
        let census = census_due.then(registry::all);
        let mut followed = lock(&self.followed);
        if let Some(actors) = census {
            followed.following_all = actors.len() <= FOLLOW_ALL_UP_TO;
            if followed.following_all {
                for actor in &actors {
                    let id = actor.id();
                    followed
                        .series
                        .entry(id.counter())
                        .or_insert_with(|| (id, Series::new(&actor.info())));
                }
            }
        }
        let now = Instant::now();
        let at = unix_now();
        let following_all = followed.following_all;
        followed.series.retain(|counter, (id, series)| {
            let live = registry::lookup_local(*counter).filter(|actor| actor.id() == *id);
            match live {
                Some(actor) => {
                    series.record(&actor.info(), at);
                    following_all || series.viewed_recently(now)
                }
                // Gone: its series is kept while it is being looked at.
                None => series.viewed_recently(now),
            }
        });
        followed.forget_beyond_limit();
    }
}

impl Followed {
    /// Forgets the actors viewed least recently beyond [`MAX_VIEWED`], unless every actor is
    /// followed.
    fn forget_beyond_limit(&mut self) {
        if self.following_all || self.series.len() <= MAX_VIEWED {
            return;
        }
        let mut by_view: Vec<(Option<Instant>, u64)> = self
            .series
            .iter()
            .map(|(counter, (_, series))| (series.viewed, *counter))
            .collect();
        by_view.sort_unstable_by(|a, b| b.cmp(a));
        for (_, counter) in by_view.into_iter().skip(MAX_VIEWED) {
            self.series.remove(&counter);
        }
    }
}
