//! syn input -> the model, with every rule of `validate` applied once.

use syn::{FnArg, ImplItem, ItemImpl, Pat, ReturnType, Type};

use crate::model::{ActorImpl, Arg, Constructor, Method, receiver};
use crate::validate::{self, Errors};

/// The plain arguments of a signature (receiver skipped); patterns were rejected by validation.
pub(crate) fn args(sig: &syn::Signature) -> Vec<Arg<'_>> {
    sig.inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(arg) => match &*arg.pat {
                Pat::Ident(pat) => Some(Arg {
                    name: &pat.ident,
                    ty: &arg.ty,
                }),
                _ => None,
            },
            FnArg::Receiver(_) => None,
        })
        .collect()
}

/// Whether a return type is a `Result`, whose `Err` counts as an error in telemetry: its last
/// segment is `Result` with generic arguments (`Result<T, E>`, `io::Result<T>`). A bare
/// `Result` is a user's own type of that name (the std one always has arguments); treating it
/// as a plain value is always correct, only the error count would miss an alias's `Err`.
fn is_result(ty: &Type) -> bool {
    matches!(ty, Type::Path(path)
    if path.qself.is_none()
        && path.path.segments.last().is_some_and(|last| {
            last.ident == "Result"
                && matches!(last.arguments, syn::PathArguments::AngleBracketed(_))
        }))
}

/// Reads an impl block under `#[actor]` into the model, or every misuse found in it.
pub(crate) fn actor_impl(item: &ItemImpl) -> syn::Result<ActorImpl<'_>> {
    if let Some((_, path, _)) = &item.trait_ {
        return Err(syn::Error::new_spanned(
            path,
            "`#[actor]` goes on the inherent impl block (`impl Foo { .. }`), not on a trait impl; \
             remove `#[actor]` here, or call the trait's methods from inherent methods",
        ));
    }
    let ident = match &*item.self_ty {
        Type::Path(path) if path.qself.is_none() => match path.path.segments.last() {
            Some(last) => &last.ident,
            None => {
                return Err(syn::Error::new(
                    validate::self_span(item),
                    "expected a struct",
                ));
            }
        },
        other => {
            return Err(syn::Error::new_spanned(
                other,
                "`#[actor]` goes on the impl block of a struct that also has `#[actor]`",
            ));
        }
    };
    let mut errors = Errors::default();
    let mut constructor: Option<Constructor<'_>> = None;
    let mut methods = Vec::new();
    let mut on_stop: Option<&syn::ImplItemFn> = None;
    for impl_item in &item.items {
        let ImplItem::Fn(function) = impl_item else {
            continue;
        };
        if let Some(marker) = validate::on_stop_marker(function) {
            validate::on_stop(function, marker, on_stop.is_some(), &mut errors);
            on_stop = Some(function);
            continue;
        }
        if let Some(self_receiver) = receiver(function) {
            validate::receiver(function, self_receiver, &mut errors);
            validate::signature(&function.sig, &mut errors);
            let output = match &function.sig.output {
                ReturnType::Default => syn::parse_quote!(()),
                ReturnType::Type(_, ty) => (**ty).clone(),
            };
            methods.push(Method {
                item: function,
                args: args(&function.sig),
                variant: validate::variant_name(&function.sig.ident),
                returns_result: is_result(&output),
                output,
            });
        } else if function.sig.ident == "new" {
            if constructor.is_some() {
                errors.error(
                    &function.sig.ident,
                    "an actor has exactly one constructor `new`; rename this one \
                     (other associated functions may build `Self` and call it)",
                );
                continue;
            }
            let returns_result = validate::constructor(function, ident, &mut errors);
            constructor = Some(Constructor {
                item: function,
                args: args(&function.sig),
                returns_result,
            });
        }
    }
    validate::names(
        ident,
        methods.iter().map(|method| validate::MethodName {
            name: method.name(),
            variant: &method.variant,
            has_cfg: method.cfgs().next().is_some(),
        }),
        &mut errors,
    );
    let Some(constructor) = constructor else {
        return Err(errors.fail_with(syn::Error::new(
            validate::self_span(item),
            format!(
                "an actor needs a constructor: add `pub fn new(..) -> Self` to this impl block \
                 of `{ident}`"
            ),
        )));
    };
    errors.finish()?;
    Ok(ActorImpl {
        item,
        ident,
        constructor,
        methods,
        on_stop,
    })
}
