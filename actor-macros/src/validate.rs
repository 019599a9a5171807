//! Every misuse rule of `#[actor]` on an impl block: each a spanned error that says the fix.

use std::collections::HashMap;

use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{FnArg, GenericParam, Ident, ImplItemFn, Pat, ReturnType, Type};

/// Collects independent errors so that they are reported together.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub(crate) fn error(&mut self, tokens: impl ToTokens, message: impl std::fmt::Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// Adds `error` to the collected ones and returns them all.
    pub(crate) fn fail_with(self, error: syn::Error) -> syn::Error {
        match self.0 {
            Some(mut errors) => {
                errors.combine(error);
                errors
            }
            None => error,
        }
    }

    pub(crate) fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

/// Names generated on the struct (`Foo::remote`) or the handle, which methods may not take.
const RESERVED: &[(&str, &str)] = &[
    ("remote", "the generated constructor `{}::remote`"),
    ("options", "the generated builder `{}::options`"),
    ("get_actor", "the generated lookup `{}::get_actor`"),
    ("get_actor_in", "the generated lookup `{}::get_actor_in`"),
    ("actor_id", "the generated `{}Handle::actor_id`"),
    ("actor_ref", "the generated `{}Handle::actor_ref`"),
    ("state", "the generated `{}Handle::state`"),
    ("tell", "the generated `{}Handle::tell`"),
    ("clone", "`Clone::clone` of the generated `{}Handle`"),
];

/// Checks the argument list and generics of a method, constructor or task.
pub(crate) fn signature(sig: &syn::Signature, errors: &mut Errors) {
    if let Some(param) = sig.generics.params.first() {
        let what = match param {
            GenericParam::Lifetime(_) => "lifetime parameters",
            _ => "generic parameters",
        };
        errors.error(
            &sig.generics,
            format!(
                "actor methods cannot have {what}: a handle sends a message of one fixed type; \
                 use concrete types, or move `{}` into an impl block without `#[actor]`",
                sig.ident
            ),
        );
    }
    if let Some(unsafety) = &sig.unsafety {
        errors.error(
            unsafety,
            "actor methods cannot be `unsafe`; remove `unsafe`",
        );
    }
    if let Some(variadic) = &sig.variadic {
        errors.error(variadic, "actor methods cannot be variadic");
    }
    for input in &sig.inputs {
        let FnArg::Typed(arg) = input else { continue };
        if !matches!(&*arg.pat, Pat::Ident(pat) if pat.by_ref.is_none() && pat.subpat.is_none()) {
            errors.error(
                &arg.pat,
                "use a plain name for this argument: it becomes a field of the message variant; \
                 destructure it inside the method",
            );
        }
        argument_type(&arg.ty, errors);
    }
    if let ReturnType::Type(_, ty) = &sig.output {
        return_type(ty, errors);
    }
}

fn argument_type(ty: &Type, errors: &mut Errors) {
    match ty {
        Type::Reference(reference) => {
            let owned = owned_form(&reference.elem);
            errors.error(
                ty,
                format!(
                    "references cannot cross an actor boundary; take `{owned}` instead of `{}`",
                    ty.to_token_stream().to_string().replace(" ", "")
                ),
            );
        }
        Type::ImplTrait(_) => errors.error(
            ty,
            "`impl Trait` arguments cannot cross an actor boundary; take a concrete type \
             (for a closure, a `Box<dyn Fn(..) + Send>` in a `#[actor(local)]` impl)",
        ),
        Type::Infer(_) => errors.error(ty, "write the argument's type"),
        _ => {}
    }
}

fn return_type(ty: &Type, errors: &mut Errors) {
    match ty {
        Type::Reference(reference) => {
            let owned = owned_form(&reference.elem);
            errors.error(
                ty,
                format!(
                    "a reference cannot be returned across an actor boundary; return `{owned}` instead"
                ),
            );
        }
        Type::ImplTrait(_) => errors.error(
            ty,
            "an actor method must return a concrete type, not `impl Trait`; \
             collect it (e.g. into a `Vec`) before returning",
        ),
        _ => {}
    }
}

/// The owned type to suggest instead of a reference to `elem`.
fn owned_form(elem: &Type) -> String {
    let text = elem.to_token_stream().to_string().replace(" ", "");
    match elem {
        Type::Path(path) if path.path.is_ident("str") => "String".to_owned(),
        Type::Path(path) if path.path.is_ident("Path") => "PathBuf".to_owned(),
        Type::Slice(slice) => {
            format!(
                "Vec<{}>",
                slice.elem.to_token_stream().to_string().replace(" ", "")
            )
        }
        _ => text,
    }
}

/// Checks a method's receiver: `&self` or `&mut self`.
pub(crate) fn receiver(item: &ImplItemFn, receiver: &syn::Receiver, errors: &mut Errors) {
    if receiver.colon_token.is_some() {
        // `self: &Self`, `self: Box<Self>`, `self: Arc<Self>`, ...: syn has no `reference` here.
        errors.error(
            receiver,
            format!(
                "the actor owns its state, so `{}` can only borrow it: \
                 write the receiver as `&self` or `&mut self`",
                item.sig.ident
            ),
        );
    } else if receiver.reference.is_none() {
        errors.error(
            receiver,
            format!(
                "`{}` takes `self` by value, which would consume the actor; \
                 take `&self` or `&mut self`",
                item.sig.ident
            ),
        );
    }
}

