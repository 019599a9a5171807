//! Arguments given as values or as `ObjectRef`s: the parameters `name: impl IntoArg<T>` of
//! handle methods and `f::remote`, and the body that sends at once when every argument is
//! a value, and waits for the references otherwise.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::Type;

/// `name: impl IntoArg<Type>, ..`.
pub(crate) fn params(rt: &TokenStream, names: &[&Ident], types: &[&Type]) -> TokenStream {
    quote!(#(#names: impl #rt::IntoArg<#types>),*)
}

/// A body that runs `now` (with each argument bound to its value under its own name) when
/// every argument is a value, and `after(resolved)` otherwise, where `resolved` holds, per
/// argument, an expression awaiting its value inside an `async` block returning
/// `Result<_, Error>`.
pub(crate) fn split(
    rt: &TokenStream,
    names: &[&Ident],
    now: TokenStream,
    after: impl FnOnce(Vec<TokenStream>) -> TokenStream,
) -> TokenStream {
    if names.is_empty() {
        return now;
    }
    let resolved = names
        .iter()
        .map(|name| quote!(#rt::Arg::resolve(#name).await?))
        .collect();
    let after = after(resolved);
    quote! {
        match (#(#rt::IntoArg::into_arg(#names),)*) {
            (#(#rt::Arg::Value(#names),)*) => #now,
            (#(#names,)*) => #after,
        }
    }
}

/// `async move { Ok::<_, Error>(value) }`: a value made once the arguments are there.
pub(crate) fn made_after(rt: &TokenStream, value: TokenStream) -> TokenStream {
    quote!(async move { ::core::result::Result::Ok::<_, #rt::Error>(#value) })
}
