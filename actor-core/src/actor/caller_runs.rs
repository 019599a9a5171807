//! The caller runs the call: a caller that awaits the call at the head of an idle actor's
//! mailbox runs it itself, on its own thread, as the actor's loop would have.
//!
//! A round trip through the loop costs two task switches on the worker (the loop's turn,
//! then the caller's), and tokio moves one of the two tasks to another worker every few
//! switches (its LIFO slot is capped), which costs a system call to wake that worker. The
//! caller is waiting anyway: running the call where it waits skips all of that.
//!
//! Only a call that runs exactly as the loop would run it is run here (the predicate is
//! `ActorCell::may_run_outside_loop`, in `execution`):
//! - a method that proved quick: a sync one (so it runs inline on a worker in the loop too),
//!   or an async one that was ready at its first poll (one that waits after all is finished
//!   off the worker, see `call::finish_here`), of an actor that does not restart (a restart
//!   needs the loop's constructor arguments);
//! - on a worker of the runtime the loop runs on (so `tokio::spawn` in the method, and
//!   `block_in_place` should the method turn slow, work as in the loop);
//! - the next call in the mailbox, while the loop is parked and lets go of the actor's turn.
//!
//! Everything else is the same as in the loop: order, telemetry, `kill`, `is_cancelled`,
//! timeouts, a panic failing the call and killing the actor, `exit_actor`. At most
//! [`MAX_NESTED_RUNS`] such calls nest on one thread.
//!
//! Another actor's loop runs calls here the same way, under the same rules, when it hosts
//! them (see `host`): the calls its actor sent to this idle actor ([`Guest`]); and a
//! stand-in task runs a hosting loop's own calls while a call it hosts blocks
//! (`ActorCell::stand_in_for_hosting_loop`, the hook the hosting loop hands to `host`).

use std::any::Any;
use std::cell::Cell;
use std::sync::Arc;
use std::task::Waker;

use crate::slot::SlotId;

use super::call::{self, Dispatched, OpenCall};
use super::cell::{ActorCell, TurnState};
use super::host::Guest;
use super::mailbox::Envelope;
use super::serving::Stranded;
use super::{Actor, ActorId};

/// At most this many calls run nested on one thread's stack outside their loops: a method run
/// here that waits on a call which is run here in turn, and so on down a chain of actors.
/// Past it, the call is left to its loop, which runs it on a stack of its own; without a
/// bound, a chain of a thousand actors overflowed a worker's stack.
const MAX_NESTED_RUNS: u32 = 16;

thread_local! {
    /// How many calls run nested on this thread outside their loops now.
    static NESTED_RUNS: Cell<u32> = const { Cell::new(0) };
}

/// Whether one more call may run nested on this thread.
#[inline]
fn may_nest() -> bool {
    NESTED_RUNS.get() < MAX_NESTED_RUNS
}

/// One more call running nested on this thread, until dropped.
struct Nested;

impl Nested {
    #[inline]
    fn enter() -> Self {
        NESTED_RUNS.set(NESTED_RUNS.get() + 1);
        Self
    }
}

impl Drop for Nested {
    #[inline]
    fn drop(&mut self) {
        NESTED_RUNS.set(NESTED_RUNS.get() - 1);
    }
}

/// An actor whose next call an awaiting caller may run itself.
pub(crate) trait RunHere: Send + Sync {
    /// Runs the call whose result goes to the slot at `slot` here, if it is the actor's
    /// next call and the actor is idle; else leaves it to the loop.
    fn run_here(&self, slot: SlotId);

    /// The actor's id.
    fn actor_id(&self) -> ActorId;
}

impl<A: Actor> RunHere for ActorCell<A> {
    fn actor_id(&self) -> ActorId {
        self.id()
    }

    fn run_here(&self, slot: SlotId) {
        let on_home_runtime =
            tokio::runtime::Handle::try_current().is_ok_and(|runtime| self.runs_on(runtime.id()));
        if !on_home_runtime || !may_nest() {
            return;
        }
        let Some(mut held) = self.turn.try_take(self.calls.loop_waker()) else {
            return;
        };
        let Some(envelope) = self.calls.take_own_call(slot) else {
            return;
        };
        self.run_call_here(&mut held, envelope, true);
    }
}

