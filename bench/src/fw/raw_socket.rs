//! The raw socket baselines of the isolated actors' rows, written in the harness: this
//! process and an echo process (this executable started again, see `raw_echo_server`) over
//! a Unix socket in a private temporary directory, with the runtime's framing and a 64-byte
//! payload. Each run starts its own echo process and connection, untimed, as each
//! actor-core run starts its own worker process.

use std::os::unix::fs::DirBuilderExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures::{SinkExt, StreamExt};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::Semaphore;
use tokio_util::codec::{Framed, FramedRead, FramedWrite};

use super::raw_wire::{RawMessage, codec, decode, encode, payload};
use super::{Timed, tokio_runtime};

/// How long the echo process may take to connect.
const CONNECT_WITHIN: Duration = Duration::from_secs(30);

/// The hidden flag that starts this executable as the echo process.
pub const ECHO_SERVER_FLAG: &str = "--raw-echo-server";

/// The client side: a runtime for the client's tasks.
pub struct RawSocket {
    runtime: tokio::runtime::Runtime,
}

/// A connection to a fresh echo process.
struct Connection {
    stream: UnixStream,
    server: Child,
}

impl Connection {
    /// Closes the connection (the echo process then exits) and reaps the process.
    fn close(self) -> Result<(), String> {
        let Connection { stream, mut server } = self;
        drop(stream);
        let status = server.wait().map_err(|error| error.to_string())?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("the echo process failed ({status})"))
        }
    }
}

/// A fresh directory of mode 0700 for one socket, under the temporary directory.
fn private_dir() -> Result<PathBuf, String> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "actor-bench-raw-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(&dir)
        .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    Ok(dir)
}

/// Starts an echo process and accepts its connection; the socket file and its directory
/// are gone once it connected.
async fn connect() -> Result<Connection, String> {
    let dir = private_dir()?;
    let path = dir.join("echo.sock");
    let accepted = async {
        let listener = UnixListener::bind(&path)
            .map_err(|error| format!("cannot bind {}: {error}", path.display()))?;
        let exe = std::env::current_exe().map_err(|error| error.to_string())?;
        let mut server = Command::new(exe)
            .arg(ECHO_SERVER_FLAG)
            .arg(&path)
            .stdin(Stdio::null())
            .spawn()
            .map_err(|error| format!("cannot start the echo process: {error}"))?;
        match tokio::time::timeout(CONNECT_WITHIN, listener.accept()).await {
            Ok(Ok((stream, _))) => Ok(Connection { stream, server }),
            failed => {
                let _ = server.kill();
                let _ = server.wait();
                Err(match failed {
                    Ok(Err(error)) => format!("cannot accept the echo process: {error}"),
                    _ => format!("the echo process did not connect within {CONNECT_WITHIN:?}"),
                })
            }
        }
    }
    .await;
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_dir(&dir);
    accepted
}

/// The echo of request `number` (with `payload`) from `body`, checked.
fn check_echo(body: &[u8], number: u64, payload: &[u8]) -> Result<(), String> {
    let echo = decode(body)?;
    if echo.number == number && echo.payload == payload {
        Ok(())
    } else {
        Err(format!(
            "echo {} came back where {number} was expected, or with another payload",
            echo.number
        ))
    }
}

fn broken(error: std::io::Error) -> String {
    format!("the connection broke: {error}")
}

/// `round_trips` requests, each sent (one write) and its echo read before the next.
async fn round_trips(round_trips: u64, bytes: usize) -> Timed {
    let connection = connect().await?;
    let Connection { stream, server } = connection;
    let mut framed = Framed::new(stream, codec());
    let payload = payload(bytes);
    let mut round_trip = async |number: u64| -> Result<(), String> {
        let request = RawMessage {
            number,
            payload: payload.clone(),
        };
        framed.send(encode(&request)?).await.map_err(broken)?;
        let body = framed
            .next()
            .await
            .ok_or("the echo process closed the connection")?
            .map_err(broken)?;
        check_echo(&body, number, &payload)
    };
    // One untimed round trip: the echo process serves.
    round_trip(0).await?;
    let start = Instant::now();
    for number in 1..=round_trips {
        round_trip(number).await?;
    }
    let elapsed = start.elapsed();
    Connection {
        stream: framed.into_inner(),
        server,
    }
    .close()?;
    Ok(elapsed)
}

/// `messages` requests with up to `window` in flight: one task writes (`feed` each, `flush`
/// once the window is full or all are sent), another reads the echoes and opens the window.
async fn pipelined(messages: u64, window: u64, bytes: usize) -> Timed {
    let Connection { stream, server } = connect().await?;
    let (read, write) = stream.into_split();
    let mut sink = FramedWrite::new(write, codec());
    let mut source = FramedRead::new(read, codec());
    let payload = Arc::new(payload(bytes));
    let window = usize::try_from(window).map_err(|error| error.to_string())?;
    let open = Arc::new(Semaphore::new(window.max(1)));
    let start = Instant::now();
    let reader = tokio::spawn({
        let open = open.clone();
        let payload = payload.clone();
        async move {
            for number in 0..messages {
                let body = source
                    .next()
                    .await
                    .ok_or("the echo process closed the connection")?
                    .map_err(broken)?;
                check_echo(&body, number, &payload)?;
                open.add_permits(1);
            }
            Ok::<_, String>(source)
        }
    });
    for number in 0..messages {
        let permit = match open.try_acquire() {
            Ok(permit) => permit,
            Err(_) => {
                SinkExt::<Bytes>::flush(&mut sink).await.map_err(broken)?;
                open.acquire().await.map_err(|error| error.to_string())?
            }
        };
        permit.forget();
        let request = RawMessage {
            number,
            payload: payload.to_vec(),
        };
        sink.feed(encode(&request)?).await.map_err(broken)?;
    }
    SinkExt::<Bytes>::flush(&mut sink).await.map_err(broken)?;
    let source = reader.await.map_err(|error| error.to_string())??;
    let elapsed = start.elapsed();
    let stream = source
        .into_inner()
        .reunite(sink.into_inner())
        .map_err(|error| error.to_string())?;
    Connection { stream, server }.close()?;
    Ok(elapsed)
}

impl RawSocket {
    /// The client's runtime, one thread per core, as `#[tokio::main]` builds it.
    pub fn new() -> Self {
        Self {
            runtime: tokio_runtime("raw-client"),
        }
    }

    /// `raw_round_trip`: `count` sequential round trips of a `bytes`-byte payload.
    pub fn round_trip(&mut self, count: u64, bytes: usize) -> Timed {
        let run = self.runtime.spawn(round_trips(count, bytes));
        self.runtime
            .block_on(run)
            .map_err(|error| error.to_string())?
    }

    /// `raw_pipelined_echo`: `count` echoes with `window` in flight.
    pub fn pipelined(&mut self, count: u64, window: u64, bytes: usize) -> Timed {
        let run = self.runtime.spawn(pipelined(count, window, bytes));
        self.runtime
            .block_on(run)
            .map_err(|error| error.to_string())?
    }
}
