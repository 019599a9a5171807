use actor_core::prelude::*;

#[task]
fn identity<T: Send + 'static>(value: T) -> T {
    value
}

fn main() {
    let _ = identity::remote(1_u32);
}
