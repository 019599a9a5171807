//! A global `tracing` subscriber for the tests of what a driver logs about its worker
//! processes: it records WARN and above and hands every event to each test listening.
//!
//! Global, not scoped: the events re-emitted from a worker, and the driver's own about its
//! connections, run on the driver's runtime threads, not the test's.

// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Mutex, OnceLock};

use tracing::field::{Field, Visit};
use tracing::level_filters::LevelFilter;
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::{Layer, Registry};

/// An event the driver's subscriber recorded.
#[derive(Debug, Clone)]
pub struct Captured {
    pub level: Level,
    /// The call site's target (the driver's, for a re-emitted event).
    pub callsite_target: String,
    /// Every field by name, the message included, as text.
    pub fields: BTreeMap<String, String>,
}

impl Captured {
    /// The field `name`, as text.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// Every test listening: each gets every event.
static LISTENERS: Mutex<Vec<Sender<Captured>>> = Mutex::new(Vec::new());

/// The layer of the global subscriber: sends every event to every test listening.
struct Capture;

impl<S: Subscriber> Layer<S> for Capture {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let captured = Captured {
            level: *event.metadata().level(),
            callsite_target: event.metadata().target().to_owned(),
            fields: fields.0,
        };
        let mut listeners = LISTENERS.lock().unwrap();
        listeners.retain(|listener| listener.send(captured.clone()).is_ok());
    }
}

/// An event's fields by name, as text.
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

/// The events the driver records from now on, at WARN and above; installs the global
/// subscriber on first use.
pub fn listen() -> Receiver<Captured> {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let layer = Capture.with_filter(LevelFilter::WARN);
        tracing::subscriber::set_global_default(Registry::default().with(layer))
            .expect("the only global subscriber of this test binary");
    });
    let (sender, receiver) = channel();
    LISTENERS.lock().unwrap().push(sender);
    receiver
}

/// The events of worker process `pid` in `events`, up to and including the first that
/// `last` picks; fails after `crate::common::PATIENCE`.
pub fn events_of(
    events: &Receiver<Captured>,
    pid: u32,
    last: impl Fn(&Captured) -> bool,
) -> Vec<Captured> {
    let pid = pid.to_string();
    let mut seen = Vec::new();
    loop {
        let event = events
            .recv_timeout(crate::common::PATIENCE)
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

/// Picks the event whose message is `message`.
pub fn with_message(message: &str) -> impl Fn(&Captured) -> bool + '_ {
    move |event| event.field("message") == Some(message)
}
