//! Arguments given as values or as `ObjectRef`s: the parameters `name: impl IntoArg<T>` of
//! handle methods and `f::remote`, and the body that sends at once when every argument is
//! a value, and waits for the references otherwise.
//!
//! An argument whose type holds `dyn`, `fn`, `impl` or a reference is taken as written:
//! as a generic parameter it would lose the coercion at the call site that makes
//! `run(Box::new(|| ..))` a `Box<dyn FnOnce()>`, and it cannot name an elided lifetime.

use proc_macro2::{Ident, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::Type;

use crate::model::Arg;

/// `name: impl IntoArg<Type>` (or `name: Type`, see the module), for each argument.
pub(crate) fn params(rt: &TokenStream, args: &[Arg<'_>]) -> TokenStream {
    let params = args.iter().map(|Arg { name, ty }| {
        if accepts_object_ref(ty) {
            quote!(#name: impl #rt::IntoArg<#ty>)
        } else {
            quote!(#name: #ty)
        }
    });
    quote!(#(#params),*)
}

/// A body that runs `now` (with each argument bound to its value under its own name) when
/// every argument is a value, and `after(resolved)` otherwise, where `resolved` holds, per
/// argument, an expression of its value inside an `async` block returning
/// `Result<_, Error>`.
pub(crate) fn split(
    rt: &TokenStream,
    args: &[Arg<'_>],
    now: TokenStream,
    after: impl FnOnce(Vec<TokenStream>) -> TokenStream,
) -> TokenStream {
    let refs: Vec<&Ident> = args
        .iter()
        .filter(|arg| accepts_object_ref(arg.ty))
        .map(|arg| &arg.name)
        .collect();
    if refs.is_empty() {
        return now;
    }
    let resolved = args
        .iter()
        .map(|Arg { name, ty }| {
            if accepts_object_ref(ty) {
                quote!(#rt::Arg::resolve(#name).await?)
            } else {
                quote!(#name)
            }
        })
        .collect();
    let after = after(resolved);
    quote! {
        match (#(#rt::IntoArg::into_arg(#refs),)*) {
            (#(#rt::Arg::Value(#refs),)*) => #now,
            (#(#refs,)*) => #after,
        }
    }
}

/// `async move { Ok::<_, Error>(value) }`: a value made once the arguments are there.
pub(crate) fn made_after(rt: &TokenStream, value: TokenStream) -> TokenStream {
    quote!(async move { ::core::result::Result::Ok::<_, #rt::Error>(#value) })
}

/// Whether an argument of type `ty` may be given as an `ObjectRef` (see the module).
pub(crate) fn accepts_object_ref(ty: &Type) -> bool {
    fn plain(tokens: TokenStream) -> bool {
        tokens.into_iter().all(|token| match token {
            TokenTree::Ident(ident) => ident != "dyn" && ident != "fn" && ident != "impl",
            TokenTree::Punct(punct) => punct.as_char() != '&' && punct.as_char() != '\'',
            TokenTree::Group(group) => plain(group.stream()),
            TokenTree::Literal(_) => true,
        })
    }
    plain(ty.to_token_stream())
}
