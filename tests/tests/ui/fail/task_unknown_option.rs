use actor_core::prelude::*;

#[task(num_cpu = 2.0)]
fn work(n: u64) -> u64 {
    n * 2
}

fn main() {
    let _ = work::remote(2);
}
