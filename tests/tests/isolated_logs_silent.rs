//! A driver without a `tracing` subscriber: its worker processes install none either, so
//! their events cost nothing and nothing is sent. (A binary of its own: `isolated_logs.rs`
//! installs a global subscriber.)

mod common;

use actor_core::prelude::*;
use tracing::level_filters::LevelFilter;

actor_core::worker_test_support!();

#[actor]
#[derive(Default)]
pub struct Quiet {}

#[actor]
impl Quiet {
    pub fn new() -> Self {
        Self {}
    }

    /// This process's pid, the most verbose level `tracing` lets through here, and whether
    /// a subscriber was installed.
    pub fn tracing_here(&self) -> (u32, String, bool) {
        tracing::error!("nobody records this");
        (
            std::process::id(),
            LevelFilter::current().to_string(),
            tracing::dispatcher::has_been_set(),
        )
    }
}

#[test]
fn a_worker_of_a_driver_without_a_subscriber_installs_none() {
    assert!(!tracing::dispatcher::has_been_set(), "this driver has none");
    let quiet = Quiet::options().isolated(true).remote().expect("starts");
    let (pid, level, installed) = quiet.tracing_here().get().expect("answers");
    assert_ne!(pid, std::process::id(), "ran in a worker process");
    assert_eq!((level.as_str(), installed), ("off", false));
    kill(&quiet);
    common::wait_until_gone(pid);
}
