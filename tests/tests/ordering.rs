//! Order and atomicity: calls from one caller run in submission order, an actor runs one
//! method at a time (an async method holds it until it returns), state persists between
//! calls, and a call is queued when it is made, whether or not its `ObjectRef` is used.

mod common;

use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use actor_core::prelude::*;
use common::PATIENCE;

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

    pub fn push(&mut self, entry: String) {
        self.entries.push(entry);
    }

    /// Logs `start <tag>`, sleeps without blocking the thread, then logs `end <tag>`.
    pub async fn push_slowly(&mut self, tag: String, millis: u64) {
        self.entries.push(format!("start {tag}"));
        tokio::time::sleep(Duration::from_millis(millis)).await;
        self.entries.push(format!("end {tag}"));
    }

    pub fn entries(&self) -> Vec<String> {
        self.entries.clone()
    }

    pub async fn entries_async(&self) -> Vec<String> {
        self.entries.clone()
    }
}

#[actor]
struct Counter {
    value: u64,
}

#[actor]
impl Counter {
    fn new(start: u64) -> Self {
        Self { value: start }
    }

    pub fn incr(&mut self, by: u64) -> u64 {
        self.value += by;
        self.value
    }

    pub async fn incr_async(&mut self, by: u64) -> u64 {
        let before = self.value;
        // Gives other calls every chance to run in between, if the runtime let them.
        tokio::task::yield_now().await;
        self.value = before + by;
        self.value
    }

    pub fn value(&self) -> u64 {
        self.value
    }
}

#[actor]
struct Indices {
    seen: Vec<u32>,
}

#[actor]
impl Indices {
    fn new() -> Self {
        Self { seen: Vec::new() }
    }

    pub fn append(&mut self, index: u32) {
        self.seen.push(index);
    }

    pub fn seen(&self) -> Vec<u32> {
        self.seen.clone()
    }
}

#[test]
fn a_thousand_calls_from_one_caller_run_in_order() {
    let indices = Indices::remote();
    for index in 0..1_000 {
        // Fire and forget: the dropped ObjectRef does not cancel the call.
        drop(indices.append(index));
    }
    assert_eq!(
        indices.seen().get().unwrap(),
        (0..1_000).collect::<Vec<_>>()
    );
}

#[test]
fn each_caller_keeps_its_own_order_among_many_callers() {
    let log = Log::remote();
    let barrier = Arc::new(Barrier::new(4));
    let callers: Vec<_> = (0..4)
        .map(|caller| {
            let log = log.clone();
            let barrier = barrier.clone();
            thread::spawn(move || {
                barrier.wait();
                for index in 0..250 {
                    drop(log.push(format!("{caller} {index}")));
                }
            })
        })
        .collect();
    for caller in callers {
        caller.join().unwrap();
    }
    let entries = log.entries().get().unwrap();
    assert_eq!(entries.len(), 1_000);
    for caller in 0..4 {
        let mine: Vec<String> = entries
            .iter()
            .filter(|entry| entry.starts_with(&format!("{caller} ")))
            .cloned()
            .collect();
        let expected: Vec<String> = (0..250).map(|index| format!("{caller} {index}")).collect();
        assert_eq!(mine, expected, "caller {caller} saw its calls reordered");
    }
}

#[test]
fn eight_threads_of_ten_thousand_calls_give_the_exact_total() {
    let counter = Counter::remote(0);
    let barrier = Arc::new(Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let counter = counter.clone();
            let barrier = barrier.clone();
            thread::spawn(move || {
                barrier.wait();
                let mut last = None;
                for _ in 0..10_000 {
                    last = Some(counter.incr(1));
                }
                // Every value a caller sees is a running total, never more than all calls.
                let last = last.unwrap().get().unwrap();
                assert!((10_000..=80_000).contains(&last), "running total {last}");
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    assert_eq!(counter.value().get().unwrap(), 80_000);
}

#[test]
fn async_methods_do_not_interleave_with_other_calls() {
    let counter = Counter::remote(0);
    // Each async increment reads, yields, then writes: interleaving would lose updates.
    let refs: Vec<_> = (0..200).map(|_| counter.incr_async(1)).collect();
    let sync_refs: Vec<_> = (0..200).map(|_| counter.incr(1)).collect();
    let values = actor_core::get(refs).unwrap();
    assert_eq!(values, (1..=200).collect::<Vec<_>>());
    assert_eq!(
        actor_core::get(sync_refs).unwrap(),
        (201..=400).collect::<Vec<_>>()
    );
    assert_eq!(counter.value().get().unwrap(), 400);
}

#[test]
fn an_async_method_holds_the_actor_until_it_returns() {
    let log = Log::remote();
    let slow_a = log.push_slowly(String::from("a"), 30);
    let quick_1 = log.push(String::from("1"));
    let slow_b = log.push_slowly(String::from("b"), 30);
    let quick_2 = log.push(String::from("2"));
    actor_core::get(vec![slow_a, quick_1, slow_b, quick_2]).unwrap();
    assert_eq!(
        log.entries().get().unwrap(),
        ["start a", "end a", "1", "start b", "end b", "2"]
    );
}

#[test]
fn a_call_from_another_caller_waits_while_an_async_method_holds_the_actor() {
    let (gated, held, gate) = common::held_actor();
    // The held call awaits a gate, leaving its thread free; the actor still takes no other call.
    let other = thread::spawn({
        let gated = gated.clone();
        move || gated.echo(7)
    })
    .join()
    .unwrap();
    let (ready, pending) =
        actor_core::wait(vec![other], 1, Some(Duration::from_millis(100))).unwrap();
    assert!(
        ready.is_empty(),
        "a call ran while an async method held the actor"
    );
    gate.open();
    assert_eq!(held.get_timeout(PATIENCE).unwrap(), u32::MAX);
    let other = pending.into_iter().next().unwrap();
    assert_eq!(other.get_timeout(PATIENCE).unwrap(), 7);
    assert_eq!(gated.served().get().unwrap(), 2);
}

#[test]
fn a_call_is_queued_when_made_not_when_awaited() {
    let counter = Counter::remote(0);
    let first = counter.incr(5);
    let second = counter.incr(10);
    // Neither ObjectRef was looked at, yet both calls ran before this one.
    assert_eq!(counter.value().get().unwrap(), 15);
    // Values are fetched in any order; each is the result of its own call.
    assert_eq!(second.get().unwrap(), 15);
    assert_eq!(first.get().unwrap(), 5);
}

#[tokio::test]
async fn a_call_is_queued_when_made_in_async_code_too() {
    let log = Log::remote();
    let never_awaited = log.push(String::from("queued"));
    assert_eq!(log.entries_async().await.unwrap(), ["queued"]);
    drop(never_awaited);
}

#[test]
fn a_dropped_object_ref_does_not_cancel_its_call() {
    let (gated, held, gate) = common::held_actor();
    for tag in 0..10 {
        drop(gated.echo(tag));
    }
    drop(held);
    gate.open();
    // The held call and the ten dropped echoes all ran.
    assert_eq!(gated.served().get_timeout(PATIENCE).unwrap(), 11);
}

#[test]
fn state_persists_between_calls() {
    let counter = Counter::remote(100);
    for expected in 101..=110 {
        assert_eq!(counter.incr(1).get().unwrap(), expected);
    }
    assert_eq!(counter.value().get().unwrap(), 110);
}
