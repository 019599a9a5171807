//! `handle.tell().method(args)`: fire-and-forget calls that keep no result. They run in
//! order with the calls that do, count in telemetry, and fail at once only when the actor
//! cannot take them.

mod common;

use actor_core::prelude::*;
use actor_core::{ActorState, DeathCause};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::{Latch, PATIENCE};

#[actor(max_restarts = 1)]
struct Tally {
    items: Vec<u32>,
}

#[actor]
impl Tally {
    fn new() -> Self {
        Self { items: Vec::new() }
    }

    /// Appends `item`; returns how many there are now.
    pub fn push(&mut self, item: u32) -> usize {
        self.items.push(item);
        self.items.len()
    }

    /// Appends `item` after an await.
    pub async fn push_async(&mut self, item: u32) {
        tokio::task::yield_now().await;
        self.items.push(item);
    }

    /// Panics: the actor restarts with an empty list.
    pub fn explode(&mut self) {
        panic!("told to explode");
    }

    pub fn items(&self) -> Vec<u32> {
        self.items.clone()
    }
}

#[test]
fn told_calls_run_in_order_with_the_calls_that_keep_a_result() {
    let tally = Tally::remote();
    let tell = tally.tell();
    for item in 0..1_000 {
        if item % 3 == 0 {
            drop(tally.push(item));
        } else if item % 3 == 1 {
            tell.push(item).unwrap();
        } else {
            tell.push_async(item).unwrap();
        }
    }
    assert_eq!(
        tally.items().get_timeout(PATIENCE).unwrap(),
        (0..1_000).collect::<Vec<u32>>()
    );
}

#[test]
fn told_calls_count_in_telemetry() {
    let tally = Tally::remote();
    for item in 0..10 {
        tally.tell().push(item).unwrap();
    }
    tally.items().get_timeout(PATIENCE).unwrap();
    let info = actor_core::state::get_actor_info(tally.actor_id()).unwrap();
    let push = info.methods.iter().find(|m| m.method == "push").unwrap();
    assert_eq!(push.calls, 10);
    assert_eq!(push.errors, 0);
}

#[test]
fn a_told_call_that_panics_restarts_the_actor_and_counts_as_an_error() {
    let tally = Tally::remote();
    tally.tell().push(1).unwrap();
    tally.tell().explode().unwrap();
    tally.tell().push(2).unwrap();
    // The restarted instance starts empty and still serves the calls queued behind.
    assert_eq!(tally.items().get_timeout(PATIENCE).unwrap(), vec![2]);
    let info = actor_core::state::get_actor_info(tally.actor_id()).unwrap();
    assert_eq!(info.num_restarts, 1);
    let explode = info.methods.iter().find(|m| m.method == "explode").unwrap();
    assert_eq!((explode.calls, explode.errors), (1, 1));
}

#[test]
fn telling_a_dead_actor_fails_at_once_and_says_why() {
    let tally = Tally::remote();
    actor_core::kill(&tally);
    match tally.tell().push(1) {
        Err(Error::ActorDied { cause, .. }) => assert_eq!(cause, DeathCause::Killed),
        other => panic!("expected ActorDied, got {other:?}"),
    }
    assert!(matches!(tally.state(), ActorState::Dead { .. }));
}

#[test]
fn told_calls_count_against_max_pending_calls() {
    let gated = common::Gated::options()
        .max_pending_calls(2)
        .remote()
        .unwrap();
    let started = Latch::new();
    let gate = Latch::new();
    let held = gated.hold(started.clone(), gate.clone(), 0);
    started.expect_open("the held call to start");
    gated.tell().echo(1).unwrap();
    match gated.tell().echo(2) {
        Err(Error::PendingCallsLimitExceeded { limit, .. }) => assert_eq!(limit, 2),
        other => panic!("expected PendingCallsLimitExceeded, got {other:?}"),
    }
    gate.open();
    assert_eq!(held.get_timeout(PATIENCE).unwrap(), 0);
    // The told call ran; the refused one did not.
    assert_eq!(gated.served().get_timeout(PATIENCE).unwrap(), 2);
}

#[test]
fn a_kill_with_told_calls_queued_still_fails_every_call_that_keeps_a_result() {
    let (gated, held, gate) = common::held_actor();
    gated.tell().echo(1).unwrap();
    let asked = gated.echo(2);
    actor_core::kill(&gated);
    gate.open();
    assert!(matches!(
        held.get_timeout(PATIENCE),
        Err(Error::ActorDied { .. })
    ));
    assert!(matches!(
        asked.get_timeout(PATIENCE),
        Err(Error::ActorDied { .. })
    ));
}

/// Counts the calls it served in `served`, and opens `dropped` when its loop lets it go.
#[actor]
struct Witness {
    served: Arc<AtomicUsize>,
    dropped: Arc<Latch>,
}

