//! Arguments kept for work that may run more than once.

/// Arguments kept so that the work can run again: a task after a panicking try, an actor
/// constructor after a restart.
#[derive(Debug)]
pub struct KeptArgs<T> {
    value: Option<T>,
    clone: Option<fn(&T) -> T>,
}

impl<T> KeptArgs<T> {
    /// Arguments that can be given to one try only.
    pub fn once(value: T) -> Self {
        Self {
            value: Some(value),
            clone: None,
        }
    }

    /// Arguments that are cloned for every try but the last.
    pub fn cloneable(value: T) -> Self
    where
        T: Clone,
    {
        Self {
            value: Some(value),
            clone: Some(T::clone),
        }
    }

    /// The arguments, without taking them.
    pub(crate) fn peek(&self) -> &T {
        self.value
            .as_ref()
            .expect("arguments are only taken by the loop that constructs the actor")
    }

    pub(crate) fn can_retry(&self) -> bool {
        self.clone.is_some()
    }

    /// The arguments for the next try; the last try takes the kept value itself.
    pub(crate) fn next(&mut self, last_try: bool) -> Option<T> {
        match self.clone {
            Some(clone) if !last_try => self.value.as_ref().map(clone),
            _ => self.value.take(),
        }
    }
}

/// Picks, at compile time, how arguments are kept: cloned for every run when they are
/// `Clone`, given once otherwise. Used by the code `#[actor]` and `#[task]` generate, as
/// `(&&KeptArgsProbe::<Args>::new()).make()` with both traits in scope.
#[derive(Debug)]
pub struct KeptArgsProbe<T>(std::marker::PhantomData<fn(T)>);

impl<T> KeptArgsProbe<T> {
    /// A probe for arguments of type `T`.
    pub fn new() -> Self {
        Self(std::marker::PhantomData)
    }
}

impl<T> Default for KeptArgsProbe<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Chosen when the arguments are `Clone`: they can be given to every try.
pub trait CloneArgs<T> {
    /// The constructor of the kept arguments.
    fn make(&self) -> fn(T) -> KeptArgs<T>;
}

impl<T: Clone> CloneArgs<T> for &KeptArgsProbe<T> {
    fn make(&self) -> fn(T) -> KeptArgs<T> {
        KeptArgs::cloneable
    }
}

/// Chosen otherwise: the arguments are given to one try.
pub trait OnceArgs<T> {
    /// The constructor of the kept arguments.
    fn make(&self) -> fn(T) -> KeptArgs<T>;
}

impl<T> OnceArgs<T> for KeptArgsProbe<T> {
    fn make(&self) -> fn(T) -> KeptArgs<T> {
        KeptArgs::once
    }
}

/// Clones a message field when its type is `Clone`, for retries after a restart. Used by
/// the code `#[actor]` generates, as `(&&CloneProbe(field)).try_clone()` with both traits
/// in scope.
#[derive(Debug)]
pub struct CloneProbe<'a, T>(pub &'a T);

/// Chosen when the field is `Clone`.
pub trait CloneProbeViaClone<T> {
    /// A copy of the field.
    fn try_clone(&self) -> Option<T>;
}

impl<T: Clone> CloneProbeViaClone<T> for &CloneProbe<'_, T> {
    fn try_clone(&self) -> Option<T> {
        Some(self.0.clone())
    }
}

/// Chosen otherwise: the call cannot be retried.
pub trait CloneProbeFallback<T> {
    /// No copy.
    fn try_clone(&self) -> Option<T>;
}

impl<T> CloneProbeFallback<T> for CloneProbe<'_, T> {
    fn try_clone(&self) -> Option<T> {
        None
    }
}
