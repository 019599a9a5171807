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

    pub fn add<N: Into<i64>>(&mut self, n: N) -> i64 {
        self.value += n.into();
        self.value
    }
}

fn main() {
    let counter = Counter::remote();
    let _ = counter.add(2_i32);
}
