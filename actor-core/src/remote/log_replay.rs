//! In the driver: a worker's `tracing` event (a `Log` frame) re-emitted through the driver's
//! own `tracing`, at its level, so the program's subscriber records it.
//!
//! A call site's target is fixed when it is compiled, so every such event has the target
//! [`WORKER_TARGET`]; the worker's own target is the field `target`, beside `pid` (the
//! worker process's id) and `actor` (the actor it runs).

use tracing::Level;

use super::log_record::LogRecord;
use crate::error::ActorLabel;

/// The target of every event re-emitted from a worker process (for filters:
/// `RUST_LOG=actor_core::worker=info`).
pub(crate) const WORKER_TARGET: &str = "actor_core::worker";

/// Emits `record`, an event of the worker process `pid` that runs `actor`, through this
/// process's `tracing`; first a warning of the events the worker dropped before it, if any.
pub(crate) fn replay(record: &LogRecord, pid: u32, actor: &ActorLabel) {
    if record.dropped > 0 {
        tracing::warn!(
            target: WORKER_TARGET,
            pid,
            actor = %actor,
            dropped = record.dropped,
            "a worker process dropped log events: it logged faster than the driver took them"
        );
    }
    let spans = Some(record.spans.as_str()).filter(|spans| !spans.is_empty());
    let fields = Some(record.fields.as_str()).filter(|fields| !fields.is_empty());
    macro_rules! emit {
        ($level:expr) => {
            tracing::event!(
                target: WORKER_TARGET,
                $level,
                pid,
                actor = %actor,
                target = record.target.as_str(),
                spans,
                fields,
                "{}",
                record.message
            )
        };
    }
    match Level::from(record.level) {
        Level::ERROR => emit!(Level::ERROR),
        Level::WARN => emit!(Level::WARN),
        Level::INFO => emit!(Level::INFO),
        Level::DEBUG => emit!(Level::DEBUG),
        _ => emit!(Level::TRACE),
    }
}
