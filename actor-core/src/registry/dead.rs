//! The actors gone from this process: what each was when its last reference dropped, the
//! last [`DEAD_ACTORS_KEPT`] of them, so that the state API still lists them with their
//! death cause (as Ray lists its dead actors, within a bound).

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::SystemTime;

use crate::actor::{ActorId, ActorOptions, ActorState};
use crate::error::DeathCause;
use crate::records::{ActorInfo, Brief};
use crate::telemetry::{self, MethodCounters};

/// How many actors gone from the process the state API keeps listing; the oldest is
/// forgotten first.
pub const DEAD_ACTORS_KEPT: usize = 1_000;

/// The last record of an actor whose last reference dropped: its figures at that moment.
pub(crate) struct DeadActor {
    pub(crate) id: ActorId,
    pub(crate) class_name: &'static str,
    /// The names of its methods, in the order of `telemetry`.
    pub(crate) method_names: &'static [&'static str],
    /// Its options, for its name.
    pub(crate) options: Arc<ActorOptions>,
    pub(crate) namespace: Arc<str>,
    pub(crate) cause: DeathCause,
    pub(crate) num_restarts: u32,
    pub(crate) started_at: SystemTime,
    /// Its per-method counters, moved out of its cell.
    pub(crate) telemetry: Box<dyn AsRef<[MethodCounters]> + Send + Sync>,
}

impl DeadActor {
    /// Its snapshot for the state API.
    pub(crate) fn info(&self) -> ActorInfo {
        ActorInfo {
            id: self.id,
            class_name: self.class_name.to_owned(),
            name: self.options.name.as_deref().map(str::to_owned),
            namespace: self.namespace.to_string(),
            state: ActorState::Dead {
                cause: self.cause.clone(),
            },
            pid: std::process::id(),
            started_at: self.started_at,
            num_restarts: self.num_restarts,
            queue_len: 0,
            methods: telemetry::snapshot((*self.telemetry).as_ref(), self.method_names),
        }
    }

    /// What a page of actors filters and sorts it on.
    pub(crate) fn brief(&self) -> Brief<'_> {
        Brief {
            id: self.id,
            class_name: self.class_name,
            name: self.options.name.as_deref(),
            state: DEAD_LABEL,
            num_restarts: self.num_restarts,
            queue_len: 0,
            totals: telemetry::totals((*self.telemetry).as_ref()),
        }
    }
}

/// The label of every dead actor's state.
const DEAD_LABEL: &str = "DEAD";

/// The last [`DEAD_ACTORS_KEPT`] actors gone, oldest first.
#[derive(Default)]
pub(super) struct Graveyard {
    dead: VecDeque<Arc<DeadActor>>,
}

impl Graveyard {
    /// Keeps `dead`; hands back the record it forgets to make room, to drop outside the
    /// registry's lock.
    pub(super) fn bury(&mut self, dead: DeadActor) -> Option<Arc<DeadActor>> {
        let forgotten = if self.dead.len() >= DEAD_ACTORS_KEPT {
            self.dead.pop_front()
        } else {
            None
        };
        self.dead.push_back(Arc::new(dead));
        forgotten
    }

    /// The record of the actor `id`, if it is kept.
    pub(super) fn get(&self, id: ActorId) -> Option<Arc<DeadActor>> {
        self.dead.iter().rev().find(|dead| dead.id == id).cloned()
    }

    /// Every record kept, oldest first.
    pub(super) fn all(&self) -> impl Iterator<Item = &Arc<DeadActor>> {
        self.dead.iter()
    }
}
