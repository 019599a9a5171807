//! In a worker process: the way to the driver's actors, for handles the worker was given.
//!
//! A handle that reaches a worker process (an argument of the isolated actor's constructor
//! or of one of its calls) names an actor of the driver, another isolated actor, or an actor
//! another worker created. The worker has no such actor: the handle becomes a stand-in (see
//! `actor::forward`) whose calls go to the driver through the worker's one connection, its
//! [`Peer`]; the driver runs them through its own handle to the actor, and its answers come
//! back here, to the stand-in's result slots.

use std::sync::{Arc, OnceLock};

use super::peer::Peer;
use super::writer::FrameSender;

static UPLINK: OnceLock<Arc<Peer>> = OnceLock::new();

/// The uplink of this worker process; `None` in a driver.
pub(crate) fn uplink() -> Option<&'static Arc<Peer>> {
    UPLINK.get()
}

/// Makes this process's uplink, writing its frames to `writer`; once, by the worker.
pub(crate) fn install(writer: FrameSender) -> &'static Arc<Peer> {
    UPLINK.get_or_init(|| Arc::new(Peer::new(writer)))
}
