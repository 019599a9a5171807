//! The query of the actors list (`/api/actors` and `/actors`): what the request asks for,
//! checked, with the defaults filled in; and back into a query string for the page's links.

use serde::{Deserialize, Serialize};

/// Actors shown per page unless the request says otherwise.
pub(super) const DEFAULT_LIMIT: usize = 100;
/// The most actors one page holds.
pub(super) const MAX_LIMIT: usize = 1000;

/// The states an actor can be filtered by, as the API spells them.
pub(super) const STATES: [&str; 4] = ["ALIVE", "DEAD", "RESTARTING", "PENDING_CREATION"];

/// The orders the list can be sorted in, as the API spells them.
pub(super) const SORTS: [(&str, SortKey); 9] = [
    ("id", SortKey::Id),
    ("class", SortKey::Class),
    ("name", SortKey::Name),
    ("state", SortKey::State),
    ("calls", SortKey::Calls),
    ("errors", SortKey::Errors),
    ("mean_latency", SortKey::MeanLatency),
    ("restarts", SortKey::Restarts),
    ("queue_len", SortKey::QueueLen),
];

/// What the actors are sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SortKey {
    Id,
    Class,
    Name,
    State,
    Calls,
    Errors,
    MeanLatency,
    Restarts,
    QueueLen,
}

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

/// A checked query of the actors list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ActorsQuery {
    /// Only actors in this state (one of [`STATES`]).
    pub(super) state: Option<&'static str>,
    /// Only actors of this class (exact).
    pub(super) class: Option<String>,
    /// Only actors whose name contains this.
    pub(super) name: Option<String>,
    pub(super) sort: SortKey,
    pub(super) descending: bool,
    pub(super) offset: usize,
    pub(super) limit: usize,
}

impl Default for ActorsQuery {
    fn default() -> Self {
        Self {
            state: None,
            class: None,
            name: None,
            sort: SortKey::Id,
            descending: false,
            offset: 0,
            limit: DEFAULT_LIMIT,
        }
    }
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
    pub(super) fn check(&self) -> Result<ActorsQuery, String> {
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
            None => SortKey::Id,
            Some(sort) => SORTS
                .into_iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(sort))
                .map(|(_, key)| key)
                .ok_or_else(|| {
                    let names: Vec<&str> = SORTS.iter().map(|(name, _)| *name).collect();
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
        Ok(ActorsQuery {
            state,
            class: given(&self.class).map(str::to_owned),
            name: given(&self.name).map(str::to_owned),
            sort,
            descending,
            offset: number("offset", &self.offset, 0)?,
            limit: number("limit", &self.limit, DEFAULT_LIMIT)?.min(MAX_LIMIT),
        })
    }
}

impl ActorsQuery {
    /// The name of the sort key, as the API spells it.
    pub(super) fn sort_name(&self) -> &'static str {
        SORTS
            .iter()
            .find(|(_, key)| *key == self.sort)
            .map_or("id", |(name, _)| name)
    }

    /// The path of the actors page showing this query from `offset` on.
    pub(super) fn page_href(&self, offset: usize) -> String {
        let raw = RawActorsQuery {
            state: self.state.map(str::to_owned),
            class: self.class.clone(),
            name: self.name.clone(),
            sort: (self.sort != SortKey::Id).then(|| self.sort_name().to_owned()),
            order: self.descending.then(|| "desc".to_owned()),
            limit: (self.limit != DEFAULT_LIMIT).then(|| self.limit.to_string()),
            offset: (offset != 0).then(|| offset.to_string()),
        };
        match serde_urlencoded::to_string(&raw) {
            Ok(query) if !query.is_empty() => format!("/actors?{query}"),
            _ => "/actors".to_owned(),
        }
    }
}
