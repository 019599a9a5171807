// An `#[actor(local)]` class cannot be `isolated`: its calls never leave this process.
use actor_core::prelude::*;

#[actor(isolated)]
pub struct Runner {}

#[actor(local)]
impl Runner {
    pub fn new() -> Self {
        Runner {}
    }

    pub fn run(&self, job: Box<dyn FnOnce() + Send>) {
        job()
    }
}

fn main() {
    let runner = Runner::remote();
    let _ = runner.run(Box::new(|| {}));
}
