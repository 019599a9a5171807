//! The loop of an isolated actor, in the driver: it stands for an actor that runs in a
//! worker process of its own (`options().isolated(true)`).
//!
//! It takes the actor's calls from the same mailbox as a local actor's loop, in the same
//! order, and sends each over the connection to the worker process instead of running it;
//! the worker runs it through its own local call path and sends the reply back, which
//! settles the caller's slot here. Calls are pipelined: many may be in flight at once, and
//! the worker's actor runs them one at a time, in order.
//!
//! Restarts are the driver's: a panic (the worker's actor dies of it) or the death of the
//! worker process ends one incarnation; while `max_restarts` allows, a new process starts
//! with the same constructor arguments (kept encoded, so they need not be `Clone`), after
//! the back-off of a local actor. Calls the dead worker had queued but not run go to the
//! new one first; a call it was running goes again while `max_task_retries` allows.
//!
//! A call settled here early (cancelled, timed out) is cancelled in the worker too, with a
//! `Cancel` frame (see `early_settles`).
//!
//! `kill` aborts this loop: dropping it kills the worker process and fails the calls in
//! flight.

mod early_settles;
mod in_flight;
mod late_wakes;

use std::sync::Arc;
use std::time::Instant;

use crate::error::{DeathCause, Error};
use crate::remote::{self, Frame, KeptHandle, Link, LinkEnd, LogLevel, OpenFailed, WorkerOptions};
use crate::scheduler::Scheduler;
use crate::slot::ErasedSlot;
use crate::timer;
use crate::wire::{ReplySlot, Wire};

use super::backoff::Backoff;
use super::cell::{ActorCell, TurnState};
use super::mailbox::{Batch, Envelope};
use super::reply::SAMPLE_EVERY;
use super::turn::LoopTurn;
use super::{Actor, ActorState};
use early_settles::EarlySettles;
use in_flight::Numbered;
use late_wakes::LateWakes;

/// What an isolated actor's loop needs beyond a local one's: the class's wire functions,
/// and the constructor's arguments, encoded once.
pub(crate) struct Isolation<A: Actor> {
    wire: Wire<A::Message, A::Args>,
    args: Vec<u8>,
    /// The handles in the arguments, kept alive while the actor lives: each new worker
    /// process reads them again.
    _handles: Vec<KeptHandle>,
}

impl<A: Actor> Isolation<A> {
    /// Checks that `A` can run in a worker process and encodes its arguments; fails with
    /// `Error::InvalidOptions` saying why it cannot.
    pub(crate) fn prepare(args: &A::Args) -> Result<Self, Error> {
        let Some(wire) = A::wire() else {
            return Err(Error::InvalidOptions {
                reason: format!(
                    "`{}` cannot be isolated: its calls cannot leave this process (its impl \
                     block is `#[actor(local)]`, or the class is generic); remove \
                     `isolated`, or `local` (its arguments and values must then be \
                     `Serialize + Deserialize`)",
                    A::CLASS_NAME
                ),
            });
        };
        crate::remote::check_can_start_workers()?;
        let (args, handles) = remote::keeping_handles(|| (wire.encode_args)(args));
        Ok(Self {
            wire,
            args: args?,
            _handles: handles,
        })
    }
}

/// After this many calls sent, the loop yields once, so that the connection's writer (a
/// task of the same thread) writes them: the worker starts on the first calls of a burst
/// while the loop encodes the rest. Without the pause the writer wrote nothing until the
/// loop ran out of calls: with 1,000 calls in flight the worker got all of them in one
/// write, and a burst of told calls reached it only once the whole burst was encoded.
const WRITE_EVERY: u32 = 128;

/// A call sent to the worker, waiting for its reply.
struct InFlight {
    method: usize,
    slot: Arc<dyn ErasedSlot>,
    /// When it was sent, if it is timed: one call in [`SAMPLE_EVERY`], as local calls are
    /// (a call's time is its round trip, far longer than a clock read, but a pipelined call
    /// costs the driver little more than the two reads).
    started: Option<Instant>,
    retries_left: i32,
    /// The call, kept to send it again to a restarted worker; only when the actor may
    /// restart.
    kept: Option<KeptCall>,
    /// The worker failed it because its actor died before running it: it runs on the next
    /// worker, if there is one.
    unrun: bool,
}

/// A call kept to send it again to a restarted worker.
struct KeptCall {
    /// The encoded call.
    message: Vec<u8>,
    /// The handles in it, kept alive for whichever worker reads it (the first one's are
    /// dropped with its connection).
    handles: Vec<remote::Collected>,
}

impl InFlight {
    /// Counts the call, ended now, in its method's telemetry: failed or not as `is_error`
    /// says, with its time if it is timed.
    fn count<A: Actor>(&self, cell: &ActorCell<A>, is_error: bool) {
        let counters = &cell.telemetry.as_ref()[self.method];
        counters.record(self.started.map(|started| started.elapsed()), is_error);
    }

