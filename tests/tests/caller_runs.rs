//! A caller that awaits the next call of an idle actor runs it itself, in its own task: the
//! call behaves exactly as if the actor's loop had run it (order, a panic, `exit_actor`,
//! `kill`, the actor object dropped at the end).
//!
//! Each method reports the tokio task it ran in, so that a test knows which path it took.

mod common;

use std::sync::{Arc, Mutex};

use actor_core::prelude::*;
use actor_core::{ActorState, DeathCause};
use common::{Latch, PATIENCE, on_one_worker};
use tokio::task::Id as TaskId;

/// Opens its latch when dropped: tells the test that the actor object is gone.
#[derive(Debug)]
struct DropSignal(Arc<Latch>);

impl Drop for DropSignal {
    fn drop(&mut self) {
        self.0.open();
    }
}

/// Where each call of a probe ran, in the order of the calls; kept by the test, so that it
/// can be read after the probe died.
type Record = Arc<Mutex<Vec<Option<TaskId>>>>;

#[actor]
struct Probe {
    value: u64,
    ran_in: Record,
    stopped: Arc<Latch>,
    _dropped: DropSignal,
}

#[actor(local)]
impl Probe {
    fn new(ran_in: Record, stopped: Arc<Latch>, dropped: Arc<Latch>) -> Self {
        Self {
            value: 0,
            ran_in,
            stopped,
            _dropped: DropSignal(dropped),
        }
    }

    fn note_task(&self) -> Option<TaskId> {
        let task = tokio::task::try_id();
        self.ran_in.lock().unwrap().push(task);
        task
    }

    /// Adds `by`; returns the new value and the task the call ran in.
    pub fn add(&mut self, by: u64) -> (u64, Option<TaskId>) {
        self.value += by;
        (self.value, self.note_task())
    }

    /// Returns the task this call runs in, and notes nothing: for a test that makes many
    /// calls (and times some of them, which might teach the class that a method blocks).
    pub fn task(&self) -> Option<TaskId> {
        tokio::task::try_id()
    }

    /// Blocks its thread for `millis` ms, and is ready at its first poll; returns the task
    /// this call runs in.
    pub async fn nap_async(&self, millis: u64) -> Option<TaskId> {
        std::thread::sleep(std::time::Duration::from_millis(millis));
        tokio::task::try_id()
    }

    /// Panics if `fail`.
    pub fn fail(&mut self, fail: bool) {
        self.note_task();
        assert!(!fail, "asked to fail");
    }

    /// Asks the actor to stop after this call if `exit`; returns the value.
    pub fn stop(&mut self, exit: bool) -> u64 {
        self.note_task();
        if exit {
            actor_core::context::exit_actor();
        }
        self.value
    }

    /// Opens `started`, then blocks its thread until `gate` opens.
    pub fn hold(&mut self, started: Arc<Latch>, gate: Arc<Latch>) -> u64 {
        self.note_task();
        started.open();
        gate.wait();
        self.value
    }

    /// `add` as an `async fn`, ready at its first poll.
    pub async fn add_async(&mut self, by: u64) -> (u64, Option<TaskId>) {
        self.add(by)
    }

    /// `add` as an `async fn` that opens `started`, then waits for `gate`: ready at its first
    /// poll if `gate` is open by then.
    pub async fn add_after(
        &mut self,
        by: u64,
        started: Arc<Latch>,
        gate: Arc<Latch>,
    ) -> (u64, Option<TaskId>) {
        started.open();
        gate.wait_async().await;
        self.add(by)
    }

    #[on_stop]
    fn on_stop(&mut self) {
        self.stopped.open();
    }
}

/// A probe and what the test watches of it.
struct Probed {
    probe: ProbeHandle,
    ran_in: Record,
    /// Opened by its `on_stop`.
    stopped: Arc<Latch>,
    /// Opened when its actor object is dropped.
    dropped: Arc<Latch>,
}

fn probe() -> Probed {
    let (ran_in, stopped, dropped) = (Record::default(), Latch::new(), Latch::new());
    let probe = Probe::remote(ran_in.clone(), stopped.clone(), dropped.clone());
    Probed {
        probe,
        ran_in,
        stopped,
        dropped,
    }
}

impl Probed {
    /// Where the last call ran.
    fn last_ran_in(&self) -> Option<TaskId> {
        self.ran_in.lock().unwrap().last().copied().flatten()
    }
}

/// A latch that is open already.
fn open_latch() -> Arc<Latch> {
    let latch = Latch::new();
    latch.open();
    latch
}

/// Proves the method that `call` calls quick, on a probe of its own: its first call is timed
/// (a sync one runs off the worker), and for an async method so is the next if that one
/// looked slow (its thread may have been preempted). The class learns as the call closes,
/// after it answered: a later call to the same probe, which its loop takes only after that,
/// says that it has.
async fn prove_quick<T: Send + 'static>(call: impl Fn(&ProbeHandle) -> ObjectRef<T>) {
    let Probed { probe, .. } = probe();
    for _ in 0..3 {
        call(&probe).await.unwrap();
    }
}

