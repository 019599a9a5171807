//! Death notices: `actor_core::watch(&handle)` resolves with the cause once the actor dies,
//! whatever killed it, at once for an actor already dead, and never for a restart.

use actor_core::prelude::*;
use actor_core::{DeathCause, watch};

#[actor]
struct Watched {
    calls: u32,
}

#[actor]
impl Watched {
    fn new() -> Self {
        Self { calls: 0 }
    }

    pub fn work(&mut self) -> u32 {
        self.calls += 1;
        self.calls
    }

    pub fn explode(&self) {
        panic!("boom")
    }

    pub fn quit(&self) {
        actor_core::context::exit_actor();
    }
}

#[test]
fn watch_after_a_kill_says_it_was_killed() {
    let actor = Watched::remote();
    let notice = watch(&actor);
    assert_eq!(actor.work().get().unwrap(), 1);
    assert!(!notice.is_ready(), "a live actor's notice waits");
    actor_core::kill(&actor);
    assert_eq!(notice.get().unwrap(), DeathCause::Killed);
    // Watching a dead actor resolves at once, with the same cause.
    let late = watch(&actor);
    assert!(late.is_ready());
    assert_eq!(late.get().unwrap(), DeathCause::Killed);
}

#[test]
fn watch_after_a_panic_past_the_restarts_says_so_and_a_restart_does_not_resolve_it() {
    let actor = Watched::options().max_restarts(1).remote().unwrap();
    let notice = watch(&actor);
    assert!(matches!(
        actor.explode().get(),
        Err(Error::MethodPanicked { .. })
    ));
    // The restarted actor serves calls, and its notice still waits.
    assert_eq!(actor.work().get().unwrap(), 1);
    assert!(!notice.is_ready(), "a restart is no death");
    assert!(matches!(
        actor.explode().get(),
        Err(Error::MethodPanicked { .. })
    ));
    match notice.get().unwrap() {
        DeathCause::OutOfRestarts {
            restarts,
            method,
            message,
        } => {
            assert_eq!(restarts, 1);
            assert_eq!(method, "explode");
            assert_eq!(message, "boom");
        }
        other => panic!("expected OutOfRestarts, got {other:?}"),
    }
}

#[test]
fn watch_after_a_graceful_terminate_says_it_was_terminated() {
    let actor = Watched::remote();
    let notice = watch(&actor);
    let queued = actor.work();
    actor_core::terminate(&actor);
    assert_eq!(notice.get().unwrap(), DeathCause::Terminated);
    assert_eq!(queued.get().unwrap(), 1, "the queued call ran first");
}

#[test]
fn watch_sees_the_last_handle_dropped_and_exit_actor() {
    let dropped = Watched::remote();
    let notice = watch(&dropped);
    drop(dropped);
    assert_eq!(notice.get().unwrap(), DeathCause::HandlesDropped);

    let exiting = Watched::remote();
    let notice = watch(&exiting);
    exiting.quit().get().unwrap();
    assert_eq!(notice.get().unwrap(), DeathCause::Exited);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_supervisor_awaits_the_notices_of_many_actors() {
    let actors: Vec<WatchedHandle> = (0..3).map(|_| Watched::remote()).collect();
    let notices: Vec<ObjectRef<DeathCause>> = actors.iter().map(watch).collect();
    let second = notices[1].clone();
    actor_core::kill(&actors[1]);
    assert_eq!(second.await.unwrap(), DeathCause::Killed);
    let (ready, pending) = wait_async(notices, 1, None).await.unwrap();
    assert_eq!(
        (ready.len(), pending.len()),
        (1, 2),
        "only the killed one died"
    );
    assert_eq!(
        ready[0].actor_id(),
        None,
        "a notice is no call on the actor"
    );
}
