//! The state API a dashboard reads: pages of actors (filters, sorting, bounds), actors gone
//! still listed with their death cause (the last 1,000), latency histograms of methods and
//! tasks, the node's resources in use, and its uptime.
//!
//! Every test here runs alone, on a node with 2 `widget`s, so that the actors gone and the
//! resources held that each one sees are its own.

mod common;

use std::sync::{Arc, Mutex, MutexGuard, Once};
use std::time::{Instant, SystemTime};

use actor_core::prelude::*;
use actor_core::state::{
    self, ActorInfo, ActorQuery, ActorSort, DEAD_ACTORS_KEPT, list_actors_page,
};
use actor_core::{ActorId, ActorState, Config, DeathCause};
use common::{Latch, PATIENCE};

/// Serializes the tests of this file and starts the runtime once, with 2 `widget`s.
fn alone() -> MutexGuard<'static, ()> {
    static ALONE: Mutex<()> = Mutex::new(());
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        actor_core::init_with(Config::new().num_cpus(2.0).resource("widget", 2.0)).unwrap();
    });
    ALONE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[actor]
struct Worker {
    done: u32,
}

#[actor]
impl Worker {
    fn new() -> Self {
        Self { done: 0 }
    }

    pub fn work(&mut self) -> u32 {
        self.done += 1;
        self.done
    }

    pub fn refuse(&self) -> Result<(), String> {
        Err("refused".to_owned())
    }

    /// Not ready at its first poll: a method that may block, timed at every call.
    pub async fn pause(&self) {
        tokio::task::yield_now().await;
    }
}

/// A second class, to filter on.
#[actor]
struct Other;

#[actor]
impl Other {
    fn new() -> Self {
        Self
    }
}

/// A class whose actors are started only to be dropped.
#[actor]
struct Ephemeral;

#[actor]
impl Ephemeral {
    fn new() -> Self {
        Self
    }
}

/// Holds a `widget` until `gate` opens, after opening `started`.
#[task]
fn hold_widget(started: Arc<Latch>, gate: Arc<Latch>) -> bool {
    started.open();
    gate.wait_timeout(PATIENCE)
}

#[task]
fn triple(value: u64) -> u64 {
    value * 3
}

fn named(name: &str) -> WorkerHandle {
    Worker::options().name(name).remote().unwrap()
}

/// The query for actors whose name contains `name`, with `edit` applied.
fn query(name: &str, edit: impl FnOnce(&mut ActorQuery)) -> ActorQuery {
    let mut query = ActorQuery {
        name: Some(name.to_owned()),
        ..ActorQuery::default()
    };
    edit(&mut query);
    query
}

fn names(actors: &[ActorInfo]) -> Vec<&str> {
    actors
        .iter()
        .map(|info| info.name.as_deref().unwrap_or("-"))
        .collect()
}

/// Waits until every actor of `ids` is gone and recorded as dead. No event says that an
/// actor's last reference dropped (whichever thread drops it frees it, and records it as
/// gone as it is freed), so this polls, yielding, with a deadline. Waiting for an actor to
/// leave `list_actors` is not enough: its record of death is written a moment later, as its
/// memory is freed.
fn wait_until_recorded_dead(ids: &[ActorId]) {
    let deadline = Instant::now() + PATIENCE;
    let recorded_dead = |id: &ActorId| {
        state::get_actor_info(*id).is_some_and(|info| matches!(info.state, ActorState::Dead { .. }))
            && !state::list_actors().iter().any(|info| info.id == *id)
    };
    while !ids.iter().all(recorded_dead) {
        assert!(
            Instant::now() < deadline,
            "actors still referenced or not recorded dead {PATIENCE:?} after their handles were dropped"
        );
        std::thread::yield_now();
    }
}

#[test]
fn a_state_has_an_upper_case_label() {
    assert_eq!(ActorState::Alive.label(), "ALIVE");
    assert_eq!(ActorState::PendingCreation.label(), "PENDING_CREATION");
    assert_eq!(ActorState::Restarting.label(), "RESTARTING");
    let dead = ActorState::Dead {
        cause: DeathCause::Killed,
    };
    assert_eq!(dead.label(), "DEAD");
}

