//! A loop runs the calls its actor sent to idle actors: it hosts them.
//!
//! A call sent to an idle actor wakes that actor's loop, and tokio then switches to it: on
//! the sender's worker, after the sender's task (its LIFO slot). When the sender is itself
//! an actor's loop, running a quick sync method, the sender's loop can run the call itself
//! right after that method, as the receiver's loop would have: no wake, no task switch.
//! Two actors that bounce calls run in one loop that way, as the actors of one actix
//! arbiter do.
//!
//! - While a loop runs a sync method of its actor, a call that finds another actor's
//!   mailbox empty does not wake that actor's loop: the wake is deferred
//!   ([`wake_or_defer`]). A call the actor sends to itself wakes nobody: its own loop looks
//!   at its mailbox next.
//! - After the method, the loop lets go of its actor's turn and runs the deferred actor's
//!   calls ([`Guest::run_calls_here`]), under that actor's turn, while they may run there:
//!   the calls a caller could run (`caller_runs`). Then it wakes that actor's loop if calls
//!   are left. Calls those calls defer are run the same way, up to [`HOSTED_CALLS`]. The
//!   loop hosts nothing while it holds told calls of its own taken ahead: they must run
//!   before any other call of its actor, and others may run its calls while it hosts.
//! - A hosted call that waits for a result blocks its host's loop too, and the result may
//!   need a call of that host. So while it waits, the blocked thread has the host's calls
//!   run by a stand-in task, on another thread ([`Blocking::parking`]): run on the
//!   blocked thread itself, a host call that waited on the hosted actor would wait on a
//!   call beneath it on the same stack. Only an actor whose methods are all sync, and that
//!   does not restart, hosts calls, so that every call of it can run in the stand-in.
//! - Anything that may block the thread first wakes what was deferred ([`Blocking`]): a
//!   method not proven quick (it runs under `block_in_place`), or a wait for a result. A
//!   deferred actor waits only while the method runs, as a task in tokio's LIFO slot does.

use std::any::Any;
use std::cell::{Cell, OnceCell};
use std::sync::Arc;

use std::task::Waker;

use crate::registry;

use super::ActorId;
use super::watchdog::Paused;

/// An actor whose calls another actor's loop may run.
pub(crate) trait Guest: Send + Sync {
    /// The actor's id.
    fn guest_id(&self) -> ActorId;

    /// Whether a loop on `runtime` may run the actor's calls.
    fn may_be_hosted(&self, runtime: tokio::runtime::Id) -> bool;

    /// Wakes the actor's loop.
    fn wake_loop(&self);

    /// Runs up to `budget` of the actor's next calls here, if its loop is parked and they
    /// may run outside it; wakes its loop if calls are left. Returns how many ran.
    fn run_calls_here(&self, budget: u32) -> u32;
}

/// The hosting loop's own hook for a thread blocked in a call it hosts: given the host's
/// cell (as the registry hands it out, erased), has the host's queued calls run by a
/// stand-in task, since the loop cannot serve until the thread unblocks; the thread's
/// `waker` is woken when more calls come. Typed by the host's class, so that the actor's
/// control block need not know of hosting.
pub(crate) type StandIn = fn(Arc<dyn Any + Send + Sync>, &Waker);

/// At most this many calls are hosted after one method: the host's own mailbox waits
/// meanwhile.
pub(crate) const HOSTED_CALLS: u32 = 64;

/// Calls to idle actors defer their wake (not while something may block).
const DEFERS: u8 = 0b01;
/// The loop hosts calls: it cannot serve its own actor until they return (others can: it
/// let go of its turn).
const HOSTING: u8 = 0b10;

/// The loop that runs on this thread, while it runs a sync method or hosts calls.
#[derive(Clone, Copy)]
struct Scope {
    /// The counter of the host's id (unique in the process, see `ActorId::counter`); 0
    /// when no loop runs here.
    host: u64,
    /// The runtime of the host's loop.
    home: Option<tokio::runtime::Id>,
    /// [`DEFERS`] and [`HOSTING`].
    mode: u8,
}

// Three cells rather than one of a `Scope`: each is read and written whole, at its own
// width, which the processor forwards from store to load at once.
thread_local! {
    static HOST: Cell<u64> = const { Cell::new(0) };
    static HOME: Cell<Option<tokio::runtime::Id>> = const { Cell::new(None) };
    static MODE: Cell<u8> = const { Cell::new(0) };
    /// The actor whose wake was deferred, to host once the method returns.
    static DEFERRED: Cell<Option<Arc<dyn Guest>>> = const { Cell::new(None) };
    /// The stand-in of the loop that hosts calls on this thread now (see [`host`]).
    static STAND_IN: Cell<Option<StandIn>> = const { Cell::new(None) };
}

/// The scope of this thread.
#[inline]
fn current() -> Scope {
    Scope {
        host: HOST.get(),
        home: HOME.get(),
        mode: MODE.get(),
    }
}

/// Sets the scope of this thread; returns the one before.
#[inline]
fn replace(scope: Scope) -> Scope {
    Scope {
        host: HOST.replace(scope.host),
        home: HOME.replace(scope.home),
        mode: MODE.replace(scope.mode),
    }
}

/// The scope of one method of the actor `host`, whose loop runs on `runtime`: calls it
/// sends to idle actors on that runtime are deferred until it ends. Made by the loop only.
pub(crate) struct MethodScope {
    previous: Scope,
}

