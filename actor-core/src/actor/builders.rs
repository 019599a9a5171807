//! The builder methods of every generated `FooOptions`, written once.

/// Expands, inside `impl FooOptions`, to the builder methods of [`crate::ActorOptions`],
/// each forwarding to the `options` field.
#[doc(hidden)]
#[macro_export]
macro_rules! option_builders {
    () => {
        $crate::__forward_option!(
            /// Registers the actor under `name`, unique in its namespace.
            name(name: impl ::core::convert::Into<::std::string::String>)
        );
        $crate::__forward_option!(
            /// The namespace of the name (the runtime's namespace when not given).
            namespace(namespace: impl ::core::convert::Into<::std::string::String>)
        );
        $crate::__resource_option_builders!();
        $crate::__forward_option!(
            /// How often the actor restarts after a panic (-1 = forever, 0 by default).
            max_restarts(max_restarts: i32)
        );
        $crate::__forward_option!(
            /// How often a call that failed because the actor died is retried (-1 = forever).
            max_task_retries(max_task_retries: i32)
        );
        $crate::__forward_option!(
            /// How many calls may wait before a call fails with `PendingCallsLimitExceeded`.
            max_pending_calls(max_pending_calls: usize)
        );
        $crate::__forward_option!(
            /// A detached actor lives until it is killed, not until its last handle drops.
            detached(detached: bool)
        );
        $crate::__forward_option!(
            /// With a name: return the live actor of that name instead of `NameTaken`.
            get_if_exists(get_if_exists: bool)
        );
        $crate::__forward_option!(
            /// Runs the sync methods where they may block a thread without delaying others.
            blocking(blocking: bool)
        );
        $crate::__forward_option!(
            /// Every call fails with `Error::Timeout` if not finished this long after it was made.
            timeout(timeout: ::core::time::Duration)
        );
        $crate::__forward_option!(
            /// Runs the actor in a worker process of its own (needs `#[actor_core::main]`).
            isolated(isolated: bool)
        );
    };
}

/// Expands, inside a generated `FooOptions` or task `Options`, to the builders of the
/// resources the actor or task holds: an actor for its lifetime, a task while it runs.
#[doc(hidden)]
#[macro_export]
macro_rules! __resource_option_builders {
    () => {
        $crate::__forward_option!(
            /// CPUs held (fractions allowed): by an actor for its lifetime (0 by default),
            /// by a task while it runs (1 by default).
            num_cpus(num_cpus: f64)
        );
        $crate::__forward_option!(
            /// GPUs held (0 by default, fractions allowed).
            num_gpus(num_gpus: f64)
        );

        /// An amount of a custom resource held (`"camera"`, `"memory_gb"`).
        pub fn resource(
            mut self,
            key: impl ::core::convert::Into<::std::string::String>,
            amount: f64,
        ) -> Self {
            self.options = self.options.resource(key, amount);
            self
        }
    };
}

/// One forwarding builder method; used by the option builder macros.
#[doc(hidden)]
#[macro_export]
macro_rules! __forward_option {
    ($(#[$doc:meta])* $name:ident($arg:ident: $ty:ty)) => {
        $(#[$doc])*
        pub fn $name(mut self, $arg: $ty) -> Self {
            self.options = self.options.$name($arg);
            self
        }
    };
}
