//! The global runtime: started on first use, or by `init_with`; stopped by `shutdown`.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::future::Future;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::runtime::RuntimeFlavor;
use tokio::task::AbortHandle;

use crate::error::{DeathCause, Error};
use crate::lock::lock;
use crate::registry;
use crate::resource_options::{check_amount, check_resource};
use crate::scheduler::{Resources, Scheduler};

/// The environment variable that overrides the detected number of CPUs.
pub const NUM_CPUS_ENV: &str = "ACTOR_CORE_NUM_CPUS";
/// The environment variable that overrides the detected number of GPUs.
pub const NUM_GPUS_ENV: &str = "ACTOR_CORE_NUM_GPUS";

/// How the runtime is set up: resources of this node, threads, default namespace.
///
/// Every field left unset is detected: CPUs from the machine (or `ACTOR_CORE_NUM_CPUS`),
/// GPUs from the NVIDIA driver (or `ACTOR_CORE_NUM_GPUS`), else 0.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    num_cpus: Option<f64>,
    num_gpus: Option<f64>,
    resources: BTreeMap<String, f64>,
    worker_threads: Option<usize>,
    namespace: Option<String>,
    dashboard: Option<String>,
}

impl Config {
    /// A configuration that detects everything.
    pub fn new() -> Self {
        Self::default()
    }

    /// The CPUs this node offers to tasks and actors.
    pub fn num_cpus(mut self, num_cpus: f64) -> Self {
        self.num_cpus = Some(num_cpus);
        self
    }

    /// The GPUs this node offers to tasks and actors.
    pub fn num_gpus(mut self, num_gpus: f64) -> Self {
        self.num_gpus = Some(num_gpus);
        self
    }

    /// A custom resource this node offers (`"memory_gb"`, `"camera"`, ...).
    pub fn resource(mut self, name: impl Into<String>, amount: f64) -> Self {
        self.resources.insert(name.into(), amount);
        self
    }

    /// The threads that run actors (by default as many as cores, at least 2).
    pub fn worker_threads(mut self, worker_threads: usize) -> Self {
        self.worker_threads = Some(worker_threads);
        self
    }

    /// The namespace of names given without one (`"default"` by default).
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = Some(namespace.into());
        self
    }

    /// Serves the dashboard at `address` (`"127.0.0.1:8265"`; port 0 picks a free one, see
    /// [`dashboard_url`](crate::dashboard_url)), as `ACTOR_CORE_DASHBOARD=ADDR` does. An
    /// address other than loopback needs `ACTOR_CORE_DASHBOARD_TOKEN` set: without it the
    /// start fails with [`Error::InvalidOptions`].
    pub fn dashboard(mut self, address: impl Into<String>) -> Self {
        self.dashboard = Some(address.into());
        self
    }
}

impl Config {
    /// Why this configuration cannot start a runtime, naming the setting, or `Ok`.
    fn check(&self) -> Result<(), String> {
        let amounts = [("num_cpus", self.num_cpus), ("num_gpus", self.num_gpus)];
        for (setting, amount) in amounts {
            if let Some(amount) = amount {
                check_amount(&format!("Config::{setting}"), amount)?;
            }
        }
        for (name, amount) in &self.resources {
            check_resource(name, *amount).map_err(|problem| format!("Config::{problem}"))?;
        }
        if self.worker_threads == Some(0) {
            return Err(String::from(
                "Config::worker_threads(0) leaves no thread to run actors; give 1 or more",
            ));
        }
        if self.namespace.as_deref() == Some("") {
            return Err(String::from(
                "Config::namespace(\"\") is empty; give a namespace, or none for `default`",
            ));
        }
        Ok(())
    }
}

/// The amount the environment variable `name` gives, if it is set.
fn env_amount(name: &str) -> Result<Option<f64>, String> {
    let Ok(value) = std::env::var(name) else {
        return Ok(None);
    };
    let amount = value
        .trim()
        .parse()
        .map_err(|_| format!("{name}={value:?} is not a number; give an amount such as 4"))?;
    check_amount(name, amount)?;
    Ok(Some(amount))
}

