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

    pub fn remote(&self) -> i64 {
        self.value
    }
}

fn main() {
    let counter = Counter::options().remote().unwrap();
    let _ = counter.remote();
}
