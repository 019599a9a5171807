//! Runs each demo binary with small inputs and checks what it prints.

use std::process::Command;

/// Runs `binary` with `args`; returns its stdout, after checking that it succeeded.
fn run_ok(binary: &str, args: &[&str]) -> String {
    let output = Command::new(binary)
        .args(args)
        .output()
        .expect("the demo binary starts");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{binary} {args:?} failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    stdout
}

/// The counts of a line `State of counts in this execution: {"ActorClsOne": 5, "ActorClsTwo": 10}`.
fn round_counts(line: &str) -> Option<(u64, u64)> {
    let rest = line.strip_prefix("State of counts in this execution: {\"ActorClsOne\": ")?;
    let (one, two) = rest.strip_suffix('}')?.split_once(", \"ActorClsTwo\": ")?;
    Some((one.parse().ok()?, two.parse().ok()?))
}

/// The calls and errors that the telemetry shows for `method` of the actor of class `class`:
/// in the section `state::summary()` prints, the row of `method` in the table under the line
/// `  {class} {id}: {state}, ...`.
fn telemetry(stdout: &str, class: &str, method: &str) -> (u64, u64) {
    let section = stdout
        .split_once("Telemetry recorded by actor-core:")
        .expect("a telemetry section")
        .1;
    let actor = section
        .split_once(&format!("\n  {class} "))
        .unwrap_or_else(|| panic!("no telemetry of {class}"))
        .1;
    // The method rows: indented under the actor's line, numbers after the name (the header
    // row has words there).
    let row = actor
        .lines()
        .skip(1)
        .take_while(|line| line.starts_with("    "))
        .map(|line| line.split_whitespace().collect::<Vec<_>>())
        .find(|words| words[0] == method && words[1].parse::<u64>().is_ok())
        .unwrap_or_else(|| panic!("no telemetry of {class}::{method}:\n{section}"));
    (
        row[1].parse().expect("calls"),
        row[2].parse().expect("errors"),
    )
}

/// Checks a run of `method_tracking`: the counts of each round, the fetched counts and the
/// telemetry agree. Returns the round lines.
fn check_method_tracking(stdout: &str) -> Vec<String> {
    let rounds: Vec<(u64, u64)> = stdout
        .lines()
        .filter(|line| line.starts_with("State of counts"))
        .map(|line| round_counts(line).unwrap_or_else(|| panic!("bad round line: {line}")))
        .collect();
    assert_eq!(rounds.len(), 2, "{stdout}");
    assert_eq!(rounds[0].0 + rounds[0].1, 15, "{stdout}");
    assert_eq!(rounds[1].0 + rounds[1].1, 30, "{stdout}");
    assert!(rounds[1].0 >= rounds[0].0 && rounds[1].1 >= rounds[0].1);

    let (one, two) = rounds[1];
    let fetched = format!(
        "[(\"ActorClsOne\", {{\"method\": {one}}}), (\"ActorClsTwo\", {{\"method\": {two}}})]"
    );
    assert!(
        stdout.lines().any(|line| line == fetched),
        "no line {fetched}:\n{stdout}"
    );
    assert_eq!(telemetry(stdout, "ActorClsOne", "method"), (one, 0));
    assert_eq!(telemetry(stdout, "ActorClsTwo", "method"), (two, 0));
    assert!(stdout.contains("Driver, actors and telemetry agree."));
    let rounds = stdout
        .lines()
        .filter(|line| line.starts_with("State of counts"));
    rounds.map(str::to_owned).collect()
}

#[test]
fn method_tracking_counts_agree_everywhere() {
    let args = ["--time-scale", "0.01", "--seed", "42"];
    let stdout = run_ok(env!("CARGO_BIN_EXE_method_tracking"), &args);
    let rounds = check_method_tracking(&stdout);
    assert!(!stdout.contains("Worker processes:"), "{stdout}");
    let again = run_ok(env!("CARGO_BIN_EXE_method_tracking"), &args);
    assert_eq!(
        rounds,
        check_method_tracking(&again),
        "the same seed, other calls"
    );
}

