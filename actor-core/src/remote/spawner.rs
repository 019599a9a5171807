//! The one thread that starts every worker process.
//!
//! A worker asks the kernel to SIGKILL it when its parent dies (`PR_SET_PDEATHSIG`, see
//! `entry`), and the kernel takes "parent" to be the THREAD that forked it: a worker forked
//! by a thread that later ends (a tokio blocking thread, a caller's thread) would be killed
//! with it. So every worker is forked here, by a thread that lives as long as the process.

use std::io;
use std::process::{Child, Command};
use std::sync::OnceLock;
use std::sync::mpsc::{Sender, SyncSender, sync_channel};

/// A command to start, and where to send the started child (or why it did not start).
type Request = (Command, SyncSender<io::Result<Child>>);

/// The spawner thread's inbox, once the thread runs.
static SPAWNER: OnceLock<Sender<Request>> = OnceLock::new();

/// Starts `command` on the spawner thread and returns the child.
///
/// Blocks the calling thread while the spawner forks and execs (well under a millisecond
/// usually). Fails if the spawner thread cannot be started or the command cannot run.
pub(super) fn spawn(command: Command) -> io::Result<Child> {
    let (reply, answer) = sync_channel(1);
    let inbox = match SPAWNER.get() {
        Some(inbox) => inbox,
        None => {
            let inbox = start()?;
            SPAWNER.get_or_init(|| inbox)
        }
    };
    inbox
        .send((command, reply))
        .map_err(|_| io::Error::other("the worker spawner thread has stopped"))?;
    answer
        .recv()
        .map_err(|_| io::Error::other("the worker spawner thread has stopped"))?
}

/// Starts the spawner thread. Should two callers race here, the loser's thread ends at
/// once, never having forked anything (its inbox is dropped unused).
fn start() -> io::Result<Sender<Request>> {
    let (inbox, requests) = std::sync::mpsc::channel::<Request>();
    std::thread::Builder::new()
        .name(String::from("actor-core-spawner"))
        .stack_size(64 * 1024)
        .spawn(move || {
            for (mut command, reply) in requests {
                // The caller waits for the answer: it is gone only if its thread panicked.
                let _ = reply.send(command.spawn());
            }
        })?;
    Ok(inbox)
}
