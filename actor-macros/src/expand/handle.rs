//! `FooHandle`: one method per actor method, plus identity, state and serde.

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
    let (params, item_where) = context.item_generics();
    let generic_params = &item.generics.params;
    let handle = &context.names.handle;
    let message = &context.names.message;
    let class = context.model.ident.to_string();
    let serde = quote!(#rt::serde);
    let handle_doc = format!(
        "A handle to a `{class}` actor: cheap to clone, `Send + Sync`, usable from any thread, \
         task or actor. Each method sends a call and returns an `ObjectRef` at once. \
         Equality and hashing follow the actor's id."
    );
    let methods = context.model.methods.iter().map(|method| {
        let docs = method.docs_or(&format!(
            "Calls `{class}::{name}` on the actor; returns at once with an `ObjectRef` to its value.",
            name = method.name()
        ));
        let output = &method.output;
        sending_method(
            rt,
            method,
            message,
            docs,
            quote!(#rt::ObjectRef<#output>),
            Sending {
                now: |call| quote!(#rt::call::<_, #output>(&self.inner, #call)),
                after: |call| quote!(#rt::call_after::<_, #output>(&self.inner, #call)),
            },
        )
    });
    quote! {
        #[doc = #handle_doc]
        #vis struct #handle #params #item_where {
            inner: #rt::ActorRef<#self_ty>,
        }

        #[automatically_derived]
        impl #impl_generics #handle #ty_generics #where_clause {
            /// The actor's unique id.
            #vis fn actor_id(&self) -> #rt::ActorId {
                self.inner.actor_id()
            }

            /// Where the actor is in its life: pending, alive, restarting or dead (and why).
            #vis fn state(&self) -> #rt::ActorState {
                self.inner.state()
            }

            #(#methods)*
        }

        #[automatically_derived]
        impl #impl_generics #rt::ActorHandle for #handle #ty_generics #where_clause {
            type Actor = #self_ty;

            fn from_actor_ref(actor: #rt::ActorRef<#self_ty>) -> Self {
                Self { inner: actor }
            }

            fn actor_ref(&self) -> &#rt::ActorRef<#self_ty> {
                &self.inner
            }
        }

        #[automatically_derived]
        impl #impl_generics #rt::HasHandle for #self_ty #where_clause {
            type Handle = #handle #ty_generics;
        }

        #[automatically_derived]
        impl #impl_generics ::core::clone::Clone for #handle #ty_generics #where_clause {
            fn clone(&self) -> Self {
                Self { inner: ::core::clone::Clone::clone(&self.inner) }
            }
        }

        #[automatically_derived]
        impl #impl_generics ::core::fmt::Debug for #handle #ty_generics #where_clause {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Debug::fmt(&self.inner, f)
            }
        }

        #[automatically_derived]
        impl #impl_generics ::core::cmp::PartialEq for #handle #ty_generics #where_clause {
            fn eq(&self, other: &Self) -> ::core::primitive::bool {
                self.inner == other.inner
            }
        }

        #[automatically_derived]
        impl #impl_generics ::core::cmp::Eq for #handle #ty_generics #where_clause {}

        #[automatically_derived]
        impl #impl_generics ::core::hash::Hash for #handle #ty_generics #where_clause {
            fn hash<__ActorH: ::core::hash::Hasher>(&self, state: &mut __ActorH) {
                ::core::hash::Hash::hash(&self.inner, state)
            }
        }

        #[automatically_derived]
        impl #impl_generics #serde::Serialize for #handle #ty_generics #where_clause {
            fn serialize<__ActorS: #serde::Serializer>(
                &self,
                serializer: __ActorS,
            ) -> ::core::result::Result<__ActorS::Ok, __ActorS::Error> {
                #serde::Serialize::serialize(&self.inner, serializer)
            }
        }

        #[automatically_derived]
        impl<'de, #generic_params> #serde::Deserialize<'de> for #handle #ty_generics #where_clause {
            fn deserialize<__ActorD: #serde::Deserializer<'de>>(
                deserializer: __ActorD,
            ) -> ::core::result::Result<Self, __ActorD::Error> {
                <#rt::ActorRef<#self_ty> as #serde::Deserialize<'de>>::deserialize(deserializer)
                    .map(|inner| Self { inner })
            }
        }
    }
}
