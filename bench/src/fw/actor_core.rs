//! actor-core, through its generated handles: `Counter::remote()`, `handle.incr(1)` returning
//! an `ObjectRef` that is awaited, and `handle.tell().incr(1)` for fire-and-forget.
//!
//! Two placements of the callers are measured:
//! - [`ActorCore`]: callers are tasks of the program's own `#[tokio::main]`-style runtime,
//!   which is where async user code awaits an `ObjectRef`; the actors are created there too;
//! - [`ActorCoreActors`]: callers are themselves actor-core actors (async methods), as in
//!   Ray's `n_n_actor_calls_async`, which uses client actors.
//!
//! Where an actor runs is actor-core's choice: up to d77c5a7 on a runtime of its own (every
//! call from user code crossed runtimes); from 279e18f on, on the multi-threaded tokio
//! runtime it was created in.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use actor_core::ActorId;
use actor_core::prelude::*;
use tokio::sync::mpsc;

use super::{ActorBench, Timed, check_count, per_actor, tokio_runtime};

#[actor]
pub struct Counter {
    value: u64,
}

#[actor]
impl Counter {
    pub fn new() -> Self {
        Self { value: 0 }
    }

    /// Adds `by`; returns the new value.
    pub fn incr(&mut self, by: u64) -> u64 {
        self.value += by;
        self.value
    }

    pub fn get(&self) -> u64 {
        self.value
    }
}

/// A counter whose methods are `async fn`s (a class of its own: a class with an async method
/// does not host calls, see actor-core's `host`).
#[actor]
pub struct AsyncCounter {
    value: u64,
}

#[actor]
impl AsyncCounter {
    pub fn new() -> Self {
        Self { value: 0 }
    }

    /// Adds `by`; returns the new value.
    pub async fn incr(&mut self, by: u64) -> u64 {
        self.value += by;
        self.value
    }
}

/// One of the two ping-pong players; reports the final count on `done`.
#[actor]
pub struct Pinger {
    peer: Option<PingerHandle>,
    hops: u64,
    done: mpsc::UnboundedSender<u64>,
}

#[actor(local)]
impl Pinger {
    pub fn new(hops: u64, done: mpsc::UnboundedSender<u64>) -> Self {
        Self {
            peer: None,
            hops,
            done,
        }
    }

    pub fn set_peer(&mut self, peer: PingerHandle) {
        self.peer = Some(peer);
    }

    pub fn ping(&mut self, n: u64) {
        if n >= self.hops {
            let _ = self.done.send(n);
        } else if let Some(peer) = &self.peer {
            // A peer that stopped ends the game early; the count check reports it.
            let _ = peer.tell().ping(n + 1);
        }
    }
}

/// A caller that is itself an actor: its async methods run on actor-core's runtime.
#[actor]
pub struct Caller {}

#[actor]
impl Caller {
    pub fn new() -> Self {
        Self {}
    }

    /// `calls` sequential round trips; returns their time in nanoseconds.
    pub async fn sync_calls(&mut self, target: CounterHandle, calls: u64) -> Result<u64, String> {
        let start = Instant::now();
        for _ in 0..calls {
            target.incr(1).await.map_err(|e| e.to_string())?;
        }
        Ok(nanos(start.elapsed()))
    }

    /// `rounds` times: `each` calls to every target, then wait for all; returns nanoseconds.
    pub async fn async_calls(
        &mut self,
        targets: Vec<CounterHandle>,
        each: u64,
        rounds: u64,
    ) -> Result<u64, String> {
        let start = Instant::now();
        for _ in 0..rounds {
            batch(&targets, each).await?;
        }
        Ok(nanos(start.elapsed()))
    }

    /// `messages` fire-and-forget calls, then (if `read`) one call that reads the counter.
    /// Returns the time in nanoseconds and the value read (0 if not read).
    pub async fn tells(
        &mut self,
        target: CounterHandle,
        messages: u64,
        read: bool,
    ) -> Result<(u64, u64), String> {
        let start = Instant::now();
        let tell = target.tell();
        for _ in 0..messages {
            tell.incr(1).map_err(|e| e.to_string())?;
        }
        let value = if read {
            target.get().await.map_err(|e| e.to_string())?
        } else {
            0
        };
        Ok((nanos(start.elapsed()), value))
    }
}

