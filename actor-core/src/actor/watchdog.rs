//! The watchdog: a thread that notices a thread stuck in a call that was to be quick, as Go's
//! sysmon notices a goroutine that holds its thread too long, and has the work stuck behind
//! it run elsewhere.
//!
//! A sync method that proved quick runs inline on a runtime worker, with no thread hand-off
//! and no clock read (see `reply`). Should it start blocking, it holds its worker, and what
//! waits on that worker, or on the whole runtime when every worker is held so, waits too.
//!
//! - Each inline call publishes itself on its thread's [`Beat`]: a number, stored at its
//!   start and put back at its end; no clock, no atomic read-modify-write. Every [`TICK`] the
//!   watchdog thread looks at every beat: a call seen running at [`STUCK_LOOKS`] looks in a
//!   row is stuck. A thread that waits for a result, or runs a body off the workers, is not
//!   stuck ([`Paused`]): it gave its worker back (`block_in_place`). Nor is one that the
//!   kernel preempted: a look for which the thread mostly waited for a CPU (see
//!   `preemption`) does not count, so that a loaded machine does not mark quick methods.
//! - A stuck call counts as a slow call of its method when it returns, and one stuck for
//!   [`BLOCKED_LOOKS`] marks the method as blocking at once: the method's next calls run off
//!   the workers, and no longer outside their loops. A call that panicked is not judged:
//!   the time went to the panic hook (a backtrace takes a while to print), not the method.
//! - While a call is stuck, stand-in threads run the queued calls of actors whose loops may
//!   not get a worker, as far as those calls may run outside their loops (`Stranded`, the
//!   execution layer's one predicate): the actors of the stuck thread's runtime with calls
//!   queued when the stall is found (and again every [`RESCAN_LOOKS`]), and every actor of
//!   that runtime whose loop a call wakes while it lasts, and, at every look, those handed
//!   over before that have calls queued again (a call that came while another party held
//!   the actor's turn is left to its loop). Actors of other runtimes are left alone: their
//!   workers are not stuck. A caller that waits outside the stuck workers (a thread of its own, a task's
//!   thread, an actor whose calls a stand-in runs) gets its answer that way. What cannot be
//!   moved waits for the stuck call: plain tokio tasks queued on a stuck worker, the calls
//!   of actors that restart.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, LazyLock, Mutex, OnceLock, PoisonError, Weak};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

use crate::lock::lock;
use crate::registry;

use super::serving::Stranded;

mod preemption;

use preemption::{CpuWatch, ThreadStat};

/// How often the watchdog looks at the beats.
const TICK: Duration = Duration::from_millis(5);
/// A call seen running at this many looks in a row (so for at least two ticks) is stuck: the
/// work behind it is rescued, and it counts as a slow call of its method, as a timed call
/// that took longer than the method's threshold does (a few of them in a row, and the
/// method blocks). A quick call lasts microseconds.
const STUCK_LOOKS: u32 = 3;
/// A call stuck for this many looks in a row (so for at least 45 ms) shows at once that its
/// method blocks.
const BLOCKED_LOOKS: u32 = 10;
/// While a call is stuck, the actors with queued calls are looked for again this often (in
/// looks): a call queued before the stall was found, on an actor that no call was delivered
/// to since, is rescued then.
const RESCAN_LOOKS: u32 = 20;
/// At most this many stand-in threads: one that runs a call which turns out to block is
/// stuck too, and another takes over.
const MAX_STAND_INS: usize = 8;
/// A stand-in thread with nothing to do for this long ends.
const STAND_IN_IDLE: Duration = Duration::from_secs(1);
/// A stand-in runs at most this many calls of one actor before it looks at the others.
const STAND_IN_BUDGET: u32 = 256;

