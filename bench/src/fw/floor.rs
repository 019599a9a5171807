//! The floor: a hand-written tokio actor. A task owns the state and drains an unbounded mpsc
//! channel; a call carries a oneshot for its reply. Nothing cheaper does the same job.

use std::time::Instant;

use tokio::sync::{mpsc, oneshot};

use super::{ActorBench, Timed, check_count, per_actor, tokio_runtime};

enum Msg {
    Incr(u64, Option<oneshot::Sender<u64>>),
    Get(oneshot::Sender<u64>),
}

/// The handle of one counter actor.
#[derive(Clone)]
struct Counter {
    tx: mpsc::UnboundedSender<Msg>,
}

impl Counter {
    /// Spawns the actor on the current runtime.
    fn spawn() -> Self {
        let (tx, mut rx) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            let mut value = 0u64;
            while let Some(msg) = rx.recv().await {
                match msg {
                    Msg::Incr(by, reply) => {
                        value += by;
                        if let Some(reply) = reply {
                            let _ = reply.send(value);
                        }
                    }
                    Msg::Get(reply) => {
                        let _ = reply.send(value);
                    }
                }
            }
        });
        Self { tx }
    }

    /// Sends `incr(by)`; the receiver yields the new value.
    fn incr(&self, by: u64) -> oneshot::Receiver<u64> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Msg::Incr(by, Some(reply)))
            .expect("the counter stopped");
        rx
    }

    /// Sends `incr(by)` without asking for the value.
    fn tell(&self, by: u64) {
        self.tx
            .send(Msg::Incr(by, None))
            .expect("the counter stopped");
    }

    async fn get(&self) -> Result<u64, String> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Msg::Get(reply))
            .map_err(|_| "the counter stopped")?;
        rx.await.map_err(|_| "the counter dropped the reply".into())
    }
}

async fn wait(rx: oneshot::Receiver<u64>) -> Result<u64, String> {
    rx.await.map_err(|_| "the counter dropped the reply".into())
}

/// The floor's runtime, kept for every run.
pub struct Floor {
    rt: tokio::runtime::Runtime,
}

impl Floor {
    pub fn new() -> Self {
        Self {
            rt: tokio_runtime("floor"),
        }
    }
}

impl ActorBench for Floor {
    fn calls_sync(&mut self, calls: u64) -> Timed {
        self.rt.block_on(async move {
            tokio::spawn(async move {
                let counter = Counter::spawn();
                let start = Instant::now();
                for _ in 0..calls {
                    wait(counter.incr(1)).await?;
                }
                let elapsed = start.elapsed();
                check_count(counter.get().await?, calls)?;
                Ok(elapsed)
            })
            .await
            .map_err(|e| e.to_string())?
        })
    }

    fn calls_async(&mut self, batch: u64, rounds: u64) -> Timed {
        self.rt.block_on(async move {
            tokio::spawn(async move {
                let counter = Counter::spawn();
                let start = Instant::now();
                for _ in 0..rounds {
                    let replies: Vec<_> = (0..batch).map(|_| counter.incr(1)).collect();
                    for reply in replies {
                        wait(reply).await?;
                    }
                }
                let elapsed = start.elapsed();
                check_count(counter.get().await?, batch * rounds)?;
                Ok(elapsed)
            })
            .await
            .map_err(|e| e.to_string())?
        })
    }

    fn n_n(&mut self, callers: usize, actors: usize, batch: u64, rounds: u64) -> Timed {
        self.rt.block_on(async move {
            let counters: Vec<Counter> = (0..actors).map(|_| Counter::spawn()).collect();
            let each = per_actor(batch, actors);
            let start = Instant::now();
            let tasks: Vec<_> = (0..callers)
                .map(|_| {
                    let counters = counters.clone();
                    tokio::spawn(async move {
                        for _ in 0..rounds {
                            let mut replies = Vec::with_capacity(batch as usize);
                            for _ in 0..each {
                                replies.extend(counters.iter().map(|c| c.incr(1)));
                            }
                            for reply in replies {
                                wait(reply).await?;
                            }
                        }
                        Ok::<(), String>(())
                    })
                })
                .collect();
            for task in tasks {
                task.await.map_err(|e| e.to_string())??;
            }
            let elapsed = start.elapsed();
            for counter in &counters {
                check_count(counter.get().await?, callers as u64 * rounds * each)?;
            }
            Ok(elapsed)
        })
    }

    fn tell(&mut self, messages: u64) -> Timed {
        self.rt.block_on(async move {
            tokio::spawn(async move {
                let counter = Counter::spawn();
                let start = Instant::now();
                for _ in 0..messages {
                    counter.tell(1);
                }
                let value = counter.get().await?;
                let elapsed = start.elapsed();
                check_count(value, messages)?;
                Ok(elapsed)
            })
            .await
            .map_err(|e| e.to_string())?
        })
    }

    fn fan_in(&mut self, callers: usize, per_caller: u64) -> Timed {
        self.rt.block_on(async move {
            let counter = Counter::spawn();
            let start = Instant::now();
            let tasks: Vec<_> = (0..callers)
                .map(|_| {
                    let counter = counter.clone();
                    tokio::spawn(async move {
                        for _ in 0..per_caller {
                            counter.tell(1);
                        }
                    })
                })
                .collect();
            for task in tasks {
                task.await.map_err(|e| e.to_string())?;
            }
            let value = counter.get().await?;
            let elapsed = start.elapsed();
            check_count(value, callers as u64 * per_caller)?;
            Ok(elapsed)
        })
    }

    fn ping_pong(&mut self, hops: u64) -> Timed {
        self.rt.block_on(async move {
            let (to_a, inbox_a) = mpsc::unbounded_channel::<u64>();
            let (to_b, inbox_b) = mpsc::unbounded_channel::<u64>();
            let (done, mut finished) = mpsc::unbounded_channel::<u64>();
            let player = |mut inbox: mpsc::UnboundedReceiver<u64>,
                          peer: mpsc::UnboundedSender<u64>,
                          done: mpsc::UnboundedSender<u64>| async move {
                while let Some(n) = inbox.recv().await {
                    if n >= hops {
                        let _ = done.send(n);
                        break;
                    }
                    if peer.send(n + 1).is_err() {
                        break;
                    }
                }
            };
            tokio::spawn(player(inbox_a, to_b, done.clone()));
            tokio::spawn(player(inbox_b, to_a.clone(), done));
            let start = Instant::now();
            to_a.send(0).map_err(|_| "player A stopped")?;
            let last = finished.recv().await.ok_or("no player finished")?;
            let elapsed = start.elapsed();
            check_count(last, hops)?;
            Ok(elapsed)
        })
    }

    fn spawn_actors(&mut self, actors: u64) -> Timed {
        self.rt.block_on(async move {
            tokio::spawn(async move {
                let start = Instant::now();
                let mut counters = Vec::with_capacity(actors as usize);
                let mut replies = Vec::with_capacity(actors as usize);
                for _ in 0..actors {
                    let counter = Counter::spawn();
                    replies.push(counter.incr(1));
                    counters.push(counter);
                }
                for reply in replies {
                    check_count(wait(reply).await?, 1)?;
                }
                let elapsed = start.elapsed();
                drop(counters);
                Ok(elapsed)
            })
            .await
            .map_err(|e| e.to_string())?
        })
    }
}
