//! A randomized stress test of fault tolerance: threads make random calls, panics, kills,
//! restarts, terminates and cancels on many actors at once, driven by seeded RNGs, and then
//! check that nothing hung, that every result is one the operation can produce, that every
//! actor's count matches the increments it answered, and that every actor is gone after.
//!
//! Rounds of another shape send calls along random chains and cycles of actors whose sync
//! methods `.get()` the next one's, with kills: nothing may hang, and a cycle must fail with
//! `Error::Deadlock`.
//!
//! A round of turncoats has quick methods start to block on every worker of a runtime while
//! another actor is pinged: every ping still resolves, once.
//!
//! The op sequences are fixed by the seed; the interleavings are not. To replay a seed:
//! `STRESS_SEED=<n> cargo test -p tests --test stress`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Once, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use actor_core::prelude::*;
use actor_core::{ActorId, ActorState, DeathCause, context};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// How long a result, a thread or the last actor may take. Only a hang reaches it.
const PATIENCE: Duration = Duration::from_secs(10);
/// Actors alive at once (a killed or dead one is replaced now and then).
const ACTORS: usize = 16;
/// Threads doing random operations at once.
const THREADS: usize = 8;
/// Operations per thread and round.
const OPS_PER_THREAD: usize = 3_000;
/// The class name of the actor under test, to find its instances in the state API.
const CLASS: &str = "StressCounter";

/// The instance id the next construction gets: a restart makes a new instance.
static NEXT_INSTANCE: AtomicU64 = AtomicU64::new(1);
/// The id the next call gets, for the whole binary.
static NEXT_CALL: AtomicU64 = AtomicU64::new(1);
/// Every increment that ran: call id -> (instance, count after it).
static EXECUTED: Mutex<BTreeMap<u64, (u64, u64)>> = Mutex::new(BTreeMap::new());
/// The actor each instance that served a call belongs to.
static INSTANCES: Mutex<BTreeMap<u64, ActorId>> = Mutex::new(BTreeMap::new());
/// The instances whose `#[on_stop]` ran.
static STOPPED: Mutex<BTreeSet<u64>> = Mutex::new(BTreeSet::new());
/// Rounds run one at a time: they check the state API for leftovers of their class.
static SERIAL: Mutex<()> = Mutex::new(());

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A failed round must not fail the next ones with a poisoned lock.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A counter whose every increment is logged by call id, so that each result can be checked.
#[actor]
struct StressCounter {
    instance: u64,
    count: u64,
}

#[actor]
impl StressCounter {
    fn new() -> Self {
        Self {
            instance: NEXT_INSTANCE.fetch_add(1, Ordering::Relaxed),
            count: 0,
        }
    }

    fn incr(&mut self, call: u64) -> (u64, u64) {
        self.bump(call)
    }

    /// Blocks its thread for `micros` first (a long one is learnt as blocking).
    fn slow_incr(&mut self, call: u64, micros: u64) -> (u64, u64) {
        thread::sleep(Duration::from_micros(micros));
        self.bump(call)
    }

    /// Yields once first: a cancel or kill drops it there, before it counts.
    async fn async_incr(&mut self, call: u64) -> (u64, u64) {
        tokio::task::yield_now().await;
        self.bump(call)
    }

    fn boom(&mut self, call: u64) -> (u64, u64) {
        self.seen();
        panic!("boom {call}")
    }

    fn read(&self) -> (u64, u64) {
        self.seen();
        (self.instance, self.count)
    }

    #[on_stop]
    fn stopping(&mut self) {
        lock(&STOPPED).insert(self.instance);
    }
}

impl StressCounter {
    fn bump(&mut self, call: u64) -> (u64, u64) {
        self.seen();
        self.count += 1;
        let value = (self.instance, self.count);
        lock(&EXECUTED).insert(call, value);
        value
    }

    /// Notes which actor this instance belongs to.
    fn seen(&self) {
        if let Some(id) = context::actor_id() {
            lock(&INSTANCES).entry(self.instance).or_insert(id);
        }
    }
}

/// One actor made during a round, as the test knows it.
#[derive(Debug)]
struct Life {
    index: usize,
    id: ActorId,
    max_restarts: i32,
    /// How often a call whose panic restarted the actor runs again.
    max_task_retries: i32,
    /// Set before `kill` / `terminate` is called.
    kill_requested: AtomicBool,
    terminate_requested: AtomicBool,
    /// Set after `kill` / `terminate` returned: later calls must fail.
    killed: AtomicBool,
    terminated: AtomicBool,
    /// `kill` calls that have not returned yet.
    kills_in_flight: AtomicUsize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Incr,
    SlowIncr,
    AsyncIncr,
    Boom,
    Read,
}

impl Kind {
    fn increments(self) -> bool {
        matches!(self, Self::Incr | Self::SlowIncr | Self::AsyncIncr)
    }
}

/// One call made by a worker thread, and what came of it.
#[derive(Debug)]
struct Call {
    id: u64,
    life: Arc<Life>,
    kind: Kind,
    object_ref: Option<ObjectRef<(u64, u64)>>,
    /// `cancel` returned true for it: its result must be `Cancelled`.
    cancelled: bool,
    /// Its `ObjectRef` was dropped unresolved (fire-and-forget): it has no result.
    dropped: bool,
    /// Made after `kill` / `terminate` of its actor returned (every `kill` of it).
    after_kill: bool,
    after_terminate: bool,
    /// Its result was there as soon as the call returned.
    ready_at_once: bool,
    result: Option<Result<(u64, u64), Error>>,
}

impl Call {
    /// The result; `None` only for a call whose `ObjectRef` was dropped.
    fn result(&self) -> Option<&Result<(u64, u64), Error>> {
        assert!(
            self.dropped || self.result.is_some(),
            "call {} was never resolved",
            self.id
        );
        self.result.as_ref()
    }

    fn settle(&mut self, result: Result<(u64, u64), Error>) {
        if let Err(Error::Timeout { .. }) = result {
            panic!(
                "call {} ({:?}) to actor {} (life {}) did not resolve within {PATIENCE:?}: a hang",
                self.id, self.kind, self.life.id, self.life.index
            );
        }
        self.result = Some(result);
    }

