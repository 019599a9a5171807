//! The validation rules, one by one: what each rejects, with which message, and what it lets
//! through.

use syn::{ItemFn, ItemImpl, parse_quote};

use crate::parse;

/// Every error validation reports for `item`, in order; empty when it passes.
fn errors(item: &ItemImpl) -> Vec<String> {
    match parse::actor_impl(item).map(|model| model.validate().map(|_| ())) {
        Ok(Ok(())) => Vec::new(),
        Ok(Err(error)) | Err(error) => error.into_iter().map(|e| e.to_string()).collect(),
    }
}

/// The one error validation reports for `item`.
fn error(item: &ItemImpl) -> String {
    let mut all = errors(item);
    assert_eq!(all.len(), 1, "expected one error, got {all:#?}");
    all.remove(0)
}

fn task_errors(item: &ItemFn) -> Vec<String> {
    match parse::task_fn(item).validate() {
        Ok(()) => Vec::new(),
        Err(error) => error.into_iter().map(|e| e.to_string()).collect(),
    }
}

#[test]
fn a_plain_actor_passes() {
    let item: ItemImpl = parse_quote! {
        impl Counter {
            pub fn new(start: i64) -> Self { Self { value: start } }
            pub fn add(&mut self, by: i64) -> i64 { self.value += by; self.value }
            pub async fn get(&self) -> i64 { self.value }
            #[on_stop]
            fn stop(&mut self) {}
            fn helper() -> u8 { 1 }
        }
    };
    assert_eq!(errors(&item), Vec::<String>::new());
}

#[test]
fn a_fallible_constructor_passes_and_other_outputs_do_not() {
    let fallible: ItemImpl = parse_quote! {
        impl Counter { fn new() -> Result<Self, String> { todo!() } }
    };
    assert_eq!(errors(&fallible), Vec::<String>::new());
    let named: ItemImpl = parse_quote! { impl Counter { fn new() -> Counter { todo!() } } };
    assert_eq!(errors(&named), Vec::<String>::new());
    let option: ItemImpl = parse_quote! { impl Counter { fn new() -> Option<Self> { None } } };
    assert_eq!(
        error(&option),
        "the constructor `new` must return `Self` or `Result<Self, E>` where `E: Display`"
    );
    let nothing: ItemImpl = parse_quote! { impl Counter { fn new() {} } };
    assert_eq!(
        error(&nothing),
        "the constructor `new` must return `Self` (or `Result<Self, E>`)"
    );
    let nested: ItemImpl = parse_quote! {
        impl Counter { fn new() -> Result<Result<Self, u8>, u8> { todo!() } }
    };
    assert!(error(&nested).starts_with("the constructor `new` must return `Self` or"));
}

#[test]
fn the_constructor_is_one_sync_new() {
    let none: ItemImpl = parse_quote! { impl Counter { fn get(&self) -> i64 { 0 } } };
    assert_eq!(
        error(&none),
        "an actor needs a constructor: add `pub fn new(..) -> Self` to this impl block of `Counter`"
    );
    let two: ItemImpl = parse_quote! {
        impl Counter { fn new() -> Self { todo!() } fn new(a: u8) -> Self { todo!() } }
    };
    assert!(error(&two).starts_with("an actor has exactly one constructor `new`"));
    let async_new: ItemImpl = parse_quote! { impl Counter { async fn new() -> Self { todo!() } } };
    assert_eq!(
        error(&async_new),
        "the constructor `new` cannot be `async`; do async set-up in an async method"
    );
}

#[test]
fn a_trait_impl_is_rejected_alone() {
    // The trait's own methods (here with a reference argument) are not judged.
    let item: ItemImpl = parse_quote! {
        impl Display for Counter {
            fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result { todo!() }
        }
    };
    assert!(error(&item).starts_with("`#[actor]` goes on the inherent impl block"));
}

#[test]
fn receivers_borrow_the_actor() {
    let by_value: ItemImpl = parse_quote! {
        impl Counter { fn new() -> Self { todo!() } fn take(self) -> i64 { 0 } }
    };
    assert_eq!(
        error(&by_value),
        "`take` takes `self` by value, which would consume the actor; take `&self` or `&mut self`"
    );
    let typed: ItemImpl = parse_quote! {
        impl Counter { fn new() -> Self { todo!() } fn get(self: Arc<Self>) -> i64 { 0 } }
    };
    assert!(error(&typed).starts_with("the actor owns its state, so `get` can only borrow it"));
}

