//! `FooMessage`: one variant per method, its fields the method's arguments.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::GenericParam;

use super::context::Context;

pub(crate) fn expand(context: &Context<'_>) -> TokenStream {
    let vis = context.vis;
    let message = &context.names.message;
    let item = context.model.item;
    let (params, item_where) = context.item_generics();
    let class = context.model.ident.to_string();
    let doc = format!(
        "The calls a `{class}` actor accepts: one variant per method, its fields the method's \
         arguments."
    );
    let variants = context.model.methods.iter().map(|method| {
        let docs = method.docs_or(&format!("A call of `{class}::{}`.", method.name()));
        let cfgs = method.cfgs();
        let variant = &method.variant;
        let names = method.args.iter().map(|arg| &arg.name);
        let field_docs = method
            .args
            .iter()
            .map(|arg| format!("The argument `{}`.", arg.name));
        let types = method.args.iter().map(|arg| arg.ty);
        let blocks = method.args.iter().map(|arg| byte_block(context, arg.ty));
        quote! {
            #docs
            #(#cfgs)*
            #variant { #(#[doc = #field_docs] #blocks #names: #types),* }
        }
    });
    // A generic actor's message may not mention every parameter; this variant does.
    let type_params: Vec<_> = item
        .generics
        .params
        .iter()
        .filter_map(|param| match param {
            GenericParam::Type(param) => Some(&param.ident),
            _ => None,
        })
        .collect();
    let derive = (!context.local).then(|| serde_derive(context));
    let serde_skip = (!context.local).then(|| quote!(#[serde(skip)]));
    let phantom = (!type_params.is_empty()).then(|| {
        quote! {
            #[doc(hidden)]
            #serde_skip
            __Phantom(
                ::core::marker::PhantomData<fn() -> (#(#type_params,)*)>,
                ::core::convert::Infallible,
            ),
        }
    });
    quote! {
        #[doc = #doc]
        #derive
        #vis enum #message #params #item_where {
            #(#variants,)*
            #phantom
        }
    }
}

/// `#[serde(with = "serde_bytes")]` for a field of type `Vec<u8>` of a message that has a
/// wire format: it is then written as one block instead of byte by byte, with the same bytes
/// (`postcard` writes a `u8` as one byte).
fn byte_block(context: &Context<'_>, ty: &syn::Type) -> Option<TokenStream> {
    if context.local || !is_byte_vec(ty) {
        return None;
    }
    let with = format!("{}::serde_bytes", context.rt.to_string().replace(' ', ""));
    Some(quote!(#[serde(with = #with)]))
}

/// Whether `ty` is written `Vec<u8>` (or with a path to `Vec`).
fn is_byte_vec(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    let Some(last) = path.path.segments.last() else {
        return false;
    };
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return false;
    };
    last.ident == "Vec"
        && path.qself.is_none()
        && matches!(
            args.args.iter().collect::<Vec<_>>().as_slice(),
            [syn::GenericArgument::Type(syn::Type::Path(element))]
                if element.qself.is_none() && element.path.is_ident("u8")
        )
}

/// The serde derive of the message, bounded by its field types.
///
/// Each bound is higher-ranked (`for<'__w> Config: Serialize`), which rustc treats as a
/// condition on the impl rather than as a claim to check: when `Config` is not serde, the
/// impl does not apply, and the one error is the argument check's, at the user's type
/// (serde's own bounds would add five more inside the derive). A type parameter is bounded
/// through the field types, never as `T: Deserialize<'de>`, which would be ambiguous next to
/// a user's own `T: DeserializeOwned` (E0283).
fn serde_derive(context: &Context<'_>) -> TokenStream {
    let rt = &context.rt;
    let serde = &context.serde_path;
    let field_types: Vec<String> = context
        .model
        .methods
        .iter()
        .filter(|method| !method.has_cfg())
        .flat_map(|method| &method.args)
        .map(|arg| arg.ty.to_token_stream().to_string())
        .collect();
    let bound = |bound: &str| {
        field_types
            .iter()
            .map(|ty| format!("for<'__w> {ty}: {serde}::{bound}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let serialize = bound("Serialize");
    let deserialize = bound("Deserialize<'__w>");
    quote! {
        #[derive(#rt::serde::Serialize, #rt::serde::Deserialize)]
        #[serde(crate = #serde, bound(serialize = #serialize, deserialize = #deserialize))]
    }
}
