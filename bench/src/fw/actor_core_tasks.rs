//! actor-core's tasks (`#[task] fn f`, `f::remote(..) -> ObjectRef<R>`), compiled only once
//! actor-core exports `#[task]` (see build.rs).

use std::collections::HashMap;
use std::time::Instant;

use actor_core::prelude::*;

use super::{TaskBench, Timed, check_pi, sample_pi, tokio_runtime};

/// Ray's `small_value`: the task does next to nothing, so its submission cost shows.
#[task]
fn tiny() -> u64 {
    super::small_value()
}

#[actor]
pub struct ProgressPi {
    per_task: HashMap<u32, u64>,
}

#[actor]
impl ProgressPi {
    pub fn new() -> Self {
        Self {
            per_task: HashMap::new(),
        }
    }

    pub fn report_progress(&mut self, task_id: u32, done: u64) {
        self.per_task.insert(task_id, done);
    }

    pub fn total(&self) -> u64 {
        self.per_task.values().sum()
    }
}

/// The progress_pi sampler: reports to the actor every `report_every` samples.
#[task]
fn sampling_task(n: u64, task_id: u32, report_every: u64, progress: ProgressPiHandle) -> u64 {
    sample_pi(n, u64::from(task_id) + 1, report_every, |done| {
        let _ = progress.tell().report_progress(task_id, done);
    })
}

async fn batches(batch: u64, rounds: u64) -> Result<(), String> {
    for _ in 0..rounds {
        let refs: Vec<_> = (0..batch).map(|_| tiny::remote()).collect();
        actor_core::get_async(refs)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

async fn join(handle: tokio::task::JoinHandle<Timed>) -> Timed {
    handle.await.map_err(|e| e.to_string())?
}

/// actor-core's tasks, submitted from the program's own tokio runtime.
pub struct ActorCoreTasks {
    user: tokio::runtime::Runtime,
}

impl ActorCoreTasks {
    pub fn new() -> Self {
        Self {
            user: tokio_runtime("user-tasks"),
        }
    }
}

impl TaskBench for ActorCoreTasks {
    fn tasks_sync(&mut self, tasks: u64) -> Timed {
        self.user.block_on(join(self.user.spawn(async move {
            let start = Instant::now();
            for _ in 0..tasks {
                tiny::remote().await.map_err(|e| e.to_string())?;
            }
            Ok(start.elapsed())
        })))
    }

    fn tasks_async(&mut self, batch: u64, rounds: u64) -> Timed {
        self.user.block_on(join(self.user.spawn(async move {
            let start = Instant::now();
            batches(batch, rounds).await?;
            Ok(start.elapsed())
        })))
    }

    fn tasks_multi(&mut self, callers: usize, batch: u64, rounds: u64) -> Timed {
        self.user.block_on(async move {
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

    /// Driven from a plain sync `main`, like a Ray driver: `.get()` blocks.
    fn pi(&mut self, tasks: u32, samples: u64, report_every: u64) -> Timed {
        let progress = ProgressPi::remote();
        progress.total().get().map_err(|e| e.to_string())?;
        let start = Instant::now();
        let refs: Vec<ObjectRef<u64>> = (0..tasks)
            .map(|task_id| sampling_task::remote(samples, task_id, report_every, progress.clone()))
            .collect();
        let inside: u64 = actor_core::get(refs)
            .map_err(|e| e.to_string())?
            .into_iter()
            .sum();
        let elapsed = start.elapsed();
        let done = progress.total().get().map_err(|e| e.to_string())?;
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
