//! An actor tree, the pattern the Ray tutorial announces next: a supervisor actor creates
//! workers, hands them work items, collects the results and replaces a worker that dies,
//! which it learns from each worker's death notice (`actor_core::watch`).
//!
//! The driver talks to the supervisor only, except to kill a worker in the middle of the job;
//! the job must still finish with every result correct.
//!
//! With `--isolated`, each worker runs in a worker process of its own, restarted by actor-core
//! when it dies (`max_restarts`): the driver kills a worker's process with SIGKILL, as the OOM
//! killer would, the item it was computing fails with the signal, and the supervisor gives the
//! item again to the same handle, which now reaches a new process.
//!
//! `cargo run -p demos --bin actor_tree -- --workers 4 --items 40 --time-scale 0.2 [--isolated]`

use std::process::{Command, ExitCode};
use std::thread;
use std::time::Duration;

use actor_core::prelude::*;
use actor_core::state::{self, get_actor_info};
use actor_core::{ActorId, ActorState, DeathCause};
use clap::Parser;
use clap::builder::RangedU64ValueParser;
use demos::{parse_time_scale, scaled};
use futures::future::{BoxFuture, FutureExt};
use futures::stream::{FuturesUnordered, StreamExt};
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

    /// The id of the process the worker runs in.
    pub fn pid(&self) -> u32 {
        std::process::id()
    }
}

/// Restarts allowed to a worker in a process of its own: each is killed at most once.
const ISOLATED_RESTARTS: i32 = 1;

/// A new worker spending `item_time` per item; in a worker process of its own, restarted
/// when the process dies, if `isolated`.
fn start_worker(item_time: Duration, isolated: bool) -> Result<WorkerHandle, String> {
    let options = Worker::options().isolated(isolated);
    let options = if isolated {
        options.max_restarts(ISOLATED_RESTARTS)
    } else {
        options
    };
    options
        .remote(item_time)
        .map_err(|error| format!("cannot start a worker: {error}"))
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
    /// Whether each worker runs in a worker process of its own.
    isolated: bool,
}

/// What the supervisor waits for: a worker's answer, or a worker's death.
enum Event {
    /// The worker `worker` in `slot` answered item number `index`.
    Answered {
        slot: usize,
        worker: ActorId,
        index: usize,
        outcome: Result<u64, Error>,
    },
    /// The worker in `slot` died (its death notice resolved).
    Died {
        slot: usize,
        cause: Result<DeathCause, Error>,
    },
}

/// Sends item number `index` to the worker in `slot`; resolves when the worker answers.
fn submit(
    workers: &[WorkerHandle],
    slot: usize,
    index: usize,
    item: u64,
) -> BoxFuture<'static, Event> {
    let worker = workers[slot].actor_id();
    let call = workers[slot].compute(item);
    async move {
        let outcome = call.await;
        Event::Answered {
            slot,
            worker,
            index,
            outcome,
        }
    }
    .boxed()
}

/// Resolves when the worker in `slot` dies.
fn watch_worker(workers: &[WorkerHandle], slot: usize) -> BoxFuture<'static, Event> {
    let notice = actor_core::watch(&workers[slot]);
    async move {
        let cause = notice.await;
        Event::Died { slot, cause }
    }
    .boxed()
}

