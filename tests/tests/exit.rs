//! A program exits when its `main` returns, even while an actor's method blocks for good:
//! the blocked actor dies with the process.
//!
//! Each test runs its program in a child process (this test binary again, with
//! [`PROGRAM`] set, running only that test), which prints [`BLOCKED`] once the method is
//! inside its block and [`RETURNED`] once its `main` has returned. The parent reads those
//! lines and gives the child [`EXIT_PATIENCE`] to exit, successfully: only a hang reaches
//! it. A multi-threaded tokio runtime built, run and dropped is what `#[tokio::main]`
//! expands to.

mod common;

use std::future::Future;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use actor_core::prelude::*;
use actor_core::{DeathCause, Error};
use common::{Gated, GatedHandle, Latch};

/// Set in the child process, which plays the program.
const PROGRAM: &str = "ACTOR_CORE_TEST_EXIT_PROGRAM";
/// What the program prints once the method is inside its block (at the end of a line:
/// the test harness starts the line with the test's name).
const BLOCKED: &str = "the method blocked";
/// What the program prints once its `main` returned.
const RETURNED: &str = "main returned";
/// What the program prints with the result of a `.get()` that waited for the method.
const GOT: &str = "the wait got";
/// How long the child may take to exit once started. Generous: a program whose `main`
/// returns exits within a second; only a hang reaches it.
const EXIT_PATIENCE: Duration = Duration::from_secs(30);

/// An actor with a method that blocks for good, and one that waits for a call of another.
#[actor]
struct Stuck;

#[actor(local)]
impl Stuck {
    fn new() -> Self {
        Self
    }

    /// Opens `started`, then sleeps for good.
    fn sleep_forever(&mut self, started: Arc<Latch>) {
        started.open();
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }

    /// Waits for a call of `target`: `echo`, which answers at once, without `started`;
    /// else `block(started, never)`, which never returns.
    fn relay(&mut self, target: GatedHandle, started: Option<Arc<Latch>>) -> bool {
        match started {
            None => target.echo(0).get().is_ok(),
            Some(started) => target.block(started, Latch::new(), 0).get().is_ok(),
        }
    }
}

/// An actor that says where its method runs.
#[actor]
struct Whereabouts;

#[actor(local)]
impl Whereabouts {
    fn new() -> Self {
        Self
    }

    /// The name of the thread the method runs on, and the id of the tokio runtime it
    /// finds there (where `tokio::spawn` spawns).
    fn here(&mut self) -> (Option<String>, Option<String>) {
        let thread = std::thread::current().name().map(str::to_owned);
        let runtime = tokio::runtime::Handle::try_current().map(|runtime| runtime.id().to_string());
        (thread, runtime.ok())
    }
}

/// The program under `#[tokio::main]`: runs `body` on a multi-threaded runtime, then drops
/// the runtime as `main` returns.
fn tokio_main<F: Future<Output = ()>>(body: F) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("the program's runtime starts");
    runtime.block_on(body);
    drop(runtime);
}

/// Waits until the method opened `started`, then says so to the parent.
async fn report_blocked(started: &Latch) {
    started.wait_async().await;
    println!("{BLOCKED}");
}

/// In the child, runs `program` (its `main`) and says when it returned; in the parent,
/// runs the child for the test `test`, checks that it blocked, then exited, and hands back
/// its output.
fn exits_after_main_returns(test: &str, program: fn()) -> Option<Vec<String>> {
    if std::env::var_os(PROGRAM).is_some() {
        program();
        println!("{RETURNED}");
        return None;
    }
    let started_at = Instant::now();
    let mut child = Command::new(std::env::current_exe().expect("the test binary's path"))
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(PROGRAM, "1")
        .stdout(Stdio::piped())
        .spawn()
        .expect("the program starts");
    let stdout = child.stdout.take().expect("the program's output is piped");
    let (line_sender, lines) = mpsc::channel();
    // Ends, dropping the sender, when the child's output ends: when it exits.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line_sender.send(line).is_err() {
                return;
            }
        }
    });
    let mut output = Vec::new();
    loop {
        let left = EXIT_PATIENCE.saturating_sub(started_at.elapsed());
        match lines.recv_timeout(left) {
            Ok(line) => output.push(line),
            Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "the program did not exit within {EXIT_PATIENCE:?}; its output: {output:#?}"
                );
            }
        }
    }
    let status = child.wait().expect("the program's exit status");
    assert!(status.success(), "the program failed: {output:#?}");
    let blocked = output.iter().position(|line| line.ends_with(BLOCKED));
    let returned = output.iter().position(|line| line.ends_with(RETURNED));
    assert!(
        matches!((blocked, returned), (Some(blocked), Some(returned)) if blocked < returned),
        "the method must block before main returns: {output:#?}"
    );
    Some(output)
}

