//! Isolated actors when things go wrong: the worker process aborts, is killed, exits, or its
//! driver dies. Every `ObjectRef` resolves, the driver lives on, and no process is left.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use actor_core::prelude::*;
use actor_core::{ActorState, DeathCause, WorkerExit, state};
use rand::Rng;

actor_core::worker_test_support!();

#[actor]
pub struct Fragile {
    value: i64,
    /// Written by `on_stop`, when given.
    stop_marker: Option<String>,
}

#[actor]
impl Fragile {
    pub fn new(stop_marker: Option<String>) -> Self {
        Self {
            value: 0,
            stop_marker,
        }
    }

    pub fn add(&mut self, by: i64) -> i64 {
        self.value += by;
        self.value
    }

    /// The worker's pid and the value after adding: which incarnation ran the call.
    pub fn add_tagged(&mut self, by: i64) -> (u32, i64) {
        self.value += by;
        (std::process::id(), self.value)
    }

    pub fn pid(&self) -> u32 {
        std::process::id()
    }

    pub fn panic_now(&self) -> i64 {
        panic!("the method gave up")
    }

    pub fn abort_now(&self) {
        std::process::abort()
    }

    pub fn exit_now(&self, code: i32) {
        std::process::exit(code)
    }

    /// Aborts the process the first time (while `marker` does not exist); then adds `by` to
    /// `other` and answers its value.
    pub fn add_to_after_an_abort(
        &self,
        other: FragileHandle,
        by: i64,
        marker: String,
    ) -> Result<i64, String> {
        if std::fs::metadata(&marker).is_err() {
            std::fs::write(&marker, b"aborted once").expect("writes the marker");
            std::process::abort();
        }
        other.add(by).get().map_err(|error| error.to_string())
    }

    /// Aborts the process the first time (while `marker` does not exist), answers the pid
    /// the next.
    pub fn abort_once(&self, marker: String) -> u32 {
        if std::fs::File::create_new(&marker).is_ok() {
            std::process::abort();
        }
        std::process::id()
    }

    /// Tells `arrival`, if given, that it runs; then blocks its worker's actor for good.
    pub fn hold(&self, arrival: Option<common::ArrivalHandle>) {
        if let Some(arrival) = arrival {
            arrival.arrived().get().expect("the driver hears of it");
        }
        loop {
            std::thread::park();
        }
    }

    #[on_stop]
    fn stopping(&mut self) {
        if let Some(marker) = &self.stop_marker {
            std::fs::write(marker, format!("stopped at {}", self.value)).expect("writes");
        }
    }
}

/// A path in a fresh directory of the test's own.
fn temp_path(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!(
        "actor-core-test-{}-{}",
        std::process::id(),
        rand::rng().random::<u64>()
    ));
    std::fs::create_dir_all(&dir).expect("creates a temp dir");
    dir.join(name).to_string_lossy().into_owned()
}

fn worker_died(error: &Error) -> Option<&WorkerExit> {
    match error {
        Error::ActorDied {
            cause: DeathCause::WorkerDied { exit },
            ..
        } => Some(exit),
        _ => None,
    }
}

#[test]
fn an_abort_fails_the_running_and_queued_calls_with_the_signal() {
    let fragile = Fragile::options()
        .isolated(true)
        .remote(None)
        .expect("starts");
    let worker = fragile.pid().get().expect("answers");
    let aborted = fragile.abort_now();
    let queued: Vec<ObjectRef<i64>> = (0..10).map(|_| fragile.add(1)).collect();
    let error = aborted.get().expect_err("the process aborted");
    let exit = worker_died(&error).unwrap_or_else(|| panic!("expected WorkerDied, got {error:?}"));
    assert_eq!(exit.to_string(), "signal 6 (SIGABRT)");
    for call in queued {
        let error = call.get().expect_err("queued behind the abort");
        assert!(worker_died(&error).is_some(), "{error:?}");
    }
    assert!(matches!(
        fragile.state(),
        ActorState::Dead {
            cause: DeathCause::WorkerDied { .. }
        }
    ));
    assert!(
        fragile.add(1).get().is_err(),
        "dead for good without restarts"
    );
    common::wait_until_gone(worker);
}

