//! The query of the actors list (`/api/actors` and `/actors`): what the request asks for,
//! checked, with the defaults filled in; and back into a query string for the page's links.

use serde::{Deserialize, Serialize};

use crate::state::{ActorQuery, ActorSort};

/// Actors shown per page unless the request says otherwise.
pub(super) const DEFAULT_LIMIT: usize = ActorQuery::DEFAULT_LIMIT;
/// The most actors one page holds.
pub(super) const MAX_LIMIT: usize = 1000;

/// The states an actor can be filtered by, as the API spells them.
pub(super) const STATES: [&str; 4] = ["ALIVE", "PENDING_CREATION", "RESTARTING", "DEAD"];
/// The states of the tasks of a function, as the API spells them.
pub(super) const TASK_STATES: [&str; 4] = ["PENDING", "RUNNING", "FINISHED", "FAILED"];

/// The query string as sent: every parameter optional, an empty one the same as none (as
/// an HTML form sends an empty field).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub(super) struct RawActorsQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    class: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sort: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<String>,
}

/// A set parameter: `None` for a missing or empty one.
fn given(value: &Option<String>) -> Option<&str> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

impl RawActorsQuery {
    /// The checked query, or why a parameter cannot be used (for a 400 answer).
    pub(super) fn check(&self) -> Result<ActorQuery, String> {
        let state = match given(&self.state) {
            None => None,
            Some(state) => Some(
                STATES
                    .into_iter()
                    .find(|known| known.eq_ignore_ascii_case(state))
                    .ok_or_else(|| {
                        format!("state={state:?} is not a state; give one of {STATES:?}")
                    })?,
            ),
        };
        let sort = match given(&self.sort) {
            None => ActorSort::Id,
            Some(sort) => sort.parse::<ActorSort>().map_err(|_| {
                let names: Vec<&str> = ActorSort::ALL.iter().map(|key| key.as_str()).collect();
                format!("sort={sort:?} is not a column to sort by; give one of {names:?}")
            })?,
        };
        let descending = match given(&self.order) {
            None => false,
            Some(order) if order.eq_ignore_ascii_case("asc") => false,
            Some(order) if order.eq_ignore_ascii_case("desc") => true,
            Some(order) => {
                return Err(format!("order={order:?} is not an order; give asc or desc"));
            }
        };
        let number = |name: &str, value: &Option<String>, default: usize| match given(value) {
            None => Ok(default),
            Some(text) => text.parse::<usize>().map_err(|_| {
                format!("{name}={text:?} is not a count; give a whole number such as 100")
            }),
        };
        Ok(ActorQuery {
            state: state.map(str::to_owned),
            class: given(&self.class).map(str::to_owned),
            name: given(&self.name).map(str::to_owned),
            sort,
            descending,
            offset: number("offset", &self.offset, 0)?,
            limit: number("limit", &self.limit, DEFAULT_LIMIT)?.min(MAX_LIMIT),
        })
    }
}

/// The path of the actors page showing `query` from `offset` on.
pub(super) fn page_href(query: &ActorQuery, offset: usize) -> String {
    let raw = RawActorsQuery {
        state: query.state.clone(),
        class: query.class.clone(),
        name: query.name.clone(),
        sort: (query.sort != ActorSort::Id).then(|| query.sort.as_str().to_owned()),
        order: query.descending.then(|| "desc".to_owned()),
        limit: (query.limit != DEFAULT_LIMIT).then(|| query.limit.to_string()),
        offset: (offset != 0).then(|| offset.to_string()),
    };
    match serde_urlencoded::to_string(&raw) {
        Ok(text) if !text.is_empty() => format!("/actors?{text}"),
        _ => "/actors".to_owned(),
    }
}
