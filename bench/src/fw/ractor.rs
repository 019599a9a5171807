//! ractor: an `Actor` impl with a message enum, `call!` for a round trip (an `RpcReplyPort`
//! per call), `cast!` for fire-and-forget, on tokio's multi-threaded runtime.

use std::time::Instant;

use ractor::concurrency::{OneshotReceiver, oneshot};
use ractor::{Actor, ActorProcessingErr, ActorRef, RpcReplyPort, call, cast};
use tokio::sync::mpsc;

use super::{ActorBench, Timed, check_count, per_actor, tokio_runtime};

struct Counter;

enum CounterMsg {
    Incr(u64, RpcReplyPort<u64>),
    Add(u64),
    Get(RpcReplyPort<u64>),
}

impl Actor for Counter {
    type Msg = CounterMsg;
    type State = u64;
    type Arguments = ();

    async fn pre_start(&self, _: ActorRef<Self::Msg>, _: ()) -> Result<u64, ActorProcessingErr> {
        Ok(0)
    }

    async fn handle(
        &self,
        _: ActorRef<Self::Msg>,
        message: Self::Msg,
        value: &mut u64,
    ) -> Result<(), ActorProcessingErr> {
        match message {
            CounterMsg::Incr(by, reply) => {
                *value += by;
                let _ = reply.send(*value);
            }
            CounterMsg::Add(by) => *value += by,
            CounterMsg::Get(reply) => {
                let _ = reply.send(*value);
            }
        }
        Ok(())
    }
}

async fn spawn_counter() -> Result<ActorRef<CounterMsg>, String> {
    let (counter, _) = Actor::spawn(None, Counter, ())
        .await
        .map_err(|e| e.to_string())?;
    Ok(counter)
}

async fn read(counter: &ActorRef<CounterMsg>) -> Result<u64, String> {
    call!(counter, CounterMsg::Get).map_err(|e| e.to_string())
}

/// Sends `incr(1)` with a reply port; the receiver yields the value.
fn send_incr(counter: &ActorRef<CounterMsg>) -> Result<OneshotReceiver<u64>, String> {
    let (tx, rx) = oneshot();
    cast!(counter, CounterMsg::Incr(1, tx.into())).map_err(|e| e.to_string())?;
    Ok(rx)
}

