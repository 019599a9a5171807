use actor_core::prelude::*;

#[actor]
pub enum Light {
    On,
    Off,
}

fn main() {}
