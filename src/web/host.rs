//! The page the app lives in: the running [`App`] and its element, the
//! user's time zone as the browser knows it, rendering the view when it
//! changed, and the User Timing marks `./build.sh bench` reads. The loop
//! that feeds it events and carries out its effects is `effects`; the
//! boot and the page's listeners are `app`.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

use super::dom;
use crate::dates::Zone;
use crate::ui::node::Node;
use crate::ui::{view, App};

/// The user's time zone, as the browser knows it.
pub(super) struct BrowserZone;

thread_local! {
    /// The zone's offset per quarter hour, as the browser last gave it, in
    /// a small table by quarter hour: a case's thousands of dates ask the
    /// browser (a `Date` each) about as often as they change quarter hour.
    static OFFSETS: RefCell<[(i64, i32); 256]> = const { RefCell::new([(i64::MIN, 0); 256]) };
}

impl Zone for BrowserZone {
    fn offset_minutes(&self, utc_ms: i64) -> i32 {
        // Zones change their offset on a quarter hour at the finest, so the
        // offset at the start of a quarter hour holds for all of it.
        let quarter = utc_ms.div_euclid(900_000);
        let slot = quarter.rem_euclid(256) as usize;
        OFFSETS.with(|o| {
            let mut table = o.borrow_mut();
            if table[slot].0 != quarter {
                let at = JsValue::from_f64((quarter * 900_000) as f64);
                table[slot] = (quarter, -(js_sys::Date::new(&at).get_timezone_offset() as i32));
            }
            table[slot].1
        })
    }

    fn name(&self) -> Option<String> {
        let options =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new()).resolved_options();
        js_sys::Reflect::get(&options, &"timeZone".into()).ok()?.as_string().filter(|n| !n.is_empty() && n.len() < 64)
    }
}

/// The running app and the page it lives in.
pub(super) struct Host {
    pub(super) doc: Document,
    pub(super) root: Element,
    pub(super) state: RefCell<App>,
    pub(super) tab: Cell<Option<f64>>,
    /// Counts search keystrokes, so that only the last of a burst searches.
    pub(super) search_seq: Cell<u32>,
    /// What is on screen, so that an event that changes nothing renders nothing.
    pub(super) shown: RefCell<Option<Node>>,
    /// The decoded summary has been put on screen (User Timing mark
    /// "casescope-summary", for `./build.sh bench`).
    pub(super) summary_shown: Cell<bool>,
}

pub(super) fn render(app: &Host) {
    let view = view::view(&app.state.borrow());
    let shown = app.shown.borrow_mut().take();
    if shown.as_ref() == Some(&view) {
        *app.shown.borrow_mut() = shown;
        return; // nothing on screen changed
    }
    // Rendering patches the elements in place (only what differs from what
    // is shown); if the focused one had to be replaced, focus its successor
    // (same id).
    let active = app.doc.active_element().map(|e| e.id()).filter(|id| !id.is_empty());
    let patched = dom::replace_children(&app.doc, &app.root, shown.as_ref(), &view);
    if let Err(e) = &patched {
        // The page may be half way: the next render reads it afresh.
        web_sys::console::error_1(e);
    }
    if let Some(id) = active {
        let still = app.doc.active_element().is_some_and(|e| e.id() == id);
        if let (false, Some(el)) = (still, app.doc.get_element_by_id(&id)) {
            if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        }
    }
    if !app.summary_shown.get() && view.find("data-section", "summary").is_some() {
        app.summary_shown.set(true);
        super::timing::mark("casescope-summary");
    }
    *app.shown.borrow_mut() = patched.is_ok().then_some(view);
}
