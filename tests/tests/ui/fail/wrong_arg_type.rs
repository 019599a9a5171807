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

    pub fn add(&mut self, by: i64) -> i64 {
        self.value += by;
        self.value
    }
}

fn main() {
    let counter = Counter::remote();
    let _ = counter.add("one");
}
