//! The scenarios (named after Ray's microbenchmarks), their counts and their units.

use crate::fw::cores;

/// What a scenario is measured on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The actor scenarios: every framework.
    Actor,
    /// The task scenarios: the floor and actor-core only.
    Task,
    /// The dashboard's answers with many live actors: actor-core only.
    Dashboard,
    /// Isolated actors (worker processes): the raw socket baselines, run by the floor, and
    /// actor-core's rows, each compared with its baseline rather than with a floor of its own.
    Remote,
}

/// The scenarios, in the order they run and appear in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    CallsSync,
    CallsSyncAsyncMethod,
    CallsAsync,
    NN,
    Tell,
    FanIn,
    PingPong,
    ActorsPerSecond,
    TasksSync,
    TasksAsync,
    TasksMulti,
    PiCompute,
    DashboardApiPage,
    DashboardActorsPage,
    DashboardMetrics,
    RawRoundTrip,
    RawPipelinedEcho,
    RemoteCallsSync,
    RemoteCallsAsync,
    RemoteTell,
    IsolatedActorsPerSecond,
}

impl Scenario {
    pub const ALL: [Scenario; 21] = [
        Scenario::CallsSync,
        Scenario::CallsSyncAsyncMethod,
        Scenario::CallsAsync,
        Scenario::NN,
        Scenario::Tell,
        Scenario::FanIn,
        Scenario::PingPong,
        Scenario::ActorsPerSecond,
        Scenario::TasksSync,
        Scenario::TasksAsync,
        Scenario::TasksMulti,
        Scenario::PiCompute,
        Scenario::DashboardApiPage,
        Scenario::DashboardActorsPage,
        Scenario::DashboardMetrics,
        Scenario::RawRoundTrip,
        Scenario::RawPipelinedEcho,
        Scenario::RemoteCallsSync,
        Scenario::RemoteCallsAsync,
        Scenario::RemoteTell,
        Scenario::IsolatedActorsPerSecond,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Scenario::CallsSync => "1_1_actor_calls_sync",
            Scenario::CallsSyncAsyncMethod => "1_1_actor_calls_async_method",
            Scenario::CallsAsync => "1_1_actor_calls_async",
            Scenario::NN => "n_n_actor_calls_async",
            Scenario::Tell => "tell_throughput",
            Scenario::FanIn => "fan_in",
            Scenario::PingPong => "ping_pong",
            Scenario::ActorsPerSecond => "actors_per_second",
            Scenario::TasksSync => "single_client_tasks_sync",
            Scenario::TasksAsync => "single_client_tasks_async",
            Scenario::TasksMulti => "multi_client_tasks_async",
            Scenario::PiCompute => "pi_compute",
            Scenario::DashboardApiPage => "dashboard_api_actors_first_page",
            Scenario::DashboardActorsPage => "dashboard_actors_page_first_page",
            Scenario::DashboardMetrics => "dashboard_metrics",
            Scenario::RawRoundTrip => "raw_round_trip",
            Scenario::RawPipelinedEcho => "raw_pipelined_echo",
            Scenario::RemoteCallsSync => "remote_1_1_actor_calls_sync",
            Scenario::RemoteCallsAsync => "remote_1_1_actor_calls_async",
            Scenario::RemoteTell => "remote_tell_throughput",
            Scenario::IsolatedActorsPerSecond => "isolated_actors_per_second",
        }
    }

    pub fn kind(self) -> Kind {
        match self {
            Scenario::TasksSync
            | Scenario::TasksAsync
            | Scenario::TasksMulti
            | Scenario::PiCompute => Kind::Task,
            Scenario::DashboardApiPage
            | Scenario::DashboardActorsPage
            | Scenario::DashboardMetrics => Kind::Dashboard,
            Scenario::RawRoundTrip
            | Scenario::RawPipelinedEcho
            | Scenario::RemoteCallsSync
            | Scenario::RemoteCallsAsync
            | Scenario::RemoteTell
            | Scenario::IsolatedActorsPerSecond => Kind::Remote,
            _ => Kind::Actor,
        }
    }

    /// Whether this row is a raw socket baseline, written in the harness (the floor runs it).
    pub fn is_raw_baseline(self) -> bool {
        matches!(self, Scenario::RawRoundTrip | Scenario::RawPipelinedEcho)
    }

    /// The row whose floor this row's ratio is taken against, when it is not its own: the
    /// isolated actors' rows against the raw socket baselines.
    pub fn baseline(self) -> Option<Scenario> {
        match self {
            Scenario::RemoteCallsSync => Some(Scenario::RawRoundTrip),
            Scenario::RemoteCallsAsync | Scenario::RemoteTell => Some(Scenario::RawPipelinedEcho),
            _ => None,
        }
    }

    /// What the issue asks of this row.
    pub fn target(self) -> Option<&'static str> {
        match self {
            Scenario::RemoteCallsSync => Some("≤ 2× the raw round trip"),
            Scenario::RemoteCallsAsync => Some("≥ 0.5× the raw rate (ratio ≤ 2×)"),
            Scenario::RemoteTell => Some("≥ 1 M calls/s and ≥ 0.5× the raw rate (ratio ≤ 2×)"),
            Scenario::IsolatedActorsPerSecond => Some("≥ 100 actors/s"),
            _ => None,
        }
    }

    /// Ray's figure for the same shape, measured on this kind of machine (from the issue),
    /// in this row's unit and as Ray states it.
    pub fn ray_reference(self) -> Option<&'static str> {
        match self {
            Scenario::RemoteCallsSync => Some("850 k ns/call (1,177 calls/s)"),
            Scenario::RemoteCallsAsync => Some("3,820 calls/s"),
            Scenario::IsolatedActorsPerSecond => Some("1.6 actors/s"),
            _ => None,
        }
    }

    /// How many of what the memory figure is divided by, for the rows that have one.
    pub fn memory_divisor(self, counts: &Counts) -> Option<u64> {
        match self {
            Scenario::ActorsPerSecond => Some(counts.actors),
            Scenario::IsolatedActorsPerSecond => Some(counts.isolated_actors),
            _ => None,
        }
    }

    /// The unit of the memory figure, for the rows that have one.
    pub fn memory_unit(self) -> &'static str {
        match self {
            Scenario::IsolatedActorsPerSecond => "B RSS/worker process",
            _ => "B/idle actor",
        }
    }

    /// The unit of the reported figure.
    pub fn unit(self) -> &'static str {
        match self {
            Scenario::CallsSync | Scenario::CallsSyncAsyncMethod => "ns/call",
            Scenario::CallsAsync | Scenario::NN => "calls/s",
            Scenario::Tell | Scenario::FanIn => "msgs/s",
            Scenario::PingPong => "ns/hop",
            Scenario::ActorsPerSecond => "actors/s",
            Scenario::TasksSync | Scenario::TasksAsync | Scenario::TasksMulti => "tasks/s",
            Scenario::PiCompute => "samples/s/core",
            Scenario::DashboardApiPage
            | Scenario::DashboardActorsPage
            | Scenario::DashboardMetrics => "ms/request",
            Scenario::RawRoundTrip => "ns/round trip",
            Scenario::RawPipelinedEcho => "msgs/s",
            Scenario::RemoteCallsSync => "ns/call",
            Scenario::RemoteCallsAsync | Scenario::RemoteTell => "calls/s",
            Scenario::IsolatedActorsPerSecond => "actors/s",
        }
    }

    /// Whether a smaller figure is better (a time per operation) or a larger one (a rate).
    pub fn lower_is_better(self) -> bool {
        matches!(
            self,
            Scenario::CallsSync
                | Scenario::CallsSyncAsyncMethod
                | Scenario::PingPong
                | Scenario::RawRoundTrip
                | Scenario::RemoteCallsSync
        ) || self.kind() == Kind::Dashboard
    }

    /// How many operations one run performs, with `counts`.
    pub fn operations(self, counts: &Counts) -> u64 {
        match self {
            Scenario::CallsSync | Scenario::CallsSyncAsyncMethod => counts.calls_sync,
            Scenario::CallsAsync => counts.async_batch * counts.async_rounds,
            Scenario::NN => {
                let each = crate::fw::per_actor(counts.nn_batch, counts.nn_actors);
                counts.nn_callers as u64 * counts.nn_rounds * each * counts.nn_actors as u64
            }
            Scenario::Tell => counts.tell,
            Scenario::FanIn => counts.fan_in_callers as u64 * counts.fan_in_per_caller,
            Scenario::PingPong => counts.ping_hops,
            Scenario::ActorsPerSecond => counts.actors,
            Scenario::TasksSync => counts.tasks_sync,
            Scenario::TasksAsync => counts.tasks_batch * counts.tasks_rounds,
            Scenario::TasksMulti => {
                counts.multi_callers as u64 * counts.tasks_batch * counts.multi_rounds
            }
            Scenario::PiCompute => u64::from(counts.pi_tasks) * counts.pi_samples,
            Scenario::DashboardApiPage
            | Scenario::DashboardActorsPage
            | Scenario::DashboardMetrics => 1,
            Scenario::RawRoundTrip => counts.raw_round_trips,
            Scenario::RawPipelinedEcho => counts.raw_pipelined,
            Scenario::RemoteCallsSync => counts.remote_calls_sync,
            Scenario::RemoteCallsAsync => counts.remote_calls_async,
            Scenario::RemoteTell => counts.remote_tell,
            Scenario::IsolatedActorsPerSecond => counts.isolated_actors,
        }
    }

    /// What one run does, for the report.
    pub fn describe(self, counts: &Counts) -> String {
        let n = thousands;
        match self {
            Scenario::CallsSyncAsyncMethod => format!(
                "one caller, {} sequential round trips to an `async fn` method (`incr(1)` as an `async fn`, \
                 await the value); the other contenders' handlers are all async, so theirs is the \
                 round trip above",
                n(counts.calls_sync)
            ),
            Scenario::CallsSync => format!(
                "one caller, {} sequential round trips (`incr(1)`, await the value)",
                n(counts.calls_sync)
            ),
            Scenario::CallsAsync => format!(
                "one caller submits {} calls, then awaits all; {} rounds",
                n(counts.async_batch),
                n(counts.async_rounds)
            ),
            Scenario::NN => format!(
                "{} callers x {} actors; each caller, {} rounds, submits {} calls spread over all actors, then awaits all",
                counts.nn_callers,
                counts.nn_actors,
                n(counts.nn_rounds),
                n(crate::fw::per_actor(counts.nn_batch, counts.nn_actors)
                    * counts.nn_actors as u64)
            ),
            Scenario::Tell => format!(
                "{} fire-and-forget `incr(1)` from one caller, then one call reads the counter (checked)",
                n(counts.tell)
            ),
            Scenario::FanIn => format!(
                "{} callers x {} fire-and-forget `incr(1)` to one actor, then one read (checked)",
                counts.fan_in_callers,
                n(counts.fan_in_per_caller)
            ),
            Scenario::PingPong => format!(
                "two actors pass a counter back and forth {} times",
                n(counts.ping_hops)
            ),
            Scenario::ActorsPerSecond => format!(
                "spawn {} actors, one call each, await all; in a child process per run, whose VmHWM growth gives the memory per idle actor",
                n(counts.actors)
            ),
            Scenario::TasksSync => format!(
                "one caller, {} sequential tiny tasks, each awaited",
                n(counts.tasks_sync)
            ),
            Scenario::TasksAsync => format!(
                "one caller submits {} tiny tasks, then awaits all; {} rounds",
                n(counts.tasks_batch),
                n(counts.tasks_rounds)
            ),
            Scenario::TasksMulti => format!(
                "{} callers, each {} rounds of {} tiny tasks",
                counts.multi_callers,
                n(counts.multi_rounds),
                n(counts.tasks_batch)
            ),
            Scenario::PiCompute => format!(
                "progress_pi: {} tasks x {} samples, progress reported to an actor every {} samples; floor: the same loop on std threads",
                counts.pi_tasks,
                n(counts.pi_samples),
                n(counts.pi_report_every)
            ),
            Scenario::DashboardApiPage => format!(
                "{} live actors (one call each); one GET of the first page of `/api/actors` \
                 (100 rows) from the dashboard the process serves; target < 200 ms",
                n(counts.dashboard_actors)
            ),
            Scenario::DashboardActorsPage => format!(
                "{} live actors; one GET of the first page of the Actors page `/actors` (HTML, \
                 100 rows); target < 200 ms",
                n(counts.dashboard_actors)
            ),
            Scenario::DashboardMetrics => format!(
                "{} live actors; one GET of `/metrics` (Prometheus text, summed per class and \
                 method); target < 1 s",
                n(counts.dashboard_actors)
            ),
            Scenario::RawRoundTrip => format!(
                "hand-written baseline: {} sequential round trips of a {}-byte payload over a Unix \
                 socket to an echo process (this executable started again), framed as the \
                 runtime frames (tokio-util `LengthDelimitedCodec` + postcard)",
                n(counts.raw_round_trips),
                counts.payload_bytes
            ),
            Scenario::RawPipelinedEcho => format!(
                "hand-written baseline: {} echoes of a {}-byte payload over the same kind of \
                 socket, {} in flight, writes batched (`feed`, then `flush` when the window is \
                 full); the echo process flushes when no more requests are ready",
                n(counts.raw_pipelined),
                counts.payload_bytes,
                n(counts.remote_window)
            ),
            Scenario::RemoteCallsSync => format!(
                "{} sequential calls `echo(payload)` ({} bytes both ways) to an isolated actor \
                 (`options().isolated(true)`), each `.get()` from a plain thread; ratio to \
                 `raw_round_trip`",
                n(counts.remote_calls_sync),
                counts.payload_bytes
            ),
            Scenario::RemoteCallsAsync => format!(
                "{} calls `echo(payload)` to an isolated actor from a task, {} `ObjectRef`s in \
                 flight (awaited oldest first, one more sent as each resolves); ratio to \
                 `raw_pipelined_echo`",
                n(counts.remote_calls_async),
                n(counts.remote_window)
            ),
            Scenario::RemoteTell => format!(
                "{} told calls `handle.tell().echo(payload)` to an isolated actor from a task, \
                 then one call reads its count (checked); ratio to `raw_pipelined_echo`",
                n(counts.remote_tell)
            ),
            Scenario::IsolatedActorsPerSecond => format!(
                "create {} isolated actors (a worker process each) and make one call on each, \
                 awaited together; memory: the sum of the workers' VmRSS divided by their number \
                 (VmRSS counts the executable's pages, which the workers share)",
                n(counts.isolated_actors)
            ),
        }
    }

    /// Turns the time of one run into the reported figure.
    pub fn figure(self, counts: &Counts, seconds: f64) -> f64 {
        let ops = self.operations(counts) as f64;
        match self {
            _ if self.kind() == Kind::Dashboard => seconds * 1e3 / ops,
            _ if self.lower_is_better() => seconds * 1e9 / ops,
            Scenario::PiCompute => {
                let used = (counts.pi_tasks as usize).min(cores()).max(1);
                ops / seconds / used as f64
            }
            _ => ops / seconds,
        }
    }
}

