//! actix: `impl Actor` + `Handler<M>` per message, `addr.send(m)` for a round trip,
//! `addr.do_send(m)` for fire-and-forget.
//!
//! actix's way to use several cores is one single-threaded `Arbiter` per core. Placement,
//! as idiomatic code would have it: an actor created by a caller with `.start()` runs on that
//! caller's arbiter (the single-caller scenarios and ping-pong); where several actors or
//! callers exist they are spread over the arbiters round-robin (`start_in_arbiter`).

use std::future::Future;
use std::time::Instant;

use actix::{Actor, ActorContext, Addr, Context, Handler, Message};
use actix_rt::{Arbiter, ArbiterHandle, System, SystemRunner};
use futures::future::join_all;
use tokio::sync::{mpsc, oneshot};

use super::{ActorBench, Timed, check_count, cores, per_actor};

struct Counter {
    value: u64,
}

impl Actor for Counter {
    type Context = Context<Self>;
}

#[derive(Message)]
#[rtype(result = "u64")]
struct Incr(u64);

#[derive(Message)]
#[rtype(result = "u64")]
struct Get;

impl Handler<Incr> for Counter {
    type Result = u64;

    fn handle(&mut self, Incr(by): Incr, _: &mut Context<Self>) -> u64 {
        self.value += by;
        self.value
    }
}

impl Handler<Get> for Counter {
    type Result = u64;

    fn handle(&mut self, _: Get, _: &mut Context<Self>) -> u64 {
        self.value
    }
}

async fn read(counter: &Addr<Counter>) -> Result<u64, String> {
    counter.send(Get).await.map_err(|e| e.to_string())
}

async fn batch(targets: &[Addr<Counter>], each: u64) -> Result<(), String> {
    let mut requests = Vec::with_capacity(each as usize * targets.len());
    for _ in 0..each {
        requests.extend(targets.iter().map(|target| target.send(Incr(1))));
    }
    for reply in join_all(requests).await {
        reply.map_err(|e| e.to_string())?;
    }
    Ok(())
}

struct Pinger {
    peer: Option<Addr<Pinger>>,
    hops: u64,
    done: mpsc::UnboundedSender<u64>,
}

impl Actor for Pinger {
    type Context = Context<Self>;
}

#[derive(Message)]
#[rtype(result = "()")]
struct Ping(u64);

#[derive(Message)]
#[rtype(result = "()")]
struct SetPeer(Addr<Pinger>);

impl Handler<Ping> for Pinger {
    type Result = ();

    fn handle(&mut self, Ping(n): Ping, ctx: &mut Context<Self>) {
        if n >= self.hops {
            let _ = self.done.send(n);
            self.peer = None;
            ctx.stop();
        } else if let Some(peer) = &self.peer {
            peer.do_send(Ping(n + 1));
        }
    }
}

impl Handler<SetPeer> for Pinger {
    type Result = ();

    fn handle(&mut self, SetPeer(peer): SetPeer, _: &mut Context<Self>) {
        self.peer = Some(peer);
    }
}

/// actix's system and one arbiter (thread) per core.
pub struct Actix {
    system: SystemRunner,
    arbiters: Vec<Arbiter>,
}

impl Actix {
    pub fn new() -> Self {
        let system = System::new();
        let arbiters = system.block_on(async { (0..cores()).map(|_| Arbiter::new()).collect() });
        Self { system, arbiters }
    }

    fn arbiter(&self, index: usize) -> ArbiterHandle {
        self.arbiters[index % self.arbiters.len()].handle()
    }

    /// Runs `future` on arbiter `index`; its output comes back through a oneshot.
    fn on<F, T>(&self, index: usize, future: F) -> oneshot::Receiver<T>
    where
        F: Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        self.arbiter(index).spawn(async move {
            let _ = tx.send(future.await);
        });
        rx
    }

    /// Runs `future` on arbiter 0 and waits for its result.
    fn run_on_first<F>(&self, future: F) -> Timed
    where
        F: Future<Output = Timed> + Send + 'static,
    {
        let rx = self.on(0, future);
        self.system
            .block_on(async { rx.await.map_err(|_| "the arbiter dropped the caller")? })
    }
}

async fn wait_all(receivers: Vec<oneshot::Receiver<Result<(), String>>>) -> Result<(), String> {
    for rx in receivers {
        rx.await.map_err(|_| "an arbiter dropped a caller")??;
    }
    Ok(())
}

impl ActorBench for Actix {
    fn calls_sync(&mut self, calls: u64) -> Timed {
        self.run_on_first(async move {
            let counter = Counter { value: 0 }.start();
            let start = Instant::now();
            for _ in 0..calls {
                counter.send(Incr(1)).await.map_err(|e| e.to_string())?;
            }
            let elapsed = start.elapsed();
            check_count(read(&counter).await?, calls)?;
            Ok(elapsed)
        })
    }

