//! Calls made with arguments still being made (`ObjectRef`s), as Ray's dependency
//! resolution: such a call waits off the actor, on the runtime, until its arguments are
//! there, and is queued then. The calls its handle makes after it wait behind it, so that
//! one caller's calls still reach the actor in the order they were made, while other
//! callers' calls and the actor itself go on meanwhile.
//!
//! A handle without such a call pending pays one atomic load per call for this.

use std::collections::VecDeque;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Poll;

use parking_lot::Mutex;

use crate::error::Error;
use crate::slot::ErasedSlot;

/// A call's message, made once its arguments are there, or the error of one that failed.
pub(crate) type PendingMessage<M> = Pin<Box<dyn Future<Output = Result<M, Error>> + Send>>;

/// The calls of one handle waiting for their arguments, or behind one that is, in order.
pub(crate) struct CallChain<M> {
    /// Whether calls wait in the chain: read without the lock by every call of the handle.
    busy: AtomicBool,
    state: Mutex<ChainState<M>>,
}

struct ChainState<M> {
    waiting: VecDeque<Waiting<M>>,
    /// Whether a driver runs, which sends the waiting calls in order.
    driven: bool,
}

/// One call in the chain; if it is dropped unsent (the runtime shut down), its result
/// fails with `Error::RuntimeShutdown`.
struct Waiting<M> {
    message: PendingMessage<M>,
    reply: Option<Arc<dyn ErasedSlot>>,
}

impl<M> Drop for Waiting<M> {
    fn drop(&mut self) {
        if let Some(reply) = self.reply.take() {
            reply.fail(Error::RuntimeShutdown);
        }
    }
}

impl<M: Send + 'static> CallChain<M> {
    pub(crate) fn new() -> Self {
        Self {
            busy: AtomicBool::new(false),
            state: Mutex::new(ChainState {
                waiting: VecDeque::new(),
                driven: false,
            }),
        }
    }

    /// Whether calls wait in the chain, so that a new call of the handle must wait behind
    /// them. A call that sees `false` was made after every call of the chain was sent.
    #[inline]
    pub(crate) fn is_busy(&self) -> bool {
        self.busy.load(Ordering::Acquire)
    }

    /// Adds a call at the end of the chain; returns whether a driver must be started for it
    /// (none runs).
    pub(crate) fn push(
        &self,
        message: PendingMessage<M>,
        reply: Option<Arc<dyn ErasedSlot>>,
    ) -> bool {
        let mut state = self.state.lock();
        state.waiting.push_back(Waiting { message, reply });
        let start = !state.driven;
        state.driven = true;
        self.busy.store(true, Ordering::Release);
        start
    }

    /// Sends the chain's calls with `send`, in order, each once its message is made; ends
    /// when the chain is empty. A call whose message fails, fails with that error; one that
    /// is cancelled meanwhile is dropped unsent.
    ///
    /// The guard that fails the waiting calls if the driver is dropped unfinished is made
    /// here, not at the first poll: a runtime that shuts down before it polled the driver
    /// still drops it.
    pub(crate) fn drive(
        self: Arc<Self>,
        send: impl Fn(M, Option<Arc<dyn ErasedSlot>>) -> Result<(), Error>,
    ) -> impl Future<Output = ()> {
        let driving = Driving {
            chain: self,
            ended: false,
        };
        driving.run(send)
    }
}

impl<M> Driving<M> {
    /// Sends the calls, as [`CallChain::drive`] says.
    async fn run(mut self, send: impl Fn(M, Option<Arc<dyn ErasedSlot>>) -> Result<(), Error>) {
        while let Some(mut call) = self.next() {
            let made = {
                let Waiting { message, reply } = &mut call;
                poll_fn(|cx| {
                    if let Poll::Ready(made) = message.as_mut().poll(cx) {
                        return Poll::Ready(Some(made));
                    }
                    match reply {
                        Some(reply) => reply.poll_completed_elsewhere(cx).map(|()| None),
                        None => Poll::Pending,
                    }
                })
                .await
            };
            let reply = call.reply.take();
            match made {
                Some(Ok(message)) => {
                    if let Err(error) = send(message, reply.clone())
                        && let Some(reply) = reply
                    {
                        reply.fail(error);
                    }
                }
                Some(Err(error)) => {
                    if let Some(reply) = reply {
                        reply.fail(error);
                    }
                }
                // Cancelled while it waited.
                None => {}
            }
        }
    }
}

/// A running driver of `chain`. If it is dropped before it ended (the runtime shut down),
/// the calls still waiting fail and the chain accepts a new driver.
struct Driving<M> {
    chain: Arc<CallChain<M>>,
    ended: bool,
}

impl<M> Driving<M> {
    /// The next call to send, or `None` (the driver ends) once the chain is empty.
    fn next(&mut self) -> Option<Waiting<M>> {
        let mut state = self.chain.state.lock();
        let next = state.waiting.pop_front();
        if next.is_none() {
            state.driven = false;
            self.chain.busy.store(false, Ordering::Release);
            self.ended = true;
        }
        next
    }
}

impl<M> Drop for Driving<M> {
    fn drop(&mut self) {
        if self.ended {
            return;
        }
        let unsent = {
            let mut state = self.chain.state.lock();
            state.driven = false;
            self.chain.busy.store(false, Ordering::Release);
            std::mem::take(&mut state.waiting)
        };
        // Failed outside the lock: failing a result wakes its waiter.
        drop(unsent);
    }
}
