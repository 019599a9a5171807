//! Compile-time checks on the types that cross the actor boundary, each reported at the
//! user's type with a message that says the fix.
//!
//! Each check is the length of an array type in a field of a hidden struct:
//! `[(); { assert_argument::<Remote, T>(); 0 }]`. The compiler evaluates such a length while it
//! checks the struct's well-formedness, which it does item by item before it type-checks any
//! function body, and the expansion puts the checks before the message enum and the handle.
//! So a type that cannot cross the boundary is reported first, at the user's type and in the
//! words of `#[diagnostic::on_unimplemented]` on `ActorArgument`/`ActorReturn`, and not after
//! the errors it causes in the generated items (e.g. "`Rc<i32>` cannot be sent between threads
//! safely" at the handle).

use proc_macro2::TokenStream;
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Attribute, Ident, Type};

use super::actor_impl::Context;

/// Finds whether a type mentions a generic parameter or `Self`.
struct MentionsGeneric<'a> {
    params: &'a [&'a Ident],
    found: bool,
}

impl<'ast> Visit<'ast> for MentionsGeneric<'_> {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if let Some(first) = path.segments.first()
            && (first.ident == "Self" || self.params.contains(&&first.ident))
        {
            self.found = true;
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

/// One type to check: the type, the check function, and the `#[cfg]`s of its method.
struct Check<'a> {
    ty: &'a Type,
    function: &'static str,
    cfgs: Vec<&'a Attribute>,
}

pub(crate) fn expand(context: &Context<'_>) -> TokenStream {
    let krate = &context.krate;
    // A check cannot name the impl's type or const parameters (it is a separate item), so
    // types that mention them are left to the bounds the user writes on the impl block.
    let params: Vec<&Ident> = context
        .model
        .item
        .generics
        .params
        .iter()
        .filter_map(|param| match param {
            syn::GenericParam::Type(param) => Some(&param.ident),
            syn::GenericParam::Const(param) => Some(&param.ident),
            syn::GenericParam::Lifetime(_) => None,
        })
        .collect();
    let model = context.model;
    let constructor = model.constructor.args.iter().map(|arg| Check {
        ty: arg.ty,
        function: "assert_argument",
        cfgs: Vec::new(),
    });
    let methods = model.methods.iter().flat_map(|method| {
        let arguments = method.args.iter().map(|arg| Check {
            ty: arg.ty,
            function: "assert_argument",
            cfgs: method.cfgs().collect(),
        });
        arguments.chain(std::iter::once(Check {
            ty: &method.output,
            function: "assert_return",
            cfgs: method.cfgs().collect(),
        }))
    });
    let fields = constructor
        .chain(methods)
        .filter(|check| !mentions_generic(check.ty, &params))
        .map(|Check { ty, function, cfgs }| {
            let span = ty.span();
            let function = Ident::new(function, span);
            let wire = if context.local {
                quote_spanned!(span=> #krate::__private::Local)
            } else {
                quote_spanned!(span=> #krate::__private::Remote)
            };
            let ty = ty.to_token_stream();
            let length = quote_spanned! {span=>
                { #krate::__private::#function::<#wire, #ty>(); 0 }
            };
            quote!(#(#cfgs)* [(); #length],)
        });
    quote_spanned! {context.model.item.self_ty.span()=>
        const _: () = {
            #[allow(dead_code)]
            struct __ActorChecks(#(#fields)*);
        };
    }
}
