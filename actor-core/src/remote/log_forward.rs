//! In a worker process: its `tracing` events (the runtime's and the actor's code's) go to
//! the driver as `Log` frames, through the worker's one connection, in order with its
//! replies. A worker never runs the program's `main`, so the program's subscriber is not
//! there; this one stands in for it.
//!
//! Only events at the levels the driver records are sent: the filter is the driver's most
//! verbose level, so `tracing` skips the others at their call site, before any formatting.
//! The frames not yet taken by the writer are capped at [`MAX_UNWRITTEN`]: an event beyond
//! the cap is dropped (and not formatted), and the next event sent carries the count of
//! those dropped, so a worker that logs in a tight loop costs neither side unbounded memory.

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use tokio::sync::mpsc;
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::{Context, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::{Layer, Registry};

use super::frame::Frame;
use super::log_record::{LogLevel, LogRecord};

/// The most `Log` frames queued for the writer and not yet taken by it.
const MAX_UNWRITTEN: usize = 1024;

/// The `Log` frames queued and not yet taken by the writer (one worker per process).
static UNWRITTEN: AtomicUsize = AtomicUsize::new(0);

/// The events dropped since the last one sent.
static DROPPED: AtomicU64 = AtomicU64::new(0);

/// Makes this worker's `tracing` events up to `max_level` go to `writer` as `Log` frames;
/// with `None` (the driver records nothing) it installs nothing, and events go nowhere.
/// Once, by the worker, when it learns the driver's level.
pub(crate) fn install(writer: mpsc::UnboundedSender<Frame>, max_level: Option<LogLevel>) {
    let Some(max_level) = max_level else {
        return;
    };
    let filter = LevelFilter::from_level(max_level.into());
    let subscriber = Registry::default().with(ForwardLogs { writer }.with_filter(filter));
    // Fails only if a subscriber is installed already: this process's code ran no `main`,
    // so none is; should one be, it keeps its events.
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// Whether the writer is done once it took `frame`: after `Died`, the worker's last frame.
/// Also counts a `Log` frame as taken (see [`MAX_UNWRITTEN`]); the worker's writer calls it
/// for every frame it takes.
pub(crate) fn is_last_frame(frame: &Frame) -> bool {
    match frame {
        Frame::Log { .. } => {
            UNWRITTEN.fetch_sub(1, Ordering::Relaxed);
            false
        }
        Frame::Died { .. } => true,
        _ => false,
    }
}

/// Takes a place among the unwritten `Log` frames; `false` when all are taken.
fn take_place() -> bool {
    UNWRITTEN
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |queued| {
            (queued < MAX_UNWRITTEN).then_some(queued + 1)
        })
        .is_ok()
}

/// The layer that sends each event it sees to the driver.
struct ForwardLogs {
    writer: mpsc::UnboundedSender<Frame>,
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for ForwardLogs {
    fn on_event(&self, event: &Event<'_>, context: Context<'_, S>) {
        if !take_place() {
            DROPPED.fetch_add(1, Ordering::Relaxed);
            return;
        }
        let metadata = event.metadata();
        let mut fields = Fields::default();
        event.record(&mut fields);
        let spans = context
            .event_scope(event)
            .map_or_else(String::new, |scope| {
                let names: Vec<&str> = scope.from_root().map(|span| span.name()).collect();
                names.join(":")
            });
        let record = LogRecord {
            level: (*metadata.level()).into(),
            target: metadata.target().to_owned(),
            message: fields.message,
            fields: fields.others,
            spans,
            dropped: DROPPED.swap(0, Ordering::Relaxed),
        };
        if self.writer.send(Frame::Log { record }).is_err() {
            // The connection is closed: the writer will take nothing more.
            UNWRITTEN.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

/// An event's fields, formatted: the message, and the others as `name=value`.
#[derive(Default)]
struct Fields {
    message: String,
    others: String,
}

impl Fields {
    /// Adds field `field` written by `write`: the message as it is, another after its name.
    fn add(&mut self, field: &Field, write: impl FnOnce(&mut String) -> fmt::Result) {
        let text = if field.name() == "message" {
            &mut self.message
        } else {
            if !self.others.is_empty() {
                self.others.push(' ');
            }
            self.others.push_str(field.name());
            self.others.push('=');
            &mut self.others
        };
        // Writing to a `String` fails only if a value's `Debug` fails; it shows cut short.
        let _ = write(text);
    }
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.add(field, |text| {
            text.push_str(value);
            Ok(())
        });
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.add(field, |text| write!(text, "{value:?}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_becomes_a_log_frame_with_its_message_fields_and_spans() {
        let (writer, mut frames) = mpsc::unbounded_channel();
        let subscriber = Registry::default().with(ForwardLogs { writer });
        tracing::subscriber::with_default(subscriber, || {
            let _outer = tracing::info_span!("outer").entered();
            let _inner = tracing::info_span!("inner").entered();
            tracing::warn!(took_ms = 30, path = "/tmp/x", "slow call {}", 7);
        });
        let frame = frames.try_recv().expect("one frame");
        assert!(!is_last_frame(&frame), "a Log frame is not the last");
        let Frame::Log { record } = frame else {
            panic!("expected a Log frame, got {frame:?}");
        };
        assert_eq!(
            record,
            LogRecord {
                level: LogLevel::Warn,
                target: module_path!().to_owned(),
                message: "slow call 7".to_owned(),
                fields: "took_ms=30 path=/tmp/x".to_owned(),
                spans: "outer:inner".to_owned(),
                dropped: 0,
            }
        );
        assert!(frames.try_recv().is_err(), "one event, one frame");
    }
}