/// What one thread publishes about the inline call it runs.
struct Beat {
    /// How many inline calls started on this thread: the number of the last one. Written by
    /// the thread only.
    started: AtomicU64,
    /// The number of the innermost inline call running here; 0 for none.
    running: AtomicU64,
    /// The number of the call the watchdog found stuck here; 0 for none.
    stuck: AtomicU64,
    /// The number of the call the watchdog found stuck for [`BLOCKED_LOOKS`]; 0 for none.
    blocked: AtomicU64,
    /// The runtime this thread runs calls for, as the thread found it when it first ran one.
    runtime: Option<tokio::runtime::Handle>,
    /// Where the kernel tells whether this thread waits for a CPU.
    stat: Option<ThreadStat>,
}

/// A beat as the watchdog follows it.
struct Watching {
    beat: Weak<Beat>,
    /// The call it ran at the last look.
    last: u64,
    /// How many looks in a row saw that call running, and not merely waiting for a CPU.
    looks: u32,
    /// Whether the kernel kept the thread off a CPU between looks.
    cpu: CpuWatch,
}

thread_local! {
    /// This thread's beat, made when it first runs an inline call.
    static BEAT: OnceCell<Arc<Beat>> = const { OnceCell::new() };
}

/// The beats of the threads that ever ran an inline call and still run.
static BEATS: Mutex<Vec<Watching>> = Mutex::new(Vec::new());
/// The watchdog thread, once started.
static WATCHDOG: OnceLock<Thread> = OnceLock::new();
/// A call is stuck now: calls delivered meanwhile to actors of its runtime are handed to
/// the stand-ins. Read on the wake path; [`STALLED_RUNTIMES`] says which runtimes.
static STALLED: AtomicBool = AtomicBool::new(false);
/// The runtimes with a thread stuck in a call, at the last look.
static STALLED_RUNTIMES: Mutex<Vec<tokio::runtime::Id>> = Mutex::new(Vec::new());

impl Beat {
    /// This thread's beat, registered with the watchdog (started on the first), for the
    /// runtime it runs calls for.
    fn register() -> Arc<Beat> {
        Self::register_for(tokio::runtime::Handle::try_current().ok())
    }

    /// This thread's beat, for `runtime`: a call stuck here stalls it; with none, a call
    /// stuck here stalls no runtime, and is judged all the same.
    fn register_for(runtime: Option<tokio::runtime::Handle>) -> Arc<Beat> {
        let beat = Arc::new(Beat {
            started: AtomicU64::new(0),
            running: AtomicU64::new(0),
            stuck: AtomicU64::new(0),
            blocked: AtomicU64::new(0),
            runtime,
            stat: ThreadStat::current(),
        });
        lock(&BEATS).push(Watching {
            beat: Arc::downgrade(&beat),
            last: 0,
            looks: 0,
            cpu: CpuWatch::default(),
        });
        WATCHDOG.get_or_init(start);
        beat
    }
}

/// Runs `body`, an inline call, published on this thread's beat; if the watchdog found it
/// stuck, runs `on_stuck` once it returns (or unwinds), with `true` if it was stuck long
/// enough to show that its method blocks ([`BLOCKED_LOOKS`]), else `false` (it counts as
/// one slow call, see [`STUCK_LOOKS`]).
#[inline]
pub(crate) fn watch<R>(body: impl FnOnce() -> R, on_stuck: impl FnOnce(bool)) -> R {
    let mut call = Some((body, on_stuck));
    let watched = BEAT.try_with(|beat| {
        let (body, on_stuck) = call.take()?;
        let beat = beat.get_or_init(Beat::register);
        let number = beat.started.load(Ordering::Relaxed) + 1;
        beat.started.store(number, Ordering::Relaxed);
        let _end = End {
            outer: beat.running.load(Ordering::Relaxed),
            beat,
            call: number,
            on_stuck: Some(on_stuck),
        };
        beat.running.store(number, Ordering::Relaxed);
        Some(body())
    });
    match (watched, call) {
        (Ok(Some(value)), _) => value,
        // The thread is ending (its beat is gone): nothing watches it any more.
        (_, Some((body, _))) => body(),
        (Ok(None), None) | (Err(_), None) => unreachable!("the body ran or is still here"),
    }
}

