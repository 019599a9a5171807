//! The procedural macros of `actor-core`: `#[actor]` and `#[task]`.
//!
//! Use them through `actor_core` (`use actor_core::prelude::*;`), which re-exports them.
//! Each entry point only converts tokens; the stages live in `parse`, `validate` and `expand`.

mod attr;
mod expand;
mod model;
mod parse;
mod task;
mod validate;

use proc_macro::TokenStream;

/// Makes a struct and its impl block an actor. See the `actor_core` docs for what it generates.
#[proc_macro_attribute]
pub fn actor(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::actor(attr.into(), item.into()).into()
}

/// Makes a free function a task: `f::remote(args)` runs it on the node's task threads.
/// See the `actor_core` docs.
#[proc_macro_attribute]
pub fn task(attr: TokenStream, item: TokenStream) -> TokenStream {
    task::task(attr.into(), item.into()).into()
}
