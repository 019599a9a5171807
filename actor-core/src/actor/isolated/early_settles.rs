//! How an isolated actor's loop learns that a call it sent to the worker was settled here
//! early (cancelled, or timed out), so as to cancel it in the worker too, as a local cancel
//! would (see `Proxy::cancel_settled` and `remote::worker_cancel`).
//!
//! Each call's result slot wakes its producer when it is settled by anyone else (see
//! `Slot::poll_completed_elsewhere`); here the producer is one waker made once per loop,
//! which raises a flag and wakes the loop. A call pays one waker registration, nothing
//! else: the loop looks through its calls in flight only once the flag is raised.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};

use futures::task::AtomicWaker;

use crate::slot::ErasedSlot;

/// Raised by a watched slot settled early; wakes the loop.
#[derive(Default)]
struct Flag {
    raised: AtomicBool,
    loop_waker: AtomicWaker,
}

impl Flag {
    fn raise(&self) {
        self.raised.store(true, Ordering::Release);
        self.loop_waker.wake();
    }
}

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.raise();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.raise();
    }
}

/// Watches the result slots of the calls in flight for an early settle.
pub(super) struct EarlySettles {
    flag: Arc<Flag>,
    /// Wakes `flag`: what each watched slot holds as its producer's waker.
    waker: Waker,
}

impl EarlySettles {
    /// A watch over no slot yet.
    pub(super) fn new() -> Self {
        let flag = Arc::new(Flag::default());
        Self {
            waker: Waker::from(flag.clone()),
            flag,
        }
    }

    /// Watches `slot`, the result of a call sent to the worker.
    pub(super) fn watch(&self, slot: &dyn ErasedSlot) {
        let mut cx = Context::from_waker(&self.waker);
        if slot.poll_completed_elsewhere(&mut cx).is_ready() {
            // Settled before it was watched: nothing will wake the flag for it.
            self.flag.raise();
        }
    }

    /// Ready once a watched slot was settled early since the last time it was ready.
    pub(super) fn settled(&self) -> impl Future<Output = ()> + '_ {
        std::future::poll_fn(|cx| {
            self.flag.loop_waker.register(cx.waker());
            if self.flag.raised.load(Ordering::Acquire)
                && self.flag.raised.swap(false, Ordering::AcqRel)
            {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        })
    }
}
