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
//! above them, and they end only when the thread goes on.
//!
//! An edge counts while its awaited call has not settled: a caller that was answered but has
//! not yet left its wait waits for nobody.

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

/// One actor's method waiting for one call to another actor.
struct Edge {
    /// The actor called.
    awaited: ActorId,
    /// The call's result: the edge counts while it is not settled.
    call: Arc<dyn ErasedSlot>,
}

impl Edge {
    fn counts(&self) -> bool {
        !self.call.is_done()
    }

    fn is(&self, awaited: ActorId, call: &Arc<dyn ErasedSlot>) -> bool {
        self.awaited == awaited && Arc::ptr_eq(&self.call, call)
    }
}

/// A wait open on this thread.
struct OpenWait {
    /// The actor whose method waits.
    waiter: ActorId,
    edge: Edge,
    /// Whether the edge is in the graph.
    published: bool,
}

thread_local! {
    /// The waits open on this thread, outermost first.
    static OPEN: RefCell<Vec<OpenWait>> = const { RefCell::new(Vec::new()) };
}

/// The published waits, by waiting actor (several edges when it waits for several calls).
static GRAPH: LazyLock<Mutex<HashMap<ActorId, Vec<Edge>>>> = LazyLock::new(Mutex::default);

/// The waits of one blocking wait, open until dropped (on the thread that waits).
pub(crate) struct Waiting {
    /// How many waits were open on this thread before this one.
    below: usize,
    _on_this_thread: PhantomData<*const ()>,
}

/// Notes that the method running on this thread, if it is an actor's, waits for each of
/// `calls` (the actor called, and the call's result). Nothing is locked until the wait parks
/// (see [`before_park`]).
pub(crate) fn waits_for<'a, T: Send + 'static>(
    calls: impl IntoIterator<Item = (ActorId, &'a Arc<Slot<T>>)>,
) -> Option<Waiting> {
    let waiter = current::actor_id()?;
    OPEN.with(|open| {
        let mut open = open.borrow_mut();
        let below = open.len();
        open.extend(calls.into_iter().map(|(awaited, call)| OpenWait {
            waiter,
            edge: Edge {
                awaited,
                call: call.clone(),
            },
            published: false,
        }));
        Some(Waiting {
            below,
            _on_this_thread: PhantomData,
        })
    })
}

impl Drop for Waiting {
    fn drop(&mut self) {
        OPEN.with(|open| {
            let open = open.borrow();
            let ended = &open[self.below..];
            if ended.iter().any(|wait| wait.published) {
                let mut graph = lock(&GRAPH);
                for wait in ended.iter().filter(|wait| wait.published) {
                    unpublish(&mut graph, wait);
                }
            }
        });
        // One at a time, outside the borrow: the last reference to a call's result drops
        // its value, which may run user code.
        while let Some(ended) = OPEN.with(|open| {
            let mut open = open.borrow_mut();
            if open.len() > self.below {
                open.pop()
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
fn unpublish(graph: &mut HashMap<ActorId, Vec<Edge>>, wait: &OpenWait) {
    let Some(edges) = graph.get_mut(&wait.waiter) else {
        return;
    };
    if let Some(index) = edges
        .iter()
        .position(|edge| edge.is(wait.edge.awaited, &wait.edge.call))
    {
        edges.swap_remove(index);
    }
    if edges.is_empty() {
        graph.remove(&wait.waiter);
    }
}

/// Publishes this thread's open waits, before it parks in the innermost.
///
/// # Errors
/// [`Error::Deadlock`] naming the actors if one of the waits closes a cycle; that wait and
/// those inside it stay unpublished.
pub(crate) fn before_park() -> Result<(), Error> {
    let cycle = OPEN.with(|open| {
        let mut open = open.borrow_mut();
        if open.iter().all(|wait| wait.published) {
            return None;
        }
        let mut graph = lock(&GRAPH);
        for wait in open.iter_mut().filter(|wait| !wait.published) {
            if wait.edge.counts()
                && let Some(path) = path(&graph, wait.edge.awaited, wait.waiter)
            {
                return Some((wait.waiter, path));
            }
            graph.entry(wait.waiter).or_default().push(Edge {
                awaited: wait.edge.awaited,
                call: wait.edge.call.clone(),
            });
            wait.published = true;
        }
        None
    });
    match cycle {
        Some((waiter, path)) => Err(deadlock(waiter, &path)),
        None => Ok(()),
    }
}

/// The actors along a chain of waits from `from` to `to`, both included, if there is one.
fn path(graph: &HashMap<ActorId, Vec<Edge>>, from: ActorId, to: ActorId) -> Option<Vec<ActorId>> {
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
