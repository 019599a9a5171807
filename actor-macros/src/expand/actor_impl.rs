//! `#[actor]` on an impl block: the block as written, plus the handle, the message enum,
//! the options builder, the `Actor` impl and the checks on argument types.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, Path};

use crate::attr::ActorAttr;
use crate::model::ActorImpl;

use super::{checks, dispatch, handle, message};

/// The names of the generated items, each a function of the struct's name.
pub(crate) struct Names {
    pub(crate) handle: Ident,
    pub(crate) message: Ident,
    pub(crate) options: Ident,
}

/// What every part of the expansion needs.
pub(crate) struct Context<'a> {
    pub(crate) model: &'a ActorImpl<'a>,
    pub(crate) krate: Path,
    pub(crate) names: Names,
    /// The visibility of the generated items: that of the constructor `new`.
    pub(crate) vis: &'a syn::Visibility,
    pub(crate) local: bool,
}

impl Context<'_> {
    /// Whether the impl block has type parameters (a generic actor).
    pub(crate) fn has_type_params(&self) -> bool {
        self.model.item.generics.type_params().next().is_some()
    }

    /// The generic parameters, as written on a new item (`<T: Bound>`), and its where clause.
    pub(crate) fn item_generics(&self) -> (TokenStream, TokenStream) {
        let generics = &self.model.item.generics;
        let params = &generics.params;
        let self_ty = &self.model.item.self_ty;
        let krate = &self.krate;
        let predicates = generics
            .where_clause
            .as_ref()
            .map(|clause| &clause.predicates);
        let params = if params.is_empty() {
            quote!()
        } else {
            quote!(<#params>)
        };
        (params, quote!(where #self_ty: #krate::Actor, #predicates))
    }
}

pub(crate) fn expand(model: &ActorImpl<'_>, attr: &ActorAttr) -> TokenStream {
    let ident = model.ident;
    let context = Context {
        model,
        krate: attr.krate(),
        names: Names {
            handle: format_ident!("{}Handle", ident),
            message: format_ident!("{}Message", ident),
            options: format_ident!("{}Options", ident),
        },
        vis: &model.constructor.item.vis,
        local: attr.local.is_some(),
    };
    let item = model.item;
    let checks = checks::expand(&context);
    let message = message::expand(&context);
    let handle = handle::expand(&context);
    let dispatch = dispatch::expand(&context);
    let constructors = constructors(&context);
    quote! {
        #item
        #checks
        #message
        #handle
        #dispatch
        #constructors
    }
}

/// `Foo::remote`, `Foo::options`, `Foo::get_actor` and `Foo::get_actor_in`.
fn constructors(context: &Context<'_>) -> TokenStream {
    let krate = &context.krate;
    let vis = context.vis;
    let item = context.model.item;
    let self_ty = &item.self_ty;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let Names {
        handle, options, ..
    } = &context.names;
    let arg_names: Vec<&Ident> = context
        .model
        .constructor
        .args
        .iter()
        .map(|arg| arg.name)
        .collect();
    let arg_types = context.model.constructor.args.iter().map(|arg| arg.ty);
    let params = quote!(#(#arg_names: #arg_types),*);
    let class = context.model.ident.to_string();
    let remote_doc = format!(
        "Starts a `{class}` actor with the defaults of its `#[actor]` attribute and returns its \
         handle at once; creation is asynchronous. A constructor error surfaces on the first call."
    );
    let options_doc =
        format!("A builder to start a `{class}` actor with a name, resources or restart options.");
    let get_actor_doc =
        format!("The handle of the live `{class}` actor named `name` in the default namespace.");
    let get_actor_in_doc =
        format!("The handle of the live `{class}` actor named `name` in `namespace`.");
    let defaults = quote_spanned! {self_ty.span()=>
        <#self_ty as #krate::ActorClass>::default_options()
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics #self_ty #where_clause {
            #[doc = #remote_doc]
            #vis fn remote(#params) -> #handle #ty_generics {
                #handle {
                    inner: #krate::ActorRef::spawn_unnamed(#defaults, (#(#arg_names,)*)),
                }
            }

            #[doc = #options_doc]
            #vis fn options() -> #options #ty_generics {
                #options {
                    options: #defaults,
                    _class: ::core::marker::PhantomData,
                }
            }

            #[doc = #get_actor_doc]
            #vis fn get_actor(
                name: &::core::primitive::str,
            ) -> ::core::result::Result<#handle #ty_generics, #krate::Error> {
                #krate::ActorRef::lookup(name, ::core::option::Option::None)
                    .map(|inner| #handle { inner })
            }

            #[doc = #get_actor_in_doc]
            #vis fn get_actor_in(
                namespace: &::core::primitive::str,
                name: &::core::primitive::str,
            ) -> ::core::result::Result<#handle #ty_generics, #krate::Error> {
                #krate::ActorRef::lookup(name, ::core::option::Option::Some(namespace))
                    .map(|inner| #handle { inner })
            }
        }
    }
}