/// Runs in which a call of a measured actor took longer than actor-core's blocking threshold.
static DEMOTED: AtomicU64 = AtomicU64::new(0);

/// actor-core runs later sync calls under `block_in_place` once a sync method took longer
/// than 2 ms (its README says so). Notes whether a call of one of `actors` took that long
/// during this run, from the per-method `max_time` of the state API.
fn note_demotions(actors: &[ActorId]) {
    let threshold = Duration::from_millis(2);
    let demoted = actor_core::state::list_actors().iter().any(|info| {
        actors.contains(&info.id) && info.methods.iter().any(|m| m.max_time > threshold)
    });
    if demoted {
        DEMOTED.fetch_add(1, Ordering::Relaxed);
    }
}

/// Whether the last run had such a slow call (and forgets it).
pub fn take_demotion() -> bool {
    DEMOTED.swap(0, Ordering::Relaxed) > 0
}

fn ids(counters: &[CounterHandle]) -> Vec<ActorId> {
    counters.iter().map(CounterHandle::actor_id).collect()
}

fn nanos(elapsed: Duration) -> u64 {
    u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX)
}

/// Sends `each` calls to every target, then awaits them all, in order, as the floor, kameo
/// and ractor do (`actor_core::get_async` also fails fast on a later error, which costs a
/// waker per reference).
async fn batch(targets: &[CounterHandle], each: u64) -> Result<(), String> {
    let mut refs = Vec::with_capacity(each as usize * targets.len());
    for _ in 0..each {
        refs.extend(targets.iter().map(|target| target.incr(1)));
    }
    for object_ref in refs {
        object_ref.await.map_err(|e| e.to_string())?;
    }
    Ok(())
}

async fn read(counter: &CounterHandle) -> Result<u64, String> {
    counter.get().await.map_err(|e| e.to_string())
}

/// `actors` counters, each answered once, so that none is still starting when timing begins.
async fn started_counters(actors: usize) -> Result<Vec<CounterHandle>, String> {
    let counters: Vec<CounterHandle> = (0..actors).map(|_| Counter::remote()).collect();
    for counter in &counters {
        read(counter).await?;
    }
    Ok(counters)
}

async fn join<T>(handle: tokio::task::JoinHandle<Result<T, String>>) -> Result<T, String> {
    handle.await.map_err(|e| e.to_string())?
}

/// actor-core with callers in the program's own tokio runtime.
pub struct ActorCore {
    user: tokio::runtime::Runtime,
}

impl ActorCore {
    pub fn new() -> Self {
        Self {
            user: tokio_runtime("user-main"),
        }
    }
}

/// Two pingers that know each other; killed afterwards, since each holds the other.
async fn ping_pong(hops: u64) -> Timed {
    let (done, mut finished) = mpsc::unbounded_channel();
    let a = Pinger::remote(hops, done.clone());
    let b = Pinger::remote(hops, done);
    a.set_peer(b.clone()).await.map_err(|e| e.to_string())?;
    b.set_peer(a.clone()).await.map_err(|e| e.to_string())?;
    let start = Instant::now();
    a.tell().ping(0).map_err(|e| e.to_string())?;
    let last = finished.recv().await.ok_or("no pinger finished")?;
    let elapsed = start.elapsed();
    note_demotions(&[a.actor_id(), b.actor_id()]);
    actor_core::kill(&a);
    actor_core::kill(&b);
    check_count(last, hops)?;
    Ok(elapsed)
}

impl ActorBench for ActorCore {
    fn calls_sync(&mut self, calls: u64) -> Timed {
        self.user.block_on(join(self.user.spawn(async move {
            let counter = Counter::remote();
            read(&counter).await?;
            let start = Instant::now();
            for _ in 0..calls {
                counter.incr(1).await.map_err(|e| e.to_string())?;
            }
            let elapsed = start.elapsed();
            check_count(read(&counter).await?, calls)?;
            note_demotions(&[counter.actor_id()]);
            Ok(elapsed)
        })))
    }

