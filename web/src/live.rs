//! Live updates: polls on jobs-core's schedule, only while the tab is visible (with an immediate
//! refresh when it becomes visible again), never two at a time, until the resource is terminal,
//! paused, or the page is left.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use jobs_core::poll::PollSchedule;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What one poll found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// An answer; `changed` if it differs from the last, `progressed` if its data grew,
    /// `terminal` if it will not change again.
    Answered {
        /// The resource changed since the last answer.
        changed: bool,
        /// Its data grew without a status change (new saved iterations): polling stays at most
        /// 2 s apart while that goes on (jobs-core's `PollSchedule::answered_with_progress`).
        progressed: bool,
        /// It will not change again.
        terminal: bool,
    },
    /// No answer worth a faster retry (network, server error).
    Failed,
    /// An answer that makes polling pointless (not found, not allowed).
    GaveUp,
}

type Poll = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Outcome>>>>;

/// A running poller; copy it freely.
#[derive(Clone, Copy)]
pub struct Live {
    poll: StoredValue<Poll, LocalStorage>,
    schedule: StoredValue<PollSchedule>,
    timer: StoredValue<Option<TimeoutHandle>>,
    busy: StoredValue<bool>,
    /// Whether an answer has come yet: the first look (showing the page) starts the schedule
    /// rather than stretching it, so the first poll still comes after one second.
    answered_once: StoredValue<bool>,
    disposed: StoredValue<bool>,
    /// When the resource is expected to change (milliseconds since the epoch); NaN: not known.
    /// (An `f64`, not an `Option`: the app already has the code of an `f64` signal.)
    expected_end: RwSignal<f64>,
    /// The page's owner: polls started by a timer or the tab becoming visible belong to the page too.
    owner: StoredValue<Option<Owner>>,
    /// The user paused live updates.
    pub paused: RwSignal<bool>,
    /// When the last answer came (milliseconds since the epoch).
    pub updated_at: RwSignal<Option<f64>>,
    /// Whether polling ended because the resource is terminal (or gave up).
    pub finished: RwSignal<bool>,
    /// Whether the last poll failed (so the page can say it is reconnecting).
    pub failing: RwSignal<bool>,
}

fn hidden() -> bool {
    document().hidden()
}

