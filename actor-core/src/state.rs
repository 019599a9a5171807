//! The state API: a snapshot of every actor and its per-method figures, a page of them for
//! many actors, every task function, the node's resources; [`summary`] prints actors and
//! tasks as tables.

mod page;
mod table;
mod tasks;

use std::time::Duration;

use crate::actor::ActorId;
use crate::registry;
use crate::runtime;

pub use crate::records::{ActorInfo, LatencyHistogram, MethodStats, ResourceUsage};
pub use crate::registry::DEAD_ACTORS_KEPT;
pub use page::{ActorPage, ActorQuery, ActorSort, UnknownSort, list_actors_page};
pub(crate) use tasks::{TaskCounters, task_counters};
pub use tasks::{TaskSummary, list_tasks};

/// Every actor this process holds a reference to, live or dead while a handle to it
/// remains, by id. Actors gone since (every reference dropped) are not in it; the last
/// [`DEAD_ACTORS_KEPT`] of them are in [`list_actors_page`] and [`get_actor_info`].
pub fn list_actors() -> Vec<ActorInfo> {
    let mut actors: Vec<ActorInfo> = registry::all().iter().map(|actor| actor.info()).collect();
    actors.sort_by_key(|info| info.id);
    actors
}

/// The snapshot of the actor with id `id`, if this process knows it: still referenced, or
/// among the last [`DEAD_ACTORS_KEPT`] actors gone.
pub fn get_actor_info(id: ActorId) -> Option<ActorInfo> {
    registry::lookup_known(id).map(|actor| actor.info())
}

/// Each resource of this node (`CPU`, `GPU` if it has any, custom ones), by name: how
/// much there is, and how much actors and tasks hold now. Starts the runtime if it was not.
pub fn list_resources() -> Vec<ResourceUsage> {
    runtime::current().scheduler.usage()
}

/// How long the runtime has run: since it started, or since it started again after
/// `shutdown`. Starts the runtime if it was not.
pub fn uptime() -> Duration {
    runtime::current().scheduler.uptime()
}

/// A snapshot of every actor and every task function, printable as two tables.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// What [`list_actors`] returned.
    pub actors: Vec<ActorInfo>,
    /// What [`list_tasks`] returned.
    pub tasks: Vec<TaskSummary>,
}

/// The actors and task functions of this process, as [`list_actors`] and [`list_tasks`]
/// return them; print it to see them as tables: `println!("{}", state::summary())`.
pub fn summary() -> Summary {
    Summary {
        actors: list_actors(),
        tasks: list_tasks(),
    }
}