/// Ends a watched call: the thread runs the call around it again, if any.
struct End<'a, F: FnOnce(bool)> {
    beat: &'a Beat,
    call: u64,
    outer: u64,
    on_stuck: Option<F>,
}

impl<F: FnOnce(bool)> Drop for End<'_, F> {
    #[inline]
    fn drop(&mut self) {
        self.beat.running.store(self.outer, Ordering::Relaxed);
        if self.beat.stuck.load(Ordering::Relaxed) != self.call {
            return;
        }
        stuck_call_ended();
        if !thread::panicking()
            && let Some(on_stuck) = self.on_stuck.take()
        {
            on_stuck(self.beat.blocked.load(Ordering::Relaxed) == self.call);
        }
    }
}

/// As a stuck call ends: recounts the runtimes with a thread stuck in a call now, at once
/// rather than at the watchdog's next look, so that the calls delivered from now on to
/// actors of the runtime whose thread is free again stay with their loops (they would run on
/// a stand-in, not where their callers await them).
#[cold]
fn stuck_call_ended() {
    let beats = lock(&BEATS);
    let runtimes: HashSet<tokio::runtime::Id> = beats
        .iter()
        .filter_map(|watching| {
            let beat = watching.beat.upgrade()?;
            let running = beat.running.load(Ordering::Relaxed);
            let stuck = running != 0 && beat.stuck.load(Ordering::Relaxed) == running;
            stuck.then(|| beat.runtime.as_ref().map(|runtime| runtime.id()))?
        })
        .collect();
    publish_stalls(&runtimes);
}

/// Publishes `runtimes` as those with a thread stuck in a call. The caller holds the lock of
/// [`BEATS`], which it counted them from: a look and the end of a stuck call publish in turn.
fn publish_stalls(runtimes: &HashSet<tokio::runtime::Id>) {
    let mut stalled = lock(&STALLED_RUNTIMES);
    stalled.clear();
    stalled.extend(runtimes.iter().copied());
    STALLED.store(!stalled.is_empty(), Ordering::Relaxed);
}

/// A thread that waits, or runs a body off the workers, until dropped: it gave its worker
/// back, so the inline call around it is not stuck meanwhile.
pub(crate) struct Paused {
    /// The beat and the call it ran, if the thread ran one.
    paused: Option<(Arc<Beat>, u64)>,
}

impl Paused {
    /// Pauses the inline call running here, if any.
    pub(crate) fn enter() -> Self {
        let beat = BEAT.try_with(|beat| beat.get().cloned()).ok().flatten();
        let paused = beat.and_then(|beat| {
            let call = beat.running.swap(0, Ordering::Relaxed);
            (call != 0).then_some((beat, call))
        });
        Self { paused }
    }
}

impl Drop for Paused {
    fn drop(&mut self) {
        if let Some((beat, call)) = &self.paused {
            beat.running.store(*call, Ordering::Relaxed);
        }
    }
}

/// Whether a call is stuck now, so that a call delivered may have to be handed to the
/// stand-ins (if its actor's runtime is the stuck one: [`strand`] looks).
#[inline]
pub(crate) fn stalled() -> bool {
    STALLED.load(Ordering::Relaxed)
}

/// Starts the watchdog thread.
fn start() -> Thread {
    let started = thread::Builder::new()
        .name("actor-core-watchdog".into())
        .spawn(watch_forever);
    match started {
        Ok(watchdog) => watchdog.thread().clone(),
        // Without it, a method that turns blocking is found by its timed calls only.
        Err(_) => thread::current(),
    }
}

/// The watchdog's loop: a look every tick.
fn watch_forever() {
    let mut stall = Stall::default();
    loop {
        thread::park_timeout(TICK);
        stall.look();
    }
}