#[test]
fn a_page_filters_by_state_class_and_name() {
    let _alone = alone();
    let a1 = named("filter-a1");
    let a2 = named("filter-a2");
    let b1 = named("filter-b1");
    let other = Other::options().name("filter-a3").remote().unwrap();
    for handle in [&a1, &a2, &b1] {
        handle.work().get().unwrap();
    }
    actor_core::kill(&a2);

    let page = list_actors_page(&query("filter-", |q| q.class = Some("Worker".into())));
    assert_eq!(page.total, 3);
    assert_eq!(names(&page.actors), ["filter-a1", "filter-a2", "filter-b1"]);

    let page = list_actors_page(&query("filter-a", |q| q.class = Some("Worker".into())));
    assert_eq!(names(&page.actors), ["filter-a1", "filter-a2"]);

    // Labels are compared ignoring case.
    let page = list_actors_page(&query("filter-", |q| q.state = Some("alive".into())));
    assert_eq!(names(&page.actors), ["filter-a1", "filter-b1", "filter-a3"]);

    let page = list_actors_page(&query("filter-", |q| q.state = Some("DEAD".into())));
    assert_eq!(names(&page.actors), ["filter-a2"]);
    assert_eq!(
        page.actors[0].state,
        ActorState::Dead {
            cause: DeathCause::Killed
        }
    );

    let page = list_actors_page(&query("filter-", |q| q.state = Some("SLEEPING".into())));
    assert_eq!((page.total, page.actors.len()), (0, 0));

    // The class is compared whole.
    let page = list_actors_page(&query("filter-", |q| q.class = Some("Othe".into())));
    assert_eq!(page.total, 0);
    let page = list_actors_page(&query("filter-", |q| q.class = Some("Other".into())));
    assert_eq!(names(&page.actors), ["filter-a3"]);
    assert_eq!(page.actors[0].id, other.actor_id());
}

#[test]
fn a_page_sorts_and_cuts_the_matching_actors() {
    let _alone = alone();
    // sort-0 .. sort-4, with these many calls and errors.
    let calls = [2, 0, 4, 1, 3];
    let handles: Vec<WorkerHandle> = (0..calls.len())
        .map(|index| named(&format!("sort-{index}")))
        .collect();
    for (handle, &calls) in handles.iter().zip(&calls) {
        for _ in 0..calls {
            handle.work().get().unwrap();
            handle.refuse().get().unwrap().unwrap_err();
        }
    }
    let sorted = |sort: ActorSort, descending: bool, offset: usize, limit: usize| {
        let page = list_actors_page(&query("sort-", |q| {
            q.sort = sort;
            q.descending = descending;
            q.offset = offset;
            q.limit = limit;
        }));
        assert_eq!(page.total, 5, "the total counts every page");
        names(&page.actors)
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };

    let by_id = sorted(ActorSort::Id, false, 0, 100);
    assert_eq!(by_id, ["sort-0", "sort-1", "sort-2", "sort-3", "sort-4"]);
    let by_calls = sorted(ActorSort::Calls, true, 0, 100);
    assert_eq!(by_calls, ["sort-2", "sort-4", "sort-0", "sort-3", "sort-1"]);
    assert_eq!(sorted(ActorSort::Errors, false, 0, 2), ["sort-1", "sort-3"]);
    assert_eq!(sorted(ActorSort::Name, true, 1, 2), ["sort-3", "sort-2"]);
    // Not called yet sorts first; the others have a mean.
    assert_eq!(sorted(ActorSort::MeanLatency, false, 0, 1), ["sort-1"]);
    // Ties (every actor is alive, with no restarts) keep the order of the ids.
    for sort in [ActorSort::State, ActorSort::Restarts, ActorSort::Class] {
        assert_eq!(sorted(sort, true, 0, 100), by_id, "{sort}");
    }

    // Pages cut the order without overlap, and past the end are empty.
    let pages: Vec<String> = (0..3)
        .flat_map(|page| sorted(ActorSort::Calls, true, page * 2, 2))
        .collect();
    assert_eq!(pages, by_calls);
    assert_eq!(sorted(ActorSort::Calls, true, 4, 10), ["sort-1"]);
    assert!(sorted(ActorSort::Calls, true, 5, 10).is_empty());
    assert!(sorted(ActorSort::Calls, true, 2, 0).is_empty());
    assert!(sorted(ActorSort::Id, false, usize::MAX, usize::MAX).is_empty());
    assert_eq!(sorted(ActorSort::Id, false, 3, usize::MAX), by_id[3..]);

    // Each row is the actor's full record.
    let page = list_actors_page(&query("sort-2", |_| {}));
    let info = &page.actors[0];
    assert_eq!((info.calls(), info.errors()), (8, 4));
    assert_eq!(info.method("work").map(|stats| stats.calls), Some(4));
}

