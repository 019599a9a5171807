//! The driver's thread for its connections to worker processes: the loops of isolated
//! actors (`actor::isolated`) and their connections' writers run on it, on a runtime of its
//! own with this one thread.
//!
//! On the runtime's worker threads, a call from a thread outside them (a `.get()` on
//! `main`) woke two threads each time: the one that runs the loop, and a second that tokio
//! wakes to keep looking for work, which finds none. With one thread that owns every link,
//! a sync call to an isolated actor costs 6.2 thread switches in both processes instead of
//! 10.6 (a raw socket round trip: 3.6), and a pipelined call no longer shares its thread
//! with the program's own tasks.
//!
//! No user code runs here: the answers to calls a worker makes to the driver's actors are
//! awaited on the runtime's threads.

use std::sync::OnceLock;

use tokio::runtime::Handle;

/// The runtime of the link thread, started with the first isolated actor.
///
/// # Panics
/// If the operating system refuses to start the thread or its runtime.
pub(crate) fn link_runtime() -> &'static Handle {
    static HANDLE: OnceLock<Handle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|error| panic!("actor-core could not start its link thread: {error}"));
        let handle = runtime.handle().clone();
        let started = std::thread::Builder::new()
            .name("actor-core-links".into())
            .spawn(move || runtime.block_on(std::future::pending::<()>()));
        if let Err(error) = started {
            panic!("actor-core could not start its link thread: {error}");
        }
        handle
    })
}
