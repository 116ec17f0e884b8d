//! How often to ask a server about a job: the polling discipline of the status page and the list.
//!
//! The first poll comes after 1 s; each answer that shows no change stretches the wait by 1.5,
//! up to 10 s; a change brings it back to 1 s (a job that moved is likely to move again soon); a
//! terminal job ends polling. Every wait is jittered by up to ±10 % so that many open tabs do not
//! poll in step. Pure logic: the caller supplies the randomness and does the waiting.
//!
//! When the caller knows when the resource is likely to change (a job's expected end, from how
//! long jobs like it took: [`expected_duration`]), it passes the time left with each
//! [`PollSchedule::next_wait`]. Far from that moment the waits are the ones above; as it nears, a
//! wait never sleeps past it by more than [`AFTER_END`], so a poll lands just after it; once it
//! has passed, waits start at 1 s and grow with the time since it by [`GROWTH`], until they meet
//! the usual waits again (about 20 s later): a wrong guess costs a few requests once, never a
//! steady stream. Told nothing, the schedule is exactly the one above.
//!
//! A resource can also make progress without changing status (a running fit saving iterations):
//! the caller says so with [`PollSchedule::answered_with_progress`]. An answer that shows progress
//! keeps every wait at most [`PROGRESS_WAIT`] (2 s, jitter included) for as long as progress keeps
//! coming, so a chart that is growing is seen growing; progress does not bring the wait back to
//! 1 s (only a status change does), it only stops it from stretching past the cap. Once answers
//! have shown nothing new for [`PROGRESS_QUIET`] (10 s, counted in the schedule's own waits), the
//! cap is lifted and the waits stretch again by [`GROWTH`] towards [`SLOWEST`], from where they
//! were. A failed poll lifts it at once (a server in trouble is not asked faster). Told nothing
//! about progress (or with [`PollSchedule::answered`]), the schedule is the one above.

use std::time::Duration;

/// The first wait, and the wait after a change.
pub const FASTEST: Duration = Duration::from_secs(1);
/// The longest wait.
pub const SLOWEST: Duration = Duration::from_secs(10);
/// How much each unchanged answer stretches the wait.
pub const GROWTH: f64 = 1.5;
/// The largest fraction a wait is moved by, either way.
pub const JITTER: f64 = 0.1;
/// How long after the expected end the poll aimed at it comes (the expected end is a median:
/// about half the jobs end a little after it).
pub const AFTER_END: Duration = Duration::from_millis(500);

/// The longest wait, jitter included, while the resource is making progress.
pub const PROGRESS_WAIT: Duration = Duration::from_secs(2);
/// How long answers show nothing new before waits may stretch past [`PROGRESS_WAIT`] again: long
/// enough that the pauses between a running job's saves do not lift the cap, short enough that a
/// job which stalled is soon polled as gently as an idle one.
pub const PROGRESS_QUIET: Duration = Duration::from_secs(10);

/// The state of polling one resource.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PollSchedule {
    interval: f64,
    stopped: bool,
    /// Seconds of waits since the last answer that showed progress; `None` when progress is not
    /// holding the waits down (none yet, or quiet for [`PROGRESS_QUIET`]).
    since_progress: Option<f64>,
}

impl Default for PollSchedule {
    fn default() -> Self {
        Self::new()
    }
}

impl PollSchedule {
    /// A schedule that polls first after [`FASTEST`].
    pub fn new() -> Self {
        PollSchedule { interval: FASTEST.as_secs_f64(), stopped: false, since_progress: None }
    }

    /// The current interval, without jitter.
    pub fn interval(&self) -> Duration {
        Duration::from_secs_f64(self.interval)
    }

    /// Whether progress is holding the waits at most [`PROGRESS_WAIT`] (progress came less than
    /// [`PROGRESS_QUIET`] ago).
    pub fn is_progressing(&self) -> bool {
        self.since_progress.is_some()
    }

    /// Whether polling has ended (the resource reached a terminal state).
    pub fn is_stopped(&self) -> bool {
        self.stopped
    }

