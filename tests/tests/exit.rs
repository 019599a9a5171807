//! A program exits when its `main` returns, even while an actor's method blocks forever:
//! the blocked actor dies with the process.

mod common;

use std::process::{Command, Stdio};
use std::sync::mpsc;

use common::{Gated, Latch, PATIENCE};

/// Set in the child process of [`main_returns_while_a_method_blocks_forever`], which plays
/// the program.
const PROGRAM: &str = "ACTOR_CORE_TEST_EXIT_PROGRAM";

/// What `#[tokio::main]` does: run the body on a multi-threaded runtime, then drop it as
/// `main` returns. The body leaves a sync method blocked for good.
fn program() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let actor = Gated::remote();
        let started = Latch::new();
        let never = Latch::new();
        let _blocked = actor.block(started.clone(), never, 0);
        started.wait_async().await;
    });
    drop(runtime);
    println!("main returned");
}

#[test]
fn main_returns_while_a_method_blocks_forever() {
    if std::env::var_os(PROGRAM).is_some() {
        program();
        return;
    }
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "main_returns_while_a_method_blocks_forever",
            "--nocapture",
        ])
        .env(PROGRAM, "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (done, exited) = mpsc::channel();
    std::thread::spawn(move || {
        let output = std::io::read_to_string(stdout).unwrap_or_default();
        let _ = done.send(output);
    });
    // The child's output ends when it exits. Only a hang reaches the bound.
    let Ok(output) = exited.recv_timeout(PATIENCE * 3) else {
        child.kill().unwrap();
        child.wait().unwrap();
        panic!("the program did not exit after its main returned");
    };
    let status = child.wait().unwrap();
    assert!(status.success(), "{output}");
    assert!(output.contains("main returned"), "{output}");
}
