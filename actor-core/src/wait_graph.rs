//! Who waits for whom: the actors whose running method blocks on a call to another actor.
//! A blocking wait that would close a cycle (A waits for B, which waits for A) fails at once
//! with [`Error::Deadlock`] rather than hanging.
//!
//! A wait inside an actor's method is first noted on its thread only (no lock): most waits
//! end without parking, for instance when the caller runs the awaited call itself. Only a
//! wait about to park the thread publishes the thread's open waits to the graph, checking
//! for a cycle under the graph's one lock, so that of two actors closing a cycle at the same
//! time the second one sees the first. Every wait open on a parked thread is published: the
//! outer ones are waits whose awaited call runs on this thread (the caller runs it), nested
//! above them.
//!
//! The innermost wait of a thread counts while its awaited call has not settled: a caller
//! that was answered but has not yet left its wait waits for nobody. An outer wait counts
//! until the thread leaves the waits inside it, settled or not: its call may have been
//! settled early (the actor killed, the call cancelled) while its method still runs here.

use std::cell::RefCell;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::{Arc, LazyLock, Mutex};

use crate::actor::ActorId;
use crate::current;
use crate::error::{ActorLabel, Error};
use crate::lock::lock;
use crate::registry;
use crate::slot::{ErasedSlot, Slot};

/// In the graph: one actor's method waiting for one call to another actor.
struct Edge {
    /// The actor called.
    awaited: ActorId,
    /// The call's result.
    call: Arc<dyn ErasedSlot>,
    /// The wait encloses another wait of its thread: it counts, settled or not.
    outer: bool,
}

impl Edge {
    fn counts(&self) -> bool {
        self.outer || !self.call.is_done()
    }
}

/// On its thread: one actor's method waiting for one call to another actor.
struct OpenWait {
    /// The actor whose method waits.
    waiter: ActorId,
    /// The actor called.
    awaited: ActorId,
    /// The call's result.
    call: Arc<dyn ErasedSlot>,
    /// `None` until the edge is in the graph; then whether it is outer there.
    published: Option<bool>,
}

impl OpenWait {
    /// Where the graph's copy of this wait is among its waiter's `edges`.
    fn position_in(&self, edges: &[Edge]) -> Option<usize> {
        edges
            .iter()
            .position(|edge| edge.awaited == self.awaited && Arc::ptr_eq(&edge.call, &self.call))
    }

    /// Marks the graph's copy of this published wait outer or not.
    fn set_outer(&mut self, graph: &mut Graph, outer: bool) {
        if let Some(edges) = graph.get_mut(&self.waiter)
            && let Some(index) = self.position_in(edges)
        {
            edges[index].outer = outer;
        }
        self.published = Some(outer);
    }
}

/// The waits open on one thread.
struct Open {
    /// Outermost first.
    waits: Vec<OpenWait>,
    /// Where the waits of the innermost blocking wait start in `waits`.
    innermost: usize,
}

thread_local! {
    static OPEN: RefCell<Open> = const {
        RefCell::new(Open { waits: Vec::new(), innermost: 0 })
    };
}

/// The published waits, by waiting actor (several edges when it waits for several calls).
type Graph = HashMap<ActorId, Vec<Edge>>;

static GRAPH: LazyLock<Mutex<Graph>> = LazyLock::new(Mutex::default);

/// The waits of one blocking wait, open until dropped (on the thread that waits).
pub(crate) struct Waiting {
    /// How many waits were open on this thread before this one.
    below: usize,
    /// Where the waits of the blocking wait around this one start.
    outer: usize,
    _on_this_thread: PhantomData<*const ()>,
}

