//! `list actors`, `summary actors` and `get actor ID`: the actors of `/api/actors`.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::api::{ActorDetail, ActorPage, ActorRow};
use crate::args::{Format, GetArgs, ListArgs};
use crate::client::Dashboard;
use crate::error::CliError;
use crate::output::{json_text, parse};
use crate::table::{Align, micros, render, seconds};

/// The states an actor can be in, as the dashboard spells them.
const STATES: [&str; 4] = ["ALIVE", "DEAD", "RESTARTING", "PENDING_CREATION"];

/// The most actors the dashboard gives in one page.
const PAGE_LIMIT: u64 = 1_000;

/// The actors the filters of `args` select, at most `args.limit` of them.
pub(crate) fn list(dashboard: &Dashboard, args: &ListArgs) -> Result<String, CliError> {
    let mut filters = Vec::new();
    if let Some(state) = &args.state {
        filters.push(("state", actor_state(state)?));
    }
    if let Some(class) = &args.class {
        filters.push(("class", class.clone()));
    }
    if let Some(name) = &args.name {
        filters.push(("name", name.clone()));
    }
    let actors = fetch(dashboard, &filters, args.limit)?;
    if args.format == Format::Json {
        return Ok(json_text(&actors.json(args.limit)));
    }
    if actors.rows.is_empty() {
        return Ok("No actors match.\n".to_owned());
    }
    let mut text = actor_table(&actors.rows);
    let shown = actors.rows.len();
    if (shown as u64) < actors.total {
        let total = actors.total;
        text.push_str(&format!(
            "\nShowing {shown} of {total} actors; pass `--limit {total}` to see them all.\n"
        ));
    }
    Ok(text)
}

/// How many actors of each class are in each state, with their calls and errors.
pub(crate) fn summary(dashboard: &Dashboard, format: Format) -> Result<String, CliError> {
    let actors = fetch(dashboard, &[], u64::MAX)?;
    let mut classes: BTreeMap<&str, ClassSummary> = BTreeMap::new();
    for actor in &actors.rows {
        let class = classes.entry(&actor.class).or_default();
        *class.by_state.entry(actor.state.clone()).or_default() += 1;
        class.actors += 1;
        class.calls += actor.calls;
        class.errors += actor.errors;
    }
    if format == Format::Json {
        let classes: Vec<Value> = classes
            .iter()
            .map(|(name, class)| {
                json!({
                    "class": name, "actors": class.actors, "by_state": class.by_state,
                    "calls": class.calls, "errors": class.errors,
                })
            })
            .collect();
        return Ok(json_text(
            &json!({ "total": actors.rows.len(), "classes": classes }),
        ));
    }
    let headers = [
        ("CLASS", Align::Left),
        ("ACTORS", Align::Right),
        ("ALIVE", Align::Right),
        ("DEAD", Align::Right),
        ("RESTARTING", Align::Right),
        ("PENDING_CREATION", Align::Right),
        ("CALLS", Align::Right),
        ("ERRORS", Align::Right),
    ];
    let rows = classes
        .iter()
        .map(|(name, class)| {
            let mut row = vec![name.to_string(), class.actors.to_string()];
            row.extend(STATES.iter().map(|state| {
                let count = class.by_state.get(*state).copied().unwrap_or(0);
                count.to_string()
            }));
            row.extend([class.calls.to_string(), class.errors.to_string()]);
            row
        })
        .collect();
    let mut text = render(&headers, rows);
    text.push_str(&format!(
        "\n{} actors of {} classes.\n",
        actors.rows.len(),
        classes.len()
    ));
    Ok(text)
}

