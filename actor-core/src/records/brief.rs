//! What a page of actors is filtered and sorted on: a few figures of an actor, read in
//! place without building its [`ActorInfo`](super::ActorInfo), and only those the query
//! needs, so that a page of 100 among 100,000 actors reads little of each and builds 100
//! records.

use std::time::Duration;

use crate::actor::ActorId;

/// The figures of all methods of one actor, added up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Totals {
    /// Calls finished.
    pub(crate) calls: u64,
    /// Calls that returned `Err` or panicked.
    pub(crate) errors: u64,
    /// Time spent in the methods, scaled up from the calls timed (see `MethodStats`);
    /// zero unless [`Wanted::times`].
    pub(crate) total_time: Duration,
}

impl Totals {
    /// The mean time of a call, `None` before the first.
    pub(crate) fn mean_time(&self) -> Option<Duration> {
        super::histogram::mean(self.total_time, self.calls)
    }
}

/// Which figures of a [`Brief`] to read; those not wanted are left at their default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Wanted {
    /// The state's label (a lock of the actor's state).
    pub(crate) state: bool,
    /// The name.
    pub(crate) name: bool,
    /// Calls and errors.
    pub(crate) counts: bool,
    /// Calls and the time spent in them.
    pub(crate) times: bool,
    /// Restarts.
    pub(crate) restarts: bool,
    /// The length of the queue.
    pub(crate) queue_len: bool,
}

/// One actor as a page of actors filters and sorts it, borrowed from the actor: its id
/// and class, and the figures [`Wanted`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Brief<'a> {
    pub(crate) id: ActorId,
    pub(crate) class_name: &'a str,
    pub(crate) name: Option<&'a str>,
    /// [`ActorState::label`](crate::actor::ActorState::label) of its state, `""` unless
    /// wanted.
    pub(crate) state: &'static str,
    pub(crate) num_restarts: u32,
    pub(crate) queue_len: usize,
    pub(crate) totals: Totals,
}
