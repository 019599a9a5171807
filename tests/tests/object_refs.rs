//! Ray's object-reference idioms: a cloned `ObjectRef` resolves everywhere to the result of
//! one run of the call, and `actor_core::put` makes a reference to a value at hand.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::task::{Context, Wake, Waker};

use actor_core::prelude::*;
use common::{Latch, PATIENCE, held_actor};

mod common;

#[actor]
struct Tally {
    runs: u32,
}

#[actor]
impl Tally {
    fn new() -> Self {
        Self { runs: 0 }
    }

    /// Counts a run and returns a value that is costly to copy.
    pub fn run(&mut self) -> Vec<u32> {
        self.runs += 1;
        vec![self.runs; 3]
    }

    pub fn runs(&self) -> u32 {
        self.runs
    }

    pub fn explode(&self) -> u32 {
        panic!("boom")
    }
}

#[task]
fn square(value: u64) -> u64 {
    value * value
}

#[test]
fn every_clone_resolves_to_the_result_of_one_run() {
    let tally = Tally::remote();
    let first = tally.run();
    let second = first.clone();
    let third = second.clone();
    assert_eq!(first, second, "clones refer to the same call");
    assert_eq!(third.get().unwrap(), [1, 1, 1]);
    assert_eq!(first.get().unwrap(), [1, 1, 1]);
    assert_eq!(second.get().unwrap(), [1, 1, 1]);
    assert_eq!(tally.runs().get().unwrap(), 1, "the call ran once");
}

#[test]
fn getting_one_clone_leaves_the_others_and_their_clones_their_value() {
    let tally = Tally::remote();
    let original = tally.run();
    let clone = original.clone();
    assert_eq!(clone.get().unwrap(), [1, 1, 1]);
    // A clone made after another one was fetched still gets the value.
    let late = original.clone();
    assert_eq!(late.get().unwrap(), [1, 1, 1]);
    assert_eq!(original.get().unwrap(), [1, 1, 1]);
    // A clone dropped unfetched takes nothing from the others.
    let kept = tally.run();
    drop(kept.clone());
    assert_eq!(kept.get().unwrap(), [2, 2, 2]);
}

#[test]
fn a_task_result_clones_too() {
    let squared = square::remote(12);
    let clone = squared.clone();
    assert_eq!(actor_core::get([squared, clone]).unwrap(), [144, 144]);
}

#[test]
fn every_clone_gets_the_error_of_a_failed_call() {
    let tally = Tally::remote();
    let exploded = tally.explode();
    let clone = exploded.clone();
    for result in [clone.get(), exploded.get()] {
        match result {
            Err(Error::MethodPanicked { message, .. }) => assert_eq!(message, "boom"),
            other => panic!("expected MethodPanicked, got {other:?}"),
        }
    }
}

#[test]
fn cancelling_one_clone_cancels_the_call_for_all() {
    let (_actor, held, gate) = held_actor();
    let clone = held.clone();
    assert!(actor_core::cancel(&clone));
    assert!(matches!(held.get(), Err(Error::Cancelled)));
    assert!(matches!(clone.get(), Err(Error::Cancelled)));
    gate.open();
}

/// A waker that opens a latch.
struct OpenOnWake(Arc<Latch>);

impl Wake for OpenOnWake {
    fn wake(self: Arc<Self>) {
        self.0.open();
    }
}

