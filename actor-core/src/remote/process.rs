//! Worker processes: starting one, killing it, and learning how it ended.
//!
//! Every child is reaped by a thread of its own, blocked in `waitid` until the child ends.
//! That thread first waits WITHOUT collecting the exit status (`WNOWAIT`): the ended child
//! stays a zombie, so its process id cannot be handed to another process yet. It then takes
//! the lock that [`WorkerProcess::kill`] takes, collects the status and marks the child
//! gone. `kill` therefore signals only our own child, alive or a zombie, never a stranger
//! that reused the id. A thread per child (with a small stack) keeps this independent of any
//! async runtime, which may shut down while workers still run; one thread for all children
//! could not wait for our children alone without also reaping those of the program.

use std::path::Path;
use std::process::{Child, Command, ExitStatus};
use std::sync::{Arc, Mutex};

use nix::errno::Errno;
use nix::sys::wait::{Id, WaitPidFlag, waitid};
use nix::unistd::Pid;
use tokio::sync::watch;

use super::frame::Token;
use super::relaunch::worker_command;
use super::spawner;
use crate::error::Error;
use crate::lock::lock;
use crate::worker_exit::WorkerExit;

/// Starts this executable as a worker process that connects to `socket` and proves it knows
/// `token`. Fails with [`Error::InvalidOptions`] when the program cannot start again as a
/// worker (neither `#[actor_core::main]` nor `worker_test_support!()`), and with
/// [`Error::RuntimeStart`] when the system refuses to start the process.
pub(crate) fn spawn_worker(socket: &Path, token: &Token) -> Result<WorkerProcess, Error> {
    WorkerProcess::start(worker_command(socket, token)?)
}

/// A running (or ended) worker process. Cheap to clone: clones share the process.
///
/// Dropping every clone neither kills nor forgets the process: it is still reaped when it
/// ends.
#[derive(Clone, Debug)]
pub(crate) struct WorkerProcess {
    pid: u32,
    /// The child until it is reaped; `None` after.
    child: Arc<Mutex<Option<Child>>>,
    /// How it ended, once it did.
    exit: watch::Receiver<Option<WorkerExit>>,
}

impl WorkerProcess {
    /// Starts `command` (on the spawner thread) and a thread that reaps it.
    pub(super) fn start(command: Command) -> Result<Self, Error> {
        let child = spawner::spawn(command).map_err(|error| Error::RuntimeStart {
            message: format!("cannot start a worker process: {error}"),
        })?;
        let pid = child.id();
        let child = Arc::new(Mutex::new(Some(child)));
        let (report, exit) = watch::channel(None);
        let reaped = child.clone();
        let reaper = std::thread::Builder::new()
            .name(String::from("actor-core-reaper"))
            .stack_size(64 * 1024)
            .spawn(move || {
                let exit = reap(pid, &reaped);
                report.send_replace(Some(exit));
            });
        if let Err(error) = reaper {
            // Without a reaper no one would learn of its end: stop it now, as no one uses it.
            if let Some(mut child) = lock(&child).take() {
                let _ = child.kill();
                let _ = child.wait();
            }
            return Err(Error::RuntimeStart {
                message: format!("cannot start the thread that watches a worker process: {error}"),
            });
        }
        Ok(Self { pid, child, exit })
    }

    /// The process id.
    pub(crate) fn pid(&self) -> u32 {
        self.pid
    }

    /// Sends SIGKILL now, unless the process has ended already. Idempotent; never fails.
    pub(crate) fn kill(&self) {
        if let Some(child) = lock(&self.child).as_mut() {
            // The child is ours and not yet reaped (see the module docs): the signal cannot
            // reach another process. It fails only for a child that is a zombie already.
            let _ = child.kill();
        }
    }

    /// How the process ended, if it has ended and been reaped.
    pub(crate) fn exit_status(&self) -> Option<WorkerExit> {
        self.exit.borrow().clone()
    }

    /// Resolves once the process has ended and been reaped, with how it ended. Can be called
    /// and awaited any number of times, from anywhere. Cancel safe.
    pub(crate) fn exited(&self) -> impl Future<Output = WorkerExit> + Send + 'static {
        let mut exit = self.exit.clone();
        async move {
            match exit.wait_for(Option::is_some).await {
                Ok(exit) => exit.clone().unwrap_or_else(reaper_gone),
                Err(_) => reaper_gone(),
            }
        }
    }
}

