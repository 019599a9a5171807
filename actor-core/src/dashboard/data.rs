//! What the dashboard shows that the state API does not give as such: one actor by the id
//! a URL names, every actor for a scrape, the count of actors in each state, the tasks of a
//! function by state.

use std::collections::BTreeMap;

use super::query::{STATES, TASK_STATES};
use crate::registry;
use crate::state::{ActorInfo, ActorQuery, TaskSummary, list_actors_page};

/// Why a path's id cannot name an actor.
const BAD_ID: &str =
    "is not an actor id; give one as the actors list shows it, such as 4e9e7f4d.1f";

/// The actor whose id displays as `id`, live or among the last dead ones; `Err` if `id`
/// is not shaped like an actor id.
pub(super) fn find_actor(id: &str) -> Result<Option<ActorInfo>, String> {
    let counter = parse_id(id).ok_or_else(|| format!("{id:?} {BAD_ID}"))?;
    if let Some(actor) = registry::lookup_local(counter)
        && actor.id().to_string() == id
    {
        return Ok(Some(actor.info()));
    }
    // Gone: among the last dead actors, which only the whole list names by counter.
    Ok(registry::everyone()
        .into_iter()
        .find(|known| {
            let shown = known.brief().id;
            shown.counter() == counter && shown.to_string() == id
        })
        .map(|known| known.info()))
}

/// The counter part of an id shown as `node.counter`, both in hex.
fn parse_id(id: &str) -> Option<u64> {
    let (node, counter) = id.split_once('.')?;
    let hex = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex(node) || node.len() > 8 || !hex(counter) {
        return None;
    }
    u64::from_str_radix(counter, 16).ok()
}

/// Every actor the state API knows of: referenced, and the last dead ones.
pub(super) fn every_actor() -> Vec<ActorInfo> {
    list_actors_page(&ActorQuery {
        limit: usize::MAX,
        ..ActorQuery::default()
    })
    .actors
}

/// How many actors are in each state, by label (every label present).
pub(super) fn actors_by_state() -> BTreeMap<&'static str, usize> {
    STATES
        .into_iter()
        .map(|state| {
            let page = list_actors_page(&ActorQuery {
                state: Some(state.to_owned()),
                limit: 0,
                ..ActorQuery::default()
            });
            (state, page.total)
        })
        .collect()
}

/// The tasks of one function in each state, by label, in the order of [`TASK_STATES`].
pub(super) fn task_states(task: &TaskSummary) -> [(&'static str, u64); 4] {
    let [pending, running, finished, failed] = TASK_STATES;
    [
        (pending, task.pending),
        (running, task.running),
        (finished, task.finished),
        (failed, task.failed),
    ]
}
