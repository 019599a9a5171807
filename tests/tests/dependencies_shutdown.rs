//! Calls and tasks waiting for arguments given as `ObjectRef`s when the runtime shuts down:
//! they resolve with `Error::RuntimeShutdown`, as every pending `ObjectRef` does. Alone in
//! its binary, since it stops the runtime every other test would share.

mod common;

use std::sync::Arc;

use actor_core::Config;
use actor_core::prelude::*;
use common::{Latch, PATIENCE};

/// Returns `value` once `gate` opens; asks for no CPU.
#[task(num_cpus = 0.0)]
fn released(gate: Arc<Latch>, value: u64) -> u64 {
    assert!(
        gate.wait_timeout(PATIENCE),
        "the test never opened the gate"
    );
    value
}

#[task]
fn add(a: u64, b: u64) -> u64 {
    a + b
}

#[actor]
struct Total {
    total: u64,
}

#[actor]
impl Total {
    fn new() -> Self {
        Self { total: 0 }
    }

    fn add(&mut self, by: u64) -> u64 {
        self.total += by;
        self.total
    }
}

#[test]
fn work_waiting_for_arguments_resolves_at_shutdown() {
    actor_core::init_with(Config::new().num_cpus(1.0)).unwrap();
    let gate = Latch::new();
    let task = add::remote(released::remote(gate.clone(), 1), 1);
    let total = Total::remote();
    let call = total.add(released::remote(gate.clone(), 2));
    let behind = total.add(3);
    actor_core::shutdown();
    for (what, pending) in [("task", task), ("call", call), ("behind", behind)] {
        let result = pending.get_timeout(PATIENCE);
        assert_eq!(result, Err(Error::RuntimeShutdown), "{what}");
    }
    gate.open();

    // The next runtime takes arguments as references again.
    let total = Total::remote();
    assert_eq!(total.add(add::remote(add::remote(1, 2), 3)).get(), Ok(6));
}
