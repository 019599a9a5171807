//! `impl WireActor for Foo`: a call as bytes, for every class not marked `local`.

use proc_macro2::TokenStream;
use quote::quote;

use super::context::Context;

pub(crate) fn expand(context: &Context<'_>) -> TokenStream {
    if context.local {
        return TokenStream::new();
    }
    let rt = &context.rt;
    let serde = quote!(#rt::serde);
    let item = context.model.item;
    let self_ty = &item.self_ty;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let message = &context.names.message;
    let class = context.model.ident.to_string();
    let call_what = format!("a `{class}` call");
    // Higher-ranked, so that a type that is not serde (already reported by the argument and
    // return checks) makes the impl not apply instead of adding errors of its own.
    let mut predicates: Vec<TokenStream> = where_clause
        .map(|clause| clause.predicates.iter().map(|p| quote!(#p)).collect())
        .unwrap_or_default();
    predicates.push(quote! {
        for<'__w> #message #ty_generics: #serde::Serialize + #serde::Deserialize<'__w>
    });
    let methods = &context.model.methods;
    predicates.extend(
        methods
            .iter()
            .filter(|method| !method.has_cfg())
            .map(|method| {
                let output = &method.output;
                quote!(for<'__w> #output: #serde::Serialize + ::core::marker::Send + 'static)
            }),
    );
    let arms = methods.iter().map(|method| {
        let cfgs = method.cfgs();
        let variant = &method.variant;
        let name = method.name();
        let args: Vec<_> = method.args.iter().map(|arg| &arg.name).collect();
        let reply_what = format!("the reply of `{class}::{name}`");
        quote! {
            #(#cfgs)*
            #message::#variant { #(#args),* } => ::core::result::Result::Ok(
                #rt::encode_reply(#reply_what, __actor_handle.#name(#(#args),*)),
            ),
        }
    });
    let phantom_arm = context
        .model
        .has_type_params()
        .then(|| quote!(#message::__Phantom(_, never) => match never {},));
    quote! {
        #[automatically_derived]
        impl #impl_generics #rt::WireActor for #self_ty where #(#predicates),* {
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
                __actor_handle: &Self::Handle,
                __actor_bytes: &[::core::primitive::u8],
            ) -> ::core::result::Result<#rt::EncodedReply, #rt::Error> {
                match <Self as #rt::WireActor>::decode_call(__actor_bytes)? {
                    #(#arms)*
                    #phantom_arm
                }
            }
        }
    }
}