    /// Fails the call with `error`, and counts it as a failed call of its method.
    fn fail<A: Actor>(&self, cell: &ActorCell<A>, error: Error) {
        self.count(cell, true);
        self.slot.fail(error);
    }
}

/// The state of the loop, dropped with it: the calls in flight fail then.
struct Proxy<A: Actor> {
    cell: Arc<ActorCell<A>>,
    isolation: Isolation<A>,
    /// Calls in flight, by their number: in the order they were sent.
    in_flight: Numbered<InFlight>,
    next_call: u64,
    /// Tells when a call in flight was settled early, to cancel it in the worker.
    early: EarlySettles,
    /// Callers whose results were settled from the replies read so far, woken once the
    /// loop has nothing more to read.
    late_wakes: LateWakes,
    /// Restarts still allowed; negative means forever.
    restarts_left: i32,
    backoff: Backoff,
}

/// How one worker's life ended.
enum Ended {
    /// The actor is dead for good, for this cause.
    Dead(DeathCause),
    /// The worker's actor panicked, or the worker process died: restart if allowed.
    Lost(DeathCause),
}

/// The loop of the isolated actor `cell`.
pub(crate) async fn run<A: Actor>(
    scheduler: Arc<Scheduler>,
    cell: Arc<ActorCell<A>>,
    isolation: Isolation<A>,
) {
    let mut proxy = Proxy {
        restarts_left: cell.options.max_restarts,
        cell: cell.clone(),
        isolation,
        in_flight: Numbered::default(),
        next_call: 0,
        early: EarlySettles::new(),
        late_wakes: LateWakes::default(),
        backoff: Backoff::default(),
    };
    let mut turn = LoopTurn::adopt(&cell.turn, cell.calls.loop_waker());
    let _resources = match cell.options.resources() {
        needs if needs.is_empty() => None,
        needs => Some(scheduler.acquire(needs).await),
    };
    let mut batch = Batch::new();
    loop {
        let ended = match proxy.start_worker().await {
            Ok(mut link) => {
                let ended = proxy.serve(&mut link, &mut batch, &mut turn).await;
                proxy.late_wakes.wake_all();
                if let Ended::Lost(_) = ended {
                    link.kill();
                }
                ended
            }
            Err(ended) => ended,
        };
        let cause = match ended {
            Ended::Dead(cause) => cause,
            Ended::Lost(cause) if proxy.restarts_left != 0 => {
                proxy.restart(cause).await;
                continue;
            }
            Ended::Lost(cause) => proxy.final_cause(cause),
        };
        // Dead first: a caller whose call fails sees the actor dead.
        cell.die_then(cause.clone(), || proxy.fail_in_flight(&cause));
        return;
    }
}

impl<A: Actor> Proxy<A> {
    /// Starts a worker process and the actor in it; how it ended if it could not start.
    async fn start_worker(&mut self) -> Result<Link, Ended> {
        let options = &self.cell.options;
        let worker_options = WorkerOptions {
            name: options.name.as_deref().map(str::to_owned),
            namespace: self.cell.namespace.to_string(),
            blocking: options.blocking,
            max_log_level: LogLevel::driver_max(),
        };
        let mut link = Link::open(self.cell.label())
            .await
            .map_err(|failed| match failed {
                OpenFailed::Died(cause) => Ended::Lost(cause),
                OpenFailed::Cannot(error) => Ended::Dead(DeathCause::WorkerLost {
                    reason: error.to_string(),
                }),
            })?;
        let create = link.send(Frame::Create {
            actor_id: self.cell.id(),
            class: self.isolation.wire.class_key.to_owned(),
            args: self.isolation.args.clone(),
            options: worker_options,
        });
        if let Err(error) =
            create.map_err(|failed| failed.unencodable("the constructor's arguments"))
        {
            link.kill();
            if let Some(error) = error {
                return Err(Ended::Dead(DeathCause::ConstructorFailed {
                    message: error.to_string(),
                }));
            }
        }
        let started = loop {
            break match link.next().await {
                LinkEnd::Frame(Frame::Started { pid }) => Ok(pid),
                // The constructor failed: it would fail again.
                LinkEnd::Frame(Frame::Died { cause }) => Err(Ended::Dead(cause)),
                // The constructor's arguments or its calls reach actors of the driver.
                LinkEnd::Frame(frame) => match remote::take_peer_frame(link.peer(), frame) {
                    None => continue,
                    Some(other) => Err(Ended::Lost(DeathCause::WorkerLost {
                        reason: format!("it sent {} before it started", other.kind()),
                    })),
                },
                LinkEnd::Closed(cause) => Err(Ended::Lost(cause)),
            };
        };
        let pid = started.inspect_err(|_| link.kill())?;
        tracing::info!(actor = %self.cell.label(), pid, "isolated actor started in its worker process");
        self.cell.set_worker_pid(pid);
        self.cell.set_state(ActorState::Alive);
        // Calls the last worker left unrun go first, in their order.
        for (call, in_flight) in self.in_flight.iter() {
            if let Some(kept) = &in_flight.kept {
                remote::sending_again(link.peer(), &kept.handles);
                // It was sent once: it can be encoded.
                let _ = link.send(Frame::Call {
                    call,
                    message: kept.message.clone(),
                });
            }
        }
        Ok(link)
    }

