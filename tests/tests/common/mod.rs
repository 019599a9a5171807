//! Helpers shared by the integration tests: a latch that sync and async code can wait on,
//! and an actor whose calls can be held until the test lets them go.

// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use actor_core::prelude::*;

/// How long a test waits for something that should happen at once before it fails.
/// Generous: only a hang (a bug) ever reaches it.
pub const PATIENCE: Duration = Duration::from_secs(10);

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

/// Waits until `object_ref` is ready, at most `PATIENCE`; returns whether it became ready.
pub fn ready_soon<T: Send + 'static>(object_ref: &ObjectRef<T>) -> bool {
    let deadline = std::time::Instant::now() + PATIENCE;
    while !object_ref.is_ready() {
        if std::time::Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    true
}
