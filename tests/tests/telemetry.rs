//! Telemetry: `actor_core::state::list_actors()` describes every actor (id, class, name,
//! namespace, state, restarts, queue length) and, per method, its calls, errors (user `Err`
//! and panics), total and max time.

mod common;

use std::sync::Arc;
use std::time::Duration;

use actor_core::prelude::*;
use actor_core::state::{ActorInfo, MethodStats, get_actor_info, list_actors};
use actor_core::{ActorId, ActorState, DeathCause};
use common::{Latch, PATIENCE};

/// How long `slow` sleeps: a lower bound on its recorded time.
const SLOW: Duration = Duration::from_millis(20);

#[actor]
struct Probe {
    calls: u32,
}

#[actor(local)]
impl Probe {
    fn new() -> Self {
        Self { calls: 0 }
    }

    pub fn fast(&mut self) -> u32 {
        self.calls += 1;
        self.calls
    }

    pub fn slow(&mut self) {
        std::thread::sleep(SLOW);
    }

    pub fn checked(&mut self, ok: bool) -> Result<u32, String> {
        if ok { Ok(1) } else { Err("not ok".into()) }
    }

    pub async fn hold(&mut self, started: Arc<Latch>, gate: Arc<Latch>) {
        started.open();
        gate.wait_async().await;
    }

    pub fn explode(&mut self) {
        panic!("telemetry boom");
    }

    /// Called last before reading telemetry: the loop records each call before it starts
    /// the next one, so every earlier call is counted once this one answers.
    pub fn fence(&self) {}
}

fn info(id: ActorId) -> ActorInfo {
    let listed: Vec<ActorInfo> = list_actors()
        .into_iter()
        .filter(|info| info.id == id)
        .collect();
    assert_eq!(listed.len(), 1, "the actor is listed once");
    let info = listed.into_iter().next().unwrap();
    assert_eq!(get_actor_info(id).as_ref(), Some(&info));
    info
}

fn stats<'a>(info: &'a ActorInfo, method: &str) -> &'a MethodStats {
    info.method(method)
        .unwrap_or_else(|| panic!("no figures for `{method}` in {info:?}"))
}

#[test]
fn list_actors_describes_an_actor_and_counts_each_method() {
    let probe = Probe::options()
        .name("telemetry-probe")
        .namespace("telemetry")
        .remote()
        .unwrap();
    for _ in 0..5 {
        drop(probe.fast());
    }
    drop(probe.slow());
    drop(probe.checked(true));
    drop(probe.checked(false));
    drop(probe.checked(false));
    probe.fence().get().unwrap();

    let info = info(probe.actor_id());
    assert_eq!(info.id, probe.actor_id());
    assert_eq!(info.class_name, "Probe");
    assert_eq!(info.name.as_deref(), Some("telemetry-probe"));
    assert_eq!(info.namespace, "telemetry");
    assert_eq!(info.state, ActorState::Alive);
    assert_eq!(info.num_restarts, 0);
    assert_eq!(info.queue_len, 0);
    let names: Vec<&str> = info.methods.iter().map(|m| m.method.as_str()).collect();
    assert_eq!(
        names,
        ["fast", "slow", "checked", "hold", "explode", "fence"],
        "one entry per method, in the order of the impl block"
    );

    let fast = stats(&info, "fast");
    assert_eq!((fast.calls, fast.errors), (5, 0));
    assert!(fast.max_time <= fast.total_time);

    let slow = stats(&info, "slow");
    assert_eq!((slow.calls, slow.errors), (1, 0));
    assert!(slow.max_time >= SLOW, "{slow:?}");
    assert_eq!(slow.total_time, slow.max_time);
    assert_eq!(slow.mean_time(), slow.total_time);

    let checked = stats(&info, "checked");
    assert_eq!(
        (checked.calls, checked.errors),
        (3, 2),
        "a user `Err` counts as an error"
    );

    let never = stats(&info, "explode");
    assert_eq!((never.calls, never.errors), (0, 0));
    assert_eq!(never.total_time, Duration::ZERO);
    assert_eq!(never.mean_time(), Duration::ZERO);
}

#[test]
fn a_panic_counts_as_an_error_and_the_state_says_why_the_actor_died() {
    let probe = Probe::remote();
    probe.fast().get().unwrap();
    assert!(matches!(
        probe.explode().get(),
        Err(Error::MethodPanicked { .. })
    ));
    // The panicked call may answer a moment before the actor is marked dead; a later call
    // fails only once it is.
    assert!(matches!(probe.fast().get(), Err(Error::ActorDied { .. })));
    let info = info(probe.actor_id());
    let explode = stats(&info, "explode");
    assert_eq!((explode.calls, explode.errors), (1, 1));
    assert_eq!(stats(&info, "fast").calls, 1);
    assert_eq!(
        info.state,
        ActorState::Dead {
            cause: DeathCause::MethodPanicked {
                method: "explode".into(),
                message: "telemetry boom".into(),
            }
        }
    );
    assert_eq!(info.name, None);
    assert_eq!(info.namespace, "default");
}

