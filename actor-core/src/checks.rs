//! Traits that turn a wrong argument or return type of an actor method into a clear error.
//!
//! `#[actor]` emits `assert_argument::<Remote, T>()` for every argument type `T` (and
//! `assert_return` for return types), spanned at the user's type. The functions are `const` so
//! that the macro can call them in an array length, which the compiler evaluates (and reports
//! on) before it type-checks function bodies: the user sees this message first, rather than the
//! errors the same type causes inside the generated items.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Marker: the actor's messages may cross a process boundary (the default).
#[derive(Debug)]
pub enum Remote {}

/// Marker: the actor was declared `#[actor(local)]`; its messages stay in this process.
#[derive(Debug)]
pub enum Local {}

/// A type an actor method may take as an argument.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an actor method argument: it must be `Send + 'static` and, \
               unless the impl block says `#[actor(local)]`, `Serialize + Deserialize`",
    label = "this argument type cannot cross the actor boundary",
    note = "derive `serde::Serialize` and `serde::Deserialize` for it, or write \
            `#[actor(local)]` on the impl block to keep the actor in this process; \
            use `Arc`/`Mutex` in place of `Rc`/`RefCell`"
)]
pub trait ActorArgument<Wire> {}

impl<T: Send + Serialize + DeserializeOwned + 'static> ActorArgument<Remote> for T {}
impl<T: Send + 'static> ActorArgument<Local> for T {}

/// A type an actor method may return.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned by an actor method: it must be `Send + 'static` and, \
               unless the impl block says `#[actor(local)]`, `Serialize + Deserialize`",
    label = "this return type cannot cross the actor boundary",
    note = "derive `serde::Serialize` and `serde::Deserialize` for it, or write \
            `#[actor(local)]` on the impl block to keep the actor in this process; \
            use `Arc`/`Mutex` in place of `Rc`/`RefCell`"
)]
pub trait ActorReturn<Wire> {}

impl<T: Send + Serialize + DeserializeOwned + 'static> ActorReturn<Remote> for T {}
impl<T: Send + 'static> ActorReturn<Local> for T {}

/// Fails to compile unless `T` may be an argument of an actor of kind `Wire`.
pub const fn assert_argument<Wire, T: ActorArgument<Wire>>() {}

/// Fails to compile unless `T` may be returned by an actor of kind `Wire`.
pub const fn assert_return<Wire, T: ActorReturn<Wire>>() {}

/// Marker: the struct attribute sets `max_restarts`, so `new` may run again.
#[derive(Debug)]
pub enum Restartable {}

/// Marker: the struct attribute does not ask for restarts.
#[derive(Debug)]
pub enum NotRestartable {}

/// Constructor arguments that allow the restarts the struct attribute asks for.
#[diagnostic::on_unimplemented(
    message = "the constructor arguments `{Self}` must be `Clone` because `max_restarts` \
               restarts the actor by calling `new` again with them",
    label = "these arguments are not all `Clone`",
    note = "derive `Clone` for the argument types, or remove `max_restarts` from `#[actor(..)]`"
)]
pub trait RestartArgs<Restarts> {}

impl<T> RestartArgs<NotRestartable> for T {}
impl<T: Clone> RestartArgs<Restartable> for T {}

/// Fails to compile unless the constructor arguments `T` allow restarts of kind `Restarts`.
pub fn assert_restart_args<Restarts, T: RestartArgs<Restarts>>() {}
