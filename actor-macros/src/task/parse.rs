//! A `#[task]` function -> its model, with the misuse rules of tasks.

use syn::{FnArg, ItemFn, ReturnType, Type};

use crate::model::Arg;
use crate::validate::{self, Errors};

/// A free function under `#[task]`.
pub(crate) struct TaskFn<'a> {
    pub(crate) item: &'a ItemFn,
    pub(crate) args: Vec<Arg<'a>>,
    /// The return type, `()` when none is written.
    pub(crate) output: Type,
}

pub(crate) fn task_fn(item: &ItemFn) -> syn::Result<TaskFn<'_>> {
    let sig = &item.sig;
    let mut errors = Errors::default();
    if let Some(FnArg::Receiver(receiver)) = sig.inputs.first() {
        return Err(syn::Error::new_spanned(
            receiver,
            "`#[task]` goes on a free function, and a function with `self` is a method; \
             put methods in an `#[actor]` impl block, or take the value as a plain argument",
        ));
    }
    if !sig.generics.params.is_empty() {
        errors.error(
            &sig.generics,
            format!(
                "tasks cannot be generic: `{}::remote` submits one fixed function; \
                 write a task per concrete type",
                sig.ident
            ),
        );
    } else {
        validate::signature(sig, &mut errors);
    }
    errors.finish()?;
    let args = crate::parse::args(sig);
    let output = match &sig.output {
        ReturnType::Default => syn::parse_quote!(()),
        ReturnType::Type(_, ty) => (**ty).clone(),
    };
    Ok(TaskFn { item, args, output })
}
