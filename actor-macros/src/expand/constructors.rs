//! `Foo::remote`, `Foo::options`, `Foo::get_actor` and `Foo::get_actor_in`, and the check
//! that restarts have `Clone` constructor arguments.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::context::Context;

pub(crate) fn expand(context: &Context<'_>) -> TokenStream {
    let rt = &context.rt;
    let vis = context.vis;
    let item = context.model.item;
    let self_ty = &item.self_ty;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let handle = &context.names.handle;
    let options = &context.names.options;
    let arg_names = context.constructor.args.iter().map(|arg| &arg.name);
    let arg_types = context.constructor.args.iter().map(|arg| arg.ty);
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
        <#self_ty as #rt::ActorClass>::default_options()
    };
    quote! {
        #restart_check

        #[automatically_derived]
        impl #impl_generics #self_ty #where_clause {
            #[doc = #remote_doc]
            #vis fn remote(#params) -> #handle #ty_generics {
                // The struct attribute's defaults, made once and shared by every instance.
                static __ACTOR_DEFAULTS: ::std::sync::OnceLock<
                    ::std::sync::Arc<#rt::ActorOptions>,
                > = ::std::sync::OnceLock::new();
                let __actor_defaults = __ACTOR_DEFAULTS.get_or_init(|| ::std::sync::Arc::new(#defaults));
                #handle {
                    inner: #rt::spawn_unnamed(
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
            ) -> ::core::result::Result<#handle #ty_generics, #rt::Error> {
                #rt::lookup(name, ::core::option::Option::None)
                    .map(|inner| #handle { inner })
            }

            #[doc = #get_actor_in_doc]
            #vis fn get_actor_in(
                namespace: &::core::primitive::str,
                name: &::core::primitive::str,
            ) -> ::core::result::Result<#handle #ty_generics, #rt::Error> {
                #rt::lookup(name, ::core::option::Option::Some(namespace))
                    .map(|inner| #handle { inner })
            }
        }
    }
}

/// Fails to compile when the struct attribute asks for restarts but the constructor's
/// arguments are not `Clone`; reported at the constructor's argument list.
fn restart_check(context: &Context<'_>) -> TokenStream {
    if context.model.has_type_params() {
        return TokenStream::new();
    }
    let rt = &context.rt;
    let self_ty = &context.model.item.self_ty;
    let constructor = context.constructor;
    let types = constructor.args.iter().map(|arg| arg.ty);
    let span = if constructor.args.is_empty() {
        constructor.item.sig.ident.span()
    } else {
        constructor.item.sig.inputs.span()
    };
    quote_spanned! {span=>
        const _: () = {
            #[allow(dead_code)]
            fn __actor_restart_check() {
                #rt::assert_restart_args::<
                    <#self_ty as #rt::ActorClass>::Restarts,
                    (#(#types,)*),
                >();
            }
        };
    }
}
