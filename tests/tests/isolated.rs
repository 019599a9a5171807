//! Isolated actors (`options().isolated(true)`, `#[actor(isolated)]`): each runs in a worker
//! process of its own, with the same handle and the same semantics as an actor of this
//! process.

mod common;

use std::time::Duration;

use actor_core::prelude::*;
use actor_core::{ActorState, DeathCause, state};

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

    pub async fn add_later(&mut self, by: i64) -> i64 {
        tokio::task::yield_now().await;
        self.value += by;
        self.value
    }

    pub fn size(&self, bytes: Vec<u8>) -> usize {
        bytes.len()
    }

    pub fn zeros(&self, len: usize) -> Vec<u8> {
        vec![0; len]
    }

    pub fn checked(&self, limit: i64) -> Result<i64, String> {
        if self.value > limit {
            Err(format!("{} is over {limit}", self.value))
        } else {
            Ok(self.value)
        }
    }
}

/// Every instance of this class runs in a worker process.
#[actor(isolated)]
#[derive(Default)]
pub struct Always {}

#[actor]
impl Always {
    pub fn new() -> Self {
        Self {}
    }

    pub fn pid(&self) -> u32 {
        std::process::id()
    }
}

/// Calls the actor it was given, from its worker process.
#[actor]
pub struct Relay {
    to: CounterHandle,
}

#[actor]
impl Relay {
    pub fn new(to: CounterHandle) -> Self {
        Self { to }
    }

    pub fn add_there(&self, by: i64) -> Result<i64, String> {
        self.to.add(by).get().map_err(|error| error.to_string())
    }

    pub fn tell_there(&self, by: i64) -> Result<(), String> {
        self.to.tell().add(by).map_err(|error| error.to_string())
    }

    pub fn add_with(&self, other: CounterHandle, by: i64) -> Result<i64, String> {
        other.add(by).get().map_err(|error| error.to_string())
    }
}

/// Not serde: it cannot leave this process.
#[actor]
#[derive(Default)]
pub struct Local {}

#[actor(local)]
impl Local {
    pub fn new() -> Self {
        Self {}
    }

    pub fn hold(&self, _value: std::sync::Arc<std::sync::Mutex<u8>>) {}
}

#[test]
fn an_isolated_actor_runs_in_another_process_and_keeps_its_state() {
    let counter = Counter::options()
        .isolated(true)
        .remote(10)
        .expect("starts");
    let worker = counter.pid().get().expect("answers");
    assert_ne!(worker, std::process::id());
    // Calls from one caller run in their order, one at a time.
    let refs: Vec<ObjectRef<i64>> = (1..=100).map(|_| counter.add(1)).collect();
    let values = actor_core::get(refs).expect("every call answers");
    assert_eq!(values, (11..=110).collect::<Vec<i64>>());
    assert_eq!(counter.add_later(5).get(), Ok(115));
    assert_eq!(
        counter.checked(100).get(),
        Ok(Err("115 is over 100".to_owned()))
    );
}

#[test]
fn told_calls_run_in_order_before_a_later_call() {
    let counter = Counter::options().isolated(true).remote(0).expect("starts");
    for _ in 0..1_000 {
        counter.tell().add(1).expect("sent");
    }
    assert_eq!(counter.value().get(), Ok(1_000));
}

/// Tasks with many calls in flight each, awaited in order: every task is woken for every
/// result, whichever read of the driver brought it.
#[test]
fn calls_in_flight_from_many_tasks_all_resolve_in_order() {
    let counter = Counter::options().isolated(true).remote(0).expect("starts");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let counter = counter.clone();
            runtime.spawn(async move {
                let calls: Vec<_> = (0..500).map(|_| counter.add(1)).collect();
                let mut values = Vec::new();
                for call in calls {
                    values.push(call.await.expect("answered"));
                }
                values
            })
        })
        .collect();
    for task in tasks {
        // A deadline only to fail rather than hang should a caller never be woken.
        let values = runtime
            .block_on(async { tokio::time::timeout(Duration::from_secs(120), task).await })
            .expect("every caller was woken for every result")
            .expect("the task ran");
        assert_eq!(values.len(), 500);
        assert!(
            values.windows(2).all(|pair| pair[0] < pair[1]),
            "a task's calls ran in the order it made them"
        );
    }
    assert_eq!(counter.value().get(), Ok(2_000));
}

#[test]
fn the_struct_attribute_isolates_every_instance() {
    let always = Always::remote();
    assert_ne!(always.pid().get().expect("answers"), std::process::id());
}

