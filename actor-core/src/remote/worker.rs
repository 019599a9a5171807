//! What a worker process runs: the one isolated actor its driver asked for, served over the
//! connection to the driver until the actor dies or the driver goes away.
//!
//! The actor runs exactly as an actor in a program of its own: the ordinary runtime, loop
//! and call path of this process. Each `Call` frame becomes a call through a local handle,
//! whose value goes back as a `Reply` frame (a `Cancel` frame cancels it, see
//! `worker_cancel`); the actor's death, as a `Died` frame, ends the process. A closed
//! connection (the driver died) ends it at once.
//!
//! The actor runs under the driver's id for it. The same connection carries the calls of
//! stand-ins both ways (see `peer`): the worker's, for actors of the driver, and the
//! driver's, for actors this worker created.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;

use futures::StreamExt;
use tokio::net::UnixStream;
use tokio::sync::mpsc;
use tokio_util::codec::FramedRead;

use crate::actor::{self, Actor, ActorOptions, ActorRef};
use crate::args::KeptArgs;
use crate::error::{DeathCause, Error};
use crate::wire::EncodedReply;

use super::asked::take_peer_frame;
use super::codec::FrameCodec;
use super::export::sending_to;
use super::frame::{Frame, WorkerOptions};
use super::handshake::greet_driver;
use super::log_forward;
use super::peer::Peer;
use super::uplink;
use super::worker_cancel::Cancellable;
use super::worker_env::WorkerEnv;
use super::writer::{FrameSender, spawn_writer};

/// The exit code of a worker whose driver went away: it has nothing left to do.
const EXIT_LOST_DRIVER: i32 = 0;
/// The exit code of a worker whose start failed (no connection, a refused handshake).
const EXIT_FAILED_START: i32 = 1;

/// A class a worker process can run, found by its key (module path and name). `#[actor]`
/// registers one for every class with a wire format, with `inventory`.
#[doc(hidden)]
#[derive(Debug)]
pub struct WorkerClass {
    key: &'static str,
    serve: fn(Session) -> Pin<Box<dyn Future<Output = i32> + Send>>,
}

impl WorkerClass {
    /// The entry of class `A`, whose key is `key`.
    pub const fn new<A: Actor>(key: &'static str) -> Self {
        Self {
            key,
            serve: |session| Box::pin(serve::<A>(session)),
        }
    }
}

inventory::collect!(WorkerClass);

/// The connection to the driver, once the actor to run is known.
pub(crate) struct Session {
    reader: FramedRead<tokio::net::unix::OwnedReadHalf, FrameCodec>,
    writer: FrameSender,
    /// Ends once the writer wrote the `Died` frame.
    written: tokio::task::JoinHandle<()>,
    /// The way to the driver's actors, and what the driver asks of this worker's actors.
    uplink: &'static Arc<Peer>,
    /// The driver's id for the actor, which it runs under here too.
    actor_id: actor::ActorId,
    args: Vec<u8>,
    options: WorkerOptions,
}

/// Runs the worker described by `env` to its end; returns the process's exit code.
pub(crate) fn run(env: WorkerEnv) -> i32 {
    // One runtime thread: the worker's actor runs one call at a time, and a second thread
    // would only be woken to look for work with each frame (tokio wakes an idle thread
    // whenever a woken one finds a task): 5 thread switches per sync call instead of 3.
    // Methods that block move off it, as in any process. Nothing runs before this, so the
    // runtime is not started yet.
    let _ = crate::runtime::init_with(crate::runtime::Config::default().worker_threads(1));
    let runtime = crate::runtime::current();
    // On the runtime's threads, not this one: the connection's reads and writes then wake
    // tasks on the thread they run on.
    runtime.block_on(async { tokio::spawn(start(env)).await.unwrap_or(EXIT_FAILED_START) })
}

/// Connects, proves the token, receives the actor to run and serves it.
async fn start(env: WorkerEnv) -> i32 {
    let stream = match UnixStream::connect(&env.socket).await {
        Ok(stream) => stream,
        Err(error) => {
            tracing::error!(socket = %env.socket.display(), %error, "worker cannot connect to its driver");
            return EXIT_FAILED_START;
        }
    };
    let mut framed = tokio_util::codec::Framed::new(stream, FrameCodec);
    if let Err(error) = greet_driver(&mut framed, &env.token).await {
        tracing::error!(%error, "the driver refused this worker");
        return EXIT_FAILED_START;
    }
    let (class, actor_id, args, options) = match framed.next().await {
        Some(Ok(Frame::Create {
            actor_id,
            class,
            args,
            options,
        })) => (class, actor_id, args, options),
        // The driver went away, or sent something else: nothing to run.
        _ => return EXIT_LOST_DRIVER,
    };
    let stream = framed.into_inner();
    let (read, write) = stream.into_split();
    // `Died` is the last frame a worker sends.
    let (writer, written) = spawn_writer(write, |frame| matches!(frame, Frame::Died { .. }));
    let uplink = uplink::install(writer.clone());
    log_forward::install(writer.clone(), options.max_log_level);
    // Before any handle is read (the constructor's arguments may hold some): the actor
    // takes the driver's id, which no id of this process may share.
    let Some(actor_id) = actor::ActorId::adopt(actor_id) else {
        let _ = writer.send(Frame::Died {
            cause: DeathCause::ConstructorFailed {
                message: format!(
                    "the worker process made actor ids before it could take the driver's id \
                     {actor_id} for its actor"
                ),
            },
        });
        return EXIT_FAILED_START;
    };
    let Some(entry) = inventory::iter::<WorkerClass>().find(|entry| entry.key == class) else {
        let _ = writer.send(Frame::Died {
            cause: DeathCause::ConstructorFailed {
                message: format!(
                    "the worker process has no actor class `{class}`: the executable differs \
                     from the driver's"
                ),
            },
        });
        return EXIT_FAILED_START;
    };
    let session = Session {
        reader: FramedRead::new(read, FrameCodec),
        writer,
        written,
        uplink,
        actor_id,
        args,
        options,
    };
    (entry.serve)(session).await
}

