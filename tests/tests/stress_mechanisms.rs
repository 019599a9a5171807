//! The speed mechanisms racing the actor's loop on several workers, in bounded rounds: a
//! caller that may run the call it awaits, and a loop that may host the call its method
//! sends, each against a loop that may wake on another worker and take the call first.
//! Which of them runs a call is chance here (`hosting.rs` and `caller_runs.rs` make it
//! certain, on one worker); what a call does is not: every round checks that each call ran
//! once, in order, with the answer it would have had in the loop, and that nothing hung.

mod common;

use std::sync::{Arc, mpsc};
use std::time::Duration;

use actor_core::DeathCause;
use actor_core::prelude::*;
use common::{Latch, PATIENCE};

/// Runs `test` as a task of a runtime with two worker threads, where the actors it creates
/// run too: a woken loop may run on the other worker while the test's task runs.
fn on_two_workers<F: std::future::Future<Output = ()> + Send + 'static>(test: F) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .expect("a tokio runtime with two worker threads");
    runtime.block_on(async move {
        if let Err(failed) = tokio::spawn(test).await {
            std::panic::resume_unwind(failed.into_panic());
        }
    });
}

#[actor]
struct Asker {}

#[actor(local)]
impl Asker {
    fn new() -> Self {
        Self {}
    }

    /// Sleeps for `delay`, then answers. Always slow here, so that it never proves quick:
    /// only the actor's loop runs it, or a stand-in while its loop hosts a call.
    pub fn answer(&self, delay: Duration) -> u64 {
        std::thread::sleep(delay);
        42
    }

    /// Tells `helper` (if any) to ask this actor for its answer.
    pub fn ask_through(&mut self, n: u64, helper: Option<HelperHandle>) {
        if let Some(helper) = helper {
            let me = actor_core::context::current_actor::<Asker>().unwrap();
            helper.tell().look_up(n, Some(me)).unwrap();
        }
    }
}

#[actor]
struct Helper {
    looked_up: mpsc::Sender<(u64, Result<u64, String>)>,
}

#[actor(local)]
impl Helper {
    fn new(looked_up: mpsc::Sender<(u64, Result<u64, String>)>) -> Self {
        Self { looked_up }
    }

    /// Waits for `asker`'s answer (if any), and sends it with `n`.
    pub fn look_up(&mut self, n: u64, asker: Option<AskerHandle>) {
        if let Some(asker) = asker {
            let answer = asker.answer(Duration::from_millis(3)).get_timeout(PATIENCE);
            let answer = answer.map_err(|error| error.to_string());
            self.looked_up.send((n, answer)).unwrap();
        }
    }

    pub fn ready(&self) {}
}

/// The asker's loop hosts the look-up if the helper's loop parked in time, and then the
/// look-up waits for its own host; else the helper's loop runs it. Either way it gets the
/// answer.
#[test]
fn a_look_up_that_waits_for_its_sender_gets_the_answer_hosted_or_not() {
    const ROUNDS: u64 = 200;
    let (looked_up, answers) = mpsc::channel();
    let (asker, helper) = (Asker::remote(), Helper::remote(looked_up.clone()));
    asker.answer(Duration::from_millis(20)).get().unwrap();
    asker.ask_through(0, None).get().unwrap();
    helper.look_up(0, None).get().unwrap();
    helper.ready().get().unwrap();
    for round in 0..ROUNDS {
        let (asker, helper) = (Asker::remote(), Helper::remote(looked_up.clone()));
        helper.ready().get().unwrap();
        asker.tell().ask_through(round, Some(helper)).unwrap();
        let got = answers.recv_timeout(PATIENCE);
        assert_eq!(got, Ok((round, Ok(42))), "round {round}");
    }
}

#[actor]
struct Counter {
    value: u64,
    /// Opened when the actor object is dropped.
    dropped: Arc<Latch>,
}

#[actor(local)]
impl Counter {
    fn new(dropped: Arc<Latch>) -> Self {
        Self { value: 0, dropped }
    }

    /// Adds one; returns the new value.
    pub fn add_one(&mut self) -> u64 {
        self.value += 1;
        self.value
    }

    /// Opens `started`, then blocks its thread until `gate` opens; returns the value.
    pub fn hold(&mut self, started: Arc<Latch>, gate: Arc<Latch>) -> u64 {
        started.open();
        gate.wait();
        self.value
    }
}

impl Drop for Counter {
    fn drop(&mut self) {
        self.dropped.open();
    }
}

/// Awaits `calls` calls of `add_one` one after another; returns the values they answered.
async fn add_ones(counter: CounterHandle, calls: usize) -> Vec<u64> {
    let mut values = Vec::with_capacity(calls);
    for _ in 0..calls {
        values.push(counter.add_one().await.unwrap());
    }
    values
}

/// Tasks on two workers await calls of one actor, each run by its caller or by the loop,
/// whichever takes it: each call runs once, and each task sees its calls in order.
#[test]
fn calls_awaited_by_tasks_racing_the_loop_each_run_once_in_order() {
    const ROUNDS: usize = 20;
    const TASKS: usize = 3;
    const EACH: usize = 500;
    on_two_workers(async {
        for round in 0..ROUNDS {
            let counter = Counter::remote(Latch::new());
            let tasks: Vec<_> = (0..TASKS)
                .map(|_| tokio::spawn(add_ones(counter.clone(), EACH)))
                .collect();
            let mut all = Vec::new();
            for task in tasks {
                let values = task.await.unwrap();
                assert!(
                    values.windows(2).all(|pair| pair[0] < pair[1]),
                    "round {round}: a task saw its calls out of order"
                );
                all.extend(values);
            }
            all.sort_unstable();
            let expected: Vec<u64> = (1..=(TASKS * EACH) as u64).collect();
            assert_eq!(all, expected, "round {round}: each call runs once");
        }
    });
}

/// A plain thread kills an actor while a call its caller may run blocks in it: the call
/// fails with `Killed` whoever ran it, later calls fail, and the actor object is dropped
/// after the call let go of it, not before.
#[test]
fn kill_during_a_call_its_caller_may_run_fails_it_and_drops_the_actor_after() {
    const ROUNDS: usize = 50;
    on_two_workers(async {
        for round in 0..ROUNDS {
            let dropped = Latch::new();
            let counter = Counter::remote(dropped.clone());
            let open = Latch::new();
            open.open();
            counter.hold(open.clone(), open).await.unwrap();
            let (started, gate) = (Latch::new(), Latch::new());
            let killer = {
                let (counter, dropped) = (counter.clone(), dropped.clone());
                let (started, gate) = (started.clone(), gate.clone());
                std::thread::spawn(move || {
                    started.expect_open("the held call");
                    actor_core::kill(&counter);
                    let dropped_in_use = dropped.is_open();
                    gate.open();
                    dropped_in_use
                })
            };
            let result = counter.hold(started, gate).await;
            assert!(!killer.join().unwrap(), "round {round}: dropped in use");
            assert!(
                matches!(
                    result,
                    Err(Error::ActorDied {
                        cause: DeathCause::Killed,
                        ..
                    })
                ),
                "round {round}: {result:?}"
            );
            assert!(counter.add_one().await.is_err(), "round {round}");
            let notice = actor_core::watch(&counter);
            assert_eq!(
                tokio::time::timeout(PATIENCE, notice).await.ok(),
                Some(Ok(DeathCause::Killed))
            );
            drop(counter);
            let gone = tokio::time::timeout(PATIENCE, dropped.wait_async()).await;
            assert!(
                gone.is_ok(),
                "round {round}: the actor object was never dropped"
            );
        }
    });
}
