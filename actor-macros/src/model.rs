//! The typed model of what `#[actor]` and `#[task]` are put on, borrowed from the syn tree.
//!
//! `parse` builds it without judging it; `valid` checks it once; `expand` and `fallback`
//! generate code from it.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{
    Attribute, Ident, ImplItemFn, Item, ItemEnum, ItemFn, ItemImpl, ItemStruct, ItemTrait, Path,
    Receiver, Type, Visibility,
};

/// What `#[actor]` was put on.
pub(crate) enum Input<'a> {
    /// The actor's struct, which carries the instance defaults.
    Struct(&'a ItemStruct),
    /// The actor's impl block, which gets the handle, the messages and the dispatch.
    Impl(ActorImpl<'a>),
    /// Anything else: a misuse.
    Misplaced(Misplaced<'a>),
}

/// An item `#[actor]` cannot go on.
pub(crate) enum Misplaced<'a> {
    Enum(&'a ItemEnum),
    Trait(&'a ItemTrait),
    /// A free function, most likely meant as a `#[task]`.
    Fn(Box<TaskFn<'a>>),
    Other(&'a Item),
}

/// One argument of a method, constructor or task.
pub(crate) struct Arg<'a> {
    /// The argument's name; for a pattern (rejected by validation) a made-up one.
    pub(crate) name: Ident,
    pub(crate) ty: &'a Type,
}

/// What the constructor `new` returns.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ConstructorOutput {
    /// `Self` (or the struct's name).
    Itself,
    /// `Result<Self, E>`.
    Result,
    /// Nothing: `fn new()`.
    Missing,
    /// Anything else.
    Other,
}

/// A function named `new` without a receiver.
pub(crate) struct Constructor<'a> {
    pub(crate) item: &'a ImplItemFn,
    pub(crate) args: Vec<Arg<'a>>,
    pub(crate) output: ConstructorOutput,
}

/// A function with a `self` receiver: one handle method and one message variant.
pub(crate) struct Method<'a> {
    pub(crate) item: &'a ImplItemFn,
    pub(crate) receiver: &'a Receiver,
    pub(crate) args: Vec<Arg<'a>>,
    /// The variant of the message enum: the method's name in UpperCamelCase.
    pub(crate) variant: Ident,
    /// The return type, `()` when none is written.
    pub(crate) output: Type,
    /// The return type's last path segment is `Result<..>`: an `Err` counts as an error.
    pub(crate) returns_result: bool,
}

/// The method marked `#[on_stop]`.
pub(crate) struct OnStop<'a> {
    pub(crate) item: &'a ImplItemFn,
    pub(crate) marker: &'a Attribute,
}

/// An impl block under `#[actor]`.
pub(crate) struct ActorImpl<'a> {
    pub(crate) item: &'a ItemImpl,
    /// The struct's name (`Foo` of `impl Foo` or `impl<T> Foo<T>`).
    pub(crate) ident: &'a Ident,
    /// The trait of `impl Trait for Foo` (a misuse).
    pub(crate) trait_path: Option<&'a Path>,
    /// Every function `new` without a receiver, in order; one is expected.
    pub(crate) constructors: Vec<Constructor<'a>>,
    pub(crate) methods: Vec<Method<'a>>,
    /// Every method marked `#[on_stop]`; at most one is expected.
    pub(crate) on_stops: Vec<OnStop<'a>>,
}

/// A free function under `#[task]`.
pub(crate) struct TaskFn<'a> {
    pub(crate) item: &'a ItemFn,
    pub(crate) args: Vec<Arg<'a>>,
    /// The return type, `()` when none is written.
    pub(crate) output: Type,
}

impl ActorImpl<'_> {
    /// Whether the impl block has type parameters (a generic actor).
    pub(crate) fn has_type_params(&self) -> bool {
        self.item.generics.type_params().next().is_some()
    }

    /// The impl block as the user wrote it, minus what only `#[actor]` reads (`#[on_stop]`)
    /// and any constructor after the first (already reported).
    pub(crate) fn user_item(&self) -> ItemImpl {
        let mut item = self.item.clone();
        let extra: Vec<&Ident> = self
            .constructors
            .iter()
            .skip(1)
            .map(|constructor| &constructor.item.sig.ident)
            .collect();
        let mut seen_new = false;
        item.items.retain(|impl_item| {
            let syn::ImplItem::Fn(function) = impl_item else {
                return true;
            };
            if function.sig.ident == "new" && receiver(function).is_none() && !extra.is_empty() {
                let keep = !seen_new;
                seen_new = true;
                return keep;
            }
            true
        });
        for impl_item in &mut item.items {
            if let syn::ImplItem::Fn(function) = impl_item {
                function.attrs.retain(|attr| !is_on_stop(attr));
            }
        }
        item
    }
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

    /// Whether the method has `#[cfg]`s, so that whether it exists is unknown to the macro.
    pub(crate) fn has_cfg(&self) -> bool {
        self.cfgs().next().is_some()
    }
}

/// The receiver of a function, if it has one.
pub(crate) fn receiver(item: &ImplItemFn) -> Option<&Receiver> {
    match item.sig.inputs.first() {
        Some(syn::FnArg::Receiver(receiver)) => Some(receiver),
        _ => None,
    }
}

/// Whether `attr` is `#[on_stop]` (with or without arguments).
pub(crate) fn is_on_stop(attr: &Attribute) -> bool {
    attr.path().is_ident("on_stop")
}

/// The owned type to take or return instead of a reference to `elem`: `String` for `str`,
/// `Vec<T>` for `[T]`, `PathBuf` for `Path`, else `elem` itself. `qualified` names the std
/// types by absolute paths, for generated code.
pub(crate) fn owned_form(elem: &Type, qualified: bool) -> Type {
    let std_type = |short: Type, path: Type| if qualified { path } else { short };
    match elem {
        Type::Path(path) if path.path.is_ident("str") => std_type(
            syn::parse_quote!(String),
            syn::parse_quote!(::std::string::String),
        ),
        Type::Path(path) if path.path.is_ident("Path") => std_type(
            syn::parse_quote!(PathBuf),
            syn::parse_quote!(::std::path::PathBuf),
        ),
        Type::Slice(slice) => {
            let elem = &slice.elem;
            std_type(
                syn::parse_quote!(Vec<#elem>),
                syn::parse_quote!(::std::vec::Vec<#elem>),
            )
        }
        other => other.clone(),
    }
}
