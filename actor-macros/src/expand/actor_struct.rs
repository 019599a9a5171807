//! `#[actor]` on a struct: the struct as written, plus its instance defaults.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemStruct;

use crate::attr::ActorAttr;

pub(crate) fn expand(item: &ItemStruct, attr: &ActorAttr) -> TokenStream {
    let krate = attr.krate();
    let ident = &item.ident;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let defaults = attr.defaults.iter().map(|(option, value)| match value {
        Some(value) => quote!(.#option(#value)),
        None => quote!(.#option(true)),
    });
    let restarts = if attr
        .defaults
        .iter()
        .any(|(option, _)| option == "max_restarts")
    {
        quote!(#krate::__private::Restartable)
    } else {
        quote!(#krate::__private::NotRestartable)
    };
    quote! {
        #item

        #[automatically_derived]
        impl #impl_generics #krate::ActorClass for #ident #ty_generics #where_clause {
            type Restarts = #restarts;

            fn default_options() -> #krate::ActorOptions {
                <#krate::ActorOptions as ::core::default::Default>::default() #(#defaults)*
            }
        }
    }
}
