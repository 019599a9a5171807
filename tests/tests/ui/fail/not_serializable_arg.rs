use actor_core::prelude::*;

pub struct Config {
    pub limit: u32,
}

#[actor]
pub struct Limiter {
    limit: u32,
}

#[actor]
impl Limiter {
    pub fn new() -> Self {
        Self { limit: 0 }
    }

    pub fn configure(&mut self, config: Config) {
        self.limit = config.limit;
    }
}

fn main() {
    let limiter = Limiter::remote();
    let _ = limiter.configure(Config { limit: 3 });
}
