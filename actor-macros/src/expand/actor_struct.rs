//! `#[actor]` on a struct: the struct as written, plus its instance defaults.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::{Generics, Ident};

use crate::attr::ActorAttr;

/// `item` (the struct `ident`) and its `ActorClass` impl, with the attribute's defaults.
///
/// The constructor's arguments must be `Clone` when the defaults may ask for restarts
/// (`max_restarts` set to anything but a literal `0`).
pub(crate) fn expand(
    item: &impl ToTokens,
    ident: &Ident,
    generics: &Generics,
    attr: &ActorAttr,
) -> TokenStream {
    let rt = attr.runtime();
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let defaults = attr.defaults.iter().map(|(option, value)| match value {
        Some(value) => quote!(.#option(#value)),
        None => quote!(.#option(true)),
    });
    let restarts = if attr.asks_for_restarts() {
        quote!(#rt::Restartable)
    } else {
        quote!(#rt::NotRestartable)
    };
    let placement = if attr.isolated().is_some() {
        quote!(#rt::Isolated)
    } else {
        quote!(#rt::InProcess)
    };
    quote! {
        #item

        #[automatically_derived]
        impl #impl_generics #rt::ActorClass for #ident #ty_generics #where_clause {
            type Restarts = #restarts;
            type Placement = #placement;

            fn default_options() -> #rt::ActorOptions {
                <#rt::ActorOptions as ::core::default::Default>::default() #(#defaults)*
            }
        }
    }
}
