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

/// A quick actor that tells which thread answered it.
#[actor]
struct Teller;

#[actor]
impl Teller {
    fn new() -> Self {
        Self
    }

    /// The name of the thread this call runs on.
    pub fn thread(&self) -> Option<String> {
        std::thread::current().name().map(str::to_owned)
    }
}

/// A runtime of one worker, its thread named `name`.
fn one_named_worker(name: &str) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name(name)
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// The watchdog's stand-in threads are named so.
const STAND_IN: &str = "actor-core-stand-in";

#[test]
fn a_call_stuck_on_one_runtime_leaves_the_actors_of_another_to_their_own_workers() {
    const CALLS: usize = 200;
    let (stuck_runtime, other_runtime) = (one_named_worker("stuck"), one_named_worker("other"));
    let (turncoat, stuck_teller) = {
        let _home = stuck_runtime.enter();
        (Turncoat::remote(), Teller::remote())
    };
    let other_teller = {
        let _home = other_runtime.enter();
        Teller::remote()
    };
    for _ in 0..QUICK_CALLS {
        turncoat.work(None, None).get().unwrap();
        stuck_teller.thread().get().unwrap();
        other_teller.thread().get().unwrap();
    }
    // The turncoat holds the stuck runtime's only worker; the watchdog finds it stuck, and a
    // stand-in answers the actor of that runtime: the stall has been found.
    let (started, gate) = (Latch::new(), Latch::new());
    let blocked = turncoat.work(Some(started.clone()), Some(gate.clone()));
    expect_open(&started, "the turncoat's blocking call");
    let rescued = stuck_teller.thread().get_timeout(PATIENCE);
    // Meanwhile every call to the other runtime's actor runs on that runtime's worker.
    let others: Vec<Option<String>> = (0..CALLS)
        .map(|_| other_teller.thread().get_timeout(PATIENCE).unwrap())
        .collect();
    let still_stuck = !blocked.is_ready();
    gate.open();
    blocked.get_timeout(PATIENCE).unwrap();
    assert!(still_stuck);
    assert_eq!(rescued.unwrap().as_deref(), Some(STAND_IN));
    let elsewhere: Vec<_> = others
        .iter()
        .filter(|thread| thread.as_deref() != Some("other"))
        .collect();
    assert!(
        elsewhere.is_empty(),
        "{} of {CALLS} calls ran off the other runtime's worker, the first on {:?}",
        elsewhere.len(),
        elsewhere[0]
    );
}

#[actor]
struct Brittle;

#[actor(local)]
impl Brittle {
    fn new() -> Self {
        Self
    }

    /// Panics if `fail`; returns the task this call runs in.
    pub fn poke(&self, fail: bool) -> Option<tokio::task::Id> {
        assert!(!fail, "asked to fail");
        tokio::task::try_id()
    }
}

/// A quick method whose call panics, its thread held long by the panic hook (printing a
/// backtrace may take that long on a loaded machine), is not marked blocking: the time went
/// to the hook, not the method.
#[test]
fn a_quick_call_whose_panic_takes_long_leaves_its_method_quick() {
    common::on_one_worker(async {
        let proving = Brittle::remote();
        for _ in 0..3 {
            proving.poke(false).await.unwrap();
        }
        // Held for longer than the watchdog takes to find that a method blocks (45 ms).
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| std::thread::sleep(Duration::from_millis(200))));
        let failed = Brittle::remote().poke(true).await;
        std::panic::set_hook(previous);
        assert!(
            matches!(failed, Err(Error::MethodPanicked { .. })),
            "{failed:?}"
        );
        // An idle actor (its loop ran its first call and parked, on the one worker): its
        // next call, awaited here, runs in this task only if the method is still quick.
        let idle = Brittle::remote();
        assert_ne!(idle.poke(false).await.unwrap(), Some(tokio::task::id()));
        assert_eq!(idle.poke(false).await.unwrap(), Some(tokio::task::id()));
    });
}
