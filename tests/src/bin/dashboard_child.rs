//! A program for `tests/dashboard_token.rs`: it starts the runtime the way its arguments
//! and environment say, prints what became of the dashboard on stdout, and runs until its
//! stdin closes.
//!
//! - `dashboard_child env`: starts the runtime by first use, so `ACTOR_CORE_DASHBOARD`
//!   decides; prints `url: URL` or `url: none`.
//! - `dashboard_child config ADDR`: `init_with(Config::new().dashboard(ADDR))`; prints
//!   `url: ...`, or `error: {error}` when the start fails.
//! - `dashboard_child restart`: as `env`, then shuts the runtime down and prints
//!   `after shutdown: ...`, then starts it again and prints `url again: ...`.

use std::io::{Read, Write};

use actor_core::Config;
use actor_core::prelude::*;

#[actor]
struct Beacon;

#[actor]
impl Beacon {
    fn new() -> Self {
        Self
    }

    pub fn shine(&self) -> u32 {
        1
    }
}

/// Starts the runtime by using it: a named actor, called once.
fn use_the_runtime() -> BeaconHandle {
    let beacon = Beacon::options()
        .name("child-beacon")
        .remote()
        .expect("the beacon starts");
    beacon.shine().get().expect("the beacon answers");
    beacon
}

fn url() -> String {
    actor_core::dashboard_url().unwrap_or_else(|| "none".to_owned())
}

fn say(line: &str) {
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}").expect("stdout is open");
    stdout.flush().expect("stdout is open");
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut kept = Vec::new();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["env"] => {
            kept.push(use_the_runtime());
            say(&format!("url: {}", url()));
        }
        ["config", address] => match actor_core::init_with(Config::new().dashboard(*address)) {
            Ok(()) => {
                kept.push(use_the_runtime());
                say(&format!("url: {}", url()));
            }
            Err(error) => say(&format!("error: {error}")),
        },
        ["restart"] => {
            drop(use_the_runtime());
            say(&format!("url: {}", url()));
            actor_core::shutdown();
            say(&format!("after shutdown: {}", url()));
            kept.push(use_the_runtime());
            say(&format!("url again: {}", url()));
        }
        _ => panic!("usage: dashboard_child env | config ADDR | restart"),
    }
    let mut rest = Vec::new();
    // Runs until the test closes stdin.
    let _ = std::io::stdin().read_to_end(&mut rest);
}