#[test]
fn signatures_can_become_messages() {
    let item: ItemImpl = parse_quote! {
        impl Counter {
            fn new() -> Self { todo!() }
            fn generic<T: Into<i64>>(&self, value: T) {}
            fn lifetime<'a>(&self) {}
            unsafe fn danger(&self) {}
            fn pattern(&self, (a, b): (u8, u8)) {}
            fn by_ref(&self, ref name: String) {}
            fn text(&self, name: &str) {}
            fn bytes(&self, data: &[u8]) {}
            fn path(&self, at: &Path) {}
            fn iter(&self, items: impl Iterator<Item = u8>) {}
            fn infer(&self, value: _) {}
            fn borrowed(&self) -> &String { todo!() }
            fn opaque(&self) -> impl Display { 1 }
        }
    };
    assert_eq!(
        errors(&item),
        [
            "actor methods cannot have generic parameters: a handle sends a message of one fixed \
             type; use concrete types, or move `generic` into an impl block without `#[actor]`",
            "actor methods cannot have lifetime parameters: a handle sends a message of one fixed \
             type; use concrete types, or move `lifetime` into an impl block without `#[actor]`",
            "actor methods cannot be `unsafe`; remove `unsafe`",
            "use a plain name for this argument: it becomes a field of the message variant; \
             destructure it inside the method",
            "use a plain name for this argument: it becomes a field of the message variant; \
             destructure it inside the method",
            "references cannot cross an actor boundary; take `String` instead of `&str`",
            "references cannot cross an actor boundary; take `Vec<u8>` instead of `&[u8]`",
            "references cannot cross an actor boundary; take `PathBuf` instead of `&Path`",
            "`impl Trait` arguments cannot cross an actor boundary; take a concrete type (for a \
             closure, a `Box<dyn Fn(..) + Send>` in a `#[actor(local)]` impl)",
            "write the argument's type",
            "a reference cannot be returned across an actor boundary; return `String` instead",
            "an actor method must return a concrete type, not `impl Trait`; collect it (e.g. \
             into a `Vec`) before returning",
        ]
    );
}

