//! Side-by-side benchmarks of actor-core against a hand-written tokio actor (the floor),
//! kameo, actix and ractor, in scenarios named after Ray's microbenchmarks.
//!
//! `cargo run --release` runs everything and writes ../BENCHMARKS.md and chart.svg;
//! `--quick` runs every scenario once with tiny counts (CI); see `--help`.

mod fw;
mod machine;
mod report;
mod scenario;

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clap::Parser;

use fw::actix::Actix;
use fw::actor_core::{ActorCore, ActorCoreActors};
use fw::actor_core_dashboard::Dashboard;
use fw::actor_core_isolated::ActorCoreIsolated;
use fw::floor::Floor;
use fw::floor_tasks::FloorTasks;
use fw::kameo::Kameo;
use fw::ractor::Ractor;
use fw::raw_socket::RawSocket;
use fw::{ActorBench, TaskBench};
use report::{Cell, Results, Sample};
use scenario::{Counts, Kind, Scenario};

#[derive(Parser, Debug)]
#[command(
    about = "actor-core side by side with a hand-written tokio actor, kameo, actix and ractor"
)]
struct Cli {
    /// Tiny counts, one run per pair, no warm-up: checks that every scenario still works.
    #[arg(long)]
    quick: bool,
    /// Print the results only; write neither BENCHMARKS.md nor the chart.
    #[arg(long)]
    no_write: bool,
    /// Measured runs per (scenario, framework) pair, interleaved across frameworks. Nine by
    /// default: the shared machines' CPUs change speed from minute to minute (the same
    /// single-threaded run differs by a third), and a median of nine moves less than of five.
    #[arg(long, default_value_t = 9)]
    runs: usize,
    /// Multiplies every count of work (1.0 = the counts of the issue).
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// Only these scenarios (comma-separated names, as in the report).
    #[arg(long, value_delimiter = ',')]
    scenarios: Vec<String>,
    /// Only these frameworks (comma-separated: floor, actor-core, actor-core-actors, kameo,
    /// actix, ractor). The floor is always kept: ratios need it.
    #[arg(long, value_delimiter = ',')]
    frameworks: Vec<String>,
    /// Where the report goes.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../BENCHMARKS.md"))]
    out: PathBuf,
    /// Where the chart goes.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/chart.svg"))]
    chart: PathBuf,
    /// Gives up (exit code 3) when the whole benchmark takes longer than this (seconds).
    #[arg(long, default_value_t = 1800)]
    timeout: u64,
    /// Fails a single run that takes longer than this (seconds).
    #[arg(long, default_value_t = 180)]
    run_timeout: u64,
    /// Internal: runs this scenario once in this process (a child of the harness).
    #[arg(long, hide = true)]
    child_run: Option<String>,
    /// Internal: the framework of --child-run.
    #[arg(long, hide = true)]
    child_fw: Option<String>,
    /// Internal: serves the raw socket baselines' echo at this socket (a child of a run).
    #[arg(long, hide = true)]
    raw_echo_server: Option<PathBuf>,
}

/// The contenders, each a column of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fw {
    Floor,
    ActorCore,
    ActorCoreActors,
    Kameo,
    Actix,
    Ractor,
}

impl Fw {
    pub const ALL: [Fw; 6] = [
        Fw::Floor,
        Fw::ActorCore,
        Fw::ActorCoreActors,
        Fw::Kameo,
        Fw::Actix,
        Fw::Ractor,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Fw::Floor => "floor",
            Fw::ActorCore => "actor-core",
            Fw::ActorCoreActors => "actor-core-actors",
            Fw::Kameo => "kameo",
            Fw::Actix => "actix",
            Fw::Ractor => "ractor",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Fw::Floor => "floor (tokio)",
            Fw::ActorCore => "actor-core",
            Fw::ActorCoreActors => "actor-core (actor callers)",
            Fw::Kameo => "kameo",
            Fw::Actix => "actix",
            Fw::Ractor => "ractor",
        }
    }

    fn from_key(key: &str) -> Option<Fw> {
        Fw::ALL.into_iter().find(|fw| fw.key() == key)
    }

    /// Whether this contender has a row in `scenario` at all.
    fn takes_part(self, scenario: Scenario) -> bool {
        match scenario.kind() {
            Kind::Task => matches!(self, Fw::Floor | Fw::ActorCore),
            // Ping-pong has no caller, and spawning none either: the same as actor-core.
            Kind::Actor => !matches!(
                (self, scenario),
                (
                    Fw::ActorCoreActors,
                    Scenario::PingPong | Scenario::ActorsPerSecond
                )
            ),
            Kind::Dashboard => self == Fw::ActorCore,
            // The raw baselines are hand-written, as the floor is; only actor-core has
            // process isolation.
            Kind::Remote if scenario.is_raw_baseline() => self == Fw::Floor,
            Kind::Remote => self == Fw::ActorCore,
        }
    }
}