    /// Waits for the result, failing the test if it does not come within `PATIENCE`.
    fn resolve(&mut self) {
        if let Some(object_ref) = self.object_ref.take() {
            let result = object_ref.get_timeout(PATIENCE);
            self.settle(result);
        }
    }

    /// Awaits the result in async code (a tokio runtime of the worker thread's own).
    fn resolve_async(&mut self, runtime: &tokio::runtime::Runtime) {
        if let Some(object_ref) = self.object_ref.take() {
            let result = runtime
                .block_on(async { tokio::time::timeout(PATIENCE, object_ref).await })
                .unwrap_or(Err(Error::Timeout { after: PATIENCE }));
            self.settle(result);
        }
    }
}

type Slot = Mutex<(Arc<Life>, StressCounterHandle)>;

/// The actors of one round: the current one of each slot, and every one made.
struct Round {
    slots: Vec<Slot>,
    lives: Mutex<Vec<Arc<Life>>>,
}

impl Round {
    fn new(rng: &mut StdRng) -> Self {
        let lives = Mutex::new(Vec::new());
        let slots = (0..ACTORS)
            .map(|_| Mutex::new(Self::spawn(&lives, rng)))
            .collect();
        Self { slots, lives }
    }

    fn spawn(lives: &Mutex<Vec<Arc<Life>>>, rng: &mut StdRng) -> (Arc<Life>, StressCounterHandle) {
        let max_restarts = [0, 1, 3, -1][rng.random_range(0..4)];
        let max_task_retries = [0, 0, 1][rng.random_range(0..3)];
        let handle = StressCounter::options()
            .max_restarts(max_restarts)
            .max_task_retries(max_task_retries)
            .remote()
            .expect("an unnamed actor always starts");
        let mut lives = lock(lives);
        let life = Arc::new(Life {
            index: lives.len(),
            id: handle.actor_id(),
            max_restarts,
            max_task_retries,
            kill_requested: AtomicBool::new(false),
            terminate_requested: AtomicBool::new(false),
            killed: AtomicBool::new(false),
            terminated: AtomicBool::new(false),
            kills_in_flight: AtomicUsize::new(0),
        });
        lives.push(life.clone());
        (life, handle)
    }

    fn current(&self, slot: usize) -> (Arc<Life>, StressCounterHandle) {
        lock(&self.slots[slot]).clone()
    }

    /// Puts a new actor in `slot`; with `only_if_dead`, only if its actor is dead.
    /// The old handle is dropped, which stops a live actor after its queued calls.
    fn replace(&self, slot: usize, only_if_dead: bool, rng: &mut StdRng) {
        // Drawn whether or not it is used, so that the op sequence depends on the seed only.
        let mut spawn_rng = StdRng::seed_from_u64(rng.random());
        let mut current = lock(&self.slots[slot]);
        if only_if_dead && !matches!(current.1.state(), ActorState::Dead { .. }) {
            return;
        }
        let old = std::mem::replace(&mut *current, Self::spawn(&self.lives, &mut spawn_rng));
        drop(current);
        drop(old);
    }
}

/// What one worker thread does: `OPS_PER_THREAD` random operations, then resolve the rest.
fn worker(round: &Round, seed: u64, thread: usize) -> Vec<Call> {
    let mut rng = StdRng::seed_from_u64(seed ^ (thread as u64 + 1).wrapping_mul(0x9E37_79B9));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a tokio runtime for async waits");
    let mut calls: Vec<Call> = Vec::new();
    let mut pending: Vec<usize> = Vec::new();
    for _ in 0..OPS_PER_THREAD {
        let slot = rng.random_range(0..ACTORS);
        match rng.random_range(0..1000) {
            0..580 => {
                let kind = match rng.random_range(0..100) {
                    0..45 => Kind::Incr,
                    45..65 => Kind::AsyncIncr,
                    65..75 => Kind::SlowIncr,
                    75..81 => Kind::Boom,
                    _ => Kind::Read,
                };
                pending.push(calls.len());
                calls.push(submit(round, slot, kind, &mut rng));
            }
            580..650 if !pending.is_empty() => {
                let call = pending.swap_remove(rng.random_range(0..pending.len()));
                calls[call].resolve();
            }
            650..700 if !pending.is_empty() => {
                let call = pending.swap_remove(rng.random_range(0..pending.len()));
                calls[call].resolve_async(&runtime);
            }
            700..740 => resolve_all(&mut calls, &mut pending),
            // Cancel a recent call, likely queued or running.
            740..840 if !pending.is_empty() => {
                let recent = pending.len().saturating_sub(4)..pending.len();
                let call = &mut calls[pending[rng.random_range(recent)]];
                if let Some(object_ref) = &call.object_ref {
                    call.cancelled |= actor_core::cancel(object_ref);
                }
            }
            // Fire-and-forget: drop a recent call's `ObjectRef`; the call still runs.
            840..860 if !pending.is_empty() => {
                let recent = pending.len().saturating_sub(4)..pending.len();
                let call = pending.swap_remove(rng.random_range(recent));
                calls[call].object_ref = None;
                calls[call].dropped = true;
            }
            860..875 => {
                let (life, handle) = round.current(slot);
                life.kill_requested.store(true, Ordering::SeqCst);
                life.kills_in_flight.fetch_add(1, Ordering::SeqCst);
                actor_core::kill(&handle);
                life.killed.store(true, Ordering::SeqCst);
                life.kills_in_flight.fetch_sub(1, Ordering::SeqCst);
            }
            875..885 => {
                let (life, handle) = round.current(slot);
                life.terminate_requested.store(true, Ordering::SeqCst);
                actor_core::terminate(&handle);
                life.terminated.store(true, Ordering::SeqCst);
            }
            885..895 => round.replace(slot, false, &mut rng),
            _ => round.replace(slot, true, &mut rng),
        }
    }
    resolve_all(&mut calls, &mut pending);
    calls
}