impl Live {
    /// Starts polling with `poll` right away, and keeps going as the schedule says.
    pub fn start<F, Fut>(poll: F) -> Live
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = Outcome> + 'static,
    {
        let poll: Poll = Rc::new(move || Box::pin(poll()));
        let live = Live {
            poll: StoredValue::new_local(poll),
            schedule: StoredValue::new(PollSchedule::new()),
            timer: StoredValue::new(None),
            busy: StoredValue::new(false),
            answered_once: StoredValue::new(false),
            disposed: StoredValue::new(false),
            expected_end: RwSignal::new(f64::NAN),
            owner: StoredValue::new(Owner::current()),
            paused: RwSignal::new(false),
            updated_at: RwSignal::new(None),
            finished: RwSignal::new(false),
            failing: RwSignal::new(false),
        };
        // Owned by the JavaScript function (not forgotten): once the listener is removed, when the
        // page is left, the browser frees it with the closure (one was kept per visit before).
        let on_visibility = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            if hidden() {
                live.cancel_timer();
            } else if !live.paused.try_get_untracked().unwrap_or(true) {
                live.now();
            }
        });
        let callback: js_sys::Function = on_visibility.into_js_value().unchecked_into();
        let _ = document().add_event_listener_with_callback("visibilitychange", &callback);
        on_cleanup(move || {
            live.disposed.set_value(true);
            live.cancel_timer();
            let _ = document().remove_event_listener_with_callback("visibilitychange", &callback);
        });
        live.now();
        live
    }

    fn cancel_timer(&self) {
        if let Some(timer) = self.timer.try_get_value().flatten() {
            timer.clear();
        }
        let _ = self.timer.try_set_value(None);
    }

    fn schedule_next(&self) {
        self.cancel_timer();
        if self.disposed.get_value() || self.paused.get_untracked() || hidden() {
            return;
        }
        // NaN or infinite when nothing is known, which the schedule takes as nothing said.
        let until_end = (self.expected_end() - js_sys::Date::now()) / 1000.0;
        if let Some(wait) = self.schedule.get_value().next_wait(js_sys::Math::random(), Some(until_end)) {
            let live = *self;
            self.timer.set_value(set_timeout_with_handle(move || live.tick(), wait).ok());
        }
    }

    fn tick(&self) {
        let _ = self.timer.try_set_value(None);
        if !self.disposed.try_get_value().unwrap_or(true) {
            self.run();
        }
    }

    /// Polls now (a refresh): also after the end, for one more look. Does nothing once the page
    /// is left (a cancel's answer may come after that).
    pub fn now(&self) {
        if self.disposed.try_get_value().unwrap_or(true) {
            return;
        }
        self.cancel_timer();
        // Paused or not: the user asked (Refresh, a cancel). Paused, it looks once and stays paused.
        if hidden() {
            return;
        }
        self.run();
    }

    fn run(&self) {
        if self.busy.get_value() {
            return;
        }
        self.busy.set_value(true);
        let live = *self;
        let future = (self.poll.get_value())();
        // Until the first answer, the page is still being drawn: no prefetch meanwhile.
        let first_look = (!self.answered_once.get_value()).then(crate::chunks::Waiting::new);
        // The poll is the page's: leaving drops it and aborts its request.
        crate::task::spawn_for_page(self.owner.get_value().as_ref(), async move {
            let outcome = future.await;
            drop(first_look);
            if live.disposed.try_get_value().unwrap_or(true) {
                return;
            }
            live.busy.set_value(false);
            let first = !live.answered_once.get_value();
            live.answered_once.set_value(first || matches!(outcome, Outcome::Answered { .. }));
            live.schedule.update_value(|s| match outcome {
                Outcome::Answered { progressed, terminal, .. } if first => {
                    s.answered_with_progress(true, progressed, terminal)
                }
                Outcome::Answered { changed, progressed, terminal } => {
                    s.answered_with_progress(changed, progressed, terminal)
                }
                Outcome::Failed => s.failed(),
                Outcome::GaveUp => s.answered(false, true),
            });
            live.failing.set(outcome == Outcome::Failed);
            if matches!(outcome, Outcome::Answered { .. }) {
                live.updated_at.set(Some(js_sys::Date::now()));
            }
            live.finished.set(live.schedule.get_value().is_stopped());
            live.schedule_next();
        });
    }

    /// Starts over for a new question (other filters): fast polling, at once, even after an end.
    pub fn restart(&self) {
        self.schedule.update_value(PollSchedule::restart);
        self.finished.set(false);
        self.now();
    }

    /// Pauses or resumes live updates (resuming polls at once).
    pub fn set_paused(&self, paused: bool) {
        self.paused.set(paused);
        if paused {
            self.cancel_timer();
        } else {
            self.schedule.update_value(|s| {
                if !s.is_stopped() {
                    s.restart();
                }
            });
            self.now();
        }
    }

    /// Says when the resource is likely to change (milliseconds since the epoch; infinity: not
    /// soon; NaN: not known): polling stays as slow as ever until then and looks just after it
    /// (jobs-core's `PollSchedule::next_wait`). Takes effect from the next wait.
    pub fn expect(&self, end_at: f64) {
        self.expected_end.set(end_at);
    }

    /// When the resource is expected to change, as last said with [`Live::expect`] (NaN: not said).
    pub fn expected_end(&self) -> f64 {
        self.expected_end.get_untracked()
    }

    /// The current interval, for people ("every 3 s").
    pub fn interval(&self) -> Duration {
        self.schedule.get_value().interval()
    }
}

/// A clock that ticks every second while the page is open (for "updated 5 s ago" and timers).
pub fn clock() -> RwSignal<f64> {
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(move || now.set(js_sys::Date::now()), Duration::from_secs(1)) {
        on_cleanup(move || handle.clear());
    }
    now
}