    fn calls_sync_async_method(&mut self, calls: u64) -> Timed {
        self.user.block_on(join(self.user.spawn(async move {
            let counter = AsyncCounter::remote();
            counter.incr(0).await.map_err(|e| e.to_string())?;
            let start = Instant::now();
            for _ in 0..calls {
                counter.incr(1).await.map_err(|e| e.to_string())?;
            }
            let elapsed = start.elapsed();
            check_count(counter.incr(0).await.map_err(|e| e.to_string())?, calls)?;
            note_demotions(&[counter.actor_id()]);
            Ok(elapsed)
        })))
    }

    fn calls_async(&mut self, batch_size: u64, rounds: u64) -> Timed {
        self.user.block_on(join(self.user.spawn(async move {
            let counter = Counter::remote();
            read(&counter).await?;
            let targets = [counter.clone()];
            let start = Instant::now();
            for _ in 0..rounds {
                batch(&targets, batch_size).await?;
            }
            let elapsed = start.elapsed();
            check_count(read(&counter).await?, batch_size * rounds)?;
            note_demotions(&[counter.actor_id()]);
            Ok(elapsed)
        })))
    }

    fn n_n(&mut self, callers: usize, actors: usize, batch_size: u64, rounds: u64) -> Timed {
        self.user.block_on(async move {
            let counters = started_counters(actors).await?;
            let each = per_actor(batch_size, actors);
            let start = Instant::now();
            let tasks: Vec<_> = (0..callers)
                .map(|_| {
                    let counters = counters.clone();
                    tokio::spawn(async move {
                        for _ in 0..rounds {
                            batch(&counters, each).await?;
                        }
                        Ok(())
                    })
                })
                .collect();
            for task in tasks {
                join(task).await?;
            }
            let elapsed = start.elapsed();
            for counter in &counters {
                check_count(read(counter).await?, callers as u64 * rounds * each)?;
            }
            note_demotions(&ids(&counters));
            Ok(elapsed)
        })
    }

    fn tell(&mut self, messages: u64) -> Timed {
        self.user.block_on(join(self.user.spawn(async move {
            let counter = Counter::remote();
            read(&counter).await?;
            let start = Instant::now();
            let tell = counter.tell();
            for _ in 0..messages {
                tell.incr(1).map_err(|e| e.to_string())?;
            }
            let value = read(&counter).await?;
            let elapsed = start.elapsed();
            check_count(value, messages)?;
            note_demotions(&[counter.actor_id()]);
            Ok(elapsed)
        })))
    }

    fn fan_in(&mut self, callers: usize, per_caller: u64) -> Timed {
        self.user.block_on(async move {
            let counter = Counter::remote();
            read(&counter).await?;
            let start = Instant::now();
            let tasks: Vec<_> = (0..callers)
                .map(|_| {
                    let counter = counter.clone();
                    tokio::spawn(async move {
                        let tell = counter.tell();
                        for _ in 0..per_caller {
                            tell.incr(1).map_err(|e| e.to_string())?;
                        }
                        Ok(())
                    })
                })
                .collect();
            for task in tasks {
                join(task).await?;
            }
            let value = read(&counter).await?;
            let elapsed = start.elapsed();
            check_count(value, callers as u64 * per_caller)?;
            note_demotions(&[counter.actor_id()]);
            Ok(elapsed)
        })
    }

    fn ping_pong(&mut self, hops: u64) -> Timed {
        self.user.block_on(ping_pong(hops))
    }

    fn spawn_actors(&mut self, actors: u64) -> Timed {
        self.user.block_on(join(self.user.spawn(async move {
            let start = Instant::now();
            let mut counters = Vec::with_capacity(actors as usize);
            let mut refs = Vec::with_capacity(actors as usize);
            for _ in 0..actors {
                let counter = Counter::remote();
                refs.push(counter.incr(1));
                counters.push(counter);
            }
            // Awaited in order, as every other contender here does.
            for object_ref in refs {
                check_count(object_ref.await.map_err(|e| e.to_string())?, 1)?;
            }
            let elapsed = start.elapsed();
            drop(counters);
            Ok(elapsed)
        })))
    }
}

