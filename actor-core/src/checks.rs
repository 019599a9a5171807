//! Traits that turn a wrong argument or return type of an actor method into a clear error.
//!
//! `#[actor]` emits `assert_argument::<Remote, T>()` for every argument type `T` (and
//! `assert_return` for return types), spanned at the user's type.

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
pub fn assert_argument<Wire, T: ActorArgument<Wire>>() {}

/// Fails to compile unless `T` may be returned by an actor of kind `Wire`.
pub fn assert_return<Wire, T: ActorReturn<Wire>>() {}
