//! Shared pieces of the demo binaries.

mod dashboard;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use tracing_subscriber::EnvFilter;

pub use dashboard::{DEFAULT_ADDRESS, DashboardArg};

/// Prints `tracing` events (actor-core's lifecycle: actors started, restarted and dead,
/// worker processes spawned and exited) to stderr, as `RUST_LOG` selects them, e.g.
/// `RUST_LOG=actor_core=info`; prints nothing when `RUST_LOG` is unset. A demo calls it first.
///
/// # Panics
/// When called a second time (the process has a subscriber already).
pub fn init_tracing() {
    if std::env::var_os(EnvFilter::DEFAULT_ENV).is_none() {
        return;
    }
    match EnvFilter::try_from_default_env() {
        Ok(filter) => tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(std::io::stderr)
            .with_ansi(std::io::stderr().is_terminal())
            .init(),
        Err(error) => eprintln!(
            "warning: RUST_LOG is not a filter ({error}), so nothing is logged; \
             try RUST_LOG=actor_core=info"
        ),
    }
}

/// Parses a `--time-scale` value: a finite number, zero or more.
pub fn parse_time_scale(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(scale) if scale.is_finite() && scale >= 0.0 => Ok(scale),
        _ => Err(format!(
            "`{text}` is not a time scale; give a number, 0 or more"
        )),
    }
}

/// `seconds` of the original program, multiplied by the time scale of this run.
pub fn scaled(seconds: f64, time_scale: f64) -> Duration {
    Duration::from_secs_f64(seconds * time_scale)
}

/// The exit code of a demo: failure, with the message on stderr, if its run failed.
pub fn exit_code(run: Result<(), String>) -> ExitCode {
    match run {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// For the demos' tests: encodes each message, decodes it and encodes it again, and checks
/// that the bytes are the same; the messages must cover every method of the class, one each.
///
/// # Panics
/// When a message does not survive the trip, or the messages miss a method.
pub fn assert_wire_round_trip<A: actor_core::__private::WireActor>(messages: &[A::Message]) {
    let methods: Vec<usize> = messages.iter().map(A::method_index).collect();
    assert_eq!(
        methods,
        (0..A::METHODS.len()).collect::<Vec<_>>(),
        "one per method"
    );
    for message in messages {
        let bytes = A::encode_call(message).expect("encodes");
        let decoded = A::decode_call(&bytes).expect("decodes");
        assert_eq!(A::encode_call(&decoded).expect("encodes again"), bytes);
    }
}