/// One actor and its methods.
pub(crate) fn get(dashboard: &Dashboard, args: &GetArgs) -> Result<String, CliError> {
    let id = args.id.trim();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') {
        return Err(CliError::Usage(format!(
            "`{id}` is not an actor id; ids look like `0000abcd.1f` (`actor-core list actors` \
             shows them)"
        )));
    }
    let value = dashboard.get(&format!("/api/actors/{id}"), &[])?;
    if args.format == Format::Json {
        return Ok(json_text(&value));
    }
    let detail: ActorDetail = parse(&format!("/api/actors/{id}"), value)?;
    let actor = &detail.actor;
    let facts = [
        ("id", actor.id.clone()),
        ("class", actor.class.clone()),
        ("name", actor.name.clone().unwrap_or_else(|| "-".to_owned())),
        ("namespace", actor.namespace.clone()),
        ("state", actor.state.clone()),
        (
            "death cause",
            actor.death_cause.clone().unwrap_or_else(|| "-".to_owned()),
        ),
        ("pid", actor.pid.to_string()),
        ("restarts", actor.restarts.to_string()),
        ("queue", actor.queue_len.to_string()),
        ("calls", actor.calls.to_string()),
        ("errors", actor.errors.to_string()),
        ("mean", micros(actor.mean_latency_us)),
        ("p99", micros(actor.p99_latency_us)),
        ("uptime", seconds(actor.uptime_s)),
    ];
    let mut text = String::new();
    for (fact, value) in facts {
        text.push_str(&format!("{fact:<12}{value}\n"));
    }
    text.push('\n');
    if detail.methods.is_empty() {
        text.push_str("No method was called yet.\n");
        return Ok(text);
    }
    let headers = [
        ("METHOD", Align::Left),
        ("CALLS", Align::Right),
        ("ERRORS", Align::Right),
        ("MEAN", Align::Right),
        ("P50", Align::Right),
        ("P99", Align::Right),
        ("MAX", Align::Right),
        ("TIMED", Align::Left),
    ];
    let rows = detail
        .methods
        .iter()
        .map(|method| {
            vec![
                method.method.clone(),
                method.calls.to_string(),
                method.errors.to_string(),
                micros(method.mean_us),
                micros(method.p50_us),
                micros(method.p99_us),
                micros(method.max_us),
                if method.sampled {
                    "sampled"
                } else {
                    "every call"
                }
                .to_owned(),
            ]
        })
        .collect();
    text.push_str(&render(&headers, rows));
    Ok(text)
}

/// The actors of one class, counted.
#[derive(Debug, Default)]
struct ClassSummary {
    actors: u64,
    by_state: BTreeMap<String, u64>,
    calls: u64,
    errors: u64,
}

/// Actors fetched page by page: their JSON as the dashboard gave it, and as rows.
#[derive(Debug)]
struct Fetched {
    total: u64,
    json: Vec<Value>,
    rows: Vec<ActorRow>,
}

impl Fetched {
    /// The answer of `/api/actors` for all the pages fetched, as if it were one page.
    fn json(self, limit: u64) -> Value {
        json!({ "total": self.total, "offset": 0, "limit": limit, "actors": self.json })
    }
}

/// At most `limit` actors that `filters` select, asking page after page.
fn fetch(
    dashboard: &Dashboard,
    filters: &[(&str, String)],
    limit: u64,
) -> Result<Fetched, CliError> {
    let mut fetched = Fetched {
        total: 0,
        json: Vec::new(),
        rows: Vec::new(),
    };
    loop {
        let offset = fetched.rows.len() as u64;
        let page_limit = (limit - offset).min(PAGE_LIMIT);
        let mut query = filters.to_vec();
        query.extend([
            ("limit", page_limit.to_string()),
            ("offset", offset.to_string()),
        ]);
        let value = dashboard.get("/api/actors", &query)?;
        if let Some(Value::Array(actors)) = value.get("actors") {
            fetched.json.extend(actors.iter().cloned());
        }
        let page: ActorPage = parse("/api/actors", value)?;
        fetched.total = page.total;
        let got = page.actors.len() as u64;
        fetched.rows.extend(page.actors);
        let have = fetched.rows.len() as u64;
        if got < page_limit || have >= limit || have >= page.total {
            return Ok(fetched);
        }
    }
}

