//! A worker process's view of its start: the variables the driver set (see `relaunch`).
//!
//! The worker takes them out of its environment at once (so the actor's code, and any
//! process it starts, never sees the token), and asks the kernel to SIGKILL it when the
//! driver dies.

use std::path::PathBuf;

use nix::sys::signal::Signal;

use super::frame::Token;
use super::relaunch::{PARENT_ENV, SOCKET_ENV, TOKEN_ENV};

/// What a worker process was told by the driver that started it.
#[derive(Debug)]
pub(crate) struct WorkerEnv {
    /// The driver's socket to connect to.
    pub(crate) socket: PathBuf,
    /// The secret to prove in the handshake.
    pub(crate) token: Token,
}

/// When this process was started as a worker: its environment, with the variables removed.
/// Also asks for SIGKILL when the driver dies. Exits the process with code 1 (saying why on
/// standard error) if the driver is gone already or the variables are malformed.
pub(crate) fn worker_env() -> Option<WorkerEnv> {
    let socket = std::env::var_os(SOCKET_ENV)?;
    let token = std::env::var(TOKEN_ENV);
    let parent = std::env::var(PARENT_ENV);
    remove_worker_vars();
    // The kernel sends this when the thread that forked us (the driver's spawner) ends; the
    // driver may have died before this line, so check that it is still our parent.
    if let Err(error) = nix::sys::prctl::set_pdeathsig(Signal::SIGKILL) {
        refuse(&format!("cannot ask for a parent-death signal: {error}"));
    }
    let parent: Option<u32> = parent.ok().and_then(|pid| pid.parse().ok());
    match parent {
        Some(pid) if nix::unistd::getppid().as_raw() as u32 == pid => {}
        Some(_) => refuse("the driver that started this worker has exited"),
        None => refuse(&format!("{PARENT_ENV} is missing or not a process id")),
    }
    let token = match token.ok().map(|token| Token::from_hex(&token)) {
        Some(Ok(token)) => token,
        Some(Err(error)) => refuse(&format!("{TOKEN_ENV} is malformed: {error}")),
        None => refuse(&format!("{TOKEN_ENV} is missing")),
    };
    Some(WorkerEnv {
        socket: PathBuf::from(socket),
        token,
    })
}

/// Ends a worker process that cannot serve, saying why.
fn refuse(reason: &str) -> ! {
    eprintln!(
        "actor-core worker {}: {reason}; exiting (a worker process is started by its driver \
         only, with {SOCKET_ENV} set)",
        std::process::id()
    );
    std::process::exit(1)
}

/// Takes the worker's variables out of the environment.
#[allow(unsafe_code)]
fn remove_worker_vars() {
    for name in [SOCKET_ENV, TOKEN_ENV, PARENT_ENV] {
        // SAFETY: `remove_var` races with other threads reading the environment. This runs
        // first thing in a worker process: at the start of `main`, or of the only test a
        // worker test binary runs (the harness's main thread waits for it meanwhile), before
        // any code of the program or of actor-core has started a thread that could read it.
        unsafe { std::env::remove_var(name) };
    }
}
