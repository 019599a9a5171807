//! Which handles a process keeps alive for the other side of a connection, decided where a
//! handle is serialized: it cannot know there where its bytes go, so the code that encodes
//! for a connection says so ([`sending_to`], [`SendingTo`]), or collects the handles to keep
//! them itself ([`keeping_handles`]).
//!
//! A worker's encodings for the driver are its replies (the replier encodes them under
//! [`sending_to`] its uplink), its stand-ins' calls and its answers; there a handle to an
//! actor the worker created is kept for the driver's stand-in, and a handle to any other
//! actor (its own isolated actor, a stand-in) names an actor the driver reaches already.
//! A handle the user serializes for some other purpose keeps nothing, in either process.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use crate::actor::ActorId;

use super::peer::{KeptHandle, Peer};
use super::uplink::uplink;

/// A handle serialized while handles were collected, and the id of its actor.
pub(crate) type Collected = (ActorId, KeptHandle);

thread_local! {
    /// The handles serialized on this thread while code that encodes for another process
    /// runs: `None` when none does. A `Cell`, so that encoding a call costs two moves here.
    static COLLECTED: Cell<Option<Vec<Collected>>> = const { Cell::new(None) };
}

/// Runs `encode`, and returns the handles it serialized with its result.
fn collecting<R>(encode: impl FnOnce() -> R) -> (R, Vec<Collected>) {
    /// The collection this one interrupted, put back when dropped (even if `encode` panics).
    struct Restore(Option<Vec<Collected>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            COLLECTED.set(self.0.take());
        }
    }
    let restore = Restore(COLLECTED.replace(Some(Vec::new())));
    let result = encode();
    let collected = COLLECTED.take().unwrap_or_default();
    drop(restore);
    (result, collected)
}

/// Runs `encode`, whose bytes go to the other side of `peer`: the handles it serializes are
/// kept until the other side releases them, and announced before the bytes are sent.
pub(crate) fn sending_to<R>(peer: &Peer, encode: impl FnOnce() -> R) -> R {
    let (result, collected) = collecting(encode);
    for (id, handle) in collected {
        peer.export(id, || handle);
    }
    result
}

/// [`sending_to`] for bytes that may go again to another peer (a call to an isolated actor
/// that may restart): also returns the handles `encode` serialized, for [`sending_again`].
pub(crate) fn sending_to_keeping<R>(
    peer: &Peer,
    encode: impl FnOnce() -> R,
) -> (R, Vec<Collected>) {
    let (result, collected) = collecting(encode);
    sending_again(peer, &collected);
    (result, collected)
}

/// Exports to `peer` the handles in bytes that [`sending_to_keeping`] encoded, before the
/// bytes go to it.
pub(crate) fn sending_again(peer: &Peer, handles: &[Collected]) {
    for (id, handle) in handles {
        peer.export(*id, || handle.clone());
    }
}

/// Runs `encode`, and returns the handles it serialized with its result: the caller keeps
/// them alive as long as the bytes may be read (an isolated actor's constructor arguments).
pub(crate) fn keeping_handles<R>(encode: impl FnOnce() -> R) -> (R, Vec<KeptHandle>) {
    let (result, collected) = collecting(encode);
    (
        result,
        collected.into_iter().map(|(_, handle)| handle).collect(),
    )
}

/// A future whose polls encode bytes for the other side of a peer (an answer to a call the
/// other side made): see [`sending_to`].
pub(crate) struct SendingTo<F> {
    peer: Arc<Peer>,
    future: Pin<Box<F>>,
}

impl<F: Future> SendingTo<F> {
    /// `future`, its handles going to the other side of `peer`.
    pub(crate) fn new(peer: Arc<Peer>, future: F) -> Self {
        Self {
            peer,
            future: Box::pin(future),
        }
    }
}

impl<F: Future> Future for SendingTo<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = &mut *self;
        sending_to(&this.peer, || this.future.as_mut().poll(cx))
    }
}

/// A handle to the actor `id` is being serialized: keeps one (`handle` makes it) where the
/// bytes go, if they go to another process that needs it kept.
pub(crate) fn export(id: ActorId, handle: impl FnOnce() -> KeptHandle) {
    if uplink().is_some() && id.node() != crate::runtime::current().node_id {
        return;
    }
    if let Some(mut collected) = COLLECTED.take() {
        collected.push((id, handle()));
        COLLECTED.set(Some(collected));
    }
}

/// A handle to the actor `id` was read and found an actor of this process: an export of it
/// by the other side, if one was announced, is not needed.
pub(crate) fn resolved_here(id: ActorId) {
    if let Some(uplink) = uplink() {
        uplink.resolved_here(id);
    }
}