#[test]
fn an_exit_is_reported_with_its_code() {
    let fragile = Fragile::options()
        .isolated(true)
        .remote(None)
        .expect("starts");
    let error = fragile.exit_now(3).get().expect_err("the process exited");
    assert_eq!(worker_died(&error), Some(&WorkerExit::Code(3)), "{error:?}");
}

#[test]
fn a_sigkilled_worker_is_replaced_and_the_handle_keeps_working() {
    let fragile = Fragile::options()
        .isolated(true)
        .max_restarts(1)
        .remote(None)
        .expect("starts");
    assert_eq!(fragile.add(5).get(), Ok(5));
    let first = fragile.pid().get().expect("answers");
    // The only test of this file that waits on `common::ARRIVED`.
    let held = fragile.hold(Some(common::Arrival::remote()));
    let behind = fragile.add(1);
    // The worker runs `hold`: it was sent, and it is running when the kill comes.
    common::ARRIVED.expect_open("`hold` starts in the worker");
    common::signal(first, "KILL");
    let error = held.get().expect_err("the worker was killed");
    let exit = worker_died(&error).unwrap_or_else(|| panic!("{error:?}"));
    assert_eq!(exit.to_string(), "signal 9 (SIGKILL)");
    // `add(1)` was sent to the killed worker, and fails with it, or was still here and runs
    // on the next one, constructed again (the state starts over).
    let ran_again = match behind.get() {
        Ok(value) => {
            assert_eq!(value, 1, "ran on a new worker");
            true
        }
        Err(error) => {
            let exit = worker_died(&error).unwrap_or_else(|| panic!("{error:?}"));
            assert_eq!(exit.to_string(), "signal 9 (SIGKILL)");
            false
        }
    };
    assert_eq!(fragile.add(2).get(), Ok(if ran_again { 3 } else { 2 }));
    let second = fragile.pid().get().expect("answers");
    assert_ne!(second, first);
    let info = state::list_actors()
        .into_iter()
        .find(|info| info.id == fragile.actor_id())
        .expect("listed");
    assert_eq!((info.num_restarts, info.pid), (1, second));
    common::wait_until_gone(first);
}

#[test]
fn max_task_retries_runs_the_interrupted_call_again_in_the_new_worker() {
    let fragile = Fragile::options()
        .isolated(true)
        .max_restarts(1)
        .max_task_retries(1)
        .remote(None)
        .expect("starts");
    let first = fragile.pid().get().expect("answers");
    let second = fragile
        .abort_once(temp_path("aborted-once"))
        .get()
        .expect("ran again after the abort");
    assert_ne!(second, first);
}

/// A call run again in a new worker still reaches the actors whose handles it carries,
/// even when it held the only handle: the driver keeps them for each worker it goes to.
#[test]
fn a_call_run_again_in_a_new_worker_keeps_the_handles_it_carries() {
    let fragile = Fragile::options()
        .isolated(true)
        .max_restarts(1)
        .max_task_retries(1)
        .remote(None)
        .expect("starts");
    let other = Fragile::remote(None);
    let death = actor_core::watch(&other);
    let marker = temp_path("retried-with-a-handle");
    // The call carries the only handle to `other`.
    let added = fragile.add_to_after_an_abort(other, 5, marker.clone());
    assert_eq!(added.get(), Ok(Ok(5)), "ran again, and reached the actor");
    let _ = std::fs::remove_file(&marker);
    // Kept no longer once the call is answered and the new worker dropped its handle.
    assert_eq!(death.get(), Ok(DeathCause::HandlesDropped));
}

