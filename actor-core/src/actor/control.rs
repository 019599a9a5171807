//! What the registry, `kill` and a call's reply need of an actor of any class.

use std::any::Any;
use std::sync::Arc;

use crate::error::{DeathCause, Error};
use crate::records::{ActorInfo, Brief, Wanted};
use crate::slot::Slot;
use crate::wire::{CallCell, TellCell};

use super::ActorId;
use super::serving::Stranded;

/// What the registry, `kill` and a call's reply need of an actor of any class; and, as for
/// every actor, what a stand-in needs to run its calls while its loop cannot (`Stranded`).
pub(crate) trait ActorControl: Stranded + Send + Sync {
    /// The actor's id.
    fn id(&self) -> ActorId;
    /// A snapshot of the actor for the state API.
    fn info(&self) -> ActorInfo;
    /// The few figures a page of actors filters and sorts on, those `wanted`, read in place.
    fn brief(&self, wanted: Wanted) -> Brief<'_>;
    /// Stops the actor at once; returns false if it was already dead.
    fn kill(&self, cause: DeathCause) -> bool;
    /// Stops the actor after its queued calls (`terminate`).
    fn terminate(&self);
    /// Asks the actor to stop once its running call returns (`exit_actor`).
    fn request_exit(&self);
    /// Whether its running call was settled before it answered (`is_cancelled`).
    fn running_call_cancelled(&self) -> bool;
    /// Why a call of it was dropped unanswered: the error a refused call gets.
    fn unanswered_error(&self) -> Error;
    /// The typed cell, for `get_actor`.
    fn as_any(self: Arc<Self>) -> Arc<dyn Any + Send + Sync>;
    /// How to run a call of it given as bytes, on its cell ([`ActorControl::as_any`]); `None`
    /// for a class without a wire format.
    fn call_cell(&self) -> Option<CallCell>;
    /// How to send it a call given as bytes without a result (`tell`), on its cell; `None`
    /// for a class without a wire format.
    fn tell_cell(&self) -> Option<TellCell>;
    /// A notice that resolves with the cause once the actor dies (see `actor_core::watch`).
    fn death_notice(&self) -> Arc<Slot<DeathCause>>;
}
