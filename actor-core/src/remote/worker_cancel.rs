//! In a worker process: the calls the driver may still cancel (`Cancel` frames), by number.
//!
//! Each `Call` becomes a call through the actor's local handle; its result slot is kept
//! here, so that a `Cancel { call }` settles it as `cancel` on the local `ObjectRef` would:
//! a queued call is dropped unrun, an async method is dropped at its next `.await`, a sync
//! method sees `context::is_cancelled()`. Calls arrive numbered in increasing order and
//! mostly settle in that order, so the slots wait in a queue, oldest first, and the settled
//! ones at its head are dropped as new calls come: no allocation or lock per call.

use std::collections::VecDeque;
use std::sync::Arc;

use crate::error::Error;
use crate::slot::ErasedSlot;
use crate::wire::EncodedReply;

/// The result slots of the calls not settled yet, by call number, oldest first.
#[derive(Default)]
pub(super) struct Cancellable {
    calls: VecDeque<(u64, Arc<dyn ErasedSlot>)>,
}

impl Cancellable {
    /// Keeps the result slot of call number `call`, whose reply is `reply`, for a `Cancel`.
    pub(super) fn track(&mut self, call: u64, reply: &mut Result<EncodedReply, Error>) {
        self.forget_settled();
        if let Ok(reply) = reply
            && let Some(slot) = reply.take_call()
        {
            self.calls.push_back((call, slot));
        }
    }

    /// Cancels call number `call`, unless it settled already.
    pub(super) fn cancel(&mut self, call: u64) {
        if let Ok(index) = self
            .calls
            .binary_search_by_key(&call, |(number, _)| *number)
        {
            self.calls[index].1.fail(Error::Cancelled);
        }
        self.forget_settled();
    }

    /// Drops the settled calls at the head of the queue.
    fn forget_settled(&mut self) {
        while self.calls.front().is_some_and(|(_, slot)| slot.is_done()) {
            self.calls.pop_front();
        }
    }
}
