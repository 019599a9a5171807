//! A call that an actor's quick sync method sends to an idle actor runs in the sender's
//! loop, right after that method: the loop hosts it, with no wake-up and no task switch.
//! Hosting changes where a call runs, never what it does: order, a panic, and a hosted call
//! that waits for its own host all behave as if the receiver's loop had run the call.
//!
//! Each method notes the tokio task it ran in, so that a test knows which path a call took.
//! A call is hosted when its method proved quick and its receiver's loop is parked. The tests
//! of where calls run make both certain rather than likely: they first prove each method
//! quick on actors of their own (a class learns its methods' modes once, for all its actors),
//! then run on one worker thread (`common::on_one_worker`), where a loop that answered a call
//! has parked before the caller goes on. Each of them has classes of its own: a slow call in
//! another test would teach a shared class that a method blocks, and hosting would stop.
//!
//! A class learns a method's mode as the call closes, just after it answered: the caller of
//! a first call may go on before that. A later call to the same actor is taken by its loop
//! only after that close, so its answer says that the class has learnt. A first call is
//! judged by the time its body takes, and a thread preempted during it looks just as slow as
//! one that blocks, and one slow first call marks a sync method blocking for good: so the
//! proving calls do as little as they can, and wake nobody (a wake may take a system call).

mod common;

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actor_core::prelude::*;
use actor_core::{ActorState, DeathCause};
use common::{PATIENCE, on_one_worker};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::Id as TaskId;

/// What each call noted: its number and the task it ran in.
type Notes = Arc<Mutex<Vec<(u64, Option<TaskId>)>>>;

fn note(notes: &Notes, n: u64) {
    notes.lock().unwrap().push((n, tokio::task::try_id()));
}

/// The task the call numbered `n` noted in `notes`, if it noted one.
fn task_of(notes: &Notes, n: u64) -> Option<TaskId> {
    let notes = notes.lock().unwrap();
    notes
        .iter()
        .find(|(m, _)| *m == n)
        .and_then(|(_, task)| *task)
}

/// Waits for the next number on `numbers`, failing the test after `PATIENCE`.
async fn next<T>(numbers: &mut UnboundedReceiver<T>, what: &str) -> T {
    match tokio::time::timeout(PATIENCE, numbers.recv()).await {
        Ok(Some(number)) => number,
        Ok(None) => panic!("{what}: every sender is gone"),
        Err(_) => panic!("{what} did not happen"),
    }
}

#[actor]
struct Recorder {
    notes: Notes,
    noted: UnboundedSender<u64>,
}

#[actor(local)]
impl Recorder {
    fn new(notes: Notes, noted: UnboundedSender<u64>) -> Self {
        Self { notes, noted }
    }

    /// Notes `n` and the task this call runs in, then says so on `noted`.
    pub fn note(&mut self, n: u64) {
        note(&self.notes, n);
        self.noted.send(n).unwrap();
    }

    /// Does nothing: once it answered, the actor's loop is about to park.
    pub fn ready(&self) {}
}

#[actor]
struct Sender {
    target: Option<RecorderHandle>,
    sent: Notes,
}

#[actor(local)]
impl Sender {
    fn new(target: Option<RecorderHandle>, sent: Notes) -> Self {
        Self { target, sent }
    }

    /// Notes `n` and its own task, then tells the target (if any) to note `n`.
    pub fn send(&mut self, n: u64) {
        note(&self.sent, n);
        if let Some(target) = &self.target {
            target.tell().note(n).unwrap();
        }
    }
}

/// A recorder, and a sender whose target it is (if `connected`).
struct Pair {
    recorder: RecorderHandle,
    notes: Notes,
    /// The numbers the recorder noted, as it notes them.
    noted: UnboundedReceiver<u64>,
    sender: SenderHandle,
    sent: Notes,
}

fn pair(connected: bool) -> Pair {
    let (notes, sent) = (Notes::default(), Notes::default());
    let (noted_tx, noted) = unbounded_channel();
    let recorder = Recorder::remote(notes.clone(), noted_tx);
    let target = connected.then(|| recorder.clone());
    let sender = Sender::remote(target, sent.clone());
    Pair {
        recorder,
        notes,
        noted,
        sender,
        sent,
    }
}

