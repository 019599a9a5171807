use actor_core::prelude::*;

#[actor]
pub fn compute(n: u64) -> u64 {
    n * 2
}

fn main() {
    let _ = compute::remote(2);
}
