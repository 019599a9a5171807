//! A `tracing` event of a worker process, as it crosses to the driver in a `Log` frame; and
//! the level the driver records from, which it tells the worker in `Create`.

use serde::{Deserialize, Serialize};
use tracing::Level;
use tracing::level_filters::LevelFilter;

/// A `tracing` level that crosses the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum LogLevel {
    /// `tracing::Level::ERROR`.
    Error,
    /// `tracing::Level::WARN`.
    Warn,
    /// `tracing::Level::INFO`.
    Info,
    /// `tracing::Level::DEBUG`.
    Debug,
    /// `tracing::Level::TRACE`.
    Trace,
}

impl LogLevel {
    /// The most verbose level this driver's subscribers record now; `None` when they record
    /// nothing (or there is no subscriber): the worker then sends no `Log` frames.
    pub(crate) fn driver_max() -> Option<Self> {
        LevelFilter::current().into_level().map(Self::from)
    }
}

impl From<Level> for LogLevel {
    fn from(level: Level) -> Self {
        match level {
            Level::ERROR => Self::Error,
            Level::WARN => Self::Warn,
            Level::INFO => Self::Info,
            Level::DEBUG => Self::Debug,
            _ => Self::Trace,
        }
    }
}

impl From<LogLevel> for Level {
    fn from(level: LogLevel) -> Self {
        match level {
            LogLevel::Error => Level::ERROR,
            LogLevel::Warn => Level::WARN,
            LogLevel::Info => Level::INFO,
            LogLevel::Debug => Level::DEBUG,
            LogLevel::Trace => Level::TRACE,
        }
    }
}

/// One event of the worker: what the driver re-emits through its own `tracing`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct LogRecord {
    /// The event's level.
    pub(crate) level: LogLevel,
    /// The event's target (its module path, unless the event named another).
    pub(crate) target: String,
    /// The event's message, formatted.
    pub(crate) message: String,
    /// The event's other fields, formatted as `name=value`, separated by spaces; empty when
    /// it has none.
    pub(crate) fields: String,
    /// The names of the spans the event was in, outermost first, separated by `:`; empty
    /// outside any span.
    pub(crate) spans: String,
    /// How many events the worker dropped since the last one it sent (see `log_forward`).
    pub(crate) dropped: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_survives_the_round_trip() {
        for level in [
            Level::ERROR,
            Level::WARN,
            Level::INFO,
            Level::DEBUG,
            Level::TRACE,
        ] {
            assert_eq!(Level::from(LogLevel::from(level)), level);
        }
    }
}
