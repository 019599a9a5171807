//! Restarts, retries, death causes, cancellation, graceful stop and the method context,
//! after Ray's `test_actor_failures.py`.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use actor_core::prelude::*;
use actor_core::{ActorState, DeathCause, context};
use common::{Latch, PATIENCE};

/// Counts calls; `incr(i)` panics when `i == panic_at` on the first instance only.
#[actor]
struct Flaky {
    count: u64,
    panic_at: u64,
}

#[actor]
impl Flaky {
    fn new(panic_at: u64) -> Self {
        Self { count: 0, panic_at }
    }

    fn incr(&mut self, i: u64) -> u64 {
        if i == self.panic_at && !context::was_restarted() {
            panic!("call {i} fails");
        }
        self.count += 1;
        self.count
    }

    fn restarted(&self) -> bool {
        context::was_restarted()
    }
}

fn two_hundred_calls(flaky: &FlakyHandle) -> Vec<Result<u64, Error>> {
    let refs: Vec<_> = (1..=200).map(|i| flaky.incr(i)).collect();
    refs.into_iter().map(|r| r.get_timeout(PATIENCE)).collect()
}

#[test]
fn a_restart_starts_from_a_fresh_state_and_keeps_the_queue() {
    let flaky = Flaky::options().max_restarts(1).remote(100).unwrap();
    let results = two_hundred_calls(&flaky);
    for (i, result) in results.iter().enumerate().take(99) {
        assert_eq!(result, &Ok(i as u64 + 1), "before the panic, in order");
    }
    assert!(
        matches!(&results[99], Err(Error::MethodPanicked { method, message, .. })
            if method == "incr" && message == "call 100 fails"),
        "{:?}",
        results[99]
    );
    for (n, result) in results[100..].iter().enumerate() {
        assert_eq!(
            result,
            &Ok(n as u64 + 1),
            "counted again from a fresh state"
        );
    }
    assert_eq!(flaky.state(), ActorState::Alive);
    assert!(flaky.restarted().get().unwrap());
    let info = actor_core::state::get_actor_info(flaky.actor_id()).unwrap();
    assert_eq!(info.num_restarts, 1);
}

#[test]
fn max_task_retries_reruns_the_call_that_killed_the_actor() {
    let flaky = Flaky::options()
        .max_restarts(1)
        .max_task_retries(-1)
        .remote(100)
        .unwrap();
    let results = two_hundred_calls(&flaky);
    for (i, result) in results.iter().enumerate().take(99) {
        assert_eq!(result, &Ok(i as u64 + 1));
    }
    for (n, result) in results[99..].iter().enumerate() {
        assert_eq!(
            result,
            &Ok(n as u64 + 1),
            "call 100 ran again first, on the new instance"
        );
    }
}

#[actor(max_restarts = 2)]
struct AlwaysPanics;

#[actor]
impl AlwaysPanics {
    fn new() -> Self {
        Self
    }

    fn boom(&self) {
        panic!("boom");
    }
}

#[test]
fn running_out_of_restarts_kills_with_that_cause() {
    let actor = AlwaysPanics::remote();
    for _ in 0..3 {
        let error = actor.boom().get_timeout(PATIENCE).unwrap_err();
        assert!(matches!(error, Error::MethodPanicked { .. }), "{error}");
    }
    match actor.boom().get_timeout(PATIENCE).unwrap_err() {
        Error::ActorDied {
            actor: label,
            cause,
        } => {
            assert_eq!(label.class_name, "AlwaysPanics");
            assert!(
                matches!(&cause, DeathCause::OutOfRestarts { restarts: 2, method, .. } if method == "boom"),
                "{cause:?}"
            );
        }
        other => panic!("expected ActorDied, got {other:?}"),
    }
}

static CONSTRUCTIONS: AtomicUsize = AtomicUsize::new(0);

/// Its constructor fails from the second construction on.
#[actor]
struct FailsOnRestart;

#[actor]
impl FailsOnRestart {
    fn new() -> Result<Self, String> {
        if CONSTRUCTIONS.fetch_add(1, Ordering::SeqCst) > 0 {
            return Err("the database is gone".to_owned());
        }
        Ok(Self)
    }

    fn boom(&self) {
        panic!("boom");
    }

    fn ping(&self) -> u8 {
        1
    }
}

