use actor_core::prelude::*;

#[actor]
pub struct Counter {
    value: i64,
}

#[actor]
impl Counter {
    pub async fn new() -> Self {
        Self { value: 0 }
    }

    pub fn get(&self) -> i64 {
        self.value
    }
}

fn main() {
    let counter = Counter::remote();
    let _ = counter.get();
}
