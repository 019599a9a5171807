use actor_core::prelude::*;

#[actor]
pub trait Greeter {
    fn greet(&self) -> String;
}

fn main() {}