#[test]
fn exits_while_a_sync_method_blocks_and_its_object_ref_is_held() {
    exits_after_main_returns(
        "exits_while_a_sync_method_blocks_and_its_object_ref_is_held",
        || {
            tokio_main(async {
                let actor = Gated::remote();
                let started = Latch::new();
                let _blocked = actor.block(started.clone(), Latch::new(), 0);
                report_blocked(&started).await;
            });
        },
    );
}

#[test]
fn exits_while_a_sync_method_blocks_and_a_task_awaits_it() {
    exits_after_main_returns(
        "exits_while_a_sync_method_blocks_and_a_task_awaits_it",
        || {
            tokio_main(async {
                let actor = Stuck::remote();
                let started = Latch::new();
                let blocked = actor.sleep_forever(started.clone());
                tokio::spawn(blocked);
                report_blocked(&started).await;
            });
        },
    );
}

#[test]
fn exits_while_a_sync_method_blocks_and_spawn_blocking_gets_it() {
    let output = exits_after_main_returns(
        "exits_while_a_sync_method_blocks_and_spawn_blocking_gets_it",
        || {
            tokio_main(async {
                let actor = Gated::remote();
                let started = Latch::new();
                let call_started = started.clone();
                tokio::task::spawn_blocking(move || {
                    let got = actor.block(call_started, Latch::new(), 0).get();
                    // The actor dies with the runtime, which frees this thread.
                    let cause = match got {
                        Err(Error::ActorDied { cause, .. }) => Some(cause),
                        _ => None,
                    };
                    println!("{GOT} {cause:?}");
                });
                report_blocked(&started).await;
            });
        },
    );
    if let Some(output) = output {
        let expected = format!("{GOT} {:?}", Some(DeathCause::RuntimeShutdown));
        assert!(
            output.contains(&expected),
            "the wait must fail as the actor dies with the runtime: {output:#?}"
        );
    }
}

#[test]
fn exits_while_a_method_waits_for_a_call_that_blocks() {
    exits_after_main_returns("exits_while_a_method_waits_for_a_call_that_blocks", || {
        tokio_main(async {
            let waiter = Stuck::remote();
            let started = Latch::new();
            let waiting = waiter.relay(Gated::remote(), Some(started.clone()));
            tokio::spawn(waiting);
            report_blocked(&started).await;
        });
    });
}

/// The waiting method proved quick first: it runs where it is awaited, on a thread of the
/// program's runtime, and waits there; the wait fails as the blocked actor dies with the
/// runtime.
#[test]
fn exits_while_a_method_proven_quick_waits_for_a_call_that_blocks() {
    exits_after_main_returns(
        "exits_while_a_method_proven_quick_waits_for_a_call_that_blocks",
        || {
            tokio_main(async {
                let waiter = Stuck::remote();
                let target = Gated::remote();
                for _ in 0..8 {
                    assert!(waiter.relay(target.clone(), None).await.unwrap());
                }
                let started = Latch::new();
                let waiting = waiter.relay(target, Some(started.clone()));
                tokio::spawn(waiting);
                report_blocked(&started).await;
            });
        },
    );
}

/// An async method proven quick (ready at its first poll) is run by the task that awaits
/// it; when it waits after all, that task finishes it off the worker, on the program's
/// runtime. The wait ends as the actor dies with the runtime.
#[test]
fn exits_while_an_async_method_proven_quick_waits_forever() {
    exits_after_main_returns(
        "exits_while_an_async_method_proven_quick_waits_forever",
        || {
            tokio_main(async {
                let actor = Gated::remote();
                let open = Latch::new();
                open.open();
                for tag in 0..8 {
                    let held = actor.hold(open.clone(), open.clone(), tag);
                    assert_eq!(held.await.unwrap(), tag);
                }
                let started = Latch::new();
                tokio::spawn(actor.hold(started.clone(), Latch::new(), 0));
                report_blocked(&started).await;
            });
        },
    );
}

/// Already so before the fix: kept as a guard. No runtime of the program's own: the actor
/// runs on actor-core's.
#[test]
fn exits_while_a_sync_method_blocks_under_a_sync_main() {
    exits_after_main_returns("exits_while_a_sync_method_blocks_under_a_sync_main", || {
        let actor = Gated::remote();
        let started = Latch::new();
        let blocked = actor.block(started.clone(), Latch::new(), 0);
        std::thread::spawn(move || blocked.get());
        started.wait();
        println!("{BLOCKED}");
    });
}

/// A method that may block (here the first call of a method, not yet proven quick) runs on
/// a thread of actor-core's own, never of the program's runtime, and yet in that runtime's
/// context: `tokio::spawn` in it spawns where it would in the actor's loop.
#[tokio::test(flavor = "multi_thread")]
async fn a_method_that_may_block_runs_off_the_programs_runtime_in_its_context() {
    let program = tokio::runtime::Handle::current().id().to_string();
    let (thread, runtime) = Whereabouts::remote().here().await.unwrap();
    assert_eq!(thread.as_deref(), Some("actor-core-worker"));
    assert_eq!(runtime, Some(program));
}
