//! Fetching results: `get_timeout`, `actor_core::get` of many refs (in order, failing on
//! the first error), and `actor_core::wait` (`num_returns`, order kept, timeouts).

mod common;

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use actor_core::prelude::*;
use common::{Gated, Latch, PATIENCE};

/// A short wait for calls that are known not to finish before their gate opens.
const SHORT: Duration = Duration::from_millis(50);

/// Returns `count` calls that are already finished, tagged `first..first + count`.
fn finished_calls(actor: &common::GatedHandle, first: u32, count: u32) -> Vec<ObjectRef<u32>> {
    let refs: Vec<_> = (first..first + count).map(|tag| actor.echo(tag)).collect();
    let len = refs.len();
    let (ready, pending) = actor_core::wait(refs, len, None).unwrap();
    assert!(pending.is_empty());
    ready
}

/// Returns a call held until `gate` opens, on an actor of its own.
fn held_call(gate: &std::sync::Arc<Latch>, tag: u32) -> ObjectRef<u32> {
    Gated::remote().hold(Latch::new(), gate.clone(), tag)
}

fn tags(refs: Vec<ObjectRef<u32>>) -> Vec<u32> {
    actor_core::get(refs).unwrap()
}

#[test]
fn get_timeout_fails_with_timeout_and_the_call_goes_on() {
    let (actor, held, gate) = common::held_actor();
    let queued = actor.echo(1);
    let started = Instant::now();
    match queued.get_timeout(SHORT) {
        Err(Error::Timeout { after }) => assert_eq!(after, SHORT),
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert!(started.elapsed() >= SHORT);
    gate.open();
    assert_eq!(held.get_timeout(PATIENCE).unwrap(), u32::MAX);
    // The timed-out call still ran.
    assert_eq!(actor.served().get().unwrap(), 2);
}

#[test]
fn get_timeout_returns_a_ready_value() {
    let actor = Gated::remote();
    assert_eq!(actor.echo(9).get_timeout(PATIENCE).unwrap(), 9);
}

#[test]
fn get_returns_every_value_in_input_order() {
    let actors: Vec<_> = (0..5).map(|_| Gated::remote()).collect();
    let refs: Vec<ObjectRef<u32>> = (0..100)
        .map(|tag| actors[tag as usize % actors.len()].echo(tag))
        .collect();
    assert_eq!(actor_core::get(refs).unwrap(), (0..100).collect::<Vec<_>>());
    let none: Vec<ObjectRef<u32>> = Vec::new();
    assert_eq!(actor_core::get(none).unwrap(), Vec::<u32>::new());
}

#[test]
fn get_fails_on_an_error_without_waiting_for_the_rest() {
    let gate = Latch::new();
    let dead = Gated::remote();
    actor_core::kill(&dead);
    let refs = vec![held_call(&gate, 0), dead.echo(1), held_call(&gate, 2)];
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || sender.send(actor_core::get(refs)).unwrap());
    let result = receiver.recv_timeout(PATIENCE);
    gate.open();
    match result {
        Ok(Err(Error::ActorDied { actor, .. })) => assert_eq!(actor.id, dead.actor_id()),
        other => panic!("expected ActorDied at once, got {other:?}"),
    }
}

#[tokio::test]
async fn get_async_returns_values_in_order_and_fails_on_an_error() {
    let actor = Gated::remote();
    let refs: Vec<_> = (0..20).map(|tag| actor.echo(tag)).collect();
    assert_eq!(
        actor_core::get_async(refs).await.unwrap(),
        (0..20).collect::<Vec<_>>()
    );
    let dead = Gated::remote();
    actor_core::kill(&dead);
    let gate = Latch::new();
    let refs = vec![held_call(&gate, 0), dead.echo(1)];
    let result = tokio::time::timeout(PATIENCE, actor_core::get_async(refs)).await;
    gate.open();
    assert!(
        matches!(result, Ok(Err(Error::ActorDied { .. }))),
        "{result:?}"
    );
}

#[test]
fn wait_returns_the_ready_refs_in_input_order_and_the_rest_as_pending() {
    let gate = Latch::new();
    let actor = Gated::remote();
    let done = finished_calls(&actor, 0, 3);
    let mut done = done.into_iter();
    // Interleave finished and held calls: [0, held 100, 1, held 101, 2].
    let refs = vec![
        done.next().unwrap(),
        held_call(&gate, 100),
        done.next().unwrap(),
        held_call(&gate, 101),
        done.next().unwrap(),
    ];
    let (ready, pending) = actor_core::wait(refs, 5, Some(SHORT)).unwrap();
    assert_eq!(ready.len(), 3);
    assert_eq!(pending.len(), 2);
    assert!(ready.iter().all(ObjectRef::is_ready));
    assert!(!pending.iter().any(ObjectRef::is_ready));
    gate.open();
    assert_eq!(tags(ready), [0, 1, 2]);
    assert_eq!(tags(pending), [100, 101]);
}

