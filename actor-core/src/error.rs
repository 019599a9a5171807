//! The one error type of the crate, and the causes of an actor's death.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::actor::ActorId;
use crate::worker_exit::WorkerExit;

/// Who an error is about: an actor's class, name and id, as shown in messages.
///
/// Cheap to clone: the errors of one actor share its class name and its name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActorLabel {
    /// The actor's unique id.
    pub id: ActorId,
    /// The Rust type name of the actor (`Counter`).
    pub class_name: Cow<'static, str>,
    /// The name given with `options().name(..)`, if any.
    pub name: Option<Arc<str>>,
}

impl fmt::Display for ActorLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.name {
            Some(name) => write!(f, "actor `{name}` ({} {})", self.class_name, self.id),
            None => write!(f, "actor {} {}", self.class_name, self.id),
        }
    }
}

/// Why an actor stopped running.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum DeathCause {
    /// `actor_core::kill` stopped it.
    Killed,
    /// A method panicked and the actor may not restart (`max_restarts` is 0).
    MethodPanicked {
        /// The method that panicked.
        method: String,
        /// The panic message.
        message: String,
    },
    /// A method panicked after every restart `max_restarts` allows was used.
    OutOfRestarts {
        /// How often the actor was restarted.
        restarts: u32,
        /// The method that panicked last.
        method: String,
        /// Its panic message.
        message: String,
    },
    /// The constructor `new` returned an error or panicked.
    ConstructorFailed {
        /// The constructor's error or panic message.
        message: String,
    },
    /// Every handle was dropped; queued calls finished first.
    HandlesDropped,
    /// `actor_core::terminate` stopped it after its queued calls.
    Terminated,
    /// A method called `actor_core::context::exit_actor()`.
    Exited,
    /// Its `#[on_stop]` method panicked while it stopped gracefully.
    OnStopPanicked {
        /// The panic message.
        message: String,
    },
    /// `actor_core::shutdown` stopped the runtime.
    RuntimeShutdown,
    /// It asks for resources the node can never provide.
    Unschedulable {
        /// Which resource is short, and by how much.
        missing: String,
    },
    /// Its worker process (`options().isolated(true)`) ended: it crashed, was killed by a
    /// signal (the OOM killer's is `SIGKILL`), or exited.
    WorkerDied {
        /// How the process ended.
        exit: WorkerExit,
    },
    /// The connection to its worker process failed (it sent bytes that are not frames, or
    /// frames out of order), so the driver killed the process.
    WorkerLost {
        /// What went wrong.
        reason: String,
    },
}

impl fmt::Display for DeathCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Killed => f.write_str("it was killed"),
            Self::MethodPanicked { method, message } => {
                write!(f, "method `{method}` panicked: {message}")
            }
            Self::OutOfRestarts {
                restarts,
                method,
                message,
            } => write!(
                f,
                "method `{method}` panicked: {message}, and it was out of restarts \
                 (restarted {restarts} times)"
            ),
            Self::ConstructorFailed { message } => write!(f, "its constructor failed: {message}"),
            Self::HandlesDropped => f.write_str("all of its handles were dropped"),
            Self::Terminated => f.write_str("it was terminated after its queued calls"),
            Self::Exited => f.write_str("a method called `exit_actor()`"),
            Self::OnStopPanicked { message } => {
                write!(f, "its `#[on_stop]` method panicked: {message}")
            }
            Self::RuntimeShutdown => f.write_str("the runtime was shut down"),
            Self::Unschedulable { missing } => write!(f, "it can never be scheduled: {missing}"),
            Self::WorkerDied { exit } => write!(f, "its worker process died ({exit})"),
            Self::WorkerLost { reason } => {
                write!(f, "the connection to its worker process failed: {reason}")
            }
        }
    }
}

