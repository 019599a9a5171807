//! The JSON API under `/api/`.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::data;
use super::query::{RawActorsQuery, TASK_STATES};
use super::rows::{
    ActorDetail, ActorList, ActorRow, Overview, ResourceList, ResourceRow, TaskList, TaskRow,
};
use super::shared::Shared;
use crate::state::{ActorInfo, ActorQuery, list_actors_page, list_tasks};

/// The body of every error answer.
#[derive(Debug, Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
}

/// An error answer: `status` with `{"error": message}`.
pub(super) fn error_response(status: StatusCode, message: &str) -> Response {
    (status, Json(ErrorBody { error: message })).into_response()
}

/// The checked actors query of `uri`, or the 400 answer saying what is wrong with it.
pub(super) fn actors_query(uri: &Uri) -> Result<ActorQuery, String> {
    let Query(raw) = Query::<RawActorsQuery>::try_from_uri(uri)
        .map_err(|error| format!("the query string cannot be read: {error}"))?;
    raw.check()
}

/// The actor a path names, or the 400 or 404 message.
pub(super) fn actor_of_path(id: &str) -> Result<ActorInfo, (StatusCode, String)> {
    match data::find_actor(id) {
        Err(message) => Err((StatusCode::BAD_REQUEST, message)),
        Ok(None) => Err((
            StatusCode::NOT_FOUND,
            format!(
                "no actor has the id {id}: it may have died and been dropped from the list \
                 of the last 1,000 dead actors; see /api/actors for those known"
            ),
        )),
        Ok(Some(info)) => Ok(info),
    }
}

/// `GET /api/overview`.
pub(super) async fn overview(State(shared): State<Shared>) -> Json<Overview> {
    Json(overview_of(&shared))
}

/// The overview record, for the API and the overview page.
pub(super) fn overview_of(shared: &Shared) -> Overview {
    let mut tasks_by_state: BTreeMap<&'static str, u64> =
        TASK_STATES.into_iter().map(|label| (label, 0)).collect();
    for task in list_tasks() {
        for (label, count) in data::task_states(&task) {
            *tasks_by_state.entry(label).or_default() += count;
        }
    }
    Overview {
        pid: std::process::id(),
        uptime_s: shared.scheduler.uptime().as_secs_f64(),
        actors_by_state: data::actors_by_state(),
        tasks_by_state,
        resources: resource_rows(shared),
    }
}

/// `GET /api/actors`.
pub(super) async fn actors(uri: Uri) -> Response {
    let query = match actors_query(&uri) {
        Ok(query) => query,
        Err(message) => return error_response(StatusCode::BAD_REQUEST, &message),
    };
    let page = list_actors_page(&query);
    Json(ActorList {
        total: page.total,
        offset: query.offset,
        limit: query.limit,
        actors: page.actors.iter().map(ActorRow::of).collect(),
    })
    .into_response()
}

/// `GET /api/actors/{id}`.
pub(super) async fn actor(State(shared): State<Shared>, Path(id): Path<String>) -> Response {
    match actor_of_path(&id) {
        Ok(info) => {
            shared.sampler.viewed(&info);
            let rates = shared.sampler.rates(info.id);
            Json(ActorDetail::of(&info, &rates)).into_response()
        }
        Err((status, message)) => error_response(status, &message),
    }
}

/// `GET /api/tasks`.
pub(super) async fn tasks() -> Json<TaskList> {
    Json(TaskList {
        tasks: list_tasks().iter().map(TaskRow::of).collect(),
    })
}

/// `GET /api/resources`.
pub(super) async fn resources(State(shared): State<Shared>) -> Json<ResourceList> {
    Json(ResourceList {
        resources: resource_rows(&shared),
    })
}

/// A row for each resource of the node: its total, and what is in use.
fn resource_rows(shared: &Shared) -> Vec<ResourceRow> {
    shared
        .scheduler
        .usage()
        .iter()
        .map(ResourceRow::of)
        .collect()
}

/// Any other path under `/api/`.
pub(super) async fn not_found(uri: Uri) -> Response {
    error_response(
        StatusCode::NOT_FOUND,
        &format!(
            "no such endpoint: {}; the API has /api/overview, /api/actors, \
             /api/actors/{{id}}, /api/tasks and /api/resources",
            uri.path()
        ),
    )
}
