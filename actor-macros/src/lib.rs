//! The procedural macros of `actor-core`: `#[actor]`, `#[task]` and `#[actor_core::main]`.
//!
//! Use them through `actor_core` (`use actor_core::prelude::*;`), which re-exports them.
//! Each entry point only converts tokens; `entry` runs the stages: `parse` (syn -> `model`),
//! `valid` (every misuse rule, once), then `expand`, or `fallback` on error. Generated code
//! reaches the runtime only through `::actor_core::__private`.

mod attr;
mod entry;
mod errors;
mod expand;
mod fallback;
mod main_attr;
mod model;
mod names;
mod parse;
mod valid;

#[cfg(test)]
mod snapshots;

use proc_macro::TokenStream;

/// Lets the program start again as a worker process for isolated actors: put it on
/// `fn main` (sync, or `async` to run it on a tokio runtime, as `#[tokio::main]` does).
/// See the `actor_core` docs.
#[proc_macro_attribute]
pub fn main(attr: TokenStream, item: TokenStream) -> TokenStream {
    main_attr::main(attr.into(), item.into()).into()
}

/// Makes a struct and its impl block an actor. See the `actor_core` docs for what it generates.
#[proc_macro_attribute]
pub fn actor(attr: TokenStream, item: TokenStream) -> TokenStream {
    entry::actor(attr.into(), item.into()).into()
}

/// Makes a free function a task: `f::remote(args)` runs it on the node's task threads.
/// See the `actor_core` docs.
#[proc_macro_attribute]
pub fn task(attr: TokenStream, item: TokenStream) -> TokenStream {
    entry::task(attr.into(), item.into()).into()
}
