//! The actors gone from this process: what each was when its last reference dropped, the
//! last [`DEAD_ACTORS_KEPT`] of them, so that the state API still lists them with their
//! death cause (as Ray lists its dead actors, within a bound).

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::SystemTime;

use crate::actor::{ActorId, ActorOptions, ActorState};
use crate::error::DeathCause;
use crate::records::{ActorInfo, Brief, Wanted, this_process};
use crate::telemetry::{self, MethodCounters};

/// How many actors gone from the process the state API keeps listing; the oldest is
/// forgotten first.
pub const DEAD_ACTORS_KEPT: usize = 1_000;

/// The last record of an actor whose last reference dropped: its figures at that moment.
/// `T` is its class's counters, moved out of its cell; the registry keeps them as `dyn`,
/// in the same allocation as the rest.
pub(crate) struct DeadActor<T: ?Sized = dyn AsRef<[MethodCounters]> + Send + Sync> {
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
    /// Its per-method counters.
    pub(crate) telemetry: T,
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
            pid: this_process(),
            started_at: self.started_at,
            num_restarts: self.num_restarts,
            queue_len: 0,
            methods: telemetry::snapshot(self.telemetry.as_ref(), self.method_names),
        }
    }

    /// What a page of actors filters and sorts it on, the figures `wanted` (all cheap
    /// here, so all are read).
    pub(crate) fn brief(&self, wanted: Wanted) -> Brief<'_> {
        Brief {
            id: self.id,
            class_name: self.class_name,
            name: self.options.name.as_deref(),
            state: DEAD_LABEL,
            num_restarts: self.num_restarts,
            queue_len: 0,
            totals: telemetry::totals(self.telemetry.as_ref(), wanted),
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
    pub(super) fn bury(&mut self, dead: Arc<DeadActor>) -> Option<Arc<DeadActor>> {
        let forgotten = if self.dead.len() >= DEAD_ACTORS_KEPT {
            self.dead.pop_front()
        } else {
            None
        };
        self.dead.push_back(dead);
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::SystemTime;

    use super::{DEAD_ACTORS_KEPT, DeadActor, Graveyard};
    use crate::actor::{ActorId, ActorOptions};
    use crate::error::DeathCause;
    use crate::telemetry::Telemetry;

    fn dead(id: ActorId) -> Arc<DeadActor> {
        Arc::new(DeadActor {
            id,
            class_name: "Ghost",
            method_names: &[],
            options: Arc::new(ActorOptions::default()),
            namespace: Arc::from("default"),
            cause: DeathCause::HandlesDropped,
            num_restarts: 0,
            started_at: SystemTime::now(),
            telemetry: Telemetry::<0>::new(),
        })
    }

    #[test]
    fn the_graveyard_keeps_the_last_ones_and_hands_back_the_oldest() {
        let mut graveyard = Graveyard::default();
        let ids: Vec<ActorId> = (0..DEAD_ACTORS_KEPT + 5)
            .map(|_| ActorId::next(0))
            .collect();
        let forgotten: Vec<ActorId> = ids
            .iter()
            .filter_map(|id| graveyard.bury(dead(*id)))
            .map(|dead| dead.id)
            .collect();
        assert_eq!(forgotten, ids[..5]);
        assert_eq!(graveyard.all().count(), DEAD_ACTORS_KEPT);
        assert!(graveyard.get(ids[4]).is_none());
        assert_eq!(graveyard.get(ids[5]).map(|dead| dead.id), Some(ids[5]));
        let info = graveyard.get(ids[DEAD_ACTORS_KEPT + 4]).unwrap().info();
        assert_eq!(info.class_name, "Ghost");
        assert_eq!(info.state.label(), "DEAD");
    }
}