    /// Serves calls through `link` until the worker's actor dies or the worker is lost.
    async fn serve(
        &mut self,
        link: &mut Link,
        batch: &mut Batch<A::Message>,
        turn: &mut LoopTurn<'_, TurnState<A>>,
    ) -> Ended {
        let cell = self.cell.clone();
        let mut stopping = false;
        let mut sent = 0;
        loop {
            tokio::select! {
                biased;
                end = link.next() => match end {
                    LinkEnd::Frame(Frame::Reply { call, result }) => self.settle(call, result),
                    // Its last frame: the worker exits after it (and is killed if it lingers,
                    // as the link drops).
                    LinkEnd::Frame(Frame::Died { cause }) => return self.after_death(cause),
                    LinkEnd::Frame(frame) => {
                        if let Some(other) = remote::take_peer_frame(link.peer(), frame) {
                            return Ended::Lost(DeathCause::WorkerLost {
                                reason: format!("it sent {} while serving calls", other.kind()),
                            });
                        }
                    }
                    LinkEnd::Closed(lost) => return Ended::Lost(lost),
                },
                () = self.early.settled() => self.cancel_settled(link),
                envelope = cell.calls.recv(batch, turn), if !stopping => {
                    match (envelope, cell.state()) {
                        (Some(envelope), _) => {
                            self.send(link, envelope);
                            sent += 1;
                            if sent == WRITE_EVERY {
                                sent = 0;
                                tokio::task::yield_now().await;
                            }
                        }
                        (None, ActorState::Dead { cause }) => return Ended::Dead(cause),
                        (None, _) => {
                            // Closed and drained: a graceful stop, `on_stop` in the worker.
                            let _ = link.send(Frame::Stop);
                            stopping = true;
                        }
                    }
                }
                // Polled only when nothing else is ready: the loop would sleep now.
                () = std::future::ready(()), if !self.late_wakes.is_empty() => {
                    self.late_wakes.wake_all();
                }
            }
        }
    }

    /// What the death of the worker's actor means here.
    fn after_death(&mut self, cause: DeathCause) -> Ended {
        match cause {
            DeathCause::MethodPanicked { .. } => {
                // The worker answered every call it read before its `Died`: those still in
                // flight never reached its actor, and run on the next worker.
                for in_flight in self.in_flight.values_mut() {
                    in_flight.unrun = true;
                }
                Ended::Lost(cause)
            }
            DeathCause::Terminated => Ended::Dead(self.cell.graceful_cause()),
            other => Ended::Dead(other),
        }
    }

    /// The cause of death after the last restart allowed was used.
    fn final_cause(&self, cause: DeathCause) -> DeathCause {
        match (cause, self.cell.num_restarts()) {
            (DeathCause::MethodPanicked { method, message }, restarts) if restarts > 0 => {
                DeathCause::OutOfRestarts {
                    restarts,
                    method,
                    message,
                }
            }
            (cause, _) => cause,
        }
    }

    /// Sends the call of `envelope` to the worker; a call that cannot be encoded fails.
    fn send(&mut self, link: &Link, envelope: Envelope<A::Message>) {
        let method = A::method_index(&envelope.message);
        let encode_call = self.isolation.wire.encode_call;
        let (encoded, handles) =
            remote::sending_to_keeping(link.peer(), || encode_call(&envelope.message));
        let message = match encoded {
            Ok(message) => message,
            Err(error) => {
                if let Some(slot) = envelope.reply {
                    slot.fail(error);
                }
                return;
            }
        };
        let Some(slot) = envelope.reply else {
            // A told call that cannot be sent is lost, as one whose actor dies.
            let _ = link.send(Frame::Tell { message });
            return;
        };
        let call = self.next_call;
        self.next_call += 1;
        let counters = &self.cell.telemetry.as_ref()[method];
        let timed = call.is_multiple_of(SAMPLE_EVERY) || counters.never_timed();
        // A call that may go again to a restarted worker keeps its bytes and the handles in
        // them.
        let keep = self.cell.options.max_restarts != 0;
        let kept = keep.then(|| KeptCall {
            message: message.clone(),
            handles,
        });
        self.early.watch(&*slot);
        if let Err(failed) = link.send(Frame::Call { call, message })
            && let Some(error) = failed.unencodable("the call to its worker process")
        {
            slot.fail(error);
            return;
        }
        self.in_flight.insert(
            call,
            InFlight {
                method,
                slot,
                started: timed.then(Instant::now),
                retries_left: envelope.retries_left,
                kept,
                unrun: false,
            },
        );
    }

