//! `FooTell`: the fire-and-forget view of a handle, `handle.tell().incr(1)`, whose methods
//! send a call without asking for its value.

use proc_macro2::TokenStream;
use quote::quote;

use super::context::Context;
use super::sending::{Sending, sending_method};

pub(crate) fn expand(context: &Context<'_>) -> TokenStream {
    let rt = &context.rt;
    let vis = context.vis;
    let item = context.model.item;
    let self_ty = &item.self_ty;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let (_, item_where) = context.item_generics();
    let handle = &context.names.handle;
    let message = &context.names.message;
    let tell = &context.names.tell;
    let class = context.model.ident.to_string();
    let mut tell_generics = item.generics.clone();
    tell_generics
        .params
        .insert(0, syn::parse_quote!('__actor_tell));
    let (tell_impl_generics, tell_ty_generics, _) = tell_generics.split_for_impl();
    let tell_params = &tell_generics.params;
    let struct_doc = format!(
        "Fire-and-forget calls to a `{class}` actor, made by `{handle}::tell`: each method \
         queues its call and returns without keeping a result."
    );
    let methods = context.model.methods.iter().map(|method| {
        let doc = format!(
            "Sends `{class}::{name}` without asking for its value; fails at once only if \
             the actor no longer accepts calls or too many calls are pending.",
            name = method.name()
        );
        sending_method(
            rt,
            method,
            message,
            quote!(#[doc = #doc]),
            quote!(::core::result::Result<(), #rt::Error>),
            Sending {
                now: |call| quote!(#rt::tell(self.inner, #call)),
                after: |call| quote!(#rt::tell_after(self.inner, #call)),
            },
        )
    });
    quote! {
        #[doc = #struct_doc]
        #vis struct #tell <#tell_params> #item_where {
            inner: &'__actor_tell #rt::ActorRef<#self_ty>,
        }

        #[automatically_derived]
        impl #tell_impl_generics #tell #tell_ty_generics #where_clause {
            #(#methods)*
        }

        #[automatically_derived]
        impl #tell_impl_generics ::core::fmt::Debug for #tell #tell_ty_generics #where_clause {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Debug::fmt(self.inner, f)
            }
        }

        #[automatically_derived]
        impl #impl_generics #handle #ty_generics #where_clause {
            /// Fire-and-forget: `handle.tell().method(args)` queues the call without keeping
            /// its result, which is cheaper than dropping the `ObjectRef` of `handle.method(args)`.
            #vis fn tell<'__actor_tell>(&'__actor_tell self) -> #tell #tell_ty_generics {
                #tell { inner: &self.inner }
            }
        }
    }
}
