//! Whether a thread that the watchdog sees in one call between two looks was kept off a CPU
//! by the kernel (preempted, waiting for its turn), rather than running or blocking in the
//! call: only the latter is stuck. Linux tells through `/proc`; elsewhere every look counts.
//!
//! The kernel adds a wait for a CPU to a thread's `schedstat` only when the thread gets a
//! CPU back, so a wait that still goes on shows nowhere there. It shows in the thread's
//! state and CPU time instead: a thread that is runnable (`R` in its `stat`) and whose CPU
//! time barely grew since the last look waited in the run queue meanwhile.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Where the kernel tells about one thread: `/proc/<pid>/task/<tid>`.
#[derive(Debug)]
pub(super) struct ThreadStat {
    dir: PathBuf,
}

impl ThreadStat {
    /// The calling thread's, if the kernel tells.
    pub(super) fn current() -> Option<Self> {
        let thread = std::fs::read_link("/proc/thread-self").ok()?;
        Some(Self {
            dir: Path::new("/proc").join(thread),
        })
    }

    /// What the kernel tells about the thread now; `None` if it cannot be read.
    fn sample(&self) -> Option<Sample> {
        let schedstat = std::fs::read_to_string(self.dir.join("schedstat")).ok()?;
        let mut figures = schedstat.split_whitespace();
        let ran = Duration::from_nanos(figures.next()?.parse().ok()?);
        let waited = Duration::from_nanos(figures.next()?.parse().ok()?);
        let stat = std::fs::read_to_string(self.dir.join("stat")).ok()?;
        // "tid (name) S ...": the name may hold spaces and parentheses.
        let state = stat
            .get(stat.rfind(')')? + 1..)?
            .trim_start()
            .chars()
            .next()?;
        Some(Sample {
            ran,
            waited,
            runnable: state == 'R',
        })
    }
}

/// One look at a thread.
#[derive(Clone, Copy, Debug)]
struct Sample {
    /// CPU time, in all (the kernel brings it up to date at each tick, 1 to 10 ms).
    ran: Duration,
    /// Time spent waiting for a CPU, in all, up to the thread's last return to a CPU.
    waited: Duration,
    /// Running, or waiting for a CPU, now (not asleep).
    runnable: bool,
}

/// A thread followed from look to look.
#[derive(Debug, Default)]
pub(super) struct CpuWatch {
    /// When the thread was last looked at, and what the kernel told then.
    last: Option<(Instant, Sample)>,
}

impl CpuWatch {
    /// Looks at the thread of `stat` at `now`: whether it was kept off a CPU for most of
    /// the time since the last look. A thread that the kernel preempted is not stuck in its
    /// call, however long the call lasts; one that ran or slept in it is.
    pub(super) fn preempted(&mut self, stat: Option<&ThreadStat>, now: Instant) -> bool {
        let sample = stat.and_then(ThreadStat::sample);
        let last = std::mem::replace(&mut self.last, sample.map(|sample| (now, sample)));
        let (Some((then, before)), Some(sample)) = (last, sample) else {
            return false;
        };
        let since = now.duration_since(then);
        // A wait that ended since the last look.
        let waited = sample.waited.saturating_sub(before.waited) * 2 > since;
        // A wait that goes on: runnable, yet it hardly ran.
        let waits = sample.runnable && sample.ran.saturating_sub(before.ran) * 2 < since;
        waited || waits
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    use super::{CpuWatch, ThreadStat};

    /// A thread asleep between two looks is not preempted: it blocks in its call.
    #[test]
    fn a_sleeping_thread_is_not_preempted() {
        let (stat_sent, stat) = mpsc::channel();
        let (done, wait_done) = mpsc::channel::<()>();
        let sleeper = std::thread::spawn(move || {
            stat_sent.send(ThreadStat::current()).unwrap();
            wait_done.recv().unwrap();
        });
        let stat = stat.recv().unwrap().expect("Linux tells of its threads");
        // Its block in `recv` shows in its state, which no event tells of: polled.
        while stat.sample().is_none_or(|sample| sample.runnable) {
            std::thread::yield_now();
        }
        let mut watch = CpuWatch::default();
        assert!(!watch.preempted(Some(&stat), Instant::now()));
        // The time between two looks, asleep.
        std::thread::sleep(Duration::from_millis(20));
        assert!(stat.sample().is_some_and(|sample| !sample.runnable));
        assert!(!watch.preempted(Some(&stat), Instant::now()));
        done.send(()).unwrap();
        sleeper.join().unwrap();
    }

    /// A thread that runs between two looks is not preempted (the test's own thread: it
    /// spins on a CPU meanwhile).
    #[test]
    fn a_running_thread_is_not_preempted() {
        let stat = ThreadStat::current().expect("Linux tells of its threads");
        let mut watch = CpuWatch::default();
        let started = Instant::now();
        assert!(!watch.preempted(Some(&stat), started));
        // Spin until the kernel's CPU time for this thread moved on by 20 ms (a machine
        // shared with others may take longer to give it that).
        let at_start = stat.sample().unwrap();
        while stat.sample().unwrap().ran < at_start.ran + Duration::from_millis(20) {
            std::hint::spin_loop();
        }
        let now = Instant::now();
        let at_end = stat.sample().unwrap();
        assert!(at_end.runnable);
        let ran = at_end.ran - at_start.ran;
        let waited = at_end.waited - at_start.waited;
        // Only meaningful if the thread ran for most of the time and did not wait for a CPU
        // for half of it (a loaded machine makes it wait); else it was preempted.
        let since = now.duration_since(started);
        if ran * 2 > since && waited * 2 < since {
            assert!(!watch.preempted(Some(&stat), now));
        }
    }

    /// Without what the kernel tells, every look counts.
    #[test]
    fn without_a_stat_no_look_is_preempted() {
        let mut watch = CpuWatch::default();
        assert!(!watch.preempted(None, Instant::now()));
        assert!(!watch.preempted(None, Instant::now()));
    }
}