#[test]
fn method_tracking_isolated_runs_each_actor_in_a_process_of_its_own() {
    let args = ["--time-scale", "0.01", "--seed", "42"];
    let stdout = run_ok(
        env!("CARGO_BIN_EXE_method_tracking"),
        &[&args[..], &["--isolated"]].concat(),
    );
    let in_process = run_ok(env!("CARGO_BIN_EXE_method_tracking"), &args);
    assert_eq!(
        check_method_tracking(&stdout),
        check_method_tracking(&in_process),
        "the same seed, other calls in worker processes"
    );
    // `Worker processes: ActorClsOne in pid 12, ActorClsTwo in pid 13 (the driver is pid 11)`
    let line = stdout
        .lines()
        .find_map(|line| line.strip_prefix("Worker processes: ActorClsOne in pid "))
        .unwrap_or_else(|| panic!("no line of worker processes:\n{stdout}"));
    let (one, rest) = line
        .split_once(", ActorClsTwo in pid ")
        .expect("two actors");
    let (two, driver) = rest.split_once(" (the driver is pid ").expect("the driver");
    let pids: Vec<u32> = [one, two, driver.trim_end_matches(')')]
        .iter()
        .map(|pid| pid.parse().unwrap_or_else(|_| panic!("a pid: {pid}")))
        .collect();
    assert!(
        pids[0] != pids[1] && !pids[..2].contains(&pids[2]),
        "three processes: {line}"
    );
}

/// What the tree's workers compute, recomputed here.
fn collatz_steps(mut n: u64) -> u64 {
    let mut steps = 0;
    while n > 1 {
        n = if n.is_multiple_of(2) {
            n / 2
        } else {
            3 * n + 1
        };
        steps += 1;
    }
    steps
}

/// Runs the tree with `kills` workers killed; checks results, replacements and telemetry.
fn check_actor_tree(kills: usize) {
    let args = format!("--workers 3 --items 30 --kills {kills} --time-scale 0.1");
    let args: Vec<&str> = args.split(' ').collect();
    let stdout = run_ok(env!("CARGO_BIN_EXE_actor_tree"), &args);
    let expected: Vec<u64> = (1..=30).map(collatz_steps).collect();
    assert!(
        stdout.contains(&format!("Results: {expected:?}\n")),
        "{stdout}"
    );
    let killed = stdout.matches("\nKilled worker ").count();
    assert_eq!(killed, kills, "{stdout}");
    let summary =
        format!("All 30 results are correct; workers killed: {kills}, replaced: {kills}\n");
    assert!(stdout.contains(&summary), "{stdout}");
    // The supervisor learnt of each death from the worker's death notice, with its cause.
    let noticed = stdout
        .lines()
        .filter(|line| line.starts_with("Supervisor: worker ") && line.contains("(it was killed)"))
        .count();
    assert_eq!(noticed, kills, "{stdout}");
    let dead = stdout.matches(": dead: it was killed, ").count();
    assert_eq!(dead, kills, "{stdout}");
}

#[test]
fn actor_tree_finishes_after_a_worker_is_killed() {
    check_actor_tree(1);
}

#[test]
fn actor_tree_finishes_after_two_workers_are_killed() {
    check_actor_tree(2);
}

/// The number after `prefix` in `text`, up to the first character that is no digit.
fn number_after(text: &str, prefix: &str) -> u32 {
    let rest = text
        .split_once(prefix)
        .unwrap_or_else(|| panic!("no `{prefix}` in {text}"))
        .1;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number after `{prefix}` in {text}"))
}

