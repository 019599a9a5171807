//! A call that an actor's quick sync method sends to an idle actor runs in the sender's
//! loop, right after that method: the loop hosts it, with no wake-up and no task switch.
//! Hosting changes where a call runs, never what it does: order, a panic, and a hosted call
//! that waits for its own host all behave as if the receiver's loop had run the call.
//!
//! Each method notes the tokio task it ran in, so that a test knows which path a call took.
//! A call is hosted only if its receiver's loop is parked just then, so each test that needs
//! a hosted call tries until one is.

mod common;

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actor_core::prelude::*;
use actor_core::{ActorState, DeathCause};
use common::PATIENCE;
use tokio::task::Id as TaskId;

/// What each call noted: its number and the task it ran in.
type Notes = Arc<Mutex<Vec<(u64, Option<TaskId>)>>>;

fn note(notes: &Notes, n: u64) {
    notes.lock().unwrap().push((n, tokio::task::try_id()));
}

/// Blocks until `done` holds, failing the test after `PATIENCE`.
fn wait_for(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !done() {
        assert!(Instant::now() < deadline, "{what} did not happen");
        std::thread::sleep(Duration::from_micros(200));
    }
}

#[actor]
struct Recorder {
    notes: Notes,
}

#[actor(local)]
impl Recorder {
    fn new(notes: Notes) -> Self {
        Self { notes }
    }

    /// Notes `n` and the task this call runs in.
    pub fn note(&mut self, n: u64) {
        note(&self.notes, n);
    }

    /// Does nothing: once it answered, the actor's loop is about to park.
    pub fn ready(&self) {}

    /// Notes `n`, then panics if `fail`.
    pub fn fail(&mut self, n: u64, fail: bool) {
        note(&self.notes, n);
        assert!(!fail, "asked to fail");
    }
}

#[actor]
struct Sender {
    target: RecorderHandle,
    sent: Notes,
}

#[actor(local)]
impl Sender {
    fn new(target: RecorderHandle, sent: Notes) -> Self {
        Self { target, sent }
    }

    /// Notes `n` and its own task, then tells the target to note `n`.
    pub fn send(&mut self, n: u64) {
        note(&self.sent, n);
        self.target.tell().note(n).unwrap();
    }

    /// Tells the target to note `first..first + count`, all in this one call.
    pub fn burst(&mut self, first: u64, count: u64) {
        for n in first..first + count {
            self.target.tell().note(n).unwrap();
        }
    }

    /// Notes `n`, then tells the target to fail (or not) with `n`.
    pub fn send_failure(&mut self, n: u64, fail: bool) {
        note(&self.sent, n);
        self.target.tell().fail(n, fail).unwrap();
    }

    pub fn ping(&self) {}
}

/// A recorder, and a sender whose target it is.
struct Pair {
    recorder: RecorderHandle,
    notes: Notes,
    sender: SenderHandle,
    sent: Notes,
}

fn pair() -> Pair {
    let (notes, sent) = (Notes::default(), Notes::default());
    let recorder = Recorder::remote(notes.clone());
    let sender = Sender::remote(recorder.clone(), sent.clone());
    Pair {
        recorder,
        notes,
        sender,
        sent,
    }
}

impl Pair {
    /// Whether the call numbered `n` ran in the task of the sender's call numbered `n`.
    fn hosted(&self, n: u64) -> bool {
        let task_of = |notes: &Notes| {
            let notes = notes.lock().unwrap();
            notes
                .iter()
                .find(|(m, _)| *m == n)
                .and_then(|(_, task)| *task)
        };
        let sent_from = task_of(&self.sent);
        sent_from.is_some() && sent_from == task_of(&self.notes)
    }
}

#[test]
fn a_call_sent_to_an_idle_actor_runs_in_the_senders_loop_in_order() {
    let pair = pair();
    for n in 0..200 {
        pair.sender.tell().send(n).unwrap();
        wait_for("the note", || {
            pair.notes.lock().unwrap().len() as u64 == n + 1
        });
    }
    let numbers: Vec<u64> = pair.notes.lock().unwrap().iter().map(|(n, _)| *n).collect();
    assert_eq!(numbers, (0..200).collect::<Vec<u64>>());
    let hosted = (0..200).filter(|&n| pair.hosted(n)).count();
    assert!(hosted > 0, "no call ran in the sender's loop");
}

#[test]
fn calls_from_several_senders_keep_each_senders_order() {
    const SENDERS: u64 = 3;
    const EACH: u64 = 3_000;
    let notes = Notes::default();
    let recorder = Recorder::remote(notes.clone());
    let senders: Vec<SenderHandle> = (0..SENDERS)
        .map(|_| Sender::remote(recorder.clone(), Notes::default()))
        .collect();
    // Bursts of 100, each sender numbering its calls from its own base.
    for first in (0..EACH).step_by(100) {
        for (index, sender) in (0..).zip(&senders) {
            sender.tell().burst(index * 1_000_000 + first, 100).unwrap();
        }
    }
    wait_for("every note", || {
        notes.lock().unwrap().len() as u64 == SENDERS * EACH
    });
    let notes = notes.lock().unwrap();
    for index in 0..SENDERS {
        let from_sender: Vec<u64> = notes
            .iter()
            .map(|(n, _)| *n)
            .filter(|n| n / 1_000_000 == index)
            .map(|n| n % 1_000_000)
            .collect();
        assert_eq!(from_sender, (0..EACH).collect::<Vec<u64>>());
    }
}

