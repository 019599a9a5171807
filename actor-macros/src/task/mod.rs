//! `#[task]` on a free function: parse and validate, then expand.

mod expand;
mod parse;

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::ItemFn;

use crate::attr::{ActorAttr, Target};

/// `#[task]` on an item: the function as written plus its submission module.
pub(crate) fn task(attr: TokenStream, item: TokenStream) -> TokenStream {
    let function: ItemFn = match syn::parse2(item.clone()) {
        Ok(function) => function,
        Err(_) => {
            let error = syn::Error::new_spanned(
                &item,
                "`#[task]` goes on a free function (`fn name(..) -> T`); for a struct use `#[actor]`",
            );
            return with_item(error, item);
        }
    };
    let result = ActorAttr::parse(attr, Target::Task)
        .and_then(|attr| parse::task_fn(&function).map(|model| expand::expand(&model, &attr)));
    match result {
        Ok(tokens) => tokens,
        Err(error) => with_item(error, function.into_token_stream()),
    }
}

fn with_item(error: syn::Error, item: TokenStream) -> TokenStream {
    let mut tokens = error.to_compile_error();
    tokens.extend(item);
    tokens
}