impl<A: Actor> Guest for ActorCell<A> {
    fn guest_id(&self) -> ActorId {
        self.id()
    }

    fn may_be_hosted(&self, runtime: tokio::runtime::Id) -> bool {
        ActorCell::may_be_hosted(self, runtime)
    }

    fn wake_loop(&self) {
        self.calls.wake_loop();
    }

    fn run_calls_here(&self, budget: u32) -> u32 {
        if !may_nest() {
            self.calls.wake_loop();
            return 0;
        }
        let may_run = |message: &A::Message| self.may_run_outside_loop(A::method_index(message));
        let run = |held: &mut TurnState<A>, envelope| self.run_call_here(held, envelope, false);
        self.calls.run_calls_here(&self.turn, budget, may_run, run)
    }
}

impl<A: Actor> Stranded for ActorCell<A> {
    fn counter(&self) -> u64 {
        self.id().counter()
    }

    fn home_runtime(&self) -> tokio::runtime::Id {
        self.home()
    }

    fn has_queued_calls(&self) -> bool {
        self.calls.has_work()
    }

    fn run_queued_calls_here(&self, budget: u32) -> u32 {
        if !self.may_stand_in() || !may_nest() {
            return 0;
        }
        let run = |held: &mut TurnState<A>, envelope| self.run_call_here(held, envelope, false);
        self.calls.run_calls_here(&self.turn, budget, |_| true, run)
    }
}

impl<A: Actor> ActorCell<A> {
    /// The hosting loop's stand-in (`host::StandIn`) for an actor of this class: for a
    /// thread blocked in a call the loop of `host` hosts, has that actor's queued calls run
    /// by a stand-in task, since the loop cannot serve until the thread unblocks; `waker`
    /// (the thread's) is woken when more calls come. A loop hosts calls only if its actor's
    /// methods are all sync and it does not restart, so that the stand-in can run every
    /// call; the loop let go of its turn to host, so the stand-in can take it.
    pub(crate) fn stand_in_for_hosting_loop(host: Arc<dyn Any + Send + Sync>, waker: &Waker) {
        let Ok(host) = host.downcast::<Self>() else {
            debug_assert!(
                false,
                "a hosting loop's stand-in of another class than its actor"
            );
            return;
        };
        // Registered first: a call that comes after the look below wakes the thread, which
        // calls this again.
        host.calls.loop_waker().register(waker);
        if !host.calls.has_work() {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        runtime.spawn(async move {
            let run = |held: &mut TurnState<A>, envelope| host.run_call_here(held, envelope, false);
            host.calls
                .run_calls_here(&host.turn, u32::MAX, |_| true, run);
        });
    }

    /// Runs the call `envelope`, taken from the mailbox, with the actor's turn `held`, as the
    /// loop would; `by_its_caller` when its caller runs it, so that the answer wakes nobody.
    /// Returns whether the actor may go on serving calls here.
    fn run_call_here(
        &self,
        held: &mut TurnState<A>,
        envelope: Envelope<A::Message>,
        by_its_caller: bool,
    ) -> bool {
        let Some(actor) = held.actor.as_mut() else {
            // No actor to run it (none is while its turn is free): the call still resolves.
            if let Some(reply) = envelope.reply {
                reply.fail(self.refused_error());
            }
            return false;
        };
        let _nested = Nested::enter();
        let OpenCall {
            method,
            message,
            mut reply,
        } = call::open(self, envelope, &mut held.sequence);
        if by_its_caller {
            reply.run_by_its_caller();
        }
        let outcome = match call::dispatch(actor, message, &reply, &self.context, || ()) {
            Dispatched::Ended(outcome) => outcome,
            Dispatched::Running(method) => call::finish_here(method),
        };
        let panicked = call::close(&self.context, &reply, outcome);
        let serving = match panicked {
            // Only an actor that does not restart runs calls here: a panic kills it.
            Some(message) => {
                self.die_of_panic(A::METHODS[method], message, &reply);
                false
            }
            None => true,
        };
        drop(reply);
        if self.exit_requested() {
            self.calls.stop_serving();
            return false;
        }
        serving
    }
}