#[test]
fn actor_tree_isolated_restarts_a_sigkilled_worker_process_behind_the_same_handle() {
    // Items of 100 ms: the demo kills a worker once it finished an item, so the kill finds
    // it computing the next one unless it lands in the ~0.1 ms between two items (then no
    // call fails). Shorter items would make that gap, and this test, flaky.
    let args = "--workers 3 --items 30 --time-scale 1 --isolated";
    let stdout = run_ok(
        env!("CARGO_BIN_EXE_actor_tree"),
        &args.split(' ').collect::<Vec<_>>(),
    );
    let expected: Vec<u64> = (1..=30).map(collatz_steps).collect();
    assert!(
        stdout.contains(&format!("Results: {expected:?}\n")),
        "{stdout}"
    );
    let driver = number_after(&stdout, "(the driver is pid ");
    let killed = stdout
        .lines()
        .find(|line| line.starts_with("Killed the process of worker 0 (pid "))
        .unwrap_or_else(|| panic!("no kill:\n{stdout}"));
    assert!(killed.ends_with(") with SIGKILL in the middle of the job"));
    let old_pid = number_after(killed, "(pid ");
    assert_ne!(old_pid, driver, "{stdout}");
    // The item in flight failed with the signal; the supervisor gave it to the same handle.
    let lost: Vec<&str> = stdout
        .lines()
        .filter(|line| line.starts_with("Supervisor: worker 0 lost item "))
        .collect();
    assert_eq!(lost.len(), 1, "{stdout}");
    assert!(
        lost[0].contains("(its worker process died: signal 9 (SIGKILL))"),
        "{stdout}"
    );
    assert!(
        stdout.contains("All 30 results are correct; workers killed: 1, replaced: 1\n"),
        "{stdout}"
    );
    let restarted = stdout
        .lines()
        .find(|line| line.starts_with("Worker 0: the same handle now reaches pid "))
        .unwrap_or_else(|| panic!("no restart:\n{stdout}"));
    let new_pid = number_after(restarted, "reaches pid ");
    assert!(new_pid != old_pid && new_pid != driver, "{restarted}");
    assert!(
        restarted.ends_with(&format!("(was {old_pid}), restarts: 1")),
        "{restarted}"
    );
    // The telemetry agrees: one restart, and the worker alive.
    assert!(
        stdout.contains(": alive, 0 queued, 1 restarts\n"),
        "{stdout}"
    );
}

/// The stderr of `method_tracking --isolated`, run with `RUST_LOG` set to `rust_log` (unset
/// if `None`), after checking that it succeeded.
fn method_tracking_stderr(rust_log: Option<&str>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_method_tracking"));
    command.args(["--time-scale", "0", "--seed", "1", "--isolated"]);
    match rust_log {
        Some(filter) => command.env("RUST_LOG", filter),
        None => command.env_remove("RUST_LOG"),
    };
    let output = command.output().expect("the demo binary starts");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{}:\n{stderr}", output.status);
    stderr
}

#[test]
fn rust_log_shows_the_worker_processes_lifecycle_and_nothing_is_logged_without_it() {
    assert_eq!(method_tracking_stderr(None), "");
    let logged = method_tracking_stderr(Some("actor_core=info"));
    for event in [
        "worker process spawned",
        "isolated actor started in its worker process",
    ] {
        assert_eq!(logged.matches(event).count(), 2, "{event}:\n{logged}");
    }
}

#[test]
fn progress_pi_reaches_100_percent_and_estimates_pi() {
    let args = [
        "--tasks",
        "2",
        "--samples",
        "1000000",
        "--frequency",
        "100000",
    ];
    let stdout = run_ok(
        env!("CARGO_BIN_EXE_progress_pi"),
        &[&args[..], &["--time-scale", "0.05"]].concat(),
    );
    let percents: Vec<u64> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("Progress: ")?.strip_suffix('%'))
        .map(|percent| percent.parse().expect("a whole percentage"))
        .collect();
    assert!(percents.is_sorted(), "progress went back: {percents:?}");
    assert_eq!(percents.last(), Some(&100), "{stdout}");
    let pi: f64 = stdout
        .lines()
        .find_map(|line| line.strip_prefix("Estimated value of π is: "))
        .expect("an estimate of π")
        .parse()
        .expect("a number");
    assert!(
        (pi - std::f64::consts::PI).abs() < 0.01,
        "π estimated as {pi}"
    );
}
