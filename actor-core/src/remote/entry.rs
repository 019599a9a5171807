//! TEMPORARY stand-in (replaced at merge).
use super::frame::Token;
use std::path::PathBuf;
pub(crate) struct WorkerEnv {
    pub(crate) socket: PathBuf,
    pub(crate) token: Token,
}
pub(crate) fn worker_env() -> Option<WorkerEnv> {
    let socket = std::env::var_os("ACTOR_CORE_WORKER_SOCKET")?;
    let token = Token::from_hex(&std::env::var("ACTOR_CORE_WORKER_TOKEN").ok()?).ok()?;
    Some(WorkerEnv {
        socket: socket.into(),
        token,
    })
}
/// Runs `body`, or the worker.
pub fn enter_main<R>(body: impl FnOnce() -> R) -> R {
    if let Some(env) = worker_env() {
        std::process::exit(super::worker::run(env));
    }
    body()
}
/// TEMPORARY
pub(crate) fn check_can_start_workers() -> Result<(), crate::error::Error> {
    Ok(())
}
