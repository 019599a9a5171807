//! An actor's life: `PendingCreation` while its resources are held by others, `Alive`,
//! then `Dead` with a cause. Dropping the last handle stops a non-detached actor after its
//! queued calls; a detached actor outlives its handles until it is killed.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use actor_core::prelude::*;
use actor_core::{ActorState, DeathCause};
use common::{Latch, PATIENCE};

/// Opens its latch when dropped: tells the test that the actor holding it is gone.
#[derive(Debug)]
struct DropSignal(Arc<Latch>);

impl Drop for DropSignal {
    fn drop(&mut self) {
        self.0.open();
    }
}

#[actor]
struct Recorder {
    log: Arc<Mutex<Vec<u32>>>,
    _dropped: DropSignal,
}

#[actor(local)]
impl Recorder {
    fn new(log: Arc<Mutex<Vec<u32>>>, dropped: Arc<Latch>) -> Self {
        Self {
            log,
            _dropped: DropSignal(dropped),
        }
    }

    pub async fn hold(&mut self, started: Arc<Latch>, gate: Arc<Latch>) {
        started.open();
        gate.wait_async().await;
    }

    pub fn record(&mut self, index: u32) -> u32 {
        self.log.lock().unwrap().push(index);
        index
    }
}

#[actor]
struct Keeper {
    value: u64,
}

#[actor]
impl Keeper {
    fn new(value: u64) -> Self {
        Self { value }
    }

    pub fn set(&mut self, value: u64) {
        self.value = value;
    }

    pub fn value(&self) -> u64 {
        self.value
    }
}

#[test]
fn dropping_the_last_handle_finishes_the_queued_calls_first() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let dropped = Latch::new();
    let recorder = Recorder::remote(log.clone(), dropped.clone());
    let started = Latch::new();
    let gate = Latch::new();
    drop(recorder.hold(started.clone(), gate.clone()));
    started.expect_open("the held call to start");
    let refs: Vec<_> = (0..100).map(|index| recorder.record(index)).collect();
    let clone = recorder.clone();
    drop(recorder);
    drop(clone);
    // Every handle is gone while 100 calls wait; they still run, then the actor stops.
    gate.open();
    assert_eq!(actor_core::get(refs).unwrap(), (0..100).collect::<Vec<_>>());
    dropped.expect_open("the actor to stop after its last handle dropped");
    assert_eq!(*log.lock().unwrap(), (0..100).collect::<Vec<_>>());
}

#[test]
fn an_actor_whose_handles_are_gone_stops_without_calls_too() {
    let dropped = Latch::new();
    let recorder = Recorder::remote(Arc::new(Mutex::new(Vec::new())), dropped.clone());
    assert_eq!(recorder.record(1).get().unwrap(), 1);
    drop(recorder);
    dropped.expect_open("the idle actor to stop");
}

#[test]
fn a_detached_actor_outlives_its_handles_until_killed() {
    let keeper = Keeper::options()
        .name("lifecycle-detached")
        .detached(true)
        .remote(1)
        .unwrap();
    keeper.set(42).get().unwrap();
    let id = keeper.actor_id();
    drop(keeper);
    let found = Keeper::get_actor("lifecycle-detached").expect("a detached actor lives on");
    assert_eq!(found.actor_id(), id);
    assert_eq!(found.value().get().unwrap(), 42);
    // Dropped and found again: still the same actor, state intact.
    drop(found);
    let found = Keeper::get_actor("lifecycle-detached").unwrap();
    assert_eq!(found.value().get().unwrap(), 42);
    actor_core::kill(&found);
    assert!(matches!(
        found.value().get(),
        Err(Error::ActorDied {
            cause: DeathCause::Killed,
            ..
        })
    ));
    assert!(matches!(
        Keeper::get_actor("lifecycle-detached"),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn get_if_exists_finds_a_detached_actor_without_handles() {
    let keeper = Keeper::options()
        .name("lifecycle-detached-get-if-exists")
        .detached(true)
        .remote(7)
        .unwrap();
    let id = keeper.actor_id();
    drop(keeper);
    let again = Keeper::options()
        .name("lifecycle-detached-get-if-exists")
        .detached(true)
        .get_if_exists(true)
        .remote(0)
        .unwrap();
    assert_eq!(again.actor_id(), id);
    assert_eq!(again.value().get().unwrap(), 7);
    actor_core::kill(&again);
}

#[test]
fn an_actor_is_alive_once_it_answers_and_dead_once_killed() {
    let keeper = Keeper::remote(0);
    keeper.value().get().unwrap();
    assert_eq!(keeper.state(), ActorState::Alive);
    actor_core::kill(&keeper);
    assert_eq!(
        keeper.state(),
        ActorState::Dead {
            cause: DeathCause::Killed
        }
    );
}

#[test]
fn an_actor_waits_in_pending_creation_until_its_resources_are_free() {
    let cpus = actor_core::cluster_resources()["CPU"];
    let holder = Keeper::options().num_cpus(cpus).remote(1).unwrap();
    holder.value().get().unwrap();
    assert_eq!(
        actor_core::available_resources().get("CPU").copied(),
        Some(0.0)
    );
    let waiter = Keeper::options().num_cpus(cpus).remote(2).unwrap();
    let call = waiter.value();
    let (ready, pending) =
        actor_core::wait(vec![call], 1, Some(Duration::from_millis(50))).unwrap();
    assert!(ready.is_empty(), "the waiter ran while its CPUs were held");
    assert_eq!(waiter.state(), ActorState::PendingCreation);
    // Freeing the CPUs lets it start; the call queued meanwhile is served.
    actor_core::kill(&holder);
    let call = pending.into_iter().next().unwrap();
    assert_eq!(call.get_timeout(PATIENCE).unwrap(), 2);
    assert_eq!(waiter.state(), ActorState::Alive);
    actor_core::kill(&waiter);
}

#[test]
fn an_actor_that_can_never_fit_fails_with_a_clear_error() {
    let cpus = actor_core::cluster_resources()["CPU"];
    match Keeper::options().num_cpus(cpus + 1.0).remote(0) {
        Err(Error::Unschedulable { missing }) => assert!(missing.contains("CPU"), "{missing}"),
        other => panic!("expected Unschedulable, got {other:?}"),
    }
    match Keeper::options()
        .resource("lifecycle-unicorn", 1.0)
        .remote(0)
    {
        Err(Error::Unschedulable { missing }) => {
            assert!(missing.contains("lifecycle-unicorn"), "{missing}");
        }
        other => panic!("expected Unschedulable, got {other:?}"),
    }
}

/// A task that makes actors in a row hands their loops to starter tasks, a few hundred per
/// starter: every actor still starts, in its own loop, and answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_actors_made_in_a_row_by_one_task_all_start() {
    let keepers: Vec<KeeperHandle> = (0..1000).map(Keeper::remote).collect();
    let values = keepers.iter().map(KeeperHandle::value).collect::<Vec<_>>();
    let values = actor_core::get_async(values).await.unwrap();
    assert_eq!(values, (0..1000).collect::<Vec<u64>>());
    assert!(
        keepers
            .iter()
            .all(|keeper| keeper.state() == ActorState::Alive)
    );
    let ids: std::collections::HashSet<_> = keepers.iter().map(KeeperHandle::actor_id).collect();
    assert_eq!(ids.len(), 1000);
}
