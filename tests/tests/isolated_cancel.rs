//! `cancel` and `timeout` of a call to an isolated actor stop the call in its worker process,
//! as they stop a call of an actor of this process: a queued call never runs, a running sync
//! method sees `context::is_cancelled()`, a running async method is dropped. And a method's
//! `Err` counts as an error in the driver's telemetry, as it does in process.
//!
//! Each scenario runs against an isolated actor and against the same class in process. The
//! worker's methods report to `Board`, an actor of the driver, which the tests wait on.

mod common;

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use actor_core::prelude::*;
use actor_core::{ActorId, context, state};
use common::PATIENCE;

actor_core::worker_test_support!();

/// What the methods reported, in the driver, with a way to wait for an entry.
static EVENTS: Events = Events {
    entries: Mutex::new(Vec::new()),
    changed: Condvar::new(),
};

struct Events {
    entries: Mutex<Vec<String>>,
    changed: Condvar,
}

impl Events {
    fn push(&self, event: String) {
        self.entries.lock().unwrap().push(event);
        self.changed.notify_all();
    }

    /// Blocks until `event` was reported, failing the test after `PATIENCE`.
    fn expect(&self, event: &str) {
        // Copied out, so that a failure below does not poison the lock for the other tests.
        let entries: Vec<String> = self
            .changed
            .wait_timeout_while(self.entries.lock().unwrap(), PATIENCE, |entries| {
                !entries.iter().any(|seen| seen == event)
            })
            .unwrap()
            .0
            .clone();
        assert!(
            entries.iter().any(|seen| seen == event),
            "`{event}` was not reported in time: {entries:?}"
        );
    }
}

/// Lives in the driver; the methods of `Subject`, wherever they run, report to it.
#[actor]
#[derive(Default)]
pub struct Board {}

#[actor]
impl Board {
    pub fn new() -> Self {
        Self {}
    }

    pub fn report(&self, event: String) {
        EVENTS.push(event);
    }
}

/// Tells `board` about `event`, without waiting.
fn report(board: &BoardHandle, event: String) {
    board.tell().report(event).expect("the board takes reports");
}

/// Reports `event` to the board when dropped: shows that an async method was dropped.
struct ReportOnDrop {
    board: BoardHandle,
    event: String,
}

impl Drop for ReportOnDrop {
    fn drop(&mut self) {
        report(&self.board, std::mem::take(&mut self.event));
    }
}

/// The calls waiting behind the running one in the mailbox of the actor running this.
fn own_queue_len() -> usize {
    let me: Option<ActorId> = context::actor_id();
    state::list_actors()
        .into_iter()
        .find(|info| Some(info.id) == me)
        .map_or(0, |info| info.queue_len)
}

/// The actor whose calls are cancelled.
#[actor]
pub struct Subject {
    board: BoardHandle,
    /// The entries of the `record` calls that ran, in order.
    ran: Vec<String>,
}

#[actor]
impl Subject {
    pub fn new(board: BoardHandle) -> Self {
        Self {
            board,
            ran: Vec::new(),
        }
    }

    /// Notes that it ran; returns every entry so far.
    pub fn record(&mut self, entry: String) -> Vec<String> {
        self.ran.push(entry);
        self.ran.clone()
    }

    /// Once `queued` calls wait behind this one, reports `{tag} started`; then spins until
    /// it sees its call cancelled, and reports `{tag} saw cancel`.
    pub fn spin(&self, tag: String, queued: usize) -> String {
        let give_up = Instant::now() + 3 * PATIENCE;
        while own_queue_len() < queued && Instant::now() < give_up {
            std::thread::yield_now();
        }
        report(&self.board, format!("{tag} started"));
        while !context::is_cancelled() {
            if Instant::now() > give_up {
                return "never cancelled".to_owned();
            }
            std::thread::yield_now();
        }
        report(&self.board, format!("{tag} saw cancel"));
        "cancelled".to_owned()
    }

    /// Reports `{tag} started`, then waits forever; reports `{tag} dropped` when dropped.
    pub async fn nap(&self, tag: String) {
        let _dropped = ReportOnDrop {
            board: self.board.clone(),
            event: format!("{tag} dropped"),
        };
        report(&self.board, format!("{tag} started"));
        std::future::pending::<()>().await;
    }

    pub fn checked(&self, value: i64) -> Result<i64, String> {
        if value < 0 {
            Err(format!("{value} is negative"))
        } else {
            Ok(value)
        }
    }
}

/// Where the subject of a scenario runs.
#[derive(Clone, Copy, Debug)]
enum Place {
    Isolated,
    InProcess,
}

/// A subject and the board it reports to, which lives as long as this (the encoded copy
/// of its handle that a worker process gets does not keep it alive).
struct Scene {
    subject: SubjectHandle,
    _board: BoardHandle,
}

impl Place {
    /// A subject here, with `options` applied to its options, and a fresh board.
    fn subject_with(self, options: impl FnOnce(SubjectOptions) -> SubjectOptions) -> Scene {
        let board = Board::remote();
        let options = options(Subject::options().isolated(matches!(self, Place::Isolated)));
        Scene {
            subject: options.remote(board.clone()).expect("the subject starts"),
            _board: board,
        }
    }

