//! The write side of one connection: frames are encoded by whoever sends them, straight into
//! one buffer, and a task writes whatever the buffer holds in one write.
//!
//! Frames sent while a write is under way wait in the buffer and go out together in the
//! next one: calls queued together cost one syscall, and a sender never waits for the
//! socket.

use std::io;
use std::sync::{Arc, Mutex};

use bytes::BytesMut;
use tokio::io::AsyncWriteExt;
use tokio::net::unix::OwnedWriteHalf;
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_util::codec::Encoder;

use crate::error::Error;
use crate::lock::lock;

use super::codec::FrameCodec;
use super::frame::Frame;

/// Why [`FrameSender::send`] did not queue a frame.
#[derive(Debug)]
pub(crate) enum SendFailed {
    /// The connection is closed, or its last frame was sent: nothing more goes out.
    Closed,
    /// The frame cannot be encoded (it is over the size limit, say): nothing was queued.
    Unencodable(io::Error),
}

impl SendFailed {
    /// The error of whatever the frame carried (`what`) when it cannot be encoded; `None`
    /// when the connection closed, which its reader reports.
    pub(crate) fn unencodable(self, what: &str) -> Option<Error> {
        match self {
            SendFailed::Closed => None,
            SendFailed::Unencodable(error) => Some(Error::Wire {
                message: format!("cannot send {what}: {error}"),
            }),
        }
    }
}

/// The frames encoded and not yet written, shared by the senders and the writing task.
struct Outbox {
    state: Mutex<Pending>,
    /// Signalled when the buffer stops being empty, or closes.
    ready: Notify,
    /// Picks the frame after which nothing more is sent.
    is_last: fn(&Frame) -> bool,
}

/// What the writing task has yet to write.
struct Pending {
    bytes: BytesMut,
    /// No frame is taken any more: the last one was sent, or the connection failed.
    closed: bool,
}

/// Sends frames on one connection; cheap to clone.
#[derive(Clone)]
pub(crate) struct FrameSender {
    outbox: Arc<Outbox>,
}

impl FrameSender {
    /// Encodes `frame` into the connection's buffer; the writing task writes it soon, with
    /// any frames sent meanwhile.
    pub(crate) fn send(&self, frame: Frame) -> Result<(), SendFailed> {
        let last = (self.outbox.is_last)(&frame);
        let mut pending = lock(&self.outbox.state);
        if pending.closed {
            return Err(SendFailed::Closed);
        }
        let was_empty = pending.bytes.is_empty();
        FrameCodec
            .encode(frame, &mut pending.bytes)
            .map_err(SendFailed::Unencodable)?;
        pending.closed = last;
        drop(pending);
        if was_empty || last {
            self.outbox.ready.notify_one();
        }
        Ok(())
    }

    /// How many encoded bytes wait for the writing task (besides those it writes now).
    pub(crate) fn unwritten(&self) -> usize {
        lock(&self.outbox.state).bytes.len()
    }

    /// Sends a call's `result` in the frame `frame` makes of it; a value that cannot be sent
    /// (one over the size limit) goes as the error that says so.
    pub(crate) fn send_result(
        &self,
        result: Result<Vec<u8>, Error>,
        frame: impl Fn(Result<Vec<u8>, Error>) -> Frame,
    ) {
        if let Err(failed) = self.send(frame(result))
            && let Some(error) = failed.unencodable("the call's value")
        {
            let _ = self.send(frame(Err(error)));
        }
    }
}

/// Starts the task that writes the frames sent through the returned sender to `write`; it
/// ends once the connection fails, or once a frame that `is_last` picks and everything
/// before it was written.
pub(crate) fn spawn_writer(
    write: OwnedWriteHalf,
    is_last: fn(&Frame) -> bool,
) -> (FrameSender, JoinHandle<()>) {
    let outbox = Arc::new(Outbox {
        state: Mutex::new(Pending {
            bytes: BytesMut::new(),
            closed: false,
        }),
        ready: Notify::new(),
        is_last,
    });
    let written = tokio::spawn(write_all_sent(outbox.clone(), write));
    (FrameSender { outbox }, written)
}

/// Writes what the senders of `outbox` encode, until it closes and is written, or the
/// connection fails (then it takes no frames any more).
async fn write_all_sent(outbox: Arc<Outbox>, mut write: OwnedWriteHalf) {
    let mut writing = BytesMut::new();
    loop {
        let closed = {
            let mut pending = lock(&outbox.state);
            std::mem::swap(&mut pending.bytes, &mut writing);
            pending.closed
        };
        if writing.is_empty() {
            if closed {
                return;
            }
            outbox.ready.notified().await;
            continue;
        }
        if write.write_all(&writing).await.is_err() {
            lock(&outbox.state).closed = true;
            return;
        }
        writing.clear();
    }
}