#[actor]
impl Supervisor {
    /// A supervisor with `num_workers` workers, each spending `item_time` per item, each in
    /// a worker process of its own if `isolated`.
    pub fn new(num_workers: usize, item_time: Duration, isolated: bool) -> Result<Self, String> {
        let workers = (0..num_workers)
            .map(|_| start_worker(item_time, isolated))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            workers,
            item_time,
            isolated,
        })
    }

    /// The current workers, in slot order.
    pub fn workers(&self) -> Vec<WorkerHandle> {
        self.workers.clone()
    }

    /// Computes every item, one at a time per worker. A worker that dies is replaced by a
    /// new one, which gets the item the dead one was working on.
    pub async fn run(&mut self, items: Vec<u64>) -> Result<JobReport, String> {
        let mut results = vec![None; items.len()];
        let mut computed = 0;
        let mut replacements = Vec::new();
        let mut next_items = items.iter().copied().enumerate();
        // The item each slot's worker is computing.
        let mut busy = vec![None; self.workers.len()];
        let mut events = FuturesUnordered::new();
        for (slot, busy) in busy.iter_mut().enumerate() {
            events.push(watch_worker(&self.workers, slot));
            *busy = next_items.next().map(|(index, item)| {
                events.push(submit(&self.workers, slot, index, item));
                index
            });
        }
        while computed < items.len() {
            let event = events.next().await.ok_or("the job stalled")?;
            match event {
                Event::Answered {
                    slot,
                    worker,
                    index,
                    outcome: Ok(value),
                } => {
                    if results[index].replace(value).is_none() {
                        computed += 1;
                    }
                    // An answer of a worker that died since, whose item went to another.
                    if worker != self.workers[slot].actor_id() {
                        continue;
                    }
                    busy[slot] = next_items.next().map(|(index, item)| {
                        events.push(submit(&self.workers, slot, index, item));
                        index
                    });
                }
                // The worker's process died and actor-core starts a new one behind the same
                // handle (`max_restarts`): the item goes to it again. Unless the worker is
                // dead for good: its death notice says so, and the supervisor acts on that.
                Event::Answered {
                    slot,
                    worker,
                    index,
                    outcome:
                        Err(Error::ActorDied {
                            cause: DeathCause::WorkerDied { exit },
                            ..
                        }),
                } if worker == self.workers[slot].actor_id()
                    && !matches!(self.workers[slot].state(), ActorState::Dead { .. })
                    && replacements.len() < items.len() =>
                {
                    events.push(submit(&self.workers, slot, index, items[index]));
                    replacements.push(format!(
                        "worker {slot} lost item {} (its worker process died: {exit}); \
                         gave the item again to the same handle, restarted in a new process",
                        items[index]
                    ));
                }
                // The worker's death notice says it too, and the supervisor acts on that.
                Event::Answered {
                    outcome: Err(Error::ActorDied { .. }),
                    ..
                } => {}
                Event::Answered {
                    index,
                    outcome: Err(error),
                    ..
                } => return Err(format!("item {} failed: {error}", items[index])),
                // Bounded, so that workers that always die cannot keep the job going forever.
                Event::Died { slot, cause } if replacements.len() < items.len() => {
                    let cause = cause.map_err(|error| error.to_string())?;
                    self.workers[slot] = start_worker(self.item_time, self.isolated)?;
                    events.push(watch_worker(&self.workers, slot));
                    replacements.push(match busy[slot] {
                        Some(index) => {
                            events.push(submit(&self.workers, slot, index, items[index]));
                            format!(
                                "worker {slot} died working on item {} ({cause}); \
                                 started a new worker and resubmitted the item",
                                items[index]
                            )
                        }
                        None => format!("worker {slot} died idle ({cause}); started a new worker"),
                    });
                }
                Event::Died { slot, .. } => {
                    return Err(format!("worker {slot} died, and too many died before it"));
                }
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
    /// Runs each worker in a worker process of its own, restarted when it dies; the driver
    /// kills the process with SIGKILL rather than the actor.
    #[arg(long)]
    isolated: bool,
    /// The dashboard, if asked for.
    #[command(flatten)]
    dashboard: demos::DashboardArg,
}

#[actor_core::main]
fn main() -> ExitCode {
    demos::init_tracing();
    let args = Args::parse();
    demos::exit_code(args.dashboard.run_then_serve(|| run(&args)))
}

/// Runs the demo; returns the supervisor, which holds the workers (the dashboard shows them
/// while it serves).
fn run(args: &Args) -> Result<SupervisorHandle, String> {
    let item_time = scaled(0.1, args.time_scale);
    let supervisor = Supervisor::remote(args.workers, item_time, args.isolated);
    let workers = supervisor
        .workers()
        .get()
        .map_err(|error| error.to_string())?;
    println!(
        "Supervisor with {} workers, job of {} items ({item_time:?} each)",
        args.workers, args.items
    );
    // The workers' processes, if they have their own.
    let pids = if args.isolated {
        let pids = actor_core::get(workers.iter().map(WorkerHandle::pid));
        let pids = pids.map_err(|error| error.to_string())?;
        println!(
            "Workers in processes of their own: pids {pids:?} (the driver is pid {})",
            std::process::id()
        );
        Some(pids)
    } else {
        None
    };

    let items: Vec<u64> = (1..=args.items).collect();
    let job = supervisor.run(items.clone());
    let victims = &workers[..args.kills.min(workers.len())];
    let killed = kill_when_busy(victims, pids.as_deref(), &job)?;
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
    if let Some(pids) = &pids {
        print_restarted(&victims[..killed], pids)?;
    }

    print!("Telemetry recorded by actor-core:\n{}", state::summary());
    Ok(supervisor)
}

/// Kills each of `victims` as soon as it has finished an item of `job` (the state API tells),
/// unless the job is over by then: the actor, or with SIGKILL its process, when the workers
/// have processes of their own (`pids`). Returns how many it killed; the supervisor replaces
/// each.
fn kill_when_busy<T: Send + 'static>(
    victims: &[WorkerHandle],
    pids: Option<&[u32]>,
    job: &ObjectRef<T>,
) -> Result<usize, String> {
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
        if let Some(pids) = pids {
            sigkill(pids[slot])?;
            println!(
                "Killed the process of worker {slot} (pid {}) with SIGKILL in the middle of the job",
                pids[slot]
            );
        } else {
            actor_core::kill(victim);
            println!(
                "Killed worker {slot} ({}) in the middle of the job",
                victim.actor_id()
            );
        }
        killed += 1;
    }
    Ok(killed)
}

