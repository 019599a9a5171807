//! The names of the generated items: each a documented function of the struct's name.

use quote::format_ident;
use syn::Ident;

/// `Foo` -> `FooHandle`, `FooMessage`, `FooOptions`, `FooTell`.
pub(crate) struct Names {
    /// The handle, `FooHandle`.
    pub(crate) handle: Ident,
    /// The message enum, `FooMessage`.
    pub(crate) message: Ident,
    /// The options builder, `FooOptions`.
    pub(crate) options: Ident,
    /// The fire-and-forget view of a handle, `FooTell`.
    pub(crate) tell: Ident,
}

impl Names {
    /// The names generated for the struct `ident`.
    pub(crate) fn of(ident: &Ident) -> Self {
        Self {
            handle: format_ident!("{}Handle", ident),
            message: format_ident!("{}Message", ident),
            options: format_ident!("{}Options", ident),
            tell: format_ident!("{}Tell", ident),
        }
    }
}
