//! `ActorRef<A>`: the typed handle inside every generated `FooHandle`.

use std::fmt;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::args::KeptArgs;
use crate::error::{DeathCause, Error};
use crate::object_ref::ObjectRef;
use crate::registry;
use crate::runtime::Runtime;
use crate::slot::{ErasedSlot, Slot};
use crate::wire::AnyCell;

use super::cell::ActorCell;
use super::control::ActorControl;
use super::deferred::{CallChain, PendingMessage};
use super::execution;
use super::mailbox::{Envelope, PendingGuard};
use super::{Actor, ActorId, ActorOptions, ActorState, run_loop, starter};
#[cfg(not(loom))]
use super::{forward, isolated};

/// What every generated `FooHandle` is: a typed, cloneable handle to one actor.
pub trait ActorHandle: Clone + Send + Sync + 'static {
    /// The actor class behind the handle.
    type Actor: Actor;

    /// Wraps the runtime's handle (used by the code `#[actor]` generates).
    #[doc(hidden)]
    fn from_actor_ref(actor: ActorRef<Self::Actor>) -> Self;

    /// The runtime's handle inside.
    fn actor_ref(&self) -> &ActorRef<Self::Actor>;

    /// The actor's unique id.
    fn actor_id(&self) -> ActorId {
        self.actor_ref().actor_id()
    }
}

impl<A: Actor> ActorHandle for ActorRef<A> {
    type Actor = A;

    fn from_actor_ref(actor: ActorRef<A>) -> Self {
        actor
    }

    fn actor_ref(&self) -> &ActorRef<A> {
        self
    }
}

/// Stops the actor at once, as `ray.kill` does: its running and queued calls fail with
/// `Error::ActorDied` (cause: killed), later calls fail the same way, and its name is freed.
pub fn kill<H: ActorHandle>(handle: &H) {
    handle.actor_ref().kill();
}

/// Stops the actor after the calls queued so far, as Ray's `__ray_terminate__`: later calls
/// fail with `Error::ActorDied` (terminated), its `#[on_stop]` method runs, its name is freed.
pub fn terminate<H: ActorHandle>(handle: &H) {
    handle.actor_ref().terminate();
}

/// A death notice, for supervisors: resolves with why the actor died, once it dies; at once
/// if it is dead already. A restart (`max_restarts`) is no death and does not resolve it;
/// a panic past the last restart, `kill`, `terminate`, the last handle dropped,
/// `exit_actor` and a runtime shutdown do. Fetching it blocks (or awaits) like any
/// `ObjectRef`; holding it does not keep the actor alive.
pub fn watch<H: ActorHandle>(handle: &H) -> ObjectRef<DeathCause> {
    ObjectRef::from_task(handle.actor_ref().death_notice())
}

/// The generated handle type of an actor class. Implemented by `#[actor]`.
#[doc(hidden)]
pub trait HasHandle: Actor {
    /// The generated handle (`FooHandle`).
    type Handle: ActorHandle<Actor = Self>;
}

/// A handle to a live actor of class `A`: cheap to clone, usable from any thread.
///
/// Generated `FooHandle`s wrap one. While a handle exists, a non-detached actor lives;
/// when the last one drops, the actor finishes its queued calls and stops.
pub struct ActorRef<A: Actor> {
    cell: Arc<ActorCell<A>>,
    /// The calls of this handle not finished yet, when `max_pending_calls` is set: each
    /// handle (each clone) is a caller with its own limit, as in Ray.
    pending: Option<Arc<AtomicUsize>>,
    /// This handle's calls waiting for arguments given as `ObjectRef`s, and the calls made
    /// behind them; made by the first such call.
    chain: OnceLock<Arc<CallChain<A::Message>>>,
}

impl<A: Actor> ActorRef<A> {
    fn from_cell(cell: Arc<ActorCell<A>>) -> Self {
        let pending = cell
            .options
            .max_pending_calls
            .map(|_| Arc::new(AtomicUsize::new(0)));
        Self {
            cell,
            pending,
            chain: OnceLock::new(),
        }
    }

    /// Starts an actor with `options`; fails for a taken name, resources the node can never
    /// provide, or restarts asked of an actor whose constructor arguments are not `Clone`.
    pub(crate) fn spawn(options: ActorOptions, args: KeptArgs<A::Args>) -> Result<Self, Error> {
        Self::start(Arc::new(options), args, None)
    }

