//! The state API: a snapshot of every actor and its per-method figures.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::actor::{ActorId, ActorState};
use crate::registry;

/// The figures of one method of one actor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodStats {
    /// The method's name.
    pub method: String,
    /// Calls finished (successful, `Err` or panicked).
    pub calls: u64,
    /// Calls that returned `Err` or panicked.
    pub errors: u64,
    /// Time spent in the method, summed over calls.
    pub total_time: Duration,
    /// The longest single call.
    pub max_time: Duration,
}

impl MethodStats {
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
    /// Calls waiting in its mailbox.
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

/// Every actor this process knows of, live or dead while a handle to it remains, by id.
pub fn list_actors() -> Vec<ActorInfo> {
    let mut actors: Vec<ActorInfo> = registry::all().iter().map(|actor| actor.info()).collect();
    actors.sort_by_key(|info| info.id);
    actors
}

/// The snapshot of the actor with id `id`, if this process knows it.
pub fn get_actor_info(id: ActorId) -> Option<ActorInfo> {
    registry::lookup_id(id).map(|actor| actor.info())
}
