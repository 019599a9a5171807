//! A sync method may block (sleep, file I/O, a long computation): other actors keep running
//! and answering, even when more actors block at once than the runtime has threads, and
//! `kill` and `get_timeout` still resolve at once.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use actor_core::DeathCause;
use actor_core::prelude::*;
use common::{Gated, GatedHandle, Latch, PATIENCE};

/// How long a napping method blocks its thread.
const NAP: Duration = Duration::from_millis(300);

/// More blocked actors than the runtime has threads (it has at least 2, about one a core).
fn more_than_the_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    cores.max(2) * 3
}

#[actor]
struct Napper {
    naps: u32,
}

#[actor]
impl Napper {
    fn new() -> Self {
        Self { naps: 0 }
    }

    /// Blocks its thread for `millis`.
    pub fn nap(&mut self, millis: u64) -> u32 {
        std::thread::sleep(Duration::from_millis(millis));
        self.naps += 1;
        self.naps
    }

    pub fn ping(&self) -> u32 {
        self.naps
    }
}

/// Pings each actor and checks that it answers within `PATIENCE`.
fn all_answer(actors: &[GatedHandle], what: &str) {
    for (index, actor) in actors.iter().enumerate() {
        let tag = index as u32;
        match actor.echo(tag).get_timeout(PATIENCE) {
            Ok(answer) => assert_eq!(answer, tag),
            Err(error) => panic!("{what} {index} did not answer while others blocked: {error}"),
        }
    }
}

#[test]
fn sync_sleeps_on_more_actors_than_threads_do_not_delay_other_actors() {
    let bystander = Napper::remote();
    bystander.ping().get().unwrap();
    let count = more_than_the_threads();
    let nappers: Vec<NapperHandle> = (0..count).map(|_| Napper::remote()).collect();
    let started = Instant::now();
    let naps: Vec<ObjectRef<u32>> = nappers
        .iter()
        .map(|napper| napper.nap(NAP.as_millis() as u64))
        .collect();
    // Other actors, old and new, answer while every nap still runs.
    assert_eq!(bystander.ping().get_timeout(PATIENCE).unwrap(), 0);
    for _ in 0..4 {
        assert_eq!(Napper::remote().ping().get_timeout(PATIENCE).unwrap(), 0);
    }
    let finished: Vec<usize> = (0..count).filter(|&index| naps[index].is_ready()).collect();
    assert!(
        finished.is_empty(),
        "other actors answered only after naps {finished:?} ended ({:?} after they began)",
        started.elapsed()
    );
    // The naps ran side by side, not a few at a time.
    assert_eq!(actor_core::get(naps).unwrap(), vec![1; count]);
    let elapsed = started.elapsed();
    assert!(
        elapsed < NAP * 3,
        "{count} naps of {NAP:?} took {elapsed:?}: they did not all run at once"
    );
}

#[test]
fn actors_blocked_until_released_leave_the_others_running() {
    let count = more_than_the_threads();
    let before: Vec<GatedHandle> = (0..4).map(|_| Gated::remote()).collect();
    all_answer(&before, "an actor made before");
    let gate = Latch::new();
    let blocked: Vec<(GatedHandle, Arc<Latch>)> = (0..count)
        .map(|_| (Gated::remote(), Latch::new()))
        .collect();
    let calls: Vec<ObjectRef<u32>> = blocked
        .iter()
        .enumerate()
        .map(|(index, (actor, started))| actor.block(started.clone(), gate.clone(), index as u32))
        .collect();
    let deadline = Instant::now() + PATIENCE;
    for (index, (_, started)) in blocked.iter().enumerate() {
        let left = deadline.saturating_duration_since(Instant::now());
        if !started.wait_timeout(left) {
            gate.open();
            panic!("only {index} of {count} blocking methods could start at once");
        }
    }
    all_answer(&before, "an actor made before");
    let after: Vec<GatedHandle> = (0..4).map(|_| Gated::remote()).collect();
    all_answer(&after, "an actor made meanwhile");
    assert!(!calls.iter().any(ObjectRef::is_ready));
    gate.open();
    assert_eq!(
        actor_core::get(calls).unwrap(),
        (0..count as u32).collect::<Vec<_>>()
    );
}

#[test]
fn kill_and_get_timeout_resolve_at_once_while_a_method_blocks() {
    let gate = Latch::new();
    let started = Latch::new();
    let actor = Gated::remote();
    let blocked = actor.block(started.clone(), gate.clone(), 0);
    let queued = actor.echo(1);
    started.expect_open("the blocking method to start");

    let short = Duration::from_millis(50);
    let asked = Instant::now();
    assert!(matches!(
        queued.get_timeout(short),
        Err(Error::Timeout { .. })
    ));
    // A generous bound: only a timeout that waits for the method to return would exceed it.
    assert!(asked.elapsed() < Duration::from_secs(1));

    let killed = Instant::now();
    actor_core::kill(&actor);
    match blocked.get_timeout(PATIENCE) {
        Err(Error::ActorDied { cause, .. }) => assert_eq!(cause, DeathCause::Killed),
        other => panic!("expected ActorDied (killed), got {other:?}"),
    }
    assert!(killed.elapsed() < Duration::from_secs(1));
    gate.open();
}

#[test]
fn an_actor_answers_quickly_again_after_a_blocking_call() {
    let napper = Napper::remote();
    assert_eq!(napper.nap(20).get().unwrap(), 1);
    for _ in 0..100 {
        assert_eq!(napper.ping().get().unwrap(), 1);
    }
    assert_eq!(napper.nap(0).get().unwrap(), 2);
}
