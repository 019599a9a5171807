//! Use an actor to keep track of progress: the second program of the Ray actor tutorial.
//!
//! Sampling tasks estimate π and report their progress to a `ProgressPi` actor, which the
//! driver polls until every sample is drawn.
//!
//! `cargo run --release -p demos --bin progress_pi -- --tasks 2 --samples 10000000`

use std::collections::HashMap;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use actor_core::prelude::*;
use clap::Parser;
use demos::{parse_time_scale, scaled};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

/// Keeps track of how many samples each sampling task has drawn.
#[actor]
#[derive(Debug)]
pub struct ProgressPi {
    total_num_samples: u64,
    num_samples_completed_per_task: HashMap<u32, u64>,
}

#[actor]
impl ProgressPi {
    /// A tracker for `total_num_samples` samples over all tasks.
    pub fn new(total_num_samples: u64) -> Self {
        Self {
            total_num_samples,
            num_samples_completed_per_task: HashMap::new(),
        }
    }

    /// Records that task `task_id` has drawn `num_samples_completed` samples so far.
    pub fn report_progress(&mut self, task_id: u32, num_samples_completed: u64) {
        self.num_samples_completed_per_task
            .insert(task_id, num_samples_completed);
    }

    /// The share of all samples drawn so far, from 0 to 1.
    pub fn get_progress(&self) -> f64 {
        let completed: u64 = self.num_samples_completed_per_task.values().sum();
        completed as f64 / self.total_num_samples.max(1) as f64
    }
}

/// Draws `num_samples` points in the square [-1, 1)² and returns how many fall in the unit
/// circle, reporting its progress to `progress` every `frequency` samples.
#[task]
fn sampling_task(
    num_samples: u64,
    task_id: u32,
    progress: ProgressPiHandle,
    frequency: u64,
) -> u64 {
    // A fast generator, not a cryptographic one: enough for sampling.
    let mut rng = SmallRng::from_rng(&mut rand::rng());
    let mut num_inside = 0;
    for i in 1..=num_samples {
        let (x, y): (f64, f64) = (rng.random_range(-1.0..1.0), rng.random_range(-1.0..1.0));
        if x.hypot(y) <= 1.0 {
            num_inside += 1;
        }
        if i % frequency == 0 {
            // Fire-and-forget: the report is queued at once; its reply is not needed.
            drop(progress.report_progress(task_id, i));
        }
    }
    drop(progress.report_progress(task_id, num_samples));
    num_inside
}

/// Estimates π with sampling tasks, showing their progress.
#[derive(Debug, Parser)]
struct Args {
    /// Sampling tasks (default: one per CPU).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    tasks: Option<u32>,
    /// Samples drawn by each task.
    #[arg(long, default_value_t = 10_000_000, value_parser = clap::value_parser!(u64).range(1..))]
    samples: u64,
    /// Samples between two progress reports of a task.
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..))]
    frequency: u64,
    /// Multiplies the time between two progress polls (1 s at 1).
    #[arg(long, default_value_t = 1.0, value_parser = parse_time_scale)]
    time_scale: f64,
    /// The dashboard, if asked for.
    #[command(flatten)]
    dashboard: demos::DashboardArg,
}

#[actor_core::main]
fn main() -> ExitCode {
    demos::init_tracing();
    let args = Args::parse();
    let run = || run(&args).map_err(|error| error.to_string());
    demos::exit_code(args.dashboard.run_then_serve(run))
}

/// Runs the demo; returns its progress actor (the dashboard shows it while it serves).
fn run(args: &Args) -> Result<ProgressPiHandle, Error> {
    let cpus = actor_core::cluster_resources()
        .get("CPU")
        .copied()
        .unwrap_or(1.0);
    let num_tasks = args.tasks.unwrap_or(cpus as u32).max(1);
    let total_num_samples = u64::from(num_tasks) * args.samples;
    let progress_actor = ProgressPi::remote(total_num_samples);

    let started = Instant::now();
    let results: Vec<ObjectRef<u64>> = (0..num_tasks)
        .map(|task_id| {
            let progress = progress_actor.clone();
            sampling_task::remote(args.samples, task_id, progress, args.frequency)
        })
        .collect();
    let results = show_progress(&progress_actor, results, scaled(1.0, args.time_scale))?;
    let total_num_inside: u64 = actor_core::get(results)?.iter().sum();
    let elapsed = started.elapsed().as_secs_f64();

    let pi = 4.0 * total_num_inside as f64 / total_num_samples as f64;
    println!("Estimated value of π is: {pi}");
    println!("Error: {:.6}", (pi - std::f64::consts::PI).abs());
    let cores = f64::from(num_tasks).min(cpus);
    let rate = total_num_samples as f64 / elapsed / cores;
    println!(
        "{num_tasks} tasks on {cores} cores in {elapsed:.2} s: {rate:.0} samples per second per core"
    );
    print!(
        "Telemetry recorded by actor-core:\n{}",
        actor_core::state::summary()
    );
    Ok(progress_actor)
}

/// Shows the progress every `poll` until it reaches 100%: a bar on a terminal, else lines
/// `Progress: N%`. Hands `results` back.
///
/// Between two polls it waits on `results` rather than sleeping, so that it stops as soon
/// as the last task is done (whose last report is queued on the actor before it returns).
fn show_progress(
    progress_actor: &ProgressPiHandle,
    mut results: Vec<ObjectRef<u64>>,
    poll: Duration,
) -> Result<Vec<ObjectRef<u64>>, Error> {
    let bar = std::io::stdout().is_terminal().then(|| {
        let style = ProgressStyle::with_template("{bar:40} {pos:>3}% {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        ProgressBar::with_draw_target(Some(100), ProgressDrawTarget::stdout()).with_style(style)
    });
    loop {
        let progress = progress_actor.get_progress().get()?;
        let percent = (progress * 100.0) as u64;
        match &bar {
            Some(bar) => bar.set_position(percent),
            None => println!("Progress: {percent}%"),
        }
        if progress >= 1.0 {
            break;
        }
        let (ready, pending) = actor_core::wait(results, usize::MAX, Some(poll))?;
        results = ready.into_iter().chain(pending).collect();
    }
    if let Some(bar) = bar {
        bar.finish();
        println!(); // The bar leaves the cursor on its line.
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use actor_core::__private::{WireActor, decode_wire};

    use super::*;

    #[test]
    fn every_message_survives_the_trip_through_bytes() {
        demos::assert_wire_round_trip::<ProgressPi>(&[
            ProgressPiMessage::ReportProgress {
                task_id: 3,
                num_samples_completed: 1_000,
            },
            ProgressPiMessage::GetProgress {},
        ]);
    }

    #[test]
    fn a_call_made_from_bytes_runs_on_the_actor_and_its_reply_decodes() {
        let progress = ProgressPi::remote(1_000);
        let report = ProgressPiMessage::ReportProgress {
            task_id: 0,
            num_samples_completed: 250,
        };
        let call = ProgressPi::encode_call(&report).expect("encodes");
        let reply =
            ProgressPi::call_encoded(progress.actor_ref(), &call).expect("a call of this class");
        let bytes = futures::executor::block_on(reply).expect("the call ran");
        let (): () = decode_wire("the reply", &bytes).expect("decodes");
        assert_eq!(progress.get_progress().get().expect("a local call"), 0.25);
    }
}
