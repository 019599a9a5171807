//! Handles across the boundary of a worker process, both ways: one id per actor in every
//! process, handles of actors created in a worker that leave it, and `kill`/`terminate`
//! through a stand-in reaching the actor itself.

mod common;

use actor_core::prelude::*;
use actor_core::{ActorId, DeathCause, WorkerExit, context};

actor_core::worker_test_support!();

#[actor]
pub struct Counter {
    value: i64,
}

#[actor]
impl Counter {
    pub fn new(start: i64) -> Self {
        Self { value: start }
    }

    pub fn add(&mut self, by: i64) -> i64 {
        self.value += by;
        self.value
    }

    pub fn value(&self) -> i64 {
        self.value
    }

    pub fn pid(&self) -> u32 {
        std::process::id()
    }

    /// Tells `arrival` it started, then never returns.
    pub fn hang(&self, arrival: common::ArrivalHandle) {
        let _ = arrival.arrived().get();
        loop {
            std::thread::park();
        }
    }
}

/// Runs in a worker process (each test isolates it): looks at itself, creates actors
/// there, and uses the handles it is given.
#[actor]
#[derive(Default)]
pub struct Probe {
    /// The death notices of the actors it created, by their id.
    created: Vec<(ActorId, ObjectRef<DeathCause>)>,
    /// A handle it was given to keep.
    held: Option<CounterHandle>,
}

#[actor]
impl Probe {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn pid(&self) -> u32 {
        std::process::id()
    }

    pub fn own_id(&self) -> Option<ActorId> {
        context::actor_id()
    }

    pub fn itself(&self) -> Option<ProbeHandle> {
        context::current_actor::<Probe>()
    }

    /// Creates a `Counter` in this worker process and returns its handle, keeping none.
    pub fn create_counter(&mut self, start: i64) -> CounterHandle {
        let counter = Counter::remote(start);
        self.created
            .push((counter.actor_id(), actor_core::watch(&counter)));
        counter
    }

    /// Waits until the actor `id` it created dies (a deadline only to fail rather than
    /// hang); why it died.
    pub fn death_of_created(&self, id: ActorId) -> Result<DeathCause, String> {
        let (_, death) = self
            .created
            .iter()
            .find(|(created, _)| *created == id)
            .ok_or_else(|| format!("created no actor {id}"))?;
        death
            .clone()
            .get_timeout(std::time::Duration::from_secs(60))
            .map_err(|error| error.to_string())
    }

    /// Creates a `Counter` here, serializes its handle for its own use (not for the driver)
    /// and drops it; its id.
    pub fn create_and_serialize_for_itself(&mut self) -> ActorId {
        let counter = Counter::remote(0);
        let id = counter.actor_id();
        self.created.push((id, actor_core::watch(&counter)));
        let bytes = postcard::to_allocvec(&counter).expect("a handle serializes");
        assert!(!bytes.is_empty());
        id
    }

    /// Creates a `Counter` here and hands it to `keeper`, an actor of the driver: its id
    /// here, and the id the keeper saw.
    pub fn give_counter(
        &self,
        keeper: KeeperHandle,
        start: i64,
    ) -> Result<(ActorId, ActorId), String> {
        let counter = Counter::remote(start);
        let here = counter.actor_id();
        let there = keeper
            .keep(counter)
            .get()
            .map_err(|error| error.to_string())?;
        Ok((here, there))
    }

    pub fn add_to(&self, counter: CounterHandle, by: i64) -> Result<i64, String> {
        counter.add(by).get().map_err(|error| error.to_string())
    }

    pub fn id_of(&self, counter: CounterHandle) -> ActorId {
        counter.actor_id()
    }

    pub fn echo(&self, counter: CounterHandle) -> CounterHandle {
        counter
    }

    pub fn hold(&mut self, counter: CounterHandle) {
        self.held = Some(counter);
    }

    pub fn add_to_held(&self, by: i64) -> Result<i64, String> {
        let held = self.held.as_ref().ok_or("holds nothing")?;
        held.add(by).get().map_err(|error| error.to_string())
    }

    pub fn drop_held(&mut self) {
        self.held = None;
    }

    /// Waits until `counter` dies (a deadline only to fail rather than hang); why it died.
    pub fn death_of(&self, counter: CounterHandle) -> Result<DeathCause, String> {
        actor_core::watch(&counter)
            .get_timeout(std::time::Duration::from_secs(60))
            .map_err(|error| error.to_string())
    }

    pub fn kill_it(&self, counter: CounterHandle) {
        actor_core::kill(&counter);
    }

    pub fn terminate_it(&self, counter: CounterHandle) {
        actor_core::terminate(&counter);
    }
}

/// An actor of the driver that keeps a handle it is given.
#[actor]
#[derive(Default)]
pub struct Keeper {
    kept: Option<CounterHandle>,
}

