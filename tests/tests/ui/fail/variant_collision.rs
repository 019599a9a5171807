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

    pub fn get_value(&self) -> i64 {
        self.value
    }

    #[allow(non_snake_case)]
    pub fn getValue(&self) -> i64 {
        self.value
    }
}

fn main() {
    let counter = Counter::remote();
    let _ = counter.get_value();
}
