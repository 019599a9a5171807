use actor_core::prelude::*;

#[derive(Clone)]
pub struct Snapshot {
    pub value: i64,
}

#[actor]
pub struct Counter {
    value: i64,
}

#[actor]
impl Counter {
    pub fn new() -> Self {
        Self { value: 0 }
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot { value: self.value }
    }
}

fn main() {
    let counter = Counter::remote();
    let _ = counter.snapshot();
}
