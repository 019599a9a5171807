// A call whose result is thrown away is flagged, and the message points at `tell()`.
#![deny(unused_must_use)]

use actor_core::prelude::*;

#[actor]
pub struct Worker;

#[actor]
impl Worker {
    pub fn new() -> Self {
        Self
    }

    pub fn work(&mut self, item: u32) -> u32 {
        item * 2
    }
}

fn main() {
    let worker = Worker::remote();
    worker.work(1);
    worker.tell().work(2).unwrap();
}
