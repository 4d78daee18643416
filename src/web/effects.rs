//! The app's loop: an event in ([`dispatch`]), the view rendered, and its
//! effects carried out (fetch, copy, open a tab, print, keep and erase
//! records, timers), each of which may end in another event.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::Document;

use super::ask::fetch_case;
use super::host::{render, BrowserZone, Host};
use super::settings::{apply_settings, save_settings};
use super::{chrome, kept, timing, to_js};
use crate::decode::Ctx;
use crate::protocol::{Request, VERSION};
use crate::ui::{Effect, Event, Launch, Layout};

/// Hands `event` to the app, renders, and carries out what it asks for.
pub(super) fn dispatch(app: &Rc<Host>, event: Event) {
    let ctx = Ctx { now_ms: js_sys::Date::now() as i64, zone: &BrowserZone };
    // A search's whole work (search, view, DOM) is timed for `./build.sh
    // bench` with the page's User Timing ("casescope-search").
    let search_started = matches!(event, Event::Search(_)).then(timing::now);
    let effects = app.state.borrow_mut().update(event, &ctx);
    render(app);
    if let Some(started) = search_started {
        timing::measure_since("casescope-search", started);
    }
    for e in effects {
        let app = app.clone();
        spawn_local(async move { run(&app, e).await });
    }
}

pub(super) async fn run(app: &Rc<Host>, effect: Effect) {
    match effect {
        Effect::Fetch { receipt, force, only } => {
            let request = Request::Fetch { v: VERSION, receipt: receipt.clone(), force, only };
            let result = fetch_case(app.tab.get(), &receipt, &request).await;
            dispatch(app, Event::Fetched { receipt, result });
        }
        Effect::Cancel(receipt) => {
            // Whichever side is fetching stops; the other has nothing to stop.
            let cancel = Request::Cancel { v: VERSION, receipt };
            if let Ok(msg) = to_js(&cancel) {
                if let Some(tab) = app.tab.get() {
                    let _ = chrome::send_to_tab(tab, &msg).await;
                } else if !chrome::has_tabs_api() {
                    if let Ok(relay) = to_js(&Request::Relay { v: VERSION, request: Box::new(cancel) }) {
                        let _ = chrome::send_to_background(&relay).await;
                    }
                }
                let _ = chrome::send_to_background(&msg).await;
            }
        }
        Effect::OpenTab { receipt, print } if !chrome::has_tabs_api() => {
            // The frame over the case page in Firefox: the background opens it.
            if let Ok(msg) = to_js(&Request::OpenViewer { v: VERSION, receipt, print }) {
                let _ = chrome::send_to_background(&msg).await;
            }
        }
        Effect::OpenTab { receipt, print } => {
            let layout = if print { Layout::Print } else { Layout::Tab };
            let launch = Launch { layout, receipt, tab: app.tab.get() };
            let _ = chrome::open(None, &chrome::extension_url(&launch.url())).await;
        }
        Effect::Print => {
            if let Some(w) = web_sys::window() {
                let _ = w.print();
            }
        }
        Effect::Download { name, text } => {
            if let Err(e) = download(&app.doc, &name, &text) {
                web_sys::console::error_1(&e);
            }
        }
        Effect::Focus(id) => focus(&app.doc, &id),
        Effect::Save(settings) => {
            apply_settings(&app.doc, settings);
            save_settings(settings);
        }
        Effect::Close => {
            if let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) {
                let msg = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&msg, &"casescope".into(), &"close".into());
                let _ = parent.post_message(&msg, crate::endpoints::ORIGIN);
            }
        }
        Effect::Tick(ms) => later(app, ms, Event::Tick),
        Effect::QuietFor(ms) => later(app, ms, Event::QuietOver),
        Effect::AfterPaint => after_paint(app),
        Effect::LoadKept(receipt) => {
            let learned = kept::learned().await;
            if !learned.is_empty() {
                dispatch(app, Event::Learned(learned));
            }
            let (case, all_bytes) = kept::case_and_total(&receipt).await;
            dispatch(app, Event::KeptLoaded { receipt, case, all_bytes });
        }
        Effect::SaveKept(case) => dispatch(app, Event::KeptSaved(kept::save(&case).await)),
        Effect::ExportKept { name } => match kept::export(js_sys::Date::now() as i64).await {
            Ok(text) => {
                if let Err(e) = download(&app.doc, &name, &text) {
                    web_sys::console::error_1(&e);
                }
            }
            Err(e) => dispatch(app, Event::KeptSaved(Err(e))),
        },
        Effect::ImportKept(cases) => match kept::import(cases).await {
            Ok(result) => dispatch(app, Event::KeptImported(result)),
            Err(e) => dispatch(app, Event::KeptSaved(Err(e))),
        },
        Effect::SetNickname { receipt, name } => {
            if let Err(e) = kept::set_nickname(&receipt, name).await {
                web_sys::console::warn_1(&format!("CaseScope: name: {e}").into());
            }
        }
        Effect::LoadKeptList(receipts) => {
            dispatch(app, Event::KeptList(kept::list(receipts).await));
            // The overview is asked for only while remembering is on: the
            // background is told so too (a "yes" given before it read it),
            // once the list is on screen rather than at every page's start.
            kept::mirror_remembering(true).await;
        }
        Effect::CheckCase { receipt, with_kept } => {
            let request = Request::Fetch { v: VERSION, receipt: receipt.clone(), force: false, only: None };
            let result = fetch_case(app.tab.get(), &receipt, &request).await;
            let kept = if with_kept { Some(kept::case(&receipt).await) } else { None };
            dispatch(app, Event::Checked { receipt, result, kept });
        }
        Effect::Badge(n) => {
            if let Some(tab) = app.tab.get() {
                if let Err(e) = chrome::set_badge(tab, &chrome::badge_text(n)).await {
                    web_sys::console::warn_1(&format!("CaseScope: badge: {e}").into());
                }
            }
        }
        Effect::EraseKept(which) => match kept::erase(which.as_ref()).await {
            Ok(all_bytes) => dispatch(app, Event::KeptErased { all_bytes }),
            Err(e) => dispatch(app, Event::KeptSaved(Err(e))),
        },
        Effect::Copy { text, what } => {
            let ok = match web_sys::window() {
                Some(w) => JsFuture::from(w.navigator().clipboard().write_text(&text)).await.is_ok(),
                None => false,
            };
            dispatch(app, Event::Copied { what, ok });
        }
        Effect::Open(url) => {
            if !chrome::has_tabs_api() {
                // The frame over the case page in Firefox: the background
                // takes the frame's own tab there.
                if let Ok(msg) = to_js(&Request::Navigate { v: VERSION, url: url.to_string() }) {
                    if let Err(e) = chrome::send_to_background(&msg).await {
                        web_sys::console::error_1(&format!("CaseScope: could not open {url}: {e}").into());
                    }
                }
                return;
            }
            if chrome::open(app.tab.get(), url).await.is_ok() {
                if let Some(w) = web_sys::window() {
                    let _ = w.close();
                }
            }
        }
    }
}

