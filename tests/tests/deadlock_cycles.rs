//! Actors whose sync methods wait for each other in a cycle (A waits for B, which waits for A)
//! fail at once with `Error::Deadlock` naming the actors, rather than hanging: the wait that
//! closes the cycle fails, and the others finish with that error handed back to them.
//! Every wait here has a time limit, so that a regression fails rather than hangs.

mod common;

use std::sync::{Arc, Barrier};
use std::thread;

use actor_core::prelude::*;
use common::{Latch, PATIENCE};

/// What `Link::pass_to_some` hands back: the results of the calls that were ready, and the
/// calls still pending.
type Split = (Vec<Result<u32, Error>>, Vec<ObjectRef<Result<u32, Error>>>);

/// One link of a chain or ring of actors: passes a call on to the next link, waiting for it.
#[actor]
struct Link {
    next: Option<LinkHandle>,
    /// Opened when `pass` starts, if set.
    passing: Option<Arc<Latch>>,
}

#[actor(local)]
impl Link {
    fn new() -> Self {
        Self {
            next: None,
            passing: None,
        }
    }

    /// Makes `next` the link that `pass` calls.
    pub fn set_next(&mut self, next: LinkHandle) {
        self.next = Some(next);
    }

    /// Has `pass` open `passing` when it starts.
    pub fn signal_passing(&mut self, passing: Arc<Latch>) {
        self.passing = Some(passing);
    }

    /// Passes the call `hops` links on, waiting for each; returns how many links it went
    /// through, or the first error on the way.
    pub fn pass(&mut self, hops: u32) -> Result<u32, Error> {
        if let Some(passing) = &self.passing {
            passing.open();
        }
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

    /// Calls `pass(hops)` on each of `links` and waits for them all at once with
    /// `actor_core::get`.
    pub fn pass_to_all(&mut self, links: Vec<LinkHandle>, hops: u32) -> Result<Vec<u32>, Error> {
        actor_core::get(links.iter().map(|link| link.pass(hops)))?
            .into_iter()
            .collect()
    }

    /// Calls `pass(hops)` on each of `links` and waits with `actor_core::wait` until
    /// `num_returns` of them are ready; returns the results of those, and the other calls.
    pub fn pass_to_some(
        &mut self,
        links: Vec<LinkHandle>,
        hops: u32,
        num_returns: usize,
    ) -> Result<Split, Error> {
        let refs = links.iter().map(|link| link.pass(hops)).collect();
        let (ready, pending) = actor_core::wait(refs, num_returns, Some(PATIENCE / 2))?;
        let ready = ready
            .into_iter()
            .map(ObjectRef::get)
            .collect::<Result<_, _>>()?;
        Ok((ready, pending))
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
        .map(|index| named_link(&format!("{prefix}-{index}")))
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

/// A link named `name`, calling no one.
fn named_link(name: &str) -> LinkHandle {
    Link::options().name(name).remote().expect("a fresh name")
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

/// `first` (calling no one) and `second`, where `second` calls back `waiter`, the first of
/// the three: a wait of `waiter` on both closes a cycle through `second` only.
fn fork(prefix: &str) -> Vec<LinkHandle> {
    let fork: Vec<LinkHandle> = (0..3)
        .map(|index| named_link(&format!("{prefix}-{index}")))
        .collect();
    fork[2]
        .set_next(fork[0].clone())
        .get_timeout(PATIENCE)
        .expect("set_next returns");
    fork
}

#[test]
fn a_wait_for_several_calls_that_closes_a_cycle_through_one_fails() {
    let fork = fork("fork-get");
    let (waiter, branches) = (&fork[0], vec![fork[1].clone(), fork[2].clone()]);
    let result = waiter.pass_to_all(branches, 1).get_timeout(PATIENCE);
    let reason = match result {
        Ok(Err(Error::Deadlock { reason })) => reason,
        other => panic!("expected a deadlock error, got {other:?}"),
    };
    for index in [0, 2] {
        let name = format!("`fork-get-{index}`");
        assert!(reason.contains(&name), "{reason:?} does not name {name}");
    }
}

#[test]
fn a_wait_for_all_of_several_calls_that_closes_a_cycle_fails_the_closing_call() {
    let fork = fork("fork-wait");
    let (waiter, branches) = (&fork[0], vec![fork[1].clone(), fork[2].clone()]);
    let names_the_cycle =
        |reason: &str| reason.contains("`fork-wait-0`") && reason.contains("`fork-wait-2`");
    // Whichever of the two waits starts last closes the cycle.
    match waiter.pass_to_some(branches, 1, 2).get_timeout(PATIENCE) {
        // The waiter's own wait.
        Ok(Err(Error::Deadlock { reason })) => assert!(names_the_cycle(&reason), "{reason:?}"),
        // The second link's wait: its call failed, and so is ready.
        Ok(Ok((ready, _))) => {
            assert_eq!(ready.len(), 2, "{ready:?}");
            assert_eq!(ready[0], Ok(0));
            assert!(
                matches!(&ready[1], Err(Error::Deadlock { reason }) if names_the_cycle(reason)),
                "{ready:?}"
            );
        }
        other => panic!("expected a deadlock error, got {other:?}"),
    }
}

#[test]
fn a_wait_for_some_of_several_calls_is_no_deadlock_while_another_may_settle() {
    let fork = fork("fork-some");
    let (waiter, first, second) = (&fork[0], &fork[1], &fork[2]);
    // `first` waits for a held link, so that `waiter` waits for both while `second` calls
    // it back: no cycle, since `first` settles once the hold ends.
    let held = named_link("fork-some-held");
    first.set_next(held.clone()).get_timeout(PATIENCE).unwrap();
    let (started, gate) = (Latch::new(), Latch::new());
    let holding = held.hold(started.clone(), gate.clone());
    started.expect_open("the hold");
    let passing = Latch::new();
    second
        .signal_passing(passing.clone())
        .get_timeout(PATIENCE)
        .unwrap();
    let waiting = waiter.pass_to_some(vec![first.clone(), second.clone()], 1, 1);
    // `second` goes on from here to wait for `waiter` at once; the test, woken later, lets
    // `first` settle.
    passing.expect_open("second's pass");
    gate.open();
    holding.get_timeout(PATIENCE).unwrap();
    let (ready, pending) = waiting
        .get_timeout(PATIENCE)
        .unwrap()
        .expect("one call is ready");
    assert_eq!(ready, vec![Ok(1)]);
    let second = actor_core::get(pending).expect("the second call settles");
    assert_eq!(second, vec![Ok(1)]);
}