fn submit(round: &Round, slot: usize, kind: Kind, rng: &mut StdRng) -> Call {
    let (life, handle) = round.current(slot);
    // A `kill` that finds the actor already dead returns at once, maybe before the kill
    // that won has closed the mailbox (a runtime bug): so a call counts as made after a kill
    // only once every kill of its actor has returned.
    let after_kill =
        life.killed.load(Ordering::SeqCst) && life.kills_in_flight.load(Ordering::SeqCst) == 0;
    let after_terminate = life.terminated.load(Ordering::SeqCst);
    let id = NEXT_CALL.fetch_add(1, Ordering::Relaxed);
    let object_ref = match kind {
        Kind::Incr => handle.incr(id),
        Kind::SlowIncr => handle.slow_incr(id, rng.random_range(0..3_000)),
        Kind::AsyncIncr => handle.async_incr(id),
        Kind::Boom => handle.boom(id),
        Kind::Read => handle.read(),
    };
    Call {
        id,
        life,
        kind,
        ready_at_once: object_ref.is_ready(),
        object_ref: Some(object_ref),
        cancelled: false,
        dropped: false,
        after_kill,
        after_terminate,
        result: None,
    }
}

/// Waits for every pending call at once with `actor_core::wait`.
fn resolve_all(calls: &mut [Call], pending: &mut Vec<usize>) {
    let refs: Vec<_> = pending
        .iter()
        .filter_map(|&call| calls[call].object_ref.take())
        .collect();
    let total = refs.len();
    let (ready, not_ready) =
        actor_core::wait(refs, total, Some(PATIENCE)).expect("a plain thread may block");
    if !not_ready.is_empty() {
        let stuck: Vec<u64> = pending.iter().map(|&call| calls[call].id).collect();
        panic!(
            "{} of the calls {stuck:?} did not resolve within {PATIENCE:?}: a hang",
            not_ready.len()
        );
    }
    for (&call, object_ref) in pending.iter().zip(ready) {
        calls[call].settle(object_ref.get_timeout(Duration::ZERO));
    }
    pending.clear();
}

/// The state of an actor that was still in its slot at the end of the round.
struct Final {
    life: Arc<Life>,
    read: Result<(u64, u64), Error>,
    state: ActorState,
    info: Option<actor_core::state::ActorInfo>,
}

/// Sends on its channel when dropped: a worker thread's "done", panic or not.
struct SaysDone(mpsc::Sender<()>);

impl Drop for SaysDone {
    fn drop(&mut self) {
        let _ = self.0.send(());
    }
}

/// The actors of class `class` that the runtime still knows of.
fn leftovers(class: &str) -> Vec<actor_core::state::ActorInfo> {
    actor_core::state::list_actors()
        .into_iter()
        .filter(|info| info.class_name == class)
        .collect()
}

/// Memory returns: once every handle is dropped, every actor of class `class` stops and is
/// forgotten. No event says that an actor was forgotten (its cell is freed by whichever
/// thread drops the last reference), so this polls the state API, with a deadline.
fn wait_until_forgotten(seed: u64, class: &str) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let left = leftovers(class);
        if left.is_empty() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "seed {seed}: {} actors of {class} still known {PATIENCE:?} after their last \
             handle was dropped: {left:#?}",
            left.len()
        );
        thread::sleep(Duration::from_millis(5));
    }
}

/// Runs `work(thread)` on `threads` threads and hands back what each returned, in order.
/// Each thread says when it is done, even by a panic (its guard drops then); one that takes
/// longer than three times PATIENCE (each call resolves within PATIENCE) fails the test.
fn on_threads<T: Send + 'static>(
    seed: u64,
    threads: usize,
    work: impl Fn(usize) -> T + Send + Sync + 'static,
) -> Vec<T> {
    let started = Instant::now();
    let work = Arc::new(work);
    let (done, finished) = mpsc::channel::<()>();
    let workers: Vec<_> = (0..threads)
        .map(|thread| {
            let (work, done) = (work.clone(), done.clone());
            thread::spawn(move || {
                let _done = SaysDone(done);
                work(thread)
            })
        })
        .collect();
    drop(done);
    let deadline = started + PATIENCE * 3;
    for _ in 0..threads {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            finished.recv_timeout(left).is_ok(),
            "seed {seed}: a worker thread is still blocked after {:?}",
            PATIENCE * 3
        );
    }
    workers
        .into_iter()
        .map(|worker| {
            worker
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
        .collect()
}

fn quiet_boom_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let message = info.payload().downcast_ref::<String>();
            if !message.is_some_and(|message| message.starts_with("boom ")) {
                default(info);
            }
        }));
    });
}

/// One round: threads doing random operations, then every actor dropped; checks everything.
fn round(seed: u64) {
    quiet_boom_panics();
    assert!(
        leftovers(CLASS).is_empty(),
        "actors left by an earlier round (did it fail?)"
    );
    lock(&EXECUTED).clear();
    lock(&INSTANCES).clear();
    lock(&STOPPED).clear();

    let started = Instant::now();
    let round = Arc::new(Round::new(&mut StdRng::seed_from_u64(seed)));
    let threads: Vec<Vec<Call>> = {
        let round = round.clone();
        on_threads(seed, THREADS, move |thread| worker(&round, seed, thread))
    };

    // The actors still in their slots: read each counter, then drop every handle.
    let round = Arc::into_inner(round).expect("the workers are gone");
    let finals: Vec<Final> = round
        .slots
        .into_iter()
        .map(|slot| {
            let (life, handle) = slot.into_inner().unwrap_or_else(|p| p.into_inner());
            let read = handle.read().get_timeout(PATIENCE);
            assert!(
                !matches!(read, Err(Error::Timeout { .. })),
                "seed {seed}: the final read of actor {} hung",
                life.id
            );
            let state = handle.state();
            let info = actor_core::state::get_actor_info(life.id);
            Final {
                life,
                read,
                state,
                info,
            }
        })
        .collect();
    let lives = round.lives.into_inner().unwrap_or_else(|p| p.into_inner());

    wait_until_forgotten(seed, CLASS);

    check(seed, &lives, &threads, &finals);
    eprintln!(
        "seed {seed}: {} actors, {:?}: {}",
        lives.len(),
        started.elapsed(),
        tally(&threads)
    );
}

