//! What every handler of the server shares.

use std::sync::Arc;

use super::sampler::Sampler;
use crate::scheduler::Scheduler;

/// The server's shared state.
#[derive(Clone)]
pub(super) struct Shared {
    /// The per-second counters.
    pub(super) sampler: Sampler,
    /// The runtime's scheduler: its resources and uptime. Read here rather than through the
    /// state API, which would start a runtime if none ran.
    pub(super) scheduler: Arc<Scheduler>,
}
