//! A worker process started from a test binary: `worker_test_support!()` lets the binary
//! start again as a worker, which runs the worker's entry instead of the tests.

actor_core::worker_test_support!();

/// A worker whose driver is not listening on the socket it was given exits with code 1.
#[test]
fn a_worker_that_cannot_reach_its_driver_exits_with_code_1() {
    let parent = std::process::id().to_string();
    let (code, stderr) = start_as_worker(&parent, &"ab".repeat(32));
    assert_eq!(code, Some(1), "{stderr}");
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