    /// [`ActorRef::spawn`] under the id `id` rather than a new one: a worker process runs
    /// its isolated actor under the driver's id for it (see `ActorId::adopt`).
    #[cfg(not(loom))]
    pub(crate) fn spawn_as(
        id: ActorId,
        options: ActorOptions,
        args: KeptArgs<A::Args>,
    ) -> Result<Self, Error> {
        Self::start(Arc::new(options), args, Some(id))
    }

    /// Starts an actor with `options`, under the id `id` if one is given.
    fn start(
        options: Arc<ActorOptions>,
        args: KeptArgs<A::Args>,
        id: Option<ActorId>,
    ) -> Result<Self, Error> {
        options.check(A::CLASS_NAME)?;
        let runtime = crate::runtime::current();
        if let Some(missing) = runtime.scheduler.never_fits(&options.resources()) {
            return Err(Error::Unschedulable { missing });
        }
        #[cfg(not(loom))]
        let isolation = match options.isolated {
            true => Some(isolated::Isolation::<A>::prepare(args.peek())?),
            false => None,
        };
        #[cfg(loom)]
        let isolation: Option<std::convert::Infallible> = None;
        // An isolated actor restarts from its encoded arguments: they need not be `Clone`.
        if options.max_restarts != 0 && !args.can_retry() && isolation.is_none() {
            return Err(Error::InvalidOptions {
                reason: format!(
                    "`{}` has max_restarts = {} but the arguments of its constructor `new` are \
                     not all `Clone`, so it cannot be constructed again; derive `Clone` for them",
                    A::CLASS_NAME,
                    options.max_restarts
                ),
            });
        }
        let home = runtime.actor_home();
        let id = id.unwrap_or_else(|| ActorId::next(runtime.node_id));
        let cell = Self::new_cell(&runtime, options, home.id(), id);
        if let Some(name) = &cell.options.name {
            let control: Arc<dyn ActorControl> = cell.clone();
            if let Err(existing) = registry::claim_name(&cell.namespace, name, &control) {
                if cell.options.get_if_exists {
                    return Self::from_control(existing).ok_or_else(|| Error::NameTaken {
                        name: name.to_string(),
                        namespace: cell.namespace.to_string(),
                    });
                }
                return Err(Error::NameTaken {
                    name: name.to_string(),
                    namespace: cell.namespace.to_string(),
                });
            }
        }
        Ok(match isolation {
            None => Self::launch(&runtime, &home, cell, args),
            #[cfg(not(loom))]
            Some(isolation) => Self::launch_isolated(&runtime, cell, isolation),
        })
    }

    /// Starts an actor that has no name. Options that can never work (resources the node
    /// lacks, restarts without `Clone` arguments) make it dead at once, so that its calls
    /// fail with the reason.
    ///
    /// The options may be shared: `Foo::remote` passes its class's defaults, made once.
    pub(crate) fn spawn_unnamed(
        options: impl Into<Arc<ActorOptions>>,
        args: KeptArgs<A::Args>,
    ) -> Self {
        let mut options = options.into();
        if options.name.is_some() {
            Arc::make_mut(&mut options).name = None;
        }
        match Self::start(options.clone(), args, None) {
            Ok(handle) => handle,
            Err(error) => {
                let runtime = crate::runtime::current();
                let id = ActorId::next(runtime.node_id);
                let cell = Self::new_cell(&runtime, options, runtime.actor_home().id(), id);
                let control: Arc<dyn ActorControl> = cell.clone();
                registry::register(&control);
                let cause = match error {
                    Error::Unschedulable { missing } => DeathCause::Unschedulable { missing },
                    other => DeathCause::ConstructorFailed {
                        message: other.to_string(),
                    },
                };
                cell.die(cause);
                Self::from_cell(cell)
            }
        }
    }

    /// The cell of a new actor `id` whose loop is to run on the runtime `home`.
    fn new_cell(
        runtime: &Runtime,
        options: Arc<ActorOptions>,
        home: tokio::runtime::Id,
        id: ActorId,
    ) -> Arc<ActorCell<A>> {
        let namespace = options
            .namespace
            .as_deref()
            .map_or_else(|| runtime.config.namespace.clone(), Arc::from);
        let cell = Arc::new(ActorCell::new(id, namespace, options, home));
        cell.add_handle();
        cell
    }

    /// Starts the loop of the actor `cell` on the runtime `home`.
    fn launch(
        runtime: &Arc<Runtime>,
        home: &tokio::runtime::Handle,
        cell: Arc<ActorCell<A>>,
        args: KeptArgs<A::Args>,
    ) -> Self {
        let control: Arc<dyn ActorControl> = cell.clone();
        registry::register(&control);
        let (scheduler, starting) = (runtime.scheduler.clone(), cell.clone());
        starter::start(
            home,
            Box::new(move |home| {
                let run = run_loop::run(scheduler, starting.clone(), args);
                starting.set_task(home.spawn(run));
            }),
        );
        Self::from_cell(cell)
    }

