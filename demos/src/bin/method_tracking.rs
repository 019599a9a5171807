//! Method tracking for actors: the first program of the Ray actor tutorial.
//!
//! Two actor classes count how often each of their methods is called. The driver calls them at
//! random, fire-and-forget, keeping its own count, then fetches the actors' counts and checks
//! that they agree, with its own and with the telemetry `actor-core` records by itself.
//!
//! With `--isolated`, each actor runs in a worker process of its own, as Ray runs actors.
//!
//! `cargo run -p demos --bin method_tracking -- --time-scale 0.1 --seed 7 [--isolated]`

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use actor_core::prelude::*;
use actor_core::{ActorId, state};
use clap::Parser;
use demos::{parse_time_scale, scaled};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

/// Calls per method, by method name.
type MethodCalls = BTreeMap<String, u64>;

/// What both actor classes share, as the seed's base class `ActorCls`: a name, and how often
/// each method was called.
#[derive(Debug)]
pub struct ActorCls {
    name: String,
    method_calls: MethodCalls,
}

impl ActorCls {
    /// A base named `name` whose `method` was not called yet.
    pub fn new(name: String) -> Self {
        let method_calls = MethodCalls::from([("method".to_owned(), 0)]);
        Self { name, method_calls }
    }

    /// Does the work of `method` (here: sleeps for `timeout`), then counts the call.
    pub fn method(&mut self, timeout: Duration) {
        thread::sleep(timeout);
        *self.method_calls.entry("method".to_owned()).or_default() += 1;
    }

    /// The name and the count of every method.
    pub fn get_all_method_calls(&self) -> (String, MethodCalls) {
        (self.name.clone(), self.method_calls.clone())
    }
}

/// The first actor class; the seed gives it a timeout of 1 s and the store `mongo_db`.
///
/// `blocking`: `method` sleeps, so its calls run off the runtime's shared threads from the
/// first one on (the runtime would also find out by itself, after that first call).
#[actor(blocking)]
#[derive(Debug)]
pub struct ActorClsOne {
    base: ActorCls,
}

#[actor]
impl ActorClsOne {
    /// An actor whose name (its `repr` in the seed) is `name`.
    pub fn new(name: String) -> Self {
        let base = ActorCls::new(name);
        Self { base }
    }

    /// Works for `timeout` against `_store` (the seed ignores it too), then counts the call.
    pub fn method(&mut self, timeout: Duration, _store: String) {
        self.base.method(timeout);
    }

    /// The actor's name and the count of every method.
    pub fn get_all_method_calls(&self) -> (String, MethodCalls) {
        self.base.get_all_method_calls()
    }
}

/// The second actor class; the seed gives it a timeout of 1.5 s and the store `delta`.
/// Blocking, as [`ActorClsOne`].
#[actor(blocking)]
#[derive(Debug)]
pub struct ActorClsTwo {
    base: ActorCls,
}

#[actor]
impl ActorClsTwo {
    /// An actor whose name (its `repr` in the seed) is `name`.
    pub fn new(name: String) -> Self {
        let base = ActorCls::new(name);
        Self { base }
    }

    /// Works for `timeout` against `_store` (the seed ignores it too), then counts the call.
    pub fn method(&mut self, timeout: Duration, _store: String) {
        self.base.method(timeout);
    }

    /// The actor's name and the count of every method.
    pub fn get_all_method_calls(&self) -> (String, MethodCalls) {
        self.base.get_all_method_calls()
    }
}

/// The names of the actors, which are also their class names.
const CALLERS_NAMES: [&str; 2] = ["ActorClsOne", "ActorClsTwo"];

/// Calls to make per round.
const CALLS_PER_ROUND: usize = 15;

