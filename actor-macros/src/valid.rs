//! Every misuse rule of `#[actor]` and `#[task]`, run once on the model: each a spanned error
//! that says the fix, all of them collected.

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{FnArg, GenericParam, Pat, ReturnType, Type};

use crate::errors::Errors;
use crate::model::{
    ActorImpl, Constructor, ConstructorOutput, Method, Misplaced, OnStop, TaskFn, owned_form,
};

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

impl Misplaced<'_> {
    /// Why `#[actor]` cannot go here, and where it goes instead.
    pub(crate) fn error(&self) -> syn::Error {
        let (tokens, message): (&dyn ToTokens, &str) = match self {
            Self::Enum(item) => (
                &item.enum_token,
                "an enum cannot be an actor: `#[actor]` goes on a struct and on its impl block; \
                 keep the enum as a field of an actor struct",
            ),
            Self::Trait(item) => (
                &item.trait_token,
                "a trait cannot be an actor: `#[actor]` goes on a struct and on its impl block; \
                 implement the trait for the struct and call it from the actor's methods",
            ),
            Self::Fn(task) => (
                &task.item.sig.fn_token,
                "a function cannot be an actor: `#[actor]` goes on a struct and on its impl \
                 block; for a remote function use `#[task]`",
            ),
            Self::Other(item) => (item, "`#[actor]` goes on a struct and on its impl block"),
        };
        syn::Error::new_spanned(tokens, message)
    }
}

impl<'a> ActorImpl<'a> {
    /// Checks the impl block; on success returns its one constructor.
    pub(crate) fn validate(&self) -> syn::Result<&Constructor<'a>> {
        if let Some(path) = self.trait_path {
            return Err(syn::Error::new_spanned(
                path,
                "`#[actor]` goes on the inherent impl block (`impl Foo { .. }`), not on a trait \
                 impl; remove `#[actor]` here, or call the trait's methods from inherent methods",
            ));
        }
        let mut errors = Errors::default();
        for (index, on_stop) in self.on_stops.iter().enumerate() {
            on_stop.validate(index > 0, &mut errors);
        }
        for method in &self.methods {
            method.validate(&mut errors);
        }
        for constructor in &self.constructors {
            constructor.validate(&mut errors);
        }
        for extra in self.constructors.iter().skip(1) {
            errors.error(
                &extra.item.sig.ident,
                "an actor has exactly one constructor `new`; rename this one \
                 (other associated functions may build `Self` and call it)",
            );
        }
        self.validate_names(&mut errors);
        let constructor = self.constructors.first().ok_or_else(|| {
            syn::Error::new(
                self.item.self_ty.span(),
                format!(
                    "an actor needs a constructor: add `pub fn new(..) -> Self` to this impl \
                     block of `{}`",
                    self.ident
                ),
            )
        });
        errors.finish_with(constructor)
    }

    /// Method names and variants collide neither with generated items nor with each other.
    fn validate_names(&self, errors: &mut Errors) {
        let self_ident = self.ident;
        let mut variants: HashMap<String, &syn::Ident> = HashMap::new();
        for method in &self.methods {
            let name = method.name();
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
            // With `#[cfg]`s, whether the method exists is unknown here (`#[cfg(unix)] fn f`
            // next to `#[cfg(not(unix))] fn f` is fine), so only rustc can tell.
            if method.has_cfg() {
                continue;
            }
            let variant = &method.variant;
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
}

impl Method<'_> {
    /// A handle method: `&self` or `&mut self`, and a signature that can become a message.
    fn validate(&self, errors: &mut Errors) {
        let receiver = self.receiver;
        if receiver.colon_token.is_some() {
            // `self: &Self`, `self: Box<Self>`, `self: Arc<Self>`, ...
            errors.error(
                receiver,
                format!(
                    "the actor owns its state, so `{}` can only borrow it: \
                     write the receiver as `&self` or `&mut self`",
                    self.name()
                ),
            );
        } else if receiver.reference.is_none() {
            errors.error(
                receiver,
                format!(
                    "`{}` takes `self` by value, which would consume the actor; \
                     take `&self` or `&mut self`",
                    self.name()
                ),
            );
        }
        signature(&self.item.sig, errors);
    }
}

impl Constructor<'_> {
    /// A plain associated `fn new(..) -> Self` or `-> Result<Self, E>`.
    fn validate(&self, errors: &mut Errors) {
        let sig = &self.item.sig;
        if let Some(asyncness) = &sig.asyncness {
            errors.error(
                asyncness,
                "the constructor `new` cannot be `async`; do async set-up in an async method",
            );
        }
        signature(sig, errors);
        match (self.output, &sig.output) {
            (ConstructorOutput::Missing, _) => errors.error(
                &sig.ident,
                "the constructor `new` must return `Self` (or `Result<Self, E>`)",
            ),
            (ConstructorOutput::Other, ReturnType::Type(_, ty)) => errors.error(
                ty,
                "the constructor `new` must return `Self` or `Result<Self, E>` where \
                 `E: Display`",
            ),
            _ => {}
        }
    }
}

