//! A worker process started from a test binary: `worker_test_support!()` lets the binary
//! start again as a worker, which runs the worker's entry instead of the tests.

actor_core::worker_test_support!();

use actor_core::__private::start_worker_and_wait_for_tests;
use actor_core::WorkerExit;

/// The whole path: `spawn_worker` starts this test binary with the worker's variables, the
/// harness runs `__actor_core_worker` alone, it finds the variables and runs the worker,
/// and the driver reaps the process and learns its exit code.
///
/// The worker here is a placeholder that exits with 70 at once; the real worker, finding
/// no driver on the socket, exits otherwise.
#[test]
fn a_worker_starts_from_the_test_binary_and_its_exit_is_reported() {
    let exit = start_worker_and_wait_for_tests().expect("the worker starts");
    assert_eq!(exit, WorkerExit::Code(70));
    assert_eq!(exit.to_string(), "exit code 70");
}

/// This test binary started as a worker by hand, with `parent` as the driver's process id
/// and `token` as its token: its exit code and what it wrote to standard error.
fn start_as_worker(parent: &str, token: &str) -> (Option<i32>, String) {
    let exe = std::env::current_exe().expect("the test binary's path");
    let output = std::process::Command::new(exe)
        .args(["__actor_core_worker", "--exact", "--nocapture", "-q"])
        .env("ACTOR_CORE_WORKER_SOCKET", "/nonexistent/worker.sock")
        .env("ACTOR_CORE_WORKER_TOKEN", token)
        .env("ACTOR_CORE_WORKER_PARENT", parent)
        .output()
        .expect("the test binary starts");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code(), stderr)
}

/// A worker whose driver is gone already (its parent is not the process named) exits at
/// once, before it runs anything.
#[test]
fn a_worker_whose_driver_is_gone_exits_at_once() {
    let (code, stderr) = start_as_worker("1", "00");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("the driver that started this worker has exited"),
        "{stderr}"
    );
}

/// A worker given a malformed token exits, saying which variable is wrong.
#[test]
fn a_worker_with_a_malformed_token_exits_saying_so() {
    let parent = std::process::id().to_string();
    let (code, stderr) = start_as_worker(&parent, "not hex");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("ACTOR_CORE_WORKER_TOKEN is malformed"),
        "{stderr}"
    );
}