    /// How long to wait before the next poll, given `random` in `[0, 1)` for the jitter and, when
    /// known, the seconds `until_end` the resource is expected to change (negative: it was
    /// expected that long ago); `None` once polling has ended. While progress is coming, never
    /// more than [`PROGRESS_WAIT`].
    pub fn next_wait(&self, random: f64, until_end: Option<f64>) -> Option<Duration> {
        if self.stopped {
            return None;
        }
        let spread = 1.0 + JITTER * (2.0 * random.clamp(0.0, 1.0) - 1.0);
        let mut wait = self.interval * spread;
        if self.is_progressing() {
            // The interval is already capped so that jitter stays; this only absorbs rounding.
            wait = wait.min(PROGRESS_WAIT.as_secs_f64());
        }
        // Aimed at the expected end, not jittered: jobs end at their own times anyway.
        let aimed = match until_end.filter(|r| r.is_finite()) {
            Some(r) if r > 0.0 => r + AFTER_END.as_secs_f64(),
            Some(r) => (-r * (GROWTH - 1.0)).max(FASTEST.as_secs_f64()),
            None => wait,
        };
        Some(Duration::from_secs_f64(wait.min(aimed)))
    }

    /// Records an answer: a change (`changed`) goes back to fast polling, a terminal resource
    /// stops it, and otherwise the wait grows. The same as
    /// [`answered_with_progress`](Self::answered_with_progress) told no progress.
    pub fn answered(&mut self, changed: bool, is_terminal: bool) {
        self.answered_with_progress(changed, false, is_terminal);
    }

    /// Records an answer as [`answered`](Self::answered) does, and whether it shows `progressed`
    /// (the resource's data grew: new saved iterations, without a status change): progress holds
    /// the waits at most [`PROGRESS_WAIT`] until answers have shown nothing new for
    /// [`PROGRESS_QUIET`]; then they stretch again.
    pub fn answered_with_progress(&mut self, changed: bool, progressed: bool, is_terminal: bool) {
        // The wait that led to this answer, near enough (the caller does the waiting).
        let waited = self.interval;
        if is_terminal {
            self.stopped = true;
        } else if changed {
            self.interval = FASTEST.as_secs_f64();
        } else {
            self.grow();
        }
        self.since_progress = if progressed {
            Some(0.0)
        } else {
            self.since_progress.map(|quiet| quiet + waited).filter(|&quiet| quiet < PROGRESS_QUIET.as_secs_f64())
        };
        if self.is_progressing() {
            self.interval = self.interval.min(PROGRESS_WAIT.as_secs_f64() / (1.0 + JITTER));
        }
    }

