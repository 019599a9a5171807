//! `#[actor_core::main]` names everything by absolute paths: it compiles without the prelude.
#![no_implicit_prelude]

#[allow(dead_code)]
struct Box;
#[allow(dead_code)]
struct Ok;
#[allow(dead_code)]
trait FnOnce {}

#[::actor_core::main]
fn main() {}