/// What the watchdog knows of the stall it is in, if any.
#[derive(Default)]
struct Stall {
    /// The runtimes with a stuck thread, at the last look.
    runtimes: HashSet<tokio::runtime::Id>,
    /// Looks since the last search for actors with queued calls.
    since_search: u32,
}

impl Stall {
    /// One look at every beat.
    fn look(&mut self) {
        self.runtimes.clear();
        let now = Instant::now();
        let mut beats = lock(&BEATS);
        beats.retain_mut(|watching| {
            let Some(beat) = watching.beat.upgrade() else {
                return false;
            };
            let running = beat.running.load(Ordering::Relaxed);
            if running == 0 {
                watching.last = 0;
                return true;
            }
            if running != watching.last {
                watching.last = running;
                watching.looks = 1;
                watching.cpu.preempted(beat.stat.as_ref(), now);
                return true;
            }
            if !watching.cpu.preempted(beat.stat.as_ref(), now) {
                watching.looks += 1;
            }
            if watching.looks >= BLOCKED_LOOKS {
                beat.blocked.store(running, Ordering::Relaxed);
            }
            if watching.looks >= STUCK_LOOKS {
                beat.stuck.store(running, Ordering::Relaxed);
                if let Some(runtime) = &beat.runtime {
                    self.runtimes.insert(runtime.id());
                }
            }
            true
        });
        let stalled = !self.runtimes.is_empty();
        let was_stalled = STALLED.load(Ordering::Relaxed);
        if stalled || was_stalled {
            publish_stalls(&self.runtimes);
        }
        drop(beats);
        if stalled {
            self.since_search += 1;
            if !was_stalled || self.since_search >= RESCAN_LOOKS {
                self.since_search = 0;
                self.search();
            } else {
                self.sweep();
            }
        } else {
            // (Also after a stall that the end of its stuck call ended between two looks.)
            lock(&STAND_INS.state).during_stall.clear();
        }
        StandIns::grow();
    }

    /// Hands the actors handed over before in this stall that have calls queued again to the
    /// stand-ins. A call that came while another party held an actor's turn (a stand-in, or
    /// a caller that ran a call itself) was left to the actor's loop, which that party wakes
    /// as it lets go: a loop that may not get a worker while the stall lasts.
    fn sweep(&self) {
        let handed: Vec<Arc<dyn Stranded>> = {
            let mut state = lock(&STAND_INS.state);
            state
                .during_stall
                .retain(|_, actor| actor.strong_count() > 0);
            state
                .during_stall
                .values()
                .filter_map(Weak::upgrade)
                .collect()
        };
        for actor in handed {
            if actor.has_queued_calls() && self.runtimes.contains(&actor.home_runtime()) {
                hand_to_stand_ins(actor);
            }
        }
    }

    /// Hands the actors of stuck runtimes that have calls queued to the stand-ins.
    fn search(&self) {
        for actor in registry::all() {
            let actor: Arc<dyn Stranded> = actor;
            if actor.has_queued_calls() && self.runtimes.contains(&actor.home_runtime()) {
                hand_to_stand_ins(actor);
            }
        }
    }
}

/// Hands `actor` to the stand-ins if a thread of its runtime is stuck in a call, so that
/// its loop may not get a worker: they run its queued calls as far as they may run outside
/// its loop.
pub(crate) fn strand(actor: Arc<dyn Stranded>) {
    if stalled() && lock(&STALLED_RUNTIMES).contains(&actor.home_runtime()) {
        hand_to_stand_ins(actor);
    }
}

/// Hands `actor`, whose loop may not get a worker, to the stand-ins.
fn hand_to_stand_ins(actor: Arc<dyn Stranded>) {
    let mut stand_ins = lock(&STAND_INS.state);
    stand_ins
        .during_stall
        .entry(actor.counter())
        .or_insert_with(|| Arc::downgrade(&actor));
    if !stand_ins.queued.insert(actor.counter()) {
        return;
    }
    stand_ins.queue.push_back(actor);
    if stand_ins.idle > 0 {
        STAND_INS.work.notify_one();
    } else if let Some(watchdog) = WATCHDOG.get() {
        // It starts a stand-in at once.
        watchdog.unpark();
    }
}