#[actor]
impl Keeper {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn keep(&mut self, counter: CounterHandle) -> ActorId {
        let id = counter.actor_id();
        self.kept = Some(counter);
        id
    }

    pub fn add_to_kept(&self, by: i64) -> Result<i64, String> {
        let kept = self.kept.as_ref().ok_or("nothing kept")?;
        kept.add(by).get().map_err(|error| error.to_string())
    }
}

/// Isolated: holds the handle its constructor was given.
#[actor(isolated)]
pub struct Holder {
    counter: CounterHandle,
}

#[actor]
impl Holder {
    pub fn new(counter: CounterHandle) -> Self {
        Self { counter }
    }

    pub fn add(&self, by: i64) -> Result<i64, String> {
        self.counter
            .add(by)
            .get()
            .map_err(|error| error.to_string())
    }

    /// Waits until its counter dies (a deadline only to fail rather than hang).
    pub fn death_of_counter(&self) -> Result<DeathCause, String> {
        actor_core::watch(&self.counter)
            .get_timeout(std::time::Duration::from_secs(60))
            .map_err(|error| error.to_string())
    }
}

/// Isolated: its constructor tells the actor it is given, before the worker says it started.
#[actor(isolated)]
pub struct EagerHolder {
    counter: CounterHandle,
}

#[actor]
impl EagerHolder {
    pub fn new(counter: CounterHandle) -> Self {
        counter.tell().add(1).expect("the told call is sent");
        Self { counter }
    }

    pub fn add(&self, by: i64) -> Result<i64, String> {
        self.counter
            .add(by)
            .get()
            .map_err(|error| error.to_string())
    }
}

#[task]
fn add_from_a_task(counter: CounterHandle, by: i64) -> Result<i64, String> {
    counter.add(by).get().map_err(|error| error.to_string())
}

fn isolated_probe() -> ProbeHandle {
    Probe::options()
        .isolated(true)
        .remote()
        .expect("an isolated probe starts")
}

#[test]
fn context_actor_id_inside_an_isolated_actor_is_the_id_of_its_handle() {
    let probe = isolated_probe();
    assert_eq!(probe.own_id().get(), Ok(Some(probe.actor_id())));
}

#[test]
fn current_actor_returned_from_a_worker_is_the_drivers_handle() {
    let probe = isolated_probe();
    let itself = probe
        .itself()
        .get()
        .expect("answers")
        .expect("a method finds its own actor");
    assert_eq!(itself, probe);
    assert_eq!(itself.actor_id(), probe.actor_id());
    assert_eq!(itself.pid().get(), probe.pid().get());
}

#[test]
fn a_stand_in_returned_to_the_driver_is_the_drivers_actor() {
    let probe = isolated_probe();
    let local = Counter::remote(1);
    // Inside the worker, the stand-in shows the driver's id.
    assert_eq!(probe.id_of(local.clone()).get(), Ok(local.actor_id()));
    let back = probe.echo(local.clone()).get().expect("answers");
    assert_eq!(back.actor_id(), local.actor_id());
    assert_eq!(back.add(1).get(), Ok(2));
    assert_eq!(local.value().get(), Ok(2));
}

#[test]
fn an_actor_created_in_a_worker_is_reached_from_the_driver_a_task_and_another_worker() {
    let probe = isolated_probe();
    let counter = probe.create_counter(10).get().expect("answers");
    // It lives in the probe's worker process.
    assert_eq!(counter.pid().get(), probe.pid().get());
    assert_eq!(counter.add(1).get(), Ok(11));
    assert_eq!(
        add_from_a_task::remote(counter.clone(), 2).get(),
        Ok(Ok(13))
    );
    let other = isolated_probe();
    assert_ne!(other.pid().get(), probe.pid().get());
    assert_eq!(other.add_to(counter.clone(), 3).get(), Ok(Ok(16)));
    // One id in every process.
    assert_eq!(other.id_of(counter.clone()).get(), Ok(counter.actor_id()));
    assert_eq!(probe.id_of(counter.clone()).get(), Ok(counter.actor_id()));
    // Back in its own worker, the handle is the actor itself.
    assert_eq!(probe.add_to(counter.clone(), 4).get(), Ok(Ok(20)));
    assert_eq!(counter.value().get(), Ok(20));
}

#[test]
fn a_handle_a_worker_gives_to_an_actor_of_the_driver_works_there() {
    let probe = isolated_probe();
    let keeper = Keeper::remote();
    let (here, there) = probe
        .give_counter(keeper.clone(), 5)
        .get()
        .expect("answers")
        .expect("the keeper took the handle");
    assert_eq!(here, there, "one id in both processes");
    // The worker dropped its own handle when the method returned: the keeper's keeps the
    // actor alive.
    assert_eq!(keeper.add_to_kept(1).get(), Ok(Ok(6)));
    assert_eq!(keeper.add_to_kept(1).get(), Ok(Ok(7)));
}

