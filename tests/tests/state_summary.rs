//! The state prints as tables: `ActorState` and `ActorInfo` display as a person reads them,
//! and `state::summary()` shows every actor and every task function.

use actor_core::prelude::*;
use actor_core::{ActorState, DeathCause, state};

#[actor]
struct Greeter {
    greeted: u32,
}

#[actor]
impl Greeter {
    fn new() -> Self {
        Self { greeted: 0 }
    }

    pub fn greet(&mut self, name: String) -> String {
        self.greeted += 1;
        format!("hello, {name}")
    }

    pub fn fail(&self) -> Result<(), String> {
        Err("refused".to_owned())
    }
}

#[task]
fn double_it(value: u64) -> u64 {
    value * 2
}

#[test]
fn an_actor_state_displays_in_words() {
    assert_eq!(ActorState::Alive.to_string(), "alive");
    assert_eq!(ActorState::PendingCreation.to_string(), "pending creation");
    assert_eq!(ActorState::Restarting.to_string(), "restarting");
    let dead = ActorState::Dead {
        cause: DeathCause::Killed,
    };
    assert_eq!(dead.to_string(), "dead: it was killed");
}

#[test]
fn an_actor_info_displays_as_a_line_and_a_table_of_its_methods() {
    let greeter = Greeter::options().name("greeter").remote().unwrap();
    greeter.greet("ada".to_owned()).get().unwrap();
    greeter.greet("bob".to_owned()).get().unwrap();
    greeter.fail().get().unwrap().unwrap_err();
    let info = state::get_actor_info(greeter.actor_id()).unwrap();
    let text = info.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "Greeter {} `greeter`: alive, 0 queued, 0 restarts",
            greeter.actor_id()
        ),
        "{text}"
    );
    let words =
        |line: &str| -> Vec<String> { line.split_whitespace().map(str::to_owned).collect() };
    assert_eq!(
        words(lines[1])[..3],
        ["method", "calls", "errors"],
        "{text}"
    );
    assert_eq!(words(lines[2])[..3], ["greet", "2", "0"], "{text}");
    assert_eq!(words(lines[3])[..3], ["fail", "1", "1"], "{text}");
    assert_eq!(lines.len(), 4, "{text}");
    // The columns line up: every row is as wide as the header (in characters: `µs`).
    let width = |line: &&str| line.chars().count();
    assert!(
        lines[1..]
            .iter()
            .all(|line| width(line) == width(&lines[1])),
        "{text}"
    );

    actor_core::kill(&greeter);
    let info = state::get_actor_info(greeter.actor_id()).unwrap();
    assert!(
        info.to_string().starts_with(&format!(
            "Greeter {} `greeter`: dead: it was killed, ",
            greeter.actor_id()
        )),
        "{info}"
    );
}

#[test]
fn the_summary_shows_every_actor_and_every_task_function() {
    let greeter = Greeter::remote();
    greeter.greet("eve".to_owned()).get().unwrap();
    assert_eq!(
        actor_core::get([double_it::remote(1), double_it::remote(2)]).unwrap(),
        [2, 4]
    );
    let summary = state::summary();
    assert!(
        summary
            .actors
            .iter()
            .any(|info| info.id == greeter.actor_id())
    );
    let text = summary.to_string();
    assert!(text.starts_with("Actors:\n"), "{text}");
    let actor_line = format!("\n  Greeter {}: alive, ", greeter.actor_id());
    assert!(text.contains(&actor_line), "{text}");
    let tasks = text.split_once("\nTasks:\n").expect("a task table").1;
    let rows: Vec<Vec<&str>> = tasks
        .lines()
        .map(|line| line.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "task", "pending", "running", "finished", "failed", "retries"
        ],
        "{text}"
    );
    let double_it = rows
        .iter()
        .find(|row| row[0] == "double_it")
        .unwrap_or_else(|| panic!("no row of double_it:\n{text}"));
    assert_eq!(double_it[1..], ["0", "0", "2", "0", "0"], "{text}");
}
