use actor_core::prelude::*;

#[task]
fn identity<T: Send + 'static>(value: T) -> T {
    value
}

fn main() {}
