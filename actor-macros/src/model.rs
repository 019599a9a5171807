//! The typed model of an actor impl block, borrowed from the syn tree.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Attribute, FnArg, Ident, ImplItemFn, ItemImpl, Type, Visibility};

/// One argument of a method or constructor: a plain name and its type.
pub(crate) struct Arg<'a> {
    pub(crate) name: &'a Ident,
    pub(crate) ty: &'a Type,
}

/// The constructor `new`.
pub(crate) struct Constructor<'a> {
    pub(crate) item: &'a ImplItemFn,
    pub(crate) args: Vec<Arg<'a>>,
    /// `new` returns `Result<Self, E>` rather than `Self`.
    pub(crate) returns_result: bool,
}

/// A method with a `self` receiver: one handle method and one message variant.
pub(crate) struct Method<'a> {
    pub(crate) item: &'a ImplItemFn,
    pub(crate) args: Vec<Arg<'a>>,
    /// The variant of the message enum: the method name in UpperCamelCase.
    pub(crate) variant: Ident,
    /// The return type, `()` when none is written.
    pub(crate) output: Type,
    /// The return type's last path segment is `Result`: an `Err` counts as an error.
    pub(crate) returns_result: bool,
}

impl Method<'_> {
    pub(crate) fn name(&self) -> &Ident {
        &self.item.sig.ident
    }

    pub(crate) fn is_async(&self) -> bool {
        self.item.sig.asyncness.is_some()
    }

    pub(crate) fn vis(&self) -> &Visibility {
        &self.item.vis
    }

    /// The `///` docs of the method, forwarded to the handle method and variant, or
    /// `fallback` when it has none.
    pub(crate) fn docs_or(&self, fallback: &str) -> TokenStream {
        let docs: Vec<&Attribute> = self
            .item
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("doc"))
            .collect();
        if docs.is_empty() {
            quote!(#[doc = #fallback])
        } else {
            quote!(#(#docs)*)
        }
    }

    /// The `#[cfg]` attributes, forwarded to everything generated for the method.
    pub(crate) fn cfgs(&self) -> impl Iterator<Item = &Attribute> {
        self.item
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("cfg"))
    }
}

/// An impl block under `#[actor]`, validated.
pub(crate) struct ActorImpl<'a> {
    pub(crate) item: &'a ItemImpl,
    /// The struct's name (`Foo` of `impl Foo` or `impl<T> Foo<T>`).
    pub(crate) ident: &'a Ident,
    pub(crate) constructor: Constructor<'a>,
    pub(crate) methods: Vec<Method<'a>>,
    /// The method marked `#[on_stop]`, run on a graceful stop; not a handle method.
    pub(crate) on_stop: Option<&'a ImplItemFn>,
}

/// The receiver kinds a method may have.
pub(crate) fn receiver(item: &ImplItemFn) -> Option<&syn::Receiver> {
    match item.sig.inputs.first() {
        Some(FnArg::Receiver(receiver)) => Some(receiver),
        _ => None,
    }
}
