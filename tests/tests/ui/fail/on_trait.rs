use actor_core::prelude::*;

#[actor]
pub trait Greeter {
    fn greet(&self) -> String;
}

#[actor]
pub struct English;

#[actor]
impl English {
    pub fn new() -> Self {
        Self
    }

    pub fn hello(&self) -> String {
        "hello".to_owned()
    }
}

impl Greeter for English {
    fn greet(&self) -> String {
        "hello".to_owned()
    }
}

fn main() {
    let english = English::remote();
    let _ = english.hello();
}
