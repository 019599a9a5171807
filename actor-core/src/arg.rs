//! Arguments given as values or as `ObjectRef`s to the values, as Ray's dependency
//! resolution allows: `add::remote(add::remote(1, 2), 3)`.

use crate::error::Error;
use crate::object_ref::ObjectRef;

/// An argument of type `T` as given to a handle method or `f::remote`: the value itself,
/// or a reference to a value still being made, which the call waits for.
#[derive(Debug)]
pub enum Arg<T> {
    /// The value, sent with the call as it is.
    Value(T),
    /// The result of another call or task; the call runs once it is there.
    Ref(ObjectRef<T>),
}

impl<T> Arg<T> {
    /// The value, once it is there; a failed dependency fails with
    /// [`Error::DependencyFailed`] naming its error.
    pub async fn resolve(self) -> Result<T, Error> {
        match self {
            Self::Value(value) => Ok(value),
            Self::Ref(object_ref) => object_ref.await.map_err(dependency_failed),
        }
    }
}

/// The error of a call whose argument failed with `error`. A dependency that itself failed
/// on a dependency is passed on as it is, so that a long chain names the first failure once.
fn dependency_failed(error: Error) -> Error {
    match error {
        Error::DependencyFailed { .. } => error,
        other => Error::DependencyFailed {
            source: Box::new(other),
        },
    }
}

/// What an argument of type `T` can be given as: a `T`, or an `ObjectRef<T>` whose value
/// the call waits for (without holding a CPU, for a task).
///
/// Handle methods and `f::remote` take `impl IntoArg<T>` for each argument of type `T`.
/// Since a value may be either, an argument whose type comes from the method alone
/// (`"a".into()`, `iter.collect()`, `Default::default()`) needs its type written out:
/// `String::from("a")`.
#[diagnostic::on_unimplemented(
    message = "this argument must be a `{T}` or an `ObjectRef<{T}>`, not a `{Self}`",
    label = "expected `{T}` or `ObjectRef<{T}>`"
)]
pub trait IntoArg<T> {
    /// The argument, as a value or as a reference to one.
    fn into_arg(self) -> Arg<T>;
}

impl<T> IntoArg<T> for T {
    #[inline(always)]
    fn into_arg(self) -> Arg<T> {
        Arg::Value(self)
    }
}

impl<T> IntoArg<T> for ObjectRef<T> {
    #[inline(always)]
    fn into_arg(self) -> Arg<T> {
        Arg::Ref(self)
    }
}