    /// Starts the loop of the isolated actor `cell` (see `isolated`) on the link thread.
    #[cfg(not(loom))]
    fn launch_isolated(
        runtime: &Arc<Runtime>,
        cell: Arc<ActorCell<A>>,
        isolation: isolated::Isolation<A>,
    ) -> Self {
        let control: Arc<dyn ActorControl> = cell.clone();
        registry::register(&control);
        let run = isolated::run(runtime.scheduler.clone(), cell.clone(), isolation);
        cell.set_task(crate::remote::link_runtime().spawn(run));
        Self::from_cell(cell)
    }

    /// A handle to the stand-in for the actor `id` of the other side of `peer` (in a worker,
    /// an actor of the driver; in the driver, an actor a worker created), whose calls go to
    /// that actor (see `forward`).
    #[cfg(not(loom))]
    fn stand_in(id: ActorId, peer: &Arc<crate::remote::Peer>) -> Result<Self, Error> {
        let wire = A::wire().ok_or_else(|| Error::Wire {
            message: format!("a handle to `{}` cannot cross processes", A::CLASS_NAME),
        })?;
        // A new stand-in counts its first handle as it is made.
        let cell = peer.stand_in(id, ActorCell::try_add_handle, || {
            let runtime = crate::runtime::current();
            let home = runtime.actor_home();
            // `isolated`: its calls run elsewhere, never outside its loop here.
            let options = Arc::new(ActorOptions::default().isolated(true));
            // An id of this process for the runtime, not `id`: the runtime tells actors
            // apart by their ids' counters, which only this process's ids keep unique. Its
            // handles show `id`.
            let own_id = ActorId::next(runtime.node_id);
            let namespace = runtime.config.namespace.clone();
            let cell = ActorCell::new(own_id, namespace, options, home.id()).standing_for(id);
            let cell = Arc::new(cell);
            cell.add_handle();
            let forward = forward::run(cell.clone(), id, wire, peer.clone());
            cell.set_task(home.spawn(forward));
            cell
        });
        Ok(Self::from_cell(cell))
    }

    /// The handle of the live actor named `name` in `namespace` (the runtime's when `None`).
    pub(crate) fn lookup(name: &str, namespace: Option<&str>) -> Result<Self, Error> {
        let runtime = crate::runtime::current();
        let namespace = namespace.unwrap_or(&runtime.config.namespace);
        let not_found = || Error::NotFound {
            name: name.to_owned(),
            namespace: namespace.to_owned(),
        };
        let control = registry::lookup_name(namespace, name).ok_or_else(not_found)?;
        let actual = control.info().class_name;
        if actual != A::CLASS_NAME {
            return Err(Error::WrongClass {
                name: name.to_owned(),
                expected: A::CLASS_NAME.to_owned(),
                actual,
            });
        }
        Self::from_control(control).ok_or_else(not_found)
    }

    /// A new handle to `control`, if it is a live `A` that still accepts handles.
    pub(crate) fn from_control(control: Arc<dyn ActorControl>) -> Option<Self> {
        let cell = control.as_any().downcast::<ActorCell<A>>().ok()?;
        cell.try_add_handle().then(|| Self::from_cell(cell))
    }

    /// A new handle to the actor whose cell is `cell`, unless it is of another class or
    /// stopped.
    pub(crate) fn from_any(cell: AnyCell) -> Option<Self> {
        let cell = cell.downcast::<ActorCell<A>>().ok()?;
        cell.try_add_handle().then(|| Self::from_cell(cell))
    }

    /// The actor's cell, as `Any`: what `Wire::call_cell` takes.
    pub(crate) fn erased_cell(&self) -> AnyCell {
        self.cell.clone()
    }

    /// The actor's unique id, the same in every process a handle to it reaches.
    pub fn actor_id(&self) -> ActorId {
        self.cell.public_id()
    }

    /// Where the actor is in its life.
    pub fn state(&self) -> ActorState {
        self.cell.state()
    }