#[test]
fn a_panic_restarts_the_worker_while_restarts_allow() {
    let fragile = Fragile::options()
        .isolated(true)
        .max_restarts(1)
        .remote(None)
        .expect("starts");
    assert_eq!(fragile.add(3).get(), Ok(3));
    let error = fragile.panic_now().get().expect_err("panicked");
    let Error::MethodPanicked { message, .. } = &error else {
        panic!("expected MethodPanicked, got {error:?}");
    };
    assert_eq!(message, "the method gave up");
    assert_eq!(
        fragile.add(1).get(),
        Ok(1),
        "a new worker, constructed again"
    );
    fragile.panic_now().get().expect_err("panicked again");
    let cause = actor_core::watch(&fragile).get().expect("dies");
    assert!(
        matches!(&cause, DeathCause::OutOfRestarts { restarts: 1, .. }),
        "{cause:?}"
    );
}

/// Calls pipelined around a panic: those answered before it resolve with their values (read
/// with the worker's last frames), those queued behind it run on the new worker.
#[test]
fn calls_in_flight_around_a_panic_all_resolve() {
    let fragile = Fragile::options()
        .isolated(true)
        .max_restarts(1)
        .remote(None)
        .expect("starts");
    let before: Vec<_> = (0..300).map(|_| fragile.add_tagged(1)).collect();
    let panicked = fragile.panic_now();
    let after: Vec<_> = (0..300).map(|_| fragile.add_tagged(1)).collect();
    let before = actor_core::get(before).expect("answered before the panic");
    let first_pid = before[0].0;
    assert_eq!(
        before,
        (1..=300)
            .map(|value| (first_pid, value))
            .collect::<Vec<_>>()
    );
    let error = panicked.get().expect_err("panicked");
    assert!(matches!(error, Error::MethodPanicked { .. }), "{error:?}");
    let after = actor_core::get(after).expect("run by the new worker");
    let second_pid = after[0].0;
    assert_ne!(second_pid, first_pid);
    assert_eq!(
        after,
        (1..=300)
            .map(|value| (second_pid, value))
            .collect::<Vec<_>>()
    );
}

#[test]
fn kill_ends_the_worker_process_at_once() {
    let fragile = Fragile::options()
        .isolated(true)
        .remote(None)
        .expect("starts");
    let worker = fragile.pid().get().expect("answers");
    let held = fragile.hold(None);
    actor_core::kill(&fragile);
    let error = held.get().expect_err("killed");
    assert!(
        matches!(
            error,
            Error::ActorDied {
                cause: DeathCause::Killed,
                ..
            }
        ),
        "{error:?}"
    );
    common::wait_until_gone(worker);
}

#[test]
fn terminate_runs_on_stop_in_the_worker_after_the_queued_calls() {
    let marker = temp_path("stopped");
    let fragile = Fragile::options()
        .isolated(true)
        .remote(Some(marker.clone()))
        .expect("starts");
    let worker = fragile.pid().get().expect("answers");
    let queued: Vec<ObjectRef<i64>> = (1..=5).map(|_| fragile.add(1)).collect();
    actor_core::terminate(&fragile);
    assert_eq!(actor_core::get(queued), Ok(vec![1, 2, 3, 4, 5]));
    assert_eq!(
        actor_core::watch(&fragile).get(),
        Ok(DeathCause::Terminated)
    );
    assert_eq!(
        std::fs::read_to_string(&marker).expect("on_stop wrote it"),
        "stopped at 5"
    );
    common::wait_until_gone(worker);
}

#[test]
fn dropping_the_last_handle_stops_the_worker() {
    let fragile = Fragile::options()
        .isolated(true)
        .remote(None)
        .expect("starts");
    let worker = fragile.pid().get().expect("answers");
    drop(fragile);
    common::wait_until_gone(worker);
}

/// The environment variable that makes [`driver_that_will_be_killed`] act.
const DRIVER_ENV: &str = "ACTOR_CORE_TEST_KILLED_DRIVER";

/// Run by [`a_driver_killed_by_sigkill_leaves_no_worker_behind`] in a child process: starts
/// three isolated actors, prints their workers' pids, and waits to be killed.
#[test]
fn driver_that_will_be_killed() {
    if std::env::var_os(DRIVER_ENV).is_none() {
        return;
    }
    let actors: Vec<FragileHandle> = (0..3)
        .map(|_| {
            Fragile::options()
                .isolated(true)
                .remote(None)
                .expect("starts")
        })
        .collect();
    let pids: Vec<String> = actors
        .iter()
        .map(|actor| actor.pid().get().expect("answers").to_string())
        .collect();
    println!("worker pids: {}", pids.join(" "));
    loop {
        std::thread::park();
    }
}