    fn subject(self) -> Scene {
        self.subject_with(|options| options)
    }

    /// A tag for the events of `scenario` here, unique in this test binary.
    fn tag(self, scenario: &str) -> String {
        format!("{scenario} {self:?}")
    }
}

const PLACES: [Place; 2] = [Place::Isolated, Place::InProcess];

/// The subject still serves calls, in order, and `record` ran exactly `before` so far.
fn expect_serving_in_order(subject: &SubjectHandle, before: &[&str]) {
    let calls: Vec<_> = (0..5)
        .map(|n| subject.record(format!("after {n}")))
        .collect();
    let values = actor_core::get(calls).expect("every later call answers");
    let mut expected: Vec<String> = before.iter().map(|entry| (*entry).to_owned()).collect();
    for (n, value) in values.iter().enumerate() {
        expected.push(format!("after {n}"));
        assert_eq!(value, &expected);
    }
}

/// The telemetry of `method` of `subject` in this process: (calls, errors).
fn counts(subject: &SubjectHandle, method: &str) -> (u64, u64) {
    let id = subject.actor_id();
    let info = state::list_actors()
        .into_iter()
        .find(|info| info.id == id)
        .expect("the subject is listed");
    info.method(method)
        .map_or((0, 0), |stats| (stats.calls, stats.errors))
}

#[test]
fn a_cancelled_queued_call_never_runs() {
    for place in PLACES {
        let Scene { subject, _board } = place.subject();
        let tag = place.tag("queued");
        // The spinning call holds the actor until both calls behind it are queued there
        // (for an isolated actor: in the worker's own mailbox).
        let first = subject.spin(tag.clone(), 2);
        let doomed = subject.record("doomed".to_owned());
        let kept = subject.record("kept".to_owned());
        EVENTS.expect(&format!("{tag} started"));
        assert!(actor_core::cancel(&doomed));
        // Ends the first call; the doomed one is dropped before it could start.
        assert!(actor_core::cancel(&first));
        EVENTS.expect(&format!("{tag} saw cancel"));
        assert_eq!(doomed.get(), Err(Error::Cancelled));
        assert_eq!(first.get(), Err(Error::Cancelled));
        assert_eq!(kept.get(), Ok(vec!["kept".to_owned()]), "{place:?}");
        expect_serving_in_order(&subject, &["kept"]);
        if let Place::Isolated = place {
            // Cancelled after it reached the worker: a failed call in the driver.
            assert_eq!(counts(&subject, "record"), (7, 1));
            assert_eq!(counts(&subject, "spin"), (1, 1));
        }
    }
}

#[test]
fn a_running_sync_method_sees_is_cancelled() {
    for place in PLACES {
        let Scene { subject, _board } = place.subject();
        let tag = place.tag("sync");
        let spinning = subject.spin(tag.clone(), 0);
        EVENTS.expect(&format!("{tag} started"));
        assert!(actor_core::cancel(&spinning));
        assert_eq!(spinning.get(), Err(Error::Cancelled));
        EVENTS.expect(&format!("{tag} saw cancel"));
        expect_serving_in_order(&subject, &[]);
    }
}

#[test]
fn a_running_async_method_is_dropped() {
    for place in PLACES {
        let Scene { subject, _board } = place.subject();
        let tag = place.tag("async");
        let napping = subject.nap(tag.clone());
        EVENTS.expect(&format!("{tag} started"));
        assert!(actor_core::cancel(&napping));
        assert_eq!(napping.get(), Err(Error::Cancelled));
        EVENTS.expect(&format!("{tag} dropped"));
        expect_serving_in_order(&subject, &[]);
    }
}

#[test]
fn a_timed_out_call_is_cancelled_where_it_runs() {
    for place in PLACES {
        let Scene { subject, _board } =
            place.subject_with(|options| options.timeout(Duration::from_secs(1)));
        let tag = place.tag("timeout");
        // Started first: the clock of a call runs while the worker process starts.
        assert_eq!(subject.checked(0).get(), Ok(Ok(0)));
        let spinning = subject.spin(tag.clone(), 0);
        let error = spinning.get().expect_err("it spins until cancelled");
        assert!(
            matches!(error, Error::Timeout { .. }),
            "{place:?}: {error:?}"
        );
        EVENTS.expect(&format!("{tag} saw cancel"));
        expect_serving_in_order(&subject, &[]);
    }
}

#[test]
fn an_err_value_counts_as_an_error_in_telemetry_wherever_the_actor_runs() {
    for place in PLACES {
        let Scene { subject, _board } = place.subject();
        assert_eq!(
            subject.checked(-1).get(),
            Ok(Err("-1 is negative".to_owned()))
        );
        assert_eq!(
            subject.checked(-2).get(),
            Ok(Err("-2 is negative".to_owned()))
        );
        assert_eq!(subject.checked(3).get(), Ok(Ok(3)));
        assert_eq!(counts(&subject, "checked"), (3, 2), "{place:?}");
        // A method that returns no `Result` never counts an error.
        subject.record("one".to_owned()).get().expect("answers");
        assert_eq!(counts(&subject, "record"), (1, 0), "{place:?}");
    }
}
