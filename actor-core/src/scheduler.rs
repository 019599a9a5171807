//! Resources of this node and who holds them: CPUs, GPUs and custom resources.
//!
//! Amounts are kept in units of 1/10,000, as Ray does, so that fractions such as 0.5 CPU
//! add up exactly.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use crate::records::ResourceUsage;

/// Units in one CPU, GPU or other resource.
pub(crate) const UNITS_PER_ONE: f64 = 10_000.0;

/// An amount of each named resource (`CPU`, `GPU`, or a custom one).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Resources {
    units: BTreeMap<String, u64>,
}

impl Resources {
    /// `num_cpus` CPUs, `num_gpus` GPUs and the custom amounts in `custom`, each checked by
    /// `resource_options` (finite, not negative, at most `MAX_AMOUNT`).
    pub(crate) fn of(num_cpus: f64, num_gpus: f64, custom: &BTreeMap<String, f64>) -> Self {
        if num_cpus <= 0.0 && num_gpus <= 0.0 && custom.is_empty() {
            // What most actors ask, made at every start: nothing to convert.
            return Self::default();
        }
        custom.iter().fold(
            Self::default().with("CPU", num_cpus).with("GPU", num_gpus),
            |needed, (name, amount)| needed.with(name, *amount),
        )
    }

    /// Adds `amount` of `name`, a checked amount.
    fn with(mut self, name: &str, amount: f64) -> Self {
        debug_assert!(
            crate::resource_options::check_amount(name, amount).is_ok(),
            "unchecked amount {amount} of {name}"
        );
        let units = (amount * UNITS_PER_ONE).round() as u64;
        if units > 0 {
            *self.units.entry(name.to_owned()).or_default() += units;
        }
        self
    }

    /// Whether nothing is asked.
    pub(crate) fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// Each resource as a float amount.
    pub(crate) fn amounts(&self) -> BTreeMap<String, f64> {
        self.units
            .iter()
            .map(|(name, units)| (name.clone(), *units as f64 / UNITS_PER_ONE))
            .collect()
    }

    fn get(&self, name: &str) -> u64 {
        self.units.get(name).copied().unwrap_or(0)
    }

    fn covers(&self, need: &Self) -> bool {
        need.units
            .iter()
            .all(|(name, units)| self.get(name) >= *units)
    }

    fn take(&mut self, need: &Self) {
        for (name, units) in &need.units {
            if let Some(available) = self.units.get_mut(name) {
                *available -= units;
            }
        }
    }

    fn give_back(&mut self, need: &Self) {
        for (name, units) in &need.units {
            *self.units.entry(name.clone()).or_default() += units;
        }
    }
}

/// Work waiting for resources; granted them, in order, once they are free.
pub(crate) trait Waiter: Send {
    /// Whether the work still wants its resources (it was not cancelled meanwhile).
    fn wanted(&self) -> bool;
    /// Starts the work with its resources.
    fn grant(self: Box<Self>, guard: ResourceGuard);
    /// Drops work that no longer wants its resources.
    fn abandon(self: Box<Self>);
}

/// The requests of one shape (the same amounts of the same resources), first come first
/// served, as Ray queues work per scheduling class.
struct Class {
    need: Resources,
    waiting: VecDeque<Box<dyn Waiter>>,
}

/// What is free, and who waits.
struct Pool {
    available: Resources,
    classes: Vec<Class>,
    /// The runtime shut down: nothing waits or is granted any more.
    closed: bool,
}

impl Pool {
    /// Takes what the first waiters of each class need while it is free; returns them
    /// with their guards to be granted, and the waiters no longer wanted, to be dropped
    /// (both outside the lock: dropping or starting work may run user code).
    fn hand_out(&mut self, scheduler: &Arc<Scheduler>) -> Handouts {
        let mut handouts = Handouts::default();
        for class in &mut self.classes {
            while let Some(waiter) = class.waiting.pop_front() {
                if !waiter.wanted() {
                    handouts.unwanted.push(waiter);
                    continue;
                }
                if !self.available.covers(&class.need) {
                    class.waiting.push_front(waiter);
                    break;
                }
                self.available.take(&class.need);
                let guard = ResourceGuard {
                    scheduler: scheduler.clone(),
                    held: class.need.clone(),
                };
                handouts.granted.push((waiter, guard));
            }
        }
        self.classes.retain(|class| !class.waiting.is_empty());
        handouts
    }
}

/// What [`Pool::hand_out`] decided, to be carried out without the lock.
#[derive(Default)]
struct Handouts {
    granted: Vec<(Box<dyn Waiter>, ResourceGuard)>,
    unwanted: Vec<Box<dyn Waiter>>,
}

impl Handouts {
    fn carry_out(self) {
        for waiter in self.unwanted {
            waiter.abandon();
        }
        for (waiter, guard) in self.granted {
            waiter.grant(guard);
        }
    }
}

/// Hands out this node's resources; work that does not fit waits, in order, until some
/// are freed. A release grants the waiters it can serve directly: nothing is woken that
/// would find the resources taken again.
pub(crate) struct Scheduler {
    total: Resources,
    pool: Mutex<Pool>,
    /// When the runtime started: it makes its scheduler first.
    started: Instant,
}

impl Scheduler {
    pub(crate) fn new(total: Resources) -> Arc<Self> {
        Arc::new(Self {
            pool: Mutex::new(Pool {
                available: total.clone(),
                classes: Vec::new(),
                closed: false,
            }),
            total,
            started: Instant::now(),
        })
    }

