//! `ObjectRef<T>`: the future result of an actor call or a task, and the functions that wait
//! on many of them.

use std::fmt;
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

use crate::actor::{ActorId, RunHere};
use crate::blocked_waits::BlockedWait;
use crate::current;
use crate::error::Error;
use crate::slot::{ErasedSlot, FailureWatch, Slot, SlotId};
use crate::wait_graph;

/// The result of a call or task that may not have finished yet.
///
/// The work was submitted when the `ObjectRef` was made; dropping it never cancels the work
/// (fire-and-forget). Fetch the value with `.await` in async code or `.get()` in sync code.
/// It always resolves: with the value, or with an [`Error`] that says what happened.
/// Clone it (for `T: Clone`) to fetch the one result in many places.
#[must_use = "the call runs whether or not its result is fetched: `.get()` or `.await` the \
              result, or send the call with `handle.tell().method(..)` when no result is wanted"]
pub struct ObjectRef<T> {
    slot: Arc<Slot<T>>,
    target: Target,
}

/// What an `ObjectRef` is the result of. One field, so that a reference stays 32 bytes.
enum Target {
    /// A task, a value given to `put`, a death notice of `watch`: no actor's call.
    Task,
    /// A call on this actor.
    Actor(ActorId),
    /// A call on this actor that the caller may run itself, if it awaits the call before
    /// the actor's loop started it (see `actor::run_here`).
    RunHere(Arc<dyn RunHere>),
}

impl Target {
    fn actor_id(&self) -> Option<ActorId> {
        match self {
            Self::Task => None,
            Self::Actor(id) => Some(*id),
            Self::RunHere(actor) => Some(actor.actor_id()),
        }
    }
}

impl<T> fmt::Debug for ObjectRef<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObjectRef")
            .field("target", &self.target.actor_id())
            .field("ready", &self.slot.is_complete())
            .finish()
    }
}

impl<T: Send + 'static> ObjectRef<T> {
    /// A reference to the reply of a call on the actor `target`, which `runner` may run
    /// where it is awaited.
    pub(crate) fn from_actor(
        slot: Arc<Slot<T>>,
        target: ActorId,
        runner: Option<Arc<dyn RunHere>>,
    ) -> Self {
        let target = match runner {
            Some(actor) => Target::RunHere(actor),
            None => Target::Actor(target),
        };
        Self { slot, target }
    }

    /// A reference to a result that no actor's call produces: a task's, a value given to
    /// [`put`], the death notice of `watch`.
    pub(crate) fn from_task(slot: Arc<Slot<T>>) -> Self {
        Self {
            slot,
            target: Target::Task,
        }
    }

    /// Blocks this thread until the value is there.
    ///
    /// # Errors
    /// The call's own failure (the method panicked, the actor died, the call was cancelled or
    /// timed out, ...); [`Error::BlockingInAsyncContext`] on a thread that runs async code (a
    /// tokio worker, the body of `#[tokio::main]`: use `.await`, or block inside
    /// `tokio::task::spawn_blocking`); [`Error::Deadlock`] when an actor's method waits on a
    /// call to that same actor, or closes a cycle of actors whose methods wait for each other
    /// (A waits for B, which waits for A): the error names them.
    pub fn get(self) -> Result<T, Error> {
        check_may_block([self.target.actor_id()])?;
        let _waiting = wait_graph::waits_for(awaited(std::slice::from_ref(&self)));
        block_on(self, None)?.unwrap_or_else(|| unreachable!("no deadline was set"))
    }

    /// Like [`ObjectRef::get`], but fails with [`Error::Timeout`] after `timeout`;
    /// the call itself goes on.
    ///
    /// # Errors
    /// Those of [`ObjectRef::get`], and [`Error::Timeout`].
    pub fn get_timeout(self, timeout: Duration) -> Result<T, Error> {
        check_may_block([self.target.actor_id()])?;
        let _waiting = wait_graph::waits_for(awaited(std::slice::from_ref(&self)));
        block_on(self, Some(Instant::now() + timeout))?
            .unwrap_or(Err(Error::Timeout { after: timeout }))
    }

    /// Settles the result with `Error::Cancelled`; false if it was settled already.
    pub(crate) fn cancel(&self) -> bool {
        self.slot.complete(Err(Error::Cancelled))
    }

    /// The call's result slot, without its value type: settling it cancels the call.
    pub(crate) fn erased_slot(&self) -> Arc<dyn ErasedSlot> {
        self.slot.clone()
    }

    /// Whether the value (or an error) is there, so that `.get()` would not block.
    pub fn is_ready(&self) -> bool {
        self.slot.is_complete()
    }

    /// The actor this call was made on; `None` for a task, a [`put`] value and the death
    /// notice of [`watch`](crate::watch).
    pub fn actor_id(&self) -> Option<ActorId> {
        self.target.actor_id()
    }

    fn poll_complete(&self, cx: &mut Context<'_>) -> Poll<()> {
        self.slot.poll_complete(cx)
    }
}

