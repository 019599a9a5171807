//! The records the state API hands out: one per actor, one per method of it, one per
//! resource; and the label of an actor's state.

mod brief;
pub(crate) mod histogram;

use std::sync::LazyLock;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::actor::{ActorId, ActorState};

pub(crate) use brief::{Brief, Totals, Wanted};
pub use histogram::LatencyHistogram;

/// The figures of one method of one actor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodStats {
    /// The method's name.
    pub method: String,
    /// Calls finished (successful, `Err` or panicked).
    pub calls: u64,
    /// Calls that returned `Err` or panicked.
    pub errors: u64,
    /// Time spent in the method over all calls. Exact for methods that may block (every
    /// call of theirs is timed); for a method proven quick, scaled up from the calls timed:
    /// each actor's first call of it, then one call in 16 (see [`MethodStats::is_sampled`]).
    pub total_time: Duration,
    /// The calls whose time was measured.
    pub timed_calls: u64,
    /// The longest timed call.
    pub max_time: Duration,
    /// How long the timed calls took: `timed_calls` of them, whose times add up to `sum`
    /// (not scaled up, unlike `total_time`).
    pub latency: LatencyHistogram,
}

impl MethodStats {
    /// Whether the times are estimated from a sample of the calls (`timed_calls < calls`)
    /// rather than measured for every call.
    pub fn is_sampled(&self) -> bool {
        self.timed_calls < self.calls
    }

    /// The mean time of a call, zero before the first call.
    pub fn mean_time(&self) -> Duration {
        histogram::mean(self.total_time, self.calls).unwrap_or(Duration::ZERO)
    }

    /// The median time of a timed call, `None` before the first; at most `max_time`.
    pub fn p50(&self) -> Option<Duration> {
        self.quantile(0.5)
    }

    /// The 99th percentile of the timed calls' times, `None` before the first; at most
    /// `max_time`.
    pub fn p99(&self) -> Option<Duration> {
        self.quantile(0.99)
    }

    /// The quantile `q` of the timed calls' times (see [`LatencyHistogram::quantile`]),
    /// at most `max_time`, which is known exactly.
    pub fn quantile(&self, q: f64) -> Option<Duration> {
        self.latency.quantile(q).map(|time| time.min(self.max_time))
    }

    /// How many calls each timed call stands for: 1 when every call is timed, about 16
    /// for a quick method's sample.
    fn weight(&self) -> f64 {
        match self.timed_calls {
            0 => 0.0,
            timed => self.calls.max(timed) as f64 / timed as f64,
        }
    }
}

/// A snapshot of one actor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorInfo {
    /// The actor's unique id.
    pub id: ActorId,
    /// The Rust type name of the actor.
    pub class_name: String,
    /// Its name, if it has one.
    pub name: Option<String>,
    /// The namespace of its name.
    pub namespace: String,
    /// Where it is in its life; a dead actor's says why it died.
    pub state: ActorState,
    /// The id of the process the actor lives in: its worker process for an isolated actor
    /// (`options().isolated(true)`), else this process.
    pub pid: u32,
    /// When it was created (`remote` was called).
    pub started_at: SystemTime,
    /// How often it was restarted.
    pub num_restarts: u32,
    /// Calls waiting to run: those in its mailbox, and the told calls its loop took from
    /// there ahead of running them (not the running call).
    pub queue_len: usize,
    /// Per-method figures, in the order of the impl block.
    pub methods: Vec<MethodStats>,
}

impl ActorInfo {
    /// The figures of the method called `method`, if the actor has one.
    pub fn method(&self, method: &str) -> Option<&MethodStats> {
        self.methods.iter().find(|stats| stats.method == method)
    }

    /// Calls finished, over all methods.
    pub fn calls(&self) -> u64 {
        self.methods.iter().map(|stats| stats.calls).sum()
    }

    /// Calls that returned `Err` or panicked, over all methods.
    pub fn errors(&self) -> u64 {
        self.methods.iter().map(|stats| stats.errors).sum()
    }

    /// The mean time of a call over all methods, `None` before the first call.
    pub fn mean_time(&self) -> Option<Duration> {
        let total_time = self.methods.iter().map(|stats| stats.total_time).sum();
        histogram::mean(total_time, self.calls())
    }

    /// The 99th percentile of a call's time over all methods, `None` before the first
    /// call. Each method's sample counts for the calls it stands for, so that a quick
    /// method timed one call in 16 weighs as much as its calls; at most the longest call.
    pub fn p99_time(&self) -> Option<Duration> {
        let parts = self
            .methods
            .iter()
            .map(|stats| (stats.weight(), &stats.latency));
        let max_time = self.methods.iter().map(|stats| stats.max_time).max()?;
        histogram::weighted_quantile(parts, 0.99).map(|time| time.min(max_time))
    }
}

/// The id of this process, read once: every actor lives in the process that made it.
pub(crate) fn this_process() -> u32 {
    static PID: LazyLock<u32> = LazyLock::new(std::process::id);
    *PID
}

/// How much of one resource this node has, and how much is held now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceUsage {
    /// The resource: `CPU`, `GPU` or a custom one.
    pub name: String,
    /// How much the node has in all.
    pub total: f64,
    /// How much actors and tasks hold now.
    pub in_use: f64,
}

impl ActorState {
    /// The upper-case label of the state, as Ray shows it: `PENDING_CREATION`, `ALIVE`,
    /// `RESTARTING` or `DEAD` (whatever the cause).
    pub fn label(&self) -> &'static str {
        match self {
            Self::PendingCreation => "PENDING_CREATION",
            Self::Alive => "ALIVE",
            Self::Restarting => "RESTARTING",
            Self::Dead { .. } => "DEAD",
        }
    }
}
