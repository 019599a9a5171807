//! How long an actor waits before it restarts: the back-off of supervisors.

use std::time::{Duration, Instant};

/// The first restart after the actor ran well for this long is not delayed.
const HEALTHY_FOR: Duration = Duration::from_secs(10);
/// The pause before the second of restarts in a row; each later one waits twice as long as
/// the one before, up to [`MAX_PAUSE`].
const FIRST_PAUSE: Duration = Duration::from_millis(2);
/// The longest pause before a restart.
const MAX_PAUSE: Duration = Duration::from_secs(1);

/// The back-off of restarts, as supervisors in Erlang/OTP and Kubernetes have: an actor
/// that panics again soon after it restarted (a call that always panics, retried forever)
/// waits [`FIRST_PAUSE`], then twice as long each time, up to [`MAX_PAUSE`], before it is
/// constructed again, instead of spinning on a core; one that ran well for [`HEALTHY_FOR`]
/// restarts at once. The actor is `ActorState::Restarting` while it waits.
#[derive(Default)]
pub(crate) struct Backoff {
    /// Restarts in a row, each less than [`HEALTHY_FOR`] after the one before.
    in_a_row: u32,
    /// When the actor last started again.
    pub(crate) restarted_at: Option<Instant>,
}

impl Backoff {
    /// The pause before the restart about to happen, counted as one more in a row.
    pub(crate) fn next_pause(&mut self) -> Duration {
        let ran_well = self
            .restarted_at
            .is_none_or(|restarted_at| restarted_at.elapsed() >= HEALTHY_FOR);
        if ran_well {
            self.in_a_row = 0;
        }
        let pause = match self.in_a_row {
            0 => Duration::ZERO,
            in_a_row => FIRST_PAUSE
                .saturating_mul(1 << (in_a_row - 1).min(16))
                .min(MAX_PAUSE),
        };
        self.in_a_row = self.in_a_row.saturating_add(1);
        pause
    }
}
