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

    pub fn add_all(&mut self, values: impl Iterator<Item = i64>) -> i64 {
        self.value += values.sum::<i64>();
        self.value
    }
}

fn main() {
    let counter = Counter::remote();
    let _ = counter.add_all(vec![1, 2].into_iter());
}
