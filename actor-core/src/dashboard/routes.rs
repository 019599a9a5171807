//! The routes of the server: every path answers GET (and HEAD) only.

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::get;

use super::access::{Access, require_token};
use super::shared::Shared;
use super::{api, metrics, pages};

/// Every route, behind the token rule of `access`.
pub(super) fn router(access: Access, shared: Shared) -> Router {
    Router::new()
        .route("/", get(pages::overview))
        .route("/actors", get(pages::actors))
        .route("/actors/{id}", get(pages::actor))
        .route("/tasks", get(pages::tasks))
        .route("/metrics", get(metrics::metrics))
        .route("/api/overview", get(api::overview))
        .route("/api/actors", get(api::actors))
        .route("/api/actors/{id}", get(api::actor))
        .route("/api/tasks", get(api::tasks))
        .route("/api/resources", get(api::resources))
        .route("/api/{*rest}", get(api::not_found))
        .fallback(pages::not_found)
        .with_state(shared)
        .layer(from_fn_with_state(access, require_token))
}
