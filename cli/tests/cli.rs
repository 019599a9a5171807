//! The built `actor-core` command against this process's own dashboard: it lists the actors
//! and tasks the test made, with their class, name and calls.

mod common;

use std::process::Command;

use serde_json::Value;

use common::{counter, dashboard, greeter, square};

/// Runs the CLI with `args` against the dashboard; returns its stdout after checking that it
/// succeeded.
fn cli(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_actor-core"))
        .args(args)
        .args(["--address", dashboard()])
        .env_remove("ACTOR_CORE_DASHBOARD_TOKEN")
        .output()
        .expect("the CLI starts");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "actor-core {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The rows of a table, each as its words, keyed by the words of the header: the value of
/// column `column` in the row whose column `key` is `value`.
fn cell<'t>(table: &'t str, key: (&str, &str), column: &str) -> Option<&'t str> {
    let mut lines = table
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>());
    let header = lines.next()?;
    let at = |name: &str| header.iter().position(|word| *word == name);
    let (key_at, column_at) = (at(key.0)?, at(column)?);
    let row = lines.find(|row| row.get(key_at) == Some(&key.1))?;
    row.get(column_at).copied()
}

#[test]
fn list_actors_shows_each_actor_with_its_class_name_and_calls() {
    let _counter = counter("cli-list-counter", 3);
    let _greeter = greeter("cli-list-greeter", 2);
    let table = cli(&["list", "actors", "--name", "cli-list-"]);
    assert_eq!(
        cell(&table, ("NAME", "cli-list-counter"), "CLASS"),
        Some("Counter")
    );
    assert_eq!(
        cell(&table, ("NAME", "cli-list-greeter"), "CLASS"),
        Some("Greeter")
    );
    assert_eq!(
        cell(&table, ("NAME", "cli-list-counter"), "STATE"),
        Some("ALIVE")
    );
    assert_eq!(
        cell(&table, ("NAME", "cli-list-counter"), "CALLS"),
        Some("3"),
        "{table}"
    );
    assert_eq!(
        cell(&table, ("NAME", "cli-list-greeter"), "CALLS"),
        Some("2"),
        "{table}"
    );
    assert_eq!(
        table.lines().count(),
        3,
        "the header and the two actors:\n{table}"
    );

    let only_greeters = cli(&[
        "list",
        "actors",
        "--class",
        "Greeter",
        "--name",
        "cli-list-",
    ]);
    assert!(
        only_greeters.contains("cli-list-greeter"),
        "{only_greeters}"
    );
    assert!(
        !only_greeters.contains("cli-list-counter"),
        "{only_greeters}"
    );
}

#[test]
fn list_actors_in_json_gives_the_apis_rows() {
    let counter = counter("cli-json-counter", 4);
    let json: Value = serde_json::from_str(&cli(&[
        "list",
        "actors",
        "--name",
        "cli-json-counter",
        "--format",
        "json",
    ]))
    .expect("JSON");
    assert_eq!(json["total"], 1, "{json}");
    let row = &json["actors"][0];
    assert_eq!(row["id"], counter.actor_id().to_string());
    assert_eq!(row["class"], "Counter");
    assert_eq!(row["name"], "cli-json-counter");
    assert_eq!(row["calls"], 4);
}

#[test]
fn a_limit_shows_fewer_rows_and_says_how_many_there_are() {
    let _counters: Vec<_> = (0..3)
        .map(|i| counter(&format!("cli-limit-{i}"), 1))
        .collect();
    let table = cli(&["list", "actors", "--name", "cli-limit-", "--limit", "2"]);
    assert_eq!(
        table.lines().filter(|l| l.contains("cli-limit-")).count(),
        2
    );
    assert!(
        table.contains("Showing 2 of 3 actors; pass `--limit 3` to see them all."),
        "{table}"
    );
}

#[test]
fn get_actor_shows_its_methods_and_their_calls() {
    let counter = counter("cli-get-counter", 5);
    assert_eq!(counter.hits().get().expect("a call"), 5);
    let id = counter.actor_id().to_string();
    let text = cli(&["get", "actor", &id]);
    assert!(text.contains(&format!("id          {id}\n")), "{text}");
    assert!(text.contains("class       Counter\n"), "{text}");
    assert!(text.contains("name        cli-get-counter\n"), "{text}");
    let methods = text.split_once("\n\n").expect("a method table").1;
    assert_eq!(
        cell(methods, ("METHOD", "hit"), "CALLS"),
        Some("5"),
        "{text}"
    );
    assert_eq!(
        cell(methods, ("METHOD", "hit"), "ERRORS"),
        Some("0"),
        "{text}"
    );
}

#[test]
fn tasks_are_listed_and_summarised_by_function() {
    dashboard();
    let squares: Vec<_> = (0..6).map(square::remote).collect();
    assert_eq!(
        actor_core::get(squares)
            .expect("squares")
            .iter()
            .sum::<u64>(),
        55
    );
    let table = cli(&["list", "tasks", "--name", "square"]);
    let function = table
        .lines()
        .nth(1)
        .and_then(|row| row.split_whitespace().next())
        .expect("a row");
    assert!(function.contains("square"), "{table}");
    assert_eq!(
        cell(&table, ("FUNCTION", function), "FINISHED"),
        Some("6"),
        "{table}"
    );
    assert_eq!(
        cell(&table, ("FUNCTION", function), "FAILED"),
        Some("0"),
        "{table}"
    );

    let summary = cli(&["summary", "tasks"]);
    assert_eq!(
        cell(&summary, ("FUNCTION", function), "TASKS"),
        Some("6"),
        "{summary}"
    );
}

#[test]
fn summary_actors_counts_each_class() {
    let _greeters: Vec<_> = (0..2)
        .map(|i| greeter(&format!("cli-summary-{i}"), 1))
        .collect();
    let summary = cli(&["summary", "actors"]);
    let alive: u64 = cell(&summary, ("CLASS", "Greeter"), "ALIVE")
        .and_then(|count| count.parse().ok())
        .unwrap_or_else(|| panic!("no Greeter row:\n{summary}"));
    // Other tests of this binary make greeters too.
    assert!(alive >= 2, "{summary}");
}

#[test]
fn a_killed_actor_is_listed_as_dead_with_its_cause() {
    let doomed = counter("cli-dead-counter", 1);
    actor_core::kill(&doomed);
    actor_core::watch(&doomed).get().expect("a death notice");
    let dead = cli(&["list", "actors", "--state", "dead", "--name", "cli-dead-"]);
    assert_eq!(
        cell(&dead, ("NAME", "cli-dead-counter"), "STATE"),
        Some("DEAD"),
        "{dead}"
    );
    let alive = cli(&["list", "actors", "--state", "alive", "--name", "cli-dead-"]);
    assert_eq!(alive, "No actors match.\n");
    let text = cli(&["get", "actor", &doomed.actor_id().to_string()]);
    let cause = text
        .lines()
        .find_map(|line| line.strip_prefix("death cause "))
        .expect("a death cause line");
    assert!(cause.contains("kill"), "{text}");
}