#[test]
fn every_waiting_clone_is_woken() {
    let (_actor, held, gate) = held_actor();
    let mut clones = [held.clone(), held.clone(), held];
    let woken: Vec<Arc<Latch>> = clones.iter().map(|_| Latch::new()).collect();
    for (clone, woken) in clones.iter_mut().zip(&woken) {
        let waker = Waker::from(Arc::new(OpenOnWake(woken.clone())));
        let poll = std::pin::Pin::new(clone).poll(&mut Context::from_waker(&waker));
        assert!(poll.is_pending(), "the call is held");
    }
    gate.open();
    for woken in &woken {
        woken.expect_open("the wake of a waiting clone");
    }
    for clone in clones {
        assert_eq!(clone.get().unwrap(), u32::MAX);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clone_awaited_from_two_tasks_resolves_in_both() {
    let (actor, held, gate) = held_actor();
    let waiting = Arc::new(AtomicU32::new(0));
    let all_waiting = Latch::new();
    let waiters: Vec<_> = [held.clone(), held]
        .into_iter()
        .map(|object_ref| {
            let (waiting, all_waiting) = (waiting.clone(), all_waiting.clone());
            tokio::spawn(async move {
                if waiting.fetch_add(1, Ordering::SeqCst) == 1 {
                    all_waiting.open();
                }
                object_ref.await
            })
        })
        .collect();
    all_waiting.wait_async().await;
    gate.open();
    for waiter in waiters {
        let value = tokio::time::timeout(PATIENCE, waiter).await;
        assert_eq!(value.unwrap().unwrap().unwrap(), u32::MAX);
    }
    assert_eq!(actor.served().await.unwrap(), 1, "the call ran once");
}

/// Panics once its gate opens.
#[actor]
struct Bomb;

#[actor(local)]
impl Bomb {
    fn new() -> Self {
        Self
    }

    pub fn explode_when(&self, gate: Arc<Latch>) -> u32 {
        gate.wait();
        panic!("boom")
    }
}

#[test]
fn two_waits_on_clones_fail_fast_on_the_same_failure() {
    let (_actor, held, gate) = held_actor();
    let fuse = Latch::new();
    let exploded = Bomb::remote().explode_when(fuse.clone());
    // Each wait awaits the held call first, so only the failure of the other can end it.
    let mut waits = [
        Box::pin(actor_core::get_async([held.clone(), exploded.clone()])),
        Box::pin(actor_core::get_async([held, exploded])),
    ];
    let woken: Vec<Arc<Latch>> = waits.iter().map(|_| Latch::new()).collect();
    let wakers: Vec<Waker> = woken
        .iter()
        .map(|latch| Waker::from(Arc::new(OpenOnWake(latch.clone()))))
        .collect();
    for (wait, waker) in waits.iter_mut().zip(&wakers) {
        assert!(
            wait.as_mut()
                .poll(&mut Context::from_waker(waker))
                .is_pending()
        );
    }
    fuse.open();
    for (wait, (waker, woken)) in waits.iter_mut().zip(wakers.iter().zip(&woken)) {
        woken.expect_open("the wake of a wait on a failed clone");
        match wait.as_mut().poll(&mut Context::from_waker(waker)) {
            std::task::Poll::Ready(Err(Error::MethodPanicked { message, .. })) => {
                assert_eq!(message, "boom");
            }
            other => panic!("expected the panic, got {other:?}"),
        }
    }
    gate.open();
}

#[test]
fn put_makes_a_reference_that_is_ready_at_once() {
    let put = actor_core::put(vec![1_u32, 2, 3]);
    assert!(put.is_ready());
    assert_eq!(put.actor_id(), None);
    let clone = put.clone();
    assert_eq!(put.get().unwrap(), [1, 2, 3]);
    assert_eq!(clone.get().unwrap(), [1, 2, 3]);
    // Where refs of calls go, a put one goes too, in any mix.
    let tally = Tally::remote();
    let mixed = actor_core::get([actor_core::put(vec![0]), tally.run()]).unwrap();
    assert_eq!(mixed, [vec![0], vec![1, 1, 1]]);
}

#[tokio::test]
async fn a_put_reference_is_awaited_like_any_other() {
    let (ready, pending) = actor_core::wait_async(vec![actor_core::put('x')], 1, None)
        .await
        .unwrap();
    assert!(pending.is_empty());
    assert_eq!(actor_core::get_async(ready).await.unwrap(), ['x']);
    assert_eq!(actor_core::put(7_u8).await.unwrap(), 7);
}