#[test]
fn a_constructor_that_fails_on_restart_makes_the_actor_dead() {
    let actor = FailsOnRestart::options().max_restarts(5).remote().unwrap();
    assert_eq!(actor.ping().get().unwrap(), 1);
    let panicked = actor.boom();
    let queued = actor.ping();
    assert!(matches!(
        panicked.get().unwrap_err(),
        Error::MethodPanicked { .. }
    ));
    match queued.get_timeout(PATIENCE).unwrap_err() {
        Error::ActorDied {
            cause: DeathCause::ConstructorFailed { message },
            ..
        } => assert_eq!(message, "the database is gone"),
        other => panic!("expected ConstructorFailed, got {other:?}"),
    }
    assert!(matches!(
        actor.state(),
        ActorState::Dead {
            cause: DeathCause::ConstructorFailed { .. }
        }
    ));
}

#[test]
fn kill_never_restarts() {
    let flaky = Flaky::options().max_restarts(-1).remote(0).unwrap();
    assert_eq!(flaky.incr(1).get().unwrap(), 1);
    actor_core::kill(&flaky);
    let error = flaky.incr(2).get_timeout(PATIENCE).unwrap_err();
    assert!(
        matches!(
            error,
            Error::ActorDied {
                cause: DeathCause::Killed,
                ..
            }
        ),
        "{error}"
    );
}

/// Not `Clone`: an actor built from it cannot be restarted.
struct Ticket;

#[actor]
struct Holder;

#[actor(local)]
impl Holder {
    fn new(_ticket: Ticket) -> Self {
        Self
    }

    fn ping(&self) -> u8 {
        1
    }
}

#[test]
fn restarts_need_clone_constructor_arguments() {
    let error = Holder::options()
        .max_restarts(1)
        .remote(Ticket)
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidOptions { reason } if reason.contains("Clone")),
        "{error}"
    );
    assert_eq!(Holder::remote(Ticket).ping().get().unwrap(), 1);
}

/// What a `Recorder` did, in order; a test waits on it for an entry, without sleeping.
#[derive(Debug, Default)]
struct Log {
    entries: Mutex<Vec<String>>,
    changed: Condvar,
}

impl Log {
    fn push(&self, entry: impl Into<String>) {
        self.entries.lock().unwrap().push(entry.into());
        self.changed.notify_all();
    }

    fn contains(&self, entry: &str) -> bool {
        self.entries
            .lock()
            .unwrap()
            .iter()
            .any(|seen| seen == entry)
    }

    fn entries(&self) -> Vec<String> {
        self.entries.lock().unwrap().clone()
    }

    /// Blocks until `entry` is logged, failing the test after `PATIENCE`; returns the log.
    fn expect(&self, entry: &str) -> Vec<String> {
        let entries = self.entries.lock().unwrap();
        let (entries, _) = self
            .changed
            .wait_timeout_while(entries, PATIENCE, |entries| {
                !entries.iter().any(|seen| seen == entry)
            })
            .unwrap();
        assert!(
            entries.iter().any(|seen| seen == entry),
            "`{entry}` was not logged in time: {entries:?}"
        );
        entries.clone()
    }
}

/// Records what ran, for cancellation and stop tests; logs `dropped` when its instance goes.
#[actor]
struct Recorder {
    log: Arc<Log>,
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.log.push("dropped");
    }
}

#[actor(local)]
impl Recorder {
    fn new(log: Arc<Log>) -> Self {
        Self { log }
    }

    fn record(&mut self, entry: String) -> String {
        self.log.push(entry.clone());
        entry
    }

    /// Holds the actor, without blocking a thread, until `gate` opens.
    async fn hold(&mut self, gate: Arc<Latch>) {
        gate.wait_async().await;
    }

    /// Opens `started`, then sleeps `millis` without blocking its thread.
    async fn nap_async(&mut self, started: Arc<Latch>, millis: u64) -> u64 {
        started.open();
        tokio::time::sleep(Duration::from_millis(millis)).await;
        self.log.push("nap_async finished");
        millis
    }

    /// Spins until cancelled, for at most about `PATIENCE`; returns how it ended. A method of
    /// its own, so that its first call runs off the workers whatever other tests did.
    fn spin_until_cancelled(&self, started: Arc<Latch>) -> String {
        self.spin_rounds(u32::try_from(PATIENCE.as_millis()).unwrap(), started)
    }

