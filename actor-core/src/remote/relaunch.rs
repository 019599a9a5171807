//! How this executable starts again as a worker process: the command line, and the
//! environment variables that tell the new process it is a worker.
//!
//! A program says it can be started again by running its `main` through
//! `#[actor_core::main]` (which calls [`mark_entered`]); the worker then runs the same
//! executable with no arguments. A test binary has no `main` of its own: a test file that
//! invokes `actor_core::worker_test_support!()` registers a [`WorkerTestHook`] naming the
//! test that turns into the worker, and the worker runs the binary with that test alone.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};

use super::frame::Token;
use crate::error::Error;

/// The socket the worker connects to.
pub(super) const SOCKET_ENV: &str = "ACTOR_CORE_WORKER_SOCKET";
/// The driver's token, as hex.
pub(super) const TOKEN_ENV: &str = "ACTOR_CORE_WORKER_TOKEN";
/// The process id of the driver that started the worker.
pub(super) const PARENT_ENV: &str = "ACTOR_CORE_WORKER_PARENT";

/// The name of the test `worker_test_support!()` defines.
const TEST_FN: &str = "__actor_core_worker";

/// `main` runs through `#[actor_core::main]`.
static ENTERED: AtomicBool = AtomicBool::new(false);

/// Records that `main` runs through `#[actor_core::main]`, so a worker can start.
pub(super) fn mark_entered() {
    ENTERED.store(true, Ordering::Relaxed);
}

/// A test binary's way to start a worker: the module of the test file where
/// `actor_core::worker_test_support!()` was invoked.
#[derive(Debug)]
pub struct WorkerTestHook {
    module_path: &'static str,
}

impl WorkerTestHook {
    /// The hook of a `worker_test_support!()` invoked in module `module_path`.
    pub const fn new(module_path: &'static str) -> Self {
        Self { module_path }
    }

    /// The test's name as the test harness knows it: its module path without the crate's
    /// name, then the function.
    fn test_name(&self) -> String {
        match self.module_path.split_once("::") {
            Some((_crate, module)) => format!("{module}::{TEST_FN}"),
            None => String::from(TEST_FN),
        }
    }
}

inventory::collect!(WorkerTestHook);

/// The arguments that make this executable a worker, or why it cannot be one.
fn worker_args() -> Result<Vec<OsString>, Error> {
    if ENTERED.load(Ordering::Relaxed) {
        return Ok(Vec::new());
    }
    match inventory::iter::<WorkerTestHook>.into_iter().next() {
        Some(hook) => Ok([
            hook.test_name().as_str(),
            "--exact",
            "--nocapture",
            "--test-threads=1",
            "-q",
        ]
        .map(OsString::from)
        .to_vec()),
        None => Err(Error::InvalidOptions {
            reason: String::from(
                "an isolated actor needs this program to start again as a worker process; \
                 add `#[actor_core::main]` to `fn main` (or `actor_core::worker_test_support!()` \
                 at the top level of a test file)",
            ),
        }),
    }
}

/// Fails with `Error::InvalidOptions` saying what to add when this program cannot start
/// again as a worker process.
pub(crate) fn check_can_start_workers() -> Result<(), Error> {
    worker_args().map(drop)
}

/// The command that starts this executable as a worker connecting to `socket` with `token`:
/// no standard input, its output and errors shown with this process's own.
pub(super) fn worker_command(socket: &Path, token: &Token) -> Result<Command, Error> {
    let args = worker_args()?;
    let exe = std::env::current_exe().map_err(|error| Error::RuntimeStart {
        message: format!("cannot find this program's executable to start a worker: {error}"),
    })?;
    let mut command = Command::new(exe);
    command
        .args(args)
        .env(SOCKET_ENV, socket)
        .env(TOKEN_ENV, token.to_hex())
        .env(PARENT_ENV, std::process::id().to_string())
        .stdin(Stdio::null());
    Ok(command)
}

#[cfg(test)]
mod tests {
    use super::WorkerTestHook;

    #[test]
    fn a_hook_names_its_test_as_the_harness_does() {
        assert_eq!(
            WorkerTestHook::new("worker_entry").test_name(),
            "__actor_core_worker"
        );
        assert_eq!(
            WorkerTestHook::new("worker_entry::nested::deeper").test_name(),
            "nested::deeper::__actor_core_worker"
        );
    }
}