/// What `exited` says should the reaper thread have ended without a word (it cannot panic).
fn reaper_gone() -> WorkerExit {
    WorkerExit::Unknown {
        reason: String::from("the thread that watched the process ended early"),
    }
}

/// Waits until the child `pid` ends, then reaps it (see the module docs) and says how it
/// ended.
fn reap(pid: u32, child: &Mutex<Option<Child>>) -> WorkerExit {
    let pid = Pid::from_raw(pid as i32);
    let flags = WaitPidFlag::WEXITED | WaitPidFlag::WNOWAIT;
    // Any answer but EINTR means the child has ended (EINVAL: nix has no name for the
    // signal that ended it) or is not ours to wait for (ECHILD); `try_wait` tells which.
    while let Err(Errno::EINTR) = waitid(Id::Pid(pid), flags) {}
    let mut guard = lock(child);
    let Some(ended) = guard.as_mut() else {
        return reaper_gone();
    };
    let status = ended.try_wait();
    match status {
        Ok(Some(status)) => {
            *guard = None;
            exit_of(status)
        }
        Ok(None) => {
            // Not ended after all (cannot happen: waitid returned). Wait for it the plain
            // way, without the lock; `kill` can no longer reach it.
            let Some(mut running) = guard.take() else {
                return reaper_gone();
            };
            drop(guard);
            running.wait().map_or_else(|error| lost(&error), exit_of)
        }
        Err(error) => {
            *guard = None;
            lost(&error)
        }
    }
}

/// The exit of a process whose status was collected elsewhere.
fn lost(error: &std::io::Error) -> WorkerExit {
    WorkerExit::Unknown {
        reason: format!(
            "its exit status was collected elsewhere in this program ({error}); \
             is SIGCHLD ignored?"
        ),
    }
}

/// How a reaped process ended.
fn exit_of(status: ExitStatus) -> WorkerExit {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => WorkerExit::Code(code),
        (None, Some(signal)) => WorkerExit::signal(signal),
        (None, None) => WorkerExit::Unknown {
            reason: format!("the system reported {status}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use std::process::Command;

    use super::{WorkerProcess, spawn_worker};
    use crate::error::Error;
    use crate::remote::frame::Token;
    use crate::worker_exit::WorkerExit;

    fn run_sh(script: &str) -> WorkerProcess {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        WorkerProcess::start(command).expect("sh starts")
    }

    #[test]
    fn an_exit_code_is_reported() {
        let process = run_sh("exit 3");
        let exit = futures::executor::block_on(process.exited());
        assert_eq!(exit, WorkerExit::Code(3));
        assert_eq!(exit.to_string(), "exit code 3");
    }

    #[test]
    fn a_killing_signal_is_reported_by_name() {
        let process = run_sh("kill -9 $$");
        let exit = futures::executor::block_on(process.exited());
        assert_eq!(exit.to_string(), "signal 9 (SIGKILL)");
    }

    #[test]
    fn kill_ends_the_process_and_every_waiter_learns_it() {
        // `read` waits for a line that never comes (stdin is a pipe no one writes to).
        let mut command = Command::new("sh");
        command
            .args(["-c", "read line"])
            .stdin(std::process::Stdio::piped());
        let process = WorkerProcess::start(command).expect("sh starts");
        let first = process.exited();
        let second = process.clone().exited();
        process.kill();
        let exit = WorkerExit::signal(9);
        assert_eq!(futures::executor::block_on(first), exit);
        assert_eq!(futures::executor::block_on(second), exit);
        assert_eq!(futures::executor::block_on(process.exited()), exit);
        // Killing an ended process does nothing.
        process.kill();
    }

    #[test]
    fn a_program_without_an_entry_cannot_start_workers() {
        let token = Token::random();
        match spawn_worker(std::path::Path::new("/nonexistent"), &token) {
            Err(Error::InvalidOptions { reason }) => assert!(
                reason.contains("add `#[actor_core::main]` to `fn main`")
                    && reason.contains("actor_core::worker_test_support!()"),
                "{reason}"
            ),
            other => panic!("expected InvalidOptions, got {other:?}"),
        }
    }
}
