//! What a new user meets first: errors that print their message however they are printed,
//! ids that read the same in every log line, and a blocking `.get()` that works wherever
//! blocking is fine (plain threads, `spawn_blocking`) and is refused where it would stall an
//! executor (runtime workers, the body of `#[tokio::main]`); `get` and `wait` with async
//! twins of the same shape.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::Duration;

use actor_core::prelude::*;

mod common;

#[actor]
struct Echo;

#[actor]
impl Echo {
    fn new() -> Self {
        Self
    }

    pub fn echo(&self, value: u32) -> u32 {
        value
    }

    /// Waits, without blocking, on a call to this very actor: through `get_async`, then
    /// through `wait_async`.
    pub async fn wait_on_itself(&self) -> (Result<Vec<u32>, Error>, Result<usize, Error>) {
        let me = actor_core::context::current_actor::<Echo>().expect("inside Echo");
        let got = get_async([me.echo(1)]).await;
        let waited = wait_async(vec![me.echo(2)], 1, None)
            .await
            .map(|(ready, _)| ready.len());
        (got, waited)
    }
}

/// Wakes a parked thread.
struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Runs `future` to its end on this thread, with no tokio runtime around it.
fn run_without_tokio<F: Future>(future: F) -> F::Output {
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        thread::park();
    }
}

#[track_caller]
fn assert_blocking_refused<T: std::fmt::Debug>(result: Result<T, Error>) {
    assert!(
        matches!(result, Err(Error::BlockingInAsyncContext)),
        "expected BlockingInAsyncContext, got {result:?}"
    );
}

#[test]
fn an_error_debugs_as_it_displays() {
    // What `fn main() -> Result<(), Error>` prints is the `Debug` form.
    let error = Error::BlockingInAsyncContext;
    assert_eq!(format!("{error:?}"), error.to_string());
    assert!(format!("{error:?}").contains("use `.await`"), "{error:?}");

    let echo = Echo::remote();
    actor_core::kill(&echo);
    let died = echo.echo(1).get().expect_err("the actor was killed");
    assert_eq!(format!("{died:?}"), died.to_string());
    assert!(format!("{died:?}").contains("it was killed"), "{died:?}");
}

#[test]
fn an_actor_id_debugs_as_it_displays() {
    let id = Echo::remote().actor_id();
    assert_eq!(format!("{id:?}"), id.to_string());
    // As an id appears inside other `Debug` output (an `Option`, a struct).
    assert_eq!(format!("{:?}", Some(id)), format!("Some({id})"));
}

#[test]
fn get_inside_spawn_blocking_of_a_multi_thread_runtime_works() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let echo = Echo::remote();
    let got = runtime.block_on(async {
        let echo = echo.clone();
        tokio::task::spawn_blocking(move || {
            let one = echo.echo(1).get();
            let many = actor_core::get([echo.echo(2), echo.echo(3)]);
            (one, many)
        })
        .await
        .unwrap()
    });
    assert_eq!(got.0.unwrap(), 1);
    assert_eq!(got.1.unwrap(), [2, 3]);
}

#[tokio::test]
async fn get_inside_spawn_blocking_of_a_current_thread_runtime_works() {
    let echo = Echo::remote();
    let got = tokio::task::spawn_blocking(move || echo.echo(4).get())
        .await
        .unwrap();
    assert_eq!(got.unwrap(), 4);
}

#[test]
fn get_on_a_runtime_worker_is_refused() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let echo = Echo::remote();
    let (blocking, awaited) = runtime.block_on(async {
        let echo = echo.clone();
        tokio::spawn(async move { (echo.echo(5).get(), echo.echo(6).await) })
            .await
            .unwrap()
    });
    assert_blocking_refused(blocking);
    assert_eq!(awaited.unwrap(), 6);
}

#[test]
fn get_in_the_body_of_a_multi_thread_tokio_main_is_refused() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let echo = Echo::remote();
    assert_blocking_refused(runtime.block_on(async { echo.echo(7).get() }));
}

#[test]
fn get_in_the_body_of_a_current_thread_tokio_main_is_refused() {
    // What `#[tokio::main(flavor = "current_thread")]` (and `#[tokio::test]`) expands to.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let echo = Echo::remote();
    let (blocking, waited, awaited) = runtime.block_on(async {
        let blocking = echo.echo(8).get();
        let waited = actor_core::wait(vec![echo.echo(9)], 1, None);
        (blocking, waited, echo.echo(10).await)
    });
    assert_blocking_refused(blocking);
    assert_blocking_refused(waited);
    assert_eq!(awaited.unwrap(), 10);
}

#[test]
fn get_on_a_plain_thread_works() {
    let echo = Echo::remote();
    let got = thread::spawn(move || echo.echo(11).get()).join().unwrap();
    assert_eq!(got.unwrap(), 11);
}

#[tokio::test]
async fn get_async_and_wait_async_have_the_shapes_of_get_and_wait() {
    let echo = Echo::remote();
    let got: Result<Vec<u32>, Error> = get_async([echo.echo(1), echo.echo(2)]).await;
    assert_eq!(got.unwrap(), [1, 2]);
    let waited: Result<actor_core::Split<u32>, Error> =
        wait_async(vec![echo.echo(3), echo.echo(4)], 2, None).await;
    let (ready, pending) = waited.unwrap();
    assert!(pending.is_empty());
    assert_eq!(get_async(ready).await.unwrap(), [3, 4]);
}

#[test]
fn wait_async_times_out_under_an_executor_that_is_not_tokio() {
    let (actor, held, gate) = common::held_actor();
    let quick = actor.echo(1);
    let (ready, pending) = run_without_tokio(wait_async(
        vec![held, quick],
        1,
        Some(Duration::from_millis(20)),
    ))
    .unwrap();
    // The quick call queues behind the held one: neither is ready when the timer fires.
    assert_eq!((ready.len(), pending.len()), (0, 2));
    gate.open();
    let (ready, pending) = run_without_tokio(wait_async(pending, 2, None)).unwrap();
    assert!(pending.is_empty());
    assert_eq!(actor_core::get(ready).unwrap(), [u32::MAX, 1]);
}

#[test]
fn an_async_method_waiting_on_its_own_actor_gets_deadlock() {
    let echo = Echo::remote();
    let (got, waited) = echo.wait_on_itself().get().unwrap();
    assert!(matches!(got, Err(Error::Deadlock { .. })), "{got:?}");
    assert!(matches!(waited, Err(Error::Deadlock { .. })), "{waited:?}");
    assert_eq!(echo.echo(3).get().unwrap(), 3);
}

#[actor]
struct SelfAwaiting;

#[actor]
impl SelfAwaiting {
    fn new() -> Self {
        Self
    }

    pub fn one(&self) -> u32 {
        1
    }

    /// Awaits a call to this very actor.
    pub async fn await_itself(&self) -> Result<u32, Error> {
        let me = actor_core::context::current_actor::<SelfAwaiting>().expect("inside");
        me.one().await
    }
}

#[test]
fn an_async_method_awaiting_its_own_actor_gets_deadlock() {
    let actor = SelfAwaiting::remote();
    let awaited = actor.await_itself().get_timeout(common::PATIENCE).unwrap();
    assert!(
        matches!(awaited, Err(Error::Deadlock { .. })),
        "{awaited:?}"
    );
    // The actor goes on.
    assert_eq!(actor.one().get().unwrap(), 1);
}
