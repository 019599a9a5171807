//! Where an actor is in its life.

use serde::{Deserialize, Serialize};

use crate::error::DeathCause;

/// Where an actor is in its life.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ActorState {
    /// Created, waiting for the resources it asked for.
    PendingCreation,
    /// Running its constructor or its methods.
    Alive,
    /// Restarting after a panic: its constructor runs again, after a pause that grows while
    /// it panics again soon after each restart (2 ms for the second restart in a row, twice
    /// as long for each next one, at most 1 s; none after it ran well for 10 s).
    Restarting,
    /// Stopped for good.
    Dead {
        /// Why it stopped.
        cause: DeathCause,
    },
}