#[test]
fn a_sort_key_reads_and_prints_as_its_snake_case_name() {
    for sort in ActorSort::ALL {
        assert_eq!(sort.to_string().parse::<ActorSort>(), Ok(sort));
    }
    assert_eq!("MEAN_LATENCY".parse(), Ok(ActorSort::MeanLatency));
    assert_eq!(ActorSort::QueueLen.to_string(), "queue_len");
    let unknown = "speed".parse::<ActorSort>().unwrap_err();
    assert!(
        unknown.to_string().contains("use one of id, class"),
        "{unknown}"
    );
}

#[test]
fn an_actor_gone_stays_listed_with_its_death_cause() {
    let _alone = alone();
    let dropped = Worker::options().name("gone-dropped").remote().unwrap();
    let killed = Worker::options().name("gone-killed").remote().unwrap();
    dropped.work().get().unwrap();
    dropped.work().get().unwrap();
    actor_core::kill(&killed);
    let (dropped_id, killed_id) = (dropped.actor_id(), killed.actor_id());
    drop((dropped, killed));
    wait_until_recorded_dead(&[dropped_id, killed_id]);

    let info = state::get_actor_info(dropped_id).expect("an actor gone is still known");
    assert_eq!(
        info.state,
        ActorState::Dead {
            cause: DeathCause::HandlesDropped
        }
    );
    assert_eq!(info.name.as_deref(), Some("gone-dropped"));
    assert_eq!(info.method("work").map(|stats| stats.calls), Some(2));
    assert_eq!(info.queue_len, 0);

    let page = list_actors_page(&query("gone-", |q| q.state = Some("DEAD".into())));
    assert_eq!(page.total, 2);
    let ids: Vec<ActorId> = page.actors.iter().map(|info| info.id).collect();
    assert_eq!(ids, [dropped_id, killed_id]);
    assert_eq!(
        page.actors[1].state,
        ActorState::Dead {
            cause: DeathCause::Killed
        }
    );
}

#[test]
fn only_the_last_1000_actors_gone_stay_listed() {
    let _alone = alone();
    let wave = |count: usize| -> Vec<ActorId> {
        let handles: Vec<EphemeralHandle> = (0..count).map(|_| Ephemeral::remote()).collect();
        let ids: Vec<ActorId> = handles.iter().map(EphemeralHandle::actor_id).collect();
        drop(handles);
        // The last `count` recorded: the newest gone, which the bound keeps.
        wait_until_recorded_dead(&ids);
        ids
    };
    let first = wave(DEAD_ACTORS_KEPT);
    let last = wave(50);
    let known = |ids: &[ActorId]| {
        ids.iter()
            .filter(|id| state::get_actor_info(**id).is_some())
            .count()
    };
    assert_eq!(known(&last), 50, "the last actors gone are all listed");
    assert!(
        known(&first) <= DEAD_ACTORS_KEPT - 50,
        "{} of the first wave still listed",
        known(&first)
    );
    let page = list_actors_page(&ActorQuery {
        class: Some("Ephemeral".into()),
        limit: 0,
        ..ActorQuery::default()
    });
    assert!(page.total <= DEAD_ACTORS_KEPT, "{}", page.total);
    assert_eq!(page.total, known(&first) + known(&last));
}