#[test]
fn a_local_class_cannot_be_isolated() {
    let error = Local::options()
        .isolated(true)
        .remote()
        .expect_err("a local class stays in this process");
    let Error::InvalidOptions { reason } = &error else {
        panic!("expected InvalidOptions, got {error:?}");
    };
    assert!(reason.contains("`Local` cannot be isolated"), "{reason}");
}

#[test]
fn the_state_api_lists_an_isolated_actor_with_its_worker_pid() {
    let counter = Counter::options()
        .isolated(true)
        .name("listed-isolated")
        .remote(0)
        .expect("starts");
    let worker = counter.pid().get().expect("answers");
    counter.add(2).get().expect("answers");
    let info = state::list_actors()
        .into_iter()
        .find(|info| info.name.as_deref() == Some("listed-isolated"))
        .expect("listed");
    assert_eq!(info.pid, worker);
    assert_eq!(info.state, ActorState::Alive);
    let add = info
        .methods
        .iter()
        .find(|method| method.method == "add")
        .expect("add is counted");
    assert_eq!(add.calls, 1);
    // Its name is taken, and found, in the driver.
    let found = Counter::get_actor("listed-isolated").expect("found by name");
    assert_eq!(found.pid().get(), Ok(worker));
}

#[test]
fn an_isolated_actor_calls_an_actor_of_the_driver_through_a_handle_it_was_given() {
    let local = Counter::remote(100);
    let relay = Relay::options()
        .isolated(true)
        .remote(local.clone())
        .expect("starts");
    assert_eq!(relay.add_there(5).get(), Ok(Ok(105)));
    assert_eq!(relay.tell_there(1).get(), Ok(Ok(())));
    // The told call was sent before the next call from the same stand-in: it ran first.
    assert_eq!(relay.add_there(0).get(), Ok(Ok(106)));
    assert_eq!(local.value().get(), Ok(106));
}

#[test]
fn an_isolated_actor_calls_another_isolated_actor() {
    let target = Counter::options()
        .isolated(true)
        .remote(1_000)
        .expect("starts");
    let relay = Relay::options()
        .isolated(true)
        .remote(target.clone())
        .expect("starts");
    assert_eq!(relay.add_there(7).get(), Ok(Ok(1_007)));
    // A handle passed as a call's argument works too.
    let other = Counter::options()
        .isolated(true)
        .remote(50)
        .expect("starts");
    assert_eq!(relay.add_with(other.clone(), 1).get(), Ok(Ok(51)));
    assert_eq!(target.value().get(), Ok(1_007));
    assert_eq!(other.value().get(), Ok(51));
}

#[test]
fn an_isolated_actor_takes_object_refs_as_arguments() {
    let counter = Counter::options().isolated(true).remote(0).expect("starts");
    let by = actor_core::put(41_i64);
    assert_eq!(counter.add(by).get(), Ok(41));
}

#[test]
fn a_timeout_fails_a_call_of_a_stopped_worker_and_kill_still_works() {
    let counter = Counter::options()
        .isolated(true)
        .timeout(Duration::from_millis(300))
        .remote(0)
        .expect("starts");
    let worker = counter.pid().get().expect("answers");
    common::signal(worker, "STOP");
    common::wait_until_stopped(worker);
    let error = counter.add(1).get().expect_err("the worker is stopped");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    actor_core::kill(&counter);
    assert_eq!(actor_core::watch(&counter).get(), Ok(DeathCause::Killed));
    common::wait_until_gone(worker);
}

/// More than the largest frame (64 MiB).
const OVER_THE_LIMIT: usize = 65 * 1024 * 1024;

fn assert_over_the_limit<T: std::fmt::Debug>(result: Result<T, Error>, what: &str) {
    match result {
        Err(Error::Wire { message }) => assert!(
            message.contains(what) && message.contains("over the limit"),
            "{message}"
        ),
        other => panic!("expected Error::Wire, got {other:?}"),
    }
}

#[test]
fn a_value_over_the_frame_limit_fails_its_own_call_and_the_actor_lives_on() {
    let counter = Counter::options().isolated(true).remote(1).expect("starts");
    let pid = counter.pid().get().expect("answers");
    assert_over_the_limit(
        counter.size(vec![7; OVER_THE_LIMIT]).get(),
        "cannot send the call to its worker process",
    );
    assert_over_the_limit(
        counter.zeros(OVER_THE_LIMIT).get(),
        "cannot send the call's value",
    );
    assert_eq!(counter.size(vec![1, 2, 3]).get(), Ok(3));
    assert_eq!(counter.zeros(2).get(), Ok(vec![0, 0]));
    assert_eq!(counter.value().get(), Ok(1));
    assert_eq!(counter.pid().get(), Ok(pid), "the same worker process");
}
