//! ObjectRefs as arguments (Ray's dependency resolution): a task's or a method's argument of
//! type `T` given as an `ObjectRef<T>` is waited for before the call runs.

mod common;

use std::sync::Arc;

use actor_core::prelude::*;
use actor_core::{ObjectRef, cluster_resources};
use common::{Latch, PATIENCE};

#[task]
fn add(a: u64, b: u64) -> u64 {
    a + b
}

#[task]
async fn add_async(a: u64, b: u64) -> u64 {
    a + b
}

/// Returns `value` once `gate` opens; asks for no CPU, so that it never competes with the
/// tasks under test.
#[task]
fn released(gate: Arc<Latch>, value: u64) -> u64 {
    assert!(
        gate.wait_timeout(PATIENCE),
        "the test never opened the gate"
    );
    value
}

#[task]
fn explode(message: String) -> u64 {
    panic!("{message}")
}

/// Opens `gate`, then returns `value`.
#[task]
fn open_then(gate: Arc<Latch>, value: u64) -> u64 {
    gate.open();
    value
}

#[actor]
struct Log {
    entries: Vec<String>,
}

#[actor]
impl Log {
    fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// Appends `entry`; returns its position.
    fn push(&mut self, entry: String) -> usize {
        self.entries.push(entry);
        self.entries.len() - 1
    }

    fn entries(&self) -> Vec<String> {
        self.entries.clone()
    }

    fn len(&self) -> u64 {
        self.entries.len() as u64
    }
}

#[actor]
struct Adder {
    total: u64,
}

#[actor]
impl Adder {
    fn new() -> Self {
        Self { total: 0 }
    }

    fn add(&mut self, by: u64) -> u64 {
        self.total += by;
        self.total
    }

    async fn add_twice(&mut self, a: u64, b: u64) -> u64 {
        self.total += a + b;
        self.total
    }
}

#[task]
fn text(value: u64) -> String {
    value.to_string()
}

#[test]
fn a_task_takes_the_refs_of_other_tasks() {
    let sum = add::remote(add::remote(1, 2), add::remote(3, 4));
    assert_eq!(sum.get().unwrap(), 10);
    let mixed = add_async::remote(add::remote(1, 2), 10);
    assert_eq!(mixed.get().unwrap(), 13);
}

#[test]
fn a_chain_of_a_hundred_tasks_needs_no_get_in_between() {
    let mut last = add::remote(0, 0);
    for step in 1..=100 {
        last = add::remote(last, step);
    }
    assert_eq!(last.get().unwrap(), 5050);
}

#[test]
fn a_method_takes_refs_from_a_task_and_from_another_actor() {
    let adder = Adder::remote();
    let other = Adder::remote();
    let from_task = adder.add(add::remote(2, 3));
    assert_eq!(from_task.get().unwrap(), 5);
    let from_actor = adder.add_twice(other.add(10), add::remote(1, 1));
    assert_eq!(from_actor.get().unwrap(), 17);
    // A reference to a call on the same actor: it runs first, then the call that needs it.
    let own = adder.add(adder.add(1));
    assert_eq!(own.get().unwrap(), 36);
    let told = adder.tell().add(add::remote(0, 4));
    told.unwrap();
    assert_eq!(adder.add(0).get().unwrap(), 40);
}

#[test]
fn a_failed_dependency_fails_the_call_and_names_its_error() {
    let error = add::remote(explode::remote(String::from("fuse blew")), 1)
        .get()
        .unwrap_err();
    let Error::DependencyFailed { source } = &error else {
        panic!("expected DependencyFailed, got {error:?}");
    };
    assert!(
        matches!(&**source, Error::TaskPanicked { task, message } if task == "explode" && message.contains("fuse blew")),
        "{source:?}"
    );
    assert!(error.to_string().contains("fuse blew"), "{error}");

    // Down a chain, the first failure is named once.
    let chained = add::remote(add::remote(explode::remote(String::from("deep")), 1), 2)
        .get()
        .unwrap_err();
    assert_eq!(chained, error_with("deep"));

    let adder = Adder::remote();
    let failed = adder
        .add(explode::remote(String::from("for an actor")))
        .get();
    assert_eq!(failed.unwrap_err(), error_with("for an actor"));
    // The actor itself is unharmed.
    assert_eq!(adder.add(1).get().unwrap(), 1);
}

fn error_with(message: &str) -> Error {
    Error::DependencyFailed {
        source: Box::new(Error::TaskPanicked {
            task: String::from("explode"),
            message: message.to_owned(),
        }),
    }
}

/// A task that waits for its argument holds no CPU meanwhile: a task that needs every CPU
/// of the node runs while it waits, and is what lets its argument finish.
#[test]
fn a_task_waiting_for_an_argument_does_not_hold_its_cpu() {
    let all_cpus = cluster_resources()["CPU"];
    let gate = Latch::new();
    let upstream = released::options().num_cpus(0.0).remote(gate.clone(), 5);
    let waiting = add::options().num_cpus(all_cpus).remote(upstream, 1);
    let opener = open_then::options()
        .num_cpus(all_cpus)
        .remote(gate.clone(), 7);
    assert_eq!(opener.get_timeout(PATIENCE), Ok(7));
    assert_eq!(waiting.get_timeout(PATIENCE), Ok(6));
}

/// A call made with a pending argument is followed by plain calls from the same handle:
/// they reach the actor after it, in order, while other handles' calls go on.
#[test]
fn one_handles_calls_keep_their_order_behind_a_pending_argument() {
    let log = Log::remote();
    let gate = Latch::new();
    let first = log.push(text::remote(
        released::options().num_cpus(0.0).remote(gate.clone(), 1),
    ));
    let second = log.push(String::from("2"));
    log.tell().push(String::from("3")).unwrap();
    // Another handle is another caller: its calls do not wait behind this one's.
    let other = log.clone();
    assert_eq!(other.entries().get().unwrap(), Vec::<String>::new());
    assert!(!second.is_ready());
    gate.open();
    assert_eq!(second.get().unwrap(), 1);
    assert_eq!(first.get().unwrap(), 0);
    assert_eq!(log.entries().get().unwrap(), ["1", "2", "3"]);
    // Once the chain is empty, plain calls are sent at once again.
    assert_eq!(log.len().get().unwrap(), 3);
}

#[test]
fn a_call_cancelled_while_it_waits_never_runs() {
    let log = Log::remote();
    let gate = Latch::new();
    let pending = log.push(text::remote(
        released::options().num_cpus(0.0).remote(gate.clone(), 1),
    ));
    assert!(cancel(&pending));
    let task_gate = Latch::new();
    let task = add::remote(
        released::options()
            .num_cpus(0.0)
            .remote(task_gate.clone(), 1),
        1,
    );
    assert!(cancel(&task));
    gate.open();
    task_gate.open();
    assert_eq!(pending.get(), Err(Error::Cancelled));
    assert_eq!(task.get(), Err(Error::Cancelled));
    assert_eq!(log.entries().get().unwrap(), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn refs_as_arguments_from_async_code() {
    let adder = Adder::remote();
    let refs: Vec<ObjectRef<u64>> = (0..10).map(|n| add_async::remote(n, n)).collect();
    let mut last = adder.add(0);
    for object_ref in refs {
        last = adder.add(object_ref);
    }
    assert_eq!(last.await.unwrap(), 90);
}
