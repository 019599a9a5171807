//! `impl WireActor for Foo`: a call as bytes, for every class not marked `local`; and the
//! class's entry in the table a worker process finds it in.

use proc_macro2::TokenStream;
use quote::quote;

use super::context::Context;

pub(crate) fn expand(context: &Context<'_>) -> TokenStream {
    if let Some(local) = context.local_span {
        return local_placement_check(context, local);
    }
    let rt = &context.rt;
    let serde = quote!(#rt::serde);
    let item = context.model.item;
    let self_ty = &item.self_ty;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let message = &context.names.message;
    let class = context.model.ident.to_string();
    let call_what = format!("a `{class}` call");
    let args_what = format!("the arguments of `{class}::new`");
    let arg_types: Vec<_> = context.constructor.args.iter().map(|arg| arg.ty).collect();
    // Higher-ranked, so that a type that is not serde (already reported by the argument and
    // return checks) makes the impl not apply instead of adding errors of its own.
    let mut predicates: Vec<TokenStream> = where_clause
        .map(|clause| clause.predicates.iter().map(|p| quote!(#p)).collect())
        .unwrap_or_default();
    predicates.push(quote! {
        for<'__w> #message #ty_generics: #serde::Serialize + #serde::Deserialize<'__w>
    });
    predicates.push(quote! {
        for<'__w> (#(#arg_types,)*): #serde::Serialize + #serde::Deserialize<'__w>
    });
    let methods = &context.model.methods;
    predicates.extend(
        methods
            .iter()
            .filter(|method| !method.has_cfg())
            .map(|method| {
                let output = &method.output;
                quote!(for<'__w> #output: #serde::Serialize + #serde::Deserialize<'__w> + ::core::marker::Send + 'static)
            }),
    );
    let arms = methods.iter().map(|method| {
        let cfgs = method.cfgs();
        let variant = &method.variant;
        let output = &method.output;
        let reply_what = format!("the reply of `{class}::{}`", method.name());
        quote! {
            #(#cfgs)*
            __actor_message @ #message::#variant { .. } => ::core::result::Result::Ok(
                #rt::call_encoded::<Self, #output>(#reply_what, __actor_actor, __actor_message),
            ),
        }
    });
    let settle_arms = methods
        .iter()
        .zip(context.method_indexes())
        .map(|(method, index)| {
            let cfgs = method.cfgs();
            let output = &method.output;
            let reply_what = format!("the reply of `{class}::{}`", method.name());
            quote! {
                #(#cfgs)*
                __actor_index if __actor_index == #index => {
                    __actor_slot.settle::<#output>(#reply_what, __actor_bytes)
                }
            }
        });
    // Only a method returning `Result` has a value that counts as an error (as `send_result`
    // counts it in this process).
    let error_checks = methods
        .iter()
        .zip(context.method_indexes())
        .filter(|(method, _)| method.returns_result)
        .map(|(method, index)| {
            let cfgs = method.cfgs();
            quote! {
                #(#cfgs)*
                if __actor_method == #index {
                    return #rt::encoded_result_is_err(__actor_bytes);
                }
            }
        });
    let registration = (!context.model.has_type_params()).then(|| {
        quote! {
            #rt::inventory::submit! {
                #rt::WorkerClass::new::<#self_ty>(::core::concat!(::core::module_path!(), "::", #class))
            }
        }
    });
    let phantom_arm = context
        .model
        .has_type_params()
        .then(|| quote!(#message::__Phantom(_, never) => match never {},));
    quote! {
        #[automatically_derived]
        impl #impl_generics #rt::WireActor for #self_ty where #(#predicates),* {
            const CLASS_KEY: &'static ::core::primitive::str =
                ::core::concat!(::core::module_path!(), "::", #class);

            fn encode_args(
                __actor_args: &Self::Args,
            ) -> ::core::result::Result<::std::vec::Vec<::core::primitive::u8>, #rt::Error> {
                #rt::encode_wire(#args_what, __actor_args)
            }

            fn decode_args(
                __actor_bytes: &[::core::primitive::u8],
            ) -> ::core::result::Result<Self::Args, #rt::Error> {
                #rt::decode_wire(#args_what, __actor_bytes)
            }

            fn settle_reply(
                __actor_method: ::core::primitive::usize,
                __actor_bytes: &[::core::primitive::u8],
                __actor_slot: #rt::ReplySlot<'_>,
            ) -> ::core::result::Result<(), #rt::Error> {
                match __actor_method {
                    #(#settle_arms)*
                    __actor_index => ::core::result::Result::Err(#rt::Error::Wire {
                        message: ::std::format!(
                            "a reply to method number {} of `{}`, which has no such method",
                            __actor_index,
                            #class,
                        ),
                    }),
                }
            }

            fn reply_is_error(
                __actor_method: ::core::primitive::usize,
                __actor_bytes: &[::core::primitive::u8],
            ) -> ::core::primitive::bool {
                #(#error_checks)*
                false
            }

            fn encode_call(
                __actor_message: &Self::Message,
            ) -> ::core::result::Result<::std::vec::Vec<::core::primitive::u8>, #rt::Error> {
                #rt::encode_wire(#call_what, __actor_message)
            }

            fn decode_call(
                __actor_bytes: &[::core::primitive::u8],
            ) -> ::core::result::Result<Self::Message, #rt::Error> {
                #rt::decode_wire(#call_what, __actor_bytes)
            }

            fn call_encoded(
                __actor_actor: &#rt::ActorRef<Self>,
                __actor_bytes: &[::core::primitive::u8],
            ) -> ::core::result::Result<#rt::EncodedReply, #rt::Error> {
                match <Self as #rt::WireActor>::decode_call(__actor_bytes)? {
                    #(#arms)*
                    #phantom_arm
                }
            }
        }

        #registration
    }
}

/// For an impl block marked `local` (written at `local`): its struct must not say
/// `isolated`.
fn local_placement_check(context: &Context<'_>, local: proc_macro2::Span) -> TokenStream {
    let rt = &context.rt;
    let self_ty = &context.model.item.self_ty;
    quote::quote_spanned! {local=>
        const _: () = {
            #[allow(dead_code)]
            fn __actor_placement_check() {
                #rt::assert_local_placement::<<#self_ty as #rt::ActorClass>::Placement>();
            }
        };
    }
}
