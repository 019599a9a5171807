//! Actors: the trait `#[actor]` implements, and the machinery that runs one.

mod backoff;
mod budget;
mod builders;
mod call;
mod caller_runs;
mod cell;
mod class;
mod control;
mod deferred;
mod execution;
#[cfg(not(loom))]
mod forward;
mod hand_off;
mod handle;
mod host;
mod id;
#[cfg(not(loom))]
mod isolated;
mod lifecycle;
mod mailbox;
mod options;
mod reply;
mod run_loop;
mod serving;
mod starter;
mod turn;
mod watchdog;

pub use class::{Actor, ActorClass, Handled};
pub use handle::{ActorHandle, ActorRef, HasHandle, kill, terminate, watch};
pub use id::ActorId;
pub use lifecycle::ActorState;
pub use options::ActorOptions;
pub use reply::{MethodContext, MethodModes, Reply};

pub(crate) use budget::budget_draw_due;
pub(crate) use caller_runs::RunHere;
pub(crate) use control::ActorControl;
pub(crate) use host::Blocking;
#[cfg(test)]
pub(crate) use serving::Stranded;