/// Sends `n` calls, one at a time, to an idle actor: its loop never wakes, the sender's loop
/// hosts each. Few enough that only the first call of `note` is timed (the first call of a
/// method on each actor, then one in 16): a slow timed call would make the class suspect
/// that it blocks, and host no more of it.
#[test]
fn every_call_sent_to_an_idle_actor_runs_in_the_senders_loop_in_order() {
    const CALLS: u64 = 15;
    on_one_worker(async {
        // Proves the methods quick, each call answered after the class learnt from the one
        // before; nobody waits on `noted` yet, so a note wakes nobody.
        let prover = pair(false);
        for n in 0..3 {
            prover.sender.send(n).await.unwrap();
            prover.recorder.note(n).await.unwrap();
        }
        for _ in 0..3 {
            prover.recorder.ready().await.unwrap();
        }

        let mut pair = pair(true);
        // Its loop parks once it answered: on the one worker, before this task goes on.
        pair.recorder.ready().await.unwrap();
        for n in 0..CALLS {
            // One at a time: a loop hosts nothing while it holds told calls taken ahead.
            pair.sender.tell().send(n).unwrap();
            assert_eq!(next(&mut pair.noted, "the note").await, n);
        }
        let numbers: Vec<u64> = pair.notes.lock().unwrap().iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, (0..CALLS).collect::<Vec<u64>>());
        let hosted = |n| {
            let sent_from = task_of(&pair.sent, n);
            sent_from.is_some() && sent_from == task_of(&pair.notes, n)
        };
        let elsewhere: Vec<u64> = (0..CALLS).filter(|&n| !hosted(n)).collect();
        assert!(
            elsewhere.is_empty(),
            "these calls did not run in the sender's loop: {elsewhere:?}"
        );
    });
}

#[actor]
struct Fragile {
    ran_in: UnboundedSender<Option<TaskId>>,
}

#[actor(local)]
impl Fragile {
    fn new(ran_in: UnboundedSender<Option<TaskId>>) -> Self {
        Self { ran_in }
    }

    /// Panics if `fail`, after it sent the task this call runs in.
    pub fn fail(&mut self, fail: bool) {
        if fail {
            self.ran_in.send(tokio::task::try_id()).unwrap();
            panic!("asked to fail");
        }
    }

    /// Does nothing: once it answered, the actor's loop is about to park.
    pub fn ready(&self) {}
}

#[actor]
struct Breaker {
    target: Option<FragileHandle>,
    sent_from: UnboundedSender<Option<TaskId>>,
}

#[actor(local)]
impl Breaker {
    fn new(target: Option<FragileHandle>, sent_from: UnboundedSender<Option<TaskId>>) -> Self {
        Self { target, sent_from }
    }

    /// Sends the task this call runs in, then tells the target (if any) to fail.
    pub fn break_target(&mut self) {
        self.sent_from.send(tokio::task::try_id()).unwrap();
        if let Some(target) = &self.target {
            target.tell().fail(true).unwrap();
        }
    }

    pub fn ping(&self) {}
}

/// A target and a breaker whose target it is, with the tasks their calls ran in.
struct Breakable {
    target: FragileHandle,
    ran_in: UnboundedReceiver<Option<TaskId>>,
    breaker: BreakerHandle,
    sent_from: UnboundedReceiver<Option<TaskId>>,
}

/// A target, and a breaker whose target it is (if `connected`).
fn breakable(connected: bool) -> Breakable {
    let ((ran_in_tx, ran_in), (sent_from_tx, sent_from)) =
        (unbounded_channel(), unbounded_channel());
    let target = Fragile::remote(ran_in_tx);
    let breaker = Breaker::remote(connected.then(|| target.clone()), sent_from_tx);
    Breakable {
        target,
        ran_in,
        breaker,
        sent_from,
    }
}

#[test]
fn a_hosted_call_that_panics_fails_its_own_actor_only() {
    on_one_worker(async {
        // Proves the methods quick, each call answered after the class learnt from the one
        // before; nobody waits on the channels yet, so the calls wake nobody.
        let prover = breakable(false);
        for _ in 0..3 {
            prover.breaker.break_target().await.unwrap();
            prover.target.fail(false).await.unwrap();
        }
        for _ in 0..3 {
            prover.target.ready().await.unwrap();
            prover.breaker.ping().await.unwrap();
        }

        let Breakable {
            target,
            mut ran_in,
            breaker,
            mut sent_from,
        } = breakable(true);
        target.ready().await.unwrap();
        let died = actor_core::watch(&target);
        breaker.tell().break_target().unwrap();
        match tokio::time::timeout(PATIENCE, died).await {
            Ok(Ok(DeathCause::MethodPanicked { method, message })) => {
                assert_eq!(method, "fail");
                assert!(message.contains("asked to fail"), "{message}");
            }
            other => panic!("the target should have died of its panic, not {other:?}"),
        }
        let sent_from = next(&mut sent_from, "the breaking call").await;
        assert!(sent_from.is_some());
        assert_eq!(
            next(&mut ran_in, "the failing call").await,
            sent_from,
            "the failing call ran in the breaker's loop"
        );
        let error = target.ready().await.unwrap_err();
        assert!(matches!(error, Error::ActorDied { .. }), "{error}");
        breaker.ping().await.unwrap();
        assert_eq!(breaker.state(), ActorState::Alive);
    });
}