/// A clone refers to the same call, which runs once: every clone resolves with the same
/// result (each gets its own copy of the value), and fetching one clone does not consume the
/// others, as with Ray's object references.
impl<T: Clone + Send + 'static> Clone for ObjectRef<T> {
    fn clone(&self) -> Self {
        self.slot.share(T::clone);
        // A clone waits for the call; only the original may run it where it is awaited.
        let target = match self.target.actor_id() {
            Some(id) => Target::Actor(id),
            None => Target::Task,
        };
        Self {
            slot: self.slot.clone(),
            target,
        }
    }
}

/// A reference to `value`, ready from the start, as `ray.put` makes one: to pass a value
/// where an `ObjectRef` is expected, or (cloned) to many readers.
pub fn put<T: Send + 'static>(value: T) -> ObjectRef<T> {
    let slot = Slot::new();
    slot.complete(Ok(value));
    ObjectRef::from_task(slot)
}

/// Two `ObjectRef`s are equal when they refer to the same call or task, so that the refs
/// `wait` hands back can be matched with the ones submitted.
impl<T> PartialEq for ObjectRef<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.slot, &other.slot)
    }
}

impl<T> Eq for ObjectRef<T> {}

impl<T> std::hash::Hash for ObjectRef<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        Arc::as_ptr(&self.slot).hash(state);
    }
}

/// Awaiting an `ObjectRef` is cancel safe: dropping the future leaves the call running, and
/// awaiting `&mut object_ref` again later still gets the value.
///
/// Inside an actor's method, awaiting a call to that same actor resolves at once with
/// [`Error::Deadlock`] rather than waiting forever: the call runs only after the method
/// returns.
impl<T> Future for ObjectRef<T> {
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if let Target::RunHere(actor) = &this.target
            && !this.slot.is_complete()
        {
            // Running the call here is work done in this task's turn: it draws on tokio's
            // cooperative budget now and then, so that a loop of such calls still yields.
            if crate::actor::budget_draw_due(1) {
                let Poll::Ready(progress) = tokio::task::coop::poll_proceed(cx) else {
                    return Poll::Pending;
                };
                progress.made_progress();
            }
            actor.run_here(SlotId::of(&this.slot));
            // Tried once: if the loop was busy, it runs the call.
            this.target = Target::Actor(actor.actor_id());
        }
        // Only on the way to sleep: an actor's method awaiting a call to its own actor
        // would sleep forever, since that call runs only after the method returns.
        let target = &this.target;
        this.slot
            .poll_take_or(cx, || check_not_own_actor([target.actor_id()]))
    }
}

/// Cancels the call or task behind `object_ref`: it resolves with `Error::Cancelled` at once.
/// A queued call or task is dropped unrun; a running async method or task is dropped at its
/// next `.await`; a running sync method sees `context::is_cancelled()`. Returns false if the
/// result was already settled.
pub fn cancel<T: Send + 'static>(object_ref: &ObjectRef<T>) -> bool {
    object_ref.cancel()
}

/// What [`wait`] and [`wait_async`] hand back: `(ready, pending)`, the references ready
/// and those still pending, each in input order.
pub type Split<T> = (Vec<ObjectRef<T>>, Vec<ObjectRef<T>>);

/// Fetches every value, in input order, blocking this thread, as `ray.get` on a list does.
///
/// # Errors
/// The first failure among the calls, as soon as it happens; [`Error::BlockingInAsyncContext`]
/// on a thread that runs async code (use [`get_async`]); [`Error::Deadlock`] inside a method
/// of an actor that one of `refs` calls, or of an actor that one of them waits for (see
/// [`ObjectRef::get`]).
pub fn get<T: Send + 'static>(
    refs: impl IntoIterator<Item = ObjectRef<T>>,
) -> Result<Vec<T>, Error> {
    let refs: Vec<ObjectRef<T>> = refs.into_iter().collect();
    check_may_block(targets(&refs))?;
    let _waiting = wait_graph::waits_for(awaited(&refs));
    block_on(get_async(refs), None)?.unwrap_or_else(|| unreachable!("no deadline was set"))
}