/// The stand-in threads and their work.
struct StandIns {
    state: Mutex<StandInState>,
    /// Wakes an idle stand-in.
    work: Condvar,
}

#[derive(Default)]
struct StandInState {
    /// The actors whose calls wait for a stand-in, in order.
    queue: VecDeque<Arc<dyn Stranded>>,
    /// Their counters: each actor is queued once.
    queued: HashSet<u64>,
    /// Stand-ins waiting for work.
    idle: usize,
    /// Stand-ins running.
    threads: usize,
    /// The actors handed over since the stall began, by counter: looked at again at every
    /// look while it lasts (see [`Stall::sweep`]).
    during_stall: HashMap<u64, Weak<dyn Stranded>>,
}

static STAND_INS: LazyLock<StandIns> = LazyLock::new(|| StandIns {
    state: Mutex::default(),
    work: Condvar::new(),
});

impl StandIns {
    /// Starts a stand-in if work waits and none is idle (those running may be stuck).
    fn grow() {
        {
            let mut state = lock(&STAND_INS.state);
            if state.queue.is_empty() || state.idle > 0 || state.threads >= MAX_STAND_INS {
                return;
            }
            state.threads += 1;
        }
        let started = thread::Builder::new()
            .name("actor-core-stand-in".into())
            .spawn(stand_in);
        if started.is_err() {
            lock(&STAND_INS.state).threads -= 1;
        }
    }

    /// The next actor to run calls of, waiting for one; `None` once idle for long.
    fn next() -> Option<Arc<dyn Stranded>> {
        let mut state = lock(&STAND_INS.state);
        loop {
            if let Some(actor) = state.queue.pop_front() {
                state.queued.remove(&actor.counter());
                return Some(actor);
            }
            state.idle += 1;
            let (woken, waited) = STAND_INS
                .work
                .wait_timeout(state, STAND_IN_IDLE)
                .unwrap_or_else(PoisonError::into_inner);
            state = woken;
            state.idle -= 1;
            if waited.timed_out() && state.queue.is_empty() {
                return None;
            }
        }
    }
}

/// Counts a stand-in thread out when it ends, even by a panic.
struct StandInThread;

impl Drop for StandInThread {
    fn drop(&mut self) {
        lock(&STAND_INS.state).threads -= 1;
    }
}

/// A stand-in thread's loop: runs the queued calls of the actors handed to it, each under
/// its runtime (so that `tokio::spawn` in a method works as in its loop).
fn stand_in() {
    let _counted = StandInThread;
    // No worker of any runtime: a call stuck here holds up no runtime's other work (another
    // stand-in takes over), whichever runtime it runs calls for.
    let _registered = BEAT.try_with(|beat| {
        beat.get_or_init(|| Beat::register_for(None));
    });
    while let Some(actor) = StandIns::next() {
        let Some(runtime) = runtime_of(actor.home_runtime()) else {
            continue;
        };
        let _runtime = runtime.enter();
        // Calls left after this stand-in let go of the actor's turn: its budget ran out, or
        // they came while it ran, and another stand-in handed them found the turn held and
        // left them to it (the loop they woke may not get a worker). A stand-in that ran
        // nothing found the turn held, by a party other than a stand-in (a caller that runs
        // a call itself): the watchdog's next look hands the calls it leaves over again.
        if actor.run_queued_calls_here(STAND_IN_BUDGET) > 0 && actor.has_queued_calls() {
            strand(actor);
        }
    }
}

/// A handle of the runtime `id`, from a thread that ran calls on it.
fn runtime_of(id: tokio::runtime::Id) -> Option<tokio::runtime::Handle> {
    lock(&BEATS).iter().find_map(|watching| {
        let beat = watching.beat.upgrade()?;
        beat.runtime.clone().filter(|runtime| runtime.id() == id)
    })
}