    fn calls_async(&mut self, batch_size: u64, rounds: u64) -> Timed {
        self.run_on_first(async move {
            let counter = Counter { value: 0 }.start();
            let targets = [counter];
            let start = Instant::now();
            for _ in 0..rounds {
                batch(&targets, batch_size).await?;
            }
            let elapsed = start.elapsed();
            check_count(read(&targets[0]).await?, batch_size * rounds)?;
            Ok(elapsed)
        })
    }

    fn n_n(&mut self, callers: usize, actors: usize, batch_size: u64, rounds: u64) -> Timed {
        let counters: Vec<Addr<Counter>> = (0..actors)
            .map(|i| Counter::start_in_arbiter(&self.arbiter(i), |_| Counter { value: 0 }))
            .collect();
        let each = per_actor(batch_size, actors);
        let start = Instant::now();
        let receivers: Vec<_> = (0..callers)
            .map(|i| {
                let counters = counters.clone();
                self.on(i, async move {
                    for _ in 0..rounds {
                        batch(&counters, each).await?;
                    }
                    Ok(())
                })
            })
            .collect();
        self.system.block_on(async move {
            wait_all(receivers).await?;
            let elapsed = start.elapsed();
            for counter in &counters {
                check_count(read(counter).await?, callers as u64 * rounds * each)?;
            }
            Ok(elapsed)
        })
    }

    fn tell(&mut self, messages: u64) -> Timed {
        self.run_on_first(async move {
            let counter = Counter { value: 0 }.start();
            let start = Instant::now();
            for _ in 0..messages {
                counter.do_send(Incr(1));
            }
            let value = read(&counter).await?;
            let elapsed = start.elapsed();
            check_count(value, messages)?;
            Ok(elapsed)
        })
    }

    fn fan_in(&mut self, callers: usize, per_caller: u64) -> Timed {
        let counter = Counter::start_in_arbiter(&self.arbiter(0), |_| Counter { value: 0 });
        let start = Instant::now();
        let receivers: Vec<_> = (0..callers)
            .map(|i| {
                let counter = counter.clone();
                self.on(i, async move {
                    for _ in 0..per_caller {
                        counter.do_send(Incr(1));
                    }
                    Ok(())
                })
            })
            .collect();
        self.system.block_on(async move {
            wait_all(receivers).await?;
            let value = read(&counter).await?;
            let elapsed = start.elapsed();
            check_count(value, callers as u64 * per_caller)?;
            Ok(elapsed)
        })
    }

    fn ping_pong(&mut self, hops: u64) -> Timed {
        self.run_on_first(async move {
            let (done, mut finished) = mpsc::unbounded_channel();
            let a = Pinger {
                peer: None,
                hops,
                done: done.clone(),
            }
            .start();
            let b = Pinger {
                peer: None,
                hops,
                done,
            }
            .start();
            a.send(SetPeer(b.clone()))
                .await
                .map_err(|e| e.to_string())?;
            b.send(SetPeer(a.clone()))
                .await
                .map_err(|e| e.to_string())?;
            let start = Instant::now();
            a.do_send(Ping(0));
            drop((a, b));
            let last = finished.recv().await.ok_or("no pinger finished")?;
            let elapsed = start.elapsed();
            check_count(last, hops)?;
            Ok(elapsed)
        })
    }

    fn spawn_actors(&mut self, actors: u64) -> Timed {
        let arbiters: Vec<ArbiterHandle> =
            (0..self.arbiters.len()).map(|i| self.arbiter(i)).collect();
        self.run_on_first(async move {
            let start = Instant::now();
            let mut counters = Vec::with_capacity(actors as usize);
            let mut requests = Vec::with_capacity(actors as usize);
            for i in 0..actors as usize {
                let counter = Counter::start_in_arbiter(&arbiters[i % arbiters.len()], |_| {
                    Counter { value: 0 }
                });
                requests.push(counter.send(Incr(1)));
                counters.push(counter);
            }
            // Every request is already in its actor's mailbox (one each, below the capacity
            // of 16), so awaiting them in order waits for all; `join_all` over 100,000 actix
            // requests grows superlinearly (19 k actors/s instead of 200 k).
            for reply in requests {
                check_count(reply.await.map_err(|e| e.to_string())?, 1)?;
            }
            let elapsed = start.elapsed();
            drop(counters);
            Ok(elapsed)
        })
    }
}

impl Drop for Actix {
    fn drop(&mut self) {
        for arbiter in &self.arbiters {
            arbiter.stop();
        }
    }
}
