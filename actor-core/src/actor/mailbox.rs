//! An actor's mailbox: an unbounded FIFO of calls that the actor loop drains.
//!
//! Other parties than the actor loop can reach its contents: `kill` closes the mailbox and
//! fails every queued call at once, even while the actor's thread is blocked inside a
//! method. Senders and the loop meet on a lock-free queue; no lock is taken per call.

use std::collections::VecDeque;
use std::future::poll_fn;
// The pending-call counter is shared with the handles; it is not part of the hand-off.
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::Poll;

use crate::error::Error;
use crate::slot::ErasedSlot;
use crate::sync::{AtomicBool, AtomicU8, AtomicWaker, Mutex, MutexGuard, Queue, fence};

/// One call waiting in a mailbox: the message and where its result goes.
pub(crate) struct Envelope<M> {
    pub(crate) message: M,
    /// Where the result goes; `None` for a call sent with `tell`, whose value nobody wants.
    pub(crate) reply: Option<Arc<dyn ErasedSlot>>,
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

/// The state of a mailbox.
const OPEN: u8 = 0;
/// No new call is accepted; queued calls still run (graceful stop).
const CLOSED: u8 = 1;
/// The actor is dead: queued calls were failed and nothing runs any more.
const KILLED: u8 = 2;

/// The queue of calls of one actor.
///
/// Senders and the loop meet on a lock-free queue; every push wakes the loop through an
/// `AtomicWaker` (a no-op while the loop runs), as tokio's channels do. Retries (rare) go
/// to a separate front queue.
pub(crate) struct Mailbox<M> {
    calls: Queue<Envelope<M>>,
    /// Calls to run again first, after a restart; checked only when `has_front` is set.
    front: Mutex<VecDeque<Envelope<M>>>,
    has_front: AtomicBool,
    state: AtomicU8,
    /// The error of a killed mailbox, for calls that raced the kill into the queue.
    death: Mutex<Option<Error>>,
    waker: AtomicWaker,
}

impl<M> Mailbox<M> {
    pub(crate) fn new() -> Self {
        Self {
            calls: Queue::new(),
            front: Mutex::new(VecDeque::new()),
            has_front: AtomicBool::new(false),
            state: AtomicU8::new(OPEN),
            death: Mutex::new(None),
            waker: AtomicWaker::new(),
        }
    }

    /// Queues a call; hands it back if the mailbox is closed.
    ///
    /// A call that races a kill into the queue is failed with the kill's error, here if no
    /// one else did: every accepted call runs or fails, none is lost.
    pub(crate) fn push(&self, envelope: Envelope<M>) -> Result<(), Envelope<M>> {
        if self.state.load(Ordering::SeqCst) != OPEN {
            return Err(envelope);
        }
        self.calls.push(envelope);
        fence(Ordering::SeqCst);
        if self.state.load(Ordering::SeqCst) == KILLED {
            self.fail_queued();
        }
        self.waker.wake();
        Ok(())
    }

    /// Puts a call back at the head of the queue, to run again first (a retry after a
    /// restart); hands it back if the actor is dead. Called by the loop only.
    pub(crate) fn push_front(&self, envelope: Envelope<M>) -> Result<(), Envelope<M>> {
        let mut front = lock(&self.front);
        if self.state.load(Ordering::SeqCst) == KILLED {
            return Err(envelope);
        }
        front.push_front(envelope);
        self.has_front.store(true, Ordering::SeqCst);
        Ok(())
    }

    /// The next call to run: retries first, then the queue in order.
    fn pop(&self) -> Option<Envelope<M>> {
        if self.has_front.load(Ordering::SeqCst) {
            let mut front = lock(&self.front);
            if let Some(envelope) = front.pop_front() {
                return Some(envelope);
            }
            self.has_front.store(false, Ordering::SeqCst);
        }
        self.calls.pop()
    }

    /// The next call whose result nobody settled yet (cancelled or timed-out calls are
    /// dropped unrun), or `None` if the queue is empty.
    fn next_unsettled(&self) -> Option<Envelope<M>> {
        while let Some(envelope) = self.pop() {
            if !envelope.reply.as_ref().is_some_and(|reply| reply.is_done()) {
                return Some(envelope);
            }
        }
        None
    }

    /// The next call if one is queued now; never waits.
    pub(crate) fn try_recv(&self) -> Option<Envelope<M>> {
        self.next_unsettled()
    }

    /// The next call, or `None` once the mailbox is closed and empty.
    ///
    /// Cancel safety: a call is removed from the queue only when it is returned.
    pub(crate) async fn recv(&self) -> Option<Envelope<M>> {
        poll_fn(|cx| {
            if let Some(envelope) = self.next_unsettled() {
                return Poll::Ready(Some(envelope));
            }
            if self.state.load(Ordering::SeqCst) != OPEN {
                return Poll::Ready(None);
            }
            self.waker.register(cx.waker());
            // A sender that pushed before the waker was registered woke nobody: look again.
            if let Some(envelope) = self.next_unsettled() {
                return Poll::Ready(Some(envelope));
            }
            if self.state.load(Ordering::SeqCst) != OPEN {
                return Poll::Ready(None);
            }
            Poll::Pending
        })
        .await
    }

    /// Stops accepting calls; the queued ones still run.
    pub(crate) fn close(&self) {
        let _ = self
            .state
            .compare_exchange(OPEN, CLOSED, Ordering::SeqCst, Ordering::SeqCst);
        self.waker.wake();
    }

    /// Stops accepting calls and fails the queued ones with `error`.
    pub(crate) fn close_and_fail(&self, error: &Error) {
        *lock(&self.death) = Some(error.clone());
        self.state.store(KILLED, Ordering::SeqCst);
        fence(Ordering::SeqCst);
        self.fail_queued();
        self.waker.wake();
    }