/// How the calls of a round ended, by kind of result: shows what a seed exercised.
fn tally(threads: &[Vec<Call>]) -> String {
    let executed = lock(&EXECUTED).clone();
    let mut tally: BTreeMap<String, usize> = BTreeMap::new();
    for call in threads.iter().flatten() {
        let ran = if executed.contains_key(&call.id) {
            " (ran)"
        } else {
            ""
        };
        let outcome = match call.result() {
            None => format!("dropped{ran}"),
            Some(Ok(_)) => "ok".to_owned(),
            Some(Err(Error::ActorDied { cause, .. })) => {
                let cause = format!("{cause:?}");
                let cause = cause
                    .split([' ', '{'])
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                format!("died:{cause}{ran}")
            }
            Some(Err(error)) => {
                let error = format!("{error:?}");
                let error = error
                    .split([' ', '{'])
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                format!("{error}{ran}")
            }
        };
        *tally.entry(outcome).or_default() += 1;
    }
    let instances = lock(&INSTANCES).len();
    format!("{tally:?}, {instances} instances")
}

/// Whether an actor could have died of `cause`, given what was done to it.
fn cause_allowed(life: &Life, cause: &DeathCause, booms: &[String]) -> bool {
    let boom = |method: &str, message: &String| method == "boom" && booms.contains(message);
    match cause {
        DeathCause::Killed => life.kill_requested.load(Ordering::SeqCst),
        DeathCause::Terminated => life.terminate_requested.load(Ordering::SeqCst),
        DeathCause::MethodPanicked { method, message } => {
            life.max_restarts == 0 && boom(method, message)
        }
        DeathCause::OutOfRestarts {
            restarts,
            method,
            message,
        } => {
            life.max_restarts > 0
                && i64::from(*restarts) == i64::from(life.max_restarts)
                && boom(method, message)
        }
        _ => false,
    }
}