    fn pool(&self) -> MutexGuard<'_, Pool> {
        // No user code runs under this lock, so a poisoned lock still holds valid amounts.
        self.pool
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The node's resources in all.
    pub(crate) fn total(&self) -> BTreeMap<String, f64> {
        self.total.amounts()
    }

    /// The resources nobody holds now.
    pub(crate) fn free(&self) -> BTreeMap<String, f64> {
        self.pool().available.amounts()
    }

    /// Each resource of the node, by name, with how much is held now.
    pub(crate) fn usage(&self) -> Vec<ResourceUsage> {
        let pool = self.pool();
        self.total
            .units
            .iter()
            .map(|(name, &total)| ResourceUsage {
                name: name.clone(),
                total: total as f64 / UNITS_PER_ONE,
                in_use: total.saturating_sub(pool.available.get(name)) as f64 / UNITS_PER_ONE,
            })
            .collect()
    }

    /// How long since the runtime started.
    pub(crate) fn uptime(&self) -> Duration {
        self.started.elapsed()
    }

    /// What `need` asks beyond the whole node, or `None` if it can fit once others finish.
    pub(crate) fn never_fits(&self, need: &Resources) -> Option<String> {
        if need.units.is_empty() {
            // What most actors ask, checked at every start.
            return None;
        }
        let short: Vec<String> = need
            .units
            .iter()
            .filter(|(name, units)| self.total.get(name) < **units)
            .map(|(name, units)| {
                format!(
                    "needs {} {name} but this node has {}",
                    *units as f64 / UNITS_PER_ONE,
                    self.total.get(name) as f64 / UNITS_PER_ONE
                )
            })
            .collect();
        (!short.is_empty()).then(|| short.join(", "))
    }

    /// Takes `need` now if it is free and no earlier request of its shape waits.
    fn try_acquire(self: &Arc<Self>, need: &Resources) -> Option<ResourceGuard> {
        let mut pool = self.pool();
        let queued = pool.classes.iter().any(|class| class.need == *need);
        (!pool.closed && !queued && pool.available.covers(need)).then(|| {
            pool.available.take(need);
            ResourceGuard {
                scheduler: self.clone(),
                held: need.clone(),
            }
        })
    }

    /// Grants `need` to `waiter`: now if it is free, else once it is, after the earlier
    /// requests of the same shape. Call only when [`Scheduler::never_fits`] said it can fit.
    pub(crate) fn request(self: &Arc<Self>, need: Resources, waiter: Box<dyn Waiter>) {
        match self.try_acquire(&need) {
            Some(guard) => waiter.grant(guard),
            None => self.enqueue(need, waiter),
        }
    }

    /// Queues `waiter` behind the earlier requests of its shape, after `try_acquire` found
    /// `need` taken.
    fn enqueue(self: &Arc<Self>, need: Resources, waiter: Box<dyn Waiter>) {
        let handouts = {
            let mut pool = self.pool();
            if pool.closed {
                drop(pool);
                waiter.abandon();
                return;
            }
            match pool.classes.iter_mut().find(|class| class.need == need) {
                Some(class) => class.waiting.push_back(waiter),
                None => pool.classes.push(Class {
                    need,
                    waiting: VecDeque::from([waiter]),
                }),
            }
            // Resources freed since `try_acquire` looked must not be left idle.
            pool.hand_out(self)
        };
        handouts.carry_out();
    }

    /// Waits until `need` is free and takes it; call only when [`Scheduler::never_fits`]
    /// said it can fit.
    ///
    /// Cancel safe: resources granted after the future was dropped are given back.
    pub(crate) async fn acquire(self: &Arc<Self>, need: Resources) -> ResourceGuard {
        if let Some(guard) = self.try_acquire(&need) {
            return guard;
        }
        let (granted, guard) = oneshot::channel();
        self.enqueue(need, Box::new(Acquire(granted)));
        match guard.await {
            Ok(guard) => guard,
            // The scheduler dropped the request: the runtime is shutting down, and this
            // future with it.
            Err(_) => std::future::pending().await,
        }
    }

    /// Drops every waiting request, and refuses later ones: the runtime shut down.
    pub(crate) fn close(&self) {
        let waiting: Vec<Class> = {
            let mut pool = self.pool();
            pool.closed = true;
            std::mem::take(&mut pool.classes)
        };
        for waiter in waiting.into_iter().flat_map(|class| class.waiting) {
            waiter.abandon();
        }
    }

    fn release(self: &Arc<Self>, held: &Resources) {
        if held.units.is_empty() {
            return;
        }
        let handouts = {
            let mut pool = self.pool();
            pool.available.give_back(held);
            pool.hand_out(self)
        };
        handouts.carry_out();
    }
}

/// A waiting [`Scheduler::acquire`].
struct Acquire(oneshot::Sender<ResourceGuard>);

impl Waiter for Acquire {
    fn wanted(&self) -> bool {
        !self.0.is_closed()
    }

    fn grant(self: Box<Self>, guard: ResourceGuard) {
        // A future dropped since `wanted` gives the guard back by dropping it.
        let _ = self.0.send(guard);
    }

    fn abandon(self: Box<Self>) {}
}

/// Resources held by an actor or a running task; given back when dropped.
pub(crate) struct ResourceGuard {
    scheduler: Arc<Scheduler>,
    held: Resources,
}

impl Drop for ResourceGuard {
    fn drop(&mut self) {
        self.scheduler.release(&self.held);
    }
}
