//! The far end of the raw socket baselines: this executable started again with
//! `--raw-echo-server PATH`, a process of its own as a worker process is. It connects to
//! PATH and echoes every request, decoded and encoded again, until the connection closes.

use std::path::Path;
use std::process::ExitCode;

use bytes::Bytes;
use futures::{FutureExt, SinkExt, StreamExt};
use tokio::net::UnixStream;
use tokio_util::codec::Framed;

use super::raw_wire::{codec, decode, encode};
use super::tokio_runtime;

/// Serves the connection to `socket` to its end; the process's exit code.
pub fn serve(socket: &Path) -> ExitCode {
    let runtime = tokio_runtime("raw-echo");
    let socket = socket.to_owned();
    // A task of the runtime, as a server's connection is, not the blocked main thread.
    let served = runtime.block_on(async move {
        tokio::spawn(echo(socket))
            .await
            .map_err(|error| error.to_string())?
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("raw echo server: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Echoes each request as it is decoded; the echoes of the requests that arrived together
/// go out in one write (`feed` each, `flush` once no more are ready).
async fn echo(socket: std::path::PathBuf) -> Result<(), String> {
    let stream = UnixStream::connect(&socket)
        .await
        .map_err(|error| format!("cannot connect to {}: {error}", socket.display()))?;
    let mut framed = Framed::new(stream, codec());
    let broken = |error: std::io::Error| format!("the connection broke: {error}");
    while let Some(frame) = framed.next().await {
        let mut frame = Some(frame);
        while let Some(body) = frame.take() {
            let message = decode(&body.map_err(broken)?)?;
            framed.feed(encode(&message)?).await.map_err(broken)?;
            frame = framed.next().now_or_never().flatten();
        }
        SinkExt::<Bytes>::flush(&mut framed).await.map_err(broken)?;
    }
    Ok(())
}
