//! The shared heart of one actor: its mailbox, lifecycle state, telemetry and handle count.

use std::any::Any;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use tokio::task::JoinHandle;

use crate::death_watch::DeathWatchers;
use crate::error::{ActorLabel, DeathCause, Error};
use crate::lock::lock;
use crate::records::{ActorInfo, Brief, Wanted, this_process};
use crate::registry::{self, DeadActor};
use crate::slot::Slot;
use crate::telemetry;
use crate::wire::{CallCell, TellCell};

use super::control::ActorControl;
use super::reply::{MethodContext, Reply};
use super::serving::Serving;
use super::turn::Turn;
use super::{Actor, ActorId, ActorOptions, ActorState};

/// What an actor's turn guards: the actor object, once constructed, and the number of its
/// next call (which decides the calls whose time is sampled).
pub(crate) struct TurnState<A> {
    pub(crate) actor: Option<A>,
    pub(crate) sequence: u64,
}

impl<A> Default for TurnState<A> {
    /// Numbered from 1: the first call of an actor whose methods proved quick is not a
    /// sampled one, so that starting many actors reads no clock.
    fn default() -> Self {
        Self {
            actor: None,
            sequence: 1,
        }
    }
}

/// One actor's state shared by its handles, its loop and the registry.
pub(crate) struct ActorCell<A: Actor> {
    /// Its id in this process: the runtime tells actors apart by it (by its counter).
    id: ActorId,
    /// The id users see: `id`, except for a stand-in (see `forward`), which shows the id
    /// of the actor of another process it stands for.
    public_id: ActorId,
    /// The namespace of its name; shared with the runtime's when the options gave none.
    pub(crate) namespace: Arc<str>,
    /// Shared with the other actors started with the same options (`Foo::remote`).
    pub(crate) options: Arc<ActorOptions>,
    /// Its calls: the mailbox, and how the loop and others are served from it.
    pub(crate) calls: Serving<A::Message>,
    pub(crate) telemetry: A::Telemetry,
    /// How methods run; also holds the reply of the running call, for `kill`.
    pub(crate) context: MethodContext,
    /// The actor object, and who may run its methods now: its loop, or a caller.
    pub(crate) turn: Turn<TurnState<A>>,
    /// The tokio runtime whose threads run the loop.
    home: tokio::runtime::Id,
    state: Mutex<ActorState>,
    handles: AtomicUsize,
    num_restarts: AtomicU32,
    /// The process id of the worker process an isolated actor runs in; 0 while it has none,
    /// and for an actor of this process.
    worker_pid: AtomicU32,
    /// `terminate` was called: stop after the queued calls.
    terminated: AtomicBool,
    /// A method called `exit_actor`: stop after the running call.
    exit_requested: AtomicBool,
    /// The loop's task, kept to abort it; its join handle rather than an abort handle, so
    /// that starting an actor makes no second reference to the task.
    task: Mutex<Option<JoinHandle<()>>>,
    /// The death notices of `actor_core::watch`, completed in `die_then`.
    pub(crate) death_watchers: DeathWatchers,
    /// When it was created, for the state API.
    started_at: SystemTime,
}

impl<A: Actor> ActorCell<A> {
    /// The cell of the actor `id`, whose loop runs on the runtime `home`.
    pub(crate) fn new(
        id: ActorId,
        namespace: Arc<str>,
        options: Arc<ActorOptions>,
        home: tokio::runtime::Id,
    ) -> Self {
        Self {
            id,
            public_id: id,
            namespace,
            calls: Serving::new(),
            telemetry: A::Telemetry::default(),
            context: MethodContext::new(id, options.blocking, A::method_modes()),
            turn: Turn::held_by_loop(TurnState::default()),
            home,
            state: Mutex::new(ActorState::PendingCreation),
            handles: AtomicUsize::new(0),
            num_restarts: AtomicU32::new(0),
            worker_pid: AtomicU32::new(0),
            terminated: AtomicBool::new(false),
            exit_requested: AtomicBool::new(false),
            task: Mutex::new(None),
            death_watchers: DeathWatchers::new(),
            options,
            started_at: SystemTime::now(),
        }
    }

    pub(crate) fn id(&self) -> ActorId {
        self.id
    }

    /// The cell of a stand-in for the actor `stands_for` of another process: its handles
    /// and errors show that id.
    pub(crate) fn standing_for(mut self, stands_for: ActorId) -> Self {
        self.public_id = stands_for;
        self
    }

    /// The id users see (handles, errors, a handle sent to another process).
    pub(crate) fn public_id(&self) -> ActorId {
        self.public_id
    }

