//! Blocking and async do not mix by accident: a blocking `.get()` inside async code is
//! refused with `BlockingInAsyncContext` (`.await` works there), a plain thread may block,
//! and a sync method that blocks on a call to its own actor gets `Deadlock` at once.

use std::thread;
use std::time::{Duration, Instant};

use actor_core::prelude::*;

#[actor]
struct Echo {
    calls: u32,
}

#[actor]
impl Echo {
    fn new() -> Self {
        Self { calls: 0 }
    }

    pub fn echo(&mut self, value: u32) -> u32 {
        self.calls += 1;
        value
    }

    pub fn calls(&self) -> u32 {
        self.calls
    }

    /// Blocks on a call to this very actor, passed in as `me`.
    pub fn get_own(&mut self, me: EchoHandle) -> Result<u32, Error> {
        me.echo(1).get()
    }

    /// Like `get_own`, through `actor_core::get` and a timeout.
    pub fn get_own_many(
        &mut self,
        me: EchoHandle,
    ) -> (Result<Vec<u32>, Error>, Result<u32, Error>) {
        let many = actor_core::get(vec![me.echo(2), me.echo(3)]);
        let timed = me.echo(4).get_timeout(Duration::from_secs(5));
        (many, timed)
    }

    /// Blocks on a call to another actor: allowed in a sync method.
    pub fn get_other(&mut self, other: EchoHandle, value: u32) -> Result<u32, Error> {
        other.echo(value).get()
    }

    /// A blocking `.get()` inside an async method is refused; `.await` is the way.
    pub async fn get_in_async(
        &mut self,
        other: EchoHandle,
    ) -> (Result<u32, Error>, Result<u32, Error>) {
        let blocking = other.echo(5).get();
        let awaited = other.echo(6).await;
        (blocking, awaited)
    }
}

#[track_caller]
fn assert_blocking_refused<T: std::fmt::Debug>(result: Result<T, Error>) {
    assert!(
        matches!(result, Err(Error::BlockingInAsyncContext)),
        "expected BlockingInAsyncContext, got {result:?}"
    );
}

#[tokio::test]
async fn get_inside_a_current_thread_runtime_is_refused_and_await_works() {
    let echo = Echo::remote();
    assert_blocking_refused(echo.echo(1).get());
    assert_blocking_refused(echo.echo(2).get_timeout(Duration::from_secs(5)));
    assert_blocking_refused(actor_core::get(vec![echo.echo(3)]));
    assert_blocking_refused(actor_core::wait(vec![echo.echo(4)], 1, None));
    assert_eq!(echo.echo(5).await.unwrap(), 5);
    assert_eq!(
        actor_core::get_async(vec![echo.echo(6), echo.echo(7)])
            .await
            .unwrap(),
        [6, 7]
    );
    // The refused calls were still made: refusing the wait does not cancel the call.
    assert_eq!(echo.calls().await.unwrap(), 7);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_inside_a_multi_thread_runtime_is_refused_and_await_works() {
    let echo = Echo::remote();
    assert_blocking_refused(echo.echo(1).get());
    assert_eq!(echo.echo(2).await.unwrap(), 2);
    // From a spawned task too.
    let spawned = tokio::spawn({
        let echo = echo.clone();
        async move { (echo.echo(3).get(), echo.echo(4).await) }
    })
    .await
    .unwrap();
    assert_blocking_refused(spawned.0);
    assert_eq!(spawned.1.unwrap(), 4);
}

#[test]
fn a_tokio_main_style_program_awaits_its_calls() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let echo = Echo::remote();
    let (blocking, awaited) = runtime.block_on(async {
        let blocking = echo.echo(1).get();
        (blocking, echo.echo(2).await)
    });
    assert_blocking_refused(blocking);
    assert_eq!(awaited.unwrap(), 2);
    // Sync code on the runtime's blocking pool can block on a call through the runtime.
    let from_blocking_pool = runtime
        .block_on(runtime.spawn_blocking({
            let echo = echo.clone();
            move || tokio::runtime::Handle::current().block_on(echo.echo(3))
        }))
        .unwrap();
    assert_eq!(from_blocking_pool.unwrap(), 3);
}

#[test]
fn get_from_plain_threads_works() {
    let echo = Echo::remote();
    let threads: Vec<_> = (0..4)
        .map(|index| {
            let echo = echo.clone();
            thread::spawn(move || echo.echo(index).get())
        })
        .collect();
    for (index, thread) in threads.into_iter().enumerate() {
        assert_eq!(thread.join().unwrap().unwrap(), index as u32);
    }
}

#[test]
fn a_sync_method_blocking_on_its_own_actor_gets_deadlock_at_once() {
    let echo = Echo::remote();
    let started = Instant::now();
    match echo
        .get_own(echo.clone())
        .get_timeout(Duration::from_secs(10))
    {
        Ok(Err(Error::Deadlock { reason })) => {
            assert!(reason.contains(&echo.actor_id().to_string()), "{reason}");
        }
        other => panic!("expected Deadlock, got {other:?}"),
    }
    // "At once": far less than the 10 s a hang would take (a generous bound, not a benchmark).
    assert!(started.elapsed() < Duration::from_secs(5));
    let (many, timed) = echo.get_own_many(echo.clone()).get().unwrap();
    assert!(matches!(many, Err(Error::Deadlock { .. })), "{many:?}");
    assert!(matches!(timed, Err(Error::Deadlock { .. })), "{timed:?}");
    // The actor is fine, and the calls it made to itself ran after the method returned.
    assert_eq!(echo.echo(9).get().unwrap(), 9);
    assert_eq!(echo.calls().get().unwrap(), 5);
}

#[test]
fn a_sync_method_may_block_on_another_actor() {
    let first = Echo::remote();
    let second = Echo::remote();
    assert_eq!(first.get_other(second.clone(), 8).get().unwrap(), Ok(8));
    assert_eq!(second.calls().get().unwrap(), 1);
}

#[test]
fn an_async_method_must_await_rather_than_block() {
    let first = Echo::remote();
    let second = Echo::remote();
    let (blocking, awaited) = first.get_in_async(second.clone()).get().unwrap();
    assert_blocking_refused(blocking);
    assert_eq!(awaited.unwrap(), 6);
}
