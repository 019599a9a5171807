//! `FooHandle` with one method per actor method, and the `FooOptions` builder.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::actor_impl::{Context, Names};
use crate::model::Method;

pub(crate) fn expand(context: &Context<'_>) -> TokenStream {
    let krate = &context.krate;
    let vis = context.vis;
    let item = context.model.item;
    let self_ty = &item.self_ty;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let (params, item_where) = context.item_generics();
    let generic_params = &item.generics.params;
    let Names {
        handle,
        message,
        options,
        ..
    } = &context.names;
    let class = context.model.ident.to_string();
    let serde = quote!(#krate::__private::serde);
    let handle_doc = format!(
        "A handle to a `{class}` actor: cheap to clone, `Send + Sync`, usable from any thread, \
         task or actor. Each method sends a call and returns an `ObjectRef` at once. \
         Equality and hashing follow the actor's id."
    );
    let options_doc = format!("Options for starting a `{class}` actor; see `{class}::options`.");
    let arg_names: Vec<_> = context
        .model
        .constructor
        .args
        .iter()
        .map(|arg| arg.name)
        .collect();
    let arg_types = context.model.constructor.args.iter().map(|arg| arg.ty);
    let kept_args = context.kept_args();
    let methods = context.model.methods.iter().map(|method| {
        let docs = method.docs_or(&format!(
            "Calls `{class}::{name}` on the actor; returns at once with an `ObjectRef` to its value.",
            name = method.name()
        ));
        let output = &method.output;
        sending_method(
            method,
            message,
            docs,
            quote!(#krate::ObjectRef<#output>),
            |call| quote!(self.inner.call::<#output>(#call)),
        )
    });
    quote! {
        #[doc = #handle_doc]
        #vis struct #handle #params #item_where {
            inner: #krate::ActorRef<#self_ty>,
        }

        #[automatically_derived]
        impl #impl_generics #handle #ty_generics #where_clause {
            /// The actor's unique id.
            #vis fn actor_id(&self) -> #krate::ActorId {
                self.inner.actor_id()
            }

            /// Where the actor is in its life: pending, alive, restarting or dead (and why).
            #vis fn state(&self) -> #krate::ActorState {
                self.inner.state()
            }

            #(#methods)*
        }

        #[automatically_derived]
        impl #impl_generics #krate::ActorHandle for #handle #ty_generics #where_clause {
            type Actor = #self_ty;

            fn from_actor_ref(actor: #krate::ActorRef<#self_ty>) -> Self {
                Self { inner: actor }
            }

            fn actor_ref(&self) -> &#krate::ActorRef<#self_ty> {
                &self.inner
            }
        }

        #[automatically_derived]
        impl #impl_generics #krate::HasHandle for #self_ty #where_clause {
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
                <#krate::ActorRef<#self_ty> as #serde::Deserialize<'de>>::deserialize(deserializer)
                    .map(|inner| Self { inner })
            }
        }

        #[doc = #options_doc]
        #vis struct #options #params #item_where {
            options: #krate::ActorOptions,
            _class: ::core::marker::PhantomData<fn() -> #self_ty>,
        }

        #[automatically_derived]
        impl #impl_generics ::core::fmt::Debug for #options #ty_generics #where_clause {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Debug::fmt(&self.options, f)
            }
        }

        #[automatically_derived]
        impl #impl_generics #options #ty_generics #where_clause {
            #krate::__private::option_builders!();

            /// Starts the actor with these options and returns its handle at once.
            ///
            /// Fails with `Error::NameTaken` if the name is taken (unless `get_if_exists`),
            /// and with `Error::Unschedulable` if this node can never provide the resources.
            #vis fn remote(
                self,
                #(#arg_names: #arg_types),*
            ) -> ::core::result::Result<#handle #ty_generics, #krate::Error> {
                #krate::ActorRef::spawn(self.options, #kept_args)
                    .map(|inner| #handle { inner })
            }
        }
    }
}

/// A method of a generated handle type that sends `method`'s message: same name, visibility,
/// `#[cfg]`s and arguments as the actor's method, returning `output`; `send` turns the
/// message expression into the body.
pub(super) fn sending_method(
    method: &Method<'_>,
    message: &Ident,
    docs: TokenStream,
    output: TokenStream,
    send: impl FnOnce(TokenStream) -> TokenStream,
) -> TokenStream {
    let name = method.name();
    let method_vis = method.vis();
    let cfgs = method.cfgs();
    let variant = &method.variant;
    let field_names: Vec<_> = method.args.iter().map(|arg| arg.name).collect();
    let field_types = method.args.iter().map(|arg| arg.ty);
    let body = send(quote!(#message::#variant { #(#field_names),* }));
    quote! {
        #docs
        #(#cfgs)*
        #method_vis fn #name(&self, #(#field_names: #field_types),*) -> #output {
            #body
        }
    }
}
