//! Every actor of this process by id, and named actors by namespace and name.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, Weak};

use crate::actor::{ActorControl, ActorId};

#[derive(Default)]
struct Registry {
    by_id: HashMap<ActorId, Weak<dyn ActorControl>, BuildHasherDefault<IdHasher>>,
    by_name: HashMap<(String, String), (ActorId, Weak<dyn ActorControl>)>,
}

/// Hashes actor ids with the multiply-and-rotate mix of rustc's FxHash. Ids are counters made
/// here, never keys a peer could choose to collide, so SipHash's defence against flooding
/// buys nothing, and it cost most of `register` when actors start by the thousand.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_u64(u64::from(*byte));
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

static REGISTRY: LazyLock<Mutex<Registry>> = LazyLock::new(Mutex::default);

fn registry() -> MutexGuard<'static, Registry> {
    // No user code runs under this lock, so a poisoned lock still holds valid maps.
    REGISTRY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Makes the actor known by id.
pub(crate) fn register(actor: &Arc<dyn ActorControl>) {
    registry().by_id.insert(actor.id(), Arc::downgrade(actor));
}

/// Forgets the actor's id: its last reference is gone.
pub(crate) fn forget(id: ActorId) {
    registry().by_id.remove(&id);
}

/// The actor with id `id`, if it is still referenced.
pub(crate) fn lookup_id(id: ActorId) -> Option<Arc<dyn ActorControl>> {
    registry().by_id.get(&id).and_then(Weak::upgrade)
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
