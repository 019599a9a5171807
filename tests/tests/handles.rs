//! Handles travel: cloned into threads, passed as arguments into other actors' methods,
//! held in another actor's state and called from its sync (`.get()`) and async (`.await`)
//! methods; equality, hashing and serde follow the actor's id.

use std::collections::HashSet;
use std::thread;

use actor_core::prelude::*;

#[actor]
struct Account {
    balance: i64,
}

#[actor]
impl Account {
    fn new(balance: i64) -> Self {
        Self { balance }
    }

    pub fn deposit(&mut self, amount: i64) -> i64 {
        self.balance += amount;
        self.balance
    }

    pub fn balance(&self) -> i64 {
        self.balance
    }
}

/// Holds an `Account` handle in its state and calls it from its methods.
#[actor]
struct Teller {
    account: AccountHandle,
}

#[actor]
impl Teller {
    fn new(account: AccountHandle) -> Self {
        Self { account }
    }

    /// Calls the held account and blocks on the answer: allowed in a sync method.
    pub fn deposit_sync(&mut self, amount: i64) -> Result<i64, Error> {
        self.account.deposit(amount).get()
    }

    /// Calls the held account and awaits the answer.
    pub async fn deposit_async(&mut self, amount: i64) -> Result<i64, Error> {
        self.account.deposit(amount).await
    }

    /// Calls an account passed in as an argument, from a sync method.
    pub fn balance_of(&self, other: AccountHandle) -> Result<i64, Error> {
        other.balance().get()
    }

    /// Calls an account passed in as an argument, from an async method.
    pub async fn balance_of_async(&self, other: AccountHandle) -> Result<i64, Error> {
        other.balance().await
    }

    /// Moves `amount` between two accounts passed in, awaiting both calls at once.
    pub async fn transfer(
        &self,
        from: AccountHandle,
        to: AccountHandle,
        amount: i64,
    ) -> Result<(i64, i64), Error> {
        let (from, to) = join_both(from.deposit(-amount), to.deposit(amount)).await;
        Ok((from?, to?))
    }

    /// The account handle this teller holds.
    pub fn account(&self) -> AccountHandle {
        self.account.clone()
    }
}

/// Awaits two `ObjectRef`s concurrently.
async fn join_both<A, B>(a: ObjectRef<A>, b: ObjectRef<B>) -> (Result<A, Error>, Result<B, Error>)
where
    A: Send + 'static,
    B: Send + 'static,
{
    let b = tokio::spawn(b);
    let a = a.await;
    (a, b.await.expect("the awaiting task panicked"))
}

/// Compiles only if `T` has every trait the design promises of a generated handle.
fn assert_handle_traits<T>()
where
    T: Clone
        + Send
        + Sync
        + std::fmt::Debug
        + Eq
        + std::hash::Hash
        + serde::Serialize
        + serde::de::DeserializeOwned
        + 'static,
{
}

#[test]
fn a_generated_handle_has_the_promised_traits() {
    assert_handle_traits::<AccountHandle>();
    assert_handle_traits::<TellerHandle>();
}

#[test]
fn handles_cloned_into_threads_reach_the_same_actor() {
    let account = Account::remote(0);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let account = account.clone();
            thread::spawn(move || {
                for _ in 0..100 {
                    account.deposit(1).get().unwrap();
                }
                account.actor_id()
            })
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap(), account.actor_id());
    }
    assert_eq!(account.balance().get().unwrap(), 400);
}

#[test]
fn an_actor_calls_a_held_handle_from_sync_and_async_methods() {
    let account = Account::remote(100);
    let teller = Teller::remote(account.clone());
    assert_eq!(teller.deposit_sync(10).get().unwrap(), Ok(110));
    assert_eq!(teller.deposit_async(5).get().unwrap(), Ok(115));
    assert_eq!(account.balance().get().unwrap(), 115);
    // The handle the teller holds is the same actor as ours.
    assert_eq!(teller.account().get().unwrap(), account);
}

#[test]
fn handles_passed_as_arguments_are_called_from_other_actors() {
    let teller = Teller::remote(Account::remote(0));
    let alice = Account::remote(50);
    let bob = Account::remote(7);
    assert_eq!(teller.balance_of(alice.clone()).get().unwrap(), Ok(50));
    assert_eq!(teller.balance_of_async(bob.clone()).get().unwrap(), Ok(7));
    assert_eq!(
        teller
            .transfer(alice.clone(), bob.clone(), 20)
            .get()
            .unwrap(),
        Ok((30, 27))
    );
    assert_eq!(alice.balance().get().unwrap(), 30);
    assert_eq!(bob.balance().get().unwrap(), 27);
}

#[test]
fn a_call_through_another_actor_sees_the_callee_die() {
    let account = Account::remote(0);
    let teller = Teller::remote(account.clone());
    actor_core::kill(&account);
    match teller.deposit_sync(1).get().unwrap() {
        Err(Error::ActorDied { actor, cause }) => {
            assert_eq!(actor.id, account.actor_id());
            assert_eq!(cause, actor_core::DeathCause::Killed);
        }
        other => panic!("expected the account's death, got {other:?}"),
    }
    assert!(matches!(
        teller.deposit_async(1).get().unwrap(),
        Err(Error::ActorDied { .. })
    ));
}

#[test]
// The handle holds an `Arc` to mutable actor state, but hashes and compares by the actor's
// immutable id only, so it is a sound key; the lint cannot see that.
#[allow(clippy::mutable_key_type)]
fn handles_compare_and_hash_by_actor_id() {
    let first = Account::remote(0);
    let second = Account::remote(0);
    let first_again = first.clone();
    assert_eq!(first, first_again);
    assert_ne!(first, second);
    assert_ne!(first.actor_id(), second.actor_id());
    let set: HashSet<AccountHandle> = [first.clone(), second.clone(), first_again].into();
    assert_eq!(set.len(), 2);
    assert!(format!("{first:?}").contains("Account"));
}

#[test]
fn a_handle_survives_a_serde_round_trip() {
    let account = Account::remote(3);
    let json = serde_json::to_string(&account).unwrap();
    let back: AccountHandle = serde_json::from_str(&json).unwrap();
    assert_eq!(back, account);
    assert_eq!(back.deposit(1).get().unwrap(), 4);
    // The original handle works on.
    assert_eq!(account.balance().get().unwrap(), 4);
}

#[test]
fn a_handle_of_another_node_is_not_taken_for_a_local_actor() {
    let account = Account::remote(3);
    let mut id = serde_json::to_value(&account).unwrap();
    assert!(serde_json::from_value::<AccountHandle>(id.clone()).is_ok());
    // Same counter, another node: the registry must not answer with the local actor.
    let node = id["node"].as_u64().unwrap();
    id["node"] = (node ^ 1).into();
    let error = serde_json::from_value::<AccountHandle>(id).unwrap_err();
    assert!(error.to_string().contains("no live actor"), "{error}");
}
