//! A worker process that sends bytes that are not frames: its connection closes, its calls
//! fail with a clear error, the driver logs it and lives on, the actor restarts if allowed,
//! and no process is left.
//!
//! The worker's method writes the bytes itself, to its own connection's socket (the only
//! socket a worker has), while calls to it are queued behind it.

mod common;
mod log_capture;

use actor_core::prelude::*;
use actor_core::{ActorState, DeathCause, state};
use log_capture::{events_of, listen};
use tracing::Level;

actor_core::worker_test_support!();

/// The largest frame the driver accepts (`remote::frame::MAX_FRAME_LEN`).
const MAX_FRAME_LEN: u32 = 64 * 1024 * 1024;

#[actor]
#[derive(Default)]
pub struct Saboteur {
    value: i64,
}

#[actor]
impl Saboteur {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn pid(&self) -> u32 {
        std::process::id()
    }

    pub fn add(&mut self, by: i64) -> i64 {
        self.value += by;
        self.value
    }

    /// Writes `bytes` to the worker's connection to its driver, past the framing.
    pub fn corrupt(&self, bytes: Vec<u8>) {
        let socket = connection_to_driver();
        let sent = nix::sys::socket::send(socket, &bytes, nix::sys::socket::MsgFlags::empty())
            .expect("writes to its connection");
        assert_eq!(sent, bytes.len(), "the bytes went out in one write");
    }
}

/// The fd of this worker's connection to its driver: the socket whose peer is a driver's
/// worker socket (`worker-N.sock`). Not just any socket: a worker inherits those its driver
/// inherited (`cargo test` passes some).
fn connection_to_driver() -> i32 {
    let is_worker_socket = |fd: i32| {
        let peer = nix::sys::socket::getpeername::<nix::sys::socket::UnixAddr>(fd).ok()?;
        let name = peer.path()?.file_name()?.to_str()?.to_owned();
        Some(name.starts_with("worker-") && name.ends_with(".sock"))
    };
    let sockets: Vec<i32> = std::fs::read_dir("/proc/self/fd")
        .expect("lists its fds")
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let link = std::fs::read_link(entry.path()).ok()?;
            link.to_string_lossy()
                .starts_with("socket:[")
                .then_some(())?;
            let fd = entry.file_name().to_str()?.parse().ok()?;
            is_worker_socket(fd)?.then_some(fd)
        })
        .collect();
    let [socket] = sockets[..] else {
        panic!("a worker has one connection to its driver; found fds {sockets:?}");
    };
    socket
}

/// A frame of 5 bytes whose body is not a frame: `0xff` does not end a variant's number.
fn malformed_frame() -> Vec<u8> {
    let mut bytes = 5u32.to_be_bytes().to_vec();
    bytes.extend([0xff; 5]);
    bytes
}

/// A length prefix one byte over the limit, and a few bytes of the promised body.
fn oversized_prefix() -> Vec<u8> {
    let mut bytes = (MAX_FRAME_LEN + 1).to_be_bytes().to_vec();
    bytes.extend([0; 8]);
    bytes
}

/// The `WorkerLost` reason of `error`, or a panic saying what `error` was.
fn lost_reason(error: &Error) -> &str {
    match error {
        Error::ActorDied {
            cause: DeathCause::WorkerLost { reason },
            ..
        } => reason,
        other => panic!("expected ActorDied with cause WorkerLost, got {other:?}"),
    }
}

