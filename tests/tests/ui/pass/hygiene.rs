//! The expansion names everything by absolute paths: it compiles without the prelude and
//! next to user types that shadow the prelude's names.
#![no_implicit_prelude]

#[allow(dead_code)]
struct Option;
#[allow(dead_code)]
struct Box;
#[allow(dead_code)]
struct Sender;
#[allow(dead_code)]
struct String;
#[allow(dead_code)]
struct Vec;
#[allow(dead_code)]
struct Some;
#[allow(dead_code)]
struct None;
#[allow(dead_code)]
struct Ok;
#[allow(dead_code)]
struct Err;
#[allow(dead_code)]
trait Clone {}
#[allow(dead_code)]
trait Send {}
#[allow(dead_code)]
trait Sync {}
#[allow(dead_code)]
trait Default {}
#[allow(dead_code)]
trait Into {}
#[allow(dead_code)]
trait Future {}

/// A user type named like the prelude's `Result`, returned by a method.
#[derive(
    ::actor_core::__private::serde::Serialize,
    ::actor_core::__private::serde::Deserialize,
    ::core::fmt::Debug,
    ::core::cmp::PartialEq,
)]
#[serde(crate = "::actor_core::__private::serde")]
pub struct Result {
    code: i64,
}

#[::actor_core::actor(num_cpus = 0.0, max_restarts = 1)]
pub struct Counter {
    value: i64,
}

#[::actor_core::actor]
impl Counter {
    pub fn new(start: i64) -> Self {
        Self { value: start }
    }

    /// Adds `by` and returns the new value.
    pub fn add(&mut self, by: i64) -> i64 {
        self.value += by;
        self.value
    }

    pub fn label(&self, prefix: ::std::string::String) -> ::std::string::String {
        ::std::format!("{prefix}{}", self.value)
    }

    pub fn checked(&self, fail: bool) -> ::core::result::Result<i64, ::std::string::String> {
        if fail {
            ::core::result::Result::Err(::std::string::ToString::to_string("failed"))
        } else {
            ::core::result::Result::Ok(self.value)
        }
    }

    pub fn code(&self) -> Result {
        Result { code: self.value }
    }

    pub fn items(&self, n: usize) -> ::std::vec::Vec<i64> {
        ::std::vec![self.value; n]
    }

    pub async fn maybe(&self, yes: bool) -> ::core::option::Option<i64> {
        if yes {
            ::core::option::Option::Some(self.value)
        } else {
            ::core::option::Option::None
        }
    }
}

fn main() {
    let counter = Counter::remote(1);
    ::std::assert_eq!(counter.add(2).get().unwrap(), 3);
    ::std::assert_eq!(
        counter
            .label(::std::string::ToString::to_string("v="))
            .get()
            .unwrap(),
        "v=3"
    );
    ::std::assert_eq!(
        counter.checked(true).get().unwrap(),
        ::core::result::Result::Err(::std::string::ToString::to_string("failed"))
    );
    ::std::assert_eq!(
        counter.checked(false).get().unwrap(),
        ::core::result::Result::Ok(3)
    );
    ::std::assert_eq!(counter.code().get().unwrap(), Result { code: 3 });
    ::std::assert_eq!(counter.items(2).get().unwrap(), ::std::vec![3, 3]);
    counter.tell().add(0).unwrap();
    ::std::assert_eq!(
        counter.maybe(true).get().unwrap(),
        ::core::option::Option::Some(3)
    );
    let named = Counter::options().name("hygiene").remote(10).unwrap();
    ::std::assert_eq!(Counter::get_actor("hygiene").unwrap(), named);
    ::std::assert_eq!(named.add(1).get().unwrap(), 11);
    ::actor_core::kill(&named);
}
