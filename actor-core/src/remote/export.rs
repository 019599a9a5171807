//! Which handles a process keeps alive for the other side of a connection, decided where a
//! handle is serialized: it cannot know there where its bytes go, so the code that encodes
//! for a connection says so ([`sending_to`], [`SendingTo`]), or collects the handles to keep
//! them itself ([`keeping_handles`]).
//!
//! In a worker everything it encodes goes to the driver: a handle to an actor the worker
//! created is kept for the driver's stand-in; a handle to any other actor (its own isolated
//! actor, a stand-in) names an actor the driver reaches already.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use crate::actor::ActorId;

use super::peer::{KeptHandle, Peer};
use super::uplink::uplink;

/// Where the handles serialized on this thread now are going.
enum Sink {
    /// To the other side of this peer: kept until it releases them.
    Peer(Arc<Peer>),
    /// Collected, for the caller to keep.
    Keep(Vec<KeptHandle>),
}

thread_local! {
    static SINK: RefCell<Option<Sink>> = const { RefCell::new(None) };
}

/// Puts `sink` in place while `encode` runs, then the previous one back (even if `encode`
/// panics); returns the sink as `encode` left it.
fn with_sink<R>(sink: Sink, encode: impl FnOnce() -> R) -> (R, Option<Sink>) {
    /// The previous sink, put back when dropped.
    struct Restore(Option<Sink>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            SINK.with(|current| *current.borrow_mut() = previous);
        }
    }
    let restore = Restore(SINK.with(|current| current.borrow_mut().replace(sink)));
    let result = encode();
    let used = SINK.with(|current| current.borrow_mut().take());
    drop(restore);
    (result, used)
}

/// Runs `encode`, whose bytes go to the other side of `peer`: the handles it serializes are
/// kept until the other side releases them.
pub(crate) fn sending_to<R>(peer: &Arc<Peer>, encode: impl FnOnce() -> R) -> R {
    with_sink(Sink::Peer(peer.clone()), encode).0
}

/// Runs `encode`, and returns the handles it serialized with its result: the caller keeps
/// them alive as long as the bytes may be read (an isolated actor's constructor arguments).
pub(crate) fn keeping_handles<R>(encode: impl FnOnce() -> R) -> (R, Vec<KeptHandle>) {
    match with_sink(Sink::Keep(Vec::new()), encode) {
        (result, Some(Sink::Keep(kept))) => (result, kept),
        (result, _) => (result, Vec::new()),
    }
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
    if let Some(uplink) = uplink() {
        if id.node() == crate::runtime::current().node_id {
            uplink.export(id, handle);
        }
        return;
    }
    let mut handle = Some(handle);
    let peer = SINK.with(|sink| match &mut *sink.borrow_mut() {
        Some(Sink::Peer(peer)) => Some(peer.clone()),
        Some(Sink::Keep(kept)) => {
            kept.extend(handle.take().map(|handle| handle()));
            None
        }
        None => None,
    });
    if let (Some(peer), Some(handle)) = (peer, handle) {
        peer.export(id, handle);
    }
}

/// A handle to the actor `id` was read and found an actor of this process: an export of it
/// by the other side, if one was announced, is not needed.
pub(crate) fn resolved_here(id: ActorId) {
    if let Some(uplink) = uplink() {
        uplink.resolved_here(id);
    }
}