/// A new probe whose loop has parked, on a runtime with one worker (see
/// `common::on_one_worker`): its first call, `add(0)`, ran in its loop (a new loop holds the
/// actor's turn until it first parks), which parked before this task went on. `add` must
/// have proved quick, so that the loop ran it on the worker.
async fn idle_probe() -> Probed {
    let probed = probe();
    let (_, task) = probed.probe.add(0).await.unwrap();
    assert!(task.is_some());
    assert_ne!(
        task,
        Some(tokio::task::id()),
        "a new actor's loop runs its first call"
    );
    probed
}

/// Waits for `latch`, failing the test if it stays closed for `PATIENCE`.
async fn expect_open(latch: &Latch, what: &str) {
    let opened = tokio::time::timeout(PATIENCE, latch.wait_async()).await;
    assert!(opened.is_ok(), "{what} did not happen");
}

#[test]
fn an_awaited_call_of_an_idle_actor_runs_in_the_awaiting_task() {
    on_one_worker(async {
        prove_quick(|probe| probe.add(0)).await;
        let Probed { probe, .. } = idle_probe().await;
        let (value, task) = probe.add(5).await.unwrap();
        assert_eq!(value, 5);
        assert_eq!(task, Some(tokio::task::id()));
    });
}

#[test]
fn a_call_behind_another_is_left_to_the_loop_and_keeps_its_order() {
    on_one_worker(async {
        prove_quick(|probe| probe.add(0)).await;
        let Probed { probe, .. } = idle_probe().await;
        let first = probe.add(1);
        let second = probe.add(2);
        // Awaited first, but not the next call: the loop runs both, in order.
        let (value, task) = second.await.unwrap();
        assert_eq!(value, 3);
        assert_ne!(task, Some(tokio::task::id()));
        assert_eq!(first.await.unwrap().0, 1);
    });
}

#[test]
fn a_call_awaited_outside_the_runtime_is_left_to_the_loop() {
    on_one_worker(async {
        prove_quick(|probe| probe.add(0)).await;
        let Probed { probe, .. } = idle_probe().await;
        let (sender, result) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || sender.send(probe.add(1).get()));
        let (value, task) = result.await.unwrap().unwrap();
        assert_eq!(value, 1);
        assert!(task.is_some(), "ran in the loop's task");
        assert_ne!(task, Some(tokio::task::id()));
    });
}

#[test]
fn a_panic_in_a_call_the_caller_ran_fails_it_and_kills_the_actor() {
    on_one_worker(async {
        prove_quick(|probe| probe.add(0)).await;
        // A panic proves nothing: a call that returns proves `fail` quick.
        prove_quick(|probe| probe.fail(false)).await;
        let probed = idle_probe().await;
        let result = probed.probe.fail(true).await;
        assert_eq!(probed.last_ran_in(), Some(tokio::task::id()));
        match result.unwrap_err() {
            Error::MethodPanicked {
                method, message, ..
            } => {
                assert_eq!(method, "fail");
                assert!(message.contains("asked to fail"), "{message}");
            }
            other => panic!("expected MethodPanicked, got {other}"),
        }
        assert!(matches!(
            probed.probe.state(),
            ActorState::Dead {
                cause: DeathCause::MethodPanicked { .. }
            }
        ));
        assert!(matches!(
            probed.probe.add(1).await.unwrap_err(),
            Error::ActorDied {
                cause: DeathCause::MethodPanicked { .. },
                ..
            }
        ));
        expect_open(&probed.dropped, "dropping the dead actor's object").await;
        assert!(!probed.stopped.is_open(), "a panic is no graceful stop");
    });
}

#[test]
fn exit_actor_in_a_call_the_caller_ran_stops_the_actor_after_it() {
    on_one_worker(async {
        prove_quick(|probe| probe.add(0)).await;
        // Proven by a call that does not exit: `exit_actor` looks the actor up in the
        // registry, and a probe held up there would teach the class that `stop` blocks.
        prove_quick(|probe| probe.stop(false)).await;
        let probed = idle_probe().await;
        let result = probed.probe.stop(true).await;
        assert_eq!(probed.last_ran_in(), Some(tokio::task::id()));
        assert_eq!(result.unwrap(), 0, "the call that exits still answers");
        expect_open(&probed.stopped, "on_stop").await;
        assert!(matches!(
            probed.probe.add(1).await.unwrap_err(),
            Error::ActorDied {
                cause: DeathCause::Exited,
                ..
            }
        ));
        expect_open(&probed.dropped, "dropping the stopped actor's object").await;
    });
}

