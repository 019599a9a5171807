//! The resources an actor or a task asks for, as its options give them, and the checks that
//! turn an absurd amount into `Error::InvalidOptions` rather than a wrong schedule.

use std::collections::BTreeMap;

use crate::scheduler::{Resources, UNITS_PER_ONE};

/// The most of one resource that may be asked for or offered: far beyond any machine, and
/// small enough that amounts counted in 1/10,000 units never overflow when added up.
pub(crate) const MAX_AMOUNT: f64 = 1e12;

/// The smallest amount above zero: the scheduler counts in units of 1/10,000.
const MIN_AMOUNT: f64 = 1.0 / UNITS_PER_ONE;

/// CPUs, GPUs and custom resources, as `num_cpus`, `num_gpus` and `resource` set them.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ResourceOptions {
    pub(crate) num_cpus: f64,
    pub(crate) num_gpus: f64,
    pub(crate) custom: BTreeMap<String, f64>,
}

impl ResourceOptions {
    /// `num_cpus` CPUs and nothing else.
    pub(crate) const fn cpus(num_cpus: f64) -> Self {
        Self {
            num_cpus,
            num_gpus: 0.0,
            custom: BTreeMap::new(),
        }
    }

    /// Why these amounts cannot be scheduled, naming the option, or `Ok` if they can.
    pub(crate) fn check(&self) -> Result<(), String> {
        if self.num_cpus == 0.0 && self.num_gpus == 0.0 && self.custom.is_empty() {
            // What most actors ask, checked at every start.
            return Ok(());
        }
        check_amount("num_cpus", self.num_cpus)?;
        check_amount("num_gpus", self.num_gpus)?;
        self.custom
            .iter()
            .try_for_each(|(name, amount)| check_resource(name, *amount))
    }

    /// The amounts in the scheduler's units; call after [`ResourceOptions::check`].
    pub(crate) fn needs(&self) -> Resources {
        Resources::of(self.num_cpus, self.num_gpus, &self.custom)
    }
}

/// Why `amount` cannot be the value of `option`, or `Ok`.
pub(crate) fn check_amount(option: &str, amount: f64) -> Result<(), String> {
    let problem = if amount.is_nan() {
        "is not a number"
    } else if amount < 0.0 {
        "is negative"
    } else if amount > MAX_AMOUNT {
        "is more than any node has"
    } else if amount > 0.0 && amount < MIN_AMOUNT {
        "is below the smallest amount the scheduler counts, 0.0001"
    } else {
        return Ok(());
    };
    Err(format!(
        "{option} = {amount} {problem}; give 0 or an amount from 0.0001 to {MAX_AMOUNT:e}"
    ))
}

/// Why a custom resource `name` with `amount` cannot be asked for or offered, or `Ok`.
pub(crate) fn check_resource(name: &str, amount: f64) -> Result<(), String> {
    match name {
        "" => Err(format!(
            "resource(\"\", {amount}) has an empty name; name the resource (\"camera\")"
        )),
        "CPU" => Err(format!(
            "resource(\"CPU\", {amount}) names a built-in resource; use num_cpus({amount})"
        )),
        "GPU" => Err(format!(
            "resource(\"GPU\", {amount}) names a built-in resource; use num_gpus({amount})"
        )),
        _ => check_amount(&format!("resource(\"{name}\")"), amount),
    }
}

/// Expands, inside `impl ActorOptions` or `impl TaskOptions` (each with a `resources:
/// ResourceOptions` field), to their `num_cpus`, `num_gpus` and `resource` builders. `$holds`
/// says how long the work holds them; `$cpus` is the default number of CPUs.
macro_rules! resource_builders {
    ($holds:literal, $cpus:literal) => {
        #[doc = concat!("CPUs held ", $holds, " (", $cpus, " by default, fractions allowed).")]
        pub fn num_cpus(mut self, num_cpus: f64) -> Self {
            self.resources.num_cpus = num_cpus;
            self
        }

        #[doc = concat!("GPUs held ", $holds, " (0 by default, fractions allowed).")]
        pub fn num_gpus(mut self, num_gpus: f64) -> Self {
            self.resources.num_gpus = num_gpus;
            self
        }

        #[doc = concat!("An amount of a custom resource held ", $holds, ".")]
        pub fn resource(mut self, name: impl Into<String>, amount: f64) -> Self {
            self.resources.custom.insert(name.into(), amount);
            self
        }
    };
}

pub(crate) use resource_builders;

#[cfg(test)]
mod tests {
    use super::{ResourceOptions, check_amount};

    #[test]
    fn zero_and_ordinary_amounts_pass() {
        for amount in [0.0, 0.0001, 0.5, 1.0, 64.0, 1e12] {
            assert_eq!(check_amount("num_cpus", amount), Ok(()), "{amount}");
        }
    }

    #[test]
    fn absurd_amounts_are_refused_with_the_option_named() {
        for amount in [
            -1.0,
            -0.0001,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e13,
            1e-5,
        ] {
            let reason = check_amount("num_gpus", amount).unwrap_err();
            assert!(reason.starts_with("num_gpus = "), "{reason}");
        }
    }

    #[test]
    fn a_custom_resource_needs_a_name_that_is_not_built_in() {
        let mut options = ResourceOptions::cpus(1.0);
        options.custom.insert(String::new(), 1.0);
        assert!(options.check().unwrap_err().contains("empty name"));
        let mut options = ResourceOptions::cpus(1.0);
        options.custom.insert("CPU".to_owned(), 1.0);
        assert!(options.check().unwrap_err().contains("num_cpus(1)"));
    }
}
