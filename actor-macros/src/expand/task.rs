//! `#[task] fn f`: the function unchanged, plus a module `f` with `remote` and `options`.
//!
//! A module and a function may share a name (they live in different namespaces), so
//! `f(..)` still calls the function and `f::remote(..)` submits it.

use proc_macro2::TokenStream;
use quote::quote;

use crate::attr::ActorAttr;
use crate::model::TaskFn;

use super::checks::crossing_check;
use super::dependencies;

pub(crate) fn expand(model: &TaskFn<'_>, attr: &ActorAttr) -> TokenStream {
    let rt = attr.runtime();
    let item = model.item;
    let vis = &item.vis;
    let name = &item.sig.ident;
    let name_text = name.to_string();
    let output = &model.output;
    let arg_names: Vec<_> = model.args.iter().map(|arg| &arg.name).collect();
    let arg_types: Vec<_> = model.args.iter().map(|arg| arg.ty).collect();
    let params = dependencies::params(&rt, &model.args);
    let defaults = attr.defaults.iter().map(|(option, value)| match value {
        Some(value) => quote!(.#option(#value)),
        None => quote!(.#option(true)),
    });
    let (submit, submit_after) = if item.sig.asyncness.is_some() {
        (
            quote!(#rt::submit_async_task),
            quote!(#rt::submit_async_task_after),
        )
    } else {
        (quote!(#rt::submit_task), quote!(#rt::submit_task_after))
    };
    let function = quote!(|(#(#arg_names,)*)| super::#name(#(#arg_names),*));
    let submit_now = quote! {
        #submit(
            self.options,
            #name_text,
            __actor_make_args((#(#arg_names,)*)),
            #function,
        )
    };
    let body = dependencies::split(&rt, &model.args, submit_now, |resolved| {
        let args = dependencies::made_after(&rt, quote!((#(#resolved,)*)));
        quote! {
            #submit_after(self.options, #name_text, #args, __actor_make_args, #function)
        }
    });
    let local = quote!(#rt::Local);
    let checks = arg_types
        .iter()
        .map(|ty| crossing_check(&rt, &local, ty, "assert_argument"));
    let output_check = crossing_check(&rt, &local, output, "assert_return");
    let module_doc = format!(
        "Submits `{name_text}` as a task: `{name_text}::remote(..)` with the defaults of its \
         `#[task]` attribute, or `{name_text}::options()...remote(..)`."
    );
    let remote_doc = format!(
        "Submits a call of `{name_text}` and returns at once with an `ObjectRef` to its value."
    );
    quote! {
        #item

        #[doc = #module_doc]
        #vis mod #name {
            #[allow(unused_imports)]
            use super::*;

            #[allow(dead_code)]
            fn __actor_checks() {
                // One of the two answers each probe; the other is unused.
                #[allow(unused_imports)]
                use #rt::{CrossesFallback as _, CrossesViaTraits as _};
                #(#checks)*
                #output_check
            }

            #[doc = #remote_doc]
            pub fn remote(#params) -> #rt::ObjectRef<#output> {
                options().remote(#(#arg_names),*)
            }

            /// A builder to submit this task with other resources or retries.
            pub fn options() -> Options {
                Options {
                    options: <#rt::TaskOptions as ::core::default::Default>::default() #(#defaults)*,
                }
            }

            /// The options of one submission of this task.
            #[derive(Clone, Debug)]
            pub struct Options {
                options: #rt::TaskOptions,
            }

            impl Options {
                #rt::task_option_builders!();

                #[doc = #remote_doc]
                pub fn remote(self, #params) -> #rt::ObjectRef<#output> {
                    let __actor_make_args = {
                        use #rt::{CloneArgs as _, OnceArgs as _};
                        (&&#rt::KeptArgsProbe::<(#(#arg_types,)*)>::new()).make()
                    };
                    #body
                }
            }
        }
    }
}
