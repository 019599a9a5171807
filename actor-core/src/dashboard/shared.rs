//! What every handler of the server shares.

use std::time::Instant;

use super::sampler::Sampler;

/// The server's shared state.
#[derive(Clone, Debug)]
pub(super) struct Shared {
    /// The per-second counters.
    pub(super) sampler: Sampler,
    /// When the dashboard started, with the runtime.
    pub(super) started: Instant,
}
