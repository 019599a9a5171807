//! A method of a generated handle type that sends one actor method's message.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::model::Method;

use super::dependencies;

/// How a sending method sends its message: `now` when every argument is a value, `after`
/// with a future of the message when some are `ObjectRef`s.
pub(crate) struct Sending<Now, After> {
    pub(crate) now: Now,
    pub(crate) after: After,
}

/// Same name, visibility, `#[cfg]`s and arguments as the actor's `method` (each also
/// accepted as an `ObjectRef`), returning `output`; `send` turns the message expression
/// (`message::Variant { args }`), or a future of it, into the body.
pub(crate) fn sending_method(
    rt: &TokenStream,
    method: &Method<'_>,
    message: &Ident,
    docs: TokenStream,
    output: TokenStream,
    send: Sending<impl FnOnce(TokenStream) -> TokenStream, impl FnOnce(TokenStream) -> TokenStream>,
) -> TokenStream {
    let name = method.name();
    let method_vis = method.vis();
    let cfgs = method.cfgs();
    let variant = &method.variant;
    let field_names: Vec<_> = method.args.iter().map(|arg| &arg.name).collect();
    let params = dependencies::params(rt, &method.args);
    let now = (send.now)(quote!(#message::#variant { #(#field_names),* }));
    let body = dependencies::split(rt, &method.args, now, |resolved| {
        (send.after)(dependencies::made_after(
            rt,
            quote!(#message::#variant { #(#field_names: #resolved),* }),
        ))
    });
    quote! {
        #docs
        #(#cfgs)*
        #method_vis fn #name(&self, #params) -> #output {
            #body
        }
    }
}
