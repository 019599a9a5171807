//! Codegen: from a validated model to the items `#[actor]` and `#[task]` promise.

mod actor_impl;
mod actor_struct;
mod checks;
mod constructors;
mod context;
mod dependencies;
mod dispatch;
mod handle;
mod message;
mod options;
mod sending;
mod task;
mod tell;
mod wire;

pub(crate) use actor_impl::expand as actor_impl;
pub(crate) use actor_struct::expand as actor_struct;
pub(crate) use dependencies::accepts_object_ref;
pub(crate) use task::expand as task;