    /// Records a failed poll (network trouble, a server error): wait longer before the next, even
    /// while progress was coming.
    pub fn failed(&mut self) {
        self.since_progress = None;
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

/// How long a job is expected to run in all (seconds), from how long jobs like it ran: the
/// median of `same_params` (jobs of its type with identical params) when one of them ran longer
/// than `elapsed` (how long this one has run already), else the median of `same_type`; `None`
/// when no known duration is still ahead. Durations that are not finite and positive are left
/// out. The lower median of an even count, found without sorting (sorting code is large in the
/// web app, and the lists are short).
pub fn expected_duration(same_params: &[f64], same_type: &[f64], elapsed: f64) -> Option<f64> {
    median_above(same_params, elapsed).or_else(|| median_above(same_type, elapsed))
}

fn median_above(durations: &[f64], elapsed: f64) -> Option<f64> {
    // Plain loops: iterator chains cost the web app more code.
    let floor = elapsed.max(0.0);
    let ahead = |d: f64| d.is_finite() && d > floor;
    // The lower median: the least duration with at least as many at or below it as above it.
    let mut median: Option<f64> = None;
    for &d in durations {
        let (mut at_or_below, mut above) = (0, 0);
        for &other in durations {
            if ahead(other) && other <= d {
                at_or_below += 1;
            } else if ahead(other) {
                above += 1;
            }
        }
        if ahead(d) && at_or_below >= above && median.is_none_or(|m| d < m) {
            median = Some(d);
        }
    }
    median
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn waits(schedule: &mut PollSchedule, answers: usize) -> Vec<f64> {
        (0..answers)
            .map(|_| {
                let wait = schedule.next_wait(0.5, None).unwrap().as_secs_f64();
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
        assert_eq!(schedule.next_wait(0.5, None), Some(FASTEST));
    }

    #[test]
    fn a_terminal_answer_stops_polling_and_restart_resumes_it() {
        let mut schedule = PollSchedule::new();
        schedule.answered(true, true);
        assert!(schedule.is_stopped());
        assert_eq!(schedule.next_wait(0.5, None), None);
        schedule.restart();
        assert_eq!(schedule.next_wait(0.5, None), Some(FASTEST));
    }

    #[test]
    fn jitter_stays_within_ten_percent_either_way() {
        let schedule = PollSchedule::new();
        assert_eq!(schedule.next_wait(0.0, None), Some(Duration::from_millis(900)));
        assert!(schedule.next_wait(0.999_999_999, None).unwrap() <= Duration::from_millis(1100));
        assert_eq!(
            schedule.next_wait(7.0, None),
            Some(Duration::from_millis(1100)),
            "out-of-range randomness is clamped"
        );
    }

    /// Watches a job that ends `ends_at` seconds after the first poll, answers coming at once, the
    /// schedule told the expected end (`expected`, seconds after the first poll) before each
    /// wait: how late the end is seen (seconds) and how many polls that took.
    fn watch(ends_at: f64, expected: Option<f64>) -> (f64, usize) {
        let mut schedule = PollSchedule::new();
        let (mut now, mut polls) = (0.0, 0);
        loop {
            polls += 1;
            let ended = now >= ends_at;
            // As the page does: the first answer starts the schedule, the end stops it.
            schedule.answered(polls == 1 || ended, ended);
            if ended {
                return (now - ends_at, polls);
            }
            now += schedule.next_wait(0.5, expected.map(|end| end - now)).unwrap().as_secs_f64();
        }
    }

    /// Today's worst: the end comes just after a poll, and the next is one longest wait later.
    const WORST_LATENESS: f64 = 10.0 * (1.0 + JITTER);

    #[test]
    fn told_nothing_the_waits_are_exactly_todays() {
        let mut schedule = PollSchedule::new();
        for answer in 0..30 {
            let random = f64::from(answer) / 30.0;
            let untold = schedule.next_wait(random, None).unwrap();
            assert_eq!(schedule.next_wait(random, Some(f64::INFINITY)), Some(untold), "wait {answer}");
            schedule.answered(answer % 7 == 0, false);
        }
        assert_eq!(waits(&mut PollSchedule::new(), 8), [1.0, 1.5, 2.25, 3.375, 5.063, 7.594, 10.0, 10.0]);
    }

    #[test]
    fn a_poll_lands_just_after_the_expected_end_of_a_long_job_at_todays_cost() {
        for ends_at in [60.0, 300.0] {
            let (today_late, today_polls) = watch(ends_at, None);
            let (late, polls) = watch(ends_at, Some(ends_at));
            assert!(late <= AFTER_END.as_secs_f64() + 1e-9, "{ends_at} s job seen {late} s late (today {today_late})");
            assert!(polls <= today_polls + 1, "{ends_at} s job: {polls} polls, today {today_polls}");
        }
        assert!(watch(300.0, Some(300.0)).1 <= 40);
    }

    #[test]
    fn an_end_a_little_after_the_expected_one_is_seen_within_about_a_second() {
        for late_by in [0.2, 0.6, 1.0, 2.0, 3.0] {
            let (late, polls) = watch(300.0 + late_by, Some(300.0));
            assert!(late <= 1.6, "ending {late_by} s after the expected end: seen {late} s late");
            assert!(polls <= 40, "ending {late_by} s after the expected end: {polls} polls");
        }
    }

    #[test]
    fn a_wrong_expectation_never_sees_the_end_later_than_today_and_costs_a_bounded_few_polls() {
        for ends_at in [3.0, 30.0, 60.0, 61.5, 140.0, 300.0, 299.7, 600.0] {
            let (_, today_polls) = watch(ends_at, None);
            for expected in [0.5, 2.0, 20.0, 59.0, 60.0, 100.0, 290.0, 305.0, 450.0, 3600.0] {
                let (late, polls) = watch(ends_at, Some(expected));
                assert!(late <= WORST_LATENESS, "ends {ends_at}, expected {expected}: seen {late} s late");
                // The 20 s after an expected end that passes take about 5 polls more than
                // today's 10 s waits, plus the poll aimed at it.
                assert!(
                    polls <= today_polls + 6,
                    "ends {ends_at}, expected {expected}: {polls} polls, today {today_polls}"
                );
            }
        }
    }

    #[test]
    fn once_the_expected_end_has_passed_waits_grow_with_the_time_since_until_they_are_todays() {
        let mut schedule = PollSchedule::new();
        waits(&mut schedule, 8);
        let mut since = 0.5;
        let mut seen = Vec::new();
        while since < 40.0 {
            let wait = schedule.next_wait(0.5, Some(-since)).unwrap().as_secs_f64();
            seen.push((wait * 1000.0).round() / 1000.0);
            since += wait;
        }
        assert_eq!(seen, [1.0, 1.0, 1.25, 1.875, 2.813, 4.219, 6.328, 9.492, 10.0, 10.0]);
    }

    #[test]
    fn a_wait_never_sleeps_past_the_expected_end_by_more_than_half_a_second() {
        let mut schedule = PollSchedule::new();
        waits(&mut schedule, 8);
        assert_eq!(schedule.next_wait(0.9, Some(4.0)), Some(Duration::from_millis(4500)));
        assert_eq!(schedule.next_wait(0.5, Some(40.0)), Some(SLOWEST), "far from the end, waits are today's");
        let meaningless = schedule.next_wait(0.5, Some(f64::NAN));
        assert_eq!(meaningless, Some(SLOWEST), "a meaningless expectation is no expectation");
    }

    #[test]
    fn the_expected_duration_is_the_median_of_identical_params_jobs_before_same_type_ones() {
        assert_eq!(expected_duration(&[61.0, 59.0, 60.0], &[300.0, 5.0, 60.0, 59.0, 61.0], 0.0), Some(60.0));
        assert_eq!(expected_duration(&[], &[300.0, 5.0, 60.0, 59.0, 61.0], 0.0), Some(60.0));
        assert_eq!(expected_duration(&[], &[], 0.0), None);
    }

    #[test]
    fn the_expected_duration_of_an_even_count_is_the_lower_median_and_repeats_count() {
        assert_eq!(expected_duration(&[300.0, 60.0, 60.0, 300.0], &[], 0.0), Some(60.0));
        assert_eq!(expected_duration(&[7.0, 7.0, 7.0, 9.0], &[], 0.0), Some(7.0));
    }

    #[test]
    fn durations_the_job_has_already_outrun_do_not_count() {
        assert_eq!(expected_duration(&[60.0, 60.0, 300.0], &[], 90.0), Some(300.0));
        // Past every identical-params job, the same-type ones still ahead are asked.
        assert_eq!(expected_duration(&[60.0], &[60.0, 600.0], 90.0), Some(600.0));
        assert_eq!(expected_duration(&[60.0], &[60.0], 90.0), None);
    }

    #[test]
    fn durations_that_are_not_finite_and_positive_are_left_out() {
        assert_eq!(expected_duration(&[f64::NAN, -1.0, 0.0, f64::INFINITY], &[], 0.0), None);
        assert_eq!(expected_duration(&[f64::NAN, 12.0], &[], 0.0), Some(12.0));
    }

    /// Answers `answers` times, each showing progress or not as `progressed` says: the waits
    /// asked for before each (seconds, to the millisecond).
    fn waits_with_progress(schedule: &mut PollSchedule, answers: usize, progressed: bool) -> Vec<f64> {
        (0..answers)
            .map(|_| {
                let wait = schedule.next_wait(0.5, None).unwrap().as_secs_f64();
                schedule.answered_with_progress(false, progressed, false);
                (wait * 1000.0).round() / 1000.0
            })
            .collect()
    }

    #[test]
    fn steady_progress_never_waits_more_than_two_seconds() {
        let mut schedule = PollSchedule::new();
        waits(&mut schedule, 8);
        assert_eq!(schedule.next_wait(0.5, None), Some(SLOWEST), "before progress, waits are today's");
        for answer in 0..60 {
            schedule.answered_with_progress(answer % 9 == 0, true, false);
            for random in [0.0, 0.5, 0.999_999_999, 7.0] {
                for until_end in [None, Some(40.0), Some(1.5), Some(-30.0), Some(f64::INFINITY)] {
                    let wait = schedule.next_wait(random, until_end).unwrap();
                    assert!(wait <= PROGRESS_WAIT, "answer {answer}: {wait:?} (random {random}, end {until_end:?})");
                }
            }
        }
    }

    #[test]
    fn progress_keeps_the_jitter_below_two_seconds() {
        let mut schedule = PollSchedule::new();
        waits_with_progress(&mut schedule, 5, true);
        let (low, high) = (schedule.next_wait(0.0, None).unwrap(), schedule.next_wait(0.999_999_999, None).unwrap());
        assert!(high <= PROGRESS_WAIT && high >= Duration::from_millis(1990), "{high:?}");
        assert!(high - low >= Duration::from_millis(300), "tabs still spread their polls: {low:?} to {high:?}");
    }

    #[test]
    fn progress_stretches_the_waits_from_one_second_only_up_to_two() {
        let mut schedule = PollSchedule::new();
        assert_eq!(waits_with_progress(&mut schedule, 5, true), [1.0, 1.5, 1.818, 1.818, 1.818]);
    }

    #[test]
    fn after_progress_stops_the_waits_grow_back_to_ten_seconds() {
        let mut schedule = PollSchedule::new();
        waits_with_progress(&mut schedule, 10, true);
        let quiet = waits_with_progress(&mut schedule, 13, false);
        assert_eq!(quiet, [1.818, 1.818, 1.818, 1.818, 1.818, 1.818, 2.727, 4.091, 6.136, 9.205, 10.0, 10.0, 10.0]);
        let held: f64 = quiet.iter().take_while(|&&w| w <= PROGRESS_WAIT.as_secs_f64()).sum();
        assert!(held >= PROGRESS_QUIET.as_secs_f64(), "the cap held for {held} s of quiet");
        assert!(!schedule.is_progressing());
    }

    #[test]
    fn a_pause_in_progress_shorter_than_the_quiet_keeps_the_waits_short() {
        let mut schedule = PollSchedule::new();
        for _ in 0..10 {
            waits_with_progress(&mut schedule, 1, true);
            let paused = waits_with_progress(&mut schedule, 4, false);
            assert!(paused.iter().all(|&w| w <= PROGRESS_WAIT.as_secs_f64()), "{paused:?}");
        }
        assert!(schedule.is_progressing());
    }

    #[test]
    fn a_status_change_still_goes_back_to_one_second_while_progress_comes() {
        let mut schedule = PollSchedule::new();
        waits_with_progress(&mut schedule, 6, true);
        schedule.answered_with_progress(true, true, false);
        assert_eq!(schedule.next_wait(0.5, None), Some(FASTEST));
        schedule.answered_with_progress(true, false, false);
        assert_eq!(schedule.next_wait(0.5, None), Some(FASTEST));
    }

    #[test]
    fn told_nothing_about_progress_the_waits_are_todays() {
        let (mut told_nothing, mut told_none) = (PollSchedule::new(), PollSchedule::new());
        for answer in 0..30 {
            let random = f64::from(answer) / 30.0;
            assert_eq!(told_none.next_wait(random, None), told_nothing.next_wait(random, None), "wait {answer}");
            told_nothing.answered(answer % 7 == 0, false);
            told_none.answered_with_progress(answer % 7 == 0, false, false);
            assert!(!told_none.is_progressing());
        }
        assert_eq!(
            waits_with_progress(&mut PollSchedule::new(), 8, false),
            [1.0, 1.5, 2.25, 3.375, 5.063, 7.594, 10.0, 10.0]
        );
    }

    #[test]
    fn a_failed_poll_lifts_the_progress_cap_and_a_restart_forgets_progress() {
        let mut schedule = PollSchedule::new();
        waits_with_progress(&mut schedule, 6, true);
        schedule.failed();
        assert!(!schedule.is_progressing());
        assert!(schedule.next_wait(0.5, None).unwrap() > PROGRESS_WAIT, "a server in trouble is asked less often");
        waits_with_progress(&mut schedule, 1, true);
        schedule.restart();
        assert_eq!(schedule, PollSchedule::new());
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
