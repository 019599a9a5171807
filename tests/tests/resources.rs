//! Resources: CPUs, GPUs, fractions and custom resources decide what runs at once.
//!
//! Every test here runs alone (they share one node of 2 CPUs, 1 GPU and 2 `camera`s) so
//! that the concurrency each one sees is its own.

mod common;

use std::sync::{Arc, Mutex, MutexGuard, Once};
use std::time::{Duration, Instant};

use actor_core::prelude::*;
use actor_core::{ActorState, Config};
use common::{Crowd, Latch, PATIENCE};

/// Serializes the tests of this file and starts the runtime once, with known resources.
fn node() -> MutexGuard<'static, ()> {
    static ALONE: Mutex<()> = Mutex::new(());
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        actor_core::init_with(
            Config::new()
                .num_cpus(2.0)
                .num_gpus(1.0)
                .resource("camera", 2.0),
        )
        .unwrap();
    });
    ALONE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs, counted in `crowd`, until `gate` opens; fails after `PATIENCE` if it never does.
#[task]
fn held(crowd: Arc<Crowd>, gate: Arc<Latch>) {
    crowd.enter();
    let opened = gate.wait_timeout(PATIENCE);
    crowd.leave();
    assert!(opened, "the test never let the task go");
}

/// Submits `tasks` held tasks with `options`, waits until `at_once` of them run, checks that
/// no more started (their resources are taken until the gate opens), then lets them all
/// finish and checks that they never ran more at once.
fn run_at_most(tasks: usize, at_once: usize, options: impl Fn() -> held::Options) {
    let (crowd, gate) = (Crowd::new(), Latch::new());
    let refs: Vec<_> = (0..tasks)
        .map(|_| options().remote(crowd.clone(), gate.clone()))
        .collect();
    let counts = crowd.expect_started(at_once);
    assert_eq!(
        counts.started, at_once,
        "the others wait while the first hold the resources"
    );
    gate.open();
    actor_core::get(refs).unwrap();
    let counts = crowd.counts();
    assert_eq!(counts.started, tasks);
    assert_eq!(counts.peak, at_once);
}

#[test]
fn three_one_cpu_tasks_on_two_cpus_run_two_at_a_time() {
    let _node = node();
    run_at_most(3, 2, held::options);
    assert_eq!(actor_core::available_resources()["CPU"], 2.0);
}

#[test]
fn half_cpu_tasks_run_four_at_a_time() {
    let _node = node();
    run_at_most(8, 4, || held::options().num_cpus(0.5));
}

#[test]
fn custom_resources_limit_concurrency() {
    let _node = node();
    run_at_most(4, 2, || {
        held::options().num_cpus(0.0).resource("camera", 1.0)
    });
    assert_eq!(actor_core::available_resources()["camera"], 2.0);
}

#[actor]
struct Gpu {
    id: u32,
}

#[actor]
impl Gpu {
    fn new(id: u32) -> Self {
        Self { id }
    }

    fn id(&self) -> u32 {
        self.id
    }
}

#[test]
fn an_actor_waits_in_pending_creation_until_resources_free_up() {
    let _node = node();
    let first = Gpu::options().num_gpus(1.0).remote(1).unwrap();
    assert_eq!(first.id().get().unwrap(), 1);
    assert_eq!(actor_core::available_resources()["GPU"], 0.0);
    let second = Gpu::options().num_gpus(1.0).remote(2).unwrap();
    // That the second actor waits can only be seen for a while: this waits for the event
    // that would show it did not (its call answered), for a short bound.
    let (ready, pending) =
        actor_core::wait(vec![second.id()], 1, Some(Duration::from_millis(100))).unwrap();
    assert!(
        ready.is_empty(),
        "the second GPU actor must wait for the GPU"
    );
    assert_eq!(second.state(), ActorState::PendingCreation);
    actor_core::kill(&first);
    let second_id = pending.into_iter().next().unwrap();
    assert_eq!(second_id.get_timeout(PATIENCE).unwrap(), 2);
    assert_eq!(second.state(), ActorState::Alive);
}

#[actor]
struct Echo;

#[actor]
impl Echo {
    fn new() -> Self {
        Self
    }

    fn echo(&self, n: u64) -> u64 {
        n
    }
}

/// Keeps its CPU busy, counted in `crowd`, until `gate` opens (at most `PATIENCE`).
#[task]
fn spin(crowd: Arc<Crowd>, gate: Arc<Latch>) -> u64 {
    crowd.enter();
    let until = Instant::now() + PATIENCE;
    let mut spins = 0_u64;
    while !gate.is_open() && Instant::now() < until {
        spins = spins.wrapping_add(1);
        std::hint::spin_loop();
    }
    crowd.leave();
    spins
}

#[test]
fn busy_tasks_do_not_delay_actor_replies() {
    let _node = node();
    let echo = Echo::remote();
    echo.echo(0).get().unwrap();
    let (crowd, gate) = (Crowd::new(), Latch::new());
    let busy: Vec<_> = (0..4)
        .map(|_| spin::remote(crowd.clone(), gate.clone()))
        .collect();
    // Both CPUs are taken by spinning tasks; the other two wait for one.
    crowd.expect_started(2);
    let started = Instant::now();
    for n in 0..100 {
        assert_eq!(echo.echo(n).get().unwrap(), n);
    }
    let replies = started.elapsed();
    assert_eq!(
        crowd.counts().running,
        2,
        "the tasks spun while the actor answered"
    );
    gate.open();
    actor_core::get(busy).unwrap();
    assert!(
        replies < Duration::from_millis(1000),
        "100 replies took {replies:?}"
    );
}

/// Set in the child process that [`num_cpus_comes_from_the_environment_when_not_configured`]
/// starts: the test then reports what the runtime detected instead.
const CHILD: &str = "ACTOR_CORE_TEST_CHILD";

#[test]
fn num_cpus_comes_from_the_environment_when_not_configured() {
    if std::env::var_os(CHILD).is_some() {
        // The child: its runtime starts with nothing configured, so it reads the variable.
        println!("CPU={}", actor_core::cluster_resources()["CPU"]);
        return;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "num_cpus_comes_from_the_environment_when_not_configured",
            "--nocapture",
        ])
        .env(actor_core::NUM_CPUS_ENV, "3.5")
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("CPU=3.5"), "{stdout}");
}

#[test]
fn a_cancelled_pending_task_never_runs() {
    let _node = node();
    let (crowd, gate) = (Crowd::new(), Latch::new());
    let running = held::options()
        .num_cpus(2.0)
        .remote(crowd.clone(), gate.clone());
    crowd.expect_started(1);
    // Both CPUs are held: these wait, in order, behind the running task.
    let pending = held::options()
        .num_cpus(2.0)
        .remote(crowd.clone(), gate.clone());
    let after = held::options()
        .num_cpus(2.0)
        .remote(crowd.clone(), gate.clone());
    assert!(actor_core::cancel(&pending));
    assert_eq!(pending.get().unwrap_err(), Error::Cancelled);
    gate.open();
    running.get().unwrap();
    // `after` queued behind `pending`: had `pending` been started, `after` would have got
    // the CPUs only once `pending` ended.
    after.get_timeout(PATIENCE).unwrap();
    assert_eq!(crowd.counts().started, 2, "the cancelled task never ran");
    assert_eq!(actor_core::available_resources()["CPU"], 2.0);
}
