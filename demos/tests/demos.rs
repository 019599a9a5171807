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

#[test]
fn method_tracking_counts_agree_everywhere() {
    let args = ["--time-scale", "0.01", "--seed", "42"];
    let stdout = run_ok(env!("CARGO_BIN_EXE_method_tracking"), &args);
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
    assert_eq!(telemetry(&stdout, "ActorClsOne", "method"), (one, 0));
    assert_eq!(telemetry(&stdout, "ActorClsTwo", "method"), (two, 0));
    assert!(stdout.contains("Driver, actors and telemetry agree."));

    let again = run_ok(env!("CARGO_BIN_EXE_method_tracking"), &args);
    let round_lines = |text: &str| -> Vec<String> {
        let rounds = text
            .lines()
            .filter(|line| line.starts_with("State of counts"));
        rounds.map(str::to_owned).collect()
    };
    assert_eq!(
        round_lines(&stdout),
        round_lines(&again),
        "the same seed, other calls"
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
