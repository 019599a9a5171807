//! The pages: overview, actors, one actor, tasks. Server-rendered; every text from the
//! program (names, classes, causes) is escaped by `maud`.

use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::api::{actor_of_path, actors_query, overview_of};
use super::format;
use super::layout::{error_page, page};
use super::query::{STATES, TASK_STATES, page_href};
use super::rows::{ActorDetail, ActorRow, TaskRow};
use super::shared::Shared;
use super::svg;
use crate::state::{ActorQuery, ActorSort, list_actors_page, list_tasks};

/// `GET /`.
pub(super) async fn overview(State(shared): State<Shared>) -> Response {
    let overview = overview_of(&shared);
    page(
        "Overview",
        html! {
            div id="live" {
                p {
                    "Process " strong { (overview.pid) } ", up "
                    strong { (format::span(overview.uptime_s)) } "."
                }
                h2 { "Resources" }
                table {
                    tr { th { "resource" } th.num { "in use" } th.num { "total" } th { "" } }
                    @for resource in &overview.resources {
                        @let share = if resource.total > 0.0 {
                            100.0 * resource.in_use / resource.total
                        } else { 0.0 };
                        tr {
                            td { (resource.resource) }
                            td.num { (format::amount(resource.in_use)) }
                            td.num { (format::amount(resource.total)) }
                            td { span.bar-bg { span.bar-fg style=(format!("width:{share:.0}%")) {} } }
                        }
                    }
                }
                h2 { "Actors" }
                table {
                    tr { th { "state" } th.num { "actors" } }
                    @for state in STATES {
                        @let count = overview.actors_by_state.get(state).copied().unwrap_or(0);
                        tr {
                            td { a class=(format!("state-{state}"))
                                href=(format!("/actors?state={state}")) { (state) } }
                            td.num { (count) }
                        }
                    }
                }
                h2 { "Tasks" }
                table {
                    tr { th { "state" } th.num { "tasks" } }
                    @for state in TASK_STATES {
                        @let count = overview.tasks_by_state.get(state).copied().unwrap_or(0);
                        tr { td { (state) } td.num { (count) } }
                    }
                }
            }
        },
    )
    .into_response()
}

/// `GET /actors`.
pub(super) async fn actors(uri: Uri) -> Response {
    let query = match actors_query(&uri) {
        Ok(query) => query,
        Err(message) => return error_page(StatusCode::BAD_REQUEST, &message),
    };
    let page_of_actors = list_actors_page(&query);
    let rows: Vec<ActorRow> = page_of_actors.actors.iter().map(ActorRow::of).collect();
    page(
        "Actors",
        html! {
            (filters(&query))
            div id="live" {
                p.muted {
                    (page_of_actors.total)
                    @if page_of_actors.total == 1 { " actor" } @else { " actors" }
                    @if !rows.is_empty() {
                        ", showing " (query.offset + 1) "–" (query.offset + rows.len())
                    }
                }
                table {
                    tr {
                        (sort_header(&query, "id", ActorSort::Id, false))
                        (sort_header(&query, "class", ActorSort::Class, false))
                        (sort_header(&query, "name", ActorSort::Name, false))
                        th { "namespace" }
                        (sort_header(&query, "state", ActorSort::State, false))
                        th { "death cause" }
                        th.num { "pid" }
                        (sort_header(&query, "restarts", ActorSort::Restarts, true))
                        (sort_header(&query, "queue", ActorSort::QueueLen, true))
                        (sort_header(&query, "calls", ActorSort::Calls, true))
                        (sort_header(&query, "errors", ActorSort::Errors, true))
                        (sort_header(&query, "mean", ActorSort::MeanLatency, true))
                        th.num { "p99" }
                        th.num { "uptime" }
                    }
                    @for row in &rows {
                        tr.actor {
                            td { a href=(format!("/actors/{}", row.id)) { code { (row.id) } } }
                            td.class { (row.class) }
                            td.name { (row.name.as_deref().unwrap_or("")) }
                            td { (row.namespace) }
                            td class=(format!("state-{}", row.state)) { (row.state) }
                            td.cause { (row.death_cause.as_deref().unwrap_or("")) }
                            td.num { (row.pid) }
                            td.num { (row.restarts) }
                            td.num { (row.queue_len) }
                            td.num { (row.calls) }
                            td.num { (row.errors) }
                            td.num { (format::maybe_micros(row.mean_latency_us)) }
                            td.num { (format::maybe_micros(row.p99_latency_us)) }
                            td.num { (format::span(row.uptime_s)) }
                        }
                    }
                }
                (pager(&query, page_of_actors.total))
            }
        },
    )
    .into_response()
}

/// The filter form of the actors page.
fn filters(query: &ActorQuery) -> Markup {
    html! {
        form method="get" action="/actors" {
            label { "state"
                select name="state" {
                    option value="" { "any" }
                    @for state in STATES {
                        option value=(state) selected[query.state.as_deref() == Some(state)] {
                            (state)
                        }
                    }
                }
            }
            label { "class" input name="class" value=(query.class.as_deref().unwrap_or("")); }
            label { "name contains"
                input name="name" value=(query.name.as_deref().unwrap_or(""));
            }
            label { "sort"
                select name="sort" {
                    @for key in ActorSort::ALL {
                        option value=(key.as_str()) selected[query.sort == key] { (key.as_str()) }
                    }
                }
            }
            label { "order"
                select name="order" {
                    option value="asc" selected[!query.descending] { "ascending" }
                    option value="desc" selected[query.descending] { "descending" }
                }
            }
            button type="submit" { "Show" }
        }
    }
}

