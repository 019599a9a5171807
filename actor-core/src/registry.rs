//! Every actor of this process by id, and named actors by namespace and name.

mod by_id;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, Weak};

use crate::actor::{ActorControl, ActorId};
use crate::lock::lock;

use by_id::ById;

#[derive(Default)]
struct Registry {
    /// Keyed by the counter of the id, unique in the process (see [`ActorId::counter`]).
    by_id: ById,
    by_name: HashMap<(String, String), (ActorId, Weak<dyn ActorControl>)>,
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

/// Forgets the actor's id: its last reference is gone.
pub(crate) fn forget(id: ActorId) {
    registry().by_id.remove(id.counter());
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