fn check(seed: u64, lives: &[Arc<Life>], threads: &[Vec<Call>], finals: &[Final]) {
    let executed = lock(&EXECUTED).clone();
    let instances = lock(&INSTANCES).clone();
    let calls: HashMap<u64, &Call> = threads.iter().flatten().map(|c| (c.id, c)).collect();
    let fail = |what: String| -> ! { panic!("seed {seed}: {what}") };

    // Every increment that ran was made by a call, on an instance of that call's actor, and
    // each instance counted 1, 2, ..., n: a fresh state per instance, nothing run twice.
    let mut counts: HashMap<u64, Vec<u64>> = HashMap::new();
    let mut instance_life: HashMap<u64, usize> = HashMap::new();
    for (&id, &(instance, count)) in &executed {
        let Some(call) = calls.get(&id) else {
            fail(format!("increment {id} ran, but no such call was made"))
        };
        if !call.kind.increments() {
            fail(format!("call {id} ({:?}) counted", call.kind));
        }
        if instances.get(&instance) != Some(&call.life.id) {
            fail(format!(
                "call {id} to actor {} ran on instance {instance} of {:?}",
                call.life.id,
                instances.get(&instance)
            ));
        }
        instance_life.insert(instance, call.life.index);
        counts.entry(instance).or_default().push(count);
    }
    for (instance, counts) in &mut counts {
        counts.sort_unstable();
        if !counts.iter().copied().eq(1..=counts.len() as u64) {
            fail(format!("instance {instance} counted {counts:?}"));
        }
    }

    // Every result is one its operation can produce.
    let mut causes: HashMap<usize, Vec<DeathCause>> = HashMap::new();
    let mut booms: HashMap<usize, Vec<String>> = HashMap::new();
    // Per instance: increments answered `Ok`, and those that ran but whose result was
    // settled first by a cancel or was never looked at.
    let mut ok_increments: HashMap<u64, u64> = HashMap::new();
    let mut unanswered_increments: HashMap<u64, u64> = HashMap::new();
    for call in calls.values() {
        if call.kind == Kind::Boom {
            booms
                .entry(call.life.index)
                .or_default()
                .push(format!("boom {}", call.id));
        }
    }
    for call in calls.values() {
        let ran = executed.get(&call.id);
        let Some(result) = call.result() else {
            if let Some(&(instance, _)) = ran {
                *unanswered_increments.entry(instance).or_default() += 1;
            }
            continue;
        };
        let what = || {
            format!(
                "call {} ({:?}) to actor {} (life {}, max_restarts {}, cancelled {}) got {result:?}",
                call.id,
                call.kind,
                call.life.id,
                call.life.index,
                call.life.max_restarts,
                call.cancelled
            )
        };
        match result {
            Ok(value) => match call.kind {
                Kind::Boom => fail(what()),
                Kind::Read => {}
                _ if ran == Some(value) => *ok_increments.entry(value.0).or_default() += 1,
                _ => fail(format!("{}, but it ran as {ran:?}", what())),
            },
            Err(Error::Cancelled) if call.cancelled => {
                if let Some(&(instance, _)) = ran {
                    *unanswered_increments.entry(instance).or_default() += 1;
                }
            }
            Err(Error::MethodPanicked {
                actor,
                method,
                message,
            }) if call.kind == Kind::Boom
                && actor.id == call.life.id
                && actor.class_name == CLASS
                && method == "boom"
                && *message == format!("boom {}", call.id) => {}
            Err(Error::ActorDied { actor, cause })
                if actor.id == call.life.id && actor.class_name == CLASS =>
            {
                if ran.is_some() && *cause != DeathCause::Killed {
                    fail(format!("{}, but it ran", what()));
                }
                causes
                    .entry(call.life.index)
                    .or_default()
                    .push(cause.clone());
            }
            _ => fail(what()),
        }
        if call.cancelled && *result != Err(Error::Cancelled) {
            fail(format!("{}: cancel() won, so it must be Cancelled", what()));
        }
        // After `terminate` returned, the mailbox refuses calls: they fail at once. After
        // `kill` returned they fail too, but not always at once: a `kill` that finds the
        // actor already dying of a panic returns before that death has closed the mailbox,
        // so a call can still be queued, then failed (or cancelled first).
        let died = matches!(result, Err(Error::ActorDied { .. }));
        if (call.after_kill && !died && !call.cancelled)
            || (call.after_terminate && !(died && call.ready_at_once))
        {
            fail(format!(
                "{}: made after kill ({}) / terminate ({}) returned, it must fail (ready at \
                 once: {})",
                what(),
                call.after_kill,
                call.after_terminate,
                call.ready_at_once
            ));
        }
    }

    // Each actor died at most once, of a cause that fits what was done to it.
    for (index, life_causes) in &mut causes {
        let life = &lives[*index];
        let booms = booms.get(index).map_or(&[][..], Vec::as_slice);
        for cause in life_causes.iter() {
            if !cause_allowed(life, cause, booms) {
                fail(format!("actor {} ({life:?}) died of {cause:?}", life.id));
            }
        }
        life_causes.dedup();
        let mut deaths: Vec<&DeathCause> = Vec::new();
        for cause in life_causes.iter() {
            // Calls refused while a terminated actor drains its queue say `Terminated`.
            if *cause != DeathCause::Terminated && !deaths.contains(&cause) {
                deaths.push(cause);
            }
        }
        if deaths.len() > 1 {
            fail(format!("actor {} died of each of {deaths:?}", life.id));
        }
    }

    // An actor has at most one instance per restart, and restarts only after a panic.
    let mut life_instances: HashMap<usize, BTreeSet<u64>> = HashMap::new();
    for (&instance, &life) in &instance_life {
        life_instances.entry(life).or_default().insert(instance);
    }
    for (&index, instances) in &life_instances {
        let life = &lives[index];
        // A panicking call runs again after the restart while it has retries left.
        let tries = 1 + usize::try_from(life.max_task_retries).unwrap_or(0);
        let mut most = 1 + tries * booms.get(&index).map_or(0, Vec::len);
        if let Ok(max_restarts) = usize::try_from(life.max_restarts) {
            most = most.min(1 + max_restarts);
        }
        if instances.len() > most {
            fail(format!(
                "actor {} ({life:?}) had instances {instances:?}",
                life.id
            ));
        }
    }

    // The counter of each live actor is exactly the increments of its current instance:
    // those answered `Ok`, plus those that ran but were cancelled while running or whose
    // `ObjectRef` was dropped.
    for last in finals {
        let life = &last.life;
        match (&last.read, &last.state) {
            (Ok((instance, count)), _) => {
                let ran = counts.get(instance).map_or(0, Vec::len) as u64;
                let answered = ok_increments.get(instance).copied().unwrap_or(0)
                    + unanswered_increments.get(instance).copied().unwrap_or(0);
                let newest = life_instances
                    .get(&life.index)
                    .and_then(|instances| instances.last());
                if *count != ran
                    || ran != answered
                    || newest.is_some_and(|newest| newest > instance)
                {
                    fail(format!(
                        "actor {} reads {count} on instance {instance} (newest {newest:?}); \
                         {ran} increments ran there, {answered} answered",
                        life.id
                    ));
                }
                // Its record agrees: alive, nothing queued, a restart per instance seen.
                let seen = life_instances.get(&life.index).map_or(0, BTreeSet::len);
                let restarts_allowed = u32::try_from(life.max_restarts).unwrap_or(u32::MAX);
                let agrees = last.info.as_ref().is_some_and(|info| {
                    info.state == ActorState::Alive
                        && info.queue_len == 0
                        && info.num_restarts <= restarts_allowed
                        && info.num_restarts as usize + 1 >= seen
                });
                if !agrees {
                    fail(format!(
                        "actor {} ({life:?}) answered, {seen} instances seen, but its record \
                         is {:?}",
                        life.id, last.info
                    ));
                }
            }
            (Err(Error::ActorDied { cause, .. }), state) => {
                let booms = booms.get(&life.index).map_or(&[][..], Vec::as_slice);
                if !cause_allowed(life, cause, booms) {
                    fail(format!(
                        "actor {} ({life:?}) refused with {cause:?}",
                        life.id
                    ));
                }
                if let ActorState::Dead { cause: died } = state {
                    let others = causes.get(&life.index).into_iter().flatten();
                    if !cause_allowed(life, died, booms)
                        || others
                            .into_iter()
                            .any(|cause| cause != died && *cause != DeathCause::Terminated)
                    {
                        fail(format!("actor {} ({life:?}) is dead of {died:?}", life.id));
                    }
                }
            }
            (other, _) => fail(format!("the final read of actor {} got {other:?}", life.id)),
        }
    }

    // Calls of one thread to one actor ran in the order they were made.
    for calls in threads {
        let mut last_instance: HashMap<usize, u64> = HashMap::new();
        let mut last_count: HashMap<u64, u64> = HashMap::new();
        for call in calls {
            let seen = match (call.kind, call.result()) {
                (Kind::Read, Some(Ok(value))) => Some((*value, false)),
                (kind, _) if kind.increments() => executed.get(&call.id).map(|v| (*v, true)),
                _ => None,
            };
            let Some(((instance, count), counted)) = seen else {
                continue;
            };
            let previous_instance = last_instance.entry(call.life.index).or_insert(instance);
            let previous = last_count.entry(instance).or_insert(0);
            if instance < *previous_instance || count < *previous || (counted && count == *previous)
            {
                fail(format!(
                    "call {} saw count {count} on instance {instance} after count {previous} \
                     on instance {previous_instance} from the same thread",
                    call.id
                ));
            }
            *previous_instance = instance;
            *previous = count;
        }
    }

    // `kill` never runs `#[on_stop]`: an actor killed (and never terminated) did not stop
    // gracefully.
    let stopped = lock(&STOPPED).clone();
    for instance in stopped {
        let Some(id) = instances.get(&instance) else {
            continue;
        };
        let Some(life) = lives.iter().find(|life| life.id == *id) else {
            fail(format!(
                "instance {instance} of an unknown actor {id} stopped"
            ))
        };
        if life.kill_requested.load(Ordering::SeqCst)
            && !life.terminate_requested.load(Ordering::SeqCst)
        {
            fail(format!(
                "actor {id} ({life:?}) was killed, yet its #[on_stop] ran on instance {instance}"
            ));
        }
    }
}

/// VmRSS of this process in KiB.
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))?;
    line.trim().trim_end_matches("kB").trim().parse().ok()
}

fn serial() -> MutexGuard<'static, ()> {
    lock(&SERIAL)
}

#[test]
fn stress_fixed_seed() {
    let _serial = serial();
    round(0x5EED);
}