/// The async form of [`get`]: every value, in input order.
///
/// The references are awaited in order, with one shared watch that any of them raises when
/// it fails: no waker or allocation per reference.
///
/// # Errors
/// The first failure among the calls, as soon as it happens; [`Error::Deadlock`] inside an
/// actor's method, for a call to that same actor (which runs only after the method returns).
///
/// # Cancel safety
/// Dropping the future leaves the calls running, but drops the references it was given, and
/// with them the values: await it to the end, or give it clones.
pub async fn get_async<T: Send + 'static>(
    refs: impl IntoIterator<Item = ObjectRef<T>>,
) -> Result<Vec<T>, Error> {
    let refs: Vec<ObjectRef<T>> = refs.into_iter().collect();
    check_not_own_actor(targets(&refs))?;
    let watch = FailureWatch::new();
    for object_ref in &refs {
        object_ref.slot.watch_failure(&watch);
    }
    let mut values: Vec<Option<T>> = refs.iter().map(|_| None).collect();
    // Every reference before this one has its value in `values`.
    let mut next = 0;
    // A failure stored before the watch was set raised nothing: look at every slot once.
    let mut look_at_all = true;
    std::future::poll_fn(|cx| {
        if watch.poll_failed(cx) || std::mem::take(&mut look_at_all) {
            for (object_ref, value) in refs.iter().zip(&mut values).skip(next) {
                if value.is_none() {
                    match object_ref.slot.try_take() {
                        Some(Ok(taken)) => *value = Some(taken),
                        Some(Err(error)) => return Poll::Ready(Err(error)),
                        None => {}
                    }
                }
            }
        }
        while let Some(object_ref) = refs.get(next) {
            if values[next].is_none() {
                match object_ref.slot.poll_take(cx) {
                    Poll::Ready(Ok(taken)) => values[next] = Some(taken),
                    Poll::Ready(Err(error)) => return Poll::Ready(Err(error)),
                    Poll::Pending => return Poll::Pending,
                }
            }
            next += 1;
        }
        Poll::Ready(Ok(()))
    })
    .await?;
    Ok(values.into_iter().flatten().collect())
}

/// Waits until `num_returns` of `refs` are ready or `timeout` passes, as `ray.wait` does;
/// `None` waits as long as it takes. Blocks this thread.
///
/// Returns `(ready, pending)`, each in input order; `ready` holds at most `num_returns`
/// references (`num_returns` is capped at `refs.len()`). A reference is ready once its call
/// has settled, with a value or an error: fetch it with `.get()`. Reaching the timeout is no
/// error: the references not ready then are in `pending`.
///
/// # Errors
/// [`Error::BlockingInAsyncContext`] on a thread that runs async code (use [`wait_async`]);
/// [`Error::Deadlock`] inside a method of an actor that one of `refs` calls, or, when all of
/// `refs` are waited for, of an actor that one of them waits for (see [`ObjectRef::get`]).
/// The references are dropped then; the calls go on.
pub fn wait<T: Send + 'static>(
    refs: Vec<ObjectRef<T>>,
    num_returns: usize,
    timeout: Option<Duration>,
) -> Result<Split<T>, Error> {
    check_may_block(targets(&refs))?;
    let num_returns = num_returns.min(refs.len());
    let deadline = timeout.map(|timeout| Instant::now() + timeout);
    // Waiting for some of the calls is no deadlock while another of them may still settle.
    let needs_all = num_returns == refs.len();
    let _waiting = wait_graph::waits_for(awaited(&refs).filter(|_| needs_all));
    block_on(ready_count_reaches(&refs, num_returns), deadline)?;
    Ok(split_ready(refs, num_returns))
}

/// The async form of [`wait`], with the same arguments and result.
///
/// # Errors
/// [`Error::Deadlock`] inside an actor's method, for a call to that same actor (which runs
/// only after the method returns). The references are dropped then; the calls go on.
///
/// # Cancel safety
/// Dropping the future leaves the calls running, but drops the references it was given: pass
/// a `timeout` rather than racing it against a timer.
pub async fn wait_async<T: Send + 'static>(
    refs: Vec<ObjectRef<T>>,
    num_returns: usize,
    timeout: Option<Duration>,
) -> Result<Split<T>, Error> {
    check_not_own_actor(targets(&refs))?;
    let num_returns = num_returns.min(refs.len());
    let ready = ready_count_reaches(&refs, num_returns);
    match timeout {
        Some(timeout) => {
            let mut ready = pin!(ready);
            // A timer of actor-core's runtime: it works under any executor.
            let mut expired = pin!(crate::runtime::current().sleep(timeout));
            std::future::poll_fn(|cx| {
                if ready.as_mut().poll(cx).is_ready() || expired.as_mut().poll(cx).is_ready() {
                    Poll::Ready(())
                } else {
                    Poll::Pending
                }
            })
            .await;
        }
        None => ready.await,
    }
    Ok(split_ready(refs, num_returns))
}

