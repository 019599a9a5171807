//! Actors whose sync methods wait for each other in a cycle (A waits for B, which waits for A)
//! fail at once with `Error::Deadlock` naming the actors, rather than hanging: the wait that
//! closes the cycle fails, and the others finish with that error handed back to them.
//! Every wait here has a time limit, so that a regression fails rather than hangs.

mod common;

use std::sync::{Arc, Barrier};
use std::thread;

use actor_core::prelude::*;
use common::{Latch, PATIENCE};

/// One link of a chain or ring of actors: passes a call on to the next link, waiting for it.
#[actor]
struct Link {
    next: Option<LinkHandle>,
}

#[actor(local)]
impl Link {
    fn new() -> Self {
        Self { next: None }
    }

    /// Makes `next` the link that `pass` calls.
    pub fn set_next(&mut self, next: LinkHandle) {
        self.next = Some(next);
    }

    /// Passes the call `hops` links on, waiting for each; returns how many links it went
    /// through, or the first error on the way.
    pub fn pass(&mut self, hops: u32) -> Result<u32, Error> {
        match (&self.next, hops) {
            (Some(next), 1..) => Ok(next.pass(hops - 1).get_timeout(PATIENCE)?? + 1),
            _ => Ok(0),
        }
    }

    /// Waits at `barrier` (so that every link meeting there runs at once), then passes the
    /// call `hops` links on.
    pub fn meet(&mut self, barrier: Arc<Barrier>, hops: u32) -> Result<u32, Error> {
        barrier.wait();
        self.pass(hops)
    }

    /// Opens `started`, then blocks until `gate` opens.
    pub fn hold(&mut self, started: Arc<Latch>, gate: Arc<Latch>) {
        started.open();
        gate.wait();
    }

    /// Passes a call one link on and waits for it, twice; opens `started` and blocks until
    /// `gate` opens.
    pub fn pass_twice_then_hold(
        &mut self,
        started: Arc<Latch>,
        gate: Arc<Latch>,
    ) -> Result<u32, Error> {
        let hops = self.pass(1)? + self.pass(1)?;
        self.hold(started, gate);
        Ok(hops)
    }
}

/// `count` links, each named `{prefix}-{index}`, each calling the next; the last calls the
/// first if `ring`.
fn links(prefix: &str, count: usize, ring: bool) -> Vec<LinkHandle> {
    let links: Vec<LinkHandle> = (0..count)
        .map(|index| {
            Link::options()
                .name(format!("{prefix}-{index}"))
                .remote()
                .expect("a fresh name")
        })
        .collect();
    for (index, link) in links.iter().enumerate() {
        if index + 1 < count || ring {
            link.set_next(links[(index + 1) % count].clone())
                .get_timeout(PATIENCE)
                .expect("set_next returns");
        }
    }
    links
}

/// The reason of a deadlock error; panics on any other result.
fn deadlock_reason(result: Result<Result<u32, Error>, Error>) -> String {
    match result {
        Ok(Err(Error::Deadlock { reason })) | Err(Error::Deadlock { reason }) => reason,
        other => panic!("expected a deadlock error, got {other:?}"),
    }
}

/// Asserts that `reason` names every one of `links`, by name and by id.
fn assert_names_all(reason: &str, links: &[LinkHandle], prefix: &str) {
    for (index, link) in links.iter().enumerate() {
        let name = format!("`{prefix}-{index}`");
        assert!(reason.contains(&name), "{reason:?} does not name {name}");
        let id = link.actor_id().to_string();
        assert!(reason.contains(&id), "{reason:?} does not name {id}");
    }
    assert!(
        reason.contains("Link"),
        "{reason:?} does not name the class"
    );
    assert!(reason.contains("tell()"), "{reason:?} does not say the fix");
}

#[test]
fn two_actors_waiting_for_each_other_fail_with_a_deadlock_naming_both() {
    let ring = links("two-ring", 2, true);
    // a waits for b, which waits for a: b's wait closes the cycle.
    let reason = deadlock_reason(ring[0].pass(2).get_timeout(PATIENCE));
    assert_names_all(&reason, &ring, "two-ring");
    // Both actors are free again and serve calls.
    assert_eq!(ring[0].pass(1).get_timeout(PATIENCE).unwrap(), Ok(1));
    assert_eq!(ring[1].pass(1).get_timeout(PATIENCE).unwrap(), Ok(1));
}

#[test]
fn three_actors_in_a_cycle_fail_with_a_deadlock_naming_all_three() {
    let ring = links("three-ring", 3, true);
    let reason = deadlock_reason(ring[0].pass(3).get_timeout(PATIENCE));
    assert_names_all(&reason, &ring, "three-ring");
    for link in &ring {
        assert_eq!(link.pass(2).get_timeout(PATIENCE).unwrap(), Ok(2));
    }
}

