//! Actors in worker processes: the wire between a driver and its workers, the processes,
//! and what a worker runs.
//!
//! `frame` names what the two sides say, `codec` puts frames on a byte stream (length
//! prefix, then `postcard`), and `handshake` admits a worker: protocol version, build id of
//! the executable, and the driver's secret token must all match. The driver's side of an isolated actor is its loop (`actor::isolated`), which talks to
//! the worker through a [`Link`]; the worker's side is [`worker`]. Left out of loom model
//! builds, whose tokio has no network types.

mod codec;
mod entry;
mod frame;
mod handshake;
mod link;
mod private_dir;
mod process;
mod uplink;
mod worker;

pub(crate) use entry::check_can_start_workers;
pub use entry::enter_main;
pub(crate) use frame::{Frame, WorkerOptions};
pub(crate) use link::{Link, LinkEnd, OpenFailed};
pub(crate) use uplink::{Uplink, uplink};
pub use worker::WorkerClass;