    /// Sends `message`; the returned `ObjectRef` resolves with the method's value of type `R`.
    ///
    /// The call is queued before this returns, whether or not the `ObjectRef` is used. It
    /// counts against this handle's `max_pending_calls` until it settles (answered,
    /// cancelled, timed out), and its `timeout`, if any, is disarmed then.
    pub(crate) fn call<R: Send + 'static>(&self, message: A::Message) -> ObjectRef<R> {
        let method = A::method_index(&message);
        if self.waits_behind_dependencies() {
            return self.call_after(std::future::ready(Ok(message)));
        }
        let slot = match self.admit() {
            Ok(pending) => Slot::<R>::holding(pending),
            Err(error) => return self.failed(Slot::new(), error),
        };
        if let Some(timeout) = self.cell.options.timeout
            && let Err(error) = slot.time_out_after(timeout)
        {
            return self.failed(slot, error);
        }
        if let Err(error) = self.deliver(message, Some(slot.clone()), None) {
            return self.failed(slot, error);
        }
        ObjectRef::from_actor(slot, self.cell.id(), execution::runner(&self.cell, method))
    }

    /// The reference of a call that failed before it was queued.
    fn failed<R: Send + 'static>(&self, slot: Arc<Slot<R>>, error: Error) -> ObjectRef<R> {
        slot.complete(Err(error));
        ObjectRef::from_actor(slot, self.cell.id(), None)
    }

    /// Sends `message` without asking for the method's value (fire-and-forget): no result
    /// is kept, so nothing is allocated for it.
    ///
    /// Fails at once if the actor no longer accepts calls, or if this handle already has
    /// `max_pending_calls` calls pending; a failure of the method itself reaches no one but
    /// the actor's telemetry (and its restart policy, for a panic).
    pub(crate) fn tell(&self, message: A::Message) -> Result<(), Error> {
        if self.waits_behind_dependencies() {
            return self.tell_after(std::future::ready(Ok(message)));
        }
        self.send(message, None)
    }

    /// Queues `message`, counted against this handle's `max_pending_calls` (a call whose
    /// arguments it waited for is counted when it is sent).
    fn send(&self, message: A::Message, reply: Option<Arc<dyn ErasedSlot>>) -> Result<(), Error> {
        let pending = self.admit()?;
        self.deliver(message, reply, pending)
    }

    /// Sends the call that `message` makes once its arguments, given as `ObjectRef`s, are
    /// there (it fails with the error of one that fails). It waits off the actor; the calls
    /// this handle makes after it wait behind it, so that they reach the actor in order.
    #[cold]
    #[inline(never)]
    pub(crate) fn call_after<R: Send + 'static>(
        &self,
        message: impl Future<Output = Result<A::Message, Error>> + Send + 'static,
    ) -> ObjectRef<R> {
        let slot = Slot::<R>::new();
        if let Some(timeout) = self.cell.options.timeout
            && let Err(error) = slot.time_out_after(timeout)
        {
            return self.failed(slot, error);
        }
        self.defer(Box::pin(message), Some(slot.clone()));
        ObjectRef::from_actor(slot, self.cell.id(), None)
    }

    /// [`ActorRef::tell`] for a call whose arguments are `ObjectRef`s: it is sent once they
    /// are there, in order with this handle's other calls. Fails at once only if the actor
    /// is dead; a failure later (of an argument, or of the call) reaches no one.
    #[cold]
    #[inline(never)]
    pub(crate) fn tell_after(
        &self,
        message: impl Future<Output = Result<A::Message, Error>> + Send + 'static,
    ) -> Result<(), Error> {
        if matches!(self.cell.state(), ActorState::Dead { .. }) {
            return Err(self.cell.refused_error());
        }
        self.defer(Box::pin(message), None);
        Ok(())
    }

    /// Whether calls of this handle wait for their arguments, so that a new call must wait
    /// behind them to keep the handle's order.
    #[inline]
    fn waits_behind_dependencies(&self) -> bool {
        self.chain.get().is_some_and(|chain| chain.is_busy())
    }

    /// Puts a call at the end of this handle's chain, and starts the chain's driver on the
    /// runtime if none runs. The driver holds a handle: the actor lives until it is done.
    #[cold]
    #[inline(never)]
    fn defer(&self, message: PendingMessage<A::Message>, reply: Option<Arc<dyn ErasedSlot>>) {
        let chain = self.chain.get_or_init(|| Arc::new(CallChain::new()));
        if chain.push(message, reply) {
            self.cell.add_handle();
            let sender = Self {
                cell: self.cell.clone(),
                pending: self.pending.clone(),
                chain: OnceLock::new(),
            };
            let driver = chain
                .clone()
                .drive(move |message, reply| sender.send(message, reply));
            crate::runtime::current().spawn(driver);
        }
    }

    /// Counts a new call against this handle's `max_pending_calls`, if it has a limit:
    /// the call's place, or why it is refused. A dead actor refuses it with the reason it
    /// died, whatever the limit.
    #[inline]
    fn admit(&self) -> Result<Option<PendingGuard>, Error> {
        let (Some(counter), Some(limit)) = (&self.pending, self.cell.options.max_pending_calls)
        else {
            return Ok(None);
        };
        if let Some(pending) = PendingGuard::try_new(counter, limit) {
            return Ok(Some(pending));
        }
        if matches!(self.cell.state(), ActorState::Dead { .. }) {
            return Err(self.cell.refused_error());
        }
        Err(Error::PendingCallsLimitExceeded {
            actor: self.cell.label(),
            limit,
        })
    }

    /// Queues `message`, its result going to `reply`; a told call holds its place among
    /// the pending calls, `pending`, until it runs.
    fn deliver(
        &self,
        message: A::Message,
        reply: Option<Arc<dyn ErasedSlot>>,
        pending: Option<PendingGuard>,
    ) -> Result<(), Error> {
        let envelope = Envelope {
            message,
            reply,
            retries_left: self.cell.options.max_task_retries,
            pending,
        };
        execution::deliver(&self.cell, envelope).map_err(|_| self.cell.refused_error())
    }

    /// Stops the actor at once: running and queued calls fail with `ActorDied` (killed).
    pub fn kill(&self) {
        self.cell.die(DeathCause::Killed);
    }

    /// A notice that resolves with the cause once the actor dies (see `actor_core::watch`).
    pub(crate) fn death_notice(&self) -> Arc<Slot<DeathCause>> {
        self.cell.death_notice()
    }

    /// Stops the actor after the calls queued so far; later calls fail with `ActorDied`
    /// (terminated). Its `#[on_stop]` method runs.
    pub fn terminate(&self) {
        self.cell.terminate();
    }
}