/// Calls two actors at random and checks that every count agrees.
#[derive(Debug, Parser)]
struct Args {
    /// Multiplies every sleep of the seed program (1 = the seed's timing).
    #[arg(long, default_value_t = 1.0, value_parser = parse_time_scale)]
    time_scale: f64,
    /// Seeds the choice of actors (default: a random seed, printed).
    #[arg(long)]
    seed: Option<u64>,
    /// Runs each actor in a worker process of its own (the same executable, started again).
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

/// Runs the demo; returns its actors (the dashboard shows them while it serves).
fn run(args: &Args) -> Result<(ActorClsOneHandle, ActorClsTwoHandle), String> {
    let seed = args.seed.unwrap_or_else(rand::random);
    println!("Random seed: {seed} (pass `--seed {seed}` to repeat this run)");
    let mut rng = StdRng::seed_from_u64(seed);

    let (actor_one, actor_two) = start_actors(args.isolated).map_err(|error| error.to_string())?;

    let mut count_dict: BTreeMap<&str, u64> = CALLERS_NAMES.iter().map(|&name| (name, 0)).collect();
    // As many rounds as there are actors, as in the seed.
    for _ in CALLERS_NAMES {
        for _ in 0..CALLS_PER_ROUND {
            let name = *CALLERS_NAMES.choose(&mut rng).ok_or("no callers")?;
            *count_dict.entry(name).or_default() += 1;
            // Fire-and-forget: the call is queued now; dropping its ObjectRef does not cancel it.
            if name == "ActorClsOne" {
                drop(actor_one.method(scaled(1.0, args.time_scale), "mongo_db".to_owned()));
            } else {
                drop(actor_two.method(scaled(1.5, args.time_scale), "delta".to_owned()));
            }
        }
        println!("State of counts in this execution: {count_dict:?}");
        thread::sleep(scaled(0.5, args.time_scale));
    }

    let fetched = actor_core::get([
        actor_one.get_all_method_calls(),
        actor_two.get_all_method_calls(),
    ])
    .map_err(|error| error.to_string())?;
    println!("{fetched:?}");
    if args.isolated {
        print_processes(&[actor_one.actor_id(), actor_two.actor_id()]);
    }
    for (name, calls) in &fetched {
        let counted = count_dict.get(name.as_str()).copied().unwrap_or(0);
        let fetched = calls.get("method").copied().unwrap_or(0);
        if fetched != counted {
            return Err(format!(
                "{name} counted {fetched} calls of `method`, the driver made {counted}"
            ));
        }
    }

    let summary = state::summary();
    print!("Telemetry recorded by actor-core:\n{summary}");
    for (name, &counted) in &count_dict {
        let info = summary
            .actors
            .iter()
            .find(|info| info.class_name == *name)
            .ok_or_else(|| format!("the telemetry shows no {name}"))?;
        let stats = info
            .method("method")
            .ok_or("the telemetry shows no `method`")?;
        if stats.calls != counted || stats.errors != 0 {
            return Err(format!(
                "the telemetry shows {} calls of {name}::method and {} errors; \
                 the driver made {counted} calls",
                stats.calls, stats.errors
            ));
        }
    }
    println!("Driver, actors and telemetry agree.");
    Ok((actor_one, actor_two))
}

/// The two actors, in worker processes of their own when `isolated`.
fn start_actors(isolated: bool) -> Result<(ActorClsOneHandle, ActorClsTwoHandle), Error> {
    let [one, two] = CALLERS_NAMES.map(str::to_owned);
    Ok((
        ActorClsOne::options().isolated(isolated).remote(one)?,
        ActorClsTwo::options().isolated(isolated).remote(two)?,
    ))
}

/// Prints which process each of `actors` runs in, and the driver's own (the actors have
/// answered a call, so their worker processes are up).
fn print_processes(actors: &[ActorId]) {
    let processes: Vec<String> = actors
        .iter()
        .filter_map(|&id| state::get_actor_info(id))
        .map(|info| format!("{} in pid {}", info.class_name, info.pid))
        .collect();
    println!(
        "Worker processes: {} (the driver is pid {})",
        processes.join(", "),
        std::process::id()
    );
}

#[cfg(test)]
mod tests {
    use actor_core::__private::{WireActor, decode_wire};

    use super::*;

    #[test]
    fn every_message_survives_the_trip_through_bytes() {
        let timeout = Duration::from_millis(15);
        demos::assert_wire_round_trip::<ActorClsOne>(&[
            ActorClsOneMessage::Method {
                timeout,
                _store: "mongo_db".to_owned(),
            },
            ActorClsOneMessage::GetAllMethodCalls {},
        ]);
        demos::assert_wire_round_trip::<ActorClsTwo>(&[
            ActorClsTwoMessage::Method {
                timeout,
                _store: "delta".to_owned(),
            },
            ActorClsTwoMessage::GetAllMethodCalls {},
        ]);
    }

    #[test]
    fn a_call_made_from_bytes_runs_on_the_actor_and_its_reply_decodes() {
        let actor = ActorClsOne::remote("one".to_owned());
        actor
            .method(Duration::ZERO, "mongo_db".to_owned())
            .get()
            .expect("a local call");
        let call =
            ActorClsOne::encode_call(&ActorClsOneMessage::GetAllMethodCalls {}).expect("encodes");
        let reply =
            ActorClsOne::call_encoded(actor.actor_ref(), &call).expect("a call of this class");
        let bytes = futures::executor::block_on(reply).expect("the call ran");
        let (name, calls): (String, MethodCalls) =
            decode_wire("the reply", &bytes).expect("decodes");
        assert_eq!(name, "one");
        assert_eq!(calls, MethodCalls::from([("method".to_owned(), 1)]));
    }
}
