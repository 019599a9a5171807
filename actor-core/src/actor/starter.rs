//! Starting actors' loops in batches, from a starter task.
//!
//! A program that creates actors in a row (Ray's `[Actor.remote() for _ in range(n)]`)
//! would spawn one tokio task per actor from one thread. Each spawn on a worker displaces
//! the last one from the worker's LIFO slot, and tokio wakes a parked worker for it: a
//! system call on the I/O driver's eventfd for every few actors, and a worker that wakes,
//! steals a task or two and parks again, over and over: with two workers, creating 100,000
//! actors took longer than with one. Here the creating thread hands each loop to a starter
//! task instead, one per [`BATCH`] actors, which spawns them where it runs: one wake per
//! batch, and the other worker spawns and runs the loops while the creator goes on.

use std::cell::RefCell;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::lock::lock;

/// Spawns the loop of one actor on the runtime it is given: the one its starter runs on.
/// It holds what makes the loop rather than the loop's future, to stay small: it is made
/// on the creating thread and freed on another, and glibc takes the lock of the creating
/// thread's arena to free a large block there (with the future in it, the two threads
/// contended on that lock).
pub(super) type Start = Box<dyn FnOnce(&tokio::runtime::Handle) + Send>;

/// At most this many loops per starter: a larger batch wakes the other worker less often;
/// a starter spawns all of its loops in one poll, which this keeps short.
const BATCH: usize = 256;

/// The loops one starter spawns, gathered until it runs.
struct StartBatch {
    /// `None` once the starter took them (or was dropped unrun).
    starts: Mutex<Option<Vec<Start>>>,
}

impl StartBatch {
    fn starts(&self) -> MutexGuard<'_, Option<Vec<Start>>> {
        lock(&self.starts)
    }

    /// Adds `start` to the batch, unless the starter took it already or it is full.
    fn add(&self, start: Start) -> Result<(), Start> {
        match self.starts().as_mut() {
            Some(starts) if starts.len() < BATCH => {
                starts.push(start);
                Ok(())
            }
            _ => Err(start),
        }
    }

    /// Takes the loops out of the batch: no more join it.
    fn take(&self) -> Vec<Start> {
        self.starts().take().unwrap_or_default()
    }
}

/// What the starter task holds: its batch and its runtime.
struct Starter {
    batch: Arc<StartBatch>,
    home: tokio::runtime::Handle,
}

impl Starter {
    /// Spawns the loops of the batch.
    fn run(&self) {
        for start in self.batch.take() {
            start(&self.home);
        }
    }
}

/// Dropped unpolled (its runtime shut down first), the starter still spawns its loops:
/// the runtime drops each at once, and its actor dies as any actor does at shutdown,
/// rather than wait for a loop that never runs.
impl Drop for Starter {
    fn drop(&mut self) {
        self.run();
    }
}

thread_local! {
    /// The batch this thread adds to, and the runtime its starter runs on.
    static OPEN: RefCell<Option<(tokio::runtime::Id, Arc<StartBatch>)>> =
        const { RefCell::new(None) };
}

/// Has `start` run on `home` soon, by a starter task: the one this thread last made for
/// `home` if it has room and has not run yet, else a new one.
pub(super) fn start(home: &tokio::runtime::Handle, start: Start) {
    let home_id = home.id();
    let refused = OPEN.with(|open| match open.borrow().as_ref() {
        Some((id, batch)) if *id == home_id => batch.add(start),
        _ => Err(start),
    });
    let Err(start) = refused else {
        return;
    };
    let mut starts = Vec::with_capacity(BATCH);
    starts.push(start);
    let batch = Arc::new(StartBatch {
        starts: Mutex::new(Some(starts)),
    });
    OPEN.with(|open| *open.borrow_mut() = Some((home_id, batch.clone())));
    let starter = Starter {
        batch,
        home: home.clone(),
    };
    home.spawn(async move { starter.run() });
}

#[cfg(all(test, not(loom)))]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::{BATCH, start};

    /// Starts that count their runs, and the count.
    fn counted(starts: usize, runtime: &tokio::runtime::Runtime) -> Arc<AtomicUsize> {
        let ran = Arc::new(AtomicUsize::new(0));
        for _ in 0..starts {
            let ran = ran.clone();
            start(
                runtime.handle(),
                Box::new(move |_| {
                    ran.fetch_add(1, Ordering::Relaxed);
                }),
            );
        }
        ran
    }

    /// A current-thread runtime polls its tasks only inside `block_on`: until then, the
    /// starters wait unpolled.
    fn unpolled_runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a current-thread runtime builds")
    }

    #[test]
    fn every_start_runs_once_over_several_starters() {
        let runtime = unpolled_runtime();
        let ran = counted(2 * BATCH + 1, &runtime);
        assert_eq!(
            ran.load(Ordering::Relaxed),
            0,
            "nothing runs before the starters"
        );
        runtime.block_on(tokio::task::yield_now());
        assert_eq!(ran.load(Ordering::Relaxed), 2 * BATCH + 1);
    }

    #[test]
    fn a_starter_dropped_unpolled_still_runs_its_starts() {
        let runtime = unpolled_runtime();
        let ran = counted(3, &runtime);
        // Its actors' loops are then dropped by the runtime at once, and they die.
        drop(runtime);
        assert_eq!(ran.load(Ordering::Relaxed), 3);
    }
}
