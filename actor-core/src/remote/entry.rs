//! The start of a program that may be a worker process: `#[actor_core::main]` calls
//! [`enter_main`], a test binary's `worker_test_support!()` calls [`enter_test`].
//!
//! A worker is this same executable started by `spawner` with the variables of `relaunch`
//! set: `worker_env` finds them, and the worker runs `worker::run` instead of the program's
//! `main`.

use super::relaunch::mark_entered;
use super::worker_env::worker_env;
use super::{private_dir, worker};

/// Runs `main`'s `body`, or, when this process was started as a worker, the worker instead
/// (then exits with its code, never calling `body`). What `#[actor_core::main]` expands to.
///
/// In a driver it records that workers can be started, and removes the private socket
/// directory once `body` returns or unwinds.
pub fn enter_main<R>(body: impl FnOnce() -> R) -> R {
    if let Some(env) = worker_env() {
        std::process::exit(worker::run(env));
    }
    mark_entered();
    let _cleanup = RemoveDirAtEnd;
    body()
}

/// The body of the test `worker_test_support!()` defines: in a worker process started from
/// a test binary, runs the worker and exits with its code; anywhere else returns at once.
pub fn enter_test() {
    if let Some(env) = worker_env() {
        std::process::exit(worker::run(env));
    }
}

/// Removes the private socket directory when dropped: at the end of `main`.
struct RemoveDirAtEnd;

impl Drop for RemoveDirAtEnd {
    fn drop(&mut self) {
        private_dir::remove();
    }
}

/// Runs the body of an `async fn main` on a new multi-threaded tokio runtime, as
/// `#[tokio::main]` does. What `#[actor_core::main]` expands to inside [`enter_main`].
///
/// # Panics
/// If the system refuses to start the runtime's threads.
pub fn block_on_main<R>(body: impl Future<Output = R>) -> R {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build();
    match runtime {
        Ok(runtime) => runtime.block_on(body),
        Err(error) => panic!("`#[actor_core::main]` could not start a tokio runtime: {error}"),
    }
}