/// actor-core with callers that are actor-core actors.
pub struct ActorCoreActors {
    driver: tokio::runtime::Runtime,
}

impl ActorCoreActors {
    pub fn new() -> Self {
        Self {
            driver: tokio_runtime("user-driver"),
        }
    }
}

fn caller_time(result: Result<Result<u64, String>, Error>) -> Timed {
    let nanos = result.map_err(|e| e.to_string())??;
    Ok(Duration::from_nanos(nanos))
}

impl ActorBench for ActorCoreActors {
    fn calls_sync(&mut self, calls: u64) -> Timed {
        self.driver.block_on(async move {
            let counter = Counter::remote();
            read(&counter).await?;
            let caller = Caller::remote();
            let elapsed = caller_time(caller.sync_calls(counter.clone(), calls).await)?;
            check_count(read(&counter).await?, calls)?;
            note_demotions(&[counter.actor_id()]);
            Ok(elapsed)
        })
    }

    fn calls_async(&mut self, batch_size: u64, rounds: u64) -> Timed {
        self.driver.block_on(async move {
            let counter = Counter::remote();
            read(&counter).await?;
            let caller = Caller::remote();
            let elapsed = caller_time(
                caller
                    .async_calls(vec![counter.clone()], batch_size, rounds)
                    .await,
            )?;
            check_count(read(&counter).await?, batch_size * rounds)?;
            note_demotions(&[counter.actor_id()]);
            Ok(elapsed)
        })
    }

    fn n_n(&mut self, callers: usize, actors: usize, batch_size: u64, rounds: u64) -> Timed {
        self.driver.block_on(async move {
            let counters = started_counters(actors).await?;
            let each = per_actor(batch_size, actors);
            let clients: Vec<CallerHandle> = (0..callers).map(|_| Caller::remote()).collect();
            let start = Instant::now();
            let runs: Vec<_> = clients
                .iter()
                .map(|client| client.async_calls(counters.clone(), each, rounds))
                .collect();
            for run in actor_core::get_async(runs)
                .await
                .map_err(|e| e.to_string())?
            {
                run?;
            }
            let elapsed = start.elapsed();
            for counter in &counters {
                check_count(read(counter).await?, callers as u64 * rounds * each)?;
            }
            note_demotions(&ids(&counters));
            Ok(elapsed)
        })
    }

    fn tell(&mut self, messages: u64) -> Timed {
        self.driver.block_on(async move {
            let counter = Counter::remote();
            read(&counter).await?;
            let caller = Caller::remote();
            let (nanos, value) = caller
                .tells(counter.clone(), messages, true)
                .await
                .map_err(|e| e.to_string())??;
            check_count(value, messages)?;
            note_demotions(&[counter.actor_id()]);
            Ok(Duration::from_nanos(nanos))
        })
    }

    fn fan_in(&mut self, callers: usize, per_caller: u64) -> Timed {
        self.driver.block_on(async move {
            let counter = Counter::remote();
            read(&counter).await?;
            let clients: Vec<CallerHandle> = (0..callers).map(|_| Caller::remote()).collect();
            let start = Instant::now();
            let runs: Vec<_> = clients
                .iter()
                .map(|client| client.tells(counter.clone(), per_caller, false))
                .collect();
            for run in actor_core::get_async(runs)
                .await
                .map_err(|e| e.to_string())?
            {
                run?;
            }
            let value = read(&counter).await?;
            let elapsed = start.elapsed();
            check_count(value, callers as u64 * per_caller)?;
            note_demotions(&[counter.actor_id()]);
            Ok(elapsed)
        })
    }

    fn ping_pong(&mut self, hops: u64) -> Timed {
        self.driver.block_on(ping_pong(hops))
    }

    fn spawn_actors(&mut self, _actors: u64) -> Timed {
        Err("same as actor-core: spawning has no caller".into())
    }
}
