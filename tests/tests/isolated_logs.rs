//! The `tracing` events of a worker process reach the driver's subscriber: at the driver's
//! level only, with the worker's pid, the actor, the original target, fields and spans.
//!
//! This binary installs a global subscriber that records WARN and above (the re-emitted
//! events run on the driver's runtime threads, not the test's, so a scoped one would miss
//! them); each test takes the events of its own worker process, by pid.

mod common;

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Mutex, OnceLock};

use actor_core::prelude::*;
use tracing::field::{Field, Visit};
use tracing::level_filters::LevelFilter;
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::{Layer, Registry};

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

/// An event the driver's subscriber recorded.
#[derive(Debug, Clone)]
struct Captured {
    level: Level,
    /// The call site's target (the driver's, for a re-emitted event).
    callsite_target: String,
    /// Every field by name, the message included, as text.
    fields: BTreeMap<String, String>,
}

impl Captured {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// The layer of the global subscriber: sends every event to every test listening.
struct Capture {
    listeners: Mutex<Vec<Sender<Captured>>>,
}

impl<S: Subscriber> Layer<S> for Capture {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        #[derive(Default)]
        struct Fields(BTreeMap<String, String>);
        impl Visit for Fields {
            fn record_str(&mut self, field: &Field, value: &str) {
                self.0.insert(field.name().to_owned(), value.to_owned());
            }
            fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
                self.0.insert(field.name().to_owned(), format!("{value:?}"));
            }
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        let captured = Captured {
            level: *event.metadata().level(),
            callsite_target: event.metadata().target().to_owned(),
            fields: fields.0,
        };
        let mut listeners = self.listeners.lock().unwrap();
        listeners.retain(|listener| listener.send(captured.clone()).is_ok());
    }
}

/// The events the driver records from now on, at WARN and above.
fn listen() -> Receiver<Captured> {
    static CAPTURE: OnceLock<&'static Capture> = OnceLock::new();
    let capture = CAPTURE.get_or_init(|| {
        let capture: &'static Capture = Box::leak(Box::new(Capture {
            listeners: Mutex::new(Vec::new()),
        }));
        let layer = CaptureRef(capture).with_filter(LevelFilter::WARN);
        tracing::subscriber::set_global_default(Registry::default().with(layer))
            .expect("the only global subscriber of this test binary");
        capture
    });
    let (sender, receiver) = channel();
    capture.listeners.lock().unwrap().push(sender);
    receiver
}

/// The leaked `Capture` as a layer of the global subscriber.
struct CaptureRef(&'static Capture);

impl<S: Subscriber> Layer<S> for CaptureRef {
    fn on_event(&self, event: &Event<'_>, context: Context<'_, S>) {
        self.0.on_event(event, context);
    }
}

/// The events of worker process `pid` in `events`, up to and including the first that
/// `last` picks; fails after `common::PATIENCE`.
fn events_of(
    events: &Receiver<Captured>,
    pid: u32,
    last: impl Fn(&Captured) -> bool,
) -> Vec<Captured> {
    let pid = pid.to_string();
    let mut seen = Vec::new();
    loop {
        let event = events
            .recv_timeout(common::PATIENCE)
            .unwrap_or_else(|_| panic!("no awaited event of worker {pid}; saw {seen:#?}"));
        if event.field("pid") != Some(pid.as_str()) {
            continue;
        }
        let done = last(&event);
        seen.push(event);
        if done {
            return seen;
        }
    }
}

fn with_message(message: &str) -> impl Fn(&Captured) -> bool + '_ {
    move |event| event.field("message") == Some(message)
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