#[actor]
struct Asker {}

#[actor(local)]
impl Asker {
    fn new() -> Self {
        Self {}
    }

    /// Sleeps for `delay`, then answers. Slow on its first call, so that it never proves
    /// quick: no caller runs it, only the actor's loop, or a stand-in.
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
    looked_up: UnboundedSender<LookedUp>,
}

#[actor(local)]
impl Helper {
    fn new(looked_up: UnboundedSender<LookedUp>) -> Self {
        Self { looked_up }
    }

    /// Waits for `asker`'s answer (if any), and sends it with `n` and its own task.
    pub fn look_up(&mut self, n: u64, asker: Option<AskerHandle>) {
        if let Some(asker) = asker {
            let answer = asker.answer(Duration::ZERO).get_timeout(PATIENCE);
            let answer = answer.map_err(|error| error.to_string());
            let task = tokio::task::try_id();
            self.looked_up.send((n, task, answer)).unwrap();
        }
    }

    /// Does nothing: once it answered, the actor's loop is about to park.
    pub fn ready(&self) {}
}

/// The asker's loop hosts the helper's call, which waits for the asker's answer: the asker's
/// loop cannot serve it (the wait blocks it), so the blocked thread has a stand-in task run
/// the asker's calls meanwhile.
#[test]
fn a_hosted_call_that_waits_for_its_host_gets_the_answer() {
    on_one_worker(async {
        // `answer` sleeps on its first call and blocks from then on; the other methods prove
        // quick (so that `look_up` can be hosted).
        let (looked_up, _) = unbounded_channel();
        let (asker, helper) = (Asker::remote(), Helper::remote(looked_up));
        asker.answer(Duration::from_millis(20)).await.unwrap();
        for _ in 0..3 {
            helper.look_up(0, None).await.unwrap();
        }
        // The last call to each actor says that the class learnt from those before.
        for _ in 0..3 {
            asker.ask_through(0, None, Notes::default()).await.unwrap();
            helper.ready().await.unwrap();
        }

        let (looked_up, mut answers) = unbounded_channel();
        let (asker, helper, sent) = (Asker::remote(), Helper::remote(looked_up), Notes::default());
        helper.ready().await.unwrap();
        asker
            .tell()
            .ask_through(1, Some(helper.clone()), sent.clone())
            .unwrap();
        let (n, task, answer) = next(&mut answers, "the look-up").await;
        assert_eq!((n, answer), (1, Ok(42)));
        assert!(task.is_some());
        assert_eq!(
            task,
            task_of(&sent, 1),
            "the look-up ran in the asker's loop"
        );
    });
}

#[actor]
struct Bouncer {
    peer: Option<BouncerHandle>,
    last: u64,
    hops: Notes,
    done: UnboundedSender<u64>,
}

#[actor(local)]
impl Bouncer {
    fn new(last: u64, hops: Notes, done: UnboundedSender<u64>) -> Self {
        Self {
            peer: None,
            last,
            hops,
            done,
        }
    }

    pub fn set_peer(&mut self, peer: BouncerHandle) {
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

    /// Does nothing: once it answered, the actor's loop is about to park.
    pub fn ready(&self) {}
}

/// A's hop tells idle B, whose hop A's loop hosts; B's hop tells A, the host, whose loop
/// takes it next: every hop runs in A's loop, and B's loop never wakes.
#[test]
fn two_idle_actors_bouncing_calls_run_every_hop_in_the_first_ones_loop() {
    const LAST: u64 = 14;
    on_one_worker(async {
        let (done, mut finished) = unbounded_channel();
        // Proves the methods quick, each call answered after the class learnt from the one
        // before: a hop of an actor without a peer, short of its last, tells nobody.
        let hopper = Bouncer::remote(u64::MAX, Notes::default(), done.clone());
        let linker = Bouncer::remote(u64::MAX, Notes::default(), done.clone());
        for n in 0..3 {
            hopper.hop(n).await.unwrap();
            linker.set_peer(hopper.clone()).await.unwrap();
        }
        for _ in 0..3 {
            hopper.ready().await.unwrap();
            linker.ready().await.unwrap();
        }

        let (hops_a, hops_b) = (Notes::default(), Notes::default());
        let a = Bouncer::remote(LAST, hops_a.clone(), done.clone());
        let b = Bouncer::remote(LAST, hops_b.clone(), done);
        a.set_peer(b.clone()).await.unwrap();
        b.set_peer(a.clone()).await.unwrap();
        a.tell().hop(0).unwrap();
        assert_eq!(next(&mut finished, "the last hop").await, LAST);
        let hops =
            |notes: &Notes| -> Vec<u64> { notes.lock().unwrap().iter().map(|h| h.0).collect() };
        assert_eq!(hops(&hops_a), (0..=LAST).step_by(2).collect::<Vec<u64>>());
        assert_eq!(hops(&hops_b), (1..=LAST).step_by(2).collect::<Vec<u64>>());
        let a_loop = task_of(&hops_a, 0);
        assert!(a_loop.is_some());
        let elsewhere: Vec<u64> = (0..=LAST)
            .filter(|&n| task_of(&hops_a, n).or(task_of(&hops_b, n)) != a_loop)
            .collect();
        assert!(
            elsewhere.is_empty(),
            "these hops did not run in A's loop: {elsewhere:?}"
        );
    });
}

#[actor]
struct Tally {
    numbers: Arc<Mutex<Vec<u64>>>,
    counted: mpsc::Sender<()>,
}

#[actor(local)]
impl Tally {
    fn new(numbers: Arc<Mutex<Vec<u64>>>, counted: mpsc::Sender<()>) -> Self {
        Self { numbers, counted }
    }

