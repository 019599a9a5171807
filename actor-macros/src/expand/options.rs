//! `FooOptions`: the builder of `Foo::options()`, which starts an actor with a name,
//! resources or restart options.

use proc_macro2::TokenStream;
use quote::quote;

use super::context::Context;

pub(crate) fn expand(context: &Context<'_>) -> TokenStream {
    let rt = &context.rt;
    let vis = context.vis;
    let item = context.model.item;
    let self_ty = &item.self_ty;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let (params, item_where) = context.item_generics();
    let handle = &context.names.handle;
    let options = &context.names.options;
    let class = context.model.ident.to_string();
    let options_doc = format!("Options for starting a `{class}` actor; see `{class}::options`.");
    let arg_names = context.constructor.args.iter().map(|arg| &arg.name);
    let arg_types = context.constructor.args.iter().map(|arg| arg.ty);
    let kept_args = context.kept_args();
    quote! {
        #[doc = #options_doc]
        #vis struct #options #params #item_where {
            options: #rt::ActorOptions,
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
            #rt::option_builders!();

            /// Starts the actor with these options and returns its handle at once.
            ///
            /// Fails with `Error::NameTaken` if the name is taken (unless `get_if_exists`),
            /// and with `Error::Unschedulable` if this node can never provide the resources.
            #vis fn remote(
                self,
                #(#arg_names: #arg_types),*
            ) -> ::core::result::Result<#handle #ty_generics, #rt::Error> {
                #rt::spawn(self.options, #kept_args)
                    .map(|inner| #handle { inner })
            }
        }
    }
}
