//! A method of a generated handle type that sends one actor method's message.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::model::Method;

/// Same name, visibility, `#[cfg]`s and arguments as the actor's `method`, returning `output`;
/// `send` turns the message expression (`message::Variant { args }`) into the body.
pub(crate) fn sending_method(
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
    let field_names: Vec<_> = method.args.iter().map(|arg| &arg.name).collect();
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
