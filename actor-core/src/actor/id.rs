//! Actor ids: unique across processes and machines from day one.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

/// Numbers the ids made in this process, whatever their node.
static COUNTER: AtomicU64 = AtomicU64::new(1);

/// The unique id of an actor: the node that created it, and a counter of that node.
///
/// Shown as `4e9e7f4d.4` (the node, then the counter, in hex), by `Display` and `Debug` alike,
/// so that an id in a log line matches the same id in an error message.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ActorId {
    node: u64,
    local: u64,
}

impl ActorId {
    /// A fresh id on the node `node`.
    pub(crate) fn next(node: u64) -> Self {
        Self {
            node,
            local: COUNTER.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The counter part: unique among the ids made in this process, whatever their node,
    /// since one counter numbers them all.
    pub(crate) fn counter(self) -> u64 {
        self.local
    }

    /// The node that made the id: the process it was made in.
    pub(crate) fn node(self) -> u64 {
        self.node
    }

    /// Takes `id`, made in another process, as the id of an actor of this one (a worker
    /// process runs its isolated actor under the driver's id for it): the counter here moves
    /// past `id`'s, so that no id made here later has its counter. `None` when this process
    /// already made ids up to that counter, one of which may have it.
    pub(crate) fn adopt(id: ActorId) -> Option<ActorId> {
        let before = COUNTER.fetch_max(id.local + 1, Ordering::Relaxed);
        (before <= id.local).then_some(id)
    }
}

impl fmt::Display for ActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:08x}.{:x}", self.node as u32, self.local)
    }
}

impl fmt::Debug for ActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_adopted_id_keeps_its_counter_to_itself() {
        let made_before = ActorId::next(1);
        let foreign = ActorId {
            node: 2,
            local: made_before.counter() + 1_000,
        };
        assert_eq!(ActorId::adopt(foreign), Some(foreign));
        let made_after = ActorId::next(1);
        assert!(made_after.counter() > foreign.counter(), "{made_after}");
        // Its counter may already be taken here: refused.
        assert_eq!(ActorId::adopt(made_before), None);
    }
}
