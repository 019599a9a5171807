//! One side's way to the actors of the other side of a connection between the driver and a
//! worker process, the same on both sides: a worker's peer is the driver (its `uplink`), the
//! driver has one peer per worker process (its `downlink`, kept by the `Link`).
//!
//! A handle that crosses the connection names an actor of the side it came from; on the
//! other side it becomes a stand-in (see `actor::forward`) whose calls go back as `Ask` and
//! `TellTo` frames, answered by `Answer`; `kill` and `terminate` of a stand-in go back as
//! `Kill` and `Terminate`. Both sides keep one stand-in per actor of the other side, so that
//! every handle to it shares the stand-in's call order.
//!
//! Keeping alive, both ways: a side that sends a handle keeps one of its own and says so
//! first (`Export`; see `remote::export` for which handles); the other side counts the
//! exports its stand-in took, and once the stand-in is gone it releases them (`Release`).
//! A handle that finds an actor of the receiving side itself releases its export at once.
//!
//! Deaths: a new stand-in asks the other side to tell it when its actor dies (`Watch`); that
//! side watches the actor through the handle it keeps for the export and, when it dies,
//! says why (`Ended`), and the stand-in dies of the same cause: its `watch` resolves, and
//! its later calls fail at once.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};

use crate::actor::{ActorControl, ActorId};
use crate::error::{ActorLabel, DeathCause, Error};
use crate::lock::lock;
use crate::object_ref::ObjectRef;
use crate::registry;
use crate::slot::Slot;

use super::frame::Frame;
use super::writer::FrameSender;

/// A handle kept alive for the other side, type-erased, and the notice of its actor's
/// death. A clone keeps the same handle.
#[derive(Clone)]
pub(crate) struct KeptHandle {
    /// The typed handle, only held.
    _handle: Arc<dyn std::any::Any + Send + Sync>,
    death: Arc<Slot<DeathCause>>,
}

impl KeptHandle {
    /// Keeps `handle`, whose actor's death notice is `death`.
    pub(crate) fn new(
        handle: Arc<dyn std::any::Any + Send + Sync>,
        death: Arc<Slot<DeathCause>>,
    ) -> Self {
        Self {
            _handle: handle,
            death,
        }
    }
}

/// What to do with the answer to one call made through a peer.
pub(crate) type OnAnswer = Box<dyn FnOnce(Result<Vec<u8>, Error>) + Send>;

/// The other side of a connection, as this side's stand-ins reach it.
pub(crate) struct Peer {
    writer: FrameSender,
    next_call: AtomicU64,
    calls: Mutex<Calls>,
    actors: Mutex<Actors>,
}

/// The calls sent through a peer and not answered yet.
#[derive(Default)]
struct Calls {
    waiting: HashMap<u64, Waiting>,
    /// The other side is gone, and why: later calls fail at once.
    lost: Option<DeathCause>,
}

/// One call waiting for its answer.
struct Waiting {
    /// The actor of the other side it is for, as its error names it if the side is lost.
    actor: ActorLabel,
    on_answer: OnAnswer,
}

/// The actors this side knows across the connection.
#[derive(Default)]
struct Actors {
    /// The stand-ins for actors of the other side, by the id of the actor.
    stand_ins: HashMap<ActorId, StandIn>,
    /// Handles the other side announced (`Export`) and this side has not read yet.
    announced: HashMap<ActorId, u64>,
    /// Handles to actors of this side kept for the other side's stand-ins, by actor.
    kept: HashMap<ActorId, Kept>,
    /// The actors of this side whose deaths the other side waits to hear of, by actor.
    watches: HashMap<ActorId, Watcher>,
}

/// A stand-in for an actor of the other side.
struct StandIn {
    control: Weak<dyn ActorControl>,
    /// How many of the other side's `Export`s of the actor it took: what it releases.
    exports: u64,
}

/// A handle kept alive for the other side.
struct Kept {
    handle: KeptHandle,
    /// How many `Export`s of it were sent and not released.
    count: u64,
}

/// The task that tells the other side when an actor of this side dies (see
/// [`Peer::watch_for_other_side`]); aborted when dropped, with the peer.
struct Watcher(tokio::task::AbortHandle);

impl Drop for Watcher {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Peer {
    /// The peer whose frames go to `writer`.
    pub(crate) fn new(writer: FrameSender) -> Self {
        Self {
            writer,
            next_call: AtomicU64::new(0),
            calls: Mutex::default(),
            actors: Mutex::default(),
        }
    }

    /// Queues `frame` for the other side; lost if the connection is closed.
    pub(crate) fn send(&self, frame: Frame) {
        let _ = self.writer.send(frame);
    }

