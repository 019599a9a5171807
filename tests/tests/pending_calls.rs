//! `max_pending_calls`: a call holds its place only until it settles, and a dead actor's
//! calls fail with the reason it died, whatever its limit.

mod common;

use std::time::Duration;

use actor_core::prelude::*;
use actor_core::{ActorState, DeathCause};

use common::{Gated, GatedHandle, Latch, PATIENCE};

/// A handle limited to 2 pending calls, with one call running (held) and one queued: the
/// limit is reached. Returns the handle, the running call, its gate and the queued call.
fn full_handle() -> (
    GatedHandle,
    ObjectRef<u32>,
    std::sync::Arc<Latch>,
    ObjectRef<u32>,
) {
    let gated = Gated::options().max_pending_calls(2).remote().unwrap();
    let (started, gate) = (Latch::new(), Latch::new());
    let running = gated.hold(started.clone(), gate.clone(), 0);
    started.expect_open("the held call to start");
    let queued = gated.echo(1);
    assert!(
        matches!(
            gated.echo(9).get_timeout(PATIENCE),
            Err(Error::PendingCallsLimitExceeded { limit: 2, .. })
        ),
        "the limit is reached"
    );
    (gated, running, gate, queued)
}

#[test]
fn cancelling_a_queued_call_frees_its_place_at_once() {
    let (gated, running, gate, queued) = full_handle();
    assert!(actor_core::cancel(&queued));
    // The cancelled call still waits in the mailbox (the actor is held), but no longer
    // counts: the next call is accepted, not refused.
    let next = gated.echo(2);
    assert!(
        !next.is_ready(),
        "the call after the cancel is queued, not refused: {:?}",
        next.get_timeout(Duration::ZERO)
    );
    gate.open();
    assert_eq!(running.get_timeout(PATIENCE).unwrap(), 0);
    assert_eq!(queued.get_timeout(PATIENCE).unwrap_err(), Error::Cancelled);
    assert_eq!(next.get_timeout(PATIENCE).unwrap(), 2);
    assert_eq!(
        gated.served().get_timeout(PATIENCE).unwrap(),
        2,
        "the cancelled call never ran"
    );
}

/// A call that timed out frees its place at once, even while its sync method still blocks
/// the actor and while the call queued behind it still waits in the mailbox.
#[test]
fn calls_that_timed_out_free_their_places_at_once() {
    let gated = Gated::options()
        .max_pending_calls(2)
        .timeout(Duration::from_millis(20))
        .remote()
        .unwrap();
    let (started, gate) = (Latch::new(), Latch::new());
    // A sync method cannot be stopped: it goes on after its call timed out.
    let running = gated.block(started.clone(), gate.clone(), 0);
    let queued = gated.echo(1);
    started.expect_open("the blocking call to start");
    for call in [running, queued] {
        assert!(matches!(
            call.get_timeout(PATIENCE),
            Err(Error::Timeout { .. })
        ));
    }
    let next = gated.echo(2);
    let after = gated.echo(3);
    gate.open();
    for (call, tag) in [(next, 2), (after, 3)] {
        match call.get_timeout(PATIENCE) {
            Ok(value) => assert_eq!(value, tag),
            Err(Error::Timeout { .. }) => {}
            Err(other) => panic!("a freed place refused a call: {other}"),
        }
    }
}

/// Its class defaults make `remote()` hand back a dead actor.
#[actor(max_pending_calls = 0)]
struct NoRoom;

#[actor]
impl NoRoom {
    fn new() -> Self {
        Self
    }

    fn ping(&self) -> u8 {
        1
    }
}

#[test]
fn a_dead_actor_with_a_pending_limit_fails_calls_with_the_reason_it_died() {
    let actor = NoRoom::remote();
    assert!(matches!(actor.state(), ActorState::Dead { .. }));
    for error in [
        actor.ping().get().unwrap_err(),
        actor.tell().ping().unwrap_err(),
    ] {
        match &error {
            Error::ActorDied {
                cause: DeathCause::ConstructorFailed { message },
                ..
            } => assert!(message.contains("max_pending_calls(0)"), "{error}"),
            other => panic!("expected ActorDied with the reason, got {other:?}"),
        }
    }
}

#[test]
fn a_killed_actor_under_its_pending_limit_fails_calls_with_the_kill() {
    let (gated, running, _gate, queued) = full_handle();
    actor_core::kill(&gated);
    for call in [running, queued, gated.echo(3)] {
        match call.get_timeout(PATIENCE) {
            Err(Error::ActorDied {
                cause: DeathCause::Killed,
                ..
            }) => {}
            other => panic!("expected ActorDied (killed), got {other:?}"),
        }
    }
}
