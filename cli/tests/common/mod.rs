//! What the tests that need a real dashboard share: one runtime per test binary, serving the
//! dashboard on a free loopback port, and actor classes with a few methods.

#![allow(dead_code)] // Each test binary uses its own part of this module.

use std::sync::OnceLock;

use actor_core::prelude::*;
use actor_core::{Config, dashboard_url};

/// The URL of this process's dashboard (no trailing `/`), started on first use: before the
/// runtime, so call it before any actor or task is made.
pub(crate) fn dashboard() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        actor_core::init_with(Config::new().dashboard("127.0.0.1:0"))
            .expect("the runtime starts with the dashboard");
        let url = dashboard_url().expect("the dashboard serves");
        url.trim_end_matches('/').to_owned()
    })
}

/// Counts its hits.
#[actor]
#[derive(Debug)]
pub(crate) struct Counter {
    hits: u64,
}

#[actor]
impl Counter {
    /// A counter at 0.
    pub(crate) fn new() -> Self {
        Self { hits: 0 }
    }

    /// Counts one hit; returns the count.
    pub(crate) fn hit(&mut self) -> u64 {
        self.hits += 1;
        self.hits
    }

    /// The count.
    pub(crate) fn hits(&self) -> u64 {
        self.hits
    }
}

/// Greets.
#[actor]
#[derive(Debug)]
pub(crate) struct Greeter {
    greeting: String,
}

#[actor]
impl Greeter {
    /// A greeter that says `greeting`.
    pub(crate) fn new(greeting: String) -> Self {
        Self { greeting }
    }

    /// `greeting, name!`
    pub(crate) fn greet(&self, name: String) -> String {
        format!("{}, {name}!", self.greeting)
    }
}

/// A `Counter` named `name`, hit `hits` times (every hit done when this returns).
pub(crate) fn counter(name: &str, hits: u64) -> CounterHandle {
    dashboard();
    let counter = Counter::options()
        .name(name)
        .remote()
        .expect("a fresh name");
    let replies: Vec<_> = (0..hits).map(|_| counter.hit()).collect();
    actor_core::get(replies).expect("every hit is counted");
    counter
}

/// A `Greeter` named `name`, that greeted `greets` times.
pub(crate) fn greeter(name: &str, greets: u64) -> GreeterHandle {
    dashboard();
    let greeter = Greeter::options()
        .name(name)
        .remote("Hello".to_owned())
        .expect("a fresh name");
    let replies: Vec<_> = (0..greets)
        .map(|i| greeter.greet(format!("n{i}")))
        .collect();
    actor_core::get(replies).expect("every greeting is made");
    greeter
}

/// `x²`, as a task.
#[task]
pub(crate) fn square(x: u64) -> u64 {
    x * x
}
