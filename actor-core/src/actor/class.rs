//! The traits `#[actor]` implements: what a class is, and how its calls are dispatched.

use std::future::Future;

use super::options::ActorOptions;
use super::reply::{MethodContext, Reply};

/// The plumbing `#[actor]` generates for a struct: construction and dispatch.
///
/// Sealed: only `#[actor]` implements it; put `#[actor]` on the struct and on its impl block.
/// The items marked hidden are the runtime's plumbing and may change in any release.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an actor",
    label = "add `#[actor]` to the struct `{Self}` and to its impl block"
)]
pub trait Actor: crate::__private::Sealed + Sized + Send + 'static {
    /// The generated message enum (`FooMessage`).
    type Message: Send + 'static;
    /// The constructor's arguments, as a tuple.
    #[doc(hidden)]
    type Args: Send + 'static;
    /// The type's name, shown in errors and in the state API.
    const CLASS_NAME: &'static str;
    /// The names of the methods, indexed by [`Actor::method_index`].
    const METHODS: &'static [&'static str];
    /// Whether any method is `async` (the `#[on_stop]` one aside).
    #[doc(hidden)]
    const HAS_ASYNC_METHODS: bool;

    /// The per-method counters of one actor of the class, kept in its cell.
    #[doc(hidden)]
    type Telemetry: AsRef<[crate::telemetry::MethodCounters]> + Default + Send + Sync + 'static;

    /// What the class learnt of its sync methods: whether each one blocks.
    #[doc(hidden)]
    fn method_modes() -> &'static [std::sync::atomic::AtomicU8];

    /// Runs the constructor `new`; an `Err` carries the constructor's error message.
    #[doc(hidden)]
    fn construct(args: Self::Args) -> Result<Self, String>;

    /// A copy of `message`, kept to run the call again after a restart
    /// (`max_task_retries`); `None` when its arguments are not `Clone`.
    #[doc(hidden)]
    fn copy_message(message: &Self::Message) -> Option<Self::Message>;

    /// The index into [`Actor::METHODS`] of the method `message` calls.
    #[doc(hidden)]
    fn method_index(message: &Self::Message) -> usize;

    /// Runs the method `message` calls and completes `reply` with its value: a sync method
    /// at once, an async one through the future handed back.
    #[doc(hidden)]
    fn handle<'a>(
        &'a mut self,
        message: Self::Message,
        reply: &'a Reply<'a>,
        context: &'a MethodContext,
    ) -> Handled<impl Future<Output = ()> + Send + 'a>;

    /// The class's wire functions, if it has a wire format (its impl block is not
    /// `#[actor(local)]` and its types are serde): what an actor in a worker process needs.
    #[doc(hidden)]
    fn wire() -> Option<crate::wire::Wire<Self::Message, Self::Args>> {
        None
    }

    /// Runs the `#[on_stop]` method, if the impl block marks one: on a graceful stop
    /// (last handle dropped, `terminate`, `exit_actor`), never on `kill`.
    #[doc(hidden)]
    fn on_stop(&mut self) -> impl Future<Output = ()> + Send {
        std::future::ready(())
    }
}

/// How [`Actor::handle`] dealt with a call. Used by code `#[actor]` generates.
#[derive(Debug)]
pub enum Handled<F> {
    /// A sync method ran, and its value went to the reply.
    Done,
    /// An async method: polling the future runs it and sends its value.
    Async(F),
}

/// The defaults `#[actor(...)]` on a struct gives every instance.
///
/// Implemented by `#[actor]` on the struct; the impl block's expansion requires it, which is
/// how an impl block whose struct lacks `#[actor]` is reported.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has `#[actor]` on its impl block but not on its struct",
    label = "add `#[actor]` to the struct `{Self}`"
)]
pub trait ActorClass {
    /// Whether the struct attribute asks for restarts (`Restartable`), which needs
    /// constructor arguments that are `Clone`.
    type Restarts;

    /// Whether the struct attribute says `isolated` (`Isolated`), which a class whose impl
    /// block is `#[actor(local)]` cannot be.
    type Placement;

    /// The instance defaults given on the struct attribute.
    fn default_options() -> ActorOptions;
}