#[test]
fn method_names_leave_room_for_the_generated_ones() {
    for reserved in [
        "remote",
        "options",
        "get_actor",
        "get_actor_in",
        "actor_id",
        "actor_ref",
        "state",
        "tell",
        "clone",
    ] {
        let name = syn::Ident::new(reserved, proc_macro2::Span::call_site());
        let item: ItemImpl = parse_quote! {
            impl Counter { fn new() -> Self { todo!() } fn #name(&self) {} }
        };
        let message = error(&item);
        assert!(
            message.starts_with(&format!("the method name `{reserved}` collides with")),
            "{message}"
        );
    }
    let raw: ItemImpl = parse_quote! {
        impl Counter { fn new() -> Self { todo!() } fn r#tell(&self) {} }
    };
    assert!(error(&raw).starts_with("the method name `tell` collides with"));
}

#[test]
fn two_methods_may_not_share_a_variant_unless_cfg_decides() {
    let item: ItemImpl = parse_quote! {
        impl Counter {
            fn new() -> Self { todo!() }
            fn get_value(&self) {}
            fn getValue(&self) {}
        }
    };
    assert_eq!(
        error(&item),
        "methods `get_value` and `getValue` both map to the message variant \
         `CounterMessage::GetValue`; rename one of them"
    );
    let cfgs: ItemImpl = parse_quote! {
        impl Counter {
            fn new() -> Self { todo!() }
            #[cfg(unix)]
            fn os(&self) {}
            #[cfg(not(unix))]
            fn os(&self) {}
        }
    };
    assert_eq!(errors(&cfgs), Vec::<String>::new());
}

#[test]
fn on_stop_is_one_plain_method() {
    let item: ItemImpl = parse_quote! {
        impl Counter {
            fn new() -> Self { todo!() }
            #[on_stop]
            fn first(&mut self) {}
            #[on_stop(now)]
            fn second<T>(self, extra: u8) {}
        }
    };
    assert_eq!(
        errors(&item),
        [
            "an actor has at most one `#[on_stop]` method; merge them into one",
            "write `#[on_stop]` without arguments",
            "the `#[on_stop]` method takes `&mut self` (or `&self`) and nothing else",
            "the `#[on_stop]` method takes no arguments: nobody calls it, the runtime does",
            "the `#[on_stop]` method cannot be generic",
        ]
    );
}

#[test]
fn independent_errors_are_reported_together() {
    let item: ItemImpl = parse_quote! {
        impl Counter {
            fn take(self) {}
            fn text(&self, name: &str) {}
            fn remote(&self) {}
        }
    };
    let all = errors(&item);
    assert_eq!(all.len(), 4, "{all:#?}");
    assert!(
        all[3].starts_with("an actor needs a constructor"),
        "{all:#?}"
    );
}

#[test]
fn tasks_are_free_concrete_functions() {
    let plain: ItemFn = parse_quote! { fn double(n: u64) -> u64 { n * 2 } };
    assert_eq!(task_errors(&plain), Vec::<String>::new());
    let generic: ItemFn = parse_quote! { fn identity<T>(value: T) -> T { value } };
    assert_eq!(
        task_errors(&generic),
        [
            "tasks cannot be generic: `identity::remote` submits one fixed function; \
          write a task per concrete type"
        ]
    );
    let method: ItemFn = parse_quote! { fn run(self) -> u32 { 1 } };
    assert!(task_errors(&method)[0].starts_with("`#[task]` goes on a free function"));
    let reference: ItemFn = parse_quote! { fn shout(text: &str) -> String { todo!() } };
    assert_eq!(
        task_errors(&reference),
        ["references cannot cross an actor boundary; take `String` instead of `&str`"]
    );
}

#[test]
fn misplaced_items_say_where_actor_goes() {
    let cases: [(syn::Item, &str); 4] = [
        (
            parse_quote!(
                enum Light {
                    On,
                }
            ),
            "an enum cannot be an actor",
        ),
        (
            parse_quote!(
                trait Greet {}
            ),
            "a trait cannot be an actor",
        ),
        (
            parse_quote!(
                fn compute() {}
            ),
            "a function cannot be an actor",
        ),
        (
            parse_quote!(
                const LIMIT: u8 = 1;
            ),
            "`#[actor]` goes on a struct",
        ),
    ];
    for (item, start) in cases {
        let Ok(crate::model::Input::Misplaced(misplaced)) = parse::actor_input(&item) else {
            panic!("expected a misplaced item");
        };
        let message = misplaced.error().to_string();
        assert!(message.starts_with(start), "{message}");
    }
}

#[test]
fn types_that_are_never_send_are_rejected_by_name_once() {
    let rc: ItemImpl = parse_quote! {
        impl Counter {
            fn new() -> Self { todo!() }
            pub fn set(&mut self, value: std::rc::Rc<i32>) {}
        }
    };
    assert!(error(&rc).starts_with("`std::rc::Rc<i32>` cannot be sent between threads"));
    let nested: ItemImpl = parse_quote! {
        impl Counter {
            fn new() -> Self { todo!() }
            pub fn set(&mut self, value: Vec<Option<Rc<String>>>) {}
            pub fn weak(&self) -> std::rc::Weak<u8> { todo!() }
        }
    };
    let all = errors(&nested);
    assert_eq!(all.len(), 2, "{all:#?}");
    assert!(
        all[0].starts_with("`Rc<String>` cannot be sent"),
        "{}",
        all[0]
    );
    assert!(
        all[1].starts_with("`std::rc::Weak<u8>` cannot be sent"),
        "{}",
        all[1]
    );
    let pointer: ItemImpl = parse_quote! {
        impl Counter {
            fn new() -> Self { todo!() }
            pub fn set(&mut self, value: *const u8) {}
        }
    };
    assert!(error(&pointer).starts_with("raw pointers cannot cross"));
    let shared: ItemImpl = parse_quote! {
        impl Counter {
            fn new() -> Self { todo!() }
            pub fn set(&mut self, value: std::sync::Arc<std::sync::Weak<u8>>) {}
        }
    };
    assert_eq!(
        errors(&shared),
        Vec::<String>::new(),
        "`Arc` and `sync::Weak` pass"
    );
}