    /// Opens `started`, then spins for up to `rounds` milliseconds until cancelled; returns
    /// how it ended.
    fn spin_rounds(&self, rounds: u32, started: Arc<Latch>) -> String {
        started.open();
        for _ in 0..rounds {
            if context::is_cancelled() {
                self.log.push("saw cancel");
                return "cancelled".to_owned();
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        "never cancelled".to_owned()
    }

    fn exit_now(&self) -> u8 {
        context::exit_actor();
        7
    }

    #[on_stop]
    fn stopping(&mut self) {
        self.log.push("on_stop");
    }
}

fn recorder() -> (RecorderHandle, Arc<Log>) {
    let log = Arc::new(Log::default());
    (Recorder::remote(log.clone()), log)
}

#[test]
fn cancel_drops_a_queued_call() {
    let (recorder, log) = recorder();
    let gate = Latch::new();
    let blocker = recorder.hold(gate.clone());
    let doomed = recorder.record("doomed".to_owned());
    let kept = recorder.record("kept".to_owned());
    assert!(actor_core::cancel(&doomed));
    assert_eq!(doomed.get().unwrap_err(), Error::Cancelled);
    gate.open();
    assert_eq!(kept.get_timeout(PATIENCE).unwrap(), "kept");
    blocker.get().unwrap();
    assert!(!log.contains("doomed"), "{:?}", log.entries());
    assert!(log.contains("kept"));
}

#[test]
fn cancel_drops_a_running_async_method_at_its_await() {
    let (recorder, log) = recorder();
    let started = Latch::new();
    let slow = recorder.nap_async(started.clone(), 5_000);
    started.expect_open("the nap to start");
    let cancelled = Instant::now();
    assert!(actor_core::cancel(&slow));
    assert_eq!(slow.get().unwrap_err(), Error::Cancelled);
    let after = recorder.record("after".to_owned());
    assert_eq!(after.get_timeout(PATIENCE).unwrap(), "after");
    assert!(
        cancelled.elapsed() < Duration::from_secs(2),
        "the actor was freed at once"
    );
    assert!(!log.contains("nap_async finished"));
}

/// Cancels `spinning` once it runs (`started` opened), and checks that its method saw the
/// cancel and freed the actor.
fn cancel_and_expect_it_seen(
    recorder: &RecorderHandle,
    spinning: ObjectRef<String>,
    started: &Latch,
    log: &Log,
) {
    started.expect_open("the spinning method to start");
    assert!(actor_core::cancel(&spinning));
    assert_eq!(spinning.get().unwrap_err(), Error::Cancelled);
    // The actor is free again once the method noticed.
    assert_eq!(
        recorder
            .record("next".to_owned())
            .get_timeout(PATIENCE)
            .unwrap(),
        "next"
    );
    assert!(log.contains("saw cancel"));
}

#[test]
fn a_running_sync_method_sees_is_cancelled() {
    let (recorder, log) = recorder();
    let started = Latch::new();
    let spinning = recorder.spin_until_cancelled(started.clone());
    cancel_and_expect_it_seen(&recorder, spinning, &started, &log);
}

#[test]
fn a_sync_method_proven_quick_and_run_inline_sees_is_cancelled() {
    let (recorder, log) = recorder();
    // A first quick call proves the method quick: later calls run inline, on the worker.
    assert_eq!(
        recorder.spin_rounds(0, Latch::new()).get().unwrap(),
        "never cancelled"
    );
    let started = Latch::new();
    let spinning = recorder.spin_rounds(10_000, started.clone());
    cancel_and_expect_it_seen(&recorder, spinning, &started, &log);
}

#[test]
fn submit_and_cancel_pairs_all_resolve_and_counts_match() {
    let counter = Flaky::remote(u64::MAX);
    let threads: Vec<_> = (0..5)
        .map(|_| {
            let counter = counter.clone();
            std::thread::spawn(move || {
                let mut ran = 0_u64;
                for _ in 0..500 {
                    let call = counter.incr(1);
                    actor_core::cancel(&call);
                    match call.get_timeout(PATIENCE) {
                        Ok(_) => ran += 1,
                        Err(Error::Cancelled) => {}
                        Err(other) => panic!("unexpected {other:?}"),
                    }
                }
                ran
            })
        })
        .collect();
    let ran: u64 = threads.into_iter().map(|t| t.join().unwrap()).sum();
    // Every call either ran (and was counted) or was cancelled before it ran; a cancelled
    // call may still have run if the cancel came too late, so the count is at least `ran`.
    let count = counter.incr(0).get().unwrap() - 1;
    assert!(count >= ran, "{count} < {ran}");
    assert!(count <= 2500);
}

#[test]
fn terminate_finishes_queued_calls_and_runs_on_stop() {
    let (recorder, log) = recorder();
    let queued: Vec<_> = (0..5)
        .map(|i| recorder.record(format!("call {i}")))
        .collect();
    actor_core::terminate(&recorder);
    for (i, call) in queued.into_iter().enumerate() {
        assert_eq!(call.get_timeout(PATIENCE).unwrap(), format!("call {i}"));
    }
    let later = recorder
        .record("late".to_owned())
        .get_timeout(PATIENCE)
        .unwrap_err();
    assert!(
        matches!(
            later,
            Error::ActorDied {
                cause: DeathCause::Terminated,
                ..
            }
        ),
        "{later}"
    );
    let entries = log.expect("dropped");
    assert_eq!(
        entries[entries.len() - 2..],
        ["on_stop", "dropped"],
        "on_stop ran last, after the queued calls"
    );
}

#[test]
fn kill_does_not_run_on_stop() {
    let (recorder, log) = recorder();
    recorder.record("one".to_owned()).get().unwrap();
    actor_core::kill(&recorder);
    let error = recorder.record("two".to_owned()).get().unwrap_err();
    assert!(matches!(
        error,
        Error::ActorDied {
            cause: DeathCause::Killed,
            ..
        }
    ));
    // `on_stop` would run before the instance is dropped.
    let entries = log.expect("dropped");
    assert_eq!(entries, ["one", "dropped"]);
}

#[test]
fn dropping_the_last_handle_runs_on_stop() {
    let (recorder, log) = recorder();
    drop(recorder.record("one".to_owned()));
    drop(recorder);
    assert_eq!(log.expect("dropped"), ["one", "on_stop", "dropped"]);
}

#[test]
fn exit_actor_stops_after_the_running_call() {
    let (recorder, log) = recorder();
    let exiting = recorder.exit_now();
    let queued = recorder.record("queued".to_owned());
    assert_eq!(
        exiting.get_timeout(PATIENCE).unwrap(),
        7,
        "the exiting call still answers"
    );
    let error = queued.get_timeout(PATIENCE).unwrap_err();
    assert!(
        matches!(
            &error,
            Error::ActorDied {
                cause: DeathCause::Exited,
                ..
            }
        ),
        "{error}"
    );
    assert!(error.to_string().contains("exit_actor"), "{error}");
    assert_eq!(
        log.expect("dropped"),
        ["on_stop", "dropped"],
        "the queued call never ran"
    );
}

#[test]
fn a_call_timeout_fails_slow_calls_with_timeout() {
    let log = Arc::new(Log::default());
    let recorder = Recorder::options()
        .timeout(Duration::from_millis(100))
        .remote(log.clone())
        .unwrap();
    let started = Instant::now();
    let error = recorder.nap_async(Latch::new(), 5_000).get().unwrap_err();
    assert_eq!(
        error,
        Error::Timeout {
            after: Duration::from_millis(100)
        }
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(recorder.record("fast".to_owned()).get().unwrap(), "fast");
}

#[actor]
struct SelfAware;

#[actor]
impl SelfAware {
    fn new() -> Self {
        Self
    }

    fn whoami(&self) -> Option<actor_core::ActorId> {
        context::actor_id()
    }

    async fn whoami_async(&self) -> Option<actor_core::ActorId> {
        context::actor_id()
    }

    fn own_handle_id(&self) -> Option<actor_core::ActorId> {
        let handle = context::current_actor::<SelfAware>()?;
        let id = handle.actor_id();
        // Calling itself without waiting is fine: the call runs after this one.
        drop(handle.whoami());
        Some(id)
    }
}

#[test]
fn a_method_knows_its_actor() {
    let actor = SelfAware::remote();
    let id = Some(actor.actor_id());
    assert_eq!(actor.whoami().get().unwrap(), id);
    assert_eq!(actor.whoami_async().get().unwrap(), id);
    assert_eq!(actor.own_handle_id().get().unwrap(), id);
    assert_eq!(context::actor_id(), None, "outside any actor");
    assert!(context::current_actor::<SelfAware>().is_none());
}