/// Serves the actor of class `A` that the session asks for.
async fn serve<A: Actor>(session: Session) -> i32 {
    let Session {
        mut reader,
        writer,
        written,
        uplink,
        actor_id,
        args,
        options,
    } = session;
    let died = |cause| {
        let _ = writer.send(Frame::Died { cause });
    };
    let Some(wire) = A::wire() else {
        died(DeathCause::ConstructorFailed {
            message: format!("`{}` has no wire format", A::CLASS_NAME),
        });
        return EXIT_FAILED_START;
    };
    let args = match (wire.decode_args)(&args) {
        Ok(args) => args,
        Err(error) => {
            died(DeathCause::ConstructorFailed {
                message: error.to_string(),
            });
            return EXIT_FAILED_START;
        }
    };
    let mut local = ActorOptions::default()
        .namespace(options.namespace)
        .blocking(options.blocking);
    if let Some(name) = options.name {
        local = local.name(name);
    }
    let actor = match ActorRef::<A>::spawn_as(actor_id, local, KeptArgs::once(args)) {
        Ok(actor) => actor,
        Err(error) => {
            died(DeathCause::ConstructorFailed {
                message: error.to_string(),
            });
            return EXIT_FAILED_START;
        }
    };
    let _ = writer.send(Frame::Started {
        pid: std::process::id(),
    });
    let mut death = std::pin::pin!(actor::watch(&actor).into_future());
    // The replies are awaited by a task of their own, never by this one: awaiting a call may
    // run it where it is awaited (see `actor::caller_runs`), and a method that waits for an
    // actor of the driver needs this task to read the answer.
    let (replies, replier) = spawn_replier(writer.clone(), uplink);
    let mut cancellable = Cancellable::default();
    let cause = loop {
        tokio::select! {
            frame = reader.next() => match frame {
                Some(Ok(Frame::Call { call, message })) => {
                    let mut reply = (wire.call_cell)(actor.erased_cell(), &message);
                    cancellable.track(call, &mut reply);
                    let _ = replies.send((call, reply));
                }
                Some(Ok(Frame::Cancel { call })) => cancellable.cancel(call),
                Some(Ok(Frame::Tell { message })) => {
                    // Its value is not wanted: a failure shows in the calls after it.
                    let _ = (wire.tell_cell)(actor.erased_cell(), &message);
                }
                Some(Ok(Frame::Stop)) => actor::terminate(&actor),
                Some(Ok(frame)) => {
                    if let Some(other) = take_peer_frame(uplink, frame) {
                        tracing::error!(frame = other.kind(), "unexpected frame from the driver");
                        return EXIT_LOST_DRIVER;
                    }
                }
                // The driver went away (or sent bytes that are not frames): the worker
                // dies with it.
                Some(Err(_)) | None => return EXIT_LOST_DRIVER,
            },
            cause = &mut death => break cause.unwrap_or(DeathCause::RuntimeShutdown),
        }
    };
    // The actor is dead: every call it had settles now; their replies go first.
    drop(replies);
    let _ = replier.await;
    died(cause);
    // The writer ends once it wrote `Died`, the last frame.
    let _ = written.await;
    0
}

/// A call's reply, before it resolves.
type PendingReply = (u64, Result<EncodedReply, Error>);

/// Starts the task that awaits the replies of the calls sent to it, in their order (the
/// order the actor runs them, so the driver's telemetry counts a call before a later call
/// answers), and writes each as a `Reply` frame; it ends once the sender is dropped and
/// every reply is written. A reply is encoded for the driver through `uplink`: the handles
/// in it are kept for the driver (see `remote::export`).
fn spawn_replier(
    writer: FrameSender,
    uplink: &'static Arc<Peer>,
) -> (
    mpsc::UnboundedSender<PendingReply>,
    tokio::task::JoinHandle<()>,
) {
    let (sender, mut calls) = mpsc::unbounded_channel::<PendingReply>();
    let replier = tokio::spawn(async move {
        let mut pending = VecDeque::new();
        let mut open = true;
        std::future::poll_fn(|cx| {
            while open {
                match calls.poll_recv(cx) {
                    Poll::Ready(Some(call)) => pending.push_back(call),
                    Poll::Ready(None) => open = false,
                    Poll::Pending => break,
                }
            }
            // Only the oldest reply is awaited: the actor runs its calls one at a time, so
            // the later ones are not due before it (one cancelled early waits its turn).
            while let Some((call, reply)) = pending.front_mut() {
                let result = match reply {
                    Ok(reply) => match sending_to(uplink, || Pin::new(reply).poll(cx)) {
                        Poll::Ready(result) => result,
                        Poll::Pending => break,
                    },
                    Err(error) => Err(error.clone()),
                };
                let call = *call;
                pending.pop_front();
                writer.send_result(result, |result| Frame::Reply { call, result });
            }
            if open || !pending.is_empty() {
                Poll::Pending
            } else {
                Poll::Ready(())
            }
        })
        .await;
    });
    (sender, replier)
}