#[test]
fn stress_more_seeds() {
    let _serial = serial();
    for seed in [1, 2] {
        round(seed);
    }
}

/// A seed given in `STRESS_SEED`, else one more fixed seed.
#[test]
fn stress_env_seed() {
    let _serial = serial();
    let seed = std::env::var("STRESS_SEED")
        .ok()
        .and_then(|seed| seed.trim().parse().ok())
        .unwrap_or(3);
    round(seed);
}

/// A second identical round leaves no more memory behind than the first did.
#[test]
fn stress_memory_returns() {
    let _serial = serial();
    round(4);
    let before = rss_kib();
    round(4);
    let after = rss_kib();
    if let (Some(before), Some(after)) = (before, after) {
        eprintln!("VmRSS after round 1: {before} KiB, after round 2: {after} KiB");
        assert!(
            after <= before + 32 * 1024,
            "VmRSS grew from {before} KiB to {after} KiB over an identical round"
        );
    }
}

// Chains and cycles of blocking waits: threads send calls along random paths of actors, each
// actor's sync method `.get()`ing the next one's, while other threads do the same and actors
// are killed. A path that comes back to an actor on it is a cycle; paths of different
// threads may also close cycles between them. Nothing may hang, a cycle must fail with
// `Error::Deadlock` naming actors of the round, and no wait may outlive its call.

/// Actors of a chain-and-cycle round at once.
const LINKS: usize = 8;
/// Threads sending calls along paths at once, when paths overlap.
const PATH_THREADS: usize = 4;
/// Paths per thread and round.
const PATHS_PER_THREAD: usize = 400;
/// The class name of the actor that relays calls, to find its instances in the state API.
const LINK_CLASS: &str = "StressLink";

/// An actor whose method calls the next actor of a path and waits for it.
#[actor]
struct StressLink;

#[actor]
impl StressLink {
    fn new() -> Self {
        Self
    }

    /// Calls the first of `path` with the rest of it and waits for its answer; returns how
    /// many actors the call went through after this one.
    fn relay(&self, path: Vec<StressLinkHandle>) -> Result<u32, Error> {
        let Some((next, rest)) = path.split_first() else {
            return Ok(0);
        };
        Ok(next.relay(rest.to_vec()).get_timeout(PATIENCE)?? + 1)
    }
}

/// One call sent along a path, and what came of it.
struct PathCall {
    /// The actors of the path, in order; the first is called by the thread.
    path: Vec<ActorId>,
    object_ref: Option<ObjectRef<Result<u32, Error>>>,
    result: Option<Result<u32, Error>>,
}

impl PathCall {
    /// Whether the path comes back to an actor on it.
    fn is_cycle(&self) -> bool {
        let distinct: BTreeSet<ActorId> = self.path.iter().copied().collect();
        distinct.len() < self.path.len()
    }

    fn resolve(&mut self) {
        if let Some(object_ref) = self.object_ref.take() {
            self.result = Some(object_ref.get_timeout(PATIENCE).and_then(|relayed| relayed));
        }
    }
}

/// A random path over `links`: `length` distinct actors, then, for a cycle, one of them again.
fn random_path(links: &[StressLinkHandle], cycle: bool, rng: &mut StdRng) -> Vec<usize> {
    let length = rng.random_range(1..=links.len().min(6));
    let mut path: Vec<usize> = (0..links.len()).collect();
    for index in 0..length {
        path.swap(index, rng.random_range(index..links.len()));
    }
    path.truncate(length);
    if cycle {
        path.push(path[rng.random_range(0..length)]);
    }
    path
}

/// What one thread of a chain-and-cycle round does; returns its calls and the actors it
/// killed.
fn path_worker(
    links: &[Mutex<StressLinkHandle>],
    seed: u64,
    thread: usize,
    overlap: bool,
) -> (Vec<PathCall>, Vec<ActorId>) {
    let mut rng = StdRng::seed_from_u64(seed ^ (thread as u64 + 1).wrapping_mul(0xC2B2_AE35));
    let mut calls: Vec<PathCall> = Vec::new();
    let mut killed = Vec::new();
    for _ in 0..PATHS_PER_THREAD {
        match rng.random_range(0..100) {
            0..90 => {
                let current: Vec<StressLinkHandle> =
                    links.iter().map(|link| lock(link).clone()).collect();
                let path = random_path(&current, rng.random_bool(0.5), &mut rng);
                let handles: Vec<StressLinkHandle> =
                    path.iter().map(|&index| current[index].clone()).collect();
                let object_ref = handles[0].relay(handles[1..].to_vec());
                calls.push(PathCall {
                    path: handles.iter().map(|handle| handle.actor_id()).collect(),
                    object_ref: Some(object_ref),
                    result: None,
                });
                // Up to a few calls in flight per thread: paths of one thread overlap too.
                if !overlap || rng.random_bool(0.5) {
                    calls.iter_mut().for_each(PathCall::resolve);
                }
            }
            90..97 => {
                let slot = &links[rng.random_range(0..links.len())];
                let mut handle = lock(slot);
                killed.push(handle.actor_id());
                actor_core::kill(&*handle);
                *handle = StressLink::remote();
            }
            _ => calls.iter_mut().for_each(PathCall::resolve),
        }
    }
    calls.iter_mut().for_each(PathCall::resolve);
    (calls, killed)
}

