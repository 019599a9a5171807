//! The two macros as stages: parse -> model -> validate -> expand, or the fallback on error.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{Item, ItemFn};

use crate::attr::{ActorAttr, Target};
use crate::errors::Errors;
use crate::model::Input;
use crate::{expand, fallback, parse};

/// `#[actor]` on a struct or an impl block.
pub(crate) fn actor(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item: Item = match syn::parse2(item.clone()) {
        Ok(item) => item,
        Err(error) => return fallback::beside(Some(error), item),
    };
    let input = match parse::actor_input(&item) {
        Ok(input) => input,
        Err(error) => return fallback::beside(Some(error), item.into_token_stream()),
    };
    let target = match input {
        Input::Impl(_) => Target::Impl,
        Input::Struct(_) | Input::Misplaced(_) => Target::Struct,
    };
    // A bad option is reported beside an expansion made with the valid ones, so that it is
    // the only error (not also "the struct lacks `#[actor]`" at each use of the actor).
    let (attr, attr_errors) = ActorAttr::parse_recovering(attr, target);
    match &input {
        Input::Struct(item) => fallback::beside(
            attr_errors,
            expand::actor_struct(item, &item.ident, &item.generics, &attr),
        ),
        Input::Impl(model) => match model.validate() {
            Ok(constructor) => {
                fallback::beside(attr_errors, expand::actor_impl(model, constructor, &attr))
            }
            Err(error) => fallback::actor_impl(Errors::from(attr_errors).and(error), model, &attr),
        },
        Input::Misplaced(misplaced) => fallback::misplaced(
            Errors::from(attr_errors).and(misplaced.error()),
            misplaced,
            &attr,
        ),
    }
}

/// `#[task]` on a free function.
pub(crate) fn task(attr: TokenStream, item: TokenStream) -> TokenStream {
    let function: ItemFn = match syn::parse2(item.clone()) {
        Ok(function) => function,
        Err(_) => {
            let error = syn::Error::new_spanned(
                &item,
                "`#[task]` goes on a free function (`fn name(..) -> T`); for a struct use `#[actor]`",
            );
            return fallback::beside(Some(error), item);
        }
    };
    let (attr, attr_errors) = ActorAttr::parse_recovering(attr, Target::Task);
    let model = parse::task_fn(&function);
    match model.validate() {
        Ok(()) => fallback::beside(attr_errors, expand::task(&model, &attr)),
        Err(error) => fallback::task(Errors::from(attr_errors).and(error), &model, &attr),
    }
}
