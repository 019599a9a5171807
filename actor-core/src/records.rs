//! The records the state API hands out: one per actor, one per method of it.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::actor::{ActorId, ActorState};

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
}

impl MethodStats {
    /// Whether the times are estimated from a sample of the calls (`timed_calls < calls`)
    /// rather than measured for every call.
    pub fn is_sampled(&self) -> bool {
        self.timed_calls < self.calls
    }

    /// The mean time of a call, zero before the first call.
    pub fn mean_time(&self) -> Duration {
        match u32::try_from(self.calls) {
            Ok(0) => Duration::ZERO,
            Ok(calls) => self.total_time / calls,
            Err(_) => Duration::from_secs_f64(self.total_time.as_secs_f64() / self.calls as f64),
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
    /// Where it is in its life.
    pub state: ActorState,
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
}
