//! Restarts back off: an actor that panics again right after it restarted waits longer each
//! time (a call that always panics, retried forever, does not spin a core), and shows
//! `ActorState::Restarting` while it waits.

mod common;

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use actor_core::prelude::*;
use actor_core::{ActorState, DeathCause};

use common::PATIENCE;

/// Counts constructions, for a test to wait on.
#[derive(Debug, Default)]
struct Constructions {
    count: Mutex<u32>,
    changed: Condvar,
}

impl Constructions {
    /// Blocks until `count` constructions happened, failing the test after `PATIENCE`.
    fn expect(&self, count: u32) {
        let seen = self.count.lock().unwrap();
        let (seen, _) = self
            .changed
            .wait_timeout_while(seen, PATIENCE, |seen| *seen < count)
            .unwrap();
        assert!(*seen >= count, "only {} of {count} constructions", *seen);
    }

    fn count(&self) -> u32 {
        *self.count.lock().unwrap()
    }
}

#[actor]
struct Poisoned;

#[actor(local)]
impl Poisoned {
    fn new(constructions: Arc<Constructions>) -> Self {
        *constructions.count.lock().unwrap() += 1;
        constructions.changed.notify_all();
        Self
    }

    /// Always panics.
    fn poison(&mut self) -> u32 {
        panic!("poison")
    }

    fn ping(&self) -> u32 {
        1
    }
}

/// Keeps the poison's panics quiet: printing each one (with a backtrace, under
/// `RUST_BACKTRACE=1`) takes longer than the back-off under test. Other panics are printed.
fn quiet_poison() {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| {
        let print = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info.payload().downcast_ref::<&str>() != Some(&"poison") {
                print(info);
            }
        }));
    });
}

fn poisoned_forever() -> (PoisonedHandle, Arc<Constructions>) {
    quiet_poison();
    let constructions = Arc::new(Constructions::default());
    let actor = Poisoned::options()
        .max_restarts(-1)
        .max_task_retries(-1)
        .remote(constructions.clone())
        .unwrap();
    (actor, constructions)
}

#[test]
fn a_call_that_always_panics_restarts_ever_more_slowly() {
    let (actor, constructions) = poisoned_forever();
    let made = Instant::now();
    let poison = actor.poison();
    // The first construction and seven restarts: the first restart at once, the next ones
    // after 2, 4, 8, 16, 32 and 64 ms. Without a back-off they take microseconds.
    constructions.expect(8);
    let elapsed = made.elapsed();
    assert!(
        elapsed >= Duration::from_millis(2 + 4 + 8 + 16 + 32 + 64),
        "7 restarts in {elapsed:?}: no back-off"
    );
    // The eighth restart waits 128 ms: the actor shows that it is restarting meanwhile.
    let seen = Instant::now();
    while actor.state() != ActorState::Restarting {
        assert!(seen.elapsed() < PATIENCE, "never seen restarting");
        std::thread::yield_now();
    }
    // A kill during the back-off ends it at once; the poison call fails with the kill.
    actor_core::kill(&actor);
    match poison.get_timeout(PATIENCE) {
        Err(Error::ActorDied {
            cause: DeathCause::Killed,
            ..
        }) => {}
        other => panic!("expected ActorDied (killed), got {other:?}"),
    }
    assert!(matches!(
        actor.ping().get_timeout(PATIENCE),
        Err(Error::ActorDied {
            cause: DeathCause::Killed,
            ..
        })
    ));
    let after_kill = constructions.count();
    assert!(after_kill <= 9, "{after_kill} constructions");
}
