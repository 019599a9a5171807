//! What a worker process runs. PLACEHOLDER: the lead replaces this file with the real worker
//! (connect to `env.socket`, handshake with `env.token`, serve the actor).

use super::worker_env::WorkerEnv;

/// Runs the worker and returns the process's exit code. Placeholder: exits with 70
/// (`EX_SOFTWARE`) at once; the lead replaces it.
pub(crate) fn run(env: WorkerEnv) -> i32 {
    drop(env);
    70
}
