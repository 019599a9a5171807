//! Resources: CPUs, GPUs, fractions and custom resources decide what runs at once.
//!
//! Every test here runs alone (they share one node of 2 CPUs, 1 GPU and 2 `camera`s) so
//! that the concurrency each one sees is its own.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, Once};
use std::time::{Duration, Instant};

use actor_core::prelude::*;
use actor_core::{ActorState, Config};

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

/// Records the peak number of tasks running at once.
struct Concurrency {
    running: AtomicUsize,
    peak: AtomicUsize,
    runs: AtomicUsize,
}

impl Concurrency {
    const fn new() -> Self {
        Self {
            running: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            runs: AtomicUsize::new(0),
        }
    }

    fn run(&self, work: impl FnOnce()) {
        self.runs.fetch_add(1, Ordering::SeqCst);
        let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        work();
        self.running.fetch_sub(1, Ordering::SeqCst);
    }

    fn reset(&self) {
        self.peak.store(0, Ordering::SeqCst);
        self.runs.store(0, Ordering::SeqCst);
    }

    fn runs(&self) -> usize {
        self.runs.load(Ordering::SeqCst)
    }

    fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

static SLEEPERS: Concurrency = Concurrency::new();

#[task]
fn sleeper(millis: u64) {
    SLEEPERS.run(|| std::thread::sleep(Duration::from_millis(millis)));
}

#[test]
fn three_one_cpu_tasks_on_two_cpus_run_two_at_a_time() {
    let _node = node();
    SLEEPERS.reset();
    let started = Instant::now();
    let refs: Vec<_> = (0..3).map(|_| sleeper::remote(200)).collect();
    actor_core::get(refs).unwrap();
    assert_eq!(SLEEPERS.peak(), 2);
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "the third waited"
    );
}

#[test]
fn half_cpu_tasks_run_four_at_a_time() {
    let _node = node();
    SLEEPERS.reset();
    let refs: Vec<_> = (0..8)
        .map(|_| sleeper::options().num_cpus(0.5).remote(150))
        .collect();
    actor_core::get(refs).unwrap();
    assert_eq!(SLEEPERS.peak(), 4);
}

#[test]
fn custom_resources_limit_concurrency() {
    let _node = node();
    SLEEPERS.reset();
    let refs: Vec<_> = (0..4)
        .map(|_| {
            sleeper::options()
                .num_cpus(0.0)
                .resource("camera", 1.0)
                .remote(150)
        })
        .collect();
    actor_core::get(refs).unwrap();
    assert_eq!(SLEEPERS.peak(), 2, "two cameras, two tasks at once");
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
    let second = Gpu::options().num_gpus(1.0).remote(2).unwrap();
    let second_id = second.id();
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(second.state(), ActorState::PendingCreation);
    assert!(
        !second_id.is_ready(),
        "the second GPU actor must wait for the GPU"
    );
    actor_core::kill(&first);
    assert_eq!(second_id.get_timeout(Duration::from_secs(5)).unwrap(), 2);
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

#[task]
fn spin(millis: u64) -> u64 {
    let until = Instant::now() + Duration::from_millis(millis);
    let mut spins = 0_u64;
    while Instant::now() < until {
        spins = spins.wrapping_add(1);
    }
    spins
}

#[test]
fn busy_tasks_do_not_delay_actor_replies() {
    let _node = node();
    let echo = Echo::remote();
    echo.echo(0).get().unwrap();
    let busy: Vec<_> = (0..4).map(|_| spin::remote(1500)).collect();
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    for n in 0..100 {
        assert_eq!(echo.echo(n).get().unwrap(), n);
    }
    let replies = started.elapsed();
    assert!(
        busy.iter().any(|task| !task.is_ready()),
        "the tasks must still be running while the actor answers"
    );
    assert!(
        replies < Duration::from_millis(1000),
        "100 replies took {replies:?}"
    );
    actor_core::get(busy).unwrap();
}

#[test]
fn num_cpus_comes_from_the_environment_when_not_configured() {
    let _node = node();
    if std::env::var("ACTOR_CORE_CHILD").is_ok() {
        return;
    }
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "env_child_reports_cpus", "--nocapture"])
        .env("ACTOR_CORE_NUM_CPUS", "3.5")
        .env("ACTOR_CORE_CHILD", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("CPU=3.5"), "{stdout}");
}

/// Run by the test above in a child process, with `ACTOR_CORE_NUM_CPUS` set.
#[test]
fn env_child_reports_cpus() {
    if std::env::var("ACTOR_CORE_CHILD").is_err() {
        return;
    }
    println!("CPU={}", actor_core::cluster_resources()["CPU"]);
}

#[test]
fn a_cancelled_pending_task_never_runs() {
    let _node = node();
    SLEEPERS.reset();
    let running = sleeper::options().num_cpus(2.0).remote(300);
    let pending = sleeper::options().num_cpus(2.0).remote(300);
    std::thread::sleep(Duration::from_millis(50));
    assert!(actor_core::cancel(&pending));
    assert_eq!(pending.get().unwrap_err(), Error::Cancelled);
    running.get().unwrap();
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(SLEEPERS.runs(), 1, "the cancelled task never ran");
    assert_eq!(actor_core::available_resources()["CPU"], 2.0);
}
