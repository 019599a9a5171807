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
    /// Its constructor is running again after a failure.
    Restarting,
    /// Stopped for good.
    Dead {
        /// Why it stopped.
        cause: DeathCause,
    },
}