impl MethodScope {
    /// Enters the scope, until the guard drops.
    #[inline]
    pub(crate) fn enter(host: ActorId, runtime: tokio::runtime::Id) -> Self {
        Self::enter_as(host, runtime, DEFERS)
    }

    #[inline]
    fn enter_as(host: ActorId, runtime: tokio::runtime::Id, mode: u8) -> Self {
        let scope = Scope {
            host: host.counter(),
            home: Some(runtime),
            mode,
        };
        Self {
            previous: replace(scope),
        }
    }
}

impl Drop for MethodScope {
    /// Leaves the scope; the deferred actor stays for [`take_deferred`], unless the method
    /// panicked, in which case its loop is woken.
    #[inline]
    fn drop(&mut self) {
        replace(self.previous);
        if std::thread::panicking() {
            wake_deferred();
        }
    }
}

/// Wakes the loop of the actor `guest` after a call found its mailbox empty, or defers the
/// wake if this thread runs a sync method of another actor's loop (see the module doc).
/// Returns whether it woke the loop (rather than defer it, or leave the call to the actor's
/// own loop, which runs here).
#[inline]
pub(crate) fn wake_or_defer<G: Guest + 'static>(guest: &Arc<G>) -> bool {
    if MODE.get() & DEFERS == 0 {
        guest.wake_loop();
        return true;
    }
    if guest.guest_id().counter() == HOST.get() {
        // The host's loop looks at its own mailbox right after.
        return false;
    }
    match HOME.get() {
        Some(home) if guest.may_be_hosted(home) => {
            let deferred: Arc<dyn Guest> = guest.clone();
            if let Some(earlier) = DEFERRED.replace(Some(deferred)) {
                earlier.wake_loop();
            }
            false
        }
        _ => {
            guest.wake_loop();
            true
        }
    }
}

/// The actor whose wake the last method deferred, if any.
#[inline]
pub(crate) fn take_deferred() -> Option<Arc<dyn Guest>> {
    DEFERRED.take()
}

/// Wakes the loop whose wake was deferred, if any.
#[inline]
pub(crate) fn wake_deferred() {
    if let Some(guest) = DEFERRED.take() {
        guest.wake_loop();
    }
}

/// Runs the calls of `first`, and of the actors those calls defer, up to [`HOSTED_CALLS`]
/// in all, in the scope of the loop of `host` on `runtime`, whose calls `stand_in` runs
/// while a hosted call blocks. Returns how many ran.
pub(crate) fn host(
    host: ActorId,
    runtime: tokio::runtime::Id,
    stand_in: StandIn,
    first: Arc<dyn Guest>,
) -> u32 {
    let _scope = MethodScope::enter_as(host, runtime, DEFERS | HOSTING);
    let _stand_in = StandInScope(STAND_IN.replace(Some(stand_in)));
    let mut budget = HOSTED_CALLS;
    let mut guest = first;
    loop {
        budget -= guest.run_calls_here(budget);
        let Some(next) = DEFERRED.take() else {
            break;
        };
        if budget == 0 {
            next.wake_loop();
            break;
        }
        guest = next;
    }
    HOSTED_CALLS - budget
}

/// Restores the stand-in of the hosting loop outside, when a hosting round ends.
struct StandInScope(Option<StandIn>);

impl Drop for StandInScope {
    fn drop(&mut self) {
        STAND_IN.set(self.0);
    }
}

/// The hook for a thread about to block (a wait for a result, a method body run off the
/// workers), until it drops: no wake is deferred meanwhile (the deferred actor's loop is
/// woken now), and if the call that blocks here is hosted, its host's loop cannot serve until
/// the thread unblocks, so each time the thread parks it has the host's calls run by a
/// stand-in ([`Blocking::parking`]). The one thing code outside the execution layer knows of
/// hosting.
pub(crate) struct Blocking {
    previous: Scope,
    /// The thread gave its worker back meanwhile: the inline call it runs is not stuck.
    _paused: Paused,
    /// The stand-in of the loop that hosts the call blocking here, if any.
    stand_in: Option<StandIn>,
    /// That loop's actor, looked up when the thread first parks (a method body run off the
    /// workers never parks here).
    stuck_host: OnceCell<Option<Arc<dyn Any + Send + Sync>>>,
}

impl Blocking {
    /// Enters the hook.
    pub(crate) fn enter() -> Self {
        let previous = current();
        if previous.mode & DEFERS != 0 {
            MODE.set(previous.mode & !DEFERS);
            wake_deferred();
        }
        Self {
            previous,
            _paused: Paused::enter(),
            stand_in: (previous.mode & HOSTING != 0)
                .then(|| STAND_IN.get())
                .flatten(),
            stuck_host: OnceCell::new(),
        }
    }

    /// For a thread that parks while it blocks, with the waker that unparks it: has the
    /// stuck host's calls run by a stand-in task, which wakes `waker` when more calls come.
    pub(crate) fn parking(&self, waker: &Waker) {
        let Some(stand_in) = self.stand_in else {
            return;
        };
        let stuck_host = self
            .stuck_host
            .get_or_init(|| registry::lookup_local(self.previous.host).map(|host| host.as_any()));
        if let Some(host) = stuck_host {
            stand_in(host.clone(), waker);
        }
    }
}

impl Drop for Blocking {
    fn drop(&mut self) {
        replace(self.previous);
    }
}
