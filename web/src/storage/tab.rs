//! This tab's id, which names its draft (`draft.rs`). It lives in sessionStorage, the tab's own,
//! but a tab opened from another (`window.open`, a link with a target) or duplicated starts with
//! a copy of that tab's sessionStorage, id included: the two would write one draft. So each tab
//! asks, once it starts, over a BroadcastChannel whether another tab has its id; a tab that has
//! it answers, and the newcomer takes an id of its own.

use std::cell::RefCell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// This tab's id (sessionStorage).
const TAB_KEY: &str = "jobs.tab";
/// Where tabs of this site ask and answer.
const CHANNEL: &str = "jobs.tabs";

thread_local! {
    /// The channel, kept open for the life of the tab (dropping it would stop the answers).
    static OPEN: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
}

fn fresh() -> String {
    format!("{:x}", (js_sys::Math::random() * 1e15) as u64)
}

/// This tab's id, made the first time it is asked for (empty without sessionStorage).
pub fn id() -> String {
    let Some(session) = super::session() else { return String::new() };
    session.get_item(TAB_KEY).ok().flatten().unwrap_or_else(|| {
        let id = fresh();
        let _ = session.set_item(TAB_KEY, &id);
        id
    })
}

/// Asks the other tabs whether one has this tab's id, and answers them from now on. Once, when
/// the app starts.
pub fn start() {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
    let answer = channel.clone();
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let Some(message) = event.data().as_string() else { return };
        let mine = id();
        match message.split_once(' ') {
            // Another tab asks about the id this tab has: it is a copy of this one.
            Some(("who", asked)) if asked == mine => {
                let _ = answer.post_message(&format!("mine {mine}").into());
            }
            // This tab asked, and another has its id: this one is the copy, and takes its own.
            Some(("mine", taken)) if taken == mine => {
                if let Some(session) = super::session() {
                    let _ = session.set_item(TAB_KEY, &fresh());
                }
            }
            _ => {}
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The tab's one listener, for its whole life.
    on_message.forget();
    let _ = channel.post_message(&format!("who {}", id()).into());
    OPEN.with_borrow_mut(|open| *open = Some(channel));
}
