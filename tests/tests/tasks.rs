//! Tasks: remote functions, their resources, retries and failures.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use actor_core::prelude::*;
use actor_core::state;

#[task]
fn add(a: u64, b: u64) -> u64 {
    a + b
}

#[task]
async fn add_async(a: u64, b: u64) -> u64 {
    tokio::time::sleep(Duration::from_millis(1)).await;
    a + b
}

#[task]
fn fib(n: u64) -> u64 {
    if n < 2 {
        return n;
    }
    // A task that submits tasks and blocks on them: its CPU is given back while it waits.
    let a = fib::remote(n - 1);
    let b = fib::remote(n - 2);
    a.get().unwrap() + b.get().unwrap()
}

#[actor]
struct Tally {
    total: u64,
}

#[actor]
impl Tally {
    fn new() -> Self {
        Self { total: 0 }
    }

    fn add(&mut self, n: u64) -> u64 {
        self.total += n;
        self.total
    }

    fn total(&self) -> u64 {
        self.total
    }
}

#[task]
fn report(tally: TallyHandle, n: u64) -> u64 {
    tally.add(n).get().unwrap()
}

static FLAKY_TRIES: AtomicUsize = AtomicUsize::new(0);

#[task]
fn flaky(succeed_on_try: usize) -> usize {
    let this_try = FLAKY_TRIES.fetch_add(1, Ordering::SeqCst) + 1;
    if this_try < succeed_on_try {
        panic!("try {this_try} fails");
    }
    this_try
}

#[task]
fn always_panics(message: String) {
    panic!("{message}");
}

/// Not `Clone`: a task taking it cannot be retried.
#[derive(Debug)]
struct Token(u32);

#[task]
fn consume(token: Token) -> u32 {
    token.0
}

#[test]
fn sync_and_async_tasks_return_their_values() {
    assert_eq!(add::remote(2, 3).get().unwrap(), 5);
    assert_eq!(add_async::remote(4, 5).get().unwrap(), 9);
    // The function itself stays an ordinary function.
    assert_eq!(add(1, 1), 2);
    let refs: Vec<_> = (0..100).map(|i| add::remote(i, i)).collect();
    let values = actor_core::get(refs).unwrap();
    assert_eq!(values, (0..100).map(|i| 2 * i).collect::<Vec<_>>());
}

#[test]
fn tasks_that_wait_on_tasks_do_not_deadlock() {
    assert_eq!(
        fib::remote(12)
            .get_timeout(Duration::from_secs(60))
            .unwrap(),
        144
    );
}

#[test]
fn tasks_call_actors_through_handles() {
    let tally = Tally::remote();
    let refs: Vec<_> = (1..=10).map(|n| report::remote(tally.clone(), n)).collect();
    actor_core::get(refs).unwrap();
    assert_eq!(tally.total().get().unwrap(), 55);
}

#[test]
fn a_panicking_task_fails_with_task_panicked() {
    let error = always_panics::remote("no luck".to_owned())
        .get()
        .unwrap_err();
    match error {
        Error::TaskPanicked { task, message } => {
            assert_eq!(task, "always_panics");
            assert_eq!(message, "no luck");
        }
        other => panic!("expected TaskPanicked, got {other:?}"),
    }
}

#[test]
fn max_retries_runs_a_panicking_task_again() {
    let value = flaky::options().max_retries(3).remote(3).get().unwrap();
    assert_eq!(value, 3, "the third try succeeds");
    let summary = state::list_tasks()
        .into_iter()
        .find(|summary| summary.name == "flaky")
        .unwrap();
    assert_eq!(summary.retries, 2);
    assert_eq!(summary.finished, 1);
}

#[test]
fn retries_need_clone_arguments() {
    assert_eq!(consume::remote(Token(7)).get().unwrap(), 7);
    let error = consume::options()
        .max_retries(1)
        .remote(Token(8))
        .get()
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidOptions { reason } if reason.contains("Clone")),
        "{error}"
    );
}

#[test]
fn work_that_can_never_fit_fails_at_once() {
    let error = add::options()
        .num_cpus(1000.0)
        .remote(1, 2)
        .get()
        .unwrap_err();
    assert!(
        matches!(&error, Error::Unschedulable { missing } if missing.contains("CPU")),
        "{error}"
    );
    let error = add::options()
        .resource("unicorn", 1.0)
        .remote(1, 2)
        .get()
        .unwrap_err();
    assert!(
        matches!(&error, Error::Unschedulable { missing } if missing.contains("unicorn")),
        "{error}"
    );
    let error = Tally::options().num_gpus(8.0).remote().unwrap_err();
    assert!(matches!(error, Error::Unschedulable { .. }), "{error}");
}

#[test]
fn list_tasks_counts_finished_and_failed() {
    add::remote(1, 1).get().unwrap();
    let _ = always_panics::remote("counted".to_owned()).get();
    let summaries = state::list_tasks();
    let add_summary = summaries.iter().find(|s| s.name == "add").unwrap();
    assert!(add_summary.finished >= 1);
    let panics = summaries
        .iter()
        .find(|s| s.name == "always_panics")
        .unwrap();
    assert!(panics.failed >= 1);
}
