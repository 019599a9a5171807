//! The loop that runs one actor: wait for resources, construct, then serve calls in order;
//! restart after a panic while `max_restarts` allows.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use futures::FutureExt;

use crate::args::KeptArgs;
use crate::error::DeathCause;
use crate::panic_message::panic_message;
use crate::scheduler::Scheduler;
use crate::timer;

use super::backoff::Backoff;
use super::budget::budget_draw_due;
use super::call::{self, Dispatched, OpenCall};
use super::cell::{ActorCell, TurnState};
use super::hand_off;
use super::host::{self, MethodScope};
use super::mailbox::{Batch, Envelope};
use super::reply::Reply;
use super::turn::LoopTurn;
use super::{Actor, ActorState};

/// The lifetime of one actor, between its loop and its cell.
struct Life<A: Actor> {
    cell: Arc<ActorCell<A>>,
    args: KeptArgs<A::Args>,
    /// Restarts still allowed; negative means forever.
    restarts_left: i32,
    /// How long the next restart waits; made at the first restart (boxed: the loop's future
    /// keeps room for it).
    backoff: Option<Box<Backoff>>,
}

impl<A: Actor> Life<A> {
    /// Runs the constructor; on failure the actor is dead and `None` comes back.
    fn construct(&mut self) -> Option<A> {
        let last = self.restarts_left == 0;
        let Some(args) = self.args.next(last) else {
            self.cell.die(DeathCause::ConstructorFailed {
                message: "its constructor arguments are not `Clone`, so it cannot restart".into(),
            });
            return None;
        };
        let constructed = std::panic::catch_unwind(AssertUnwindSafe(|| A::construct(args)));
        let message = match constructed {
            Ok(Ok(actor)) => {
                self.cell.set_state(ActorState::Alive);
                tracing::debug!(actor = %self.cell.label(), "actor started");
                return Some(actor);
            }
            Ok(Err(message)) => message,
            Err(panic) => panic_message(&*panic),
        };
        self.cell.die(DeathCause::ConstructorFailed { message });
        None
    }

    /// After a panic in `method`: whether the actor restarts (see [`Life::restart`]), else
    /// it died. The call that panicked runs again first if it may, else fails with the
    /// panic; `batch` holds the told calls the loop took ahead.
    fn after_panic(
        &mut self,
        method: &str,
        message: String,
        envelope: Option<Box<Envelope<A::Message>>>,
        reply: &Reply<'_>,
        batch: &mut Batch<A::Message>,
    ) -> bool {
        if self.restarts_left == 0 {
            self.cell.die_of_panic(method, message, reply);
            return false;
        }
        let panicked = self.cell.panicked_error(method, message);
        match envelope {
            Some(retry) => match self.cell.calls.retry_first(*retry, batch) {
                Ok(()) => reply.requeued(),
                Err(refused) => {
                    if let Some(reply) = refused.reply {
                        reply.fail(panicked);
                    }
                }
            },
            None => reply.fail(panicked),
        }
        if self.restarts_left > 0 {
            self.restarts_left -= 1;
        }
        self.cell.set_state(ActorState::Restarting);
        let restarts = self.cell.count_restart();
        tracing::info!(actor = %self.cell.label(), restarts, "actor restarting after a panic");
        true
    }

    /// Constructs the actor again once its back-off (see [`Backoff`]) has passed; `None`
    /// if the constructor failed, and the actor is dead.
    async fn restart(&mut self) -> Option<A> {
        let backoff = self.backoff.get_or_insert_default();
        let pause = backoff.next_pause();
        if !pause.is_zero() {
            timer::sleep(pause).await;
        }
        let restarted = self.construct();
        if let Some(backoff) = &mut self.backoff {
            backoff.restarted_at = Some(Instant::now());
        }
        restarted
    }
}

/// Drops the actor object as the loop ends (or, if a caller is running a call of it then,
/// once that call returns). Marks the actor dead if its loop is dropped before it ends by
/// itself: its runtime shut down (an actor runs on its creator's tokio runtime when it has
/// one). Every other way out of the loop has already marked the actor dead, which makes
/// that a no-op.
impl<A: Actor> Drop for Life<A> {
    fn drop(&mut self) {
        self.cell.turn.end_loop();
        self.cell.die(DeathCause::RuntimeShutdown);
    }
}

/// Hosts the actor whose wake the last method deferred, if any (see `host`); only when the
/// loop took no told calls ahead, which must run before any other call of its actor, since
/// the loop lets go of its turn meanwhile (so that others can run its calls; `recv` takes
/// it back). Returns whether the calls hosted make a draw on tokio's budget due (see
/// `budget::budget_draw_due`).
#[inline]
fn host_deferred<A: Actor>(
    cell: &ActorCell<A>,
    turn: &mut LoopTurn<'_, TurnState<A>>,
    batch: &Batch<A::Message>,
) -> bool {
    let Some(guest) = host::take_deferred() else {
        return false;
    };
    if !batch.is_empty() {
        guest.wake_loop();
        return false;
    }
    turn.let_go();
    let stand_in = ActorCell::<A>::stand_in_for_hosting_loop;
    budget_draw_due(u64::from(host::host(
        cell.id(),
        cell.home(),
        stand_in,
        guest,
    )))
}

