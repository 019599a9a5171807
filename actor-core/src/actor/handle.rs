//! `ActorRef<A>`: the typed handle inside every generated `FooHandle`.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{DeathCause, Error};
use crate::object_ref::ObjectRef;
use crate::registry;
use crate::runtime::Runtime;
use crate::slot::Slot;

use super::cell::{ActorCell, ActorControl};
use super::mailbox::Envelope;
use super::{Actor, ActorId, ActorOptions, ActorState, run_loop};

/// A handle to a live actor of class `A`: cheap to clone, usable from any thread.
///
/// Generated `FooHandle`s wrap one. While a handle exists, a non-detached actor lives;
/// when the last one drops, the actor finishes its queued calls and stops.
pub struct ActorRef<A: Actor> {
    cell: Arc<ActorCell<A>>,
}

impl<A: Actor> ActorRef<A> {
    /// Starts an actor with `options`; fails only for a taken name or unschedulable resources.
    pub fn spawn(options: ActorOptions, args: A::Args) -> Result<Self, Error> {
        let runtime = crate::runtime::current();
        if let Some(missing) = runtime.scheduler.never_fits(&options.resources()) {
            return Err(Error::Unschedulable { missing });
        }
        let cell = Self::new_cell(&runtime, options);
        if let Some(name) = &cell.label.name {
            let control: Arc<dyn ActorControl> = cell.clone();
            if let Err(existing) = registry::claim_name(&cell.namespace, name, &control) {
                if cell.options.get_if_exists {
                    return Self::from_control(existing, name);
                }
                return Err(Error::NameTaken {
                    name: name.clone(),
                    namespace: cell.namespace.clone(),
                });
            }
        }
        Ok(Self::launch(&runtime, cell, args))
    }

    /// Starts an actor that has no name; resources that can never fit make it dead at once,
    /// so that its calls fail with the reason.
    pub fn spawn_unnamed(options: ActorOptions, args: A::Args) -> Self {
        let runtime = crate::runtime::current();
        let missing = runtime.scheduler.never_fits(&options.resources());
        let cell = Self::new_cell(
            &runtime,
            ActorOptions {
                name: None,
                ..options
            },
        );
        match missing {
            None => Self::launch(&runtime, cell, args),
            Some(missing) => {
                let control: Arc<dyn ActorControl> = cell.clone();
                registry::register(&control);
                cell.die(DeathCause::Unschedulable { missing });
                Self { cell }
            }
        }
    }

    fn new_cell(runtime: &Runtime, options: ActorOptions) -> Arc<ActorCell<A>> {
        let namespace = options
            .namespace
            .clone()
            .unwrap_or_else(|| runtime.config.namespace.clone());
        let cell = Arc::new(ActorCell::new(
            ActorId::next(runtime.node_id),
            namespace,
            options,
        ));
        cell.add_handle();
        cell
    }

    fn launch(runtime: &Arc<Runtime>, cell: Arc<ActorCell<A>>, args: A::Args) -> Self {
        let control: Arc<dyn ActorControl> = cell.clone();
        registry::register(&control);
        let task = runtime.spawn(run_loop::run(runtime.scheduler.clone(), cell.clone(), args));
        cell.set_task(task);
        Self { cell }
    }

    /// The handle of the live actor named `name` in `namespace` (the runtime's when `None`).
    pub fn lookup(name: &str, namespace: Option<&str>) -> Result<Self, Error> {
        let runtime = crate::runtime::current();
        let namespace = namespace.unwrap_or(&runtime.config.namespace);
        let control = registry::lookup_name(namespace, name).ok_or_else(|| Error::NotFound {
            name: name.to_owned(),
            namespace: namespace.to_owned(),
        })?;
        Self::from_control(control, name)
    }

    fn from_control(control: Arc<dyn ActorControl>, name: &str) -> Result<Self, Error> {
        let info_class = || control.info().class_name;
        let namespace = control.info().namespace;
        let cell = control
            .clone()
            .as_any()
            .downcast::<ActorCell<A>>()
            .map_err(|_| Error::WrongClass {
                name: name.to_owned(),
                expected: A::CLASS_NAME.to_owned(),
                actual: info_class(),
            })?;
        if cell.try_add_handle() {
            Ok(Self { cell })
        } else {
            Err(Error::NotFound {
                name: name.to_owned(),
                namespace,
            })
        }
    }

    /// The actor's unique id.
    pub fn actor_id(&self) -> ActorId {
        self.cell.id()
    }

    /// Where the actor is in its life.
    pub fn state(&self) -> ActorState {
        self.cell.state()
    }

    /// Sends `message`; the returned `ObjectRef` resolves with the method's value of type `R`.
    ///
    /// The call is queued before this returns, whether or not the `ObjectRef` is used.
    pub fn call<R: Send + 'static>(&self, message: A::Message) -> ObjectRef<R> {
        let slot = Slot::<R>::new();
        let envelope = Envelope {
            message,
            reply: slot.clone(),
        };
        let refused = match self.cell.options.max_pending_calls {
            None => self.cell.mailbox.push(envelope).err().map(|_| None),
            Some(limit) => self
                .cell
                .mailbox
                .push_bounded(envelope, limit)
                .err()
                .map(|(_, closed)| (!closed).then_some(limit)),
        };
        match refused {
            None => {}
            Some(None) => {
                slot.complete(Err(self.cell.refused_error()));
            }
            Some(Some(limit)) => {
                slot.complete(Err(Error::PendingCallsLimitExceeded {
                    actor: self.cell.label.clone(),
                    limit,
                }));
            }
        }
        ObjectRef::from_actor(slot, self.cell.id())
    }

    /// Stops the actor at once: running and queued calls fail with `ActorDied` (killed).
    pub fn kill(&self) {
        self.cell.die(DeathCause::Killed);
    }
}

impl<A: Actor> Clone for ActorRef<A> {
    fn clone(&self) -> Self {
        self.cell.add_handle();
        Self {
            cell: self.cell.clone(),
        }
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
            .field("id", &self.cell.id())
            .field("name", &self.cell.label.name)
            .finish()
    }
}

impl<A: Actor> PartialEq for ActorRef<A> {
    fn eq(&self, other: &Self) -> bool {
        self.cell.id() == other.cell.id()
    }
}

impl<A: Actor> Eq for ActorRef<A> {}

impl<A: Actor> Hash for ActorRef<A> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.cell.id().hash(state);
    }
}

/// A handle travels as its actor's id; it is turned back into a handle where that actor lives.
impl<A: Actor> Serialize for ActorRef<A> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.cell.id().serialize(serializer)
    }
}

impl<'de, A: Actor> Deserialize<'de> for ActorRef<A> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = ActorId::deserialize(deserializer)?;
        let control = registry::lookup_id(id)
            .ok_or_else(|| serde::de::Error::custom(format!("no live actor with id {id}")))?;
        let cell = control.as_any().downcast::<ActorCell<A>>().map_err(|_| {
            serde::de::Error::custom(format!("actor {id} is not a {}", A::CLASS_NAME))
        })?;
        if cell.try_add_handle() {
            Ok(Self { cell })
        } else {
            Err(serde::de::Error::custom(format!("actor {id} has stopped")))
        }
    }
}
