//! The `tracing` events of a worker process reach the driver's subscriber: at the driver's
//! level only, with the worker's pid, the actor, the original target, fields and spans.
//!
//! This binary installs the global subscriber of `log_capture`, which records WARN and
//! above; each test takes the events of its own worker process, by pid.

mod common;
mod log_capture;

use actor_core::prelude::*;
use log_capture::{events_of, listen, with_message};
use tracing::Level;
use tracing::level_filters::LevelFilter;

actor_core::worker_test_support!();

#[actor]
pub struct Chatty {}

#[actor]
impl Chatty {
    pub fn new(greeting: String) -> Self {
        tracing::warn!("{greeting}");
        Self {}
    }

    pub fn pid(&self) -> u32 {
        std::process::id()
    }

    /// Logs `quiet` at INFO, then `loud` at WARN with a field, inside a span.
    pub fn log(&self, quiet: String, loud: String) {
        let _span = tracing::warn_span!("handling").entered();
        tracing::info!("{quiet}");
        tracing::warn!(attempt = 3, path = "/tmp/x", "{loud}");
    }

    /// Logs `count` warnings as fast as it can.
    pub fn flood(&self, count: u32) {
        for number in 0..count {
            tracing::warn!(number, "flood");
        }
    }

    /// The most verbose level `tracing` lets through in the worker process.
    pub fn worker_level(&self) -> String {
        LevelFilter::current().to_string()
    }
}

#[test]
fn a_warning_in_a_method_reaches_the_driver_and_an_info_does_not() {
    let events = listen();
    let chatty = Chatty::options()
        .isolated(true)
        .remote("hello from new".to_owned())
        .expect("starts");
    let pid = chatty.pid().get().expect("answers");
    chatty
        .log("quiet one".to_owned(), "loud one".to_owned())
        .get()
        .expect("logs");

    let seen = events_of(&events, pid, with_message("loud one"));
    // The constructor's warning came first: logs before `Started` are not lost.
    assert_eq!(
        seen[0].field("message"),
        Some("hello from new"),
        "{seen:#?}"
    );
    // One connection, in order: had the INFO been sent, it would be here, before the WARN.
    assert!(
        seen.iter()
            .all(|event| event.field("message") != Some("quiet one")),
        "an INFO reached a driver that records WARN: {seen:#?}"
    );
    let loud = seen.last().expect("the awaited event");
    assert_eq!(loud.level, Level::WARN);
    assert_eq!(loud.callsite_target, "actor_core::worker");
    assert_eq!(loud.field("target"), Some(module_path!()));
    assert_eq!(loud.field("spans"), Some("handling"));
    assert_eq!(loud.field("fields"), Some("attempt=3 path=/tmp/x"));
    let actor = loud.field("actor").expect("names the actor");
    assert!(actor.contains("Chatty"), "{actor}");
    assert_eq!(seen.len(), 2, "{seen:#?}");

    // The worker's own filter is the driver's level: an INFO costs nothing there.
    assert_eq!(chatty.worker_level().get().expect("answers"), "warn");
    kill(&chatty);
    common::wait_until_gone(pid);
}

#[test]
fn a_worker_logging_in_a_tight_loop_sends_each_event_or_counts_it_dropped() {
    const FLOOD: u32 = 20_000;
    let events = listen();
    let chatty = Chatty::options()
        .isolated(true)
        .remote("flooding".to_owned())
        .expect("starts");
    let pid = chatty.pid().get().expect("answers");
    chatty.flood(FLOOD).get().expect("floods");
    // Its reply came after every `Log` frame the flood queued, so the cap is free again:
    // this event is sent, with the count of those dropped since the last one sent.
    chatty
        .log(String::new(), "after the flood".to_owned())
        .get()
        .expect("logs");

    let seen = events_of(&events, pid, with_message("after the flood"));
    let arrived = seen
        .iter()
        .filter(|event| event.field("message") == Some("flood"))
        .count() as u64;
    let dropped: u64 = seen
        .iter()
        .filter_map(|event| event.field("dropped"))
        .map(|count| count.parse::<u64>().expect("a count"))
        .sum();
    assert_eq!(
        arrived + dropped,
        u64::from(FLOOD),
        "{arrived} arrived and {dropped} were reported dropped"
    );
    kill(&chatty);
    common::wait_until_gone(pid);
}
