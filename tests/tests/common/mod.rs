//! Helpers shared by the integration tests: a latch that sync and async code can wait on,
//! a count of runs that a test can wait on, an actor whose calls can be held until the
//! test lets them go, and a runtime with one worker thread for tests of where calls run.

// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::future::Future;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use actor_core::prelude::*;

/// How long a test waits for something that should happen at once before it fails.
/// Generous: only a hang (a bug) ever reaches it.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// Runs `test` as a task of a new multi-threaded tokio runtime with one worker thread; the
/// actors it creates run there too (an actor runs on its creator's runtime).
///
/// With one worker, one task runs at a time, which makes the speed mechanisms certain
/// rather than likely: a task that awaited a call which an actor's loop answered resumes
/// only once that loop has parked again (the answer puts the task in the worker's next
/// slot, and the loop runs on until it waits), so the actor is idle for the task's next
/// call. Not so after a method that ran off the worker (`block_in_place` hands the worker
/// to a new thread, and the loop finishes its turn beside it): a test proves its methods
/// quick on actors of their own before it relies on an idle loop.
pub fn on_one_worker<F: Future<Output = ()> + Send + 'static>(test: F) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_time()
        .build()
        .expect("a tokio runtime with one worker thread");
    runtime.block_on(async move {
        if let Err(failed) = tokio::spawn(test).await {
            std::panic::resume_unwind(failed.into_panic());
        }
    });
}

/// A one-way gate: closed until `open`, then open for good. Sync code waits with `wait`,
/// async code with `wait_async`.
#[derive(Debug, Default)]
pub struct Latch {
    open: Mutex<bool>,
    opened: Condvar,
    notify: tokio::sync::Notify,
}

impl Latch {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    pub fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.opened.notify_all();
        self.notify.notify_waiters();
    }

    pub fn is_open(&self) -> bool {
        *self.open.lock().unwrap()
    }

    /// Blocks this thread until the latch opens.
    pub fn wait(&self) {
        let mut open = self.open.lock().unwrap();
        while !*open {
            open = self.opened.wait(open).unwrap();
        }
    }

    /// Blocks this thread until the latch opens or `timeout` passes; returns whether it opened.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let open = self.open.lock().unwrap();
        let (open, _) = self
            .opened
            .wait_timeout_while(open, timeout, |open| !*open)
            .unwrap();
        *open
    }

    /// Waits, without blocking the thread, until the latch opens.
    pub async fn wait_async(&self) {
        loop {
            let notified = self.notify.notified();
            let mut notified = std::pin::pin!(notified);
            notified.as_mut().enable();
            if self.is_open() {
                return;
            }
            notified.await;
        }
    }

    /// Waits (blocking) for the latch, failing the test if it stays closed for `PATIENCE`.
    pub fn expect_open(&self, what: &str) {
        assert!(self.wait_timeout(PATIENCE), "{what} did not happen");
    }
}

/// An actor whose calls can be held: `hold` (async) and `block` (sync, blocks its thread)
/// open `started` when they begin and return once `gate` opens.
#[actor]
pub struct Gated {
    served: u32,
}

#[actor(local)]
impl Gated {
    pub fn new() -> Self {
        Self { served: 0 }
    }

    /// Holds the actor without blocking a thread until `gate` opens; returns `tag`.
    pub async fn hold(&mut self, started: Arc<Latch>, gate: Arc<Latch>, tag: u32) -> u32 {
        started.open();
        gate.wait_async().await;
        self.served += 1;
        tag
    }

    /// Blocks its thread until `gate` opens; returns `tag`.
    pub fn block(&mut self, started: Arc<Latch>, gate: Arc<Latch>, tag: u32) -> u32 {
        started.open();
        gate.wait();
        self.served += 1;
        tag
    }

    /// Answers at once.
    pub fn echo(&mut self, tag: u32) -> u32 {
        self.served += 1;
        tag
    }

    /// How many calls were served.
    pub fn served(&self) -> u32 {
        self.served
    }
}

/// Opened by [`Arrival::arrived`]. One per test binary: one test of a binary may use it.
pub static ARRIVED: std::sync::LazyLock<Latch> = std::sync::LazyLock::new(Latch::default);

