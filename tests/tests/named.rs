//! Named actors: found by name from anywhere, unique per namespace, freed when the actor
//! dies or its last handle drops, and `get_if_exists` returns the one live actor even when
//! many threads race to create it.

use std::sync::{Arc, Barrier};
use std::thread;

use actor_core::prelude::*;

#[actor]
struct Registry {
    tag: String,
    entries: u32,
}

#[actor]
impl Registry {
    fn new(tag: String) -> Self {
        Self { tag, entries: 0 }
    }

    pub fn tag(&self) -> String {
        self.tag.clone()
    }

    pub fn add(&mut self) -> u32 {
        self.entries += 1;
        self.entries
    }
}

#[actor]
struct Other {}

#[actor]
impl Other {
    fn new() -> Self {
        Self {}
    }

    pub fn ping(&self) -> bool {
        true
    }
}

#[test]
fn a_named_actor_is_found_by_name_from_another_thread() {
    let created = Registry::options()
        .name("named-lookup")
        .remote("first".into())
        .unwrap();
    assert_eq!(created.add().get().unwrap(), 1);
    let found = thread::spawn(|| {
        let found = Registry::get_actor("named-lookup").unwrap();
        assert_eq!(found.add().get().unwrap(), 2);
        found
    })
    .join()
    .unwrap();
    assert_eq!(found, created);
    assert_eq!(found.actor_id(), created.actor_id());
    assert_eq!(created.tag().get().unwrap(), "first");
}

#[test]
fn an_unknown_name_is_not_found() {
    match Registry::get_actor("named-nobody") {
        Err(Error::NotFound { name, namespace }) => {
            assert_eq!(name, "named-nobody");
            assert_eq!(namespace, "default");
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[test]
fn a_second_actor_with_a_taken_name_fails() {
    let first = Registry::options()
        .name("named-taken")
        .remote("first".into())
        .unwrap();
    match Registry::options()
        .name("named-taken")
        .remote("second".into())
    {
        Err(Error::NameTaken { name, namespace }) => {
            assert_eq!(name, "named-taken");
            assert_eq!(namespace, "default");
        }
        other => panic!("expected NameTaken, got {other:?}"),
    }
    // Also for an actor of another class.
    assert!(matches!(
        Other::options().name("named-taken").remote(),
        Err(Error::NameTaken { .. })
    ));
    // The first actor is untouched.
    assert_eq!(Registry::get_actor("named-taken").unwrap(), first);
    assert_eq!(first.tag().get().unwrap(), "first");
}

#[test]
fn names_are_unique_per_namespace() {
    let in_a = Registry::options()
        .name("named-shared")
        .namespace("named-a")
        .remote("a".into())
        .unwrap();
    let in_b = Registry::options()
        .name("named-shared")
        .namespace("named-b")
        .remote("b".into())
        .unwrap();
    assert_ne!(in_a, in_b);
    let found_a = Registry::get_actor_in("named-a", "named-shared").unwrap();
    let found_b = Registry::get_actor_in("named-b", "named-shared").unwrap();
    assert_eq!(found_a, in_a);
    assert_eq!(found_b, in_b);
    assert_eq!(found_a.tag().get().unwrap(), "a");
    assert_eq!(found_b.tag().get().unwrap(), "b");
    // Not in the default namespace, and taken only within its own.
    assert!(matches!(
        Registry::get_actor("named-shared"),
        Err(Error::NotFound { .. })
    ));
    match Registry::options()
        .name("named-shared")
        .namespace("named-a")
        .remote("again".into())
    {
        Err(Error::NameTaken { namespace, .. }) => assert_eq!(namespace, "named-a"),
        other => panic!("expected NameTaken, got {other:?}"),
    }
}

#[test]
fn looking_up_a_name_as_another_class_fails() {
    let _other = Other::options().name("named-other").remote().unwrap();
    match Registry::get_actor("named-other") {
        Err(Error::WrongClass {
            expected, actual, ..
        }) => {
            assert_eq!(expected, "Registry");
            assert_eq!(actual, "Other");
        }
        other => panic!("expected WrongClass, got {other:?}"),
    }
}

#[test]
fn kill_frees_the_name() {
    let first = Registry::options()
        .name("named-killed")
        .remote("first".into())
        .unwrap();
    actor_core::kill(&first);
    assert!(matches!(
        Registry::get_actor("named-killed"),
        Err(Error::NotFound { .. })
    ));
    let second = Registry::options()
        .name("named-killed")
        .remote("second".into())
        .unwrap();
    assert_ne!(second, first);
    assert_eq!(Registry::get_actor("named-killed").unwrap(), second);
    assert_eq!(second.tag().get().unwrap(), "second");
}

#[test]
fn dropping_the_last_handle_frees_the_name() {
    let first = Registry::options()
        .name("named-dropped")
        .remote("first".into())
        .unwrap();
    let first_id = first.actor_id();
    drop(first);
    assert!(matches!(
        Registry::get_actor("named-dropped"),
        Err(Error::NotFound { .. })
    ));
    let second = Registry::options()
        .name("named-dropped")
        .remote("second".into())
        .unwrap();
    assert_ne!(second.actor_id(), first_id);
    assert_eq!(second.tag().get().unwrap(), "second");
}

#[test]
fn get_if_exists_returns_the_live_actor() {
    let first = Registry::options()
        .name("named-existing")
        .remote("first".into())
        .unwrap();
    let again = Registry::options()
        .name("named-existing")
        .get_if_exists(true)
        .remote("ignored".into())
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(again.tag().get().unwrap(), "first");
}

#[test]
fn get_if_exists_racing_from_sixteen_threads_makes_one_actor() {
    let barrier = Arc::new(Barrier::new(16));
    let threads: Vec<_> = (0..16)
        .map(|index| {
            let barrier = barrier.clone();
            thread::spawn(move || {
                barrier.wait();
                Registry::options()
                    .name("named-race")
                    .get_if_exists(true)
                    .remote(format!("thread {index}"))
                    .unwrap()
            })
        })
        .collect();
    let handles: Vec<RegistryHandle> = threads
        .into_iter()
        .map(|thread| thread.join().unwrap())
        .collect();
    let id = handles[0].actor_id();
    assert!(handles.iter().all(|handle| handle.actor_id() == id));
    assert!(handles.iter().all(|handle| *handle == handles[0]));
    // Every handle reaches the same state: one constructor ran.
    let tags: Vec<String> = handles
        .iter()
        .map(|handle| handle.tag().get().unwrap())
        .collect();
    assert!(tags.iter().all(|tag| *tag == tags[0]), "{tags:?}");
    let counts: Vec<u32> = handles
        .iter()
        .map(|handle| handle.add().get().unwrap())
        .collect();
    assert_eq!(counts, (1..=16).collect::<Vec<_>>());
    let named: Vec<_> = actor_core::state::list_actors()
        .into_iter()
        .filter(|info| info.name.as_deref() == Some("named-race"))
        .collect();
    assert_eq!(named.len(), 1, "{named:?}");
    assert_eq!(named[0].id, id);
}