/// Opens a blocking wait on this thread: the method running here, if it is an actor's, waits
/// for each of `calls` (the actor called, and the call's result). Nothing is locked until
/// the wait parks (see [`before_park`]).
pub(crate) fn waits_for<'a, T: Send + 'static>(
    calls: impl IntoIterator<Item = (ActorId, &'a Arc<Slot<T>>)>,
) -> Waiting {
    let waiter = current::actor_id();
    OPEN.with(|open| {
        let mut open = open.borrow_mut();
        let below = open.waits.len();
        let outer = std::mem::replace(&mut open.innermost, below);
        if let Some(waiter) = waiter {
            open.waits
                .extend(calls.into_iter().map(|(awaited, call)| OpenWait {
                    waiter,
                    awaited,
                    call: call.clone(),
                    published: None,
                }));
        }
        Waiting {
            below,
            outer,
            _on_this_thread: PhantomData,
        }
    })
}

impl Drop for Waiting {
    fn drop(&mut self) {
        OPEN.with(|open| {
            let mut open = open.borrow_mut();
            open.innermost = self.outer;
            let (enclosing, ended) = open.waits.split_at_mut(self.below);
            // The wait around this one is the innermost again: no longer outer.
            let enclosing = &mut enclosing[self.outer..];
            let to_unpublish = ended.iter().any(|wait| wait.published.is_some());
            let to_unmark = enclosing.iter().any(|wait| wait.published == Some(true));
            if to_unpublish || to_unmark {
                let mut graph = lock(&GRAPH);
                for wait in ended.iter().filter(|wait| wait.published.is_some()) {
                    unpublish(&mut graph, wait);
                }
                for wait in enclosing.iter_mut().filter(|wait| wait.published.is_some()) {
                    wait.set_outer(&mut graph, false);
                }
            }
        });
        // One at a time, outside the borrow: the last reference to a call's result drops
        // its value, which may run user code.
        while let Some(ended) = OPEN.with(|open| {
            let mut open = open.borrow_mut();
            if open.waits.len() > self.below {
                open.waits.pop()
            } else {
                None
            }
        }) {
            drop(ended);
        }
    }
}

/// Takes `wait`'s edge out of the graph. The edge shares its call's result with `wait`, so
/// dropping it here, under the lock, never drops the result.
fn unpublish(graph: &mut Graph, wait: &OpenWait) {
    let Some(edges) = graph.get_mut(&wait.waiter) else {
        return;
    };
    if let Some(index) = wait.position_in(edges) {
        edges.swap_remove(index);
    }
    if edges.is_empty() {
        graph.remove(&wait.waiter);
    }
}

/// Publishes this thread's open waits, before it parks in the innermost one.
///
/// # Errors
/// [`Error::Deadlock`] naming the actors if one of the waits closes a cycle; that wait and
/// those inside it stay unpublished.
pub(crate) fn before_park() -> Result<(), Error> {
    let cycle = OPEN.with(|open| {
        let mut open = open.borrow_mut();
        let innermost = open.innermost;
        let is_outer = |index: usize| index < innermost;
        let up_to_date = open
            .waits
            .iter()
            .enumerate()
            .all(|(index, wait)| wait.published == Some(is_outer(index)));
        if up_to_date {
            return None;
        }
        let mut graph = lock(&GRAPH);
        // The waits around the innermost one are outer now, wherever they were published.
        for (index, wait) in open.waits.iter_mut().enumerate() {
            if is_outer(index) && wait.published == Some(false) {
                wait.set_outer(&mut graph, true);
            }
        }
        for (index, wait) in open.waits.iter_mut().enumerate() {
            if wait.published.is_some() {
                continue;
            }
            let edge = Edge {
                awaited: wait.awaited,
                call: wait.call.clone(),
                outer: is_outer(index),
            };
            if edge.counts()
                && let Some(path) = path(&graph, wait.awaited, wait.waiter)
            {
                return Some((wait.waiter, path));
            }
            graph.entry(wait.waiter).or_default().push(edge);
            wait.published = Some(is_outer(index));
        }
        None
    });
    match cycle {
        Some((waiter, path)) => Err(deadlock(waiter, &path)),
        None => Ok(()),
    }
}

/// The actors along a chain of waits from `from` to `to`, both included, if there is one.
fn path(graph: &Graph, from: ActorId, to: ActorId) -> Option<Vec<ActorId>> {
    // Depth first, each actor once; `trail` is the chain from `from` to the actor looked at.
    let mut seen = vec![from];
    let mut trail = vec![(from, 0_usize)];
    while let Some((actor, next)) = trail.last_mut() {
        if *actor == to {
            return Some(trail.iter().map(|(actor, _)| *actor).collect());
        }
        let edges = graph.get(actor).map_or(&[][..], Vec::as_slice);
        match edges.get(*next) {
            Some(edge) => {
                *next += 1;
                if edge.counts() && !seen.contains(&edge.awaited) {
                    seen.push(edge.awaited);
                    trail.push((edge.awaited, 0));
                }
            }
            None => {
                trail.pop();
            }
        }
    }
    None
}

/// The error of `waiter` waiting along `path` (from the actor it calls back to itself).
fn deadlock(waiter: ActorId, path: &[ActorId]) -> Error {
    let chain: Vec<String> = path.iter().copied().map(describe).collect();
    Error::Deadlock {
        reason: format!(
            "{} waits for a call to {}: none of these calls can ever finish; send one of them \
             with `tell()` instead, or return its ObjectRef rather than waiting for it in the \
             method",
            describe(waiter),
            chain.join(", which waits for "),
        ),
    }
}

/// The actor `id` by class and name, as errors name actors; by id alone if it is gone.
fn describe(id: ActorId) -> String {
    match registry::lookup_id(id) {
        Some(actor) => {
            let info = actor.info();
            ActorLabel {
                id,
                class_name: info.class_name.into(),
                name: info.name.map(Arc::from),
            }
            .to_string()
        }
        None => format!("actor {id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A graph of the waits `(waiter, awaited, settled)`.
    fn graph(waits: &[(ActorId, ActorId, bool)]) -> Graph {
        let mut graph = Graph::new();
        for &(waiter, awaited, settled) in waits {
            let call = Slot::<u32>::new();
            if settled {
                call.complete(Ok(0));
            }
            graph.entry(waiter).or_default().push(Edge {
                awaited,
                call,
                outer: false,
            });
        }
        graph
    }

    #[test]
    fn a_path_is_found_past_a_branch_that_leads_nowhere() {
        let [a, b, c, d] = [(); 4].map(|()| ActorId::next(0));
        let graph = graph(&[(a, b, false), (a, c, false), (c, d, false)]);
        assert_eq!(path(&graph, a, d), Some(vec![a, c, d]));
        assert_eq!(path(&graph, b, d), None);
    }

    #[test]
    fn a_settled_wait_is_no_link_unless_it_encloses_another() {
        let [a, b, c] = [(); 3].map(|()| ActorId::next(0));
        let mut graph = graph(&[(a, b, true), (b, c, false)]);
        assert_eq!(path(&graph, a, c), None);
        graph.get_mut(&a).expect("a waits")[0].outer = true;
        assert_eq!(path(&graph, a, c), Some(vec![a, b, c]));
    }

    #[test]
    fn a_loop_that_misses_the_target_ends() {
        let [a, b, c] = [(); 3].map(|()| ActorId::next(0));
        let graph = graph(&[(a, b, false), (b, a, false)]);
        assert_eq!(path(&graph, a, c), None);
    }
}