#[test]
fn a_driver_killed_by_sigkill_leaves_no_worker_behind() {
    let mut driver = std::process::Command::new(std::env::current_exe().expect("own path"))
        .args(["driver_that_will_be_killed", "--exact", "--nocapture", "-q"])
        .env(DRIVER_ENV, "1")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("starts the driver");
    let stdout = driver.stdout.take().expect("piped");
    let pids: Vec<u32> = std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|line| {
            line.strip_prefix("worker pids: ").map(|pids| {
                pids.split(' ')
                    .map(|pid| pid.parse().expect("a pid"))
                    .collect()
            })
        })
        .expect("the driver prints its workers' pids");
    assert_eq!(pids.len(), 3);
    driver.kill().expect("SIGKILLs the driver");
    driver.wait().expect("reaps the driver");
    for pid in pids {
        common::wait_until_gone(pid);
    }
}

#[test]
fn ten_thousand_calls_across_twenty_workers_survive_random_sigkills() {
    let actors: Vec<FragileHandle> = (0..20)
        .map(|_| {
            Fragile::options()
                .isolated(true)
                .max_restarts(-1)
                .remote(None)
                .expect("starts")
        })
        .collect();
    let stop = Arc::new(AtomicBool::new(false));
    let killer = {
        let stop = stop.clone();
        let ids: BTreeSet<_> = actors.iter().map(|actor| actor.actor_id()).collect();
        std::thread::spawn(move || {
            let mut rng = rand::rng();
            let mut kills = 0;
            while !stop.load(Ordering::Relaxed) {
                let pids: Vec<u32> = state::list_actors()
                    .into_iter()
                    .filter(|info| ids.contains(&info.id) && info.pid != std::process::id())
                    .map(|info| info.pid)
                    .collect();
                if let Some(&pid) = pids.get(rng.random_range(0..pids.len().max(1))) {
                    // It may have died already: a failed kill is fine.
                    let _ = std::process::Command::new("kill")
                        .args(["-KILL", &pid.to_string()])
                        .status();
                    kills += 1;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            kills
        })
    };
    let mut rng = rand::rng();
    let calls: Vec<(usize, ObjectRef<(u32, i64)>)> = (0..10_000)
        .map(|_| {
            let actor = rng.random_range(0..actors.len());
            (actor, actors[actor].add_tagged(1))
        })
        .collect();
    // Every call resolves. Those that succeeded ran once each, in their order: in each
    // incarnation their values rise strictly. (Not always 1, 2, 3, ...: a worker killed
    // between two replies may have sent a later call's reply and not an earlier one's.)
    let mut seen: BTreeMap<(usize, u32), Vec<i64>> = BTreeMap::new();
    let mut failed = 0;
    for (actor, call) in calls {
        match call.get() {
            Ok((pid, value)) => seen.entry((actor, pid)).or_default().push(value),
            Err(error) => {
                assert!(worker_died(&error).is_some(), "{error:?}");
                failed += 1;
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    let kills = killer.join().expect("the killer thread ends");
    for ((actor, pid), values) in &seen {
        assert!(
            values.windows(2).all(|pair| pair[0] < pair[1]),
            "actor {actor} in worker {pid}: {values:?}"
        );
    }
    let succeeded: usize = seen.values().map(Vec::len).sum();
    assert_eq!(succeeded + failed, 10_000);
    println!(
        "{kills} kills, {failed} calls failed, {} incarnations",
        seen.len()
    );
    let pids: BTreeSet<u32> = seen.keys().map(|(_, pid)| *pid).collect();
    for actor in &actors {
        actor_core::kill(actor);
    }
    for pid in pids {
        common::wait_until_gone(pid);
    }
}
