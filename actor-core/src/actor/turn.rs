//! Whose turn it is to run an actor's methods, and the state that the turn guards.
//!
//! The actor's loop holds the turn while it runs calls, and lets go of it when it parks on
//! an empty mailbox. A caller that awaits the call at the head of that idle actor's mailbox
//! may then take the turn and run the call itself, on its own thread (see `caller_runs`): no
//! task switch, no wake-up of the loop. The turn is one atomic byte; the state lives next to
//! it, touched only by whoever holds the turn.

// The one module of the crate with `unsafe`: a lock of one byte whose guard the loop holds
// across its `.await`s (a `Mutex` guard is not `Send`), and whose byte also says whether the
// loop waits for the turn or has ended, so that letting go wakes or drops in one atomic step.
// The proof is at each `unsafe` below.
#![allow(unsafe_code)]

use crate::sync::{AtomicU8, AtomicWaker, Ordering};
use std::cell::UnsafeCell;

/// Someone holds the turn, and with it the state.
const HELD: u8 = 0b001;
/// The loop found the turn held and waits to be woken when it is let go.
const LOOP_WAITING: u8 = 0b010;
/// The loop ended: the state is dropped by the loop, or by the caller that held the turn
/// then; `HELD` stays set for good.
const LOOP_GONE: u8 = 0b100;

/// The state of an actor and the turn that guards it.
pub(crate) struct Turn<T: Default> {
    flags: AtomicU8,
    state: UnsafeCell<T>,
}

// SAFETY: the state is reached only through a `TurnGuard` (or by `end_loop`, see there),
// and at most one guard exists at a time: a guard is made only by the one thread whose
// `fetch_or`/CAS set `HELD` from clear, or by `LoopTurn::adopt` for the `HELD` that
// `held_by_loop` set (the loop calls it once, before anyone can see the turn clear), and
// `HELD` is cleared only when that guard drops. The `Acquire` of the taker pairs
// with the `Release` of the guard that let go, so each holder sees the writes of the last.
// Sharing a `Turn` between threads thus hands `T` from thread to thread, which needs
// `T: Send`, and never shares a `&T`, which would need `T: Sync`.
unsafe impl<T: Default + Send> Sync for Turn<T> {}

impl<T: Default> Turn<T> {
    /// A turn over `state`, held from the start by the actor's loop: the loop adopts it
    /// with [`LoopTurn::adopt`], and nobody runs a call before the loop first parks.
    pub(crate) fn held_by_loop(state: T) -> Self {
        Self {
            flags: AtomicU8::new(HELD),
            state: UnsafeCell::new(state),
        }
    }

    /// The turn, if nobody holds it. When the guard drops and the loop waits, `loop_waker`
    /// wakes it.
    #[inline]
    pub(crate) fn try_take<'a>(&'a self, loop_waker: &'a AtomicWaker) -> Option<TurnGuard<'a, T>> {
        let before = self.flags.fetch_or(HELD, Ordering::Acquire);
        // Lazily: a guard made and dropped would let go of a turn someone else holds.
        (before & HELD == 0).then(|| TurnGuard {
            turn: self,
            loop_waker,
        })
    }

    /// For the loop: the turn, or, if someone holds it, a note that the loop waits for it,
    /// so that letting go wakes `loop_waker` (which the loop registered first).
    pub(crate) fn take_or_wait<'a>(
        &'a self,
        loop_waker: &'a AtomicWaker,
    ) -> Option<TurnGuard<'a, T>> {
        let mut flags = self.flags.load(Ordering::Relaxed);
        loop {
            let (next, taken) = match flags & HELD {
                0 => (flags | HELD, true),
                _ => (flags | LOOP_WAITING, false),
            };
            match self.flags.compare_exchange_weak(
                flags,
                next,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) if taken => {
                    return Some(TurnGuard {
                        turn: self,
                        loop_waker,
                    });
                }
                Ok(_) => return None,
                Err(actual) => flags = actual,
            }
        }
    }

    /// Marks the loop ended: the state is dropped now if nobody holds the turn, else by the
    /// holder when it lets go. Nobody takes the turn after this.
    pub(crate) fn end_loop(&self) {
        let before = self.flags.fetch_or(HELD | LOOP_GONE, Ordering::AcqRel);
        if before & HELD == 0 {
            // SAFETY: this `fetch_or` set `HELD` from clear, so this thread holds the turn,
            // and keeps it for good: no guard exists and none will be made.
            drop(std::mem::take(unsafe { &mut *self.state.get() }));
        }
    }
}

/// The held turn: access to the state until it drops.
pub(crate) struct TurnGuard<'a, T: Default> {
    turn: &'a Turn<T>,
    loop_waker: &'a AtomicWaker,
}

impl<T: Default> std::ops::Deref for TurnGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: this guard holds the turn (see `impl Sync for Turn`).
        unsafe { &*self.turn.state.get() }
    }
}