#[test]
fn a_worker_created_actor_stops_once_the_driver_drops_its_handles() {
    let probe = isolated_probe();
    let counter = probe.create_counter(0).get().expect("answers");
    let id = counter.actor_id();
    assert_eq!(counter.add(1).get(), Ok(1));
    drop(counter);
    assert_eq!(
        probe.death_of_created(id).get(),
        Ok(Ok(DeathCause::HandlesDropped))
    );
}

#[test]
fn kill_through_the_drivers_stand_in_kills_the_actor_in_the_worker() {
    let probe = isolated_probe();
    let counter = probe.create_counter(0).get().expect("answers");
    actor_core::kill(&counter);
    assert_eq!(
        probe.death_of_created(counter.actor_id()).get(),
        Ok(Ok(DeathCause::Killed))
    );
    let error = counter.add(1).get().expect_err("killed");
    assert!(
        matches!(&error, Error::ActorDied { actor, cause: DeathCause::Killed } if actor.id == counter.actor_id()),
        "{error:?}"
    );
}

/// `watch` on the driver's handle to an actor a worker created resolves when that actor
/// dies in its worker, of the same cause; later calls through the handle fail with it.
#[test]
fn watch_of_an_actor_a_worker_created_resolves_when_it_dies_there() {
    let probe = isolated_probe();
    let counter = probe.create_counter(0).get().expect("answers");
    let death = actor_core::watch(&counter);
    // The handle goes back to its worker as the actor itself, killed there.
    assert_eq!(probe.kill_it(counter.clone()).get(), Ok(()));
    // A deadline only to fail rather than hang.
    assert_eq!(
        death.get_timeout(std::time::Duration::from_secs(60)),
        Ok(DeathCause::Killed)
    );
    let error = counter.add(1).get().expect_err("dead");
    assert!(
        matches!(
            &error,
            Error::ActorDied {
                cause: DeathCause::Killed,
                ..
            }
        ),
        "{error:?}"
    );
}

/// `watch` in a worker on its handle to an actor of the driver resolves when that actor
/// dies in the driver.
#[test]
fn watch_in_a_worker_of_a_drivers_actor_resolves_when_it_dies() {
    let probe = isolated_probe();
    let local = Counter::remote(0);
    let death = probe.death_of(local.clone());
    actor_core::kill(&local);
    assert_eq!(death.get(), Ok(Ok(DeathCause::Killed)));
}

/// An actor created in one worker, watched from another worker through the driver: the
/// death passes along both connections.
#[test]
fn watch_of_an_actor_of_another_worker_resolves_when_it_dies_there() {
    let creator = isolated_probe();
    let watcher = isolated_probe();
    let counter = creator.create_counter(0).get().expect("answers");
    let death = watcher.death_of(counter.clone());
    assert_eq!(creator.kill_it(counter.clone()).get(), Ok(()));
    assert_eq!(death.get(), Ok(Ok(DeathCause::Killed)));
}

#[test]
fn terminate_through_the_drivers_stand_in_terminates_the_actor_in_the_worker() {
    let probe = isolated_probe();
    let counter = probe.create_counter(0).get().expect("answers");
    let queued = counter.add(1);
    actor_core::terminate(&counter);
    assert_eq!(queued.get(), Ok(1), "a call queued before terminate runs");
    assert_eq!(
        probe.death_of_created(counter.actor_id()).get(),
        Ok(Ok(DeathCause::Terminated))
    );
}

#[test]
fn kill_from_inside_a_worker_kills_the_drivers_actor() {
    let probe = isolated_probe();
    let local = Counter::remote(0);
    assert_eq!(probe.kill_it(local.clone()).get(), Ok(()));
    assert_eq!(actor_core::watch(&local).get(), Ok(DeathCause::Killed));
    // And an isolated actor, through the driver.
    let isolated = Counter::options().isolated(true).remote(0).expect("starts");
    let worker = isolated.pid().get().expect("answers");
    assert_eq!(probe.kill_it(isolated.clone()).get(), Ok(()));
    assert_eq!(actor_core::watch(&isolated).get(), Ok(DeathCause::Killed));
    common::wait_until_gone(worker);
}

#[test]
fn terminate_from_inside_a_worker_terminates_the_drivers_actor() {
    let probe = isolated_probe();
    let local = Counter::remote(0);
    assert_eq!(probe.add_to(local.clone(), 1).get(), Ok(Ok(1)));
    assert_eq!(probe.terminate_it(local.clone()).get(), Ok(()));
    assert_eq!(actor_core::watch(&local).get(), Ok(DeathCause::Terminated));
    assert_eq!(local.value().get().ok(), None);
}

