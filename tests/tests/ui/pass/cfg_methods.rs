use actor_core::prelude::*;

#[actor]
pub struct Counter {
    value: i64,
}

#[actor]
impl Counter {
    pub fn new() -> Self {
        Self { value: 0 }
    }

    /// Never compiled: no handle method, no variant, no match arm.
    #[cfg(any())]
    pub fn hidden(&self, _missing: DoesNotExist) -> i64 {
        self.value
    }

    #[cfg(all())]
    pub fn add(&mut self, by: i64) -> i64 {
        self.value += by;
        self.value
    }

    #[cfg(any())]
    pub fn add(&mut self, _by: i64) -> i64 {
        unreachable!()
    }

    pub fn get(&self) -> i64 {
        self.value
    }
}

fn main() {
    let counter = Counter::remote();
    assert_eq!(counter.add(4).get().unwrap(), 4);
    assert_eq!(counter.get().get().unwrap(), 4);
    assert_eq!(counter.get().get().unwrap(), 4);
    // Telemetry knows only the compiled methods, and counts each call under its own name.
    let info = actor_core::state::list_actors()
        .into_iter()
        .find(|info| info.id == counter.actor_id())
        .unwrap();
    let methods: Vec<&str> = info.methods.iter().map(|m| m.method.as_str()).collect();
    assert_eq!(methods, ["add", "get"]);
    assert_eq!(info.methods[0].calls, 1);
    assert!(info.methods[1].calls >= 1);
}