    /// Where frames for the other side can be queued from a task of their own.
    pub(crate) fn sender(&self) -> FrameSender {
        self.writer.clone()
    }

    /// Sends a call with a result to `actor` of the other side; `on_answer` gets the
    /// encoded value or the error.
    pub(crate) fn ask(&self, actor: ActorLabel, message: Vec<u8>, on_answer: OnAnswer) {
        let call = self.next_call.fetch_add(1, Ordering::Relaxed);
        let target = actor.id;
        {
            let mut calls = lock(&self.calls);
            if let Some(cause) = calls.lost.clone() {
                drop(calls);
                on_answer(Err(Error::ActorDied { actor, cause }));
                return;
            }
            calls.waiting.insert(call, Waiting { actor, on_answer });
        }
        let sent = self.writer.send(Frame::Ask {
            call,
            target,
            message,
        });
        if let Err(failed) = sent
            && let Some(waiting) = lock(&self.calls).waiting.remove(&call)
        {
            let error = failed.unencodable("the call to the other process's actor");
            (waiting.on_answer)(Err(error.unwrap_or_else(connection_closed)));
        }
    }

    /// Sends a call without a result to the actor `target` of the other side.
    pub(crate) fn tell(&self, target: ActorId, message: Vec<u8>) {
        self.send(Frame::TellTo { target, message });
    }

    /// Hands the other side's answer to call number `call` to whoever waits for it.
    pub(crate) fn answer(&self, call: u64, result: Result<Vec<u8>, Error>) {
        let waiting = lock(&self.calls).waiting.remove(&call);
        if let Some(waiting) = waiting {
            (waiting.on_answer)(result);
        }
    }

    /// The stand-in for the actor `id` of the other side: the live one, if `reuse` accepts
    /// it (it counts a new handle of it); else the one `make` makes, kept. A stand-in made
    /// after the other side was lost is dead at once.
    pub(crate) fn stand_in<T: ActorControl + 'static>(
        &self,
        id: ActorId,
        reuse: impl FnOnce(&T) -> bool,
        make: impl FnOnce() -> Arc<T>,
    ) -> Arc<T> {
        let made = {
            let mut actors = lock(&self.actors);
            let took = actors.take_announced(id);
            let live = actors.stand_ins.get(&id).and_then(|known| {
                let live = known.control.upgrade()?.as_any().downcast::<T>().ok()?;
                reuse(&live).then_some(live)
            });
            if let Some(live) = live {
                if let Some(known) = actors.stand_ins.get_mut(&id) {
                    known.exports += took;
                }
                return live;
            }
            // The one before it is ending: its exports pass to the new one.
            let carried = actors.stand_ins.get(&id).map_or(0, |known| known.exports);
            let made = make();
            let control: Arc<dyn ActorControl> = made.clone();
            actors.stand_ins.insert(
                id,
                StandIn {
                    control: Arc::downgrade(&control),
                    exports: carried + took,
                },
            );
            made
        };
        match self.lost() {
            Some(cause) => {
                made.kill(cause);
            }
            None => self.send(Frame::Watch { actor: id }),
        }
        made
    }

    /// The live stand-in for the actor `id` of the other side, if there is one.
    pub(crate) fn stand_in_of(&self, id: ActorId) -> Option<Arc<dyn ActorControl>> {
        lock(&self.actors).stand_ins.get(&id)?.control.upgrade()
    }

    /// Whether the actor `id` is one of the other side's that this side knows.
    pub(crate) fn knows(&self, id: ActorId) -> bool {
        let actors = lock(&self.actors);
        actors.announced.contains_key(&id) || actors.stand_ins.contains_key(&id)
    }

    /// The stand-in `stand_in` for the actor `id` ended: forgets it, unless a newer one
    /// took its place, and releases the exports it took.
    pub(crate) fn stand_in_ended<T>(&self, id: ActorId, stand_in: &Arc<T>) {
        let ended = {
            let mut actors = lock(&self.actors);
            match actors.stand_ins.entry(id) {
                Entry::Occupied(known)
                    if std::ptr::addr_eq(known.get().control.as_ptr(), Arc::as_ptr(stand_in)) =>
                {
                    Some(known.remove())
                }
                _ => None,
            }
        };
        if let Some(ended) = ended
            && ended.exports > 0
        {
            self.send(Frame::Release {
                actor: id,
                count: ended.exports,
            });
        }
    }

    /// The other side announced a handle to its actor `id` (`Export`), which a frame after
    /// this one carries.
    pub(crate) fn announce(&self, id: ActorId) {
        *lock(&self.actors).announced.entry(id).or_default() += 1;
    }