/// Makes `saboteur` send `bytes` with ten calls queued behind, and checks that the call and
/// those queued fail with `WorkerLost` saying `says`, that the driver warns of it, and that
/// the worker process is gone. Returns how many of the queued calls ran in a new worker
/// instead: with `restarts`, those the driver had not sent yet when it read the bad bytes
/// (the last ones, in order); none without.
fn sabotage(saboteur: &SaboteurHandle, bytes: Vec<u8>, says: &str, restarts: bool) -> i64 {
    let events = listen();
    let pid = saboteur.pid().get().expect("answers");
    let corrupt = saboteur.corrupt(bytes);
    let queued: Vec<ObjectRef<i64>> = (0..10).map(|_| saboteur.add(1)).collect();

    let error = corrupt.get().expect_err("its connection was corrupted");
    let reason = lost_reason(&error);
    assert!(reason.contains(says), "{reason} should say {says}");
    let message = error.to_string();
    let what_happened = "died: the connection to its worker process failed: it sent bytes \
                         that are not a frame, so the driver killed the worker process";
    assert!(
        message.contains(&format!("actor Saboteur {}", saboteur.actor_id()))
            && message.contains(what_happened),
        "the error should name the actor and say what happened: {message}"
    );
    let mut ran_again = 0;
    for call in queued {
        match call.get() {
            // Sent to the worker before it was lost: failed with it, all before the first
            // that was not.
            Err(queued_error) if ran_again == 0 => {
                assert_eq!(lost_reason(&queued_error), reason);
            }
            // Still in the mailbox: the new worker ran it, on a fresh actor.
            Ok(value) if restarts => {
                ran_again += 1;
                assert_eq!(value, ran_again, "the calls left ran in order");
            }
            other => panic!("queued behind the bad bytes: {other:?}"),
        }
    }

    let seen = events_of(&events, pid, |event| event.level == Level::WARN);
    let warning = seen.last().expect("the awaited event");
    let logged = warning.field("error").expect("says what was wrong");
    assert!(logged.contains(says), "{logged} should say {says}");
    assert!(
        warning
            .field("actor")
            .is_some_and(|actor| actor.contains("Saboteur")),
        "{warning:?}"
    );
    common::wait_until_gone(pid);
    ran_again
}

/// Another isolated actor and an in-process one serve calls.
fn others_still_work() {
    let isolated = Saboteur::options().isolated(true).remote().expect("starts");
    let in_process = Saboteur::remote();
    assert_eq!(isolated.add(2).get(), Ok(2));
    assert_eq!(in_process.add(3).get(), Ok(3));
    let pid = isolated.pid().get().expect("answers");
    kill(&isolated);
    common::wait_until_gone(pid);
}

#[test]
fn a_malformed_frame_fails_the_calls_and_kills_the_worker() {
    let saboteur = Saboteur::options().isolated(true).remote().expect("starts");
    sabotage(
        &saboteur,
        malformed_frame(),
        "malformed frame of 5 bytes",
        false,
    );
    assert!(matches!(
        saboteur.state(),
        ActorState::Dead {
            cause: DeathCause::WorkerLost { .. }
        }
    ));
    assert!(
        saboteur.add(1).get().is_err(),
        "dead for good without restarts"
    );
    others_still_work();
}

#[test]
fn an_oversized_length_prefix_fails_the_calls_and_kills_the_worker() {
    let saboteur = Saboteur::options().isolated(true).remote().expect("starts");
    sabotage(
        &saboteur,
        oversized_prefix(),
        "frame of 67108865 bytes is over the limit of 67108864 bytes",
        false,
    );
    others_still_work();
}

#[test]
fn with_restarts_the_actor_serves_again_in_a_new_process() {
    let saboteur = Saboteur::options()
        .isolated(true)
        .max_restarts(1)
        .remote()
        .expect("starts");
    let first = saboteur.pid().get().expect("answers");
    let ran_again = sabotage(&saboteur, malformed_frame(), "malformed frame", true);
    assert_eq!(
        saboteur.add(5).get(),
        Ok(ran_again + 5),
        "constructed again"
    );
    let second = saboteur.pid().get().expect("answers");
    assert_ne!(second, first);
    let info = state::list_actors()
        .into_iter()
        .find(|info| info.id == saboteur.actor_id())
        .expect("listed");
    assert_eq!((info.num_restarts, info.pid), (1, second));
    kill(&saboteur);
    common::wait_until_gone(second);
}
