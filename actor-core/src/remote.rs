//! Actors in worker processes: the wire between a driver and its workers, the processes,
//! and what a worker runs.
//!
//! - The wire: `frame` names what the two sides say, `codec` puts frames on a byte stream
//!   (length prefix, then `postcard`), and `handshake` admits a worker: protocol version,
//!   build id of the executable, and the driver's secret token must all match.
//! - The processes: the private socket directory (`private_dir`), starting and reaping
//!   worker processes (`process`, through the long-lived `spawner` thread, with the command
//!   line `relaunch` builds), and the worker's entry (`entry` and `worker_env`, behind
//!   `#[actor_core::main]` and `actor_core::worker_test_support!()`).
//! - The driver's side of an isolated actor is its loop (`actor::isolated`), which talks to
//!   the worker through a [`Link`]; the worker's side is `worker`, which reaches the
//!   driver's actors through its `uplink`.
//!
//! Left out of loom model builds, whose tokio has no network types.

mod codec;
pub(crate) mod entry;
mod frame;
mod handshake;
mod link;
pub(crate) mod private_dir;
pub(crate) mod process;
pub(crate) mod relaunch;
mod spawner;
mod uplink;
mod worker;
mod worker_cancel;
mod worker_env;
mod writer;

pub(crate) use frame::{Frame, WorkerOptions};
pub(crate) use link::{Link, LinkEnd, OpenFailed};
pub(crate) use relaunch::check_can_start_workers;
pub(crate) use uplink::{Uplink, uplink};
pub use worker::WorkerClass;
