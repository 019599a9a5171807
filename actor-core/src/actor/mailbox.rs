//! An actor's mailbox: an unbounded FIFO of calls that the actor loop drains.
//!
//! Other parties than the actor loop can reach its contents: `kill` closes the mailbox and
//! fails every queued call, and the call that is running, at once, even while the actor's
//! thread is blocked inside a method. The lock is held only for a queue operation, never
//! across user code.

use std::collections::VecDeque;
use std::future::poll_fn;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::Poll;

use futures::task::AtomicWaker;

use crate::error::Error;
use crate::slot::ErasedSlot;

/// One call waiting in a mailbox: the message and where its result goes.
pub(crate) struct Envelope<M> {
    pub(crate) message: M,
    pub(crate) reply: Arc<dyn ErasedSlot>,
    /// How often the call may run again if the actor dies under it (-1 = forever).
    pub(crate) retries_left: i32,
    /// Counts the call against its handle's `max_pending_calls` until it is dropped.
    pub(crate) pending: Option<PendingGuard>,
}

/// One call counted as pending on the handle that made it; uncounted when dropped.
pub(crate) struct PendingGuard(Arc<AtomicUsize>);

impl PendingGuard {
    /// Counts one more call on `counter`, unless `limit` calls are pending already.
    pub(crate) fn try_new(counter: &Arc<AtomicUsize>, limit: usize) -> Option<Self> {
        let previous = counter.fetch_add(1, Ordering::AcqRel);
        if previous >= limit {
            counter.fetch_sub(1, Ordering::AcqRel);
            return None;
        }
        Some(Self(counter.clone()))
    }
}

impl Drop for PendingGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

struct Queue<M> {
    calls: VecDeque<Envelope<M>>,
    /// The reply of the call handed out last; failed by `kill` if it has not finished.
    running: Option<Arc<dyn ErasedSlot>>,
    /// No new call is accepted; queued calls still run (graceful stop).
    closed: bool,
    /// The actor is dead: queued calls were failed and nothing runs any more.
    killed: bool,
    /// The loop found the queue empty and waits for a wake-up.
    parked: bool,
}

/// The queue of calls of one actor.
pub(crate) struct Mailbox<M> {
    queue: Mutex<Queue<M>>,
    waker: AtomicWaker,
}

impl<M> Mailbox<M> {
    pub(crate) fn new() -> Self {
        Self {
            queue: Mutex::new(Queue {
                calls: VecDeque::new(),
                running: None,
                closed: false,
                killed: false,
                parked: false,
            }),
            waker: AtomicWaker::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Queue<M>> {
        // No user code runs under this lock, so a poisoned lock still holds a valid queue.
        self.queue
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Queues a call; hands it back if the mailbox is closed.
    pub(crate) fn push(&self, envelope: Envelope<M>) -> Result<(), Envelope<M>> {
        let wake = {
            let mut queue = self.lock();
            if queue.closed {
                return Err(envelope);
            }
            queue.calls.push_back(envelope);
            std::mem::take(&mut queue.parked)
        };
        if wake {
            self.waker.wake();
        }
        Ok(())
    }

    /// Puts a call back at the head of the queue, to run again first (a retry after a
    /// restart); hands it back if the actor is dead.
    pub(crate) fn push_front(&self, envelope: Envelope<M>) -> Result<(), Envelope<M>> {
        let mut queue = self.lock();
        if queue.killed {
            return Err(envelope);
        }
        queue.calls.push_front(envelope);
        Ok(())
    }

    /// The next call, or `None` once the mailbox is closed and empty. Calls whose result
    /// was settled while they waited (cancelled, timed out) are dropped unrun.
    ///
    /// Cancel safety: a call is removed from the queue only when it is returned.
    pub(crate) async fn recv(&self) -> Option<Envelope<M>> {
        poll_fn(|cx| {
            self.waker.register(cx.waker());
            let mut settled = Vec::new();
            let mut queue = self.lock();
            let next = loop {
                match queue.calls.pop_front() {
                    Some(envelope) if envelope.reply.is_done() => settled.push(envelope),
                    other => break other,
                }
            };
            let running = next.as_ref().map(|envelope| envelope.reply.clone());
            let finished = std::mem::replace(&mut queue.running, running);
            let poll = match next {
                Some(envelope) => Poll::Ready(Some(envelope)),
                None if queue.closed => Poll::Ready(None),
                None => {
                    queue.parked = true;
                    Poll::Pending
                }
            };
            // Settled and finished calls may hold user values: drop them after the lock.
            drop(queue);
            drop((settled, finished));
            poll
        })
        .await
    }

    /// Stops accepting calls; the queued ones still run.
    pub(crate) fn close(&self) {
        let wake = {
            let mut queue = self.lock();
            queue.closed = true;
            std::mem::take(&mut queue.parked)
        };
        if wake {
            self.waker.wake();
        }
    }

    /// Stops accepting calls and fails the queued and the running call with `error`.
    pub(crate) fn close_and_fail(&self, error: &Error) {
        let (calls, running) = {
            let mut queue = self.lock();
            queue.closed = true;
            queue.killed = true;
            queue.parked = false;
            (std::mem::take(&mut queue.calls), queue.running.take())
        };
        if let Some(running) = running {
            running.fail(error.clone());
        }
        for envelope in calls {
            envelope.reply.fail(error.clone());
        }
        self.waker.wake();
    }

    /// How many calls wait in the queue (the running one not included).
    pub(crate) fn len(&self) -> usize {
        self.lock().calls.len()
    }
}