    /// Settles call number `call` with its reply, and counts it in the telemetry.
    fn settle(&mut self, call: u64, result: Result<Vec<u8>, Error>) {
        let Some(in_flight) = self.in_flight.get_mut(call) else {
            return;
        };
        let restarts = self.restarts_left != 0;
        match &result {
            // Queued in the worker when its actor died: it runs on the next worker.
            Err(Error::ActorDied { .. }) if restarts => {
                in_flight.unrun = true;
                return;
            }
            // Its method panicked: it runs again on the next worker while retries allow.
            Err(Error::MethodPanicked { .. }) if restarts && in_flight.retries_left != 0 => {
                if in_flight.retries_left > 0 {
                    in_flight.retries_left -= 1;
                }
                in_flight.unrun = true;
                return;
            }
            _ => {}
        }
        let Some(in_flight) = self.in_flight.remove(call) else {
            return;
        };
        let is_error = result.as_ref().map_or(true, |bytes| {
            (self.isolation.wire.reply_is_error)(in_flight.method, bytes)
        });
        in_flight.count(&self.cell, is_error);
        let settled = result.and_then(|bytes| {
            (self.isolation.wire.settle_reply)(
                in_flight.method,
                &bytes,
                ReplySlot::waking_later(&*in_flight.slot),
            )
        });
        match settled {
            Ok(()) => self.late_wakes.push(in_flight.slot),
            Err(error) => in_flight.slot.fail(error),
        }
    }

    /// Cancels in the worker each call in flight whose result was settled here early, and
    /// forgets it (its `Reply` will find nothing to settle), counted as a failed call of its
    /// method, as a call cancelled while it runs counts in this process.
    ///
    /// The latest call is cancelled first: the worker runs its calls in order, so a call
    /// cancelled with the one it runs is dropped before the end of that one could start it.
    fn cancel_settled(&mut self, link: &Link) {
        let settled: Vec<u64> = self
            .in_flight
            .iter()
            .rev()
            .filter(|(_, in_flight)| in_flight.slot.is_done())
            .map(|(call, _)| call)
            .collect();
        for call in settled {
            let _ = link.send(Frame::Cancel { call });
            if let Some(in_flight) = self.in_flight.remove(call) {
                in_flight.count(&self.cell, true);
            }
        }
    }

    /// After the worker's actor panicked or the worker was lost with restarts left: waits
    /// out the back-off, keeps the calls that are to run again, fails the rest.
    async fn restart(&mut self, cause: DeathCause) {
        self.cell.set_state(ActorState::Restarting);
        self.cell.set_worker_pid(0);
        let error = Error::ActorDied {
            actor: self.cell.label(),
            cause: cause.clone(),
        };
        let cell = &self.cell;
        self.in_flight.retain(|in_flight| {
            let again =
                !in_flight.slot.is_done() && (in_flight.unrun || in_flight.retries_left != 0);
            if !in_flight.unrun && in_flight.retries_left > 0 {
                in_flight.retries_left -= 1;
            }
            in_flight.unrun = false;
            if !again {
                in_flight.fail(cell, error.clone());
            }
            again
        });
        if self.restarts_left > 0 {
            self.restarts_left -= 1;
        }
        let restarts = self.cell.count_restart();
        tracing::info!(actor = %self.cell.label(), restarts, %cause, "isolated actor restarting in a new worker process");
        let pause = self.backoff.next_pause();
        if !pause.is_zero() {
            timer::sleep(pause).await;
        }
        self.backoff.restarted_at = Some(Instant::now());
    }

    /// Fails every call in flight: the actor died of `cause`.
    fn fail_in_flight(&mut self, cause: &DeathCause) {
        let error = self.cell.died_error(cause.clone());
        for in_flight in self.in_flight.take_all() {
            in_flight.fail(&self.cell, error.clone());
        }
    }
}

/// The loop was dropped before it ended by itself (`kill` aborts it, or its runtime shut
/// down): its calls in flight fail with the actor's death, and the worker process (in the
/// `Link`, dropped with the loop's future) is killed.
impl<A: Actor> Drop for Proxy<A> {
    fn drop(&mut self) {
        self.cell.turn.end_loop();
        self.cell.die(DeathCause::RuntimeShutdown);
        let cause = match self.cell.state() {
            ActorState::Dead { cause } => cause,
            _ => DeathCause::RuntimeShutdown,
        };
        self.fail_in_flight(&cause);
    }
}
