//! Per-instance options of an actor: name, namespace, resources, lifetime.

use std::sync::Arc;
use std::time::Duration;

use crate::error::Error;
use crate::resource_options::{ResourceOptions, resource_builders};

/// The options of one actor instance, as `Foo::options()` builds them.
///
/// `#[actor(...)]` on the struct sets the defaults; each builder method overrides one.
/// Options that can never work (a negative amount, an empty name, `max_pending_calls(0)`)
/// make `remote` fail with `Error::InvalidOptions`.
#[derive(Clone, Debug, PartialEq)]
pub struct ActorOptions {
    /// Shared with every error about the actor, which names it.
    pub(crate) name: Option<Arc<str>>,
    pub(crate) namespace: Option<String>,
    pub(crate) resources: ResourceOptions,
    pub(crate) max_restarts: i32,
    pub(crate) max_task_retries: i32,
    pub(crate) max_pending_calls: Option<usize>,
    pub(crate) detached: bool,
    pub(crate) get_if_exists: bool,
    pub(crate) blocking: bool,
    pub(crate) timeout: Option<Duration>,
    pub(crate) isolated: bool,
}

impl Default for ActorOptions {
    fn default() -> Self {
        Self {
            name: None,
            namespace: None,
            resources: ResourceOptions::cpus(0.0),
            max_restarts: 0,
            max_task_retries: 0,
            max_pending_calls: None,
            detached: false,
            get_if_exists: false,
            blocking: false,
            timeout: None,
            isolated: false,
        }
    }
}

impl ActorOptions {
    /// Registers the actor under `name`, unique in its namespace.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(Arc::from(name.into()));
        self
    }

    /// The namespace of the name (the runtime's namespace when not given).
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = Some(namespace.into());
        self
    }

    resource_builders!("by the actor for its lifetime", 0);

    /// How often the actor is restarted after a panic (-1 = forever, 0 by default).
    pub fn max_restarts(mut self, max_restarts: i32) -> Self {
        self.max_restarts = max_restarts;
        self
    }

    /// How often a call that failed because the actor died is retried (-1 = forever).
    pub fn max_task_retries(mut self, max_task_retries: i32) -> Self {
        self.max_task_retries = max_task_retries;
        self
    }

    /// How many calls may wait in the mailbox before a call fails at once
    /// with `Error::PendingCallsLimitExceeded` (unbounded by default).
    pub fn max_pending_calls(mut self, max_pending_calls: usize) -> Self {
        self.max_pending_calls = Some(max_pending_calls);
        self
    }

    /// A detached actor lives until it is killed, not until its last handle drops.
    pub fn detached(mut self, detached: bool) -> Self {
        self.detached = detached;
        self
    }

    /// With a name: return the live actor of that name instead of failing with `NameTaken`.
    pub fn get_if_exists(mut self, get_if_exists: bool) -> Self {
        self.get_if_exists = get_if_exists;
        self
    }

    /// Every call fails with `Error::Timeout` if it has not finished `timeout` after it was
    /// made; a call still queued then is dropped unrun, a running async method is dropped.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Runs the actor's sync methods where they may block a thread for long
    /// (file I/O, sleeps, long computations) without delaying other actors.
    pub fn blocking(mut self, blocking: bool) -> Self {
        self.blocking = blocking;
        self
    }

    /// Runs the actor in a worker process of its own, as Ray runs every actor: a crash of
    /// the process (an abort, a segfault, the OOM killer) fails its calls with
    /// `Error::ActorDied` (cause `WorkerDied`) and leaves the program running. Needs
    /// `#[actor_core::main]` on `fn main`. The handle and every semantic stay the same;
    /// arguments and values cross the process boundary as bytes.
    pub fn isolated(mut self, isolated: bool) -> Self {
        self.isolated = isolated;
        self
    }
}

impl ActorOptions {
    /// Whether only the actor's own loop may take its calls: an actor that restarts (a
    /// restart needs the loop's constructor arguments), and one whose calls run in another
    /// process (see `execution`).
    #[inline]
    pub(crate) fn runs_only_in_its_loop(&self) -> bool {
        self.max_restarts != 0 || self.isolated
    }

    /// The resources this actor holds while it lives; call after [`ActorOptions::check`].
    pub(crate) fn resources(&self) -> crate::scheduler::Resources {
        self.resources.needs()
    }

    /// Fails with `Error::InvalidOptions`, naming the option and the actor's class, if an
    /// option can never work.
    pub(crate) fn check(&self, class_name: &str) -> Result<(), Error> {
        self.problem().map_err(|problem| Error::InvalidOptions {
            reason: format!("`{class_name}`: {problem}"),
        })
    }

    fn problem(&self) -> Result<(), String> {
        self.resources.check()?;
        if self.name.as_deref() == Some("") {
            return Err(String::from(
                "name(\"\") is empty; give a name, or no `name` for an actor without one",
            ));
        }
        if self.namespace.as_deref() == Some("") {
            return Err(String::from(
                "namespace(\"\") is empty; give a namespace, or none for the runtime's",
            ));
        }
        if self.max_pending_calls == Some(0) {
            return Err(String::from(
                "max_pending_calls(0) would refuse every call; give 1 or more, or no limit",
            ));
        }
        for (option, value) in [
            ("max_restarts", self.max_restarts),
            ("max_task_retries", self.max_task_retries),
        ] {
            if value < -1 {
                return Err(format!(
                    "{option}({value}) is below -1; give -1 for no limit, or 0 or more"
                ));
            }
        }
        Ok(())
    }
}
