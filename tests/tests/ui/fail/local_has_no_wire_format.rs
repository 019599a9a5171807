use actor_core::__private::WireActor;
use actor_core::prelude::*;

#[actor]
pub struct Runner {
    runs: u32,
}

#[actor(local)]
impl Runner {
    pub fn new() -> Self {
        Self { runs: 0 }
    }

    pub fn run(&mut self, job: Box<dyn FnOnce() + Send>) -> u32 {
        job();
        self.runs += 1;
        self.runs
    }
}

fn main() {
    let runner = Runner::remote();
    let _ = runner.run(Box::new(|| {}));
    let _ = <Runner as WireActor>::decode_call(&[0]);
}
