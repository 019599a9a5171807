//! What goes wrong, and what each caller sees: `kill` with a slow call in flight, panics,
//! failed constructors, user errors, the pending-calls limit. Nothing hangs: every
//! `ObjectRef` resolves.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use actor_core::prelude::*;
use actor_core::{ActorState, DeathCause};
use common::{Latch, PATIENCE};

/// The bound on how long a killed call may take to resolve: not a speed benchmark, a
/// guard against a call that hangs until the method returns (10 s here).
const KILL_BOUND: Duration = Duration::from_secs(1);

#[actor]
struct Sleeper {
    naps: u32,
}

#[actor(local)]
impl Sleeper {
    fn new() -> Self {
        Self { naps: 0 }
    }

    /// Opens `started`, then blocks its thread for 10 s.
    pub fn nap(&mut self, started: Arc<Latch>) -> u32 {
        started.open();
        std::thread::sleep(Duration::from_secs(10));
        self.naps += 1;
        self.naps
    }

    /// Opens `started`, then sleeps 10 s without blocking its thread.
    pub async fn nap_async(&mut self, started: Arc<Latch>) -> u32 {
        started.open();
        tokio::time::sleep(Duration::from_secs(10)).await;
        self.naps += 1;
        self.naps
    }

    pub fn naps(&self) -> u32 {
        self.naps
    }
}

#[actor]
struct Fragile {
    calls: u32,
}

#[actor]
impl Fragile {
    fn new() -> Self {
        Self { calls: 0 }
    }

    pub fn touch(&mut self) -> u32 {
        self.calls += 1;
        self.calls
    }

    pub fn explode(&mut self, message: String) -> u32 {
        panic!("{message}");
    }

    pub async fn explode_async(&mut self, message: String) -> u32 {
        tokio::task::yield_now().await;
        panic!("{message}");
    }

    /// A user error is a value: `Err` for negative input, and the actor goes on.
    pub fn checked_add(&mut self, amount: i32) -> Result<u32, String> {
        self.calls += 1;
        if amount < 0 {
            Err(format!("cannot add {amount}"))
        } else {
            Ok(self.calls + amount as u32)
        }
    }
}

#[actor]
struct Picky {
    value: u32,
}

#[actor]
impl Picky {
    fn new(value: u32) -> Result<Self, String> {
        if value == 0 {
            Err("zero is not allowed".to_owned())
        } else {
            Ok(Self { value })
        }
    }

    pub fn value(&self) -> u32 {
        self.value
    }
}

#[actor]
struct Doomed {
    value: u32,
}

#[actor]
impl Doomed {
    fn new(value: u32) -> Self {
        assert!(value != 0, "cannot build a Doomed from zero");
        Self { value }
    }

    pub fn value(&self) -> u32 {
        self.value
    }
}

/// Asserts that `result` is the death of an actor from `cause`.
#[track_caller]
fn assert_died<T: std::fmt::Debug>(result: Result<T, Error>, cause: &DeathCause) {
    match result {
        Err(Error::ActorDied { cause: actual, .. }) => assert_eq!(&actual, cause),
        other => panic!("expected ActorDied ({cause}), got {other:?}"),
    }
}

/// Kills `sleeper` while `in_flight` runs and `queued` wait; checks that all resolve with
/// `Killed` within `KILL_BOUND`, and that later calls fail the same way at once.
fn kill_resolves_everything(
    sleeper: &SleeperHandle,
    in_flight: ObjectRef<u32>,
    queued: Vec<ObjectRef<u32>>,
) {
    let killed_at = Instant::now();
    actor_core::kill(sleeper);
    assert_died(in_flight.get_timeout(PATIENCE), &DeathCause::Killed);
    for call in queued {
        assert_died(call.get_timeout(PATIENCE), &DeathCause::Killed);
    }
    let elapsed = killed_at.elapsed();
    assert!(
        elapsed < KILL_BOUND,
        "killed calls took {elapsed:?} to resolve"
    );
    assert_died(sleeper.naps().get_timeout(PATIENCE), &DeathCause::Killed);
    assert_eq!(
        sleeper.state(),
        ActorState::Dead {
            cause: DeathCause::Killed
        }
    );
}

#[test]
fn kill_resolves_a_blocked_sync_call_and_the_queued_ones_at_once() {
    let sleeper = Sleeper::remote();
    let started = Latch::new();
    let in_flight = sleeper.nap(started.clone());
    let queued = vec![sleeper.naps(), sleeper.nap(Latch::new()), sleeper.naps()];
    started.expect_open("the nap to start");
    kill_resolves_everything(&sleeper, in_flight, queued);
}

#[test]
fn kill_resolves_a_sleeping_async_call_and_the_queued_ones_at_once() {
    let sleeper = Sleeper::remote();
    let started = Latch::new();
    let in_flight = sleeper.nap_async(started.clone());
    let queued = vec![
        sleeper.naps(),
        sleeper.nap_async(Latch::new()),
        sleeper.naps(),
    ];
    started.expect_open("the nap to start");
    kill_resolves_everything(&sleeper, in_flight, queued);
}

#[test]
fn kill_twice_and_kill_an_idle_actor() {
    let fragile = Fragile::remote();
    assert_eq!(fragile.touch().get().unwrap(), 1);
    actor_core::kill(&fragile);
    actor_core::kill(&fragile.clone());
    assert_died(fragile.touch().get(), &DeathCause::Killed);
}

