//! Options that can never work fail with `Error::InvalidOptions`, naming the option: none is
//! taken as 0 or scheduled on a rounded amount. And what an error says about an actor is
//! shared, not copied, however many errors there are.

use std::sync::Arc;

use actor_core::prelude::*;
use actor_core::{ActorOptions, Config, TaskOptions};

#[actor]
struct Plain;

#[actor]
impl Plain {
    fn new() -> Self {
        Self
    }

    fn ping(&self) -> u8 {
        1
    }

    fn boom(&self) {
        panic!("boom");
    }
}

#[task]
fn one() -> u8 {
    1
}

/// Amounts no resource can have.
const ABSURD: [f64; 6] = [
    -1.0,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    1e300,
    1e-9,
];

/// Checks that `result` is `InvalidOptions` whose reason contains `names`.
fn assert_invalid<T: std::fmt::Debug>(result: Result<T, Error>, names: &str) {
    match result {
        Err(Error::InvalidOptions { reason }) => assert!(
            reason.contains(names),
            "the reason does not name `{names}`: {reason}"
        ),
        other => panic!("expected InvalidOptions naming `{names}`, got {other:?}"),
    }
}

/// An actor with these options.
fn plain(options: impl FnOnce(PlainOptions) -> PlainOptions) -> Result<PlainHandle, Error> {
    options(Plain::options()).remote()
}

/// The result of a task with these options.
fn task_with(options: impl FnOnce(one::Options) -> one::Options) -> Result<u8, Error> {
    options(one::options()).remote().get()
}

#[test]
fn infinite_cpus_next_to_a_cpu_resource_are_refused() {
    // Once scheduled on 0.9999 CPU (release) or an overflow panic (debug).
    let options = |options: PlainOptions| options.num_cpus(f64::INFINITY).resource("CPU", 1.0);
    assert_invalid(plain(options), "num_cpus");
    assert_invalid(
        task_with(|options| options.num_cpus(f64::INFINITY).resource("CPU", 1.0)),
        "num_cpus",
    );
}

#[test]
fn absurd_amounts_of_cpus_and_gpus_are_refused_for_actors_and_tasks() {
    for amount in ABSURD {
        assert_invalid(plain(|options| options.num_cpus(amount)), "num_cpus");
        assert_invalid(plain(|options| options.num_gpus(amount)), "num_gpus");
        assert_invalid(task_with(|options| options.num_cpus(amount)), "num_cpus");
        assert_invalid(task_with(|options| options.num_gpus(amount)), "num_gpus");
    }
}

#[test]
fn absurd_amounts_of_custom_resources_are_refused_for_actors_and_tasks() {
    for amount in ABSURD {
        let camera = |options: PlainOptions| options.resource("camera", amount);
        assert_invalid(plain(camera), "resource(\"camera\")");
        assert_invalid(
            task_with(|options| options.resource("camera", amount)),
            "resource(\"camera\")",
        );
    }
}

#[test]
fn a_resource_needs_a_name_of_its_own() {
    assert_invalid(plain(|options| options.resource("", 1.0)), "empty name");
    assert_invalid(task_with(|options| options.resource("", 1.0)), "empty name");
    assert_invalid(plain(|options| options.resource("GPU", 1.0)), "num_gpus");
    assert_invalid(
        task_with(|options| options.resource("CPU", 1.0)),
        "num_cpus",
    );
}

#[test]
fn an_empty_name_or_namespace_is_refused() {
    assert_invalid(plain(|options| options.name("")), "name(\"\")");
    assert_invalid(
        plain(|options| options.name("plain").namespace("")),
        "namespace(\"\")",
    );
}

#[test]
fn a_limit_of_no_pending_calls_is_refused() {
    assert_invalid(
        plain(|options| options.max_pending_calls(0)),
        "max_pending_calls(0)",
    );
    let limited = plain(|options| options.max_pending_calls(1)).unwrap();
    assert_eq!(limited.ping().get().unwrap(), 1);
}

#[test]
fn restart_counts_below_minus_one_are_refused() {
    assert_invalid(
        plain(|options| options.max_restarts(-2)),
        "max_restarts(-2)",
    );
    assert_invalid(
        plain(|options| options.max_task_retries(-5)),
        "max_task_retries(-5)",
    );
}

#[test]
fn ordinary_options_still_work() {
    let actor = plain(|options| options.num_cpus(0.0).num_gpus(0.0).max_restarts(-1)).unwrap();
    assert_eq!(actor.ping().get().unwrap(), 1);
    assert_eq!(task_with(|options| options.num_cpus(0.5)), Ok(1));
}

#[test]
fn the_option_structs_compare_by_value() {
    assert_eq!(
        ActorOptions::default().num_cpus(1.0),
        ActorOptions::default().num_cpus(1.0)
    );
    assert_ne!(TaskOptions::default(), TaskOptions::default().num_cpus(2.0));
}

#[test]
fn a_config_with_an_absurd_setting_does_not_start() {
    for amount in ABSURD {
        assert_invalid(
            actor_core::init_with(Config::new().num_cpus(amount)),
            "Config::num_cpus",
        );
        assert_invalid(
            actor_core::init_with(Config::new().resource("camera", amount)),
            "Config::resource(\"camera\")",
        );
    }
    assert_invalid(
        actor_core::init_with(Config::new().worker_threads(0)),
        "Config::worker_threads(0)",
    );
    assert_invalid(
        actor_core::init_with(Config::new().resource("", 1.0)),
        "empty name",
    );
}

#[test]
fn errors_about_one_actor_share_its_name() {
    let name: String = "n".repeat(1 << 20);
    let actor = Plain::options().name(name.as_str()).remote().unwrap();
    let labels: Vec<_> = (0..300)
        .map(|_| match actor.boom().get() {
            // The first call kills the actor (no restarts); the others find it dead.
            Err(Error::MethodPanicked { actor, .. } | Error::ActorDied { actor, .. }) => actor,
            other => panic!("expected MethodPanicked or ActorDied, got {other:?}"),
        })
        .collect();
    let first = labels[0].name.as_ref().expect("the actor has a name");
    assert_eq!(**first, *name);
    for label in &labels {
        let shared = label.name.as_ref().expect("the actor has a name");
        assert!(
            Arc::ptr_eq(first, shared),
            "each error holds the one copy of the name"
        );
        assert!(
            std::ptr::eq(label.class_name.as_ptr(), labels[0].class_name.as_ptr()),
            "each error holds the one class name"
        );
    }
    // The actor, its options and 300 errors: one copy of the megabyte between them.
    assert!(Arc::strong_count(first) >= 301);
}

/// Its class defaults can never work: `remote()`, which cannot fail, makes it dead.
#[actor(num_gpus = -1.0)]
struct Refusing;

#[actor]
impl Refusing {
    fn new() -> Self {
        Self
    }

    fn ping(&self) -> u8 {
        1
    }
}

#[test]
fn class_defaults_that_can_never_work_fail_every_call_with_the_reason() {
    let error = Refusing::remote().ping().get().unwrap_err();
    assert!(
        matches!(&error, Error::ActorDied { .. }) && error.to_string().contains("num_gpus = -1"),
        "{error}"
    );
    assert_invalid(Refusing::options().remote(), "num_gpus = -1");
}
