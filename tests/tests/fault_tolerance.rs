//! Restarts, retries, death causes, cancellation, graceful stop and the method context,
//! after Ray's `test_actor_failures.py`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actor_core::prelude::*;
use actor_core::{ActorState, DeathCause, context};

const PATIENCE: Duration = Duration::from_secs(10);

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

/// Records what ran, for cancellation and stop tests.
#[actor]
struct Recorder {
    log: Arc<Mutex<Vec<String>>>,
}

#[actor(local)]
impl Recorder {
    fn new(log: Arc<Mutex<Vec<String>>>) -> Self {
        Self { log }
    }

    fn record(&mut self, entry: String) -> String {
        self.log.lock().unwrap().push(entry.clone());
        entry
    }

    async fn slow_async(&mut self, millis: u64) -> u64 {
        tokio::time::sleep(Duration::from_millis(millis)).await;
        self.log
            .lock()
            .unwrap()
            .push("slow_async finished".to_owned());
        millis
    }

    /// Spins until cancelled, for at most about `PATIENCE`; returns how it ended. A method of
    /// its own, so that its first call runs off the workers whatever other tests did.
    fn spin_until_cancelled(&self) -> String {
        self.spin_rounds(u32::try_from(PATIENCE.as_millis()).unwrap())
    }

    /// Spins for up to `rounds` milliseconds until cancelled; returns how it ended.
    fn spin_rounds(&self, rounds: u32) -> String {
        for _ in 0..rounds {
            if context::is_cancelled() {
                self.log.lock().unwrap().push("saw cancel".to_owned());
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
        self.log.lock().unwrap().push("on_stop".to_owned());
    }
}

fn recorder() -> (RecorderHandle, Arc<Mutex<Vec<String>>>) {
    let log = Arc::new(Mutex::new(Vec::new()));
    (Recorder::remote(log.clone()), log)
}

#[test]
fn cancel_drops_a_queued_call() {
    let (recorder, log) = recorder();
    let blocker = recorder.slow_async(200);
    let doomed = recorder.record("doomed".to_owned());
    let kept = recorder.record("kept".to_owned());
    assert!(actor_core::cancel(&doomed));
    assert_eq!(doomed.get().unwrap_err(), Error::Cancelled);
    assert_eq!(kept.get_timeout(PATIENCE).unwrap(), "kept");
    blocker.get().unwrap();
    let log = log.lock().unwrap();
    assert!(!log.contains(&"doomed".to_owned()), "{log:?}");
    assert!(log.contains(&"kept".to_owned()));
}

#[test]
fn cancel_drops_a_running_async_method_at_its_await() {
    let (recorder, log) = recorder();
    let slow = recorder.slow_async(5_000);
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    assert!(actor_core::cancel(&slow));
    assert_eq!(slow.get().unwrap_err(), Error::Cancelled);
    let after = recorder.record("after".to_owned());
    assert_eq!(after.get_timeout(PATIENCE).unwrap(), "after");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the actor was freed at once"
    );
    assert!(
        !log.lock()
            .unwrap()
            .contains(&"slow_async finished".to_owned())
    );
}

/// Cancels `spinning` once it runs, and checks that its method saw the cancel and freed the
/// actor.
fn cancel_and_expect_it_seen(
    recorder: &RecorderHandle,
    spinning: ObjectRef<String>,
    log: &Mutex<Vec<String>>,
) {
    std::thread::sleep(Duration::from_millis(50));
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
    assert!(log.lock().unwrap().contains(&"saw cancel".to_owned()));
}

#[test]
fn a_running_sync_method_sees_is_cancelled() {
    let (recorder, log) = recorder();
    let spinning = recorder.spin_until_cancelled();
    cancel_and_expect_it_seen(&recorder, spinning, &log);
}

#[test]
fn a_sync_method_proven_quick_and_run_inline_sees_is_cancelled() {
    let (recorder, log) = recorder();
    // A first quick call proves the method quick: later calls run inline, on the worker.
    assert_eq!(recorder.spin_rounds(0).get().unwrap(), "never cancelled");
    let spinning = recorder.spin_rounds(10_000);
    cancel_and_expect_it_seen(&recorder, spinning, &log);
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
    wait_for(|| log.lock().unwrap().last() == Some(&"on_stop".to_owned()));
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
    std::thread::sleep(Duration::from_millis(100));
    assert!(!log.lock().unwrap().contains(&"on_stop".to_owned()));
}

#[test]
fn dropping_the_last_handle_runs_on_stop() {
    let (recorder, log) = recorder();
    drop(recorder.record("one".to_owned()));
    drop(recorder);
    wait_for(|| log.lock().unwrap().as_slice() == ["one", "on_stop"]);
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
    wait_for(|| log.lock().unwrap().contains(&"on_stop".to_owned()));
}

#[test]
fn a_call_timeout_fails_slow_calls_with_timeout() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let recorder = Recorder::options()
        .timeout(Duration::from_millis(100))
        .remote(log.clone())
        .unwrap();
    let started = Instant::now();
    let error = recorder.slow_async(5_000).get().unwrap_err();
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

/// Polls `condition` until it holds, failing after `PATIENCE`.
fn wait_for(condition: impl Fn() -> bool) {
    let until = Instant::now() + PATIENCE;
    while !condition() {
        assert!(Instant::now() < until, "condition not reached in time");
        std::thread::sleep(Duration::from_millis(5));
    }
}
