//! What the dashboard shows, read from the state API: pages of actors, one actor by the id
//! a URL names, task functions, resources.

use std::cmp::Ordering;

use super::query::{ActorsQuery, SortKey};
use crate::actor::{ActorId, ActorState};
use crate::registry;
use crate::state::{self, ActorInfo, TaskSummary};

/// One page of the actors a query selects.
#[derive(Debug)]
pub(super) struct ActorPage {
    /// How many actors the filter selects, on every page.
    pub(super) total: usize,
    /// The actors of this page, in the query's order.
    pub(super) actors: Vec<ActorInfo>,
}

/// A resource of this node: how much there is and how much actors and tasks hold.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Resource {
    pub(super) name: String,
    pub(super) total: f64,
    pub(super) in_use: f64,
}

/// The state's label, as the API spells it.
pub(super) fn state_label(state: &ActorState) -> &'static str {
    match state {
        ActorState::PendingCreation => "PENDING_CREATION",
        ActorState::Alive => "ALIVE",
        ActorState::Restarting => "RESTARTING",
        ActorState::Dead { .. } => "DEAD",
    }
}

/// The page of actors `query` asks for.
pub(super) fn actors_page(query: &ActorsQuery) -> ActorPage {
    let mut actors: Vec<ActorInfo> = state::list_actors()
        .into_iter()
        .filter(|info| {
            query
                .state
                .is_none_or(|state| state_label(&info.state) == state)
        })
        .filter(|info| {
            query
                .class
                .as_ref()
                .is_none_or(|class| info.class_name == *class)
        })
        .filter(|info| {
            query.name.as_ref().is_none_or(|part| {
                info.name
                    .as_deref()
                    .is_some_and(|name| name.contains(part.as_str()))
            })
        })
        .collect();
    actors.sort_by(|a, b| {
        let order = compare(query.sort, a, b).then(a.id.cmp(&b.id));
        if query.descending {
            order.reverse()
        } else {
            order
        }
    });
    let total = actors.len();
    let actors = actors
        .into_iter()
        .skip(query.offset)
        .take(query.limit)
        .collect();
    ActorPage { total, actors }
}

fn compare(key: SortKey, a: &ActorInfo, b: &ActorInfo) -> Ordering {
    let calls = |info: &ActorInfo| info.methods.iter().map(|m| m.calls).sum::<u64>();
    let errors = |info: &ActorInfo| info.methods.iter().map(|m| m.errors).sum::<u64>();
    match key {
        SortKey::Id => Ordering::Equal,
        SortKey::Class => a.class_name.cmp(&b.class_name),
        SortKey::Name => a.name.cmp(&b.name),
        SortKey::State => state_label(&a.state).cmp(state_label(&b.state)),
        SortKey::Calls => calls(a).cmp(&calls(b)),
        SortKey::Errors => errors(a).cmp(&errors(b)),
        SortKey::MeanLatency => mean_us(a).total_cmp(&mean_us(b)),
        SortKey::Restarts => a.num_restarts.cmp(&b.num_restarts),
        SortKey::QueueLen => a.queue_len.cmp(&b.queue_len),
    }
}

/// The mean time of the actor's calls across its methods, in microseconds (0 before any).
pub(super) fn mean_us(info: &ActorInfo) -> f64 {
    let calls: u64 = info.methods.iter().map(|m| m.calls).sum();
    let time: f64 = info
        .methods
        .iter()
        .map(|m| m.total_time.as_secs_f64())
        .sum();
    if calls == 0 {
        0.0
    } else {
        time * 1e6 / calls as f64
    }
}

/// Why a path's id cannot name an actor.
pub(super) const BAD_ID: &str =
    "is not an actor id; give one as the actors list shows it, such as 4e9e7f4d.1f";

/// The actor whose id displays as `id`; `Err` if `id` is not shaped like an actor id.
pub(super) fn find_actor(id: &str) -> Result<Option<ActorInfo>, String> {
    let counter = parse_id(id).ok_or_else(|| format!("{id:?} {BAD_ID}"))?;
    let shown_as = |actor_id: ActorId| actor_id.to_string() == id;
    if let Some(actor) = registry::lookup_local(counter).filter(|actor| shown_as(actor.id())) {
        return Ok(Some(actor.info()));
    }
    Ok(state::list_actors()
        .into_iter()
        .find(|info| shown_as(info.id)))
}

/// The counter part of an id shown as `node.counter`, both in lower-case hex.
fn parse_id(id: &str) -> Option<u64> {
    let (node, counter) = id.split_once('.')?;
    let hex = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex(node) || node.len() > 8 || !hex(counter) {
        return None;
    }
    u64::from_str_radix(counter, 16).ok()
}

/// Every task function's summary, by name.
pub(super) fn tasks() -> Vec<TaskSummary> {
    state::list_tasks()
}

/// Every resource of this node, by name.
pub(super) fn resources() -> Vec<Resource> {
    let free = crate::runtime::available_resources();
    crate::runtime::cluster_resources()
        .into_iter()
        .map(|(name, total)| {
            let in_use = total - free.get(&name).copied().unwrap_or(total);
            Resource {
                name,
                total,
                in_use,
            }
        })
        .collect()
}