/// The driver's side of a latch that a worker process opens: an actor of the driver whose
/// one method opens [`ARRIVED`]. A worker's method given its handle calls it to say it got
/// somewhere, an event the test waits on.
#[actor]
#[derive(Default)]
pub struct Arrival {}

#[actor]
impl Arrival {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn arrived(&self) {
        ARRIVED.open();
    }
}

/// Starts a `Gated` actor and a call on it that is held until the returned gate opens.
/// Returns once the held call runs, so later calls to the actor queue behind it.
pub fn held_actor() -> (GatedHandle, ObjectRef<u32>, Arc<Latch>) {
    let actor = Gated::remote();
    let started = Latch::new();
    let gate = Latch::new();
    let held = actor.hold(started.clone(), gate.clone(), u32::MAX);
    started.expect_open("the held call to start");
    (actor, held, gate)
}

/// Counts the runs of work that holds a place (a CPU, a camera) while it runs: how many run
/// now, the most that ever ran at once, and how many started. A test waits on it for a
/// number of starts, without sleeping.
#[derive(Debug, Default)]
pub struct Crowd {
    counts: Mutex<CrowdCounts>,
    changed: Condvar,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CrowdCounts {
    /// Runs going on now.
    pub running: usize,
    /// The most runs ever going on at once.
    pub peak: usize,
    /// Runs started in all.
    pub started: usize,
}

impl Crowd {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Counts a run that starts.
    pub fn enter(&self) {
        let mut counts = self.counts.lock().unwrap();
        counts.running += 1;
        counts.started += 1;
        counts.peak = counts.peak.max(counts.running);
        self.changed.notify_all();
    }

    /// Counts a run that ends.
    pub fn leave(&self) {
        self.counts.lock().unwrap().running -= 1;
        self.changed.notify_all();
    }

    /// The counts now.
    pub fn counts(&self) -> CrowdCounts {
        *self.counts.lock().unwrap()
    }

    /// Blocks until `started` runs have started, failing the test after `PATIENCE`;
    /// returns the counts then.
    pub fn expect_started(&self, started: usize) -> CrowdCounts {
        let counts = self.counts.lock().unwrap();
        let (counts, _) = self
            .changed
            .wait_timeout_while(counts, PATIENCE, |counts| counts.started < started)
            .unwrap();
        assert!(
            counts.started >= started,
            "only {} of {started} runs started",
            counts.started
        );
        *counts
    }
}

/// Sends the signal `name` (`KILL`, `STOP`, `ABRT`, ...) to the process `pid`, with `kill(1)`.
pub fn signal(pid: u32, name: &str) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{name}"))
        .arg(pid.to_string())
        .status()
        .expect("kill(1) runs");
    assert!(status.success(), "kill -{name} {pid} failed");
}

/// The state letter of the process `pid` in `/proc` (`R`, `S`, `T` for stopped, `Z`, ...);
/// `None` once it is gone.
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The state follows the command name, which is in parentheses.
    stat.rsplit_once(") ")?.1.chars().next()
}

/// Waits until the process `pid` is stopped (`SIGSTOP` takes effect after `kill` returns, as
/// each of its threads next enters the kernel), failing after [`PATIENCE`]; polls `/proc`.
pub fn wait_until_stopped(pid: u32) {
    let deadline = std::time::Instant::now() + PATIENCE;
    while process_state(pid) != Some('T') {
        assert!(
            std::time::Instant::now() < deadline,
            "process {pid} did not stop within {PATIENCE:?}"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Whether the process `pid` has ended (gone, or a zombie its parent has not reaped yet).
pub fn is_gone(pid: u32) -> bool {
    matches!(process_state(pid), None | Some('Z'))
}

/// Waits until the process `pid` has ended, failing after [`PATIENCE`]. It polls `/proc`:
/// the end of a process that is not this one's child is no event this process can wait on.
pub fn wait_until_gone(pid: u32) {
    let deadline = std::time::Instant::now() + PATIENCE;
    while !is_gone(pid) {
        assert!(
            std::time::Instant::now() < deadline,
            "process {pid} is still running after {PATIENCE:?}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}