/// The amount `configured`, else the one the environment variable `name` gives, else the
/// one `detect` finds.
fn amount_of(configured: Option<f64>, name: &str, detect: fn() -> f64) -> Result<f64, String> {
    Ok(match configured {
        Some(amount) => amount,
        None => env_amount(name)?.unwrap_or_else(detect),
    })
}

fn detected_cpus() -> f64 {
    std::thread::available_parallelism().map_or(1, usize::from) as f64
}

fn detected_gpus() -> f64 {
    std::fs::read_dir("/proc/driver/nvidia/gpus").map_or(0.0, |gpus| gpus.count() as f64)
}

/// The settings in force, with detected values filled in.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    /// Shared by every actor without a namespace of its own.
    pub(crate) namespace: Arc<str>,
}

/// The running runtime: threads, resources and settings.
pub(crate) struct Runtime {
    tokio: Mutex<Option<tokio::runtime::Runtime>>,
    handle: tokio::runtime::Handle,
    pub(crate) config: Settings,
    pub(crate) node_id: u64,
    pub(crate) scheduler: Arc<Scheduler>,
}

impl Runtime {
    fn start(config: Config) -> Result<Self, Error> {
        let invalid = |reason| Error::InvalidOptions { reason };
        config.check().map_err(invalid)?;
        let num_cpus = amount_of(config.num_cpus, NUM_CPUS_ENV, detected_cpus).map_err(invalid)?;
        let num_gpus = amount_of(config.num_gpus, NUM_GPUS_ENV, detected_gpus).map_err(invalid)?;
        let resources = Resources::of(num_cpus, num_gpus, &config.resources);
        let worker_threads = config
            .worker_threads
            .unwrap_or_else(|| (detected_cpus() as usize).max(2));
        let mut builder = tokio::runtime::Builder::new_multi_thread();
        builder
            .worker_threads(worker_threads)
            .thread_name("actor-core-worker");
        // A loom model build's tokio has no thread hooks; its models never ask whose thread
        // they run on.
        #[cfg(not(loom))]
        builder.on_thread_start(|| OWN_THREAD.set(true));
        let tokio = builder
            .enable_all()
            .build()
            .map_err(|error| Error::RuntimeStart {
                message: error.to_string(),
            })?;
        let scheduler = Scheduler::new(resources);
        // The dashboard needs tokio's network types, which a loom model build leaves out.
        #[cfg(not(loom))]
        if let Err(error) = crate::dashboard::start(config.dashboard.as_deref(), &scheduler) {
            tokio.shutdown_background();
            return Err(error);
        }
        Ok(Self {
            handle: tokio.handle().clone(),
            tokio: Mutex::new(Some(tokio)),
            config: Settings {
                namespace: config.namespace.as_deref().unwrap_or("default").into(),
            },
            node_id: RandomState::new().hash_one(std::process::id()),
            scheduler,
        })
    }

    /// Runs `future` on the runtime's threads.
    pub(crate) fn spawn<F>(&self, future: F) -> AbortHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        self.handle.spawn(future).abort_handle()
    }

    /// Runs `future` to its end on this runtime, blocking the calling thread, which must not
    /// be one of a runtime's (a worker process's main thread).
    #[cfg(not(loom))]
    pub(crate) fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.handle.block_on(future)
    }

    /// Where an actor's loop runs: on the caller's own multi-threaded tokio runtime when
    /// there is one, so that calls between the caller and the actor wake each other without
    /// crossing runtimes (no thread hand-off, no system call); else on this runtime's
    /// threads.
    pub(crate) fn actor_home(&self) -> tokio::runtime::Handle {
        match tokio::runtime::Handle::try_current() {
            Ok(caller) if caller.runtime_flavor() == RuntimeFlavor::MultiThread => caller,
            _ => self.handle.clone(),
        }
    }

    /// A timer that fires after `duration`, driven by this runtime's threads, so that it
    /// works under any executor (or none).
    pub(crate) fn sleep(&self, duration: std::time::Duration) -> tokio::time::Sleep {
        let _enter = self.handle.enter();
        tokio::time::sleep(duration)
    }

    /// Runs the blocking `job` on a thread of its own, never on a thread that runs actors.
    pub(crate) fn spawn_blocking(&self, job: impl FnOnce() + Send + 'static) {
        drop(self.handle.spawn_blocking(job));
    }
}