impl Drop for Witness {
    fn drop(&mut self) {
        self.dropped.open();
    }
}

#[actor(local)]
impl Witness {
    fn new(served: Arc<AtomicUsize>, dropped: Arc<Latch>) -> Self {
        Self { served, dropped }
    }

    /// Blocks its thread until `gate` opens.
    pub fn block(&mut self, started: Arc<Latch>, gate: Arc<Latch>) {
        self.served.fetch_add(1, Ordering::SeqCst);
        started.open();
        gate.wait();
    }

    pub fn count(&mut self) {
        self.served.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn a_kill_drops_the_told_calls_the_loop_took_ahead_unrun() {
    let served = Arc::new(AtomicUsize::new(0));
    let dropped = Latch::new();
    let witness = Witness::remote(served.clone(), dropped.clone());
    let tell = witness.tell();
    let (first_started, first_gate) = (Latch::new(), Latch::new());
    tell.block(first_started.clone(), first_gate.clone())
        .unwrap();
    first_started.expect_open("the first blocking call to start");
    // Queued while the loop is busy, all told: the loop takes them at once when it is free.
    let (second_started, second_gate) = (Latch::new(), Latch::new());
    tell.block(second_started.clone(), second_gate.clone())
        .unwrap();
    for _ in 0..100 {
        tell.count().unwrap();
    }
    first_gate.open();
    second_started.expect_open("the second blocking call to start");
    actor_core::kill(&witness);
    second_gate.open();
    dropped.expect_open("the killed actor to be dropped");
    assert_eq!(
        served.load(Ordering::SeqCst),
        2,
        "told calls ran after the kill"
    );
}

/// A task that tells without yielding does not hold the actor's loop in its worker: the loop
/// moves to the other worker, and the calls run while the task still runs (without the
/// sender's nudge, none ran until the task gave up after `PATIENCE`).
#[test]
fn a_burst_of_tells_runs_while_the_task_that_sends_it_still_runs() {
    let tokio = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .unwrap();
    let sender = tokio.spawn(async move {
        let served = Arc::new(AtomicUsize::new(0));
        let witness = Witness::remote(served.clone(), Latch::new());
        witness.count().await.unwrap();
        // Time for the loop to park: the first told call then wakes it, into this
        // worker's LIFO slot.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let tell = witness.tell();
        for _ in 0..1_000 {
            tell.count().unwrap();
        }
        // This task never yields: only the other worker can run the told calls.
        let deadline = std::time::Instant::now() + PATIENCE;
        while served.load(Ordering::SeqCst) == 1 && std::time::Instant::now() < deadline {
            std::hint::spin_loop();
        }
        served.load(Ordering::SeqCst)
    });
    let served_while_sending = tokio.block_on(sender).unwrap();
    assert!(
        served_while_sending > 1,
        "no told call ran while the task that sent them ran"
    );
}

/// A list whose `push` panics once on `fails_once`; restarts with an empty list.
#[actor(max_restarts = 1)]
struct Journal {
    items: Vec<u32>,
    fails_once: Arc<AtomicUsize>,
}

#[actor(local)]
impl Journal {
    fn new(fails_once: Arc<AtomicUsize>) -> Self {
        Self {
            items: Vec::new(),
            fails_once,
        }
    }

    /// Blocks its thread until `gate` opens.
    pub fn block(&mut self, started: Arc<Latch>, gate: Arc<Latch>) {
        started.open();
        gate.wait();
    }

    /// Appends `item`, unless `item` is the one to fail on for the first time: then panics.
    pub fn push(&mut self, item: u32) {
        let failing = self.fails_once.load(Ordering::SeqCst);
        if usize::try_from(item) == Ok(failing) {
            self.fails_once.store(usize::MAX, Ordering::SeqCst);
            panic!("failing once on {item}");
        }
        self.items.push(item);
    }

    pub fn items(&self) -> Vec<u32> {
        self.items.clone()
    }
}

#[test]
fn a_retried_told_call_runs_again_before_the_told_calls_taken_ahead_behind_it() {
    let journal = Journal::options()
        .max_task_retries(1)
        .remote(Arc::new(AtomicUsize::new(2)))
        .unwrap();
    let tell = journal.tell();
    let (started, gate) = (Latch::new(), Latch::new());
    tell.block(started.clone(), gate.clone()).unwrap();
    started.expect_open("the blocking call to start");
    // Queued while the loop is busy, all told: the loop takes them at once when it is free.
    for item in 1..=4 {
        tell.push(item).unwrap();
    }
    gate.open();
    // 1 went with the instance that panicked on 2; 2 ran again first on the new one.
    assert_eq!(
        journal.items().get_timeout(PATIENCE).unwrap(),
        vec![2, 3, 4]
    );
}
