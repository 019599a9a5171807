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
//!   the worker through a [`Link`], on the driver's one `link_thread`; the worker's side is
//!   `worker`.
//! - Handles across the connection, both ways: each side reaches the other's actors through
//!   a `peer` (the worker's `uplink` to the driver; the driver's `downlink`s, one per
//!   worker, to the actors workers created), and runs what the other side asks of its own
//!   actors (`asked`).
//! - A worker's `tracing` events go to the driver as `Log` frames (`log_record`): the
//!   worker's subscriber sends them (`log_forward`), the driver's `Link` re-emits them
//!   (`log_replay`).
//!
//! Left out of loom model builds, whose tokio has no network types.

mod asked;
mod codec;
mod downlink;
pub(crate) mod entry;
mod export;
mod frame;
mod handshake;
mod link;
mod link_thread;
mod log_forward;
mod log_record;
mod log_replay;
mod peer;
pub(crate) mod private_dir;
pub(crate) mod process;
pub(crate) mod relaunch;
mod spawner;
mod uplink;
mod worker;
mod worker_cancel;
mod worker_env;
mod writer;

pub(crate) use asked::take_peer_frame;
pub(crate) use downlink::route;
pub(crate) use export::{
    Collected, export, keeping_handles, resolved_here, sending_again, sending_to,
    sending_to_keeping,
};
pub(crate) use frame::{Frame, WorkerOptions};
pub(crate) use link::{Link, LinkEnd, OpenFailed};
pub(crate) use link_thread::link_runtime;
pub(crate) use log_record::LogLevel;
pub(crate) use peer::{KeptHandle, Peer};
pub(crate) use relaunch::check_can_start_workers;
pub(crate) use uplink::uplink;
pub use worker::WorkerClass;
