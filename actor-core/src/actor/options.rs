//! Per-instance options of an actor: name, namespace, resources, lifetime.

use std::collections::BTreeMap;
use std::time::Duration;

/// The options of one actor instance, as `Foo::options()` builds them.
///
/// `#[actor(...)]` on the struct sets the defaults; each builder method overrides one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActorOptions {
    pub(crate) name: Option<String>,
    pub(crate) namespace: Option<String>,
    pub(crate) num_cpus: f64,
    pub(crate) num_gpus: f64,
    pub(crate) resources: BTreeMap<String, f64>,
    pub(crate) max_restarts: i32,
    pub(crate) max_task_retries: i32,
    pub(crate) max_pending_calls: Option<usize>,
    pub(crate) detached: bool,
    pub(crate) get_if_exists: bool,
    pub(crate) blocking: bool,
    pub(crate) timeout: Option<Duration>,
}

impl ActorOptions {
    /// Registers the actor under `name`, unique in its namespace.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The namespace of the name (the runtime's namespace when not given).
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = Some(namespace.into());
        self
    }

    /// CPUs the actor holds for its lifetime (0 by default, fractions allowed).
    pub fn num_cpus(mut self, num_cpus: f64) -> Self {
        self.num_cpus = num_cpus;
        self
    }

    /// GPUs the actor holds for its lifetime (0 by default, fractions allowed).
    pub fn num_gpus(mut self, num_gpus: f64) -> Self {
        self.num_gpus = num_gpus;
        self
    }

    /// An amount of a custom resource the actor holds for its lifetime.
    pub fn resource(mut self, key: impl Into<String>, amount: f64) -> Self {
        self.resources.insert(key.into(), amount);
        self
    }

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
}

impl ActorOptions {
    /// The resources this actor holds while it lives.
    pub(crate) fn resources(&self) -> crate::scheduler::Resources {
        crate::scheduler::Resources::of(self.num_cpus, self.num_gpus, &self.resources)
    }
}