/// The calls among `refs` that are made on an actor: the actor, and the call's result.
fn awaited<T>(refs: &[ObjectRef<T>]) -> impl Iterator<Item = (ActorId, &Arc<Slot<T>>)> {
    refs.iter()
        .filter_map(|object_ref| Some((object_ref.target.actor_id()?, &object_ref.slot)))
}

/// The actors that `refs` call.
fn targets<T>(refs: &[ObjectRef<T>]) -> impl Iterator<Item = Option<ActorId>> + '_ {
    refs.iter().map(|object_ref| object_ref.target.actor_id())
}

async fn ready_count_reaches<T: Send + 'static>(refs: &[ObjectRef<T>], num_returns: usize) {
    std::future::poll_fn(|cx| {
        let ready = refs
            .iter()
            .filter(|object_ref| object_ref.poll_complete(cx).is_ready())
            .count();
        if ready >= num_returns {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await
}

fn split_ready<T: Send + 'static>(refs: Vec<ObjectRef<T>>, num_returns: usize) -> Split<T> {
    let mut ready = Vec::with_capacity(num_returns);
    let mut pending = Vec::new();
    for object_ref in refs {
        if ready.len() < num_returns && object_ref.is_ready() {
            ready.push(object_ref);
        } else {
            pending.push(object_ref);
        }
    }
    (ready, pending)
}

/// Refuses a blocking wait where it would stall an executor or wait on its own actor.
fn check_may_block(targets: impl IntoIterator<Item = Option<ActorId>>) -> Result<(), Error> {
    if !current::may_block() {
        return Err(Error::BlockingInAsyncContext);
    }
    check_not_own_actor(targets)
}

/// Refuses a wait, blocking or not, of an actor's method on a call to that same actor.
fn check_not_own_actor(targets: impl IntoIterator<Item = Option<ActorId>>) -> Result<(), Error> {
    if let Some(running) = current::actor_id()
        && targets.into_iter().any(|target| target == Some(running))
    {
        return Err(Error::Deadlock {
            reason: format!(
                "a method of actor {running} waits for a call to that same actor, \
                     which can only run after the method returns; return the ObjectRef \
                     instead, or send the call with `tell()`"
            ),
        });
    }
    Ok(())
}

struct ThreadUnparker(Thread);

impl Wake for ThreadUnparker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

thread_local! {
    static THREAD_WAKER: Waker = Waker::from(Arc::new(ThreadUnparker(thread::current())));
}

/// Polls `future` on this thread, parking in between, until it is ready (`Some`) or
/// `deadline` passes (`None`).
///
/// # Errors
/// [`Error::Deadlock`] if, before it first parks, this thread's waits (see `wait_graph`)
/// close a cycle of actors waiting for each other, or if too many threads block in waits
/// inside actor methods already (see `blocked_waits`).
///
/// Inside a sync actor method on a runtime thread, the wait runs under `block_in_place`, so
/// the other actors of that thread move elsewhere meanwhile; inside a task, the task's
/// resources are given back while it waits. Inside a call that an actor's loop hosts, the
/// thread has that actor's calls run by a stand-in task while it waits, since the loop
/// cannot (see `actor::host`). Fails, rather than take the runtime's last threads, when a
/// chain of such waits in actor methods is too deep (see `blocked_waits`); a first poll
/// that finds the value (or runs the call here) blocks nothing.
fn block_on<F: Future>(future: F, deadline: Option<Instant>) -> Result<Option<F::Output>, Error> {
    let mut future = pin!(future);
    // One poll before anything blocks: a call its caller may run itself runs now, while its
    // loop is still parked (a wake deferred by the method waiting here comes only after).
    let first = THREAD_WAKER.with(|waker| future.as_mut().poll(&mut Context::from_waker(waker)));
    if let Poll::Ready(output) = first {
        return Ok(Some(output));
    }
    // Only a wait that blocks tells who waits for whom, and fails if that closes a cycle.
    wait_graph::before_park()?;
    let blocking = crate::actor::Blocking::enter();
    let park = || {
        THREAD_WAKER.with(|waker| {
            let mut cx = Context::from_waker(waker);
            loop {
                if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                    return Some(output);
                }
                blocking.parking(waker);
                match deadline {
                    None => thread::park(),
                    Some(deadline) => {
                        let now = Instant::now();
                        if now >= deadline {
                            return None;
                        }
                        thread::park_timeout(deadline - now);
                    }
                }
            }
        })
    };
    if current::in_sync_method() && tokio::runtime::Handle::try_current().is_ok() {
        let _blocked = BlockedWait::enter()?;
        Ok(tokio::task::block_in_place(park))
    } else {
        Ok(crate::task_resources::release_while_blocked(park))
    }
}
