use actor_core::prelude::*;

#[actor]
#[derive(Debug)]
pub struct Worker {
    prefix: String,
}

#[actor]
impl Worker {
    pub fn new(prefix: String) -> Self {
        Self { prefix }
    }

    pub fn label(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }
}

/// Holds handles of the actor with the error, and sends them around: the error stays the one
/// error, with no "`WorkerHandle` doesn't implement `Debug`" or "`Serialize`" after it.
#[actor]
#[derive(Debug)]
pub struct Pool {
    workers: Vec<WorkerHandle>,
}

#[actor]
impl Pool {
    pub fn new(size: usize) -> Self {
        let workers = (0..size).map(|_| Worker::remote("w-".to_owned())).collect();
        Self { workers }
    }

    pub fn workers(&self) -> Vec<WorkerHandle> {
        self.workers.clone()
    }

    pub fn add(&mut self, worker: WorkerHandle) {
        self.workers.push(worker);
    }
}

fn main() {
    let pool = Pool::remote(2);
    let worker = Worker::remote("x-".to_owned());
    let _ = worker.label("ada");
    let _ = pool.add(worker);
    let _ = pool.workers();
}