/// Runs the actor's `#[on_stop]` method (sync or async: the generated `on_stop` runs it
/// inside the future it returns) under `catch_unwind`; hands back its panic message, if it
/// panicked.
async fn stop<A: Actor>(actor: &mut A) -> Option<String> {
    let stopped = AssertUnwindSafe(actor.on_stop()).catch_unwind().await;
    stopped.err().map(|panic| panic_message(&*panic))
}

/// The loop draws one unit of tokio's cooperative budget per this many calls: the draw costs
/// as much as a quick call, and 128 units (the budget of one turn) times this many calls
/// still hands the worker back often.
const BUDGET_EVERY: u64 = 16;

/// Runs the actor until it dies, or until its mailbox is closed and drained.
///
/// The loop is an `async` block, not an `async fn`: its captures are kept once, where an
/// `async fn` keeps its arguments and a copy of each in its future, which tokio's task holds
/// for the actor's whole life. The locals kept across its `.await`s are few for the same
/// reason: at 280 bytes or less, the task takes 384 bytes, not 512.
pub(crate) fn run<A: Actor>(
    scheduler: Arc<Scheduler>,
    cell: Arc<ActorCell<A>>,
    args: KeptArgs<A::Args>,
) -> impl Future<Output = ()> + Send {
    let mut life = Life {
        restarts_left: cell.options.max_restarts,
        cell: cell.clone(),
        args,
        backoff: None,
    };
    async move {
        let mut turn = LoopTurn::adopt(&cell.turn, cell.calls.loop_waker());
        // Boxed, with the wait for them, and only when the actor holds resources: the loop's
        // future stays small.
        let _resources = match cell.options.resources() {
            needs if needs.is_empty() => None,
            needs => Some(Box::new(Box::pin(scheduler.acquire(needs)).await)),
        };
        let Some(actor) = life.construct() else {
            return;
        };
        turn.state().actor = Some(actor);
        // `&cell.context` is taken where it is used, not kept in a local: the loop's future
        // would keep room for it.
        let mut batch = Batch::new();
        loop {
            // The call is taken apart in one statement: no copy of it stays in the loop's
            // future while the method runs.
            let (
                retry,
                OpenCall {
                    method,
                    message,
                    reply,
                },
            ) = match cell.calls.recv(&mut batch, &mut turn).await {
                Some(envelope) => {
                    let retry = call::retry_copy::<A>(&envelope);
                    (
                        retry,
                        call::open(&cell, envelope, &mut turn.state().sequence),
                    )
                }
                None => break,
            };
            let panicked = if hand_off::must_hand_off(&cell, method) {
                // Boxed: the loop's future keeps no room for a call handed off.
                let actor = turn.state().actor.take();
                let actor = actor.expect("the loop serves calls once constructed");
                let (actor, panicked) =
                    Box::pin(hand_off::run(&cell, actor, message, &reply)).await;
                turn.state().actor = actor;
                panicked
            } else {
                let actor = turn
                    .state()
                    .actor
                    .as_mut()
                    .expect("the loop serves calls once constructed");
                // Calls a sync method sends to idle actors are hosted after it (see `host`).
                let scope = || {
                    cell.may_host()
                        .then(|| MethodScope::enter(cell.id(), cell.home()))
                };
                let outcome = match call::dispatch(actor, message, &reply, &cell.context, scope) {
                    Dispatched::Ended(outcome) => outcome,
                    Dispatched::Running(method) => method.await,
                };
                call::close(&cell.context, &reply, outcome)
            };
            if let Some(message) = panicked {
                if !life.after_panic(A::METHODS[method], message, retry, &reply, &mut batch) {
                    return;
                }
                // The actor that panicked is gone before its back-off, not after it.
                turn.state().actor = None;
                // Boxed: the loop's future keeps no room for a restart, which is rare.
                match Box::pin(life.restart()).await {
                    Some(restarted) => turn.state().actor = Some(restarted),
                    None => return,
                }
            }
            if cell.exit_requested() {
                host::wake_deferred();
                break;
            }
            // Many calls in one turn of the worker: give it back to other tasks now and then
            // (tokio's cooperative budget, drawn on once per `BUDGET_EVERY` calls of its own,
            // and as often for calls it hosted). A loop that waits for its next call never
            // needs to.
            let budget_due = turn.state().sequence.is_multiple_of(BUDGET_EVERY);
            if host_deferred(&cell, &mut turn, &batch) || budget_due {
                tokio::task::coop::consume_budget().await;
            }
        }
        // The mailbox also closes when the actor is killed: `on_stop` is for graceful stops only.
        if matches!(cell.state(), ActorState::Dead { .. }) {
            return;
        }
        let on_stop_panic = match turn.state().actor.as_mut() {
            Some(actor) => stop(actor).await,
            None => None,
        };
        let cause = if let Some(message) = on_stop_panic {
            DeathCause::OnStopPanicked { message }
        } else if cell.exit_requested() {
            DeathCause::Exited
        } else {
            cell.graceful_cause()
        };
        cell.die(cause);
    }
}
