use actor_core::prelude::*;

struct Job;

impl Job {
    #[task]
    fn run(self) -> u32 {
        1
    }
}

fn main() {
    let _ = Job.run();
}