/// The dashboard's spelling of the actor state `state`, or an error listing the states.
fn actor_state(state: &str) -> Result<String, CliError> {
    let upper = state.trim().to_ascii_uppercase();
    if STATES.contains(&upper.as_str()) {
        Ok(upper)
    } else {
        Err(CliError::Usage(format!(
            "`--state {state}` is not a state of actors; give one of {}",
            STATES.join(", ")
        )))
    }
}

/// The table of `list actors`.
fn actor_table(actors: &[ActorRow]) -> String {
    let headers = [
        ("ID", Align::Left),
        ("CLASS", Align::Left),
        ("NAME", Align::Left),
        ("NAMESPACE", Align::Left),
        ("STATE", Align::Left),
        ("PID", Align::Right),
        ("RESTARTS", Align::Right),
        ("QUEUE", Align::Right),
        ("CALLS", Align::Right),
        ("ERRORS", Align::Right),
        ("MEAN", Align::Right),
        ("P99", Align::Right),
        ("UPTIME", Align::Right),
    ];
    let rows = actors
        .iter()
        .map(|actor| {
            vec![
                actor.id.clone(),
                actor.class.clone(),
                actor.name.clone().unwrap_or_else(|| "-".to_owned()),
                actor.namespace.clone(),
                actor.state.clone(),
                actor.pid.to_string(),
                actor.restarts.to_string(),
                actor.queue_len.to_string(),
                actor.calls.to_string(),
                actor.errors.to_string(),
                micros(actor.mean_latency_us),
                micros(actor.p99_latency_us),
                seconds(actor.uptime_s),
            ]
        })
        .collect();
    render(&headers, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_upper_cased_and_checked() {
        assert_eq!(actor_state("alive").expect("a state"), "ALIVE");
        assert_eq!(
            actor_state(" pending_creation ").expect("a state"),
            "PENDING_CREATION"
        );
        let error = actor_state("sleepy").expect_err("not a state").to_string();
        assert!(
            error.contains("ALIVE, DEAD, RESTARTING, PENDING_CREATION"),
            "{error}"
        );
    }

    #[test]
    fn the_table_shows_each_actor_on_one_aligned_line() {
        let page: ActorPage = serde_json::from_value(json!({
            "total": 2, "offset": 0, "limit": 100, "actors": [
                {"id": "00000001.0", "class": "Counter", "name": "hits", "namespace": "default",
                 "state": "ALIVE", "death_cause": null, "pid": 7, "restarts": 0, "queue_len": 0,
                 "calls": 12, "errors": 1, "mean_latency_us": 3.5, "p99_latency_us": 1500.0,
                 "uptime_s": 61.0},
                {"id": "00000002.0", "class": "Worker", "name": null, "namespace": "default",
                 "state": "DEAD", "death_cause": "killed", "pid": 7, "restarts": 2,
                 "queue_len": 0, "calls": 3, "errors": 0, "mean_latency_us": null,
                 "p99_latency_us": null, "uptime_s": 2.0}
            ]
        }))
        .expect("the contract's shape");
        let table = actor_table(&page.actors);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 3, "{table}");
        let words: Vec<Vec<&str>> = lines
            .iter()
            .map(|l| l.split_whitespace().collect())
            .collect();
        assert_eq!(
            words[1][..5],
            ["00000001.0", "Counter", "hits", "default", "ALIVE"]
        );
        assert_eq!(words[1][8], "12");
        assert_eq!(
            words[2][..5],
            ["00000002.0", "Worker", "-", "default", "DEAD"]
        );
        // Right-aligned numbers end in the same column.
        let end = |line: &str, word: &str| line.find(word).map(|at| at + word.len());
        assert_eq!(end(lines[0], "CALLS"), end(lines[1], "12"));
    }
}
