use actor_core::prelude::*;

/// An actor with a constructor and no methods: its message enum is empty.
#[actor]
pub struct Idle {
    #[allow(dead_code)]
    started: bool,
}

#[actor]
impl Idle {
    pub fn new() -> Self {
        Self { started: true }
    }
}

/// Keeps the handles it is given: an `IdleHandle` is itself a valid (serde) argument.
#[actor]
pub struct Watcher {
    seen: Vec<IdleHandle>,
}

#[actor]
impl Watcher {
    pub fn new() -> Self {
        Self { seen: Vec::new() }
    }

    pub fn watch(&mut self, idle: IdleHandle) -> usize {
        self.seen.push(idle);
        self.seen.len()
    }
}

fn main() {
    let idle = Idle::remote();
    let again = idle.clone();
    assert_eq!(idle, again);
    assert_eq!(idle.actor_id(), again.actor_id());
    let watcher = Watcher::remote();
    assert_eq!(watcher.watch(idle.clone()).get().unwrap(), 1);
    assert_eq!(watcher.watch(again).get().unwrap(), 2);
    let info = actor_core::state::list_actors()
        .into_iter()
        .find(|info| info.id == idle.actor_id())
        .unwrap();
    assert_eq!(info.class_name, "Idle");
    assert!(info.methods.is_empty());
    let named = Idle::options().name("idle").remote().unwrap();
    assert_eq!(Idle::get_actor("idle").unwrap(), named);
    kill(&named);
}
