//! The loop that runs one actor: wait for resources, construct, then serve calls in order.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::FutureExt;

use crate::error::{DeathCause, Error};
use crate::panic_message;
use crate::scheduler::Scheduler;

use super::cell::ActorCell;
use super::reply::{MethodContext, Reply};
use super::{Actor, ActorState};

/// A sync method that runs longer than this marks its actor as blocking: its later sync
/// calls run where they cannot hold up other actors.
const BLOCKING_THRESHOLD: Duration = Duration::from_millis(2);

/// Calls served in a row before the loop yields its worker thread to other actors.
const CALLS_PER_TURN: u32 = 64;

/// Runs the actor until it dies or its last handle drops and its queue drains.
pub(crate) async fn run<A: Actor>(
    scheduler: Arc<Scheduler>,
    cell: Arc<ActorCell<A>>,
    args: A::Args,
) {
    let _resources = scheduler.acquire(cell.options.resources()).await;
    cell.set_state(ActorState::Alive);
    let mut actor = match std::panic::catch_unwind(AssertUnwindSafe(|| A::construct(args))) {
        Ok(Ok(actor)) => actor,
        Ok(Err(message)) => {
            cell.die(DeathCause::ConstructorFailed { message });
            return;
        }
        Err(panic) => {
            let message = panic_message(&*panic);
            cell.die(DeathCause::ConstructorFailed { message });
            return;
        }
    };
    let context = MethodContext::new(cell.id(), cell.options.blocking);
    let mut served_in_turn = 0;
    while let Some(envelope) = cell.mailbox.recv().await {
        let method = A::method_index(&envelope.message);
        let reply = Reply::new(envelope.reply);
        let started = Instant::now();
        let outcome = AssertUnwindSafe(actor.handle(envelope.message, &reply, &context))
            .catch_unwind()
            .await;
        let elapsed = started.elapsed();
        match outcome {
            Ok(()) => {
                cell.telemetry
                    .record(method, elapsed, reply.was_user_error());
                if elapsed > BLOCKING_THRESHOLD && context.took_sync_path() {
                    context.mark_blocking();
                }
            }
            Err(panic) => {
                cell.telemetry.record(method, elapsed, true);
                let method = A::METHODS[method].to_owned();
                let message = panic_message(&*panic);
                reply.fail(Error::MethodPanicked {
                    actor: cell.label.clone(),
                    method: method.clone(),
                    message: message.clone(),
                });
                cell.die(DeathCause::MethodPanicked { method, message });
                return;
            }
        }
        served_in_turn += 1;
        if served_in_turn == CALLS_PER_TURN {
            served_in_turn = 0;
            tokio::task::yield_now().await;
        }
    }
    cell.die(DeathCause::HandlesDropped);
}
