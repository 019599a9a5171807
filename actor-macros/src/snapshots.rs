//! Expansion snapshots: what `#[actor]`, `#[task]` and `#[actor_core::main]` generate for a
//! few representative inputs, pretty-printed and compared with the committed files in
//! `tests/expand/`.
//!
//! After a deliberate change to the generated code, regenerate them with
//! `UPDATE_EXPECT=1 cargo test -p actor-macros snapshots` and read the diff.

use expect_test::{ExpectFile, expect_file};
use proc_macro2::TokenStream;
use quote::quote;

use crate::entry;

/// `tokens`, a whole file of items, as rustfmt-like source.
fn pretty(tokens: TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(error) => panic!("the expansion is not a file of items: {error}\n{tokens}"),
    }
}

fn check(expected: ExpectFile, items: impl IntoIterator<Item = TokenStream>) {
    let expanded: TokenStream = items.into_iter().collect();
    expected.assert_eq(&pretty(expanded));
}

#[test]
fn an_actor_with_sync_and_async_methods() {
    check(
        expect_file!["../tests/expand/sync_and_async.expanded.rs"],
        [
            entry::actor(
                quote!(),
                quote!(
                    pub struct Counter {
                        value: i64,
                    }
                ),
            ),
            entry::actor(
                quote!(),
                quote! {
                    impl Counter {
                        pub fn new(start: i64) -> Self { Self { value: start } }
                        /// Adds `by`.
                        pub fn add(&mut self, by: i64) -> i64 { self.value += by; self.value }
                        pub fn checked(&self, limit: i64) -> Result<i64, String> { todo!() }
                        pub async fn get(&self) -> i64 { self.value }
                        #[on_stop]
                        fn stop(&mut self) {}
                    }
                },
            ),
        ],
    );
}

#[test]
fn a_local_class() {
    check(
        expect_file!["../tests/expand/local.expanded.rs"],
        [entry::actor(
            quote!(local),
            quote! {
                impl Sender {
                    pub fn new(target: std::sync::Arc<u8>) -> Self { todo!() }
                    pub fn send(&self, job: Box<dyn FnOnce() + Send>) {}
                }
            },
        )],
    );
}

#[test]
fn a_struct_with_instance_defaults() {
    check(
        expect_file!["../tests/expand/options.expanded.rs"],
        [entry::actor(
            quote!(
                num_cpus = 1.0,
                max_restarts = 3,
                max_pending_calls = 10,
                blocking
            ),
            quote!(
                pub struct Worker<T> {
                    item: T,
                }
            ),
        )],
    );
}

#[test]
fn a_task() {
    check(
        expect_file!["../tests/expand/task.expanded.rs"],
        [entry::task(
            quote!(num_cpus = 2.0, max_retries = 1),
            quote!(
                pub fn add(a: u64, b: u64) -> u64 {
                    a + b
                }
            ),
        )],
    );
}

#[test]
fn stand_ins_beside_an_error() {
    check(
        expect_file!["../tests/expand/error.expanded.rs"],
        [entry::actor(
            quote!(),
            quote! {
                impl Greeter {
                    pub fn new() -> Self { todo!() }
                    pub fn greet(&self, name: &str) -> &str { todo!() }
                }
            },
        )],
    );
}

#[test]
fn main_sync_and_async() {
    check(
        expect_file!["../tests/expand/main.expanded.rs"],
        [
            crate::main_attr::main(
                quote!(),
                quote! {
                    /// The program.
                    fn main() {
                        println!("hello");
                    }
                },
            ),
            crate::main_attr::main(
                quote!(),
                quote! {
                    async fn main() -> Result<(), Error> {
                        work().await?;
                        Ok(())
                    }
                },
            ),
        ],
    );
}