async fn batch(targets: &[ActorRef<CounterMsg>], each: u64) -> Result<(), String> {
    let mut replies = Vec::with_capacity(each as usize * targets.len());
    for _ in 0..each {
        for target in targets {
            replies.push(send_incr(target)?);
        }
    }
    for reply in replies {
        reply.await.map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn stop_all(actors: &[ActorRef<CounterMsg>]) {
    for actor in actors {
        actor.stop(None);
    }
}

struct Pinger;

enum PingMsg {
    Ping(u64),
    SetPeer(ActorRef<PingMsg>, RpcReplyPort<()>),
}

struct PingState {
    peer: Option<ActorRef<PingMsg>>,
    hops: u64,
    done: mpsc::UnboundedSender<u64>,
}

impl Actor for Pinger {
    type Msg = PingMsg;
    type State = PingState;
    type Arguments = (u64, mpsc::UnboundedSender<u64>);

    async fn pre_start(
        &self,
        _: ActorRef<Self::Msg>,
        (hops, done): Self::Arguments,
    ) -> Result<PingState, ActorProcessingErr> {
        Ok(PingState {
            peer: None,
            hops,
            done,
        })
    }

    async fn handle(
        &self,
        _: ActorRef<Self::Msg>,
        message: Self::Msg,
        state: &mut PingState,
    ) -> Result<(), ActorProcessingErr> {
        match message {
            PingMsg::Ping(n) => {
                if n >= state.hops {
                    let _ = state.done.send(n);
                } else if let Some(peer) = &state.peer {
                    cast!(peer, PingMsg::Ping(n + 1))?;
                }
            }
            PingMsg::SetPeer(peer, reply) => {
                state.peer = Some(peer);
                let _ = reply.send(());
            }
        }
        Ok(())
    }
}

async fn join<T>(handle: tokio::task::JoinHandle<Result<T, String>>) -> Result<T, String> {
    handle.await.map_err(|e| e.to_string())?
}

/// ractor on tokio's multi-threaded runtime.
pub struct Ractor {
    rt: tokio::runtime::Runtime,
}

impl Ractor {
    pub fn new() -> Self {
        Self {
            rt: tokio_runtime("ractor"),
        }
    }
}

impl ActorBench for Ractor {
    fn calls_sync(&mut self, calls: u64) -> Timed {
        self.rt.block_on(join(self.rt.spawn(async move {
            let counter = spawn_counter().await?;
            let start = Instant::now();
            for _ in 0..calls {
                call!(counter, CounterMsg::Incr, 1).map_err(|e| e.to_string())?;
            }
            let elapsed = start.elapsed();
            check_count(read(&counter).await?, calls)?;
            stop_all(&[counter]);
            Ok(elapsed)
        })))
    }

    fn calls_async(&mut self, batch_size: u64, rounds: u64) -> Timed {
        self.rt.block_on(join(self.rt.spawn(async move {
            let counter = spawn_counter().await?;
            let targets = [counter];
            let start = Instant::now();
            for _ in 0..rounds {
                batch(&targets, batch_size).await?;
            }
            let elapsed = start.elapsed();
            check_count(read(&targets[0]).await?, batch_size * rounds)?;
            stop_all(&targets);
            Ok(elapsed)
        })))
    }

    fn n_n(&mut self, callers: usize, actors: usize, batch_size: u64, rounds: u64) -> Timed {
        self.rt.block_on(async move {
            let mut counters = Vec::with_capacity(actors);
            for _ in 0..actors {
                counters.push(spawn_counter().await?);
            }
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
            stop_all(&counters);
            Ok(elapsed)
        })
    }

    fn tell(&mut self, messages: u64) -> Timed {
        self.rt.block_on(join(self.rt.spawn(async move {
            let counter = spawn_counter().await?;
            let start = Instant::now();
            for _ in 0..messages {
                cast!(counter, CounterMsg::Add(1)).map_err(|e| e.to_string())?;
            }
            let value = read(&counter).await?;
            let elapsed = start.elapsed();
            check_count(value, messages)?;
            stop_all(&[counter]);
            Ok(elapsed)
        })))
    }

    fn fan_in(&mut self, callers: usize, per_caller: u64) -> Timed {
        self.rt.block_on(async move {
            let counter = spawn_counter().await?;
            let start = Instant::now();
            let tasks: Vec<_> = (0..callers)
                .map(|_| {
                    let counter = counter.clone();
                    tokio::spawn(async move {
                        for _ in 0..per_caller {
                            cast!(counter, CounterMsg::Add(1)).map_err(|e| e.to_string())?;
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
            stop_all(&[counter]);
            Ok(elapsed)
        })
    }

    fn ping_pong(&mut self, hops: u64) -> Timed {
        self.rt.block_on(async move {
            let (done, mut finished) = mpsc::unbounded_channel();
            let (a, _) = Actor::spawn(None, Pinger, (hops, done.clone()))
                .await
                .map_err(|e| e.to_string())?;
            let (b, _) = Actor::spawn(None, Pinger, (hops, done))
                .await
                .map_err(|e| e.to_string())?;
            call!(a, PingMsg::SetPeer, b.clone()).map_err(|e| e.to_string())?;
            call!(b, PingMsg::SetPeer, a.clone()).map_err(|e| e.to_string())?;
            let start = Instant::now();
            cast!(a, PingMsg::Ping(0)).map_err(|e| e.to_string())?;
            let last = finished.recv().await.ok_or("no pinger finished")?;
            let elapsed = start.elapsed();
            a.stop(None);
            b.stop(None);
            check_count(last, hops)?;
            Ok(elapsed)
        })
    }

    fn spawn_actors(&mut self, actors: u64) -> Timed {
        self.rt.block_on(join(self.rt.spawn(async move {
            let start = Instant::now();
            let mut counters = Vec::with_capacity(actors as usize);
            let mut replies = Vec::with_capacity(actors as usize);
            for _ in 0..actors {
                let counter = spawn_counter().await?;
                replies.push(send_incr(&counter)?);
                counters.push(counter);
            }
            for reply in replies {
                check_count(reply.await.map_err(|e| e.to_string())?, 1)?;
            }
            let elapsed = start.elapsed();
            stop_all(&counters);
            Ok(elapsed)
        })))
    }
}
