//! `actor_core::shutdown`: every actor dies with cause "runtime shut down", every pending
//! `ObjectRef` resolves, and the next use starts a fresh runtime. Alone in its binary, since
//! it stops the runtime every other test would share.

use std::time::{Duration, Instant};

use actor_core::prelude::*;
use actor_core::{ActorState, Config, DeathCause};

#[actor]
struct Sleeper;

#[actor]
impl Sleeper {
    fn new() -> Self {
        Self
    }

    async fn nap(&self, millis: u64) -> u64 {
        tokio::time::sleep(Duration::from_millis(millis)).await;
        millis
    }
}

#[task]
fn hog(millis: u64) -> u64 {
    std::thread::sleep(Duration::from_millis(millis));
    millis
}

#[test]
fn shutdown_resolves_everything_and_the_runtime_starts_again() {
    actor_core::init_with(Config::new().num_cpus(1.0)).unwrap();
    assert_eq!(
        actor_core::init_with(Config::new()).unwrap_err(),
        Error::AlreadyInitialized
    );
    let sleeper = Sleeper::remote();
    let running = sleeper.nap(10_000);
    let queued = sleeper.nap(1);
    let busy = hog::remote(300);
    let waiting = hog::remote(1);
    std::thread::sleep(Duration::from_millis(50));

    let started = Instant::now();
    actor_core::shutdown();
    for call in [running, queued] {
        let error = call.get_timeout(Duration::from_secs(5)).unwrap_err();
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
    // A task already running finishes; one still waiting for a CPU resolves with an error.
    assert_eq!(busy.get_timeout(Duration::from_secs(5)), Ok(300));
    assert_eq!(
        waiting.get_timeout(Duration::from_secs(5)),
        Err(Error::RuntimeShutdown)
    );

    // The next use starts a fresh runtime with detected settings.
    let again = Sleeper::remote();
    assert_eq!(again.nap(1).get().unwrap(), 1);
    assert_eq!(hog::remote(1).get().unwrap(), 1);
}