/// Why actor-core's task rows are empty, while actor-core does not export `#[task]`.
#[cfg(not(actor_core_tasks))]
pub const TASKS_MISSING: Option<&str> =
    Some("not yet available: actor-core does not export `#[task]` yet");
#[cfg(actor_core_tasks)]
pub const TASKS_MISSING: Option<&str> = None;

/// The runtimes of every contender, made on first use and kept for every run.
#[derive(Default)]
struct Contenders {
    floor: Option<Floor>,
    actor_core: Option<ActorCore>,
    actor_core_actors: Option<ActorCoreActors>,
    kameo: Option<Kameo>,
    actix: Option<Actix>,
    ractor: Option<Ractor>,
    floor_tasks: Option<FloorTasks>,
    #[cfg(actor_core_tasks)]
    actor_core_tasks: Option<fw::actor_core_tasks::ActorCoreTasks>,
    dashboard: Option<Dashboard>,
    raw_socket: Option<RawSocket>,
    isolated: Option<ActorCoreIsolated>,
}

impl Contenders {
    fn actors(&mut self, fw: Fw) -> &mut dyn ActorBench {
        match fw {
            Fw::Floor => self.floor.get_or_insert_with(Floor::new),
            Fw::ActorCore => self.actor_core.get_or_insert_with(ActorCore::new),
            Fw::ActorCoreActors => self
                .actor_core_actors
                .get_or_insert_with(ActorCoreActors::new),
            Fw::Kameo => self.kameo.get_or_insert_with(Kameo::new),
            Fw::Actix => self.actix.get_or_insert_with(Actix::new),
            Fw::Ractor => self.ractor.get_or_insert_with(Ractor::new),
        }
    }

    fn tasks(&mut self, fw: Fw) -> Result<&mut dyn TaskBench, String> {
        match fw {
            Fw::Floor => Ok(self.floor_tasks.get_or_insert_with(FloorTasks::new)),
            #[cfg(actor_core_tasks)]
            Fw::ActorCore => Ok(self
                .actor_core_tasks
                .get_or_insert_with(fw::actor_core_tasks::ActorCoreTasks::new)),
            _ => Err(format!("{} has no task API", fw.label())),
        }
    }

    fn dashboard(&mut self, fw: Fw) -> Result<&mut Dashboard, String> {
        if fw != Fw::ActorCore {
            return Err(format!("{} has no dashboard", fw.label()));
        }
        if self.dashboard.is_none() {
            self.dashboard = Some(Dashboard::new()?);
        }
        self.dashboard
            .as_mut()
            .ok_or_else(|| "the dashboard did not start".to_owned())
    }

    fn raw_socket(&mut self, fw: Fw) -> Result<&mut RawSocket, String> {
        if fw != Fw::Floor {
            return Err(format!("{} does not run the raw baselines", fw.label()));
        }
        Ok(self.raw_socket.get_or_insert_with(RawSocket::new))
    }

    fn isolated(&mut self, fw: Fw) -> Result<&mut ActorCoreIsolated, String> {
        if fw != Fw::ActorCore {
            return Err(format!("{} has no isolated actors", fw.label()));
        }
        Ok(self.isolated.get_or_insert_with(ActorCoreIsolated::new))
    }
}

/// What the scenario and contender are that run now, for the watchdog's message.
static CURRENT: Mutex<String> = Mutex::new(String::new());

fn set_current(text: String) {
    *CURRENT.lock().unwrap_or_else(|p| p.into_inner()) = text;
}

/// Ends the process if the benchmark hangs: every scenario must finish.
fn start_watchdog(limit: Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(limit);
        let current = CURRENT.lock().unwrap_or_else(|p| p.into_inner()).clone();
        eprintln!(
            "bench: gave up after {}s, during {current}",
            limit.as_secs()
        );
        std::process::exit(3);
    });
}