/// Checks what came of one call along a path. `ids` are the actors of the round, `hops`
/// every (caller, callee) of a path, both as they are printed.
fn check_path_call(
    seed: u64,
    call: &PathCall,
    killed: &BTreeSet<ActorId>,
    ids: &BTreeSet<String>,
    hops: &BTreeSet<(String, String)>,
) {
    let fail = |what: String| -> ! { panic!("seed {seed}: path {:?}: {what}", call.path) };
    let touched_killed = call.path.iter().any(|id| killed.contains(id));
    match call.result.as_ref() {
        None => fail("never resolved".to_owned()),
        Some(Ok(hops)) => {
            if call.is_cycle() {
                fail(format!("a cycle of waits answered Ok({hops})"));
            }
            if *hops as usize + 1 != call.path.len() {
                fail(format!("went through {hops} actors after the first"));
            }
        }
        Some(Err(Error::Deadlock { reason })) => {
            // "X waits for a call to Y, which waits for ... X" (or "X waits for a call to
            // that same actor"): each of these waits must be a hop of some path, else the
            // cycle was made up.
            let mut named: Vec<&str> = reason
                .split(|c: char| c.is_whitespace() || "(),:`".contains(c))
                .filter(|word| ids.contains(*word))
                .collect();
            if named.len() == 1 && reason.contains("that same actor") {
                named.push(named[0]);
            }
            if named.len() < 2 || named.first() != named.last() {
                fail(format!(
                    "the deadlock names no cycle of the round's actors: {reason}"
                ));
            }
            if let Some(made_up) = named
                .windows(2)
                .find(|wait| !hops.contains(&(wait[0].to_owned(), wait[1].to_owned())))
            {
                fail(format!(
                    "no path has the wait {made_up:?} of the deadlock: {reason}"
                ));
            }
        }
        Some(Err(Error::ActorDied {
            cause: DeathCause::Killed,
            ..
        })) if touched_killed => {}
        Some(Err(error)) => fail(format!("failed with {error:?}")),
    }
    if call.is_cycle()
        && !touched_killed
        && !matches!(call.result, Some(Err(Error::Deadlock { .. })))
    {
        fail(format!(
            "a cycle of waits ended with {:?}, not a deadlock",
            call.result
        ));
    }
}

/// One chain-and-cycle round: threads sending calls along random paths, then checks. With
/// `overlap`, several threads and several calls in flight per thread; else one call at a
/// time, so that a path without a cycle must not deadlock.
fn path_round(seed: u64, overlap: bool) {
    let threads = if overlap { PATH_THREADS } else { 1 };
    assert!(
        leftovers(LINK_CLASS).is_empty(),
        "links left by an earlier round (did it fail?)"
    );
    let started = Instant::now();
    let links: Arc<Vec<Mutex<StressLinkHandle>>> = Arc::new(
        (0..LINKS)
            .map(|_| Mutex::new(StressLink::remote()))
            .collect(),
    );
    let mut ids: BTreeSet<ActorId> = links.iter().map(|link| lock(link).actor_id()).collect();
    let results: Vec<(Vec<PathCall>, Vec<ActorId>)> = {
        let links = links.clone();
        on_threads(seed, threads, move |thread| {
            path_worker(&links, seed, thread, overlap)
        })
    };
    let killed: BTreeSet<ActorId> = results
        .iter()
        .flat_map(|(_, killed)| killed.iter().copied())
        .collect();
    let links = Arc::into_inner(links).expect("the path threads are gone");
    let survivors: Vec<StressLinkHandle> = links
        .into_iter()
        .map(|link| link.into_inner().unwrap_or_else(|p| p.into_inner()))
        .collect();
    ids.extend(killed.iter().copied());
    ids.extend(survivors.iter().map(|link| link.actor_id()));
    let calls: Vec<&PathCall> = results.iter().flat_map(|(calls, _)| calls).collect();
    let ids: BTreeSet<String> = ids.iter().map(ActorId::to_string).collect();
    let hops: BTreeSet<(String, String)> = calls
        .iter()
        .flat_map(|call| call.path.windows(2))
        .map(|hop| (hop[0].to_string(), hop[1].to_string()))
        .collect();
    for call in &calls {
        check_path_call(seed, call, &killed, &ids, &hops);
        if !overlap && !call.is_cycle() && matches!(call.result, Some(Err(Error::Deadlock { .. })))
        {
            panic!(
                "seed {seed}: a chain alone deadlocked: {:?}: {:?}",
                call.path, call.result
            );
        }
    }
    // No wait outlived its call: a chain through every survivor, alone, goes through.
    let chain = survivors[0].relay(survivors[1..].to_vec());
    let through = chain.get_timeout(PATIENCE).and_then(|relayed| relayed);
    assert_eq!(
        through,
        Ok(LINKS as u32 - 1),
        "seed {seed}: a chain after the round"
    );
    drop(survivors);
    wait_until_forgotten(seed, LINK_CLASS);
    let deadlocks = calls
        .iter()
        .filter(|call| matches!(call.result, Some(Err(Error::Deadlock { .. }))))
        .count();
    let cycles = calls.iter().filter(|call| call.is_cycle()).count();
    eprintln!(
        "seed {seed}: {} paths ({cycles} cycles), {deadlocks} deadlocks, {} kills, {:?}",
        calls.len(),
        killed.len(),
        started.elapsed()
    );
}

#[test]
fn stress_chains_and_cycles() {
    let _serial = serial();
    for seed in [0x5EED, 1] {
        path_round(seed, true);
    }
}

/// One path at a time: only a path that comes back to an actor on it may deadlock.
#[test]
fn stress_chains_and_cycles_one_at_a_time() {
    let _serial = serial();
    path_round(2, false);
}

// Turncoats: sync methods that proved quick (so they run inline on a worker) and then block,
// on as many actors as the runtime has workers, while other actors are pinged from threads
// outside the runtime and from an actor on it. Every call resolves, exactly once and in
// order; the worst round trip of a ping while the turncoats block is printed.

/// The class whose method turns blocking.
const TURNCOAT_CLASS: &str = "StressTurncoat";
/// The workers of the round's runtime, and the turncoats that block them.
const TURNCOATS: usize = 2;
/// The calls that prove the turncoats' method quick.
const TURNCOAT_QUICK_CALLS: u64 = 100;
/// The blocking calls each turncoat gets, and how long each blocks.
const TURNCOAT_NAPS: u64 = 3;
const TURNCOAT_NAP: Duration = Duration::from_millis(500);
/// Threads outside the runtime that ping.
const PING_THREADS: usize = 2;
/// The pings of one call of the pinging actor.
const PINGS_PER_CALL: u32 = 5;

#[actor]
struct StressTurncoat {
    calls: u64,
}

#[actor]
impl StressTurncoat {
    fn new() -> Self {
        Self { calls: 0 }
    }

    /// Sleeps `millis` (0 while it proves quick), then counts the call.
    fn work(&mut self, millis: u64) -> u64 {
        thread::sleep(Duration::from_millis(millis));
        self.calls += 1;
        self.calls
    }
}

