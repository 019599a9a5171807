//! Which struct attributes ask for restarts, so that the constructor's arguments must be
//! `Clone` at compile time.

use quote::quote;

use super::{ActorAttr, Target};

fn asks_for_restarts(tokens: proc_macro2::TokenStream) -> bool {
    let (attr, errors) = ActorAttr::parse_recovering(tokens, Target::Struct);
    assert!(errors.is_none(), "{errors:?}");
    attr.asks_for_restarts()
}

#[test]
fn a_literal_other_than_zero_asks_for_restarts() {
    assert!(asks_for_restarts(quote!(max_restarts = 3)));
    assert!(asks_for_restarts(quote!(max_restarts = -1)));
    assert!(asks_for_restarts(quote!(num_cpus = 1.0, max_restarts = 10)));
}

#[test]
fn zero_or_no_max_restarts_does_not() {
    assert!(!asks_for_restarts(quote!(max_restarts = 0)));
    assert!(!asks_for_restarts(quote!(max_restarts = 00)));
    assert!(!asks_for_restarts(quote!()));
    assert!(!asks_for_restarts(quote!(max_task_retries = 3)));
}

#[test]
fn a_value_the_macro_cannot_read_may_ask_for_restarts() {
    assert!(asks_for_restarts(quote!(max_restarts = RESTARTS)));
    assert!(asks_for_restarts(quote!(max_restarts = 1 - 1)));
}

#[test]
fn the_runtime_is_reached_through_its_private_module() {
    let (default, _) = ActorAttr::parse_recovering(quote!(), Target::Impl);
    assert_eq!(default.serde_path(), "::actor_core::__private::serde");
    let (renamed, _) = ActorAttr::parse_recovering(quote!(crate = "my::rt"), Target::Impl);
    assert_eq!(
        renamed.runtime().to_string().replace(' ', ""),
        "my::rt::__private"
    );
}
