//! How often to ask a server about a job: the polling discipline of the status page and the list.
//!
//! The first poll comes after 1 s; each answer that shows no change stretches the wait by 1.5,
//! up to 10 s; a change brings it back to 1 s (a job that moved is likely to move again soon); a
//! terminal job ends polling. Every wait is jittered by up to ±10 % so that many open tabs do not
//! poll in step. Pure logic: the caller supplies the randomness and does the waiting.

use std::time::Duration;

/// The first wait, and the wait after a change.
pub const FASTEST: Duration = Duration::from_secs(1);
/// The longest wait.
pub const SLOWEST: Duration = Duration::from_secs(10);
/// How much each unchanged answer stretches the wait.
pub const GROWTH: f64 = 1.5;
/// The largest fraction a wait is moved by, either way.
pub const JITTER: f64 = 0.1;

/// The state of polling one resource.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollSchedule {
    interval: f64,
    stopped: bool,
}

impl Default for PollSchedule {
    fn default() -> Self {
        Self::new()
    }
}

impl PollSchedule {
    /// A schedule that polls first after [`FASTEST`].
    pub fn new() -> Self {
        PollSchedule { interval: FASTEST.as_secs_f64(), stopped: false }
    }

    /// The current interval, without jitter.
    pub fn interval(&self) -> Duration {
        Duration::from_secs_f64(self.interval)
    }

    /// Whether polling has ended (the resource reached a terminal state).
    pub fn is_stopped(&self) -> bool {
        self.stopped
    }

    /// How long to wait before the next poll, given `random` in `[0, 1)` for the jitter; `None`
    /// once polling has ended.
    pub fn next_wait(&self, random: f64) -> Option<Duration> {
        if self.stopped {
            return None;
        }
        let spread = 1.0 + JITTER * (2.0 * random.clamp(0.0, 1.0) - 1.0);
        Some(Duration::from_secs_f64(self.interval * spread))
    }

    /// Records an answer: a change (`changed`) goes back to fast polling, a terminal resource
    /// stops it, and otherwise the wait grows.
    pub fn answered(&mut self, changed: bool, is_terminal: bool) {
        if is_terminal {
            self.stopped = true;
        } else if changed {
            self.interval = FASTEST.as_secs_f64();
        } else {
            self.grow();
        }
    }

    /// Records a failed poll (network trouble, a server error): wait longer before the next.
    pub fn failed(&mut self) {
        self.grow();
    }

    /// Starts over (after a pause, or when asked to refresh): fast, and running again.
    pub fn restart(&mut self) {
        *self = PollSchedule::new();
    }

    fn grow(&mut self) {
        self.interval = (self.interval * GROWTH).min(SLOWEST.as_secs_f64());
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn waits(schedule: &mut PollSchedule, answers: usize) -> Vec<f64> {
        (0..answers)
            .map(|_| {
                let wait = schedule.next_wait(0.5).unwrap().as_secs_f64();
                schedule.answered(false, false);
                (wait * 1000.0).round() / 1000.0
            })
            .collect()
    }

    #[test]
    fn polling_starts_at_one_second_and_slows_by_half_up_to_ten() {
        let mut schedule = PollSchedule::new();
        assert_eq!(waits(&mut schedule, 8), [1.0, 1.5, 2.25, 3.375, 5.063, 7.594, 10.0, 10.0]);
    }

    #[test]
    fn a_status_change_brings_polling_back_to_fast() {
        let mut schedule = PollSchedule::new();
        waits(&mut schedule, 5);
        schedule.answered(true, false);
        assert_eq!(schedule.next_wait(0.5), Some(FASTEST));
    }

    #[test]
    fn a_terminal_answer_stops_polling_and_restart_resumes_it() {
        let mut schedule = PollSchedule::new();
        schedule.answered(true, true);
        assert!(schedule.is_stopped());
        assert_eq!(schedule.next_wait(0.5), None);
        schedule.restart();
        assert_eq!(schedule.next_wait(0.5), Some(FASTEST));
    }

    #[test]
    fn jitter_stays_within_ten_percent_either_way() {
        let schedule = PollSchedule::new();
        assert_eq!(schedule.next_wait(0.0), Some(Duration::from_millis(900)));
        assert!(schedule.next_wait(0.999_999_999).unwrap() <= Duration::from_millis(1100));
        assert_eq!(schedule.next_wait(7.0), Some(Duration::from_millis(1100)), "out-of-range randomness is clamped");
    }

    #[test]
    fn failures_back_off_like_unchanged_answers() {
        let mut schedule = PollSchedule::new();
        for _ in 0..20 {
            schedule.failed();
        }
        assert_eq!(schedule.interval(), SLOWEST);
        assert!(!schedule.is_stopped());
    }
}