/// Runs `f` once, in a task of its own after `ms` milliseconds.
pub(super) fn set_timeout(f: impl FnOnce() + 'static, ms: u32) {
    if let Some(w) = web_sys::window() {
        let f = Closure::once_into_js(f);
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), ms as i32);
    }
}

/// Sends `event` after `ms` milliseconds.
fn later(app: &Rc<Host>, ms: u32, event: Event) {
    let a = app.clone();
    set_timeout(move || dispatch(&a, event), ms);
}

/// Sends [`Event::Painted`] just after the browser's next paint (a task
/// queued from the frame callback runs once that frame is drawn). A hidden
/// page gets no frames, so a timer stands in for it.
fn after_paint(app: &Rc<Host>) {
    let Some(w) = web_sys::window() else { return dispatch(app, Event::Painted) };
    let fired = Rc::new(Cell::new(false));
    let once = |app: Rc<Host>, fired: Rc<Cell<bool>>| {
        move || {
            if !fired.replace(true) {
                dispatch(&app, Event::Painted);
            }
        }
    };
    let (a, f) = (app.clone(), fired.clone());
    let frame = Closure::once_into_js(move || set_timeout(once(a, f), 0));
    let _ = w.request_animation_frame(frame.unchecked_ref());
    set_timeout(once(app.clone(), fired), 250);
}

/// Saves `text` as a file through a temporary object URL.
fn download(doc: &Document, name: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    // What the file is, by its name: a calendar opens in the calendar app.
    opts.set_type(if name.ends_with(".ics") { "text/calendar" } else { "application/json" });
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// Focuses an element, opening the `<details>` around it and scrolling to it.
pub(super) fn focus(doc: &Document, id: &str) {
    let Some(el) = doc.get_element_by_id(id) else { return };
    let mut cur = el.parent_element();
    while let Some(p) = cur {
        if p.tag_name() == "DETAILS" {
            let _ = p.set_attribute("open", "");
        }
        cur = p.parent_element();
    }
    el.scroll_into_view_with_bool(false);
    if let Ok(h) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = h.focus();
    }
}
