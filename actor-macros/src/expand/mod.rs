//! Codegen: from a validated model to the items `#[actor]` promises.
//!
//! On any error the user's item is still emitted beside the `compile_error!`, so that the rest
//! of the crate, and the IDE, keep working.

mod actor_impl;
mod actor_struct;
mod checks;
mod dispatch;
mod handle;
mod message;
mod tell;

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::Item;

use crate::attr::{ActorAttr, Target};
use crate::parse;

/// `#[actor]` on any item: dispatches on the item's kind.
pub(crate) fn actor(attr: TokenStream, item: TokenStream) -> TokenStream {
    let parsed: Item = match syn::parse2(item.clone()) {
        Ok(parsed) => parsed,
        Err(error) => return with_item(error, item),
    };
    let result = match &parsed {
        // A bad option is reported beside the expansion with the valid options, so that it
        // is the only error (not also "the struct lacks `#[actor]`" at each use).
        Item::Struct(item_struct) => {
            let (attr, errors) = ActorAttr::parse_recovering(attr, Target::Struct);
            Ok(with_errors(
                errors,
                actor_struct::expand(item_struct, &attr),
            ))
        }
        Item::Impl(item_impl) => {
            let (attr, attr_errors) = ActorAttr::parse_recovering(attr, Target::Impl);
            match parse::actor_impl(item_impl) {
                Ok(model) => Ok(with_errors(attr_errors, actor_impl::expand(&model, &attr))),
                Err(error) => Err(match attr_errors {
                    Some(mut errors) => {
                        errors.combine(error);
                        errors
                    }
                    None => error,
                }),
            }
        }
        Item::Enum(item_enum) => Err(misplaced(
            item_enum.enum_token,
            "an enum cannot be an actor: `#[actor]` goes on a struct and on its impl block; \
             keep the enum as a field of an actor struct",
        )),
        Item::Trait(item_trait) => Err(misplaced(
            item_trait.trait_token,
            "a trait cannot be an actor: `#[actor]` goes on a struct and on its impl block; \
             implement the trait for the struct and call it from the actor's methods",
        )),
        Item::Fn(item_fn) => Err(misplaced(
            item_fn.sig.fn_token,
            "a function cannot be an actor: `#[actor]` goes on a struct and on its impl block; \
             for a remote function use `#[task]`",
        )),
        other => Err(misplaced(
            other,
            "`#[actor]` goes on a struct and on its impl block",
        )),
    };
    match result {
        Ok(tokens) => tokens,
        Err(error) => with_item(error, parsed.into_token_stream()),
    }
}

fn misplaced(tokens: impl ToTokens, message: &str) -> syn::Error {
    syn::Error::new_spanned(tokens, message)
}

/// `tokens`, preceded by `errors` if there are any.
fn with_errors(errors: Option<syn::Error>, tokens: TokenStream) -> TokenStream {
    match errors {
        Some(errors) => with_item(errors, tokens),
        None => tokens,
    }
}

/// The user's item unchanged, plus the errors.
fn with_item(error: syn::Error, item: TokenStream) -> TokenStream {
    let mut tokens = error.to_compile_error();
    tokens.extend(item);
    tokens
}
