//! The driver's end of the connection to one worker process: the process, and the frames
//! both ways.
//!
//! Each worker gets a socket of its own in the driver's private directory: the driver binds
//! it, starts the process, accepts the one connection, removes the socket file, and checks
//! the worker's handshake (protocol, build id, token). Frames to the worker go through a
//! writer task that sends those queued together in one write.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use futures::StreamExt;
use tokio::net::UnixListener;
use tokio::net::unix::OwnedReadHalf;
use tokio_util::codec::{Framed, FramedRead};

use crate::error::{ActorLabel, DeathCause, Error};

use super::codec::FrameCodec;
use super::downlink;
use super::frame::{Frame, Token};
use super::handshake::admit_worker;
use super::log_replay::replay;
use super::peer::Peer;
use super::private_dir::private_dir;
use super::process::{WorkerProcess, spawn_worker};
use super::writer::{FrameSender, SendFailed, spawn_writer};

/// How long a new worker process may take to connect and greet.
const CONNECT_WITHIN: Duration = Duration::from_secs(30);

/// How long a worker whose connection closed may take to exit before it is killed.
const EXIT_WITHIN: Duration = Duration::from_secs(1);

/// What [`Link::next`] found.
pub(crate) enum LinkEnd {
    /// A frame from the worker.
    Frame(Frame),
    /// The connection is gone, and the worker with it, for this cause.
    Closed(DeathCause),
}

/// Why [`Link::open`] failed.
pub(crate) enum OpenFailed {
    /// The worker process ended before it connected: another may well start.
    Died(DeathCause),
    /// No worker can start (the executable cannot start again as a worker, no socket, a
    /// refused handshake): trying again would fail the same way.
    Cannot(Error),
}

/// A live worker process and its connection.
pub(crate) struct Link {
    process: WorkerProcess,
    /// The actor the worker runs, for the events it logs.
    actor: ActorLabel,
    reader: FramedRead<OwnedReadHalf, FrameCodec>,
    writer: FrameSender,
    writer_task: tokio::task::AbortHandle,
    /// The way to the actors the worker creates (see `downlink`); closed with the link.
    peer: Arc<Peer>,
}

/// The token every worker of this driver proves it knows: made once, random.
fn driver_token() -> &'static Token {
    static TOKEN: OnceLock<Token> = OnceLock::new();
    TOKEN.get_or_init(Token::random)
}

/// A fresh socket path in the private directory.
fn socket_path() -> Result<PathBuf, Error> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let number = NEXT.fetch_add(1, Ordering::Relaxed);
    Ok(private_dir()?.join(format!("worker-{number}.sock")))
}

/// Whether a read failed because the connection broke off, not because of bad bytes.
fn is_broken_off(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::UnexpectedEof
            | std::io::ErrorKind::ConnectionReset
            | std::io::ErrorKind::BrokenPipe
    )
}

/// An `Error::Wire` that says `what` failed, and why.
fn wire_error(what: &str, error: impl std::fmt::Display) -> Error {
    Error::Wire {
        message: format!("{what}: {error}"),
    }
}

impl Link {
    /// Starts a worker process for `actor` and waits until it connected and proved the
    /// token.
    pub(crate) async fn open(actor: ActorLabel) -> Result<Self, OpenFailed> {
        let path = socket_path().map_err(OpenFailed::Cannot)?;
        let listener = UnixListener::bind(&path).map_err(|error| {
            OpenFailed::Cannot(wire_error(
                &format!("cannot bind {}", path.display()),
                error,
            ))
        });
        let process = listener.and_then(|listener| {
            let process = spawn_worker(&path, driver_token()).map_err(OpenFailed::Cannot)?;
            Ok((listener, process))
        });
        let (listener, process) = match process {
            Ok(both) => both,
            Err(failed) => {
                let _ = std::fs::remove_file(&path);
                return Err(failed);
            }
        };
        tracing::info!(pid = process.pid(), "worker process spawned");
        let accepted = tokio::select! {
            accepted = tokio::time::timeout(CONNECT_WITHIN, listener.accept()) => match accepted {
                Ok(Ok((stream, _))) => Ok(stream),
                Ok(Err(error)) => Err(OpenFailed::Cannot(wire_error(
                    "cannot accept the worker's connection",
                    error,
                ))),
                Err(_) => Err(OpenFailed::Cannot(Error::Wire {
                    message: format!("the worker process did not connect within {CONNECT_WITHIN:?}"),
                })),
            },
            exit = process.exited() => Err(OpenFailed::Died(DeathCause::WorkerDied { exit })),
        };
        drop(listener);
        let _ = std::fs::remove_file(&path);
        let stream = accepted.inspect_err(|_| process.kill())?;
        let mut framed = Framed::new(stream, FrameCodec);
        if let Err(error) = admit_worker(&mut framed, driver_token()).await {
            tracing::warn!(pid = process.pid(), %error, "worker process refused");
            process.kill();
            return Err(match process.exit_status() {
                Some(exit) => OpenFailed::Died(DeathCause::WorkerDied { exit }),
                None => OpenFailed::Cannot(error),
            });
        }
        let (read, write) = framed.into_inner().into_split();
        let (writer, written) = spawn_writer(write, |_| false);
        let writer_task = written.abort_handle();
        Ok(Self {
            process,
            actor,
            reader: FramedRead::new(read, FrameCodec),
            peer: downlink::open(writer.clone()),
            writer,
            writer_task,
        })
    }