#[actor]
struct Player {
    peer: Option<PlayerHandle>,
    last: u64,
    hops: Notes,
    done: mpsc::Sender<u64>,
}

#[actor(local)]
impl Player {
    fn new(last: u64, hops: Notes, done: mpsc::Sender<u64>) -> Self {
        Self {
            peer: None,
            last,
            hops,
            done,
        }
    }

    pub fn set_peer(&mut self, peer: PlayerHandle) {
        self.peer = Some(peer);
    }

    /// Notes hop `n`, then passes `n + 1` to the peer, up to the last hop.
    pub fn hop(&mut self, n: u64) {
        note(&self.hops, n);
        if n == self.last {
            self.done.send(n).unwrap();
        } else if let Some(peer) = &self.peer {
            peer.tell().hop(n + 1).unwrap();
        }
    }
}

#[test]
fn two_actors_bouncing_calls_run_every_hop_once_in_order() {
    const LAST: u64 = 20_000;
    let (done, finished) = mpsc::channel();
    let (hops_a, hops_b) = (Notes::default(), Notes::default());
    let a = Player::remote(LAST, hops_a.clone(), done.clone());
    let b = Player::remote(LAST, hops_b.clone(), done);
    a.set_peer(b.clone()).get().unwrap();
    b.set_peer(a.clone()).get().unwrap();
    a.tell().hop(0).unwrap();
    assert_eq!(finished.recv_timeout(PATIENCE), Ok(LAST));
    let numbers = |hops: &Notes| -> Vec<u64> { hops.lock().unwrap().iter().map(|h| h.0).collect() };
    assert_eq!(
        numbers(&hops_a),
        (0..=LAST).step_by(2).collect::<Vec<u64>>()
    );
    assert_eq!(
        numbers(&hops_b),
        (1..=LAST).step_by(2).collect::<Vec<u64>>()
    );
    // Hop n + 1 ran in the task of hop n: B's call in A's loop, or A's in B's.
    let tasks: Vec<Option<TaskId>> = {
        let (a, b) = (hops_a.lock().unwrap(), hops_b.lock().unwrap());
        let mut tasks = vec![None; LAST as usize + 1];
        for (n, task) in a.iter().chain(b.iter()) {
            tasks[*n as usize] = *task;
        }
        tasks
    };
    let in_one_loop = tasks
        .windows(2)
        .filter(|pair| pair[0].is_some() && pair[0] == pair[1])
        .count();
    assert!(in_one_loop > 0, "no hop ran in the loop of the hop before");
}

#[test]
fn a_hosted_call_that_panics_fails_its_own_actor_only() {
    // `fail` proves quick first: only such a call is hosted.
    let warm = pair();
    warm.sender.tell().send_failure(0, false).unwrap();
    wait_for("the first call", || warm.notes.lock().unwrap().len() == 1);
    for attempt in 0..100 {
        let pair = pair();
        // A call is hosted only if its receiver's loop is parked: a new one has not yet.
        pair.recorder.ready().get().unwrap();
        pair.sender.tell().send_failure(attempt, true).unwrap();
        wait_for("the failure", || {
            matches!(pair.recorder.state(), ActorState::Dead { .. })
        });
        match pair.recorder.state() {
            ActorState::Dead {
                cause: DeathCause::MethodPanicked { method, message },
            } => {
                assert_eq!(method, "fail");
                assert!(message.contains("asked to fail"), "{message}");
            }
            other => panic!("the recorder should have died of its panic, not {other:?}"),
        }
        let error = pair.recorder.note(1).get_timeout(PATIENCE).unwrap_err();
        assert!(matches!(error, Error::ActorDied { .. }), "{error}");
        pair.sender.ping().get_timeout(PATIENCE).unwrap();
        if pair.hosted(attempt) {
            return;
        }
    }
    panic!("the failing call never ran in the sender's loop");
}

#[actor]
struct Asker {}

#[actor(local)]
impl Asker {
    fn new() -> Self {
        Self {}
    }

    /// Sleeps for `delay`, then answers. Slow on its first call, so that it never proves
    /// quick: no caller runs it, only the actor's loop, or a thread its loop waits on.
    pub fn answer(&self, delay: Duration) -> u64 {
        std::thread::sleep(delay);
        42
    }

    /// Notes `n`, then tells `helper` (if any) to ask this actor for its answer.
    pub fn ask_through(&mut self, n: u64, helper: Option<HelperHandle>, sent: Notes) {
        note(&sent, n);
        if let Some(helper) = helper {
            let me = actor_core::context::current_actor::<Asker>().unwrap();
            helper.tell().look_up(n, Some(me)).unwrap();
        }
    }
}