    /// Fails every queued call with the kill's error.
    fn fail_queued(&self) {
        let Some(error) = lock(&self.death).clone() else {
            return;
        };
        let front = std::mem::take(&mut *lock(&self.front));
        for envelope in front
            .into_iter()
            .chain(std::iter::from_fn(|| self.calls.pop()))
        {
            if let Some(reply) = envelope.reply {
                reply.fail(error.clone());
            }
        }
    }

    /// How many calls wait in the queue (the running one not included).
    pub(crate) fn len(&self) -> usize {
        self.calls.len() + lock(&self.front).len()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // No user code runs under these locks, so a poisoned lock still holds valid data.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Model checks of the hand-off (`RUSTFLAGS="--cfg loom"`, see `crate::sync`).
#[cfg(all(test, loom))]
mod loom_tests {
    use std::sync::Arc;

    use loom::future::block_on;
    use loom::thread;

    use super::{Envelope, Mailbox};
    use crate::error::Error;
    use crate::slot::Slot;

    fn envelope(message: u32, slot: &Arc<Slot<u32>>) -> Envelope<u32> {
        Envelope {
            message,
            reply: Some(slot.clone()),
            retries_left: 0,
            pending: None,
        }
    }

    /// Serves calls as the actor loop does until the mailbox is closed and drained;
    /// returns the messages received, in order.
    fn serve(mailbox: &Mailbox<u32>) -> Vec<u32> {
        block_on(async {
            let mut received = Vec::new();
            while let Some(call) = mailbox.recv().await {
                received.push(call.message);
                let reply = call.reply.expect("every call here has a reply");
                if let Some(slot) = reply.as_any().downcast_ref::<Slot<u32>>() {
                    slot.complete(Ok(call.message));
                }
            }
            received
        })
    }

    /// Pushes race a kill: every call is refused, or handed to the loop, or failed by the
    /// kill; none is lost, and the loop ends.
    #[test]
    fn loom_push_and_close_and_fail_race() {
        // Three threads and two pushes: bounded to 3 preemptions to finish in seconds.
        let mut model = loom::model::Builder::new();
        model.preemption_bound = Some(3);
        model.check(|| {
            let mailbox = Arc::new(Mailbox::<u32>::new());
            let slots: Vec<Arc<Slot<u32>>> = (0..2).map(|_| Slot::new()).collect();
            let pusher = {
                let (mailbox, slots) = (mailbox.clone(), slots.clone());
                thread::spawn(move || {
                    let pushed = slots.iter().zip(0..);
                    pushed
                        .map(|(slot, message)| mailbox.push(envelope(message, slot)).is_ok())
                        .collect::<Vec<bool>>()
                })
            };
            let killer = {
                let mailbox = mailbox.clone();
                thread::spawn(move || mailbox.close_and_fail(&Error::RuntimeShutdown))
            };
            let received = serve(&mailbox);
            let accepted = pusher.join().expect("pusher");
            killer.join().expect("killer");
            assert!(
                accepted.windows(2).all(|pair| pair[0] || !pair[1]),
                "{accepted:?}"
            );
            let mut expected_received = received.iter();
            for (message, (slot, accepted)) in (0..).zip(slots.iter().zip(&accepted)) {
                let was_received = received.contains(&message);
                if was_received {
                    assert_eq!(expected_received.next(), Some(&message), "in order");
                }
                match slot.try_take() {
                    None => assert!(!accepted, "call {message} was accepted, then lost"),
                    Some(Ok(value)) => assert!(was_received && value == message),
                    Some(Err(error)) => {
                        assert!(*accepted, "a refused call is failed by its caller");
                        assert_eq!(error, Error::RuntimeShutdown);
                    }
                }
            }
        });
    }

    /// A loop parked on an empty mailbox is woken by each push (no lost wake-up).
    #[test]
    fn loom_push_wakes_the_parked_loop() {
        loom::model(|| {
            let mailbox = Arc::new(Mailbox::<u32>::new());
            let pusher = {
                let mailbox = mailbox.clone();
                thread::spawn(move || {
                    for message in 0..2 {
                        let slot = Slot::new();
                        assert!(mailbox.push(envelope(message, &slot)).is_ok());
                    }
                })
            };
            for expected in 0..2 {
                let call = block_on(mailbox.recv()).expect("the mailbox is open");
                assert_eq!(call.message, expected);
            }
            pusher.join().expect("pusher");
        });
    }

    /// A cancel races the loop taking the call: the call is handed out, or dropped unrun
    /// only because its result was settled; either way the loop ends.
    #[test]
    fn loom_cancel_and_recv_race() {
        loom::model(|| {
            let mailbox = Mailbox::<u32>::new();
            let slot = Slot::<u32>::new();
            assert!(mailbox.push(envelope(0, &slot)).is_ok());
            mailbox.close();
            let canceller = {
                let slot = slot.clone();
                thread::spawn(move || slot.complete(Err(Error::Cancelled)))
            };
            let received = serve(&mailbox);
            let cancelled = canceller.join().expect("canceller");
            if received.is_empty() {
                assert!(
                    cancelled,
                    "a call was dropped unrun while its result was open"
                );
            }
            assert_eq!(mailbox.len(), 0);
            assert!(slot.is_complete());
        });
    }

    /// A loop parked on an empty mailbox is woken by a graceful close, and ends.
    #[test]
    fn loom_close_wakes_the_parked_loop() {
        loom::model(|| {
            let mailbox = Arc::new(Mailbox::<u32>::new());
            let closer = {
                let mailbox = mailbox.clone();
                thread::spawn(move || mailbox.close())
            };
            assert!(block_on(mailbox.recv()).is_none());
            closer.join().expect("closer");
        });
    }
}