impl<A: Actor> Clone for ActorRef<A> {
    fn clone(&self) -> Self {
        self.cell.add_handle();
        Self::from_cell(self.cell.clone())
    }
}

impl<A: Actor> Drop for ActorRef<A> {
    fn drop(&mut self) {
        self.cell.drop_handle();
    }
}

impl<A: Actor> fmt::Debug for ActorRef<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActorRef")
            .field("class", &A::CLASS_NAME)
            .field("id", &self.cell.public_id())
            .field("name", &self.cell.options.name)
            .finish()
    }
}

/// Handles are equal when they name the same actor, a stand-in's by the actor it stands for.
impl<A: Actor> PartialEq for ActorRef<A> {
    fn eq(&self, other: &Self) -> bool {
        self.cell.public_id() == other.cell.public_id()
    }
}

impl<A: Actor> Eq for ActorRef<A> {}

impl<A: Actor> Hash for ActorRef<A> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.cell.public_id().hash(state);
    }
}

/// A handle travels as its actor's id; it is turned back into a handle where that actor
/// lives, and into a stand-in for it in another process (see `remote::peer`).
impl<A: Actor> Serialize for ActorRef<A> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let id = self.cell.public_id();
        // On its way to another process, maybe: kept alive there until released.
        #[cfg(not(loom))]
        crate::remote::export(id, || {
            crate::remote::KeptHandle::new(Arc::new(self.clone()), self.death_notice())
        });
        id.serialize(serializer)
    }
}

impl<'de, A: Actor> Deserialize<'de> for ActorRef<A> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = ActorId::deserialize(deserializer)?;
        let found = registry::lookup_id(id);
        // An actor of another process: a stand-in for it. In a worker, an actor of the
        // driver (or one the driver reaches); in the driver, an actor a worker created.
        #[cfg(not(loom))]
        if found.is_none()
            && let Some(peer) = crate::remote::uplink()
                .cloned()
                .or_else(|| crate::remote::route(id))
        {
            return Self::stand_in(id, &peer).map_err(serde::de::Error::custom);
        }
        let control =
            found.ok_or_else(|| serde::de::Error::custom(format!("no live actor with id {id}")))?;
        #[cfg(not(loom))]
        crate::remote::resolved_here(id);
        let cell = control.as_any().downcast::<ActorCell<A>>().map_err(|_| {
            serde::de::Error::custom(format!("actor {id} is not a {}", A::CLASS_NAME))
        })?;
        if cell.try_add_handle() {
            Ok(Self::from_cell(cell))
        } else {
            Err(serde::de::Error::custom(format!("actor {id} has stopped")))
        }
    }
}
