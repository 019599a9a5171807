//! kameo: `#[derive(Actor)]`, a `Message<M>` impl per message, `ask(..)` / `tell(..)`.
//!
//! Actors are spawned with kameo's unbounded mailbox (`mailbox::unbounded()`), the same
//! semantics as every other contender (kameo's default is a bounded mailbox of 64, which
//! would add backpressure waits to the fire-and-forget scenarios).

use std::time::Instant;

use kameo::Actor;
use kameo::actor::{ActorRef, Spawn};
use kameo::mailbox;
use kameo::message::{Context, Message};
use tokio::sync::mpsc;

use super::{ActorBench, Timed, check_count, per_actor, tokio_runtime};

#[derive(Actor)]
struct Counter {
    value: u64,
}

struct Incr(u64);
struct Get;

impl Message<Incr> for Counter {
    type Reply = u64;

    async fn handle(&mut self, Incr(by): Incr, _: &mut Context<Self, Self::Reply>) -> u64 {
        self.value += by;
        self.value
    }
}

impl Message<Get> for Counter {
    type Reply = u64;

    async fn handle(&mut self, _: Get, _: &mut Context<Self, Self::Reply>) -> u64 {
        self.value
    }
}

fn spawn_counter() -> ActorRef<Counter> {
    Counter::spawn_with_mailbox(Counter { value: 0 }, mailbox::unbounded())
}

async fn read(counter: &ActorRef<Counter>) -> Result<u64, String> {
    counter.ask(Get).await.map_err(|e| e.to_string())
}

async fn batch(targets: &[ActorRef<Counter>], each: u64) -> Result<(), String> {
    let mut pending = Vec::with_capacity(each as usize * targets.len());
    for _ in 0..each {
        for target in targets {
            pending.push(
                target
                    .ask(Incr(1))
                    .enqueue()
                    .await
                    .map_err(|e| e.to_string())?,
            );
        }
    }
    for reply in pending {
        reply.await.map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[derive(Actor)]
struct Pinger {
    peer: Option<ActorRef<Pinger>>,
    hops: u64,
    done: mpsc::UnboundedSender<u64>,
}

struct Ping(u64);
struct SetPeer(ActorRef<Pinger>);

impl Message<Ping> for Pinger {
    type Reply = ();

    async fn handle(&mut self, Ping(n): Ping, _: &mut Context<Self, Self::Reply>) {
        if n >= self.hops {
            let _ = self.done.send(n);
        } else if let Some(peer) = &self.peer {
            let _ = peer.tell(Ping(n + 1)).await;
        }
    }
}

impl Message<SetPeer> for Pinger {
    type Reply = ();

    async fn handle(&mut self, SetPeer(peer): SetPeer, _: &mut Context<Self, Self::Reply>) {
        self.peer = Some(peer);
    }
}

async fn join<T>(handle: tokio::task::JoinHandle<Result<T, String>>) -> Result<T, String> {
    handle.await.map_err(|e| e.to_string())?
}

/// kameo on its (tokio's) multi-threaded runtime.
pub struct Kameo {
    rt: tokio::runtime::Runtime,
}

impl Kameo {
    pub fn new() -> Self {
        Self {
            rt: tokio_runtime("kameo"),
        }
    }
}

impl ActorBench for Kameo {
    fn calls_sync(&mut self, calls: u64) -> Timed {
        self.rt.block_on(join(self.rt.spawn(async move {
            let counter = spawn_counter();
            let start = Instant::now();
            for _ in 0..calls {
                counter.ask(Incr(1)).await.map_err(|e| e.to_string())?;
            }
            let elapsed = start.elapsed();
            check_count(read(&counter).await?, calls)?;
            Ok(elapsed)
        })))
    }

    fn calls_async(&mut self, batch_size: u64, rounds: u64) -> Timed {
        self.rt.block_on(join(self.rt.spawn(async move {
            let counter = spawn_counter();
            let targets = [counter.clone()];
            let start = Instant::now();
            for _ in 0..rounds {
                batch(&targets, batch_size).await?;
            }
            let elapsed = start.elapsed();
            check_count(read(&counter).await?, batch_size * rounds)?;
            Ok(elapsed)
        })))
    }

    fn n_n(&mut self, callers: usize, actors: usize, batch_size: u64, rounds: u64) -> Timed {
        self.rt.block_on(async move {
            let counters: Vec<_> = (0..actors).map(|_| spawn_counter()).collect();
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
            Ok(elapsed)
        })
    }

    fn tell(&mut self, messages: u64) -> Timed {
        self.rt.block_on(join(self.rt.spawn(async move {
            let counter = spawn_counter();
            let start = Instant::now();
            for _ in 0..messages {
                counter.tell(Incr(1)).await.map_err(|e| e.to_string())?;
            }
            let value = read(&counter).await?;
            let elapsed = start.elapsed();
            check_count(value, messages)?;
            Ok(elapsed)
        })))
    }

    fn fan_in(&mut self, callers: usize, per_caller: u64) -> Timed {
        self.rt.block_on(async move {
            let counter = spawn_counter();
            let start = Instant::now();
            let tasks: Vec<_> = (0..callers)
                .map(|_| {
                    let counter = counter.clone();
                    tokio::spawn(async move {
                        for _ in 0..per_caller {
                            counter.tell(Incr(1)).await.map_err(|e| e.to_string())?;
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
            Ok(elapsed)
        })
    }

    fn ping_pong(&mut self, hops: u64) -> Timed {
        self.rt.block_on(async move {
            let (done, mut finished) = mpsc::unbounded_channel();
            let spawn = |done| {
                Pinger::spawn_with_mailbox(
                    Pinger {
                        peer: None,
                        hops,
                        done,
                    },
                    mailbox::unbounded(),
                )
            };
            let a = spawn(done.clone());
            let b = spawn(done);
            a.ask(SetPeer(b.clone())).await.map_err(|e| e.to_string())?;
            b.ask(SetPeer(a.clone())).await.map_err(|e| e.to_string())?;
            let start = Instant::now();
            a.tell(Ping(0)).await.map_err(|e| e.to_string())?;
            let last = finished.recv().await.ok_or("no pinger finished")?;
            let elapsed = start.elapsed();
            a.kill();
            b.kill();
            check_count(last, hops)?;
            Ok(elapsed)
        })
    }

    fn spawn_actors(&mut self, actors: u64) -> Timed {
        self.rt.block_on(join(self.rt.spawn(async move {
            let start = Instant::now();
            let mut counters = Vec::with_capacity(actors as usize);
            let mut pending = Vec::with_capacity(actors as usize);
            for _ in 0..actors {
                let counter = spawn_counter();
                pending.push(
                    counter
                        .ask(Incr(1))
                        .enqueue()
                        .await
                        .map_err(|e| e.to_string())?,
                );
                counters.push(counter);
            }
            for reply in pending {
                check_count(reply.await.map_err(|e| e.to_string())?, 1)?;
            }
            let elapsed = start.elapsed();
            drop(counters);
            Ok(elapsed)
        })))
    }
}