    /// A handle to the actor `id` that the other side may have announced found an actor of
    /// this side: its export, if announced, is released at once.
    pub(crate) fn resolved_here(&self, id: ActorId) {
        if lock(&self.actors).take_announced(id) > 0 {
            self.send(Frame::Release {
                actor: id,
                count: 1,
            });
        }
    }

    /// Sends a handle to this side's actor `id` to the other side: keeps one (`handle`
    /// makes it) until the other side releases it, and announces it.
    pub(crate) fn export(&self, id: ActorId, handle: impl FnOnce() -> KeptHandle) {
        match lock(&self.actors).kept.entry(id) {
            Entry::Occupied(mut kept) => kept.get_mut().count += 1,
            Entry::Vacant(vacant) => {
                vacant.insert(Kept {
                    handle: handle(),
                    count: 1,
                });
            }
        }
        self.send(Frame::Export { actor: id });
    }

    /// The other side made a stand-in for this side's actor `id` (`Watch`): tells it when
    /// the actor dies (`Ended`). One watch per actor, however many stand-ins the other side
    /// makes for it in turn.
    pub(crate) fn watch_for_other_side(self: &Arc<Self>, id: ActorId) {
        let mut actors = lock(&self.actors);
        if actors.watches.contains_key(&id) {
            return;
        }
        let death = match actors.kept.get(&id) {
            Some(kept) => kept.handle.death.clone(),
            // A handle in an isolated actor's constructor arguments: its loop keeps it.
            None => match registry::lookup_id(id) {
                Some(actor) => actor.death_notice(),
                None => return,
            },
        };
        let peer = Arc::downgrade(self);
        let death = ObjectRef::from_task(death);
        let watch = crate::runtime::current().spawn(async move {
            let cause = death.await;
            if let Some(peer) = peer.upgrade() {
                if let Ok(cause) = cause {
                    peer.send(Frame::Ended { actor: id, cause });
                }
                lock(&peer.actors).watches.remove(&id);
            }
        });
        actors.watches.insert(id, Watcher(watch));
    }

    /// The other side's actor `id` died of `cause` (`Ended`): so does its stand-in here.
    pub(crate) fn ended(&self, id: ActorId, cause: DeathCause) {
        if let Some(stand_in) = self.stand_in_of(id) {
            stand_in.kill(cause);
        }
    }

    /// The other side released `count` exports of this side's actor `id`.
    pub(crate) fn release(&self, id: ActorId, count: u64) {
        let released = {
            let mut actors = lock(&self.actors);
            match actors.kept.entry(id) {
                Entry::Occupied(mut kept) => {
                    kept.get_mut().count = kept.get().count.saturating_sub(count);
                    (kept.get().count == 0).then(|| kept.remove())
                }
                Entry::Vacant(_) => None,
            }
        };
        // Dropped outside the lock: the last handle of an actor closes its mailbox.
        drop(released);
    }

    /// The other side is gone, for `cause`: the stand-ins die of it, and the calls waiting
    /// for answers fail with it.
    pub(crate) fn close(&self, cause: DeathCause) {
        let waiting = {
            let mut calls = lock(&self.calls);
            if calls.lost.is_some() {
                return;
            }
            calls.lost = Some(cause.clone());
            std::mem::take(&mut calls.waiting)
        };
        let actors = std::mem::take(&mut *lock(&self.actors));
        for stand_in in actors.stand_ins.values() {
            if let Some(control) = stand_in.control.upgrade() {
                control.kill(cause.clone());
            }
        }
        for (_, waiting) in waiting {
            (waiting.on_answer)(Err(Error::ActorDied {
                actor: waiting.actor,
                cause: cause.clone(),
            }));
        }
        // The kept handles and stand-ins are dropped here, outside the locks.
        drop(actors);
    }

    /// Why the other side is gone, if it is.
    fn lost(&self) -> Option<DeathCause> {
        lock(&self.calls).lost.clone()
    }
}

impl Actors {
    /// Takes one announced handle to `id`, if the other side announced one: 1, else 0.
    fn take_announced(&mut self, id: ActorId) -> u64 {
        let Entry::Occupied(mut announced) = self.announced.entry(id) else {
            return 0;
        };
        *announced.get_mut() -= 1;
        if *announced.get() == 0 {
            announced.remove();
        }
        1
    }
}

/// The error of a call through a peer whose connection is closed.
fn connection_closed() -> Error {
    Error::Wire {
        message: "the connection to the other process is closed".to_owned(),
    }
}
