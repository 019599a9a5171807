//! Traits that turn a wrong argument or return type of an actor method into a clear error.
//!
//! For every argument type `T` (and return type) `#[actor]` emits, spanned at the user's type,
//! `assert_argument::<Remote, T, _>((&&CrossProbe::<Remote, T>::new()).probe())`: the probe
//! answers whether `T` crosses, and a "no" is one error in the words of
//! `#[diagnostic::on_unimplemented]` on `ActorArgument`/`ActorReturn`. The serde impls of the
//! generated message are bounded so that they add no error of their own.

use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Marker: the actor's messages may cross a process boundary (the default).
#[derive(Debug)]
pub enum Remote {}

/// Marker: the actor was declared `#[actor(local)]`; its messages stay in this process.
#[derive(Debug)]
pub enum Local {}

/// A type an actor method may take as an argument: the probe of `T` (see [`CrossProbe`])
/// found that it crosses the boundary of an actor of kind `Wire`.
#[diagnostic::on_unimplemented(
    message = "`{T}` cannot be an actor method argument: it must be `Send + 'static` and, \
               unless the impl block says `#[actor(local)]`, `Serialize + Deserialize`",
    label = "this argument type cannot cross the actor boundary",
    note = "derive `serde::Serialize` and `serde::Deserialize` for it, or write \
            `#[actor(local)]` on the impl block to keep the actor in this process; \
            use `Arc`/`Mutex` in place of `Rc`/`RefCell`"
)]
pub trait ActorArgument<Wire, T> {}

impl<Wire, T> ActorArgument<Wire, T> for Crosses {}

/// A type an actor method may return: the probe of `T` found that it crosses.
#[diagnostic::on_unimplemented(
    message = "`{T}` cannot be returned by an actor method: it must be `Send + 'static` and, \
               unless the impl block says `#[actor(local)]`, `Serialize + Deserialize`",
    label = "this return type cannot cross the actor boundary",
    note = "derive `serde::Serialize` and `serde::Deserialize` for it, or write \
            `#[actor(local)]` on the impl block to keep the actor in this process; \
            use `Arc`/`Mutex` in place of `Rc`/`RefCell`"
)]
pub trait ActorReturn<Wire, T> {}

impl<Wire, T> ActorReturn<Wire, T> for Crosses {}

/// Finds, at compile time, whether `T` crosses the boundary of an actor of kind `Wire`, as
/// `(&&CrossProbe::<Wire, T>::new()).probe()` with both probe traits in scope: the value is
/// `Crosses` if it does, `DoesNotCross` otherwise. Asking for one trait of the answer
/// (rather than for `Serialize`, `Deserialize` and `Send` one by one) makes a type that lacks
/// several of them one error, not one per missing trait.
#[derive(Debug)]
pub struct CrossProbe<Wire, T>(PhantomData<fn() -> (Wire, T)>);

impl<Wire, T> CrossProbe<Wire, T> {
    /// The probe of `T`.
    pub const fn new() -> Self {
        Self(PhantomData)
    }
}

impl<Wire, T> Default for CrossProbe<Wire, T> {
    fn default() -> Self {
        Self::new()
    }
}

/// The probe's answer: the type crosses.
#[derive(Debug)]
pub struct Crosses;

/// The probe's answer: the type does not cross.
#[derive(Debug)]
pub struct DoesNotCross;

/// Chosen when the type crosses.
pub trait CrossesViaTraits {
    /// `Crosses`.
    fn probe(&self) -> Crosses;
}

impl<T: Send + Serialize + DeserializeOwned + 'static> CrossesViaTraits for &CrossProbe<Remote, T> {
    fn probe(&self) -> Crosses {
        Crosses
    }
}

impl<T: Send + 'static> CrossesViaTraits for &CrossProbe<Local, T> {
    fn probe(&self) -> Crosses {
        Crosses
    }
}

/// Chosen otherwise.
pub trait CrossesFallback {
    /// `DoesNotCross`.
    fn probe(&self) -> DoesNotCross;
}

impl<Wire, T> CrossesFallback for CrossProbe<Wire, T> {
    fn probe(&self) -> DoesNotCross {
        DoesNotCross
    }
}

/// Fails to compile unless the probe of `T` (an argument type) answered `Crosses`.
pub fn assert_argument<Wire, T, Answer: ActorArgument<Wire, T>>(_answer: Answer) {}

/// Fails to compile unless the probe of `T` (a return type) answered `Crosses`.
pub fn assert_return<Wire, T, Answer: ActorReturn<Wire, T>>(_answer: Answer) {}

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

/// Marker: the struct attribute says `isolated`: every instance runs in a worker process.
#[derive(Debug)]
pub enum Isolated {}

/// Marker: the struct attribute does not say `isolated`.
#[derive(Debug)]
pub enum InProcess {}

/// A placement that an impl block marked `#[actor(local)]` allows.
#[diagnostic::on_unimplemented(
    message = "an `#[actor(local)]` class cannot be `isolated`: its calls never leave this \
               process, and an isolated actor runs in a worker process of its own",
    label = "`local` here, `isolated` on the struct",
    note = "remove `isolated` from the struct's `#[actor(..)]` (or `local` from the impl block, \
            whose arguments and return types must then be `Serialize + Deserialize`)"
)]
pub trait LocalPlacement {}

impl LocalPlacement for InProcess {}

/// Fails to compile unless `P`, the struct's placement, allows an `#[actor(local)]` impl.
pub fn assert_local_placement<P: LocalPlacement>() {}
