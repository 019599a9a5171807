//! An actor tree, the pattern the Ray tutorial announces next: a supervisor actor creates
//! workers, hands them work items, collects the results and replaces a worker that dies.
//!
//! The driver talks to the supervisor only, except to kill a worker in the middle of the job;
//! the job must still finish with every result correct.
//!
//! `cargo run -p demos --bin actor_tree -- --workers 4 --items 40 --time-scale 0.2`

use std::future::Future;
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use actor_core::prelude::*;
use actor_core::state::{self, get_actor_info};
use clap::Parser;
use clap::builder::RangedU64ValueParser;
use demos::{parse_time_scale, scaled};
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use serde::{Deserialize, Serialize};

/// The computation of one work item: the number of Collatz steps from `item` down to 1.
fn collatz_steps(item: u64) -> u64 {
    let (mut n, mut steps) = (item.max(1), 0);
    while n != 1 {
        n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
        steps += 1;
    }
    steps
}

/// A leaf of the tree: computes one item at a time, taking `item_time` for each.
///
/// `blocking`: `compute` blocks its thread, so it runs off the runtime's shared threads from
/// the first call on, and the supervisor never waits behind a worker's first item.
#[actor(blocking)]
#[derive(Debug)]
pub struct Worker {
    item_time: Duration,
}

#[actor]
impl Worker {
    /// A worker that spends `item_time` on every item (standing for real work).
    pub fn new(item_time: Duration) -> Self {
        Self { item_time }
    }

    /// The result of `item`.
    pub fn compute(&mut self, item: u64) -> u64 {
        thread::sleep(self.item_time);
        collatz_steps(item)
    }
}

/// What a job produced, and what it took to finish it.
#[derive(Debug, Serialize, Deserialize)]
pub struct JobReport {
    /// The result of every item, in the order of the items.
    pub results: Vec<u64>,
    /// One line per worker that died and was replaced.
    pub replacements: Vec<String>,
}

/// The root of the tree: owns the workers and spreads a job over them.
#[actor]
#[derive(Debug)]
pub struct Supervisor {
    workers: Vec<WorkerHandle>,
    item_time: Duration,
}

/// Where an item went, and what came back.
type Outcome = (usize, usize, Result<u64, Error>);

/// Sends item number `index` to the worker in `slot`; resolves when the worker answers.
fn submit(
    workers: &[WorkerHandle],
    slot: usize,
    index: usize,
    item: u64,
) -> impl Future<Output = Outcome> + use<> {
    let call = workers[slot].compute(item);
    async move { (slot, index, call.await) }
}

#[actor]
impl Supervisor {
    /// A supervisor with `num_workers` workers, each spending `item_time` per item.
    pub fn new(num_workers: usize, item_time: Duration) -> Self {
        let workers = (0..num_workers)
            .map(|_| Worker::remote(item_time))
            .collect();
        Self { workers, item_time }
    }

    /// The current workers, in slot order.
    pub fn workers(&self) -> Vec<WorkerHandle> {
        self.workers.clone()
    }

    /// Computes every item, one at a time per worker. A worker that dies is replaced by a
    /// new one, which gets the item the dead one was working on.
    pub async fn run(&mut self, items: Vec<u64>) -> Result<JobReport, String> {
        let mut results = vec![None; items.len()];
        let mut replacements = Vec::new();
        let mut next_items = items.iter().copied().enumerate();
        let mut in_flight = FuturesUnordered::new();
        for slot in 0..self.workers.len() {
            if let Some((index, item)) = next_items.next() {
                in_flight.push(submit(&self.workers, slot, index, item));
            }
        }
        while let Some((slot, index, outcome)) = in_flight.next().await {
            match outcome {
                Ok(value) => {
                    results[index] = Some(value);
                    if let Some((index, item)) = next_items.next() {
                        in_flight.push(submit(&self.workers, slot, index, item));
                    }
                }
                // Bounded, so that workers that always die cannot keep the job going forever.
                Err(error @ Error::ActorDied { .. }) if replacements.len() < items.len() => {
                    self.workers[slot] = Worker::remote(self.item_time);
                    replacements.push(format!(
                        "worker {slot} died working on item {}: {error}; \
                         started a new worker and resubmitted the item",
                        items[index]
                    ));
                    in_flight.push(submit(&self.workers, slot, index, items[index]));
                }
                Err(error) => return Err(format!("item {} failed: {error}", items[index])),
            }
        }
        let results = results.into_iter().collect::<Option<Vec<u64>>>();
        let results = results.ok_or("an item was never computed")?;
        Ok(JobReport {
            results,
            replacements,
        })
    }
}

/// Runs a job on a supervisor and its workers, killing workers in the middle of it.
#[derive(Debug, Parser)]
struct Args {
    /// Workers under the supervisor.
    #[arg(long, default_value_t = 4, value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    workers: usize,
    /// Items in the job (the numbers 1 to ITEMS).
    #[arg(long, default_value_t = 40)]
    items: u64,
    /// Workers the driver kills, each once it has finished an item.
    #[arg(long, default_value_t = 1)]
    kills: usize,
    /// Multiplies the time of an item (100 ms at 1).
    #[arg(long, default_value_t = 1.0, value_parser = parse_time_scale)]
    time_scale: f64,
}

fn main() -> ExitCode {
    demos::exit_code(run(&Args::parse()))
}

fn run(args: &Args) -> Result<(), String> {
    let item_time = scaled(0.1, args.time_scale);
    let supervisor = Supervisor::remote(args.workers, item_time);
    let workers = supervisor
        .workers()
        .get()
        .map_err(|error| error.to_string())?;
    println!(
        "Supervisor with {} workers, job of {} items ({item_time:?} each)",
        args.workers, args.items
    );

    let items: Vec<u64> = (1..=args.items).collect();
    let job = supervisor.run(items.clone());
    let victims = &workers[..args.kills.min(workers.len())];
    let killed = kill_when_busy(victims, &job);
    let report = job.get().map_err(|error| error.to_string())??;
    for line in &report.replacements {
        println!("Supervisor: {line}");
    }
    println!("Results: {:?}", report.results);
    let expected: Vec<u64> = items.iter().map(|&item| collatz_steps(item)).collect();
    if report.results != expected {
        return Err(format!("wrong results; expected {expected:?}"));
    }
    println!(
        "All {} results are correct; workers killed: {killed}, replaced: {}",
        report.results.len(),
        report.replacements.len()
    );

    print!("Telemetry recorded by actor-core:\n{}", state::summary());
    Ok(())
}

/// Kills each of `victims` as soon as it has finished an item of `job` (the state API tells),
/// unless the job is over by then. Returns how many it killed.
///
/// A worker killed after its last item is never called again, so the supervisor does not
/// notice its death; one killed earlier is replaced.
fn kill_when_busy<T: Send + 'static>(victims: &[WorkerHandle], job: &ObjectRef<T>) -> usize {
    let finished_items = |victim: &WorkerHandle| {
        get_actor_info(victim.actor_id())
            .and_then(|info| info.method("compute").map(|stats| stats.calls))
            .unwrap_or(0)
    };
    let mut killed = 0;
    for (slot, victim) in victims.iter().enumerate() {
        while finished_items(victim) == 0 && !job.is_ready() {
            thread::sleep(Duration::from_millis(1));
        }
        if job.is_ready() {
            println!("The job finished before worker {slot} could be killed");
            break;
        }
        actor_core::kill(victim);
        killed += 1;
        println!(
            "Killed worker {slot} ({}) in the middle of the job",
            victim.actor_id()
        );
    }
    killed
}