    /// Keeps `n`, then says so on `counted`.
    pub fn count(&mut self, n: u64) {
        self.numbers.lock().unwrap().push(n);
        self.counted.send(()).unwrap();
    }
}

#[actor]
struct Teller {
    tally: TallyHandle,
}

#[actor(local)]
impl Teller {
    fn new(tally: TallyHandle) -> Self {
        Self { tally }
    }

    /// Tells the tally to count `first..first + count`, all in this one call.
    pub fn burst(&mut self, first: u64, count: u64) {
        for n in first..first + count {
            self.tally.tell().count(n).unwrap();
        }
    }
}

/// Senders race for one receiver on all the workers: hosted or not, each sender's calls run
/// in the order it sent them.
#[test]
fn calls_from_several_senders_keep_each_senders_order() {
    const SENDERS: u64 = 3;
    const EACH: u64 = 3_000;
    let numbers = Arc::<Mutex<Vec<u64>>>::default();
    let (counted, counts) = mpsc::channel();
    let tally = Tally::remote(numbers.clone(), counted);
    let tellers: Vec<TellerHandle> = (0..SENDERS)
        .map(|_| Teller::remote(tally.clone()))
        .collect();
    // Bursts of 100, each sender numbering its calls from its own base.
    for first in (0..EACH).step_by(100) {
        for (index, teller) in (0..).zip(&tellers) {
            teller.tell().burst(index * 1_000_000 + first, 100).unwrap();
        }
    }
    for _ in 0..SENDERS * EACH {
        counts
            .recv_timeout(PATIENCE)
            .expect("every call to be counted");
    }
    let numbers = numbers.lock().unwrap();
    for index in 0..SENDERS {
        let from_sender: Vec<u64> = numbers
            .iter()
            .filter(|n| *n / 1_000_000 == index)
            .map(|n| n % 1_000_000)
            .collect();
        assert_eq!(from_sender, (0..EACH).collect::<Vec<u64>>());
    }
}

#[actor]
struct Player {
    peer: Option<PlayerHandle>,
    last: u64,
    hops: Arc<Mutex<Vec<u64>>>,
    done: mpsc::Sender<u64>,
}

#[actor(local)]
impl Player {
    fn new(last: u64, hops: Arc<Mutex<Vec<u64>>>, done: mpsc::Sender<u64>) -> Self {
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

    /// Keeps hop `n`, then passes `n + 1` to the peer, up to the last hop.
    pub fn hop(&mut self, n: u64) {
        self.hops.lock().unwrap().push(n);
        if n == self.last {
            self.done.send(n).unwrap();
        } else if let Some(peer) = &self.peer {
            peer.tell().hop(n + 1).unwrap();
        }
    }
}

/// Many hops on all the workers, some hosted and some not: each runs once, in order.
#[test]
fn two_actors_bouncing_calls_run_every_hop_once_in_order() {
    const LAST: u64 = 20_000;
    let (done, finished) = mpsc::channel();
    let (hops_a, hops_b) = (Arc::default(), Arc::default());
    let a = Player::remote(LAST, Arc::clone(&hops_a), done.clone());
    let b = Player::remote(LAST, Arc::clone(&hops_b), done);
    a.set_peer(b.clone()).get().unwrap();
    b.set_peer(a.clone()).get().unwrap();
    a.tell().hop(0).unwrap();
    assert_eq!(finished.recv_timeout(PATIENCE), Ok(LAST));
    assert_eq!(
        *hops_a.lock().unwrap(),
        (0..=LAST).step_by(2).collect::<Vec<u64>>()
    );
    assert_eq!(
        *hops_b.lock().unwrap(),
        (1..=LAST).step_by(2).collect::<Vec<u64>>()
    );
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