/// The quick actor everybody pings.
#[actor]
struct StressPinged {
    pings: u64,
}

#[actor]
impl StressPinged {
    fn new() -> Self {
        Self { pings: 0 }
    }

    fn ping(&mut self) -> u64 {
        self.pings += 1;
        self.pings
    }

    fn pings(&self) -> u64 {
        self.pings
    }
}

/// An actor on the runtime that pings the quick actor.
#[actor]
struct StressPinger {
    pinged: StressPingedHandle,
}

#[actor]
impl StressPinger {
    fn new(pinged: StressPingedHandle) -> Self {
        Self { pinged }
    }

    /// Pings `times` times; hands back the answers and the slowest round trip.
    fn ping(&self, times: u32) -> Result<(Vec<u64>, Duration), String> {
        let mut answers = Vec::new();
        let mut slowest = Duration::ZERO;
        for _ in 0..times {
            let sent = Instant::now();
            answers.push(
                self.pinged
                    .ping()
                    .get()
                    .map_err(|error| error.to_string())?,
            );
            slowest = slowest.max(sent.elapsed());
        }
        Ok((answers, slowest))
    }
}

/// What one pinging thread saw: every answer, and the slowest round trip.
struct Pinged {
    answers: Vec<u64>,
    slowest: Duration,
}

/// Pings with `ping` until `done`, each within `PATIENCE`.
fn ping_until(done: &AtomicBool, mut ping: impl FnMut() -> Result<Vec<u64>, Error>) -> Pinged {
    let mut seen = Pinged {
        answers: Vec::new(),
        slowest: Duration::ZERO,
    };
    while !done.load(Ordering::Relaxed) {
        let sent = Instant::now();
        seen.answers
            .extend(ping().expect("a ping resolves while turncoats block"));
        seen.slowest = seen.slowest.max(sent.elapsed());
    }
    seen
}

fn turncoat_round(seed: u64) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(TURNCOATS)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let (turncoats, pinged, pinger) = {
        // Made on the runtime, whose workers run their loops.
        let _home = runtime.enter();
        let turncoats: Vec<StressTurncoatHandle> =
            (0..TURNCOATS).map(|_| StressTurncoat::remote()).collect();
        let pinged = StressPinged::remote();
        let pinger = StressPinger::remote(pinged.clone());
        (turncoats, pinged, pinger)
    };
    for turncoat in &turncoats {
        for call in 1..=TURNCOAT_QUICK_CALLS {
            assert_eq!(turncoat.work(0).get_timeout(PATIENCE), Ok(call));
        }
    }
    let warm = pinger.ping(PINGS_PER_CALL).get_timeout(PATIENCE);
    let warmed = u64::from(PINGS_PER_CALL);
    assert_eq!(
        warm.map(|pinged| pinged.map(|(answers, _)| answers.len())),
        Ok(Ok(5))
    );

    let done = Arc::new(AtomicBool::new(false));
    let pingers = {
        let (done, pinged, pinger) = (done.clone(), pinged.clone(), pinger.clone());
        thread::spawn(move || {
            on_threads(seed, PING_THREADS + 1, move |thread| {
                if thread < PING_THREADS {
                    ping_until(&done, || {
                        pinged.ping().get_timeout(PATIENCE).map(|ping| vec![ping])
                    })
                } else {
                    // Through an actor of the runtime: its round trips, as it measured them.
                    let mut slowest = Duration::ZERO;
                    let mut seen = ping_until(&done, || {
                        let (answers, slowest_here) = pinger
                            .ping(PINGS_PER_CALL)
                            .get_timeout(PATIENCE)?
                            .expect("the pinging actor's pings resolve");
                        slowest = slowest.max(slowest_here);
                        Ok(answers)
                    });
                    seen.slowest = slowest;
                    seen
                }
            })
        })
    };
    let started = Instant::now();
    let naps: Vec<Vec<ObjectRef<u64>>> = turncoats
        .iter()
        .map(|turncoat| {
            (0..TURNCOAT_NAPS)
                .map(|_| turncoat.work(TURNCOAT_NAP.as_millis() as u64))
                .collect()
        })
        .collect();
    let napped: Vec<Vec<Result<u64, Error>>> = naps
        .into_iter()
        .map(|naps| {
            naps.into_iter()
                .map(|nap| nap.get_timeout(PATIENCE))
                .collect()
        })
        .collect();
    let blocked_for = started.elapsed();
    done.store(true, Ordering::Relaxed);
    let seen = pingers
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));

    // Exactly once and in order: each turncoat counted each of its calls once.
    let expected: Vec<Result<u64, Error>> = (1..=TURNCOAT_NAPS)
        .map(|nap| Ok(TURNCOAT_QUICK_CALLS + nap))
        .collect();
    for (index, napped) in napped.iter().enumerate() {
        assert_eq!(napped, &expected, "seed {seed}: turncoat {index}'s naps");
    }
    // Every ping answered once: the answers are 1.. the count, with no gap and no repeat.
    let mut answers: Vec<u64> = seen.iter().flat_map(|seen| seen.answers.clone()).collect();
    answers.sort_unstable();
    let pings = pinged.pings().get_timeout(PATIENCE).expect("the count");
    assert_eq!(
        answers.len() as u64 + warmed,
        pings,
        "seed {seed}: pings answered"
    );
    assert!(
        answers.iter().copied().eq(warmed + 1..=pings),
        "seed {seed}: a ping answered twice or not at all"
    );
    drop((turncoats, pinged, pinger));
    wait_until_forgotten(seed, TURNCOAT_CLASS);
    let slowest = |threads: &[Pinged]| threads.iter().map(|seen| seen.slowest).max();
    eprintln!(
        "seed {seed}: {TURNCOATS} turncoats blocked {TURNCOAT_NAPS} x {TURNCOAT_NAP:?} each \
         ({blocked_for:?}); {} pings; slowest round trip of a ping: {:?} from threads outside \
         the runtime, {:?} from an actor on it",
        answers.len(),
        slowest(&seen[..PING_THREADS]),
        slowest(&seen[PING_THREADS..]),
    );
}

/// Once per process: the class learns for good that its method blocks.
#[test]
fn stress_turncoats() {
    let _serial = serial();
    turncoat_round(0x7C);
}
