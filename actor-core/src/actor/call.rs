//! Runs one call of an actor, wherever it runs (its loop, a waiting caller, a hosting loop,
//! a stand-in): opens the call, dispatches it to the method under `catch_unwind`, and closes
//! it. What a panic then does to the actor is the runner's to decide: the loop restarts the
//! actor while `max_restarts` allows, the others only run calls of actors that do not restart.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use futures::FutureExt;

use crate::current;
use crate::panic_message::panic_message;

use super::cell::ActorCell;
use super::host;
use super::mailbox::Envelope;
use super::reply::{MethodContext, Reply};
use super::{Actor, Handled};

/// A call taken from the mailbox and published as the actor's running call.
pub(super) struct OpenCall<'a, A: Actor> {
    /// The index of its method in `A::METHODS`.
    pub(super) method: usize,
    pub(super) message: A::Message,
    /// Where its value goes.
    pub(super) reply: Reply<'a>,
}

/// Publishes the call in `envelope` as the actor's running call, numbered `sequence` (which
/// is advanced).
#[inline]
pub(super) fn open<'a, A: Actor>(
    cell: &'a ActorCell<A>,
    envelope: Envelope<A::Message>,
    sequence: &mut u64,
) -> OpenCall<'a, A> {
    let method = A::method_index(&envelope.message);
    let Envelope {
        message,
        reply,
        pending,
        ..
    } = envelope;
    let context = &cell.context;
    let counters = &cell.telemetry.as_ref()[method];
    let timed = context.times(method, *sequence) || counters.never_timed();
    let started = timed.then(Instant::now);
    *sequence = sequence.wrapping_add(1);
    let asked = context.begin(method, reply);
    let reply = Reply::new(context, asked, pending, cell, counters, started);
    OpenCall {
        method,
        message,
        reply,
    }
}

/// How a call ended.
pub(super) enum Outcome {
    /// The method returned (its value is already sent).
    Returned,
    /// The method panicked with this message.
    Panicked(String),
    /// The result was settled elsewhere (cancelled, timed out, killed): the method's future
    /// was dropped at an `.await`.
    Abandoned,
}

/// What [`dispatch`] did with a call.
pub(super) enum Dispatched<F> {
    /// A sync method ran (or panicked).
    Ended(Outcome),
    /// An async method: awaiting this runs it to its end.
    Running(F),
}

/// Runs the method `message` calls on `actor` under `catch_unwind`, inside `scope` (a guard
/// the runner holds while a sync method runs): a sync method at once, an async one through
/// the future handed back.
#[inline]
pub(super) fn dispatch<'a, A: Actor, S>(
    actor: &'a mut A,
    message: A::Message,
    reply: &'a Reply<'a>,
    context: &'a MethodContext,
    scope: impl FnOnce() -> S,
) -> Dispatched<impl Future<Output = Outcome> + Send + 'a> {
    let handled = std::panic::catch_unwind(AssertUnwindSafe(move || {
        let _scope = scope();
        actor.handle(message, reply, context)
    }));
    match handled {
        Ok(Handled::Done) => Dispatched::Ended(Outcome::Returned),
        Ok(Handled::Async(method)) => Dispatched::Running(RunningCall {
            method: AssertUnwindSafe(method).catch_unwind(),
            reply,
            context,
            polled: false,
        }),
        Err(panic) => Dispatched::Ended(Outcome::Panicked(panic_message(&*panic))),
    }
}

/// Runs an async method's call to its end on this thread, for a runner outside the loop,
/// which cannot await it: one poll, which is all a method proven quick needs (it was ready
/// at its first poll so far). One that waits after all is driven to its end off the worker,
/// as a sync method that turned blocking is (`block_in_place`: the worker's other tasks move
/// to another thread first), and its class learns that it waits. The runner is a worker of
/// the actor's runtime, which is multi-threaded.
pub(super) fn finish_here<F: Future<Output = Outcome>>(running: F) -> Outcome {
    let mut running = std::pin::pin!(running);
    let mut first = Context::from_waker(Waker::noop());
    if let Poll::Ready(outcome) = running.as_mut().poll(&mut first) {
        return outcome;
    }
    let _blocking = host::Blocking::enter();
    let runtime = tokio::runtime::Handle::current();
    tokio::task::block_in_place(|| runtime.block_on(running))
}

pin_project_lite::pin_project! {
    /// Polls an async method's future with the actor's context set, and gives up on it once
    /// its result is settled elsewhere.
    pub(super) struct RunningCall<'a, F> {
        #[pin]
        method: F,
        reply: &'a Reply<'a>,
        context: &'a MethodContext,
        // Whether the method was polled before.
        polled: bool,
    }
}

impl<F: Future<Output = std::thread::Result<()>>> Future for RunningCall<'_, F> {
    type Output = Outcome;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome> {
        let this = self.project();
        let _context = current::enter_method(this.context.actor_id());
        let polled = this.method.poll(cx);
        if !std::mem::replace(this.polled, true) {
            this.context.note_first_poll(polled.is_ready());
        }
        if let Poll::Ready(result) = polled {
            return Poll::Ready(match result {
                Ok(()) => Outcome::Returned,
                Err(panic) => Outcome::Panicked(panic_message(&*panic)),
            });
        }
        this.reply
            .poll_settled_elsewhere(cx)
            .map(|()| Outcome::Abandoned)
    }
}

/// Closes a call that ended with `outcome`: a method that returned teaches the class
/// whether it blocks; one that never answered (abandoned or panicked) counts as an error.
/// Hands back the panic message, if it panicked.
#[inline(always)]
pub(super) fn close(
    context: &MethodContext,
    reply: &Reply<'_>,
    outcome: Outcome,
) -> Option<String> {
    match outcome {
        Outcome::Returned | Outcome::Abandoned if reply.answered() => {
            context.learn(reply.elapsed());
            None
        }
        Outcome::Returned | Outcome::Abandoned => {
            reply.record(true);
            None
        }
        Outcome::Panicked(message) => {
            reply.record(true);
            Some(message)
        }
    }
}

/// A copy of the call to run again after a restart, if it may be retried. Boxed: it is
/// rare, and the loop's future keeps room for it across every call.
#[inline]
pub(super) fn retry_copy<A: Actor>(
    envelope: &Envelope<A::Message>,
) -> Option<Box<Envelope<A::Message>>> {
    if envelope.retries_left == 0 {
        return None;
    }
    Some(Box::new(Envelope {
        message: A::copy_message(&envelope.message)?,
        reply: envelope.reply.clone(),
        retries_left: envelope.retries_left - i32::from(envelope.retries_left > 0),
        pending: None,
    }))
}