thread_local! {
    /// This thread is one of the runtime's (a worker or a blocking thread).
    static OWN_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is one of the runtime's own, which nothing joins: the runtime is
/// held in a `static`, never dropped, and [`shutdown`] lets its threads go without waiting
/// for them. A method that blocks for good there dies with the process when `main`
/// returns, where on the thread of a runtime the program drops (`#[tokio::main]` drops its
/// runtime as `main` returns, waiting for every thread of it) it would keep the process
/// from exiting.
pub(crate) fn on_own_thread() -> bool {
    OWN_THREAD.get()
}

static RUNTIME: Mutex<Option<Arc<Runtime>>> = Mutex::new(None);

fn global() -> MutexGuard<'static, Option<Arc<Runtime>>> {
    lock(&RUNTIME)
}

/// The running runtime, started with the default `Config` if none runs.
///
/// # Panics
/// If the operating system refuses to start the runtime's threads, or if
/// `ACTOR_CORE_NUM_CPUS` or `ACTOR_CORE_NUM_GPUS` is set to something that is not an amount
/// (the message names it).
pub(crate) fn current() -> Arc<Runtime> {
    let mut global = global();
    match &*global {
        Some(runtime) => runtime.clone(),
        None => {
            let runtime = match Runtime::start(Config::default()) {
                Ok(runtime) => Arc::new(runtime),
                Err(error) => panic!("actor-core could not start: {error}"),
            };
            *global = Some(runtime.clone());
            runtime
        }
    }
}

/// Starts the runtime with `config`.
///
/// Optional: the runtime starts by itself with detected settings on first use. Fails with
/// [`Error::InvalidOptions`] for a setting that cannot work (a negative amount, no worker
/// threads) and with [`Error::AlreadyInitialized`] if it is running already (call
/// [`shutdown`] first).
pub fn init_with(config: Config) -> Result<(), Error> {
    config
        .check()
        .map_err(|reason| Error::InvalidOptions { reason })?;
    let mut global = global();
    if global.is_some() {
        return Err(Error::AlreadyInitialized);
    }
    *global = Some(Arc::new(Runtime::start(config)?));
    Ok(())
}

/// Stops the runtime: every actor dies (cause: runtime shut down), so every pending
/// `ObjectRef` resolves, and the runtime's threads stop. The next use starts it again.
pub fn shutdown() {
    #[cfg(not(loom))]
    crate::dashboard::stop();
    let Some(runtime) = global().take() else {
        return;
    };
    for actor in registry::all() {
        actor.kill(DeathCause::RuntimeShutdown);
    }
    runtime.scheduler.close();
    // Worker processes' sockets live there; the next isolated actor makes a new one.
    #[cfg(not(loom))]
    crate::remote::private_dir::remove();
    let tokio = lock(&runtime.tokio).take();
    if let Some(tokio) = tokio {
        tokio.shutdown_background();
    }
}

/// The resources of this node in all, by name (`CPU`, `GPU`, custom ones).
pub fn cluster_resources() -> BTreeMap<String, f64> {
    current().scheduler.total()
}

/// The resources that no actor or task holds now, by name.
pub fn available_resources() -> BTreeMap<String, f64> {
    current().scheduler.free()
}
