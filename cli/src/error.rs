//! What can go wrong, each said with its fix.

use thiserror::Error;

/// How to start a program that serves the dashboard; the errors that cannot reach one say it.
const HOW_TO_START: &str = "start a program with `ACTOR_CORE_DASHBOARD=127.0.0.1:8265` in its \
     environment (or `Config::dashboard`), for instance \
     `cargo run -p demos --bin method_tracking -- --dashboard`, \
     or pass `--address` with the URL the program printed";

/// An error of the CLI; `main` prints it and exits with failure.
#[derive(Debug, Error)]
pub(crate) enum CliError {
    /// Nothing answered at the address.
    #[error("cannot reach the dashboard at {address} ({detail}); {HOW_TO_START}")]
    Unreachable {
        /// The address asked.
        address: String,
        /// What the connection said.
        detail: String,
    },
    /// The dashboard wants a token and got none.
    #[error(
        "the dashboard at {address} needs a token: pass `--token TOKEN` (or set \
         ACTOR_CORE_DASHBOARD_TOKEN) with the ACTOR_CORE_DASHBOARD_TOKEN the program was started with"
    )]
    TokenMissing {
        /// The address asked.
        address: String,
    },
    /// The dashboard refused the token given.
    #[error(
        "the dashboard at {address} refused the token given; pass the ACTOR_CORE_DASHBOARD_TOKEN \
         the program was started with"
    )]
    TokenRefused {
        /// The address asked.
        address: String,
    },
    /// The dashboard answered with an error status.
    #[error("the dashboard answered {status} to {url}: {message}")]
    Status {
        /// The URL asked.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The dashboard's explanation (its `error` field), or its body.
        message: String,
    },
    /// The dashboard's answer is not the JSON this CLI reads.
    #[error(
        "the dashboard's answer to {path} is JSON this CLI does not read ({detail}); \
         use the CLI built from the same actor-core as the program"
    )]
    BadAnswer {
        /// The path asked, or the URL.
        path: String,
        /// What did not fit.
        detail: String,
    },
    /// An option the command line cannot use as given.
    #[error("{0}")]
    Usage(String),
}