/// What a helper got: the call's number, the task it ran in, and the answer.
type LookedUp = (u64, Option<TaskId>, Result<u64, String>);

#[actor]
struct Helper {
    looked_up: Arc<Mutex<Vec<LookedUp>>>,
}

#[actor(local)]
impl Helper {
    fn new() -> Self {
        Self {
            looked_up: Arc::default(),
        }
    }

    /// Waits for `asker`'s answer (if any), and keeps it with `n` and its own task.
    pub fn look_up(&mut self, n: u64, asker: Option<AskerHandle>) {
        if let Some(asker) = asker {
            let answer = asker.answer(Duration::ZERO).get_timeout(PATIENCE);
            let answer = answer.map_err(|error| error.to_string());
            let task = tokio::task::try_id();
            self.looked_up.lock().unwrap().push((n, task, answer));
        }
    }

    pub fn looked_up(&self) -> Vec<LookedUp> {
        self.looked_up.lock().unwrap().clone()
    }
}

#[test]
fn a_hosted_call_that_waits_for_its_host_gets_the_answer() {
    // The methods the test relies on take their modes first: `answer` blocks, the other two
    // are quick (so that `look_up` can be hosted).
    let (asker, helper) = (Asker::remote(), Helper::remote());
    asker.answer(Duration::from_millis(20)).get().unwrap();
    asker.ask_through(0, None, Notes::default()).get().unwrap();
    helper.look_up(0, None).get().unwrap();
    for attempt in 0..100 {
        let (asker, helper, sent) = (Asker::remote(), Helper::remote(), Notes::default());
        // A call is hosted only if its receiver's loop is parked: a new one has not yet.
        helper.looked_up().get().unwrap();
        asker
            .tell()
            .ask_through(attempt, Some(helper.clone()), sent.clone())
            .unwrap();
        let looked_up = loop {
            let looked_up = helper.looked_up().get_timeout(PATIENCE).unwrap();
            if !looked_up.is_empty() {
                break looked_up;
            }
            std::thread::sleep(Duration::from_micros(200));
        };
        let (n, task, answer) = &looked_up[0];
        assert_eq!((*n, answer), (attempt, &Ok(42)));
        let asked_from = sent.lock().unwrap()[0].1;
        if asked_from.is_some() && asked_from == *task {
            return;
        }
    }
    panic!("the call that waits for its host never ran in that host's loop");
}

#[actor]
struct Node {
    next: Option<NodeHandle>,
    seen: u64,
    done: mpsc::Sender<u64>,
}

#[actor(local)]
impl Node {
    fn new(done: mpsc::Sender<u64>) -> Self {
        Self {
            next: None,
            seen: 0,
            done,
        }
    }

    pub fn set_next(&mut self, next: NodeHandle) {
        self.next = Some(next);
    }

    /// Counts the token, then passes it on until `hops_left` runs out; every fifth hop
    /// first waits for the next node's count (a hosted wait, when the loop hosts this).
    pub fn pass(&mut self, token: u64, hops_left: u64) {
        self.seen += 1;
        let Some(next) = &self.next else { return };
        if hops_left == 0 {
            self.done.send(token).unwrap();
            return;
        }
        if hops_left.is_multiple_of(5) {
            next.seen().get_timeout(PATIENCE).unwrap();
        }
        next.tell().pass(token, hops_left - 1).unwrap();
    }

    pub fn seen(&self) -> u64 {
        self.seen
    }
}

/// Passes `tokens` tokens around a ring of `nodes` nodes, `hops` hops each; checks that
/// each arrives and that every hop was counted once. Fewer tokens than nodes: the waits
/// never close a cycle.
fn pass_tokens_around_a_ring(nodes: usize, tokens: u64, hops: u64) {
    assert!((tokens as usize) < nodes);
    let (done, finished) = mpsc::channel();
    let ring: Vec<NodeHandle> = (0..nodes).map(|_| Node::remote(done.clone())).collect();
    for (index, node) in ring.iter().enumerate() {
        node.set_next(ring[(index + 1) % nodes].clone())
            .get()
            .unwrap();
    }
    for token in 0..tokens {
        let start = token as usize * nodes / tokens as usize;
        ring[start].tell().pass(token, hops).unwrap();
    }
    let mut arrived: Vec<u64> = (0..tokens)
        .map(|_| finished.recv_timeout(PATIENCE).expect("a token got lost"))
        .collect();
    arrived.sort_unstable();
    assert_eq!(arrived, (0..tokens).collect::<Vec<u64>>());
    let seen: u64 = ring.iter().map(|node| node.seen().get().unwrap()).sum();
    assert_eq!(seen, tokens * (hops + 1));
}

#[test]
fn tokens_passed_around_a_ring_with_waits_on_the_next_node_all_arrive() {
    pass_tokens_around_a_ring(6, 3, 3_000);
}

/// In a ring of two, the next node of a hosted call is its host: the wait for its count
/// is served by the blocked thread itself.
#[test]
fn a_token_bounced_between_two_nodes_with_waits_on_each_other_arrives() {
    pass_tokens_around_a_ring(2, 1, 3_000);
}
