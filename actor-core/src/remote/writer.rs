//! The task that writes one connection's frames: those queued together go out in one write.

use futures::SinkExt;
use tokio::net::unix::OwnedWriteHalf;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::codec::FramedWrite;

use super::codec::FrameCodec;
use super::frame::Frame;

/// Starts the task that writes the frames sent to the returned channel to `write`, each
/// batch of frames queued together in one write; it ends when the channel closes, the
/// connection fails, or once it wrote a frame that `is_last` picks.
pub(crate) fn spawn_writer(
    write: OwnedWriteHalf,
    is_last: fn(&Frame) -> bool,
) -> (mpsc::UnboundedSender<Frame>, JoinHandle<()>) {
    let (sender, mut frames) = mpsc::unbounded_channel();
    let mut sink = FramedWrite::new(write, FrameCodec);
    let written = tokio::spawn(async move {
        while let Some(frame) = frames.recv().await {
            let mut frame = Some(frame);
            let mut last = false;
            while let Some(next) = frame.take() {
                last = is_last(&next);
                if sink.feed(next).await.is_err() {
                    return;
                }
                frame = if last { None } else { frames.try_recv().ok() };
            }
            if sink.flush().await.is_err() || last {
                return;
            }
        }
    });
    (sender, written)
}
