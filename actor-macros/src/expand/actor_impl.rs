//! `#[actor]` on an impl block: the block as written, plus the handle, the message enum,
//! the options builder, the `Actor` impl and the checks on argument types.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, Path};

use crate::attr::ActorAttr;
use crate::model::ActorImpl;

use super::{checks, dispatch, handle, message, tell};

/// The names of the generated items, each a function of the struct's name.
pub(crate) struct Names {
    pub(crate) handle: Ident,
    pub(crate) message: Ident,
    pub(crate) options: Ident,
    pub(crate) tell: Ident,
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

    /// An expression that keeps the constructor's arguments (named as in `new`, in scope)
    /// for restarts: cloned for each construction when they are `Clone`.
    pub(crate) fn kept_args(&self) -> TokenStream {
        let krate = &self.krate;
        let args = &self.model.constructor.args;
        let names = args.iter().map(|arg| arg.name);
        let types = args.iter().map(|arg| arg.ty);
        quote! {{
            use #krate::__private::{CloneArgs as _, OnceArgs as _};
            let __actor_keep = (&&#krate::__private::KeptArgsProbe::<(#(#types,)*)>::new()).make();
            __actor_keep((#(#names,)*))
        }}
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
            tell: format_ident!("{}Tell", ident),
        },
        vis: &model.constructor.item.vis,
        local: attr.local.is_some(),
    };
    let mut item = model.item.clone();
    for impl_item in &mut item.items {
        if let syn::ImplItem::Fn(function) = impl_item {
            function
                .attrs
                .retain(|attr| !attr.path().is_ident("on_stop"));
        }
    }
    let checks = checks::expand(&context);
    let message = message::expand(&context);
    let handle = handle::expand(&context);
    let tell = tell::expand(&context);
    let dispatch = dispatch::expand(&context);
    let constructors = constructors(&context);
    quote! {
        #item
        #checks
        #message
        #handle
        #tell
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
    let kept_args = context.kept_args();
    let restart_check = restart_check(context);
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
        #restart_check

        #[automatically_derived]
        impl #impl_generics #self_ty #where_clause {
            #[doc = #remote_doc]
            #vis fn remote(#params) -> #handle #ty_generics {
                // The struct attribute's defaults, made once and shared by every instance.
                static __ACTOR_DEFAULTS: ::std::sync::OnceLock<
                    ::std::sync::Arc<#krate::ActorOptions>,
                > = ::std::sync::OnceLock::new();
                let __actor_defaults = __ACTOR_DEFAULTS.get_or_init(|| ::std::sync::Arc::new(#defaults));
                #handle {
                    inner: #krate::ActorRef::spawn_unnamed(
                        ::core::clone::Clone::clone(__actor_defaults),
                        #kept_args,
                    ),
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

/// Fails to compile when the struct attribute asks for restarts but the constructor's
/// arguments are not `Clone`; reported at the constructor's argument list.
fn restart_check(context: &Context<'_>) -> TokenStream {
    if context.has_type_params() {
        return TokenStream::new();
    }
    let krate = &context.krate;
    let self_ty = &context.model.item.self_ty;
    let constructor = &context.model.constructor;
    let types = constructor.args.iter().map(|arg| arg.ty);
    let span = constructor.item.sig.inputs.span();
    let span = if constructor.args.is_empty() {
        constructor.item.sig.ident.span()
    } else {
        span
    };
    quote_spanned! {span=>
        const _: () = {
            #[allow(dead_code)]
            fn __actor_restart_check() {
                #krate::__private::assert_restart_args::<
                    <#self_ty as #krate::ActorClass>::Restarts,
                    (#(#types,)*),
                >();
            }
        };
    }
}