fn counts_of(cli: &Cli) -> Counts {
    if cli.quick {
        Counts::quick()
    } else {
        Counts::full().scaled(cli.scale)
    }
}

/// Runs `scenario` once with `fw` in this process; returns the time of its timed section.
fn run_scenario(contenders: &mut Contenders, fw: Fw, scenario: Scenario, c: &Counts) -> fw::Timed {
    match scenario {
        Scenario::CallsSync => contenders.actors(fw).calls_sync(c.calls_sync),
        Scenario::CallsSyncAsyncMethod => {
            contenders.actors(fw).calls_sync_async_method(c.calls_sync)
        }
        Scenario::CallsAsync => contenders
            .actors(fw)
            .calls_async(c.async_batch, c.async_rounds),
        Scenario::NN => {
            contenders
                .actors(fw)
                .n_n(c.nn_callers, c.nn_actors, c.nn_batch, c.nn_rounds)
        }
        Scenario::Tell => contenders.actors(fw).tell(c.tell),
        Scenario::FanIn => contenders
            .actors(fw)
            .fan_in(c.fan_in_callers, c.fan_in_per_caller),
        Scenario::PingPong => contenders.actors(fw).ping_pong(c.ping_hops),
        Scenario::ActorsPerSecond => contenders.actors(fw).spawn_actors(c.actors),
        Scenario::TasksSync => contenders.tasks(fw)?.tasks_sync(c.tasks_sync),
        Scenario::TasksAsync => contenders
            .tasks(fw)?
            .tasks_async(c.tasks_batch, c.tasks_rounds),
        Scenario::TasksMulti => {
            contenders
                .tasks(fw)?
                .tasks_multi(c.multi_callers, c.tasks_batch, c.multi_rounds)
        }
        Scenario::PiCompute => {
            contenders
                .tasks(fw)?
                .pi(c.pi_tasks, c.pi_samples, c.pi_report_every)
        }
        Scenario::DashboardApiPage => {
            contenders
                .dashboard(fw)?
                .get(c.dashboard_actors, "/api/actors", "\"total\":")
        }
        Scenario::DashboardActorsPage => {
            contenders
                .dashboard(fw)?
                .get(c.dashboard_actors, "/actors", "<table")
        }
        Scenario::DashboardMetrics => contenders.dashboard(fw)?.get(
            c.dashboard_actors,
            "/metrics",
            "actor_core_method_calls_total",
        ),
        Scenario::RawRoundTrip => contenders
            .raw_socket(fw)?
            .round_trip(c.raw_round_trips, c.payload_bytes),
        Scenario::RawPipelinedEcho => {
            contenders
                .raw_socket(fw)?
                .pipelined(c.raw_pipelined, c.remote_window, c.payload_bytes)
        }
        Scenario::RemoteCallsSync => contenders
            .isolated(fw)?
            .calls_sync(c.remote_calls_sync, c.payload_bytes),
        Scenario::RemoteCallsAsync => contenders.isolated(fw)?.calls_async(
            c.remote_calls_async,
            c.remote_window,
            c.payload_bytes,
        ),
        Scenario::RemoteTell => contenders
            .isolated(fw)?
            .tell(c.remote_tell, c.payload_bytes),
        Scenario::IsolatedActorsPerSecond => contenders
            .isolated(fw)?
            .spawn_isolated(c.isolated_actors)
            .map(|(elapsed, _)| elapsed),
    }
}

