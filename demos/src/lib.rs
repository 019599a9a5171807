//! Shared pieces of the demo binaries.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use actor_core::ActorState;
use actor_core::state::ActorInfo;

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

/// One line per actor, then one per method: the figures `actor-core` recorded by itself.
pub fn describe_actor(info: &ActorInfo) -> String {
    let state = match &info.state {
        ActorState::Dead { cause } => format!("dead: {cause}"),
        state => format!("{state:?}"),
    };
    let mut text = format!("{} {} ({state})", info.class_name, info.id);
    for stats in &info.methods {
        let _ = write!(
            text,
            "\n    {:<22} {:>3} calls, {} errors, mean {:>9.3?}, max {:>9.3?}",
            stats.method,
            stats.calls,
            stats.errors,
            stats.mean_time(),
            stats.max_time
        );
    }
    text
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
