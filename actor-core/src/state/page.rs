//! One page of the actors, filtered and sorted: what a dashboard asks for when the process
//! has 100,000 actors. Every actor is filtered and sorted on a few figures read in place;
//! a full [`ActorInfo`] is built only for the actors of the page.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::records::{ActorInfo, Brief};
use crate::registry;

/// Which actors [`list_actors_page`] returns, in which order, and which page of them.
///
/// `ActorQuery::default()` asks for the first [`ActorQuery::DEFAULT_LIMIT`] actors of any
/// state, class and name, by id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorQuery {
    /// Only actors in this state, by its label (`ALIVE`, `DEAD`, `RESTARTING`,
    /// `PENDING_CREATION`, see [`ActorState::label`](crate::ActorState::label)), compared
    /// ignoring case; a label that is none of these matches no actor.
    pub state: Option<String>,
    /// Only actors of this class (the Rust type name, as in [`ActorInfo::class_name`]).
    pub class: Option<String>,
    /// Only actors whose name contains this text (case-sensitive); unnamed actors never match.
    pub name: Option<String>,
    /// The order of the actors.
    pub sort: ActorSort,
    /// Largest first rather than smallest first. Actors that tie stay in the order of
    /// their ids either way, so that pages do not overlap.
    pub descending: bool,
    /// How many of the matching actors, in order, to skip.
    pub offset: usize,
    /// At most this many actors in the page.
    pub limit: usize,
}

impl ActorQuery {
    /// The page size of `ActorQuery::default()`.
    pub const DEFAULT_LIMIT: usize = 100;

    /// Whether the actor `brief` passes the filters.
    fn matches(&self, brief: &Brief<'_>) -> bool {
        self.state
            .as_deref()
            .is_none_or(|state| state.eq_ignore_ascii_case(brief.state))
            && self
                .class
                .as_deref()
                .is_none_or(|class| class == brief.class_name)
            && self
                .name
                .as_deref()
                .is_none_or(|part| brief.name.is_some_and(|name| name.contains(part)))
    }

    /// The order of two actors.
    fn order(&self, a: &Brief<'_>, b: &Brief<'_>) -> Ordering {
        let by_key = self.sort.compare(a, b);
        let by_key = if self.descending {
            by_key.reverse()
        } else {
            by_key
        };
        by_key.then_with(|| a.id.cmp(&b.id))
    }
}

impl Default for ActorQuery {
    fn default() -> Self {
        Self {
            state: None,
            class: None,
            name: None,
            sort: ActorSort::default(),
            descending: false,
            offset: 0,
            limit: Self::DEFAULT_LIMIT,
        }
    }
}

/// What [`list_actors_page`] sorts the actors by.
///
/// Parsed from and shown as its snake-case name (`"mean_latency"`), as a query string
/// would carry it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorSort {
    /// By id: the order of creation within the process.
    #[default]
    Id,
    /// By class name.
    Class,
    /// By name; unnamed actors first.
    Name,
    /// By the label of the state (`ALIVE` < `DEAD` < `PENDING_CREATION` < `RESTARTING`).
    State,
    /// By calls finished, over all methods.
    Calls,
    /// By calls that returned `Err` or panicked, over all methods.
    Errors,
    /// By the mean time of a call over all methods ([`ActorInfo::mean_time`]); actors not
    /// called yet first.
    MeanLatency,
    /// By restarts.
    Restarts,
    /// By calls waiting in the mailbox.
    QueueLen,
}

impl ActorSort {
    /// Every order, in the order of the declaration.
    pub const ALL: [Self; 9] = [
        Self::Id,
        Self::Class,
        Self::Name,
        Self::State,
        Self::Calls,
        Self::Errors,
        Self::MeanLatency,
        Self::Restarts,
        Self::QueueLen,
    ];

    /// Its snake-case name: `"id"`, `"class"`, ..., `"mean_latency"`, `"queue_len"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::Class => "class",
            Self::Name => "name",
            Self::State => "state",
            Self::Calls => "calls",
            Self::Errors => "errors",
            Self::MeanLatency => "mean_latency",
            Self::Restarts => "restarts",
            Self::QueueLen => "queue_len",
        }
    }

    /// The order of two actors by this key alone.
    fn compare(self, a: &Brief<'_>, b: &Brief<'_>) -> Ordering {
        match self {
            Self::Id => a.id.cmp(&b.id),
            Self::Class => a.class_name.cmp(b.class_name),
            Self::Name => a.name.cmp(&b.name),
            Self::State => a.state.cmp(b.state),
            Self::Calls => a.totals.calls.cmp(&b.totals.calls),
            Self::Errors => a.totals.errors.cmp(&b.totals.errors),
            Self::MeanLatency => a.totals.mean_time().cmp(&b.totals.mean_time()),
            Self::Restarts => a.num_restarts.cmp(&b.num_restarts),
            Self::QueueLen => a.queue_len.cmp(&b.queue_len),
        }
    }
}

impl fmt::Display for ActorSort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A sort key that is none of [`ActorSort`]'s names.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown sort key `{0}`: use one of id, class, name, state, calls, errors, mean_latency, \
     restarts, queue_len"
)]
pub struct UnknownSort(pub String);

impl FromStr for ActorSort {
    type Err = UnknownSort;

    /// The order named `text` (its snake-case name, ignoring case).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|sort| sort.as_str().eq_ignore_ascii_case(text))
            .ok_or_else(|| UnknownSort(text.to_owned()))
    }
}

/// One page of the actors that match an [`ActorQuery`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorPage {
    /// How many actors match the query's filters, in all pages.
    pub total: usize,
    /// The actors of the page, in the query's order: at most `limit` of them, after the
    /// first `offset`.
    pub actors: Vec<ActorInfo>,
}

/// The page of actors that `query` asks for, among every actor this process knows of: those
/// still referenced (live or dead) and the last
/// [`DEAD_ACTORS_KEPT`](super::DEAD_ACTORS_KEPT) actors gone.
///
/// Fast for many actors: with 100,000 of them, the first page takes a few milliseconds,
/// since only the page's actors are described in full. The actors are read one by one, not
/// frozen together: an actor that changes meanwhile may be sorted on its figures of a moment
/// before those of its record in the page.
pub fn list_actors_page(query: &ActorQuery) -> ActorPage {
    let known = registry::everyone();
    let mut rows: Vec<(usize, Brief<'_>)> = known
        .iter()
        .enumerate()
        .map(|(index, actor)| (index, actor.brief()))
        .filter(|(_, brief)| query.matches(brief))
        .collect();
    let total = rows.len();
    let start = query.offset.min(total);
    let end = query.offset.saturating_add(query.limit).min(total);
    if start == end {
        return ActorPage {
            total,
            actors: Vec::new(),
        };
    }
    let order = |a: &(usize, Brief<'_>), b: &(usize, Brief<'_>)| query.order(&a.1, &b.1);
    if end < total {
        // Only the first `end` need sorting: split them off in linear time.
        rows.select_nth_unstable_by(end - 1, order);
        rows.truncate(end);
    }
    rows.sort_unstable_by(order);
    let actors = rows[start..]
        .iter()
        .map(|(index, _)| known[*index].info())
        .collect();
    ActorPage { total, actors }
}
