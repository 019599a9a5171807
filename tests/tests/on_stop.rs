//! A panic in `#[on_stop]`, sync or async, is the actor's death cause, with its message.

use actor_core::prelude::*;
use actor_core::{DeathCause, watch};

#[actor]
struct SyncStopper {
    calls: u32,
}

#[actor]
impl SyncStopper {
    fn new() -> Self {
        Self { calls: 0 }
    }

    pub fn work(&mut self) -> u32 {
        self.calls += 1;
        self.calls
    }

    #[on_stop]
    fn stopping(&mut self) {
        panic!("the sync on_stop broke after {} calls", self.calls)
    }
}

#[actor]
struct AsyncStopper {
    calls: u32,
}

#[actor]
impl AsyncStopper {
    fn new() -> Self {
        Self { calls: 0 }
    }

    pub fn work(&mut self) -> u32 {
        self.calls += 1;
        self.calls
    }

    #[on_stop]
    async fn stopping(&mut self) {
        tokio::task::yield_now().await;
        panic!("the async on_stop broke after {} calls", self.calls)
    }
}

fn expect_on_stop_panic(cause: DeathCause, message: &str) {
    match &cause {
        DeathCause::OnStopPanicked { message: got } => assert_eq!(got, message),
        other => panic!("expected OnStopPanicked, got {other:?}"),
    }
    assert!(cause.to_string().contains("on_stop"), "{cause}");
}

#[test]
fn a_sync_on_stop_that_panics_is_the_death_cause() {
    let actor = SyncStopper::remote();
    let notice = watch(&actor);
    assert_eq!(actor.work().get().unwrap(), 1);
    actor_core::terminate(&actor);
    let cause = notice.get().unwrap();
    expect_on_stop_panic(cause, "the sync on_stop broke after 1 calls");
}

#[test]
fn an_async_on_stop_that_panics_is_the_death_cause() {
    let actor = AsyncStopper::remote();
    let notice = watch(&actor);
    assert_eq!(actor.work().get().unwrap(), 1);
    // The last handle dropped stops it gracefully too.
    drop(actor);
    let cause = notice.get().unwrap();
    expect_on_stop_panic(cause, "the async on_stop broke after 1 calls");
}