/// Checks the constructor: a plain associated `fn new(..) -> Self` or `-> Result<Self, E>`.
pub(crate) fn constructor(item: &ImplItemFn, self_ident: &Ident, errors: &mut Errors) -> bool {
    let sig = &item.sig;
    if let Some(FnArg::Receiver(receiver)) = sig.inputs.first() {
        errors.error(
            receiver,
            "the constructor `new` makes the actor: remove the `self` receiver",
        );
    }
    if let Some(asyncness) = &sig.asyncness {
        errors.error(
            asyncness,
            "the constructor `new` cannot be `async`; do async set-up in an async method",
        );
    }
    signature(sig, errors);
    match &sig.output {
        ReturnType::Default => {
            errors.error(
                &sig.ident,
                "the constructor `new` must return `Self` (or `Result<Self, E>`)",
            );
            false
        }
        ReturnType::Type(_, ty) => match constructor_output(ty, self_ident) {
            Some(returns_result) => returns_result,
            None => {
                errors.error(
                    ty,
                    "the constructor `new` must return `Self` or `Result<Self, E>` \
                     where `E: Display`",
                );
                false
            }
        },
    }
}

/// `Some(false)` for `Self`, `Some(true)` for `Result<Self, _>`, `None` otherwise.
fn constructor_output(ty: &Type, self_ident: &Ident) -> Option<bool> {
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
        syn::GenericArgument::Type(inner) => constructor_output(inner, self_ident)
            .filter(|nested| !nested)
            .map(|_| true),
        _ => None,
    }
}

/// What `names` needs of a method.
pub(crate) struct MethodName<'a> {
    pub(crate) name: &'a Ident,
    pub(crate) variant: &'a Ident,
    /// The method has `#[cfg]`s: whether it exists is unknown here (`#[cfg(unix)] fn f` next to
    /// `#[cfg(not(unix))] fn f` is fine), so only rustc can tell if it collides.
    pub(crate) has_cfg: bool,
}

/// Checks that method names and variants do not collide with generated items or each other.
pub(crate) fn names<'a>(
    self_ident: &Ident,
    methods: impl IntoIterator<Item = MethodName<'a>>,
    errors: &mut Errors,
) {
    let mut variants: HashMap<String, &Ident> = HashMap::new();
    for MethodName {
        name,
        variant,
        has_cfg,
    } in methods
    {
        let text = name.to_string();
        let text = text.strip_prefix("r#").unwrap_or(&text);
        if let Some((_, item)) = RESERVED.iter().find(|(reserved, _)| *reserved == text) {
            errors.error(
                name,
                format!(
                    "the method name `{text}` collides with {}; rename the method",
                    item.replace("{}", &self_ident.to_string())
                ),
            );
        }
        if has_cfg {
            continue;
        }
        if let Some(first) = variants.insert(variant.to_string(), name) {
            errors.error(
                name,
                format!(
                    "methods `{first}` and `{name}` both map to the message variant \
                     `{self_ident}Message::{variant}`; rename one of them"
                ),
            );
        }
    }
}

/// The message variant of a method: its name in UpperCamelCase.
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

/// The span to blame for an impl block's whole self type.
pub(crate) fn self_span(item: &syn::ItemImpl) -> proc_macro2::Span {
    item.self_ty.span()
}

/// The `#[on_stop]` attribute of a method, if it has one.
pub(crate) fn on_stop_marker(item: &ImplItemFn) -> Option<&syn::Attribute> {
    item.attrs
        .iter()
        .find(|attr| attr.path().is_ident("on_stop"))
}

/// Checks the `#[on_stop]` method: one per actor, `&self` or `&mut self`, no arguments.
pub(crate) fn on_stop(
    item: &ImplItemFn,
    marker: &syn::Attribute,
    seen_before: bool,
    errors: &mut Errors,
) {
    if seen_before {
        errors.error(
            marker,
            "an actor has at most one `#[on_stop]` method; merge them into one",
        );
    }
    if !matches!(marker.meta, syn::Meta::Path(_)) {
        errors.error(marker, "write `#[on_stop]` without arguments");
    }
    let sig = &item.sig;
    match sig.inputs.first() {
        Some(FnArg::Receiver(receiver)) if receiver.reference.is_some() => {}
        _ => errors.error(
            &sig.ident,
            "the `#[on_stop]` method takes `&mut self` (or `&self`) and nothing else",
        ),
    }
    if let Some(extra) = sig.inputs.iter().nth(1) {
        errors.error(
            extra,
            "the `#[on_stop]` method takes no arguments: nobody calls it, the runtime does",
        );
    }
    if !sig.generics.params.is_empty() {
        errors.error(&sig.generics, "the `#[on_stop]` method cannot be generic");
    }
}
