use actor_core::prelude::*;

#[actor]
pub struct Counter {
    value: i32,
}

#[actor(local)]
impl Counter {
    pub fn new() -> Self {
        Self { value: 0 }
    }

    pub fn set(&mut self, value: std::rc::Rc<i32>) {
        self.value = *value;
    }
}

fn main() {
    let counter = Counter::remote();
    let _ = counter.set(std::rc::Rc::new(1));
}
