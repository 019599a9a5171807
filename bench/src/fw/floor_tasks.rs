//! The task floor: `tokio::task::spawn_blocking` plus a oneshot for the result; for pi, the
//! same sampling loop on plain `std::thread`s reporting progress into a `Mutex`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::oneshot;

use super::{TaskBench, Timed, check_pi, sample_pi, small_value, tokio_runtime};

fn submit() -> oneshot::Receiver<u64> {
    let (tx, rx) = oneshot::channel();
    tokio::task::spawn_blocking(move || {
        let _ = tx.send(small_value());
    });
    rx
}

async fn batches(batch: u64, rounds: u64) -> Result<(), String> {
    for _ in 0..rounds {
        let results: Vec<_> = (0..batch).map(|_| submit()).collect();
        for result in results {
            result.await.map_err(|_| "a task dropped its result")?;
        }
    }
    Ok(())
}

/// The floor's runtime for tasks.
pub struct FloorTasks {
    rt: tokio::runtime::Runtime,
}

impl FloorTasks {
    pub fn new() -> Self {
        Self {
            rt: tokio_runtime("floor-tasks"),
        }
    }
}

impl TaskBench for FloorTasks {
    fn tasks_sync(&mut self, tasks: u64) -> Timed {
        self.rt.block_on(async move {
            tokio::spawn(async move {
                let start = Instant::now();
                for _ in 0..tasks {
                    submit().await.map_err(|_| "a task dropped its result")?;
                }
                Ok(start.elapsed())
            })
            .await
            .map_err(|e| e.to_string())?
        })
    }

    fn tasks_async(&mut self, batch: u64, rounds: u64) -> Timed {
        self.rt.block_on(async move {
            tokio::spawn(async move {
                let start = Instant::now();
                batches(batch, rounds).await?;
                Ok(start.elapsed())
            })
            .await
            .map_err(|e| e.to_string())?
        })
    }

    fn tasks_multi(&mut self, callers: usize, batch: u64, rounds: u64) -> Timed {
        self.rt.block_on(async move {
            let start = Instant::now();
            let callers: Vec<_> = (0..callers)
                .map(|_| tokio::spawn(batches(batch, rounds)))
                .collect();
            for caller in callers {
                caller.await.map_err(|e| e.to_string())??;
            }
            Ok(start.elapsed())
        })
    }

    fn pi(&mut self, tasks: u32, samples: u64, report_every: u64) -> Timed {
        let progress: Arc<Mutex<HashMap<u32, u64>>> = Arc::default();
        let start = Instant::now();
        let threads: Vec<_> = (0..tasks)
            .map(|task_id| {
                let progress = progress.clone();
                std::thread::spawn(move || {
                    sample_pi(samples, u64::from(task_id) + 1, report_every, |done| {
                        progress
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .insert(task_id, done);
                    })
                })
            })
            .collect();
        let mut inside = 0;
        for thread in threads {
            inside += thread.join().map_err(|_| "a sampler panicked")?;
        }
        let elapsed = start.elapsed();
        let done: u64 = progress
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .sum();
        let expected = samples / report_every.max(1) * report_every.max(1) * u64::from(tasks);
        if done != expected {
            return Err(format!(
                "progress shows {done} samples, expected {expected}"
            ));
        }
        check_pi(inside, samples * u64::from(tasks))?;
        Ok(elapsed)
    }
}
