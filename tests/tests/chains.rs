//! Chains of sync actors, each method `.get()`ing the next actor's: deep chains complete
//! (the calls a waiting caller runs itself nest only so deep on one stack), and a chain that
//! would take every thread of the runtime fails with a clear error instead of hanging.

mod common;

use actor_core::prelude::*;
use common::PATIENCE;

#[actor]
struct Link {
    next: Option<LinkHandle>,
}

#[actor]
impl Link {
    fn new() -> Self {
        Self { next: None }
    }

    pub fn set_next(&mut self, next: LinkHandle) {
        self.next = Some(next);
    }

    /// How many links answer from here to the end of the chain, each waiting for the next.
    pub fn depth(&self) -> Result<u32, String> {
        match &self.next {
            None => Ok(1),
            Some(next) => {
                let rest = next.depth().get().map_err(|error| error.to_string())?;
                Ok(rest? + 1)
            }
        }
    }
}

/// The threads blocked in waits are counted for the whole process: the tests of this file
/// take turns, so that one's chain does not use up the other's.
static ONE_CHAIN_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// `length` links that restart up to `max_restarts` times, each knowing the next; the last
/// one's `depth` proved quick already, so that waiting callers may run the calls themselves.
fn chain(length: usize, max_restarts: i32) -> Vec<LinkHandle> {
    let links: Vec<LinkHandle> = (0..length)
        .map(|_| {
            Link::options()
                .max_restarts(max_restarts)
                .remote()
                .expect("a link starts")
        })
        .collect();
    for pair in links.windows(2) {
        pair[0].set_next(pair[1].clone()).get().unwrap();
    }
    let last = links.last().expect("a chain has links");
    assert_eq!(last.depth().get_timeout(PATIENCE).unwrap(), Ok(1));
    links
}

#[test]
fn a_chain_of_two_thousand_sync_actors_completes() {
    let _turn = ONE_CHAIN_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let links = chain(2_000, 0);
    // From a task of a runtime too, where the waiting caller runs the first call itself.
    assert_eq!(links[0].depth().get_timeout(PATIENCE).unwrap(), Ok(2_000));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let first = links[0].clone();
    let depth = runtime.block_on(async move { tokio::spawn(first.depth()).await.unwrap() });
    assert_eq!(depth.unwrap(), Ok(2_000));
}

#[test]
fn a_chain_deeper_than_the_threads_allow_fails_with_a_clear_error() {
    let _turn = ONE_CHAIN_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // With restarts allowed, no caller runs a call: each waiting link holds a thread.
    let links = chain(600, 1);
    let error = links[0]
        .depth()
        .get_timeout(PATIENCE)
        .unwrap()
        .expect_err("600 blocked threads are more than the runtime allows");
    assert!(error.contains("threads already block"), "{error}");
    // Every link answered (with the error passed up the chain); the chain works again.
    assert_eq!(links[599].depth().get_timeout(PATIENCE).unwrap(), Ok(1));
}