/// The counts of every scenario.
#[derive(Clone, Debug)]
pub struct Counts {
    pub calls_sync: u64,
    pub async_batch: u64,
    pub async_rounds: u64,
    pub nn_callers: usize,
    pub nn_actors: usize,
    pub nn_batch: u64,
    pub nn_rounds: u64,
    pub tell: u64,
    pub fan_in_callers: usize,
    pub fan_in_per_caller: u64,
    pub ping_hops: u64,
    pub actors: u64,
    pub tasks_sync: u64,
    pub tasks_batch: u64,
    pub tasks_rounds: u64,
    pub multi_callers: usize,
    pub multi_rounds: u64,
    pub pi_tasks: u32,
    pub pi_samples: u64,
    pub pi_report_every: u64,
    pub dashboard_actors: u64,
    pub payload_bytes: usize,
    pub raw_round_trips: u64,
    pub raw_pipelined: u64,
    pub remote_window: u64,
    pub remote_calls_sync: u64,
    pub remote_calls_async: u64,
    pub remote_tell: u64,
    pub isolated_actors: u64,
}

impl Counts {
    /// The counts the issue asks for.
    pub fn full() -> Self {
        Self {
            calls_sync: 200_000,
            async_batch: 1_000,
            async_rounds: 200,
            nn_callers: cores(),
            nn_actors: cores(),
            nn_batch: 1_000,
            nn_rounds: 100,
            tell: 2_000_000,
            fan_in_callers: 8,
            fan_in_per_caller: 250_000,
            ping_hops: 200_000,
            actors: 100_000,
            tasks_sync: 20_000,
            tasks_batch: 1_000,
            tasks_rounds: 20,
            multi_callers: cores(),
            multi_rounds: 10,
            pi_tasks: 2,
            pi_samples: 10_000_000,
            pi_report_every: 1_000_000,
            dashboard_actors: 100_000,
            payload_bytes: 64,
            raw_round_trips: 20_000,
            raw_pipelined: 1_000_000,
            remote_window: 1_000,
            remote_calls_sync: 20_000,
            remote_calls_async: 200_000,
            remote_tell: 1_000_000,
            isolated_actors: 50,
        }
    }