#[test]
fn calls_to_a_worker_created_actor_fail_clearly_once_its_worker_is_sigkilled() {
    let probe = isolated_probe();
    let counter = probe.create_counter(0).get().expect("answers");
    assert_eq!(counter.add(1).get(), Ok(1));
    let worker = probe.pid().get().expect("answers");
    // No handle to it stays here: the worker's keeps it alive.
    // The only test of this file that waits on `common::ARRIVED`.
    let running = counter.hang(common::Arrival::remote());
    common::ARRIVED.expect_open("the hanging call starts in the worker");
    common::signal(worker, "KILL");
    let killed = DeathCause::WorkerDied {
        exit: WorkerExit::Signal {
            number: 9,
            name: "SIGKILL".to_owned(),
        },
    };
    // The call in flight fails with the worker's death, and so does a later one.
    let in_flight = running.get().expect_err("its worker is dead");
    assert!(
        matches!(&in_flight, Error::ActorDied { actor, cause } if actor.id == counter.actor_id() && *cause == killed),
        "{in_flight:?}"
    );
    assert_eq!(actor_core::watch(&counter).get(), Ok(killed.clone()));
    let error = counter.add(1).get().expect_err("its worker is dead");
    match &error {
        Error::ActorDied { actor, cause } => {
            assert_eq!(actor.id, counter.actor_id());
            assert_eq!(cause, &killed);
        }
        other => panic!("expected ActorDied, got {other:?}"),
    }
    assert!(error.to_string().contains("SIGKILL"), "{error}");
    assert_eq!(actor_core::watch(&probe).get(), Ok(killed));
    common::wait_until_gone(worker);
}

#[test]
fn a_handle_sent_to_a_worker_keeps_its_actor_alive_while_the_worker_holds_it() {
    let probe = isolated_probe();
    let counter = Counter::remote(5);
    let death = actor_core::watch(&counter);
    // The driver keeps no handle: the worker's keeps the actor alive.
    assert_eq!(probe.hold(counter).get(), Ok(()));
    assert_eq!(probe.add_to_held(1).get(), Ok(Ok(6)));
    assert_eq!(probe.add_to_held(1).get(), Ok(Ok(7)));
    assert_eq!(probe.drop_held().get(), Ok(()));
    assert_eq!(death.get(), Ok(DeathCause::HandlesDropped));
    // A handle that the worker reads and drops in the same call is released too.
    let counter = Counter::remote(0);
    let death = actor_core::watch(&counter);
    assert_eq!(probe.add_to(counter, 2).get(), Ok(Ok(2)));
    assert_eq!(death.get(), Ok(DeathCause::HandlesDropped));
}

#[test]
fn a_handle_in_an_isolated_actors_constructor_arguments_lives_as_long_as_the_actor() {
    let holder = Holder::remote(Counter::remote(10));
    assert_eq!(holder.add(1).get(), Ok(Ok(11)));
    assert_eq!(holder.add(1).get(), Ok(Ok(12)));
}

#[test]
fn watch_of_a_handle_in_an_isolated_actors_constructor_arguments_resolves_when_it_dies() {
    let counter = Counter::remote(10);
    let holder = Holder::remote(counter.clone());
    assert_eq!(holder.add(1).get(), Ok(Ok(11)));
    let death = holder.death_of_counter();
    actor_core::kill(&counter);
    assert_eq!(death.get(), Ok(Ok(DeathCause::Killed)));
}

#[test]
fn an_isolated_actors_constructor_tells_an_actor_of_the_driver() {
    let counter = Counter::remote(10);
    let holder = EagerHolder::remote(counter.clone());
    // The told call, sent before the worker started, ran first.
    assert_eq!(holder.add(0).get(), Ok(Ok(11)));
}

#[test]
fn a_handle_a_worker_serializes_for_itself_keeps_nothing_alive() {
    let probe = isolated_probe();
    let id = probe
        .create_and_serialize_for_itself()
        .get()
        .expect("answers");
    assert_eq!(
        probe.death_of_created(id).get(),
        Ok(Ok(DeathCause::HandlesDropped))
    );
}

#[test]
fn a_worker_created_actor_handed_back_to_its_own_worker_still_stops_when_released() {
    let probe = isolated_probe();
    let counter = probe.create_counter(0).get().expect("answers");
    let id = counter.actor_id();
    // The handle reaches the actor itself in its worker: nothing is kept for it there.
    assert_eq!(probe.add_to(counter.clone(), 1).get(), Ok(Ok(1)));
    drop(counter);
    assert_eq!(
        probe.death_of_created(id).get(),
        Ok(Ok(DeathCause::HandlesDropped))
    );
}
