//! Compile-time checks on the types that cross the actor boundary, each reported at the
//! user's type with a message that says the fix.
//!
//! Each check asks the runtime's `CrossProbe` whether a type crosses (`Send + 'static`, and
//! serde unless the impl block is `local`) and fails, once, in the words of
//! `#[diagnostic::on_unimplemented]` on `ActorArgument`/`ActorReturn` when it does not. The
//! message's serde impls and the `WireActor` impl are bounded so that a type that does not
//! cross makes them not apply rather than add errors of their own.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Attribute, Ident, Type};

use super::context::Context;

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
    let rt = &context.rt;
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
    let constructor = context.constructor.args.iter().map(|arg| Check {
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
    let wire = if context.local {
        quote!(#rt::Local)
    } else {
        quote!(#rt::Remote)
    };
    let statements = constructor
        .chain(methods)
        .filter(|check| !mentions_generic(check.ty, &params))
        .map(|Check { ty, function, cfgs }| {
            let check = crossing_check(rt, &wire, ty, function);
            quote!(#(#cfgs)* #check)
        });
    quote_spanned! {context.model.item.self_ty.span()=>
        const _: () = {
            #[allow(dead_code)]
            fn __actor_checks() {
                // One of the two answers each probe; the other is unused.
                #[allow(unused_imports)]
                use #rt::{CrossesFallback as _, CrossesViaTraits as _};
                #(#statements)*
            }
        };
    }
}

/// The statement that checks that `ty` crosses the boundary of an actor of kind `wire`, as
/// an argument (`function` is `assert_argument`) or a return type (`assert_return`); an error
/// points at `ty`. Needs the probe traits in scope.
pub(crate) fn crossing_check(
    rt: &TokenStream,
    wire: &TokenStream,
    ty: &Type,
    function: &str,
) -> TokenStream {
    let span = ty.span();
    let function = Ident::new(function, span);
    let ty = ty.to_token_stream();
    quote_spanned! {span=>
        #rt::#function::<#wire, #ty, _>((&&#rt::CrossProbe::<#wire, #ty>::new()).probe());
    }
}
