//! The timer of the process: one thread that fires each armed deadline once it passes (a
//! call's `timeout`, a restart's back-off), unless the deadline was dropped first.
//!
//! A deadline is an entry in one ordered table, taken out the moment its [`Deadline`] is
//! dropped: a call that settles before its timeout keeps nothing, so a million quick calls
//! with a ten-minute timeout cost no more than one. The table holds the target weakly, so
//! that a deadline never keeps a call's result alive. The thread sleeps until the earliest
//! deadline, with the precision of the operating system's clock (a timeout of a nanosecond
//! still fires, at once), and is told only when a deadline earlier than the one it sleeps
//! until is armed: arming the same timeout call after call wakes it about once per timeout.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures::task::AtomicWaker;
use parking_lot::{Condvar, Mutex, MutexGuard};

use crate::error::Error;

/// What a deadline fires.
pub(crate) trait Expire: Send + Sync {
    /// The deadline armed `after` ago passed.
    fn expire(&self, after: Duration);
}

/// An armed deadline: `target` fires at `at` unless this is dropped first.
#[must_use = "a deadline is disarmed when dropped"]
pub(crate) struct Deadline {
    at: Instant,
    id: u64,
}

impl Drop for Deadline {
    fn drop(&mut self) {
        TIMER.table.lock().entries.remove(&(self.at, self.id));
    }
}

/// Arms a deadline that fires `target` once `after` passes. `None` when `after` is so long
/// that no clock reaches it: such a deadline never fires. Fails only if the timer's thread
/// cannot be started.
pub(crate) fn arm(target: Weak<dyn Expire>, after: Duration) -> Result<Option<Deadline>, Error> {
    let Some(at) = Instant::now().checked_add(after) else {
        return Ok(None);
    };
    let mut table = TIMER.table.lock();
    table.start()?;
    let id = table.next_id;
    table.next_id += 1;
    table.entries.insert((at, id), Entry { target, after });
    let earlier = table.wakes_at.is_none_or(|wakes_at| at < wakes_at);
    if earlier {
        table.wakes_at = Some(at);
    }
    drop(table);
    if earlier {
        TIMER.changed.notify_one();
    }
    Ok(Some(Deadline { at, id }))
}

/// Waits `duration` without holding a thread, on any runtime (whether or not it has tokio's
/// timer enabled). Ends at once if the timer's thread cannot be started.
pub(crate) fn sleep(duration: Duration) -> Sleep {
    let alarm = Arc::new(Alarm::default());
    let target: Weak<dyn Expire> = Arc::downgrade(&alarm) as Weak<Alarm>;
    match arm(target, duration) {
        Ok(deadline) => Sleep {
            alarm,
            _deadline: deadline,
        },
        Err(_) => {
            alarm.fired.store(true, Ordering::Release);
            Sleep {
                alarm,
                _deadline: None,
            }
        }
    }
}

/// The future of [`sleep`]; dropping it disarms its deadline.
pub(crate) struct Sleep {
    alarm: Arc<Alarm>,
    _deadline: Option<Deadline>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.alarm.fired.load(Ordering::Acquire) {
            return Poll::Ready(());
        }
        self.alarm.waker.register(cx.waker());
        if self.alarm.fired.load(Ordering::Acquire) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

/// What a [`Sleep`] waits for.
#[derive(Default)]
struct Alarm {
    fired: AtomicBool,
    waker: AtomicWaker,
}

impl Expire for Alarm {
    fn expire(&self, _after: Duration) {
        self.fired.store(true, Ordering::Release);
        self.waker.wake();
    }
}

/// One armed deadline in the table.
struct Entry {
    target: Weak<dyn Expire>,
    after: Duration,
}

/// The armed deadlines, by time and then by arming order.
struct Table {
    entries: BTreeMap<(Instant, u64), Entry>,
    next_id: u64,
    /// When the thread wakes next; `None` while it waits for a deadline to be armed.
    wakes_at: Option<Instant>,
    started: bool,
}

impl Table {
    /// Starts the timer's thread, unless it runs.
    fn start(&mut self) -> Result<(), Error> {
        if self.started {
            return Ok(());
        }
        std::thread::Builder::new()
            .name("actor-core-timer".into())
            .spawn(run)
            .map_err(|error| Error::RuntimeStart {
                message: format!("the timer's thread could not start: {error}"),
            })?;
        self.started = true;
        Ok(())
    }

    /// Takes out the entries whose time came by `now`.
    fn take_due(&mut self, now: Instant) -> Vec<Entry> {
        let mut due = Vec::new();
        while let Some(first) = self.entries.first_entry() {
            if first.key().0 > now {
                break;
            }
            due.push(first.remove());
        }
        due
    }
}

struct Timer {
    table: Mutex<Table>,
    /// Told when a deadline earlier than `wakes_at` is armed.
    changed: Condvar,
}

static TIMER: Timer = Timer {
    table: Mutex::new(Table {
        entries: BTreeMap::new(),
        next_id: 0,
        wakes_at: None,
        started: false,
    }),
    changed: Condvar::new(),
};

/// The timer's thread: fires the deadlines that passed, then sleeps until the next one. With
/// no deadline armed it still sleeps until the time it last aimed at, so that a deadline
/// armed meanwhile for later wakes nobody.
fn run() {
    let mut table = TIMER.table.lock();
    loop {
        let now = Instant::now();
        let due = table.take_due(now);
        if !due.is_empty() {
            MutexGuard::unlocked(&mut table, || fire(due));
            continue;
        }
        let first = table.entries.first_key_value().map(|((at, _), _)| *at);
        table.wakes_at = first.or(table.wakes_at.filter(|at| *at > now));
        match table.wakes_at {
            Some(at) => {
                TIMER.changed.wait_until(&mut table, at);
            }
            None => TIMER.changed.wait(&mut table),
        }
    }
}

/// Fires the targets of `due` that still exist, outside the table's lock: a target that
/// settles drops its deadline, which takes the lock.
fn fire(due: Vec<Entry>) {
    for entry in due {
        if let Some(target) = entry.target.upgrade() {
            target.expire(entry.after);
        }
    }
}