/// The child side of [`run_in_child`]: a warm-up, then the measured run, in a fresh
/// process. Prints `RESULT <nanos> <memory in kB> <slow call: 0|1>`, the memory being the
/// peak memory growth (actors_per_second) or the workers' resident memory
/// (isolated_actors_per_second).
fn child_run(cli: &Cli, name: &str, key: &str) -> ExitCode {
    let (Some(scenario), Some(fw)) = (
        Scenario::ALL.into_iter().find(|s| s.name() == name),
        Fw::from_key(key),
    ) else {
        eprintln!("bench: unknown scenario {name} or framework {key}");
        return ExitCode::FAILURE;
    };
    let counts = counts_of(cli);
    let mut contenders = Contenders::default();
    let result = (|| -> Result<(Duration, u64), String> {
        if scenario == Scenario::ActorsPerSecond {
            // Lazy statics and runtime threads come up before the baseline is read.
            contenders.actors(fw).spawn_actors(10)?;
            let hwm = || machine::status_kb("VmHWM").ok_or("no VmHWM in /proc/self/status");
            let before = hwm()?;
            let elapsed = run_scenario(&mut contenders, fw, scenario, &counts)?;
            return Ok((elapsed, hwm()?.saturating_sub(before)));
        }
        if scenario == Scenario::IsolatedActorsPerSecond {
            // One worker first: the private directory, the spawner and the runtime are up.
            contenders.isolated(fw)?.spawn_isolated(1)?;
            return contenders
                .isolated(fw)?
                .spawn_isolated(counts.isolated_actors);
        }
        if !cli.quick {
            run_scenario(&mut contenders, fw, scenario, &counts.clone().scaled(0.1))?;
        }
        Ok((run_scenario(&mut contenders, fw, scenario, &counts)?, 0))
    })();
    match result {
        Ok((elapsed, grown_kb)) => {
            let slow = fw::actor_core::take_demotion();
            println!(
                "RESULT {} {grown_kb} {}",
                elapsed.as_nanos(),
                u8::from(slow)
            );
            use std::io::Write;
            let _ = std::io::stdout().flush();
            // Tearing down (100,000 actors, runtimes) is not measured: leave at once.
            std::process::exit(0);
        }
        Err(error) => {
            eprintln!("bench: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The scenarios in groups whose runs are interleaved: each scenario alone, but the
/// isolated actors' rows and their raw baselines together (run 1 of each, then run 2 ...),
/// so that a ratio to a baseline compares runs made side by side, under the same load.
fn interleaved_groups(scenarios: Vec<Scenario>) -> Vec<Vec<Scenario>> {
    let mut groups: Vec<Vec<Scenario>> = Vec::new();
    for scenario in scenarios {
        match groups.last_mut() {
            Some(group)
                if scenario.kind() == Kind::Remote
                    && group.iter().all(|s| s.kind() == Kind::Remote) =>
            {
                group.push(scenario)
            }
            _ => groups.push(vec![scenario]),
        }
    }
    groups
}

/// An empty cell for each contender of `scenario`, or the reason it has none.
fn cells_of(scenario: Scenario, frameworks: &[Fw]) -> Vec<(Fw, Cell)> {
    let mut cells: Vec<(Fw, Cell)> = frameworks
        .iter()
        .filter(|fw| fw.takes_part(scenario))
        .map(|fw| (*fw, Cell::default()))
        .collect();
    if let (Kind::Task, Some(missing), Some((_, cell))) = (
        scenario.kind(),
        TASKS_MISSING,
        cells.iter_mut().find(|(fw, _)| *fw == Fw::ActorCore),
    ) {
        cell.unavailable = Some(missing.to_owned());
    }
    cells
}

/// Run `run` of `runs` of `fw` in `scenario`, in a child process, into `cell` and the log.
fn measure(
    cli: &Cli,
    fw: Fw,
    scenario: Scenario,
    counts: &Counts,
    (run, runs): (usize, usize),
    cell: &mut Cell,
) {
    let what = format!("run {run}/{runs}");
    set_current(format!("{} {what} of {}", scenario.name(), fw.label()));
    match run_in_child(cli, fw, scenario, counts) {
        Ok((sample, slow)) => {
            eprintln!(
                "{:<28} {:<8} {:<27} {}{}",
                scenario.name(),
                what,
                fw.label(),
                report::show_sample(scenario, &sample),
                if slow {
                    " (a call of a measured actor took > 2 ms: max_time in list_actors)"
                } else {
                    ""
                }
            );
            cell.samples.push(sample);
        }
        Err(error) => {
            eprintln!(
                "{:<28} {:<8} {:<27} ERROR: {error}",
                scenario.name(),
                what,
                fw.label()
            );
            cell.errors.push(error);
        }
    }
}

/// One measured run, made in a child process: this binary re-executed with `--child-run`.
/// A fresh process per run keeps the contenders apart (memory, threads, what a runtime
/// learnt in an earlier run) and gives actors_per_second its own peak memory.
fn run_in_child(
    cli: &Cli,
    fw: Fw,
    scenario: Scenario,
    counts: &Counts,
) -> Result<(Sample, bool), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut command = Command::new(exe);
    command.args(["--child-run", scenario.name(), "--child-fw", fw.key()]);
    if cli.quick {
        command.arg("--quick");
    } else {
        command.args(["--scale", &cli.scale.to_string()]);
    }
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start the child: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(cli.run_timeout);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("no result after {}s", cli.run_timeout));
            }
            Err(error) => return Err(error.to_string()),
        }
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stdout.take() {
        let _ = pipe.read_to_string(&mut stdout);
    }
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut stderr);
    }
    let line = stdout.lines().find_map(|line| line.strip_prefix("RESULT "));
    let (Some(line), true) = (line, status.success()) else {
        let tail: Vec<&str> = stderr.lines().rev().take(3).collect();
        return Err(format!(
            "child failed ({status}): {}",
            tail.into_iter().rev().collect::<Vec<_>>().join(" / ")
        ));
    };
    let fields: Vec<u64> = line
        .split_whitespace()
        .filter_map(|field| field.parse().ok())
        .collect();
    let [nanos, grown_kb, slow] = fields[..] else {
        return Err(format!("child printed {line:?}"));
    };
    let sample = Sample {
        figure: scenario.figure(counts, nanos as f64 / 1e9),
        bytes_per_actor: scenario
            .memory_divisor(counts)
            .map(|divisor| grown_kb as f64 * 1024.0 / divisor.max(1) as f64),
    };
    Ok((sample, slow == 1))
}

