//! Chains of sync actors, each method `.get()`ing the next actor's: deep chains complete
//! (the calls a waiting caller runs itself nest only so deep on one stack), and a chain that
//! would take every thread of the runtime fails with a clear error instead of hanging.

// rustc does not count the calls in the generated dispatch as uses of the methods that
// `link_class!` writes, and `#[actor]` keeps no `allow` on a method.
#![allow(dead_code)]

mod common;

use actor_core::prelude::*;
use common::PATIENCE;

/// A class of links, each waiting on the next. One class per test: a class learns from its
/// calls whether a method blocks (a link that waited long for its chain is slow), and that
/// decides whether waiting callers may run its calls.
macro_rules! link_class {
    ($class:ident, $handle:ident) => {
        #[actor]
        struct $class {
            next: Option<$handle>,
        }

        #[actor]
        impl $class {
            fn new() -> Self {
                Self { next: None }
            }

            pub fn set_next(&mut self, next: $handle) {
                self.next = Some(next);
            }

            /// How many links answer from here to the end of the chain, each waiting for
            /// the next.
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

        impl $class {
            /// `length` links that restart up to `max_restarts` times, each knowing the
            /// next; the last one's `depth` proved quick already, so that waiting callers
            /// may run the calls themselves.
            fn chain(length: usize, max_restarts: i32) -> Vec<$handle> {
                let links: Vec<$handle> = (0..length)
                    .map(|_| {
                        $class::options()
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
        }
    };
}

link_class!(Link, LinkHandle);
link_class!(TaskLink, TaskLinkHandle);
link_class!(HeavyLink, HeavyLinkHandle);

/// The threads blocked in waits are counted for the whole process: the tests of this file
/// take turns, so that one's chain does not use up another's.
static ONE_CHAIN_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_chain_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_CHAIN_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[test]
fn a_chain_of_two_thousand_sync_actors_completes() {
    let _turn = one_chain_at_a_time();
    let links = Link::chain(2_000, 0);
    assert_eq!(links[0].depth().get_timeout(PATIENCE).unwrap(), Ok(2_000));
}

#[test]
fn a_chain_of_two_thousand_sync_actors_awaited_in_a_tokio_task_completes() {
    let _turn = one_chain_at_a_time();
    let links = TaskLink::chain(2_000, 0);
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
    let _turn = one_chain_at_a_time();
    // With restarts allowed, no caller runs a call: each waiting link holds a thread.
    let links = HeavyLink::chain(600, 1);
    let error = links[0]
        .depth()
        .get_timeout(PATIENCE)
        .unwrap()
        .expect_err("600 blocked threads are more than the runtime allows");
    assert!(error.contains("threads already block"), "{error}");
    // Every link answered (with the error passed up the chain); the chain works again.
    assert_eq!(links[599].depth().get_timeout(PATIENCE).unwrap(), Ok(1));
}
