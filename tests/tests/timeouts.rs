//! `options().timeout(d)`: a call that settles gives its timer back at once, however long
//! `d` is; a timeout shorter than any timer's tick still fails a call that does not finish.

mod common;

use std::time::{Duration, Instant};

use actor_core::prelude::*;

use common::{Gated, Latch, PATIENCE};

/// Set in the child process of [`finished_calls_keep_no_timer`], which measures itself.
const MEASURE: &str = "ACTOR_CORE_TEST_MEASURE_TIMERS";

/// The resident memory of this process, in bytes (Linux).
fn resident_bytes() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: usize = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096
}

/// Makes `rounds` rounds of 1,000 quick calls, each with a ten-minute timeout.
fn quick_calls(actor: &common::GatedHandle, rounds: u32) {
    for round in 0..rounds {
        let calls: Vec<_> = (0..1000).map(|tag| actor.echo(round + tag)).collect();
        actor_core::get(calls).unwrap();
    }
}

#[test]
fn finished_calls_keep_no_timer() {
    if std::env::var_os(MEASURE).is_none() {
        // Measured in a process of its own, where no other test allocates meanwhile.
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "finished_calls_keep_no_timer", "--nocapture"])
            .env(MEASURE, "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stdout}\n{stderr}");
        assert!(stdout.contains("measured"), "{stdout}");
        return;
    }
    let actor = Gated::options()
        .timeout(Duration::from_secs(600))
        .remote()
        .unwrap();
    // Warm up: the runtime's threads, the allocator's arenas, the timer's table.
    quick_calls(&actor, 20);
    let before = resident_bytes();
    // 200,000 calls that each kept a timer for ten minutes cost about 100 MB.
    quick_calls(&actor, 200);
    let grown = resident_bytes().saturating_sub(before);
    println!("measured: resident memory grew by {} kB", grown / 1024);
    assert!(
        grown < 16 << 20,
        "200,000 finished calls kept {} MB: their timers were not freed",
        grown >> 20
    );
}

#[test]
fn a_timeout_below_a_millisecond_still_fails_a_call_that_does_not_finish() {
    for timeout in [
        Duration::ZERO,
        Duration::from_nanos(1),
        Duration::from_micros(100),
    ] {
        let actor = Gated::options().timeout(timeout).remote().unwrap();
        let gate = Latch::new();
        let held = actor.hold(Latch::new(), gate.clone(), 0);
        match held.get_timeout(PATIENCE) {
            Err(Error::Timeout { after }) => assert_eq!(after, timeout),
            other => panic!("a call held past its timeout of {timeout:?} gave {other:?}"),
        }
        gate.open();
    }
}

#[test]
fn a_timeout_fails_a_call_once_it_passes_not_before() {
    let timeout = Duration::from_millis(30);
    let actor = Gated::options().timeout(timeout).remote().unwrap();
    let (started, gate) = (Latch::new(), Latch::new());
    let made = Instant::now();
    let held = actor.hold(started.clone(), gate.clone(), 0);
    match held.get_timeout(PATIENCE) {
        Err(Error::Timeout { after }) => assert_eq!(after, timeout),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(
        made.elapsed() >= timeout,
        "failed after {:?}",
        made.elapsed()
    );
    gate.open();
    // The actor goes on: its held call was dropped, and quick calls finish in time.
    assert_eq!(actor.echo(7).get_timeout(PATIENCE).unwrap(), 7);
}

#[test]
fn a_timeout_too_long_for_any_clock_never_fires() {
    let actor = Gated::options().timeout(Duration::MAX).remote().unwrap();
    assert_eq!(actor.echo(3).get_timeout(PATIENCE).unwrap(), 3);
}
