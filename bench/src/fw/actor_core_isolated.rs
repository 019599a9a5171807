//! actor-core's isolated actors (`options().isolated(true)`): each actor runs in a worker
//! process of its own, this executable started again (so `main` begins with actor-core's
//! worker entry). Each run creates its own actor, untimed, and checks its count afterwards.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use actor_core::prelude::*;

use super::raw_wire::payload;
use super::{Timed, check_count, tokio_runtime};

/// Echoes its payload and counts the calls; tells where it runs.
#[actor]
pub struct EchoActor {
    calls: u64,
}

#[actor]
impl EchoActor {
    /// No call counted yet.
    pub fn new() -> Self {
        Self { calls: 0 }
    }

    /// Counts the call; returns `payload`.
    pub fn echo(&mut self, payload: Vec<u8>) -> Vec<u8> {
        self.calls += 1;
        payload
    }

    /// How many `echo` calls ran.
    pub fn calls(&self) -> u64 {
        self.calls
    }

    /// The id of the process the actor runs in.
    pub fn pid(&self) -> u32 {
        std::process::id()
    }
}

fn text(error: Error) -> String {
    error.to_string()
}

/// A fresh isolated actor.
fn isolated() -> Result<EchoActorHandle, String> {
    EchoActor::options().isolated(true).remote().map_err(text)
}

/// A fresh isolated actor that has answered a call (its worker process serves).
async fn started() -> Result<EchoActorHandle, String> {
    let actor = isolated()?;
    actor.calls().await.map_err(text)?;
    Ok(actor)
}

/// Fails unless `echo` is `payload`.
fn check_echo(echo: &[u8], payload: &[u8]) -> Result<(), String> {
    if echo == payload {
        Ok(())
    } else {
        Err("an echo came back with another payload".into())
    }
}

/// The isolated actors' rows, with callers as tasks of the program's own tokio runtime
/// (the async rows) or on the plain main thread (the sync row).
pub struct ActorCoreIsolated {
    user: tokio::runtime::Runtime,
}

impl ActorCoreIsolated {
    /// The program's own runtime, where the async rows' callers run.
    pub fn new() -> Self {
        Self {
            user: tokio_runtime("user-main"),
        }
    }

    /// `remote_1_1_actor_calls_sync`: `calls` sequential `echo` calls, each `.get()`.
    pub fn calls_sync(&mut self, calls: u64, bytes: usize) -> Timed {
        let actor = isolated()?;
        actor.calls().get().map_err(text)?;
        let payload = payload(bytes);
        let start = Instant::now();
        for _ in 0..calls {
            check_echo(&actor.echo(payload.clone()).get().map_err(text)?, &payload)?;
        }
        let elapsed = start.elapsed();
        check_count(actor.calls().get().map_err(text)?, calls)?;
        Ok(elapsed)
    }

    /// `remote_1_1_actor_calls_async`: `calls` `echo` calls from a task, `window` in flight.
    pub fn calls_async(&mut self, calls: u64, window: u64, bytes: usize) -> Timed {
        let window = usize::try_from(window).map_err(|error| error.to_string())?;
        let run = self.user.spawn(async move {
            let actor = started().await?;
            let payload = payload(bytes);
            let mut in_flight: VecDeque<ObjectRef<Vec<u8>>> = VecDeque::with_capacity(window);
            let start = Instant::now();
            for _ in 0..calls {
                if in_flight.len() >= window.max(1)
                    && let Some(oldest) = in_flight.pop_front()
                {
                    check_echo(&oldest.await.map_err(text)?, &payload)?;
                }
                in_flight.push_back(actor.echo(payload.clone()));
            }
            for object_ref in in_flight {
                check_echo(&object_ref.await.map_err(text)?, &payload)?;
            }
            let elapsed = start.elapsed();
            check_count(actor.calls().await.map_err(text)?, calls)?;
            Ok::<_, String>(elapsed)
        });
        self.user.block_on(run).map_err(|error| error.to_string())?
    }

    /// `remote_tell_throughput`: `calls` told `echo` calls from a task, then one call that
    /// reads the count (timed: it shows that all of them ran).
    pub fn tell(&mut self, calls: u64, bytes: usize) -> Timed {
        let run = self.user.spawn(async move {
            let actor = started().await?;
            let payload = payload(bytes);
            let start = Instant::now();
            let tell = actor.tell();
            for _ in 0..calls {
                tell.echo(payload.clone()).map_err(text)?;
            }
            let count = actor.calls().await.map_err(text)?;
            let elapsed = start.elapsed();
            check_count(count, calls)?;
            Ok::<_, String>(elapsed)
        });
        self.user.block_on(run).map_err(|error| error.to_string())?
    }

    /// `isolated_actors_per_second`: creates `actors` isolated actors and calls each once
    /// (`pid`), awaited together; returns the time and the sum of the workers' resident
    /// memory in kB, read while they all live.
    pub fn spawn_isolated(&mut self, actors: u64) -> Result<(Duration, u64), String> {
        let start = Instant::now();
        let handles = (0..actors)
            .map(|_| isolated())
            .collect::<Result<Vec<_>, _>>()?;
        let pids = actor_core::get(handles.iter().map(EchoActorHandle::pid).collect::<Vec<_>>())
            .map_err(text)?;
        let elapsed = start.elapsed();
        let mut resident_kb = 0;
        for pid in pids {
            if pid == std::process::id() {
                return Err("an isolated actor runs in the driver's process".into());
            }
            resident_kb += crate::machine::process_status_kb(pid, "VmRSS")
                .ok_or_else(|| format!("no VmRSS in /proc/{pid}/status"))?;
        }
        drop(handles);
        Ok((elapsed, resident_kb))
    }
}