#[test]
fn method_latency_histograms_count_the_timed_calls() {
    let _alone = alone();
    let before = SystemTime::now();
    let worker = Worker::remote();
    for _ in 0..40 {
        worker.work().get().unwrap();
    }
    for _ in 0..10 {
        worker.pause().get().unwrap();
    }
    let info = state::get_actor_info(worker.actor_id()).unwrap();
    assert_eq!(info.pid, std::process::id());
    assert!(before <= info.started_at && info.started_at <= SystemTime::now());

    // A quick method: its first call and a sample of the others are timed.
    let work = info.method("work").unwrap();
    assert_eq!(work.calls, 40);
    assert!(work.is_sampled(), "{work:?}");
    assert!(work.timed_calls >= 2, "{work:?}");
    assert_eq!(work.latency.count(), work.timed_calls);
    assert_eq!(work.latency.counts.len(), work.latency.bounds.len() + 1);
    let (p50, p99) = (work.p50().unwrap(), work.p99().unwrap());
    assert!(
        p50 <= p99 && p99 <= work.max_time,
        "{p50:?} {p99:?} {work:?}"
    );

    // A method that may block: every call is timed.
    let pause = info.method("pause").unwrap();
    assert_eq!((pause.calls, pause.timed_calls), (10, 10));
    assert_eq!(pause.latency.count(), 10);
    assert!(pause.latency.sum <= pause.max_time * 10);
    assert!(pause.p99().unwrap() <= pause.max_time);

    // The actor's figures over its methods.
    assert_eq!((info.calls(), info.errors()), (50, 0));
    let longest = work.max_time.max(pause.max_time);
    assert!(info.mean_time().unwrap() <= longest);
    assert!(info.p99_time().unwrap() <= longest);
    let idle = Other::remote();
    let idle = state::get_actor_info(idle.actor_id()).unwrap();
    assert_eq!((idle.mean_time(), idle.p99_time()), (None, None));
}

#[test]
fn every_task_run_is_timed() {
    let _alone = alone();
    let before = state::list_tasks()
        .into_iter()
        .find(|summary| summary.name == "triple");
    let refs: Vec<_> = (0..3).map(triple::remote).collect();
    assert_eq!(actor_core::get(refs).unwrap(), [0, 3, 6]);
    let summary = state::list_tasks()
        .into_iter()
        .find(|summary| summary.name == "triple")
        .unwrap();
    let ran_before = before.map_or(0, |before| before.latency.count());
    assert_eq!(summary.latency.count(), ran_before + 3);
    assert_eq!(
        summary.latency.count(),
        summary.finished + summary.failed,
        "{summary:?}"
    );
    assert!(summary.mean_time().is_some());
    assert!(summary.latency.p99().is_some());
}

#[test]
fn resources_show_what_a_running_task_holds() {
    let _alone = alone();
    let widgets = || {
        state::list_resources()
            .into_iter()
            .find(|resource| resource.name == "widget")
            .expect("the node has widgets")
    };
    assert_eq!((widgets().total, widgets().in_use), (2.0, 0.0));
    assert!(state::list_resources().iter().any(|r| r.name == "CPU"));

    let (started, gate) = (Latch::new(), Latch::new());
    let held = hold_widget::options()
        .resource("widget", 1.0)
        .remote(started.clone(), gate.clone());
    started.expect_open("the task's start");
    assert_eq!((widgets().total, widgets().in_use), (2.0, 1.0));
    gate.open();
    assert!(held.get().unwrap());
    // Resources go back before the value: a caller that has it sees them free.
    assert_eq!(widgets().in_use, 0.0);
}

#[test]
fn the_uptime_grows() {
    let _alone = alone();
    let first = state::uptime();
    let second = state::uptime();
    assert!(first <= second, "{first:?} then {second:?}");
}
