//! Resources of this node and who holds them: CPUs, GPUs and custom resources.
//!
//! Amounts are kept in units of 1/10,000, as Ray does, so that fractions such as 0.5 CPU
//! add up exactly.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::Notify;

const UNITS_PER_ONE: f64 = 10_000.0;

/// An amount of each named resource (`CPU`, `GPU`, or a custom one).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Resources {
    units: BTreeMap<String, u64>,
}

impl Resources {
    /// `num_cpus` CPUs, `num_gpus` GPUs and the custom amounts in `custom`.
    pub(crate) fn of(num_cpus: f64, num_gpus: f64, custom: &BTreeMap<String, f64>) -> Self {
        custom.iter().fold(
            Self::default().with("CPU", num_cpus).with("GPU", num_gpus),
            |needed, (name, amount)| needed.with(name, *amount),
        )
    }

    /// Adds `amount` of `name` (negative and NaN amounts count as zero).
    pub(crate) fn with(mut self, name: &str, amount: f64) -> Self {
        let units = (amount.max(0.0) * UNITS_PER_ONE).round() as u64;
        if units > 0 {
            *self.units.entry(name.to_owned()).or_default() += units;
        }
        self
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

/// Hands out this node's resources; work that does not fit waits until some are freed.
pub(crate) struct Scheduler {
    total: Resources,
    available: Mutex<Resources>,
    freed: Notify,
}

impl Scheduler {
    pub(crate) fn new(total: Resources) -> Arc<Self> {
        Arc::new(Self {
            available: Mutex::new(total.clone()),
            total,
            freed: Notify::new(),
        })
    }

    fn available(&self) -> MutexGuard<'_, Resources> {
        // No user code runs under this lock, so a poisoned lock still holds valid amounts.
        self.available
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The node's resources in all.
    pub(crate) fn total(&self) -> BTreeMap<String, f64> {
        self.total.amounts()
    }

    /// The resources nobody holds now.
    pub(crate) fn free(&self) -> BTreeMap<String, f64> {
        self.available().amounts()
    }

    /// What `need` asks beyond the whole node, or `None` if it can fit once others finish.
    pub(crate) fn never_fits(&self, need: &Resources) -> Option<String> {
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

    /// Takes `need` if it is free now.
    pub(crate) fn try_acquire(self: &Arc<Self>, need: &Resources) -> Option<ResourceGuard> {
        let mut available = self.available();
        available.covers(need).then(|| {
            available.take(need);
            ResourceGuard {
                scheduler: self.clone(),
                held: need.clone(),
            }
        })
    }

    /// Waits until `need` is free and takes it; call only when [`Scheduler::never_fits`]
    /// said it can fit.
    ///
    /// Cancel safe: nothing is taken unless the guard is returned.
    pub(crate) async fn acquire(self: &Arc<Self>, need: Resources) -> ResourceGuard {
        loop {
            let freed = self.freed.notified();
            let mut freed = std::pin::pin!(freed);
            freed.as_mut().enable();
            if let Some(guard) = self.try_acquire(&need) {
                return guard;
            }
            freed.await;
        }
    }

    fn release(&self, held: &Resources) {
        if held.units.is_empty() {
            return;
        }
        self.available().give_back(held);
        self.freed.notify_waiters();
    }
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
