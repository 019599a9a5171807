//! The contenders: one module per framework, each behind the same two traits.

use std::time::Duration;

pub mod actix;
pub mod actor_core;
pub mod actor_core_dashboard;
pub mod actor_core_isolated;
#[cfg(actor_core_tasks)]
pub mod actor_core_tasks;
pub mod floor;
pub mod floor_tasks;
pub mod kameo;
pub mod ractor;
pub mod raw_echo_server;
pub mod raw_socket;
pub mod raw_wire;

/// What a scenario returns: the time of its timed section, or why it failed.
pub type Timed = Result<Duration, String>;

/// The actor scenarios, each written in a framework's own idiom.
///
/// Every method sets up what it needs (actors, callers) untimed, times only the calls, and
/// checks the counter afterwards where the scenario says so.
pub trait ActorBench {
    /// One caller, `calls` sequential round trips (`incr(1)`, then wait for the value).
    fn calls_sync(&mut self, calls: u64) -> Timed;
    /// The same round trips to an `async fn` method. A framework whose handlers are all of
    /// one kind measures the same as [`ActorBench::calls_sync`].
    fn calls_sync_async_method(&mut self, calls: u64) -> Timed {
        self.calls_sync(calls)
    }
    /// One caller: `rounds` times, submit `batch` calls, then wait for all of them.
    fn calls_async(&mut self, batch: u64, rounds: u64) -> Timed;
    /// `callers` callers, each `rounds` times submitting `batch` calls spread over all
    /// `actors` actors, then waiting for all of them.
    fn n_n(&mut self, callers: usize, actors: usize, batch: u64, rounds: u64) -> Timed;
    /// `messages` fire-and-forget `incr(1)`, then one call reads the counter (must match).
    fn tell(&mut self, messages: u64) -> Timed;
    /// `callers` callers each send `per_caller` fire-and-forget `incr(1)` to one actor.
    fn fan_in(&mut self, callers: usize, per_caller: u64) -> Timed;
    /// Two actors pass a counter back and forth until it reaches `hops`.
    fn ping_pong(&mut self, hops: u64) -> Timed;
    /// Spawns `actors` actors, calls each once and waits for every reply; the actors are
    /// alive (and idle) when this returns its time, and dropped afterwards.
    fn spawn_actors(&mut self, actors: u64) -> Timed;
}

/// The task scenarios (Ray's remote functions): only actor-core and the floor have them.
pub trait TaskBench {
    /// One caller, `tasks` sequential submissions of a tiny task, each waited for.
    fn tasks_sync(&mut self, tasks: u64) -> Timed;
    /// One caller: `rounds` times, submit `batch` tiny tasks, then wait for all.
    fn tasks_async(&mut self, batch: u64, rounds: u64) -> Timed;
    /// `callers` callers, each doing what `tasks_async` does.
    fn tasks_multi(&mut self, callers: usize, batch: u64, rounds: u64) -> Timed;
    /// `tasks` parallel Monte Carlo samplers of `samples` each, reporting progress every
    /// `report_every` samples; checks that the estimate of pi is sane.
    fn pi(&mut self, tasks: u32, samples: u64, report_every: u64) -> Timed;
}

/// The tiny task body of the task scenarios (Ray's `small_value`).
pub fn small_value() -> u64 {
    std::hint::black_box(1)
}

/// A fast, deterministic random generator (splitmix64), the same in every pi sampler.
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// A uniform float in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// Samples `n` points; returns how many fell inside the quarter circle.
///
/// Calls `report(done)` after every `report_every` samples.
pub fn sample_pi(n: u64, seed: u64, report_every: u64, mut report: impl FnMut(u64)) -> u64 {
    let mut rng = SplitMix::new(seed);
    let every = report_every.max(1);
    let (mut inside, mut done) = (0, 0);
    while done < n {
        let chunk = every.min(n - done);
        inside += count_inside(&mut rng, chunk);
        done += chunk;
        if done % every == 0 {
            report(done);
        }
    }
    inside
}

/// The sampling loop: `n` points from `rng`, counting those inside the quarter circle.
///
/// Never inlined, so that every contender runs this one copy of its machine code: inlined
/// into each caller, the compiler laid the loop out differently per contender (a constant
/// reloaded from memory in one, kept in a register in the other), a 15% gap that said
/// nothing about the runtimes around it.
#[inline(never)]
fn count_inside(rng: &mut SplitMix, n: u64) -> u64 {
    let mut inside = 0;
    for _ in 0..n {
        let x = rng.next_f64();
        let y = rng.next_f64();
        if x * x + y * y <= 1.0 {
            inside += 1;
        }
    }
    inside
}

/// Checks the pi estimate from `inside` hits of `total` samples.
pub fn check_pi(inside: u64, total: u64) -> Result<(), String> {
    let pi = 4.0 * inside as f64 / total as f64;
    if (pi - std::f64::consts::PI).abs() < 0.05 {
        Ok(())
    } else {
        Err(format!("pi estimate {pi} is off"))
    }
}

/// Checks a counter read after `expected` increments.
pub fn check_count(actual: u64, expected: u64) -> Result<(), String> {
    if actual == expected {
        Ok(())
    } else {
        Err(format!("counter is {actual}, expected {expected}"))
    }
}

/// The threads of a multi-threaded runtime: one per core, as `#[tokio::main]` does.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// A multi-threaded tokio runtime, as `#[tokio::main]` builds it.
pub fn tokio_runtime(name: &str) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores())
        .thread_name(name)
        .enable_all()
        .build()
        .expect("the OS refused the runtime's threads")
}

/// How many calls of a batch of `batch` go to each of `actors` actors (at least one).
pub fn per_actor(batch: u64, actors: usize) -> u64 {
    (batch / actors as u64).max(1)
}