    /// Queues `frame` for the worker. A frame sent after the connection failed is lost (the
    /// failure shows in [`Link::next`]); one that cannot be encoded fails here.
    pub(crate) fn send(&self, frame: Frame) -> Result<(), SendFailed> {
        self.writer.send(frame)
    }

    /// The way to the actors of the worker: its stand-ins' calls, and the worker's calls
    /// through its own stand-ins, answered by this side.
    pub(crate) fn peer(&self) -> &Arc<Peer> {
        &self.peer
    }

    /// The next frame from the worker, or how the connection ended; the worker's `Log`
    /// frames are re-emitted here, never returned. Cancel safe.
    pub(crate) async fn next(&mut self) -> LinkEnd {
        let mut frame = self.reader.next().await;
        while let Some(Ok(Frame::Log { record })) = &frame {
            replay(record, self.process.pid(), &self.actor);
            frame = self.reader.next().await;
        }
        let end = match frame {
            Some(Ok(frame)) => return LinkEnd::Frame(frame),
            // The connection broke off: the worker died (mid-frame, maybe).
            Some(Err(error)) if is_broken_off(&error) => self.exited().await,
            Some(Err(error)) => self.lost(&error),
            None => self.exited().await,
        };
        if let LinkEnd::Closed(cause) = &end {
            // The actors the worker created died with it.
            downlink::lost(&self.peer, cause.clone());
        }
        end
    }

    /// The worker sent bytes that are not a frame (or its connection failed otherwise): it
    /// is killed, and its calls fail with a reason that says so.
    fn lost(&self, error: &std::io::Error) -> LinkEnd {
        let what = match error.kind() {
            std::io::ErrorKind::InvalidData => "it sent bytes that are not a frame",
            _ => "reading from it failed",
        };
        tracing::warn!(
            pid = self.process.pid(),
            actor = %self.actor,
            %error,
            "{what}: the driver closes the connection to the worker process and kills it"
        );
        self.process.kill();
        LinkEnd::Closed(DeathCause::WorkerLost {
            reason: format!("{what}, so the driver killed the worker process: {error}"),
        })
    }

    /// How the worker ended, once its connection closed; killed if it lingers.
    async fn exited(&self) -> LinkEnd {
        let exit = match tokio::time::timeout(EXIT_WITHIN, self.process.exited()).await {
            Ok(exit) => exit,
            Err(_) => {
                self.process.kill();
                self.process.exited().await
            }
        };
        tracing::info!(pid = self.process.pid(), %exit, "worker process exited");
        LinkEnd::Closed(DeathCause::WorkerDied { exit })
    }

    /// Kills the worker process now.
    pub(crate) fn kill(&self) {
        self.process.kill();
    }
}

/// A link dropped (the actor was killed, its loop aborted, or the runtime shut down) takes
/// its worker process with it.
impl Drop for Link {
    fn drop(&mut self) {
        self.writer_task.abort();
        self.process.kill();
        downlink::lost(
            &self.peer,
            DeathCause::WorkerLost {
                reason: "the driver stopped the worker process with the isolated actor it ran"
                    .to_owned(),
            },
        );
    }
}
