//! A sync method that proved quick (so it runs inline on a runtime worker) and then starts
//! blocking must not starve the other actors: with as many such "turncoats" blocked as the
//! runtime has workers, a quick actor still answers calls made by other actors and by
//! threads outside the runtime, and once the turncoats were found stuck, their next calls
//! no longer run inline.
//!
//! Each test has its classes of its own: what a class learnt about its methods is kept for
//! the whole binary.

mod common;

use std::sync::Arc;
use std::time::Duration;

use actor_core::prelude::*;
use common::Latch;

/// Longer than any wait of a runtime that is not starved; only starvation reaches it.
const PATIENCE: Duration = Duration::from_secs(30);
/// The calls that prove a turncoat's method quick.
const QUICK_CALLS: usize = 100;
/// The pings the quick actor answers while the turncoats block.
const PINGS: u32 = 50;
/// How long a turncoat naps once its method turned blocking: far longer than the watchdog
/// takes to find a call stuck (45 ms).
const NAP_MILLIS: u64 = 300;

/// Blocks until `gate` opens, once `started` says so; returns at once without a gate.
fn work(started: Option<Arc<Latch>>, gate: Option<Arc<Latch>>) {
    if let Some(started) = started {
        started.open();
    }
    if let Some(gate) = gate {
        gate.wait();
    }
}

/// A runtime of two workers, as on a two-core machine.
fn two_workers() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// Waits for `latch`, failing the test after `PATIENCE`.
fn expect_open(latch: &Latch, what: &str) {
    assert!(latch.wait_timeout(PATIENCE), "{what} did not happen");
}

#[actor]
struct Turncoat {
    calls: u32,
}

#[actor(local)]
impl Turncoat {
    fn new() -> Self {
        Self { calls: 0 }
    }

    /// Quick without a gate; blocks until the gate opens with one.
    pub fn work(&mut self, started: Option<Arc<Latch>>, gate: Option<Arc<Latch>>) -> u32 {
        work(started, gate);
        self.calls += 1;
        self.calls
    }
}

#[actor]
struct Quick {
    pings: u32,
}

#[actor]
impl Quick {
    fn new() -> Self {
        Self { pings: 0 }
    }

    pub fn ping(&mut self) -> u32 {
        self.pings += 1;
        self.pings
    }
}

/// An actor on the runtime that pings the quick actor.
#[actor]
struct Pinger {
    quick: QuickHandle,
}

#[actor]
impl Pinger {
    fn new(quick: QuickHandle) -> Self {
        Self { quick }
    }

    /// Pings the quick actor `times` times, one after the other; returns the last answer.
    pub fn ping(&self, times: u32) -> Result<u32, String> {
        let mut last = 0;
        for _ in 0..times {
            last = self.quick.ping().get().map_err(|error| error.to_string())?;
        }
        Ok(last)
    }
}

#[test]
fn a_quick_method_that_turns_blocking_on_every_worker_does_not_starve_other_actors() {
    let runtime = two_workers();
    let (turncoats, quick, pinger) = {
        // Made on the runtime, whose workers run their loops; called from outside it.
        let _home = runtime.enter();
        let quick = Quick::remote();
        let pinger = Pinger::remote(quick.clone());
        ([Turncoat::remote(), Turncoat::remote()], quick, pinger)
    };
    // Proven quick: the turncoats' method, the pings, and the pinger's method.
    for turncoat in &turncoats {
        for call in 1..=QUICK_CALLS {
            assert_eq!(turncoat.work(None, None).get().unwrap(), call as u32);
        }
    }
    for _ in 0..QUICK_CALLS {
        pinger.ping(1).get().unwrap().unwrap();
    }
    let warmed = quick.ping().get().unwrap();

    // Both turncoats block, one on each worker (their calls come from outside the runtime,
    // so each wakes an idle worker).
    let gate = Latch::new();
    let blocked: Vec<(ObjectRef<u32>, Arc<Latch>)> = turncoats
        .iter()
        .map(|turncoat| {
            let started = Latch::new();
            let call = turncoat.work(Some(started.clone()), Some(gate.clone()));
            (call, started)
        })
        .collect();
    for (_, started) in &blocked {
        expect_open(started, "a turncoat's blocking call");
    }

    // The quick actor answers pings from an actor of the runtime and from outside it.
    let answered = (|| {
        let from_an_actor = pinger.ping(PINGS).get_timeout(PATIENCE)?;
        let mut from_outside = Vec::new();
        for _ in 0..PINGS {
            from_outside.push(quick.ping().get_timeout(PATIENCE)?);
        }
        Ok::<_, Error>((from_an_actor, from_outside))
    })();
    let turncoats_done = gate.is_open();
    gate.open();
    assert!(!turncoats_done);
    let (from_an_actor, from_outside) = answered.expect("pings answer while the turncoats block");
    assert_eq!(from_an_actor, Ok(warmed + PINGS));
    let expected: Vec<u32> = (1..=PINGS).map(|ping| warmed + PINGS + ping).collect();
    assert_eq!(from_outside, expected);
    for (call, _) in blocked {
        assert_eq!(call.get_timeout(PATIENCE).unwrap(), QUICK_CALLS as u32 + 1);
    }
}

