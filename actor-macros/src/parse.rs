//! syn items -> the model. Reads what is there without judging it (that is `valid`'s job);
//! fails only where there is nothing to model (an impl block of something that is not a type
//! name).

use syn::spanned::Spanned;
use syn::{FnArg, Ident, ImplItem, Item, ItemFn, ItemImpl, Pat, ReturnType, Type};

use crate::model::{
    ActorImpl, Arg, Constructor, ConstructorOutput, Input, Method, Misplaced, OnStop, TaskFn,
    is_on_stop, receiver,
};

/// Reads an item under `#[actor]`.
pub(crate) fn actor_input(item: &Item) -> syn::Result<Input<'_>> {
    Ok(match item {
        Item::Struct(item) => Input::Struct(item),
        Item::Impl(item) => Input::Impl(actor_impl(item)?),
        Item::Enum(item) => Input::Misplaced(Misplaced::Enum(item)),
        Item::Trait(item) => Input::Misplaced(Misplaced::Trait(item)),
        Item::Fn(item) => Input::Misplaced(Misplaced::Fn(Box::new(task_fn(item)))),
        other => Input::Misplaced(Misplaced::Other(other)),
    })
}

/// Reads an impl block under `#[actor]`.
pub(crate) fn actor_impl(item: &ItemImpl) -> syn::Result<ActorImpl<'_>> {
    let ident = self_ident(&item.self_ty)?;
    let mut model = ActorImpl {
        item,
        ident,
        trait_path: item.trait_.as_ref().map(|(_, path, _)| path),
        constructors: Vec::new(),
        methods: Vec::new(),
        on_stops: Vec::new(),
    };
    for impl_item in &item.items {
        let ImplItem::Fn(function) = impl_item else {
            continue;
        };
        if let Some(marker) = function.attrs.iter().find(|attr| is_on_stop(attr)) {
            model.on_stops.push(OnStop {
                item: function,
                marker,
            });
        } else if let Some(self_receiver) = receiver(function) {
            let output = output_type(&function.sig.output);
            model.methods.push(Method {
                item: function,
                receiver: self_receiver,
                args: args(&function.sig),
                variant: variant_name(&function.sig.ident),
                returns_result: is_result(&output),
                output,
            });
        } else if function.sig.ident == "new" {
            model.constructors.push(Constructor {
                item: function,
                args: args(&function.sig),
                output: constructor_output(&function.sig.output, ident),
            });
        }
    }
    Ok(model)
}

/// Reads a function under `#[task]` (or under a misplaced `#[actor]`).
pub(crate) fn task_fn(item: &ItemFn) -> TaskFn<'_> {
    TaskFn {
        item,
        args: args(&item.sig),
        output: output_type(&item.sig.output),
    }
}

/// The struct's name in `impl Foo`, `impl<T> Foo<T>` or `impl path::Foo`.
fn self_ident(self_ty: &Type) -> syn::Result<&Ident> {
    match self_ty {
        Type::Path(path) if path.qself.is_none() => path
            .path
            .segments
            .last()
            .map(|last| &last.ident)
            .ok_or_else(|| syn::Error::new(self_ty.span(), "expected a struct")),
        other => Err(syn::Error::new_spanned(
            other,
            "`#[actor]` goes on the impl block of a struct that also has `#[actor]`",
        )),
    }
}

/// The arguments of a signature, receiver skipped; a pattern gets the name `__actor_argN`.
fn args(sig: &syn::Signature) -> Vec<Arg<'_>> {
    sig.inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(arg) => Some(arg),
            FnArg::Receiver(_) => None,
        })
        .enumerate()
        .map(|(index, arg)| Arg {
            name: match &*arg.pat {
                Pat::Ident(pat) => pat.ident.clone(),
                other => Ident::new(&format!("__actor_arg{index}"), other.span()),
            },
            ty: &arg.ty,
        })
        .collect()
}

/// The return type, `()` when none is written.
fn output_type(output: &ReturnType) -> Type {
    match output {
        ReturnType::Default => syn::parse_quote!(()),
        ReturnType::Type(_, ty) => (**ty).clone(),
    }
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

/// What a constructor returns: `Self`, `Result<Self, E>`, nothing, or something else.
fn constructor_output(output: &ReturnType, self_ident: &Ident) -> ConstructorOutput {
    match output {
        ReturnType::Default => ConstructorOutput::Missing,
        ReturnType::Type(_, ty) => match output_kind(ty, self_ident) {
            Some(false) => ConstructorOutput::Itself,
            Some(true) => ConstructorOutput::Result,
            None => ConstructorOutput::Other,
        },
    }
}

/// `Some(false)` for `Self`, `Some(true)` for `Result<Self, _>`, `None` otherwise.
fn output_kind(ty: &Type, self_ident: &Ident) -> Option<bool> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident == "Self" || last.ident == *self_ident {
        return Some(false);
    }
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(inner) => output_kind(inner, self_ident)
            .filter(|nested| !nested)
            .map(|_| true),
        _ => None,
    }
}

/// The message variant of a method: its name in UpperCamelCase, `r#` stripped.
pub(crate) fn variant_name(method: &Ident) -> Ident {
    let text = method.to_string();
    let text = text.strip_prefix("r#").unwrap_or(&text);
    let mut variant = String::with_capacity(text.len());
    let mut upper = true;
    for ch in text.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            variant.extend(ch.to_uppercase());
            upper = false;
        } else {
            variant.push(ch);
        }
    }
    if variant.is_empty() {
        variant.push_str("Underscore");
    }
    Ident::new(&variant, method.span())
}
