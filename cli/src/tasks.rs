//! `list tasks` and `summary tasks`: the task functions of `/api/tasks`.

use serde_json::{Value, json};

use crate::api::{TaskList, TaskRow};
use crate::args::{Format, ListArgs};
use crate::client::Dashboard;
use crate::error::CliError;
use crate::output::{json_text, parse};
use crate::table::{Align, micros, render};

/// The states a task can be in, as the dashboard spells them.
const STATES: [&str; 4] = ["PENDING", "RUNNING", "FINISHED", "FAILED"];

/// The task functions the filters of `args` select, at most `args.limit` of them.
pub(crate) fn list(dashboard: &Dashboard, args: &ListArgs) -> Result<String, CliError> {
    if args.class.is_some() {
        return Err(CliError::Usage(
            "`--class` selects actors; for tasks, `--name` selects functions by name".to_owned(),
        ));
    }
    let state = args.state.as_deref().map(task_state).transpose()?;
    let (json, rows) = fetch(dashboard)?;
    let limit = usize::try_from(args.limit).unwrap_or(usize::MAX);
    let selected: Vec<(Value, TaskRow)> = json
        .into_iter()
        .zip(rows)
        .filter(|(_, row)| {
            let in_state = state.is_none_or(|state| row.count_in(state).unwrap_or(0) > 0);
            let named = args
                .name
                .as_deref()
                .is_none_or(|name| row.function.contains(name));
            in_state && named
        })
        .take(limit)
        .collect();
    let (json, rows): (Vec<Value>, Vec<TaskRow>) = selected.into_iter().unzip();
    if args.format == Format::Json {
        return Ok(json_text(&json!({ "tasks": json })));
    }
    if rows.is_empty() {
        return Ok("No tasks match.\n".to_owned());
    }
    let headers = [
        ("FUNCTION", Align::Left),
        ("PENDING", Align::Right),
        ("RUNNING", Align::Right),
        ("FINISHED", Align::Right),
        ("FAILED", Align::Right),
        ("RETRIES", Align::Right),
        ("MEAN", Align::Right),
        ("P99", Align::Right),
    ];
    let rows = rows
        .iter()
        .map(|row| {
            vec![
                row.function.clone(),
                row.pending.to_string(),
                row.running.to_string(),
                row.finished.to_string(),
                row.failed.to_string(),
                row.retries.to_string(),
                micros(row.mean_us),
                micros(row.p99_us),
            ]
        })
        .collect();
    Ok(render(&headers, rows))
}

/// The tasks of every function by state, and of all functions together.
pub(crate) fn summary(dashboard: &Dashboard, format: Format) -> Result<String, CliError> {
    let (_, rows) = fetch(dashboard)?;
    let mut totals = [0_u64; STATES.len()];
    for row in &rows {
        for (total, state) in totals.iter_mut().zip(STATES) {
            *total += row.count_in(state).unwrap_or(0);
        }
    }
    if format == Format::Json {
        let by_state: serde_json::Map<String, Value> = STATES
            .iter()
            .zip(totals)
            .map(|(state, total)| (state.to_string(), total.into()))
            .collect();
        let functions: Vec<Value> = rows
            .iter()
            .map(|row| {
                json!({
                    "function": row.function, "total": total(row), "pending": row.pending,
                    "running": row.running, "finished": row.finished, "failed": row.failed,
                })
            })
            .collect();
        return Ok(json_text(
            &json!({ "by_state": by_state, "functions": functions }),
        ));
    }
    let headers = [
        ("FUNCTION", Align::Left),
        ("TASKS", Align::Right),
        ("PENDING", Align::Right),
        ("RUNNING", Align::Right),
        ("FINISHED", Align::Right),
        ("FAILED", Align::Right),
    ];
    let count_row = |name: String, counts: [u64; 4]| {
        let mut row = vec![name, counts.iter().sum::<u64>().to_string()];
        row.extend(counts.iter().map(u64::to_string));
        row
    };
    let mut table: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            let counts = [row.pending, row.running, row.finished, row.failed];
            count_row(row.function.clone(), counts)
        })
        .collect();
    table.push(count_row("(all functions)".to_owned(), totals));
    Ok(render(&headers, table))
}

/// Every task function: the JSON of each, and each as a row.
fn fetch(dashboard: &Dashboard) -> Result<(Vec<Value>, Vec<TaskRow>), CliError> {
    let value = dashboard.get("/api/tasks", &[])?;
    let json = match value.get("tasks") {
        Some(Value::Array(tasks)) => tasks.clone(),
        _ => Vec::new(),
    };
    let list: TaskList = parse("/api/tasks", value)?;
    Ok((json, list.tasks))
}

/// All the tasks of `row`, whatever their state.
fn total(row: &TaskRow) -> u64 {
    row.pending + row.running + row.finished + row.failed
}

/// The dashboard's spelling of the task state `state`, or an error listing the states.
fn task_state(state: &str) -> Result<&'static str, CliError> {
    let upper = state.trim().to_ascii_uppercase();
    STATES
        .into_iter()
        .find(|known| *known == upper)
        .ok_or_else(|| {
            CliError::Usage(format!(
                "`--state {state}` is not a state of tasks; give one of {}",
                STATES.join(", ")
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_states_are_upper_cased_and_checked() {
        assert_eq!(task_state("running").expect("a state"), "RUNNING");
        let error = task_state("ALIVE").expect_err("an actor state").to_string();
        assert!(
            error.contains("PENDING, RUNNING, FINISHED, FAILED"),
            "{error}"
        );
    }
}
