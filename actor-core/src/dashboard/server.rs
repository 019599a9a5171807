//! Starting and stopping the server: the address, the access rule, the thread and its
//! tokio runtime, the URL printed once.

use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use super::access::Access;
use super::routes::router;
use super::sampler::Sampler;
use super::shared::Shared;
use crate::error::Error;
use crate::lock::lock;
use crate::scheduler::Scheduler;

/// The environment variable that starts the dashboard at the address it names
/// (`127.0.0.1:8265`; port 0 picks a free port).
pub(crate) const DASHBOARD_ENV: &str = "ACTOR_CORE_DASHBOARD";
/// The environment variable holding the secret every request must carry when set; the
/// dashboard needs it to bind to an address other than loopback.
pub(crate) const TOKEN_ENV: &str = "ACTOR_CORE_DASHBOARD_TOKEN";

/// The dashboard while it serves.
struct Running {
    url: String,
    stop: oneshot::Sender<()>,
    thread: JoinHandle<()>,
}

static SERVER: Mutex<Option<Running>> = Mutex::new(None);

/// The URL of the dashboard this process serves (`http://127.0.0.1:8265/`), with the port
/// it bound to when it was asked for port 0; `None` while it does not serve.
pub fn dashboard_url() -> Option<String> {
    lock(&SERVER).as_ref().map(|running| running.url.clone())
}

/// Serves the dashboard at `configured` (from `Config::dashboard`), else at the address
/// `ACTOR_CORE_DASHBOARD` names, if set.
///
/// A configured address that cannot be served fails the runtime's start; one from the
/// environment is reported on stderr, and the program runs on without a dashboard.
///
/// It reads the resources and the uptime from `scheduler`, the runtime's.
pub(crate) fn start(configured: Option<&str>, scheduler: &Arc<Scheduler>) -> Result<(), Error> {
    if let Some(address) = configured {
        return serve(address, "Config::dashboard", scheduler);
    }
    let Ok(address) = std::env::var(DASHBOARD_ENV) else {
        return Ok(());
    };
    if let Err(error) = serve(&address, DASHBOARD_ENV, scheduler) {
        eprintln!("actor-core dashboard: not served: {error}");
    }
    Ok(())
}

/// Stops the dashboard, if it serves, and waits for its thread.
pub(crate) fn stop() {
    let Some(running) = lock(&SERVER).take() else {
        return;
    };
    // The thread may have stopped by itself already: then nobody hears the signal.
    let _ = running.stop.send(());
    if running.thread.join().is_err() {
        eprintln!("actor-core dashboard: its thread panicked while stopping");
    }
}

fn serve(address: &str, setting: &str, scheduler: &Arc<Scheduler>) -> Result<(), Error> {
    let invalid = |reason| Error::InvalidOptions { reason };
    let address = resolve(address, setting).map_err(invalid)?;
    let token = std::env::var(TOKEN_ENV)
        .ok()
        .filter(|token| !token.is_empty());
    if !address.ip().is_loopback() && token.is_none() {
        return Err(invalid(format!(
            "the dashboard address {address} ({setting}) is not a loopback address, and \
             {TOKEN_ENV} is not set; set {TOKEN_ENV} to a secret that every request must \
             carry, or serve at 127.0.0.1"
        )));
    }
    let start_error = |what: &str, error: std::io::Error| Error::RuntimeStart {
        message: format!("the dashboard could not {what} {address}: {error}"),
    };
    let listener = TcpListener::bind(address).map_err(|error| start_error("bind to", error))?;
    listener
        .set_nonblocking(true)
        .map_err(|error| start_error("listen at", error))?;
    let bound = listener
        .local_addr()
        .map_err(|error| start_error("listen at", error))?;
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| start_error("start a runtime for", error))?;
    let (stop, stopped) = oneshot::channel();
    let access = Access::new(token);
    let scheduler = scheduler.clone();
    let thread = std::thread::Builder::new()
        .name("actor-core-dashboard".to_owned())
        .spawn(move || tokio.block_on(run(listener, access, scheduler, stopped)))
        .map_err(|error| start_error("start a thread for", error))?;
    let url = format!("http://{bound}/");
    eprintln!("actor-core dashboard: {url}");
    *lock(&SERVER) = Some(Running { url, stop, thread });
    Ok(())
}

/// The first address `address` resolves to.
fn resolve(address: &str, setting: &str) -> Result<SocketAddr, String> {
    let not_an_address = || {
        format!(
            "{setting}={address:?} is not an address to serve the dashboard at; give \
             HOST:PORT, such as 127.0.0.1:8265 (port 0 picks a free port)"
        )
    };
    address
        .trim()
        .to_socket_addrs()
        .map_err(|_| not_an_address())?
        .next()
        .ok_or_else(not_an_address)
}

/// Serves requests and samples the counters until `stopped` fires.
async fn run(
    listener: TcpListener,
    access: Access,
    scheduler: Arc<Scheduler>,
    stopped: oneshot::Receiver<()>,
) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("actor-core dashboard: not served: {error}");
            return;
        }
    };
    let sampler = Sampler::new();
    let sampling = tokio::spawn(sampler.clone().run());
    let shared = Shared { sampler, scheduler };
    tokio::select! {
        served = axum::serve(listener, router(access, shared)) => {
            if let Err(error) = served {
                eprintln!("actor-core dashboard: stopped serving: {error}");
            }
        }
        _ = stopped => {}
    }
    sampling.abort();
}