    /// Tiny counts: every scenario runs once in well under a second (CI).
    pub fn quick() -> Self {
        Self {
            calls_sync: 1_000,
            async_batch: 100,
            async_rounds: 2,
            nn_batch: 100,
            nn_rounds: 2,
            tell: 10_000,
            fan_in_per_caller: 1_000,
            ping_hops: 1_000,
            actors: 1_000,
            tasks_sync: 100,
            tasks_batch: 100,
            tasks_rounds: 2,
            multi_rounds: 2,
            pi_samples: 100_000,
            pi_report_every: 10_000,
            dashboard_actors: 1_000,
            raw_round_trips: 100,
            raw_pipelined: 2_000,
            remote_calls_sync: 100,
            remote_calls_async: 2_000,
            remote_tell: 2_000,
            isolated_actors: 2,
            ..Self::full()
        }
    }

    /// Every count of work multiplied by `factor` (batch sizes, callers and actors kept).
    pub fn scaled(self, factor: f64) -> Self {
        let s = |x: u64| ((x as f64 * factor).round() as u64).max(1);
        Self {
            calls_sync: s(self.calls_sync),
            async_rounds: s(self.async_rounds),
            nn_rounds: s(self.nn_rounds),
            tell: s(self.tell),
            fan_in_per_caller: s(self.fan_in_per_caller),
            ping_hops: s(self.ping_hops),
            actors: s(self.actors),
            tasks_sync: s(self.tasks_sync),
            tasks_rounds: s(self.tasks_rounds),
            multi_rounds: s(self.multi_rounds),
            pi_samples: s(self.pi_samples),
            pi_report_every: s(self.pi_report_every),
            dashboard_actors: s(self.dashboard_actors),
            raw_round_trips: s(self.raw_round_trips),
            raw_pipelined: s(self.raw_pipelined),
            remote_calls_sync: s(self.remote_calls_sync),
            remote_calls_async: s(self.remote_calls_async),
            remote_tell: s(self.remote_tell),
            isolated_actors: s(self.isolated_actors),
            ..self
        }
    }
}

/// A number with thousands separators.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
