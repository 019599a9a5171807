//! The dashboard: a read-only web view of this process's actors, tasks and resources,
//! served by the program itself when `ACTOR_CORE_DASHBOARD=ADDR` is set as the runtime
//! starts, or when `Config::dashboard` asks for it.
//!
//! Pages (`/`, `/actors`, `/actors/{id}`, `/tasks`), JSON under `/api/`, Prometheus text at
//! `/metrics`. It runs on a thread and a small tokio runtime of its own, so that serving
//! it never takes a thread from the actors; it only reads the state API.

mod access;
mod api;
mod data;
mod format;
mod layout;
mod metrics;
mod pages;
mod query;
mod routes;
mod rows;
mod sampler;
mod server;
mod shared;
mod svg;

pub use server::dashboard_url;
pub(crate) use server::{start, stop};
