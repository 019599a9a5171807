//! `#[actor_core::main]` on a sync `fn main`: the program runs as written, and starts itself
//! again as the worker process of an isolated actor.

use actor_core::prelude::*;

#[actor]
pub struct Echo {}

#[actor]
impl Echo {
    pub fn new() -> Self {
        Self {}
    }

    pub fn pid(&self) -> u32 {
        std::process::id()
    }
}

#[actor_core::main]
fn main() {
    let echo = Echo::options().isolated(true).remote().expect("starts");
    assert_ne!(echo.pid().get().expect("answers"), std::process::id());
}
