//! Every actor of this process by id, named actors by namespace and name, and the last
//! actors gone.

mod by_id;
mod dead;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, Weak};

use crate::actor::{ActorControl, ActorId};
use crate::lock::lock;

use crate::records::{ActorInfo, Brief};

use by_id::ById;
use dead::Graveyard;

pub use dead::DEAD_ACTORS_KEPT;
pub(crate) use dead::DeadActor;

#[derive(Default)]
struct Registry {
    /// Keyed by the counter of the id, unique in the process (see [`ActorId::counter`]).
    by_id: ById,
    by_name: HashMap<(String, String), (ActorId, Weak<dyn ActorControl>)>,
    /// The last actors gone from `by_id`.
    dead: Graveyard,
}

static REGISTRY: LazyLock<Mutex<Registry>> = LazyLock::new(Mutex::default);

fn registry() -> MutexGuard<'static, Registry> {
    lock(&REGISTRY)
}

/// Makes the actor known by id.
pub(crate) fn register(actor: &Arc<dyn ActorControl>) {
    let counter = actor.id().counter();
    registry().by_id.insert(counter, Arc::downgrade(actor));
}

/// Forgets the actor's id: its last reference is gone. It was `dead` then: if it was
/// registered, the record is kept among the last actors gone.
pub(crate) fn forget(id: ActorId, dead: DeadActor) {
    let forgotten = {
        let mut registry = registry();
        if !registry.by_id.remove(id.counter()) {
            return;
        }
        registry.dead.bury(dead)
    };
    // Dropped outside the lock: nothing of an actor runs under it.
    drop(forgotten);
}

/// The actor with id `id`, if it is still referenced.
pub(crate) fn lookup_id(id: ActorId) -> Option<Arc<dyn ActorControl>> {
    let actor = registry().by_id.get(id.counter()).and_then(Weak::upgrade)?;
    // Checked outside the lock: dropping the last reference of another actor re-enters it.
    (actor.id() == id).then_some(actor)
}

/// The actor of this process whose id has the counter `counter`, if it is still referenced.
pub(crate) fn lookup_local(counter: u64) -> Option<Arc<dyn ActorControl>> {
    registry().by_id.get(counter).and_then(Weak::upgrade)
}

/// Every actor still referenced.
pub(crate) fn all() -> Vec<Arc<dyn ActorControl>> {
    registry()
        .by_id
        .values()
        .filter_map(Weak::upgrade)
        .collect()
}

/// An actor the state API lists: still referenced, or among the last gone.
pub(crate) enum Known {
    /// Still referenced (alive, or dead while a handle remains).
    Referenced(Arc<dyn ActorControl>),
    /// Gone: every reference dropped.
    Gone(Arc<DeadActor>),
}

impl Known {
    /// Its snapshot for the state API.
    pub(crate) fn info(&self) -> ActorInfo {
        match self {
            Self::Referenced(actor) => actor.info(),
            Self::Gone(dead) => dead.info(),
        }
    }

    /// What a page of actors filters and sorts it on.
    pub(crate) fn brief(&self) -> Brief<'_> {
        match self {
            Self::Referenced(actor) => actor.brief(),
            Self::Gone(dead) => dead.brief(),
        }
    }
}

/// Every actor still referenced, then the last actors gone (oldest first), taken together
/// so that an actor that goes meanwhile is in one of the two.
pub(crate) fn everyone() -> Vec<Known> {
    let registry = registry();
    let referenced = registry.by_id.values().filter_map(Weak::upgrade);
    let gone = registry.dead.all().cloned();
    referenced
        .map(Known::Referenced)
        .chain(gone.map(Known::Gone))
        .collect()
}

/// The actor with id `id`, still referenced or among the last gone.
pub(crate) fn lookup_known(id: ActorId) -> Option<Known> {
    if let Some(actor) = lookup_id(id) {
        return Some(Known::Referenced(actor));
    }
    registry().dead.get(id).map(Known::Gone)
}

/// Gives `name` to `actor`, or returns the live actor that already has it.
pub(crate) fn claim_name(
    namespace: &str,
    name: &str,
    actor: &Arc<dyn ActorControl>,
) -> Result<(), Arc<dyn ActorControl>> {
    let mut registry = registry();
    let key = (namespace.to_owned(), name.to_owned());
    if let Some(existing) = registry
        .by_name
        .get(&key)
        .and_then(|(_, weak)| weak.upgrade())
    {
        return Err(existing);
    }
    registry
        .by_name
        .insert(key, (actor.id(), Arc::downgrade(actor)));
    Ok(())
}

/// The live actor named `name` in `namespace`.
pub(crate) fn lookup_name(namespace: &str, name: &str) -> Option<Arc<dyn ActorControl>> {
    registry()
        .by_name
        .get(&(namespace.to_owned(), name.to_owned()))
        .and_then(|(_, weak)| weak.upgrade())
}

/// Frees `name` if the actor `id` still holds it.
pub(crate) fn release_name(namespace: &str, name: &str, id: ActorId) {
    let mut registry = registry();
    let key = (namespace.to_owned(), name.to_owned());
    // Compared by id, without upgrading: dropping an upgraded last reference here would
    // re-enter this lock from the actor's destructor.
    if registry
        .by_name
        .get(&key)
        .is_some_and(|(holder, _)| *holder == id)
    {
        registry.by_name.remove(&key);
    }
}