    /// Who errors about this actor are about.
    pub(crate) fn label(&self) -> ActorLabel {
        ActorLabel {
            id: self.public_id,
            class_name: std::borrow::Cow::Borrowed(A::CLASS_NAME),
            name: self.options.name.clone(),
        }
    }

    pub(crate) fn state(&self) -> ActorState {
        lock(&self.state).clone()
    }

    /// Moves a live actor to `state`; a dead actor stays dead.
    pub(crate) fn set_state(&self, state: ActorState) {
        let mut current = lock(&self.state);
        if !matches!(*current, ActorState::Dead { .. }) {
            *current = state;
        }
    }

    /// Counts one more restart; returns the new count.
    pub(crate) fn count_restart(&self) -> u32 {
        self.num_restarts.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Notes the worker process an isolated actor runs in now.
    pub(crate) fn set_worker_pid(&self, pid: u32) {
        self.worker_pid.store(pid, Ordering::Relaxed);
    }

    pub(crate) fn num_restarts(&self) -> u32 {
        self.num_restarts.load(Ordering::Relaxed)
    }

    /// Stops accepting calls; the queued ones run, then the actor stops (`Terminated`).
    pub(crate) fn terminate(&self) {
        self.terminated.store(true, Ordering::Relaxed);
        self.release_name();
        self.calls.close();
    }

    /// Why the actor stops once its mailbox is closed and drained.
    pub(crate) fn graceful_cause(&self) -> DeathCause {
        if self.terminated.load(Ordering::Relaxed) {
            DeathCause::Terminated
        } else {
            DeathCause::HandlesDropped
        }
    }

    /// Asks the actor to stop once the running call returns.
    pub(crate) fn request_exit(&self) {
        self.exit_requested.store(true, Ordering::Relaxed);
    }

    pub(crate) fn exit_requested(&self) -> bool {
        self.exit_requested.load(Ordering::Relaxed)
    }

    /// The error every call to this actor gets once it died of `cause`.
    pub(crate) fn died_error(&self, cause: DeathCause) -> Error {
        Error::ActorDied {
            actor: self.label(),
            cause,
        }
    }

    /// The error a call gets when the mailbox refused it.
    pub(crate) fn refused_error(&self) -> Error {
        match self.state() {
            ActorState::Dead { cause } => self.died_error(cause),
            // Closed but still draining its queue.
            _ => self.died_error(self.graceful_cause()),
        }
    }

    /// Marks the actor dead and fails its queued and running calls; false if already dead.
    ///
    /// The name is freed before any call fails, so that a caller who sees the death can
    /// reuse the name at once.
    pub(crate) fn die(&self, cause: DeathCause) -> bool {
        self.die_then(cause, || {})
    }

    /// The tokio runtime whose threads run the loop.
    pub(crate) fn home(&self) -> tokio::runtime::Id {
        self.home
    }

    /// Whether the loop runs on the runtime `runtime`.
    pub(crate) fn runs_on(&self, runtime: tokio::runtime::Id) -> bool {
        self.home == runtime
    }

    /// The error of a call whose method `method` panicked with `message`.
    pub(crate) fn panicked_error(&self, method: &str, message: String) -> Error {
        Error::MethodPanicked {
            actor: self.label(),
            method: method.to_owned(),
            message,
        }
    }

    /// Lets the actor die of a panic in `method`, with no restart left: the call that
    /// panicked fails with the panic, and the actor's death says why.
    pub(crate) fn die_of_panic(&self, method: &str, message: String, reply: &Reply<'_>) {
        let panicked = self.panicked_error(method, message.clone());
        let cause = match self.num_restarts() {
            0 if self.options.max_restarts == 0 => DeathCause::MethodPanicked {
                method: method.to_owned(),
                message,
            },
            restarts => DeathCause::OutOfRestarts {
                restarts,
                method: method.to_owned(),
                message,
            },
        };
        self.die_then(cause, || reply.fail(panicked));
    }

    /// Like [`ActorCell::die`], running `first` once the actor is marked dead, before its
    /// calls fail: the call whose panic killed the actor gets its own error that way.
    pub(crate) fn die_then(&self, cause: DeathCause, first: impl FnOnce()) -> bool {
        {
            let mut state = lock(&self.state);
            if matches!(*state, ActorState::Dead { .. }) {
                return false;
            }
            *state = ActorState::Dead {
                cause: cause.clone(),
            };
            // Refuse new calls before anyone can see the actor dead: a second `kill` that
            // returns at once must already find the mailbox closed.
            self.calls.close();
        }
        self.release_name();
        tracing::debug!(actor = %self.label(), %cause, "actor died");
        first();
        let error = self.died_error(cause.clone());
        // The queue first: a loop freed by its running call's failure must find it empty.
        self.calls.close_and_fail(&error);
        self.context.fail_running(error);
        if let Some(task) = lock(&self.task).take() {
            task.abort();
        }
        self.death_watchers.notify(cause);
        true
    }

    pub(crate) fn set_task(&self, task: JoinHandle<()>) {
        let dead = matches!(*lock(&self.state), ActorState::Dead { .. });
        if dead {
            task.abort();
        } else {
            *lock(&self.task) = Some(task);
        }
    }

    fn release_name(&self) {
        if let Some(name) = &self.options.name {
            registry::release_name(&self.namespace, name, self.id());
        }
    }

    /// Counts a new handle, unless the count already dropped to zero and so stopped the
    /// actor. A detached actor does not stop when its handles are gone, so a new handle to
    /// it may always be made (while it lives, the registry finds it).
    pub(crate) fn try_add_handle(&self) -> bool {
        if self.options.detached {
            self.add_handle();
            return true;
        }
        let mut count = self.handles.load(Ordering::Relaxed);
        loop {
            if count == 0 {
                return false;
            }
            match self.handles.compare_exchange_weak(
                count,
                count + 1,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return true,
                Err(actual) => count = actual,
            }
        }
    }

    /// Counts one more handle, cloned from a live one (or the first, made with the actor).
    pub(crate) fn add_handle(&self) {
        self.handles.fetch_add(1, Ordering::Relaxed);
    }

    /// Forgets a handle; the last one stops a non-detached actor after its queued calls.
    pub(crate) fn drop_handle(&self) {
        if self.handles.fetch_sub(1, Ordering::AcqRel) == 1 && !self.options.detached {
            self.release_name();
            self.calls.close();
        }
    }
}

impl<A: Actor> ActorControl for ActorCell<A> {
    fn id(&self) -> ActorId {
        self.id
    }