/// The harness, the child of one run, or the raw baselines' echo process. Through
/// `#[actor_core::main]`: a worker process of an isolated actor (this executable started
/// again by actor-core) serves its actor instead and never runs this.
#[actor_core::main]
fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(socket) = &cli.raw_echo_server {
        return fw::raw_echo_server::serve(socket);
    }
    if let (Some(name), Some(key)) = (&cli.child_run, &cli.child_fw) {
        return child_run(&cli, name, key);
    }
    start_watchdog(Duration::from_secs(cli.timeout));

    let counts = counts_of(&cli);
    let runs = if cli.quick { 1 } else { cli.runs.max(1) };
    for name in &cli.scenarios {
        if !Scenario::ALL.iter().any(|s| s.name() == name) {
            eprintln!("bench: unknown scenario {name}");
            return ExitCode::FAILURE;
        }
    }
    for key in &cli.frameworks {
        if Fw::from_key(key).is_none() {
            eprintln!("bench: unknown framework {key}");
            return ExitCode::FAILURE;
        }
    }
    let scenarios: Vec<Scenario> = Scenario::ALL
        .into_iter()
        .filter(|s| cli.scenarios.is_empty() || cli.scenarios.iter().any(|n| n == s.name()))
        .collect();
    let frameworks: Vec<Fw> = Fw::ALL
        .into_iter()
        .filter(|fw| {
            *fw == Fw::Floor
                || cli.frameworks.is_empty()
                || cli.frameworks.iter().any(|k| k == fw.key())
        })
        .collect();

    let mut results = Results::new(counts.clone(), runs, !cli.quick, frameworks.clone());
    results.load_before = machine::load_average();
    if let Some(missing) = TASKS_MISSING {
        eprintln!("actor-core tasks: {missing}; the task rows show the floor only");
    }
    let started = Instant::now();
    for group in interleaved_groups(scenarios) {
        let mut rows: Vec<(Scenario, Vec<(Fw, Cell)>)> = group
            .into_iter()
            .map(|scenario| (scenario, cells_of(scenario, &frameworks)))
            .collect();
        for run in 1..=runs {
            for (scenario, cells) in &mut rows {
                for (fw, cell) in cells.iter_mut() {
                    if cell.unavailable.is_none() {
                        measure(&cli, *fw, *scenario, &counts, (run, runs), cell);
                    }
                }
            }
        }
        results.rows.extend(rows);
    }
    results.load_after = machine::load_average();
    results.seconds = started.elapsed().as_secs_f64();
    let args: Vec<String> = std::env::args().skip(1).collect();
    results.command = if args.is_empty() {
        "cargo run --release".to_owned()
    } else {
        format!("cargo run --release -- {}", args.join(" "))
    };

    println!("{}", results.console_table());
    if !cli.no_write {
        let chart_link = report::relative_link(&cli.out, &cli.chart);
        let written = std::fs::write(&cli.chart, results.svg_chart())
            .and_then(|()| std::fs::write(&cli.out, results.markdown(&chart_link)));
        match written {
            Ok(()) => eprintln!("wrote {} and {}", cli.out.display(), cli.chart.display()),
            Err(error) => {
                eprintln!("bench: could not write the report: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    if results.has_errors() {
        eprintln!("bench: some runs failed (see ERROR above)");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