impl<T: Default> std::ops::DerefMut for TurnGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: this guard holds the turn, and `&mut self` makes the borrow unique.
        unsafe { &mut *self.turn.state.get() }
    }
}

impl<T: Default> Drop for TurnGuard<'_, T> {
    /// Lets go of the turn and wakes the loop if it waits for it; if the loop ended
    /// meanwhile, drops the state and keeps the turn for good.
    #[inline]
    fn drop(&mut self) {
        let flags = &self.turn.flags;
        let mut before = flags.load(Ordering::Relaxed);
        loop {
            if before & LOOP_GONE != 0 {
                drop(std::mem::take(&mut **self));
                return;
            }
            match flags.compare_exchange_weak(
                before,
                before & !(HELD | LOOP_WAITING),
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(actual) => before = actual,
            }
        }
        if before & LOOP_WAITING != 0 {
            self.loop_waker.wake();
        }
    }
}

/// The loop's hold on the turn: held while it runs calls, let go while it parks.
pub(crate) struct LoopTurn<'a, T: Default> {
    turn: &'a Turn<T>,
    loop_waker: &'a AtomicWaker,
    held: Option<TurnGuard<'a, T>>,
}

impl<'a, T: Default> LoopTurn<'a, T> {
    /// The loop's hold on `turn`, made [`Turn::held_by_loop`]; `loop_waker` is the waker
    /// the loop parks with.
    pub(crate) fn adopt(turn: &'a Turn<T>, loop_waker: &'a AtomicWaker) -> Self {
        Self {
            turn,
            loop_waker,
            held: Some(TurnGuard { turn, loop_waker }),
        }
    }

    /// Lets go of the turn, as the loop parks: an awaiting caller may run a call now.
    ///
    /// One clearing swap, where a guard's let-go needs a compare-and-swap loop: while the
    /// loop holds the turn the flags are exactly `HELD`, so there is nobody to wake and
    /// nothing to drop. Only the loop sets `LOOP_WAITING` and `LOOP_GONE`, and never while it
    /// holds the turn; a caller's `fetch_or(HELD)` on a held turn changes nothing. (A plain
    /// store is not enough: loom finds a lost wake-up with it.)
    #[inline]
    pub(crate) fn let_go(&mut self) {
        if let Some(guard) = self.held.take() {
            let before = self.turn.flags.swap(0, Ordering::Release);
            debug_assert_eq!(before, HELD);
            // Let go above: its drop would let go a second time.
            std::mem::forget(guard);
        }
    }

    /// Takes the turn back; false if a caller holds it, in which case `cx`'s task is woken
    /// once the caller lets go.
    #[inline]
    pub(crate) fn take_back(&mut self, cx: &std::task::Context<'_>) -> bool {
        if self.held.is_some() {
            return true;
        }
        self.held = self.turn.try_take(self.loop_waker);
        if self.held.is_none() {
            self.loop_waker.register(cx.waker());
            self.held = self.turn.take_or_wait(self.loop_waker);
        }
        self.held.is_some()
    }

    /// The state, which the loop holds whenever it runs calls (after `recv` handed it one).
    #[inline]
    pub(crate) fn state(&mut self) -> &mut T {
        self.held
            .as_deref_mut()
            .expect("the loop holds the turn whenever it runs a call")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_turn_cannot_be_taken_until_it_is_let_go() {
        let waker = AtomicWaker::new();
        let turn = Turn::held_by_loop(Some(1));
        let mut by_loop = LoopTurn::adopt(&turn, &waker);
        assert!(
            turn.try_take(&waker).is_none(),
            "the loop holds it from the start"
        );
        *by_loop.state() = Some(2);
        by_loop.let_go();
        let mut held = turn.try_take(&waker).expect("let go by the loop");
        assert!(turn.try_take(&waker).is_none());
        assert!(turn.take_or_wait(&waker).is_none());
        *held = Some(3);
        drop(held);
        assert_eq!(*turn.try_take(&waker).expect("let go"), Some(3));
    }

    #[test]
    fn an_ended_loop_drops_the_state_now_or_when_the_holder_lets_go() {
        let waker = AtomicWaker::new();
        let state = std::sync::Arc::new(());
        let idle = Turn::held_by_loop(Some(state.clone()));
        LoopTurn::adopt(&idle, &waker).let_go();
        idle.end_loop();
        assert_eq!(std::sync::Arc::strong_count(&state), 1, "dropped at once");
        assert!(idle.try_take(&waker).is_none(), "nobody takes it after");

        let busy = Turn::held_by_loop(Some(state.clone()));
        LoopTurn::adopt(&busy, &waker).let_go();
        let held = busy.try_take(&waker).expect("nobody holds it");
        busy.end_loop();
        assert_eq!(
            std::sync::Arc::strong_count(&state),
            2,
            "the holder still has it"
        );
        drop(held);
        assert_eq!(
            std::sync::Arc::strong_count(&state),
            1,
            "dropped by the holder"
        );
        assert!(busy.try_take(&waker).is_none());
    }
}