#[test]
fn cycles_of_two_to_six_actors_are_all_detected() {
    for length in 2..=6 {
        let prefix = format!("ring-of-{length}");
        let ring = links(&prefix, length, true);
        let hops = u32::try_from(length).expect("a small length");
        let reason = deadlock_reason(ring[0].pass(hops).get_timeout(PATIENCE));
        assert_names_all(&reason, &ring, &prefix);
        // Around the ring once more, but short of closing it: no deadlock.
        assert_eq!(
            ring[1].pass(hops - 1).get_timeout(PATIENCE).unwrap(),
            Ok(hops - 1)
        );
    }
}

#[test]
fn a_chain_without_a_cycle_still_works() {
    let chain = links("chain", 3, false);
    for _ in 0..100 {
        assert_eq!(chain[0].pass(2).get_timeout(PATIENCE).unwrap(), Ok(2));
    }
}

#[test]
fn of_two_actors_calling_each_other_at_once_exactly_one_gets_the_deadlock() {
    for round in 0..50 {
        let pair = links(&format!("meet-{round}"), 2, true);
        // Both methods run before either calls the other, so that each waits on a busy actor.
        let barrier = Arc::new(Barrier::new(2));
        let first = pair[0].meet(barrier.clone(), 1);
        let second = pair[1].meet(barrier, 1);
        let results = [
            first.get_timeout(PATIENCE).unwrap(),
            second.get_timeout(PATIENCE).unwrap(),
        ];
        let deadlocks = results
            .iter()
            .filter(|result| matches!(result, Err(Error::Deadlock { .. })))
            .count();
        assert_eq!(deadlocks, 1, "round {round}: {results:?}");
        assert!(results.contains(&Ok(1)), "round {round}: {results:?}");
    }
}

#[test]
fn two_cycles_closed_at_once_from_two_threads_are_both_detected() {
    for round in 0..20 {
        let start = Arc::new(Barrier::new(2));
        let closers: Vec<_> = (0..2)
            .map(|cycle| {
                let start = start.clone();
                let prefix = format!("twin-{round}-{cycle}");
                let ring = links(&prefix, 3, true);
                thread::spawn(move || {
                    start.wait();
                    let reason = deadlock_reason(ring[0].pass(3).get_timeout(PATIENCE));
                    assert_names_all(&reason, &ring, &prefix);
                })
            })
            .collect();
        for closer in closers {
            closer.join().expect("each cycle is detected");
        }
    }
}

#[test]
fn waiting_twice_in_a_row_on_one_actor_leaves_no_wait_behind() {
    let pair = links("twice", 2, false);
    let (a, b) = (&pair[0], &pair[1]);
    // b is busy, so that a's waits for it park (and are published).
    let (b_started, b_gate) = (Latch::new(), Latch::new());
    let b_busy = b.hold(b_started.clone(), b_gate.clone());
    b_started.expect_open("b's hold");
    let (a_started, a_gate) = (Latch::new(), Latch::new());
    let a_held = a.pass_twice_then_hold(a_started.clone(), a_gate.clone());
    b_gate.open();
    b_busy.get_timeout(PATIENCE).unwrap();
    // a waited for b twice and is done waiting: b waiting for a is no cycle.
    a_started.expect_open("a's hold after its two waits");
    b.set_next(a.clone()).get_timeout(PATIENCE).unwrap();
    // b goes on from the barrier to wait for a at once; the test, woken later, lets a go.
    let barrier = Arc::new(Barrier::new(2));
    let b_waits_for_a = b.meet(barrier.clone(), 1);
    barrier.wait();
    a_gate.open();
    assert_eq!(a_held.get_timeout(PATIENCE).unwrap(), Ok(2));
    assert_eq!(b_waits_for_a.get_timeout(PATIENCE).unwrap(), Ok(1));
}

#[test]
fn a_cycle_of_quick_methods_that_their_callers_run_is_detected() {
    for length in 2..=4 {
        let prefix = format!("quick-ring-of-{length}");
        let ring = links(&prefix, length, true);
        let hops = u32::try_from(length).expect("a small length");
        // Short of closing the ring, many times: `pass` proves quick, and from then on a
        // caller waiting for it may run it on its own thread, nesting the links' calls.
        for _ in 0..200 {
            assert_eq!(
                ring[0].pass(hops - 1).get_timeout(PATIENCE).unwrap(),
                Ok(hops - 1)
            );
        }
        let reason = deadlock_reason(ring[0].pass(hops).get_timeout(PATIENCE));
        assert_names_all(&reason, &ring, &prefix);
        assert_eq!(
            ring[1].pass(hops - 1).get_timeout(PATIENCE).unwrap(),
            Ok(hops - 1)
        );
    }
}