    fn info(&self) -> ActorInfo {
        ActorInfo {
            id: self.id,
            class_name: A::CLASS_NAME.to_owned(),
            name: self.options.name.as_deref().map(str::to_owned),
            namespace: self.namespace.to_string(),
            state: self.state(),
            pid: match self.worker_pid.load(Ordering::Relaxed) {
                0 => this_process(),
                worker => worker,
            },
            started_at: self.started_at,
            num_restarts: self.num_restarts(),
            queue_len: self.calls.len(),
            methods: telemetry::snapshot(self.telemetry.as_ref(), A::METHODS),
        }
    }

    fn brief(&self, wanted: Wanted) -> Brief<'_> {
        Brief {
            id: self.id,
            class_name: A::CLASS_NAME,
            name: wanted.name.then(|| self.options.name.as_deref()).flatten(),
            state: if wanted.state {
                lock(&self.state).label()
            } else {
                ""
            },
            num_restarts: if wanted.restarts {
                self.num_restarts()
            } else {
                0
            },
            queue_len: if wanted.queue_len {
                self.calls.len()
            } else {
                0
            },
            totals: telemetry::totals(self.telemetry.as_ref(), wanted),
        }
    }

    fn kill(&self, cause: DeathCause) -> bool {
        self.die(cause)
    }

    fn terminate(&self) {
        ActorCell::terminate(self);
    }

    fn unanswered_error(&self) -> Error {
        self.refused_error()
    }

    fn request_exit(&self) {
        ActorCell::request_exit(self);
    }

    fn running_call_cancelled(&self) -> bool {
        self.context.running_call_cancelled()
    }

    fn as_any(self: Arc<Self>) -> Arc<dyn Any + Send + Sync> {
        self
    }

    fn call_cell(&self) -> Option<CallCell> {
        A::wire().map(|wire| wire.call_cell)
    }

    fn tell_cell(&self) -> Option<TellCell> {
        A::wire().map(|wire| wire.tell_cell)
    }

    fn death_notice(&self) -> Arc<Slot<DeathCause>> {
        self.death_watchers.watch()
    }
}

impl<A: Actor> Drop for ActorCell<A> {
    /// The registry forgets the actor and keeps its last figures among the actors gone.
    fn drop(&mut self) {
        let cause = match self.state() {
            ActorState::Dead { cause } => cause,
            _ => self.graceful_cause(),
        };
        let dead = Arc::new(DeadActor {
            id: self.id,
            class_name: A::CLASS_NAME,
            method_names: A::METHODS,
            options: self.options.clone(),
            namespace: self.namespace.clone(),
            cause,
            num_restarts: self.num_restarts(),
            started_at: self.started_at,
            telemetry: std::mem::take(&mut self.telemetry),
        });
        registry::forget(self.id, dead);
    }
}
