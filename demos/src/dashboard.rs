//! The demos' `--dashboard [ADDR]`: serve actor-core's dashboard while the demo works, then
//! keep serving until Ctrl-C, so that a person can look at what the demo left.

use std::future::Future;
use std::task::Poll;

use actor_core::Config;

/// The address `--dashboard` serves on when it is given without one.
pub const DEFAULT_ADDRESS: &str = "127.0.0.1:8265";

/// The option `--dashboard [ADDR]`, for a demo's arguments (`#[command(flatten)]`).
#[derive(Clone, Debug, Default, clap::Args)]
pub struct DashboardArg {
    /// Serves the dashboard at ADDR (127.0.0.1:8265 when no ADDR is given; port 0 picks a
    /// free port) and keeps serving after the work, until Ctrl-C.
    #[arg(long, value_name = "ADDR", num_args = 0..=1, default_missing_value = DEFAULT_ADDRESS)]
    pub dashboard: Option<String>,
}

impl DashboardArg {
    /// Runs `work`; with `--dashboard`, serves the dashboard from the start of it and, once
    /// it succeeded, until Ctrl-C. Nothing may have used actor-core before.
    ///
    /// What `work` returns (the handles of its actors) is kept until the dashboard stops, so
    /// that its actors stay alive for a person to look at.
    pub fn run_then_serve<T>(
        &self,
        work: impl FnOnce() -> Result<T, String>,
    ) -> Result<(), String> {
        self.start()?;
        let actors = work()?;
        self.serve_until_interrupted()?;
        drop(actors);
        Ok(())
    }

    /// Starts the runtime with the dashboard when `--dashboard` was given; does nothing
    /// otherwise.
    fn start(&self) -> Result<(), String> {
        let Some(address) = &self.dashboard else {
            return Ok(());
        };
        actor_core::init_with(Config::new().dashboard(address.as_str()))
            .map_err(|error| format!("cannot serve the dashboard at {address}: {error}"))
    }

    /// When `--dashboard` was given: prints the dashboard's URL and serves it until Ctrl-C
    /// (SIGINT), then returns. Does nothing otherwise.
    fn serve_until_interrupted(&self) -> Result<(), String> {
        if self.dashboard.is_none() {
            return Ok(());
        }
        let url = actor_core::dashboard_url()
            .ok_or("the dashboard is not running: the demo used actor-core before it started")?;
        // Waiting for the signal needs a runtime of its own: the demo's thread is no
        // runtime thread, and actor-core's runtime is not the program's to block.
        let signals = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| format!("cannot wait for Ctrl-C: {error}"))?;
        let url = url.trim_end_matches('/');
        signals
            .block_on(async {
                let mut interrupted = std::pin::pin!(tokio::signal::ctrl_c());
                // Its first poll installs the handler: so before the URL is printed, since
                // a Ctrl-C that comes before the handler ends the process at once.
                let first =
                    std::future::poll_fn(|cx| Poll::Ready(interrupted.as_mut().poll(cx))).await;
                if let Poll::Ready(result) = first {
                    return result;
                }
                println!(
                    "Dashboard: {url}/ (or `actor-core list actors --address {url}`); \
                     serving until Ctrl-C"
                );
                interrupted.await
            })
            .map_err(|error| format!("cannot wait for Ctrl-C: {error}"))?;
        println!("Ctrl-C: the dashboard stops.");
        Ok(())
    }
}
