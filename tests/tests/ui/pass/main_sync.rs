//! `#[actor_core::main]` on a sync `fn main`: the program runs as written, and can start
//! itself again as a worker process (the placeholder worker exits with 70; the lead changes
//! this check when the real worker lands).

#[actor_core::main]
fn main() {
    let exit = actor_core::__private::start_worker_and_wait_for_tests().expect("a worker starts");
    assert_eq!(exit, actor_core::WorkerExit::Code(70));
}