/// Kills the process `pid` with SIGKILL, as the OOM killer does (through `kill -9`).
fn sigkill(pid: u32) -> Result<(), String> {
    let status = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .map_err(|error| format!("cannot run `kill`: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`kill -9 {pid}` failed ({status})"))
    }
}

/// Shows that each of `victims`, whose processes (`old_pids`) were killed, answers through
/// the same handle from a new process, restarted once.
fn print_restarted(victims: &[WorkerHandle], old_pids: &[u32]) -> Result<(), String> {
    for (slot, (victim, old_pid)) in victims.iter().zip(old_pids).enumerate() {
        let pid = victim.pid().get().map_err(|error| error.to_string())?;
        let info = get_actor_info(victim.actor_id()).ok_or("the killed worker is not listed")?;
        println!(
            "Worker {slot}: the same handle now reaches pid {pid} (was {old_pid}), \
             restarts: {}",
            info.num_restarts
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use actor_core::__private::{WireActor, decode_wire};

    use super::*;

    #[test]
    fn every_message_survives_the_trip_through_bytes() {
        demos::assert_wire_round_trip::<Worker>(&[
            WorkerMessage::Compute { item: 27 },
            WorkerMessage::Pid {},
        ]);
        demos::assert_wire_round_trip::<Supervisor>(&[
            SupervisorMessage::Workers {},
            SupervisorMessage::Run {
                items: vec![1, 2, 3],
            },
        ]);
    }

    #[test]
    fn a_call_made_from_bytes_runs_on_the_actor_and_its_reply_decodes() {
        let worker = Worker::remote(Duration::ZERO);
        let call = Worker::encode_call(&WorkerMessage::Compute { item: 27 }).expect("encodes");
        let reply = Worker::call_encoded(worker.actor_ref(), &call).expect("a call of this class");
        let bytes = futures::executor::block_on(reply).expect("the call ran");
        let steps: u64 = decode_wire("the reply", &bytes).expect("decodes");
        assert_eq!(steps, collatz_steps(27));
    }
}
