//! Compile-time checks on the types that cross the actor boundary, each reported at the
//! user's type with a message that says the fix.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote_spanned};
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Ident, Type};

use super::actor_impl::Context;

/// Finds whether a type mentions a generic parameter or `Self`.
struct MentionsGeneric<'a> {
    params: &'a [&'a Ident],
    found: bool,
}

impl<'ast> Visit<'ast> for MentionsGeneric<'_> {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if let Some(first) = path.segments.first() {
            if first.ident == "Self" || self.params.contains(&&first.ident) {
                self.found = true;
            }
        }
        syn::visit::visit_path(self, path);
    }
}

fn mentions_generic(ty: &Type, params: &[&Ident]) -> bool {
    let mut visitor = MentionsGeneric {
        params,
        found: false,
    };
    visitor.visit_type(ty);
    visitor.found
}

pub(crate) fn expand(context: &Context<'_>) -> TokenStream {
    let krate = &context.krate;
    let params: Vec<&Ident> = context
        .model
        .item
        .generics
        .type_params()
        .map(|param| &param.ident)
        .collect();
    let model = context.model;
    let argument_types = model
        .constructor
        .args
        .iter()
        .chain(model.methods.iter().flat_map(|method| &method.args))
        .map(|arg| arg.ty);
    let return_types = model.methods.iter().map(|method| &method.output);
    let checks = argument_types
        .map(|ty| (ty, "assert_argument"))
        .chain(return_types.map(|ty| (ty, "assert_return")))
        .filter(|(ty, _)| !mentions_generic(ty, &params))
        .map(|(ty, check)| {
            let check = Ident::new(check, ty.span());
            let wire = if context.local {
                quote_spanned!(ty.span()=> #krate::__private::Local)
            } else {
                quote_spanned!(ty.span()=> #krate::__private::Remote)
            };
            let ty = ty.to_token_stream();
            quote_spanned! {ty.span()=>
                #krate::__private::#check::<#wire, #ty>();
            }
        });
    quote_spanned! {context.model.item.self_ty.span()=>
        const _: () = {
            #[allow(dead_code)]
            fn __actor_checks() {
                #(#checks)*
            }
        };
    }
}