#[test]
fn kill_fails_a_call_the_caller_runs_and_the_actor_object_is_dropped_once_it_returns() {
    on_one_worker(async {
        prove_quick(|probe| probe.add(0)).await;
        // A call that returns at once proves `hold` quick.
        prove_quick(|probe| probe.hold(open_latch(), open_latch())).await;
        let probed = idle_probe().await;
        let (started, gate) = (Latch::new(), Latch::new());
        // A plain thread kills the actor while the call blocks, then lets it return: this
        // task's thread (the runtime's one worker) is blocked in the call meanwhile.
        let killer = {
            let (probe, dropped) = (probed.probe.clone(), probed.dropped.clone());
            let (started, gate) = (started.clone(), gate.clone());
            std::thread::spawn(move || {
                started.expect_open("the held call");
                actor_core::kill(&probe);
                let dropped_in_use = dropped.is_open();
                gate.open();
                dropped_in_use
            })
        };
        let result = probed.probe.hold(started, gate).await;
        assert_eq!(probed.last_ran_in(), Some(tokio::task::id()));
        assert!(
            !killer.join().unwrap(),
            "the object was dropped while in use"
        );
        assert!(matches!(
            result.unwrap_err(),
            Error::ActorDied {
                cause: DeathCause::Killed,
                ..
            }
        ));
        expect_open(&probed.dropped, "dropping the killed actor's object").await;
        assert!(!probed.stopped.is_open(), "kill is no graceful stop");
    });
}

/// A task that awaits calls it runs itself never waits, so only tokio's cooperative budget
/// makes it yield: with one worker, another task gets to run only then.
#[test]
fn a_task_awaiting_calls_it_runs_itself_still_lets_other_tasks_run() {
    const AT_MOST: u64 = 1_000_000;
    on_one_worker(async {
        prove_quick(|probe| probe.add(0)).await;
        prove_quick(|probe| probe.task()).await;
        let probed = idle_probe().await;
        let here = Some(tokio::task::id());
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopper = {
            let stop = stop.clone();
            tokio::spawn(async move { stop.store(true, std::sync::atomic::Ordering::Relaxed) })
        };
        // The calls run in this task: it never waits for the actor. (Not every one: the
        // call that finds the budget spent is left to the loop as the task yields.)
        assert_eq!(probed.probe.task().await.unwrap(), here);
        let mut calls = 1;
        while !stop.load(std::sync::atomic::Ordering::Relaxed) && calls < AT_MOST {
            probed.probe.task().await.unwrap();
            calls += 1;
        }
        stopper.await.unwrap();
        assert!(calls < AT_MOST, "the awaiting task never yielded");
    });
}

#[test]
fn an_awaited_async_call_of_an_idle_actor_runs_in_the_awaiting_task() {
    on_one_worker(async {
        prove_quick(|probe| probe.add(0)).await;
        prove_quick(|probe| probe.add_async(0)).await;
        let Probed { probe, .. } = idle_probe().await;
        let (value, task) = probe.add_async(5).await.unwrap();
        assert_eq!(value, 5);
        assert_eq!(task, Some(tokio::task::id()));
    });
}

/// An async method proven quick that waits after all, while its caller runs it: it still
/// finishes, off the worker, while other actors keep answering; and its class learns that it
/// waits, so its next calls are left to the loop.
#[test]
fn an_async_call_its_caller_runs_that_waits_still_finishes_and_others_keep_running() {
    on_one_worker(async {
        let here = Some(tokio::task::id());
        prove_quick(|probe| probe.add(0)).await;
        prove_quick(|probe| probe.add_after(0, open_latch(), open_latch())).await;
        let other = idle_probe().await;
        let probed = idle_probe().await;
        let (started, gate) = (Latch::new(), Latch::new());
        // Another task answers calls of another actor while this one waits, then lets the
        // waiting method go on: the worker is free for it meanwhile.
        let helper = {
            let (started, gate) = (started.clone(), gate.clone());
            let other = other.probe.clone();
            tokio::spawn(async move {
                started.wait_async().await;
                let answered = other.add(1).await.unwrap().0;
                gate.open();
                answered
            })
        };
        let (value, task) = probed.probe.add_after(7, started, gate).await.unwrap();
        assert_eq!(value, 7);
        assert_eq!(task, here);
        assert_eq!(
            helper.await.unwrap(),
            1,
            "the other actor answered meanwhile"
        );
        // The class learnt that `add_after` waits: the loop runs it from now on.
        let (_, task) = probed
            .probe
            .add_after(0, open_latch(), open_latch())
            .await
            .unwrap();
        assert_ne!(task, here);
    });
}

/// A first call of an async method that was ready at once but looked slow (its thread may
/// have been preempted) does not mark the method blocking for good: a quick call after it
/// proves the method quick.
#[test]
fn an_async_method_slow_on_its_first_call_proves_quick_on_a_later_quick_one() {
    on_one_worker(async {
        prove_quick(|probe| probe.add(0)).await;
        let Probed { probe, .. } = probe();
        probe.nap_async(5).await.unwrap();
        for _ in 0..3 {
            probe.nap_async(0).await.unwrap();
        }
        let Probed { probe, .. } = idle_probe().await;
        assert_eq!(probe.nap_async(0).await.unwrap(), Some(tokio::task::id()));
    });
}
