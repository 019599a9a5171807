//! TEMPORARY stand-in for the process helper's process.rs (replaced at merge).
use super::frame::Token;
use crate::error::{Error, WorkerExit};
use std::future::Future;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::Command;

pub(crate) struct WorkerProcess {
    pid: u32,
    exit: tokio::sync::watch::Receiver<Option<WorkerExit>>,
}
pub(crate) fn spawn_worker(socket: &Path, token: &Token) -> Result<WorkerProcess, Error> {
    let mut child = Command::new(std::env::current_exe().map_err(|e| Error::Wire {
        message: e.to_string(),
    })?)
    .env("ACTOR_CORE_WORKER_SOCKET", socket)
    .env("ACTOR_CORE_WORKER_TOKEN", token.to_hex())
    .spawn()
    .map_err(|e| Error::Wire {
        message: e.to_string(),
    })?;
    let pid = child.id();
    let (tx, rx) = tokio::sync::watch::channel(None);
    std::thread::spawn(move || {
        let status = child.wait().expect("wait");
        let exit = match status.code() {
            Some(c) => WorkerExit::Code(c),
            None => WorkerExit::Signal {
                number: status.signal().unwrap_or(0),
                name: "SIG".into(),
            },
        };
        let _ = tx.send(Some(exit));
    });
    Ok(WorkerProcess { pid, exit: rx })
}
impl WorkerProcess {
    pub(crate) fn pid(&self) -> u32 {
        self.pid
    }
    pub(crate) fn exit_status(&self) -> Option<WorkerExit> {
        self.exit.borrow().clone()
    }
    pub(crate) fn kill(&self) {
        let _ = Command::new("kill")
            .arg("-9")
            .arg(self.pid.to_string())
            .status();
    }
    pub(crate) fn exited(&self) -> impl Future<Output = WorkerExit> + Send + 'static {
        let mut rx = self.exit.clone();
        async move {
            loop {
                if let Some(e) = rx.borrow_and_update().clone() {
                    return e;
                }
                if rx.changed().await.is_err() {
                    return WorkerExit::Code(-1);
                }
            }
        }
    }
}