/// A column header that sorts by `key` (the other way round if it sorts by it already).
fn sort_header(query: &ActorQuery, title: &str, key: ActorSort, numeric: bool) -> Markup {
    let sorted = ActorQuery {
        sort: key,
        descending: if query.sort == key {
            !query.descending
        } else {
            numeric
        },
        ..query.clone()
    };
    let arrow = match (query.sort == key, query.descending) {
        (false, _) => "",
        (true, false) => " ▲",
        (true, true) => " ▼",
    };
    html! {
        th class=[numeric.then_some("num")] {
            a href=(page_href(&sorted, 0)) { (title) (arrow) }
        }
    }
}

/// Links to the previous and next pages.
fn pager(query: &ActorQuery, total: usize) -> Markup {
    let previous = (query.offset > 0).then(|| query.offset.saturating_sub(query.limit));
    let next = query.offset + query.limit;
    html! {
        div.pager {
            @if let Some(previous) = previous {
                a rel="prev" href=(page_href(query, previous)) { "← previous " (query.limit) }
            }
            @if next < total {
                a rel="next" href=(page_href(query, next)) { "next " (query.limit) " →" }
            }
        }
    }
}

/// `GET /actors/{id}`.
pub(super) async fn actor(State(shared): State<Shared>, Path(id): Path<String>) -> Response {
    let info = match actor_of_path(&id) {
        Ok(info) => info,
        Err((status, message)) => return error_page(status, &message),
    };
    shared.sampler.viewed(&info);
    let detail = ActorDetail::of(&info, &shared.sampler.rates(info.id));
    let row = &detail.actor;
    let title = match &row.name {
        Some(name) => format!("{} “{name}”", row.class),
        None => format!("{} {}", row.class, row.id),
    };
    page(
        &title,
        html! {
            div id="live" {
                table.actor {
                    tr { th { "id" } td { code { (row.id) } } }
                    tr { th { "class" } td.class { (row.class) } }
                    tr { th { "name" } td.name { (row.name.as_deref().unwrap_or("")) } }
                    tr { th { "namespace" } td { (row.namespace) } }
                    tr { th { "state" } td class=(format!("state-{}", row.state)) { (row.state) } }
                    @if let Some(cause) = &row.death_cause {
                        tr { th { "death cause" } td.cause { (cause) } }
                    }
                    tr { th { "pid" } td { (row.pid) } }
                    tr { th { "restarts" } td { (row.restarts) } }
                    tr { th { "queue" } td { (row.queue_len) } }
                    tr { th { "uptime" } td { (format::span(row.uptime_s)) } }
                }
                h2 { "Methods" }
                table.methods {
                    tr {
                        th { "method" } th.num { "calls" } th.num { "errors" } th.num { "mean" }
                        th.num { "p50" } th.num { "p99" } th.num { "max" } th { "timing" }
                    }
                    @for method in &detail.methods {
                        tr {
                            td.method { (method.method) }
                            td.num { (method.calls) }
                            td.num { (method.errors) }
                            td.num { (format::maybe_micros(method.mean_us)) }
                            td.num { (format::maybe_micros(method.p50_us)) }
                            td.num { (format::maybe_micros(method.p99_us)) }
                            td.num { (format::maybe_micros(method.max_us)) }
                            td.muted { @if method.sampled { "sampled" } @else { "every call" } }
                        }
                    }
                }
                @for method in &detail.methods {
                    h3 { (method.method) }
                    div.charts {
                        (svg::histogram(&method.method, &method.histogram))
                        (svg::calls_per_second(&method.method, &method.calls_per_second))
                    }
                }
            }
        },
    )
    .into_response()
}

/// `GET /tasks`.
pub(super) async fn tasks() -> Response {
    let rows: Vec<TaskRow> = list_tasks().iter().map(TaskRow::of).collect();
    page(
        "Tasks",
        html! {
            div id="live" {
                @if rows.is_empty() {
                    p.muted { "No task was submitted yet." }
                }
                table {
                    tr {
                        th { "function" } th.num { "pending" } th.num { "running" }
                        th.num { "finished" } th.num { "failed" } th.num { "retries" }
                        th.num { "mean" } th.num { "p99" }
                    }
                    @for row in &rows {
                        tr {
                            td.function { (row.function) }
                            td.num { (row.pending) }
                            td.num { (row.running) }
                            td.num { (row.finished) }
                            td.num { (row.failed) }
                            td.num { (row.retries) }
                            td.num { (format::maybe_micros(row.mean_us)) }
                            td.num { (format::maybe_micros(row.p99_us)) }
                        }
                    }
                }
            }
        },
    )
    .into_response()
}

/// Any other path.
pub(super) async fn not_found(uri: Uri) -> Response {
    error_page(
        StatusCode::NOT_FOUND,
        &format!(
            "No page at {}. The pages are /, /actors, /actors/{{id}} and /tasks.",
            uri.path()
        ),
    )
}
