//! `#[actor_core::main]` on `fn main`: the program starts again as a worker process when
//! asked to, before any of its own code runs (`__private::enter_main`); an `async fn main`
//! also gets a tokio runtime, as with `#[tokio::main]`.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::spanned::Spanned;
use syn::{Item, ItemFn, ReturnType};

use crate::errors::Errors;
use crate::fallback;

/// The whole macro: the wrapped `main`, or the errors beside the item as written.
pub(crate) fn main(attr: TokenStream, item: TokenStream) -> TokenStream {
    let function = match syn::parse2::<Item>(item.clone()) {
        Ok(Item::Fn(function)) => function,
        Ok(other) => return fallback::beside(Some(misplaced(&other)), item),
        Err(error) => return fallback::beside(Some(error), item),
    };
    match validate(&attr, &function) {
        Ok(()) => expand(function),
        Err(error) => fallback::beside(Some(error), stand_in(function)),
    }
}

/// A `fn main` that failed validation, kept so that its body is still checked, but renamed,
/// with an empty `main` beside it: rustc then adds no error of its own ("`main` function has
/// wrong type") to the one that says the fix.
fn stand_in(mut function: ItemFn) -> TokenStream {
    if function.sig.ident != "main" {
        return function.into_token_stream();
    }
    function.sig.ident = syn::Ident::new("__actor_main_with_errors", function.sig.ident.span());
    quote! {
        #[allow(dead_code)]
        #function
        fn main() {}
    }
}

fn misplaced(item: &Item) -> syn::Error {
    syn::Error::new(
        item.span(),
        "`#[actor_core::main]` goes on the program's `fn main`",
    )
}

/// Every misuse, reported together.
fn validate(attr: &TokenStream, function: &ItemFn) -> Result<(), syn::Error> {
    let mut errors = Errors::default();
    let signature = &function.sig;
    if !attr.is_empty() {
        errors.push(syn::Error::new_spanned(
            attr,
            "`#[actor_core::main]` takes no arguments; remove them",
        ));
    }
    if signature.ident != "main" {
        errors.push(syn::Error::new_spanned(
            &signature.ident,
            "`#[actor_core::main]` goes on the program's `fn main`, not on another function",
        ));
    }
    if !signature.inputs.is_empty() {
        errors.push(syn::Error::new_spanned(
            &signature.inputs,
            "`fn main` takes no arguments; read the command line with `std::env::args()`",
        ));
    }
    if !signature.generics.params.is_empty() || signature.generics.where_clause.is_some() {
        errors.push(syn::Error::new_spanned(
            &signature.generics,
            "`fn main` cannot be generic; remove the generic parameters",
        ));
    }
    errors.finish()
}

/// `main` with its body run through `enter_main` (and on a tokio runtime if `async`).
fn expand(function: ItemFn) -> TokenStream {
    let ItemFn {
        attrs,
        vis,
        mut sig,
        block,
    } = function;
    let output = match &sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, output) => output.to_token_stream(),
    };
    let body = match sig.asyncness.take() {
        Some(_) => quote! {
            ::actor_core::__private::block_on_main::<#output>(async move #block)
        },
        None => block.to_token_stream(),
    };
    quote! {
        #(#attrs)*
        #vis #sig {
            ::actor_core::__private::enter_main(move || -> #output { #body })
        }
    }
}
