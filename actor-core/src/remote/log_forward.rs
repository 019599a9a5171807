//! In a worker process: its `tracing` events (the runtime's and the actor's code's) go to
//! the driver as `Log` frames, through the worker's one connection, in order with its
//! replies. A worker never runs the program's `main`, so the program's subscriber is not
//! there; this one stands in for it.
//!
//! Only events at the levels the driver records are sent: the filter is the driver's most
//! verbose level, so `tracing` skips the others at their call site, before any formatting.
//! While more than [`MAX_UNWRITTEN`] bytes wait for the connection's writer, an event is
//! dropped (and not formatted), and the next event sent carries the count of those dropped,
//! so a worker that logs in a tight loop costs neither side unbounded memory.

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};

use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::{Context, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::{Layer, Registry};

use super::frame::Frame;
use super::log_record::{LogLevel, LogRecord};
use super::writer::FrameSender;

/// The most bytes that may wait for the connection's writer for a `Log` frame to be sent.
const MAX_UNWRITTEN: usize = 256 * 1024;

/// The events dropped since the last one sent.
static DROPPED: AtomicU64 = AtomicU64::new(0);

/// Makes this worker's `tracing` events up to `max_level` go to `writer` as `Log` frames;
/// with `None` (the driver records nothing) it installs nothing, and events go nowhere.
/// Once, by the worker, when it learns the driver's level.
pub(crate) fn install(writer: FrameSender, max_level: Option<LogLevel>) {
    let Some(max_level) = max_level else {
        return;
    };
    let filter = LevelFilter::from_level(max_level.into());
    let subscriber = Registry::default().with(ForwardLogs { writer }.with_filter(filter));
    // Fails only if a subscriber is installed already: this process's code ran no `main`,
    // so none is; should one be, it keeps its events.
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// The layer that sends each event it sees to the driver.
struct ForwardLogs {
    writer: FrameSender,
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for ForwardLogs {
    fn on_event(&self, event: &Event<'_>, context: Context<'_, S>) {
        if self.writer.unwritten() > MAX_UNWRITTEN {
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
        // A closed connection takes nothing more; the driver is gone.
        let _ = self.writer.send(Frame::Log { record });
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
    use futures::StreamExt;
    use tokio_util::codec::FramedRead;

    use super::super::codec::FrameCodec;
    use super::super::writer::spawn_writer;
    use super::*;

    #[test]
    fn an_event_becomes_a_log_frame_with_its_message_fields_and_spans() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let frames = runtime.block_on(async {
            let (ours, theirs) = tokio::net::UnixStream::pair().expect("a socket pair");
            let (_, write) = ours.into_split();
            let (writer, written) =
                spawn_writer(write, |frame| matches!(frame, Frame::Died { .. }));
            let subscriber = Registry::default().with(ForwardLogs {
                writer: writer.clone(),
            });
            tracing::subscriber::with_default(subscriber, || {
                let _outer = tracing::info_span!("outer").entered();
                let _inner = tracing::info_span!("inner").entered();
                tracing::warn!(took_ms = 30, path = "/tmp/x", "slow call {}", 7);
            });
            let died = Frame::Died {
                cause: crate::error::DeathCause::Terminated,
            };
            writer.send(died).expect("sent");
            written.await.expect("written");
            let frames: Vec<_> = FramedRead::new(theirs, FrameCodec).collect().await;
            frames
        });
        let [Ok(Frame::Log { record }), Ok(Frame::Died { .. })] = frames.as_slice() else {
            panic!("expected one Log frame, then Died: {frames:?}");
        };
        assert_eq!(
            record,
            &LogRecord {
                level: LogLevel::Warn,
                target: module_path!().to_owned(),
                message: "slow call 7".to_owned(),
                fields: "took_ms=30 path=/tmp/x".to_owned(),
                spans: "outer:inner".to_owned(),
                dropped: 0,
            }
        );
    }
}