#[test]
fn queue_len_counts_the_calls_waiting_behind_a_running_one() {
    let probe = Probe::remote();
    let started = Latch::new();
    let gate = Latch::new();
    let held = probe.hold(started.clone(), gate.clone());
    started.expect_open("the held call to start");
    let queued: Vec<_> = (0..7).map(|_| probe.fast()).collect();
    assert_eq!(info(probe.actor_id()).queue_len, 7);
    gate.open();
    held.get_timeout(PATIENCE).unwrap();
    assert_eq!(
        actor_core::get(queued).unwrap(),
        (1..=7).collect::<Vec<_>>()
    );
    probe.fence().get().unwrap();
    let info = info(probe.actor_id());
    assert_eq!(info.queue_len, 0);
    assert_eq!(stats(&info, "hold").calls, 1);
    assert_eq!(stats(&info, "fast").calls, 7);
}

#[test]
fn queue_len_counts_the_told_calls_the_loop_took_ahead() {
    let probe = Probe::remote();
    let (started, gate) = (Latch::new(), Latch::new());
    let held = probe.hold(started.clone(), gate.clone());
    started.expect_open("the held call to start");
    // Eight told calls queue behind the held one; the loop takes them all at once when it
    // is free, and the first of them holds it again.
    let (second_started, second_gate) = (Latch::new(), Latch::new());
    let tell = probe.tell();
    tell.hold(second_started.clone(), second_gate.clone())
        .unwrap();
    (0..7).for_each(|_| tell.fast().unwrap());
    assert_eq!(info(probe.actor_id()).queue_len, 8);
    gate.open();
    held.get_timeout(PATIENCE).unwrap();
    second_started.expect_open("the told held call to start");
    assert_eq!(info(probe.actor_id()).queue_len, 7);
    second_gate.open();
    assert_eq!(probe.fast().get_timeout(PATIENCE).unwrap(), 8);
    assert_eq!(info(probe.actor_id()).queue_len, 0);
}

#[test]
fn a_killed_actor_is_listed_dead_with_an_empty_queue() {
    let (gated, held, _gate) = common::held_actor();
    let queued = gated.echo(1);
    actor_core::kill(&gated);
    assert!(held.get().is_err());
    assert!(queued.get().is_err());
    let info = info(gated.actor_id());
    assert_eq!(
        info.state,
        ActorState::Dead {
            cause: DeathCause::Killed
        }
    );
    assert_eq!(info.queue_len, 0);
    assert_eq!(info.class_name, "Gated");
}

#[test]
fn actor_info_serializes_for_the_cli_and_dashboard() {
    let probe = Probe::remote();
    probe.fast().get().unwrap();
    probe.fence().get().unwrap();
    let info = info(probe.actor_id());
    let json = serde_json::to_string(&info).unwrap();
    let back: ActorInfo = serde_json::from_str(&json).unwrap();
    assert_eq!(back, info);
}

#[test]
fn every_call_is_counted_and_the_time_of_sampled_quick_calls_is_scaled_up() {
    let probe = Probe::remote();
    for _ in 0..100 {
        probe.tell().fast().unwrap();
    }
    for _ in 0..3 {
        drop(probe.slow());
    }
    probe.fence().get_timeout(PATIENCE).unwrap();
    let info = info(probe.actor_id());

    let fast = stats(&info, "fast");
    assert_eq!(fast.calls, 100, "every call counts, timed or not");
    assert!(fast.total_time > Duration::ZERO, "{fast:?}");
    assert!(fast.max_time <= fast.total_time, "{fast:?}");

    // A method that blocks has every call timed: its total is at least the sum.
    let slow = stats(&info, "slow");
    assert_eq!(slow.calls, 3);
    assert!(slow.total_time >= SLOW * 3, "{slow:?}");
}

/// A method its class proved quick is still timed on its first call on each actor: no
/// actor's table reads a mean of zero for a method it ran. Later calls are sampled, and the
/// figures say so.
#[test]
fn every_actor_times_the_first_call_of_each_method_and_marks_sampled_figures() {
    // Another actor proves `fast` quick for the class first.
    let prover = Probe::remote();
    for _ in 0..20 {
        prover.fast().get().unwrap();
    }
    let probe = Probe::remote();
    probe.fast().get().unwrap();
    probe.fence().get().unwrap();
    let first = stats(&info(probe.actor_id()), "fast").clone();
    assert_eq!((first.calls, first.timed_calls), (1, 1));
    assert!(first.total_time > Duration::ZERO, "{first:?}");
    assert!(!first.is_sampled());
    // A call slowed by a preemption is timed again until the method proves quick anew: a
    // few calls more then leave some untimed.
    let mut later = first;
    for _ in 0..100 {
        probe.fast().get().unwrap();
        probe.fence().get().unwrap();
        later = stats(&info(probe.actor_id()), "fast").clone();
        if later.is_sampled() {
            break;
        }
    }
    assert!(later.timed_calls < later.calls, "{later:?}");
    assert!(later.mean_time() > Duration::ZERO, "{later:?}");
    let table = info(probe.actor_id()).to_string();
    assert!(table.contains('~'), "a sampled mean is marked:\n{table}");
}
