//! In the driver: the way to the actors that isolated actors create in their worker
//! processes.
//!
//! Such an actor lives in its worker process. A handle to it that leaves the worker (a
//! method's value, an argument of a call to an actor of the driver) is announced first
//! (`Export`) on that worker's connection; the driver then turns the handle into a stand-in
//! (see `actor::forward`) whose calls go to the worker through the connection's [`Peer`]
//! (kept by its `Link`), and on from the driver to any other process it is sent to. When the
//! worker process ends, the stand-ins die with its cause.

use std::sync::{Arc, LazyLock, Mutex, Weak};

use crate::actor::ActorId;
use crate::error::DeathCause;
use crate::lock::lock;

use super::peer::Peer;
use super::writer::FrameSender;

/// The peers of the live worker connections.
static PEERS: LazyLock<Mutex<Vec<Weak<Peer>>>> = LazyLock::new(Mutex::default);

/// The peer of a new connection to a worker, whose frames go to `writer`.
pub(crate) fn open(writer: FrameSender) -> Arc<Peer> {
    let peer = Arc::new(Peer::new(writer));
    let mut peers = lock(&PEERS);
    peers.retain(|known| known.strong_count() > 0);
    peers.push(Arc::downgrade(&peer));
    peer
}

/// The peer of the worker that has the actor `id`, if the driver knows one.
pub(crate) fn route(id: ActorId) -> Option<Arc<Peer>> {
    let peers: Vec<_> = lock(&PEERS).iter().filter_map(Weak::upgrade).collect();
    peers.into_iter().find(|peer| peer.knows(id))
}

/// The worker of `peer` is gone, for `cause`: its actors' stand-ins die of it.
pub(crate) fn lost(peer: &Arc<Peer>, cause: DeathCause) {
    lock(&PEERS).retain(|known| !std::ptr::eq(known.as_ptr(), Arc::as_ptr(peer)));
    peer.close(cause);
}
