//! Isolated actors: each runs in a worker process of its own, started from this executable.
//!
//! This branch holds the process side: the private socket directory (`private_dir`), starting
//! and reaping worker processes (`process`, through the long-lived `spawner` thread, with the
//! command line `relaunch` builds), and the worker's entry (`entry` and `worker_env`, behind
//! `#[actor_core::main]` and `actor_core::worker_test_support!()`).

pub(crate) mod entry;
pub(crate) mod private_dir;
pub(crate) mod process;
pub(crate) mod relaunch;
mod spawner;
mod token_placeholder;
mod worker;
mod worker_env;