#[actor]
struct SecondTurncoat {
    calls: u32,
}

#[actor(local)]
impl SecondTurncoat {
    fn new() -> Self {
        Self { calls: 0 }
    }

    /// Naps `millis` (the work of a turncoat), then blocks until the gate opens, if any.
    pub fn work(
        &mut self,
        millis: u64,
        started: Option<Arc<Latch>>,
        gate: Option<Arc<Latch>>,
    ) -> u32 {
        std::thread::sleep(Duration::from_millis(millis));
        work(started, gate);
        self.calls += 1;
        self.calls
    }
}

/// Pings `quick` `PINGS` times from a task of `runtime`; waits for it outside the runtime
/// (a timer of the runtime would need a free worker to fire).
fn pings_from_a_task(runtime: &tokio::runtime::Runtime, quick: QuickHandle) -> Result<u32, Error> {
    let (answered, answer) = std::sync::mpsc::channel();
    runtime.spawn(async move {
        let mut last = Ok(0);
        for _ in 0..PINGS {
            last = quick.ping().await;
            if last.is_err() {
                break;
            }
        }
        drop(answered.send(last));
    });
    answer
        .recv_timeout(PATIENCE)
        .unwrap_or(Err(Error::Timeout { after: PATIENCE }))
}

#[test]
fn a_method_that_turned_blocking_leaves_the_workers_on_its_next_calls() {
    let runtime = two_workers();
    let (turncoats, quick) = {
        let _home = runtime.enter();
        // Restarts allowed: no stand-in nor caller runs their calls, which stay on the
        // workers, in their loops.
        let turncoat = || {
            SecondTurncoat::options()
                .max_restarts(1)
                .remote()
                .expect("valid options")
        };
        ([turncoat(), turncoat()], Quick::remote())
    };
    for turncoat in &turncoats {
        for _ in 0..QUICK_CALLS {
            turncoat.work(0, None, None).get().unwrap();
        }
    }
    // The method turns blocking: it naps (the work a turncoat does, not a wait of the test),
    // on both workers at once, twice. The watchdog finds the naps stuck: the method blocks.
    for _ in 0..2 {
        let naps: Vec<ObjectRef<u32>> = turncoats
            .iter()
            .map(|turncoat| turncoat.work(NAP_MILLIS, None, None))
            .collect();
        for nap in naps {
            nap.get_timeout(PATIENCE).unwrap();
        }
    }

    // The next blocking calls run off the workers: a plain tokio task of the runtime, which
    // no stand-in can run, gets its pings answered.
    let gate = Latch::new();
    let next: Vec<(ObjectRef<u32>, Arc<Latch>)> = turncoats
        .iter()
        .map(|turncoat| {
            let started = Latch::new();
            (
                turncoat.work(0, Some(started.clone()), Some(gate.clone())),
                started,
            )
        })
        .collect();
    for (_, started) in &next {
        expect_open(started, "a turncoat's next blocking call");
    }
    let pinged = pings_from_a_task(&runtime, quick.clone());
    gate.open();
    pinged.expect("a task's pings answer while the next blocking calls block");
    for (call, _) in next {
        call.get_timeout(PATIENCE).unwrap();
    }
}
