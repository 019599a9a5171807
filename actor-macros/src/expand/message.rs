//! `FooMessage`: one variant per method, its fields the method's arguments.

use proc_macro2::TokenStream;
use quote::quote;
use syn::GenericParam;

use super::actor_impl::Context;

pub(crate) fn expand(context: &Context<'_>) -> TokenStream {
    let krate = &context.krate;
    let vis = context.vis;
    let message = &context.names.message;
    let item = context.model.item;
    let (params, item_where) = context.item_generics();
    let class = context.model.ident.to_string();
    let doc = format!(
        "The calls a `{class}` actor accepts: one variant per method, its fields the method's \
         arguments."
    );
    let variants = context.model.methods.iter().map(|method| {
        let docs = method.docs_or(&format!("A call of `{class}::{}`.", method.name()));
        let cfgs = method.cfgs();
        let variant = &method.variant;
        let names = method.args.iter().map(|arg| arg.name);
        let field_docs = method
            .args
            .iter()
            .map(|arg| format!("The argument `{}`.", arg.name));
        let types = method.args.iter().map(|arg| arg.ty);
        quote! {
            #docs
            #(#cfgs)*
            #variant { #(#[doc = #field_docs] #names: #types),* }
        }
    });
    // A generic actor's message may not mention every parameter; this variant does.
    let type_params: Vec<_> = item
        .generics
        .params
        .iter()
        .filter_map(|param| match param {
            GenericParam::Type(param) => Some(&param.ident),
            _ => None,
        })
        .collect();
    let serde_crate = format!(
        "{}::__private::serde",
        quote!(#krate).to_string().replace(' ', "")
    );
    // serde would bound each type parameter by `T: Deserialize<'de>`, which is ambiguous
    // next to the user's own `T: DeserializeOwned` (E0283); bound them the same way instead.
    let bounds = (!type_params.is_empty()).then(|| {
        let bound = |bound: &str| {
            type_params
                .iter()
                .map(|param| format!("{param}: {serde_crate}::{bound}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let serialize = bound("Serialize");
        let deserialize = bound("de::DeserializeOwned");
        quote!(#[serde(bound(serialize = #serialize, deserialize = #deserialize))])
    });
    let derive = (!context.local).then(|| {
        quote! {
            #[derive(#krate::__private::serde::Serialize, #krate::__private::serde::Deserialize)]
            #[serde(crate = #serde_crate)]
            #bounds
        }
    });
    let serde_skip = (!context.local).then(|| quote!(#[serde(skip)]));
    let phantom = (!type_params.is_empty()).then(|| {
        quote! {
            #[doc(hidden)]
            #serde_skip
            __Phantom(
                ::core::marker::PhantomData<fn() -> (#(#type_params,)*)>,
                ::core::convert::Infallible,
            ),
        }
    });
    quote! {
        #[doc = #doc]
        #derive
        #vis enum #message #params #item_where {
            #(#variants,)*
            #phantom
        }
    }
}