#[test]
fn a_panic_fails_its_call_and_kills_the_actor() {
    let fragile = Fragile::remote();
    let bystander = Fragile::remote();
    assert_eq!(fragile.touch().get().unwrap(), 1);
    let panicked = fragile.explode(String::from("the fuse was short"));
    let queued = fragile.touch();
    match panicked.get() {
        Err(Error::MethodPanicked {
            actor,
            method,
            message,
        }) => {
            assert_eq!(actor.id, fragile.actor_id());
            assert_eq!(actor.class_name, "Fragile");
            assert_eq!(method, "explode");
            assert_eq!(message, "the fuse was short");
        }
        other => panic!("expected MethodPanicked, got {other:?}"),
    }
    let cause = DeathCause::MethodPanicked {
        method: "explode".into(),
        message: "the fuse was short".into(),
    };
    assert_died(queued.get(), &cause);
    assert_died(fragile.touch().get(), &cause);
    assert_eq!(fragile.state(), ActorState::Dead { cause });
    // Another actor of the same class is unaffected.
    assert_eq!(bystander.touch().get().unwrap(), 1);
    assert_eq!(bystander.touch().get().unwrap(), 2);
}

#[test]
fn a_panic_in_an_async_method_fails_the_same_way() {
    let fragile = Fragile::remote();
    match fragile.explode_async(String::from("async boom")).get() {
        Err(Error::MethodPanicked {
            method, message, ..
        }) => {
            assert_eq!(method, "explode_async");
            assert_eq!(message, "async boom");
        }
        other => panic!("expected MethodPanicked, got {other:?}"),
    }
    assert_died(
        fragile.touch().get(),
        &DeathCause::MethodPanicked {
            method: "explode_async".into(),
            message: "async boom".into(),
        },
    );
}

#[test]
fn the_error_message_says_which_actor_and_method_failed() {
    let fragile = Fragile::options()
        .name("failures-message")
        .remote()
        .unwrap();
    let error = fragile
        .explode(String::from("bad input"))
        .get()
        .unwrap_err();
    let text = error.to_string();
    assert!(text.contains("failures-message"), "{text}");
    assert!(text.contains("Fragile"), "{text}");
    assert!(text.contains("explode"), "{text}");
    assert!(text.contains("bad input"), "{text}");
}

#[test]
fn a_constructor_that_returns_err_fails_every_call() {
    let picky = Picky::remote(0);
    let cause = DeathCause::ConstructorFailed {
        message: "zero is not allowed".into(),
    };
    assert_died(picky.value().get(), &cause);
    assert_died(picky.value().get(), &cause);
    assert_eq!(picky.state(), ActorState::Dead { cause });
    assert_eq!(Picky::remote(3).value().get().unwrap(), 3);
}

#[test]
fn a_constructor_that_panics_fails_every_call() {
    let doomed = Doomed::remote(0);
    let cause = DeathCause::ConstructorFailed {
        message: "cannot build a Doomed from zero".into(),
    };
    assert_died(doomed.value().get(), &cause);
    assert_died(doomed.value().get(), &cause);
    assert_eq!(Doomed::remote(1).value().get().unwrap(), 1);
}

#[test]
fn a_named_actor_whose_constructor_failed_frees_its_name() {
    let picky = Picky::options().name("failures-picky").remote(0).unwrap();
    assert!(matches!(picky.value().get(), Err(Error::ActorDied { .. })));
    let again = Picky::options().name("failures-picky").remote(5).unwrap();
    assert_eq!(again.value().get().unwrap(), 5);
}

#[test]
fn a_user_err_is_a_value_and_the_actor_goes_on() {
    let fragile = Fragile::remote();
    assert_eq!(fragile.checked_add(1).get().unwrap(), Ok(2));
    assert_eq!(
        fragile.checked_add(-4).get().unwrap(),
        Err("cannot add -4".to_owned())
    );
    assert_eq!(fragile.checked_add(0).get().unwrap(), Ok(3));
    assert_eq!(fragile.touch().get().unwrap(), 4);
    assert_eq!(fragile.state(), ActorState::Alive);
}

#[test]
fn calls_beyond_max_pending_calls_fail_at_once() {
    // As in Ray, a handle's pending calls are those not finished yet, the running one
    // included, and each handle (each clone) is a caller with its own limit.
    let gated = common::Gated::options()
        .max_pending_calls(2)
        .remote()
        .unwrap();
    let started = Latch::new();
    let gate = Latch::new();
    let held = gated.hold(started.clone(), gate.clone(), 0);
    started.expect_open("the held call to start");
    let first = gated.echo(1);
    match gated.echo(2).get_timeout(PATIENCE) {
        Err(Error::PendingCallsLimitExceeded { actor, limit }) => {
            assert_eq!(actor.id, gated.actor_id());
            assert_eq!(limit, 2);
        }
        other => panic!("expected PendingCallsLimitExceeded, got {other:?}"),
    }
    let other_caller = gated.clone();
    let from_other_caller = other_caller.echo(3);
    gate.open();
    assert_eq!(held.get_timeout(PATIENCE).unwrap(), 0);
    assert_eq!(first.get_timeout(PATIENCE).unwrap(), 1);
    assert_eq!(from_other_caller.get_timeout(PATIENCE).unwrap(), 3);
    // Room again once the calls finished.
    assert_eq!(gated.echo(4).get_timeout(PATIENCE).unwrap(), 4);
}
