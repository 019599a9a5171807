//! What a new user meets first: errors that print their message however they are printed,
//! ids that read the same in every log line, and a blocking `.get()` that works wherever
//! blocking is fine (plain threads, `spawn_blocking`) and is refused where it would stall an
//! executor (runtime workers, the body of `#[tokio::main]`).

use std::thread;

use actor_core::prelude::*;

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
