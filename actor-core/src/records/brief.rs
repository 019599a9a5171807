//! What a page of actors is filtered and sorted on: a few figures of an actor, read
//! without building its [`ActorInfo`](super::ActorInfo), so that a page of 100 among
//! 100,000 actors builds 100 records.

use std::time::Duration;

use crate::actor::ActorId;

/// The figures of all methods of one actor, added up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Totals {
    /// Calls finished.
    pub(crate) calls: u64,
    /// Calls that returned `Err` or panicked.
    pub(crate) errors: u64,
    /// Time spent in the methods, scaled up from the calls timed (see `MethodStats`).
    pub(crate) total_time: Duration,
}

impl Totals {
    /// The mean time of a call, `None` before the first.
    pub(crate) fn mean_time(&self) -> Option<Duration> {
        super::histogram::mean(self.total_time, self.calls)
    }
}

/// One actor as a page of actors filters and sorts it, borrowed from the actor.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Brief<'a> {
    pub(crate) id: ActorId,
    pub(crate) class_name: &'a str,
    pub(crate) name: Option<&'a str>,
    /// [`ActorState::label`](crate::actor::ActorState::label) of its state.
    pub(crate) state: &'static str,
    pub(crate) num_restarts: u32,
    pub(crate) queue_len: usize,
    pub(crate) totals: Totals,
}
