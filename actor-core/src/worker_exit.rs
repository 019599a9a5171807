//! How a worker process ended: its exit code or the signal that killed it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How a worker process (the home of an isolated actor) ended, as
/// [`DeathCause`](crate::DeathCause) shows it when the process died under the actor.
///
/// `Display` reads "exit code 3" or "signal 9 (SIGKILL)".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum WorkerExit {
    /// The process exited by itself with this code (`std::process::exit`, or returning from
    /// `main`).
    Code(i32),
    /// A signal ended the process: SIGKILL (`kill`, the OOM killer), SIGSEGV, SIGABRT...
    Signal {
        /// The signal's number.
        number: i32,
        /// Its name (`SIGKILL`), or `unnamed` for one without a standard name.
        name: String,
    },
    /// The process ended, but how could not be learned: something else in this program
    /// collected its exit status first (for example, `SIGCHLD` set to be ignored).
    Unknown {
        /// Why the status is missing.
        reason: String,
    },
}

// Loom model builds leave the process machinery out: they never see a worker end.
#[cfg(not(loom))]
impl WorkerExit {
    /// The exit of a process ended by signal `number`, with the signal's standard name.
    pub(crate) fn signal(number: i32) -> Self {
        let name =
            nix::sys::signal::Signal::try_from(number).map_or("unnamed", |signal| signal.as_str());
        Self::Signal {
            number,
            name: String::from(name),
        }
    }
}

impl fmt::Display for WorkerExit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Code(code) => write!(f, "exit code {code}"),
            Self::Signal { number, name } => write!(f, "signal {number} ({name})"),
            Self::Unknown { reason } => write!(f, "an unknown exit status ({reason})"),
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::WorkerExit;

    #[test]
    fn a_signal_without_a_name_shows_its_number() {
        assert_eq!(WorkerExit::signal(200).to_string(), "signal 200 (unnamed)");
    }
}