#[test]
fn wait_returns_at_most_num_returns_ready_refs() {
    let actor = Gated::remote();
    let refs = finished_calls(&actor, 0, 5);
    let (ready, pending) = actor_core::wait(refs, 2, None).unwrap();
    assert_eq!(tags(ready), [0, 1]);
    // Pending keeps the rest in input order, ready or not.
    assert_eq!(tags(pending), [2, 3, 4]);
}

#[test]
fn wait_returns_as_soon_as_num_returns_are_ready() {
    let gate = Latch::new();
    let actor = Gated::remote();
    let refs = vec![
        held_call(&gate, 100),
        actor.echo(1),
        held_call(&gate, 101),
        actor.echo(2),
    ];
    // No timeout: only the two echoes can finish while the gate is shut.
    let (ready, pending) = actor_core::wait(refs, 2, None).unwrap();
    gate.open();
    assert_eq!(tags(ready), [1, 2]);
    assert_eq!(tags(pending), [100, 101]);
}

#[test]
fn wait_with_an_expired_timeout_returns_what_is_ready() {
    let gate = Latch::new();
    let refs = vec![held_call(&gate, 0), held_call(&gate, 1)];
    let started = Instant::now();
    let (ready, pending) = actor_core::wait(refs, 1, Some(SHORT)).unwrap();
    assert!(started.elapsed() >= SHORT);
    assert!(ready.is_empty());
    assert_eq!(pending.len(), 2);
    gate.open();
    // The same refs resolve once their calls finish.
    let (ready, pending) = actor_core::wait(pending, 2, Some(PATIENCE)).unwrap();
    assert!(pending.is_empty());
    assert_eq!(tags(ready), [0, 1]);
}

#[test]
fn wait_counts_a_failed_call_as_ready() {
    let dead = Gated::remote();
    actor_core::kill(&dead);
    let gate = Latch::new();
    let refs = vec![held_call(&gate, 0), dead.echo(1)];
    let (ready, pending) = actor_core::wait(refs, 1, Some(PATIENCE)).unwrap();
    gate.open();
    assert_eq!(ready.len(), 1);
    assert!(matches!(
        ready.into_iter().next().unwrap().get(),
        Err(Error::ActorDied { .. })
    ));
    assert_eq!(tags(pending), [0]);
}

#[test]
fn wait_caps_num_returns_at_the_number_of_refs() {
    let actor = Gated::remote();
    let refs = finished_calls(&actor, 0, 2);
    let (ready, pending) = actor_core::wait(refs, 10, Some(PATIENCE)).unwrap();
    assert!(pending.is_empty());
    assert_eq!(tags(ready), [0, 1]);
}

#[tokio::test]
async fn wait_async_keeps_order_and_honours_its_timeout() {
    let gate = Latch::new();
    let actor = Gated::remote();
    let (done, _) = actor_core::wait_async(vec![actor.echo(0), actor.echo(1)], 2, None)
        .await
        .unwrap();
    let mut done = done.into_iter();
    let refs = vec![
        done.next().unwrap(),
        held_call(&gate, 100),
        done.next().unwrap(),
    ];
    let started = Instant::now();
    let (ready, pending) = actor_core::wait_async(refs, 3, Some(SHORT)).await.unwrap();
    assert!(started.elapsed() >= SHORT);
    gate.open();
    assert_eq!(actor_core::get_async(ready).await.unwrap(), [0, 1]);
    assert_eq!(actor_core::get_async(pending).await.unwrap(), [100]);
}

#[test]
fn an_object_ref_reports_its_actor_and_readiness() {
    let (actor, held, gate) = common::held_actor();
    let queued = actor.echo(3);
    assert_eq!(queued.actor_id(), Some(actor.actor_id()));
    assert!(!queued.is_ready());
    gate.open();
    assert_eq!(held.get().unwrap(), u32::MAX);
    let (ready, _) = actor_core::wait(vec![queued], 1, Some(PATIENCE)).unwrap();
    let [queued] = <[_; 1]>::try_from(ready).expect("the queued call became ready");
    assert!(queued.is_ready());
    assert_eq!(queued.get().unwrap(), 3);
}

#[tokio::test]
async fn get_async_fails_at_once_when_a_later_ref_fails_while_an_earlier_one_waits() {
    let gate = Latch::new();
    let (doomed, doomed_call, doomed_gate) = common::held_actor();
    let mut waiting = Box::pin(actor_core::get_async(vec![
        held_call(&gate, 0),
        doomed_call,
    ]));
    let first = std::future::poll_fn(|cx| {
        std::task::Poll::Ready(std::future::Future::poll(waiting.as_mut(), cx))
    })
    .await;
    assert!(first.is_pending(), "both calls are held");
    // The second call fails while get_async waits on the first, which stays held.
    actor_core::kill(&doomed);
    let result = tokio::time::timeout(PATIENCE, waiting).await;
    gate.open();
    doomed_gate.open();
    match result {
        Ok(Err(Error::ActorDied { actor, .. })) => assert_eq!(actor.id, doomed.actor_id()),
        other => panic!("expected ActorDied at once, got {other:?}"),
    }
}