/// Everything that can go wrong when calling an actor or a task.
///
/// A value returned by the user's own method (including its `Err`) is never an `Error`:
/// it is handed back as the method's value.
///
/// `Debug` prints the same text as `Display`, as `anyhow` does, so that
/// `fn main() -> Result<(), Error>` shows the message and its fix rather than the variant.
#[derive(Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Error {
    /// The method panicked while running this call.
    #[error("{actor} failed: method `{method}` panicked: {message}")]
    MethodPanicked {
        /// The actor the call was made on.
        actor: ActorLabel,
        /// The method that panicked.
        method: String,
        /// The panic message.
        message: String,
    },
    /// The actor is dead (or died while the call was queued or running).
    #[error("{actor} died: {cause}")]
    ActorDied {
        /// The actor the call was made on.
        actor: ActorLabel,
        /// Why it died.
        cause: DeathCause,
    },
    /// A task panicked on its last try.
    #[error("task `{task}` panicked: {message}")]
    TaskPanicked {
        /// The task function's name.
        task: String,
        /// The panic message.
        message: String,
    },
    /// The value was not ready within the given time; the call itself goes on.
    #[error("timed out after {after:?} waiting for the result")]
    Timeout {
        /// How long the caller waited.
        after: Duration,
    },
    /// Another actor already has this name in this namespace.
    #[error(
        "the name `{name}` is already taken in namespace `{namespace}`; use `.get_if_exists(true)` to get that actor instead"
    )]
    NameTaken {
        /// The name asked for.
        name: String,
        /// The namespace searched.
        namespace: String,
    },
    /// No live actor has this name in this namespace.
    #[error("no actor named `{name}` in namespace `{namespace}`")]
    NotFound {
        /// The name asked for.
        name: String,
        /// The namespace searched.
        namespace: String,
    },
    /// The named actor exists but is of another class than the one asked for.
    #[error("the actor named `{name}` is a `{actual}`, not a `{expected}`")]
    WrongClass {
        /// The name asked for.
        name: String,
        /// The class the caller expected.
        expected: String,
        /// The class the actor really has.
        actual: String,
    },
    /// Waiting here would block the thread that has to produce the value.
    #[error("deadlock: {reason}")]
    Deadlock {
        /// What would have waited on what.
        reason: String,
    },
    /// A blocking call (`.get()`, `get_timeout`, `actor_core::get`, `wait`) was made on a
    /// thread that runs async code: a tokio worker, or the body of `#[tokio::main]`.
    #[error(
        "a blocking `.get()` (or `get`, `wait`) was called inside async code, where it would stall the executor; use `.await` (or `actor_core::get_async`, `wait_async`) instead, or block inside `tokio::task::spawn_blocking`"
    )]
    BlockingInAsyncContext,
    /// The work asks for resources that this node can never provide.
    #[error("unschedulable: {missing}")]
    Unschedulable {
        /// Which resource is short, and by how much.
        missing: String,
    },
    /// The handle's `max_pending_calls` limit was reached.
    #[error("{actor} has {limit} calls pending, its `max_pending_calls` limit")]
    PendingCallsLimitExceeded {
        /// The actor the call was made on.
        actor: ActorLabel,
        /// The configured limit.
        limit: usize,
    },
    /// The call was cancelled before it finished.
    #[error("the call was cancelled")]
    Cancelled,
    /// The options given cannot work for this call or task.
    #[error("invalid options: {reason}")]
    InvalidOptions {
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// The runtime was shut down before the work finished.
    #[error("the runtime was shut down before the work finished")]
    RuntimeShutdown,
    /// `init_with` was called while the runtime runs.
    #[error(
        "the runtime is already running; call `actor_core::shutdown()` before `init_with` to change its configuration"
    )]
    AlreadyInitialized,
    /// The runtime's threads could not be started.
    #[error("the runtime could not start: {message}")]
    RuntimeStart {
        /// What the operating system said.
        message: String,
    },
    /// A call or its reply could not be turned into bytes or read back from them.
    #[error("wire format: {message}")]
    Wire {
        /// What could not be encoded or decoded, and why.
        message: String,
    },
    /// An argument given as an `ObjectRef` failed, so the call or task that waited for it
    /// never ran.
    #[error("a dependency failed, so this call did not run: {source}")]
    DependencyFailed {
        /// The dependency's own error.
        source: Box<Error>,
    },
    /// The value cannot be produced again: `get` was already called on this `ObjectRef`.
    #[error("the value of this ObjectRef was already taken")]
    AlreadyTaken,
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