impl OnStop<'_> {
    /// One per actor, `&self` or `&mut self`, no arguments.
    fn validate(&self, seen_before: bool, errors: &mut Errors) {
        let marker = self.marker;
        if seen_before {
            errors.error(
                marker,
                "an actor has at most one `#[on_stop]` method; merge them into one",
            );
        }
        if !matches!(marker.meta, syn::Meta::Path(_)) {
            errors.error(marker, "write `#[on_stop]` without arguments");
        }
        let sig = &self.item.sig;
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
}

impl TaskFn<'_> {
    /// A free function without generics whose arguments and value can cross to a task.
    pub(crate) fn validate(&self) -> syn::Result<()> {
        let sig = &self.item.sig;
        if let Some(FnArg::Receiver(receiver)) = sig.inputs.first() {
            return Err(syn::Error::new_spanned(
                receiver,
                "`#[task]` goes on a free function, and a function with `self` is a method; \
                 put methods in an `#[actor]` impl block, or take the value as a plain argument",
            ));
        }
        let mut errors = Errors::default();
        if sig.generics.params.is_empty() {
            signature(sig, &mut errors);
        } else {
            errors.error(
                &sig.generics,
                format!(
                    "tasks cannot be generic: `{}::remote` submits one fixed function; \
                     write a task per concrete type",
                    sig.ident
                ),
            );
        }
        errors.finish()
    }
}

/// Checks the generics, arguments and return type of a method, constructor or task.
fn signature(sig: &syn::Signature, errors: &mut Errors) {
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
        Type::Reference(reference) => errors.error(
            ty,
            format!(
                "references cannot cross an actor boundary; take `{}` instead of `{}`",
                text(&owned_form(&reference.elem, false)),
                text(ty)
            ),
        ),
        Type::ImplTrait(_) => errors.error(
            ty,
            "`impl Trait` arguments cannot cross an actor boundary; take a concrete type \
             (for a closure, a `Box<dyn Fn(..) + Send>` in a `#[actor(local)]` impl)",
        ),
        Type::Infer(_) => errors.error(ty, "write the argument's type"),
        _ => not_send(ty, errors),
    }
}

/// Reports the parts of `ty` that are never `Send`, so that the misuse gets one error, here,
/// rather than one from each runtime bound the type fails: `Rc` (and `rc::Weak`) by name,
/// and raw pointers. Other types that are not `Send` are still caught by the compiler.
fn not_send(ty: &Type, errors: &mut Errors) {
    struct Finder<'e> {
        errors: &'e mut Errors,
    }
    impl<'ast> Visit<'ast> for Finder<'_> {
        fn visit_type_path(&mut self, path: &'ast syn::TypePath) {
            let segments = &path.path.segments;
            let last = segments.last().map(|segment| segment.ident.to_string());
            let in_rc = segments.len() > 1
                && segments
                    .iter()
                    .rev()
                    .nth(1)
                    .is_some_and(|segment| segment.ident == "rc");
            if last.as_deref() == Some("Rc") || (in_rc && last.as_deref() == Some("Weak")) {
                self.errors.error(
                    path,
                    format!(
                        "`{}` cannot be sent between threads, so it cannot cross an actor \
                         boundary; use `Arc` instead of `Rc` (and `Mutex` instead of `RefCell`)",
                        text(&Type::Path(path.clone()))
                    ),
                );
                return;
            }
            syn::visit::visit_type_path(self, path);
        }

        fn visit_type_ptr(&mut self, pointer: &'ast syn::TypePtr) {
            self.errors.error(
                pointer,
                "raw pointers cannot cross an actor boundary; pass an owned value or an index",
            );
        }
    }
    Finder { errors }.visit_type(ty);
}

fn return_type(ty: &Type, errors: &mut Errors) {
    match ty {
        Type::Reference(reference) => errors.error(
            ty,
            format!(
                "a reference cannot be returned across an actor boundary; return `{}` instead",
                text(&owned_form(&reference.elem, false))
            ),
        ),
        Type::ImplTrait(_) => errors.error(
            ty,
            "an actor method must return a concrete type, not `impl Trait`; \
             collect it (e.g. into a `Vec`) before returning",
        ),
        _ => not_send(ty, errors),
    }
}

/// A type as the user would write it, without the spaces of a token stream.
fn text(ty: &Type) -> String {
    ty.to_token_stream().to_string().replace(' ', "")
}
