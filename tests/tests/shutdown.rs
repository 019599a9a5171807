//! `actor_core::shutdown`: every actor dies with cause "runtime shut down", every pending
//! `ObjectRef` resolves, and the next use starts a fresh runtime. Alone in its binary, since
//! it stops the runtime every other test would share.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use actor_core::prelude::*;
use actor_core::{ActorState, Config, DeathCause};
use common::{Latch, PATIENCE};

#[actor]
struct Sleeper;

#[actor(local)]
impl Sleeper {
    fn new() -> Self {
        Self
    }

    /// Opens `started`, then sleeps `millis` without blocking its thread.
    async fn nap(&self, started: Arc<Latch>, millis: u64) -> u64 {
        started.open();
        tokio::time::sleep(Duration::from_millis(millis)).await;
        millis
    }
}

/// Holds its CPU from when it opens `started` until `gate` opens; returns `tag`.
#[task]
fn hog(started: Arc<Latch>, gate: Arc<Latch>, tag: u64) -> u64 {
    started.open();
    gate.expect_open("the test to let the task go");
    tag
}

#[test]
fn shutdown_resolves_everything_and_the_runtime_starts_again() {
    actor_core::init_with(Config::new().num_cpus(1.0)).unwrap();
    assert_eq!(
        actor_core::init_with(Config::new()).unwrap_err(),
        Error::AlreadyInitialized
    );
    let sleeper = Sleeper::remote();
    let napping = Latch::new();
    let running = sleeper.nap(napping.clone(), 10_000);
    let queued = sleeper.nap(Latch::new(), 1);
    let (hogging, gate) = (Latch::new(), Latch::new());
    let busy = hog::remote(hogging.clone(), gate.clone(), 300);
    napping.expect_open("the first nap to start");
    hogging.expect_open("the first task to start");
    // The only CPU is held: this task waits for it.
    let waiting = hog::remote(Latch::new(), gate.clone(), 1);

    let started = Instant::now();
    actor_core::shutdown();
    for call in [running, queued] {
        let error = call.get_timeout(PATIENCE).unwrap_err();
        assert!(
            matches!(
                error,
                Error::ActorDied {
                    cause: DeathCause::RuntimeShutdown,
                    ..
                }
            ),
            "{error}"
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "calls resolved at once"
    );
    assert!(matches!(
        sleeper.state(),
        ActorState::Dead {
            cause: DeathCause::RuntimeShutdown
        }
    ));
    // One still waiting for a CPU resolves with an error; a task already running finishes.
    assert_eq!(waiting.get_timeout(PATIENCE), Err(Error::RuntimeShutdown));
    gate.open();
    assert_eq!(busy.get_timeout(PATIENCE), Ok(300));

    // The next use starts a fresh runtime with detected settings.
    let again = Sleeper::remote();
    assert_eq!(again.nap(Latch::new(), 1).get().unwrap(), 1);
    assert_eq!(hog::remote(Latch::new(), gate, 1).get().unwrap(), 1);
}
