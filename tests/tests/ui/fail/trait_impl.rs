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

    pub fn get(&self) -> i64 {
        self.value
    }
}

#[actor]
impl std::fmt::Display for Counter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.value)
    }
}

fn main() {
    let counter = Counter::remote();
    let _ = counter.get();
}
