//! Wires the pure app (`crate::ui`) to the browser: reads the active tab and
//! the remembered settings, forwards clicks, typing and form submits as
//! events, renders the view when it changed, and carries out effects (fetch,
//! copy, open a tab, remember settings).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Document, Element, HtmlInputElement};

use super::{chrome, dom, kept, to_js};
use crate::dates::Zone;
use crate::decode::Ctx;
use crate::endpoints::is_site_url;
use crate::history;
use crate::i18n::Lang;
use crate::protocol::{Bundle, Request, Response, ResponseIn, VERSION};
use crate::receipt::ReceiptNumber;
use crate::ui::node::Node;
use crate::ui::{view, Action, App, Effect, Event, FetchError, Launch, Layout, Settings};

/// The user's time zone, as the browser knows it.
struct BrowserZone;

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
}

/// The running app and the page it lives in.
struct Host {
    doc: Document,
    root: Element,
    state: RefCell<App>,
    tab: Cell<Option<f64>>,
    /// Counts search keystrokes, so that only the last of a burst searches.
    search_seq: Cell<u32>,
    /// What is on screen, so that an event that changes nothing renders nothing.
    shown: RefCell<Option<Node>>,
    /// The decoded summary has been put on screen (User Timing mark
    /// "casescope-summary", for `./build.sh bench`).
    summary_shown: Cell<bool>,
}

/// A User Timing mark, for `./build.sh bench`: where the time to the first
/// screen goes ("casescope-start", "-asked", "-answered", "-read", "-summary").
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

fn dispatch(app: &Rc<Host>, event: Event) {
    let ctx = Ctx { now_ms: js_sys::Date::now() as i64, zone: &BrowserZone };
    // A search's whole work (search, view, DOM) is timed for `./build.sh
    // bench` with the page's User Timing ("casescope-search").
    let timing = matches!(event, Event::Search(_)).then(|| web_sys::window().and_then(|w| w.performance())).flatten();
    if let Some(p) = &timing {
        let _ = p.mark("casescope-search-start");
    }
    let effects = app.state.borrow_mut().update(event, &ctx);
    render(app);
    if let Some(p) = &timing {
        let _ = p.measure_with_start_mark("casescope-search", "casescope-search-start");
    }
    for e in effects {
        let app = app.clone();
        spawn_local(async move { run(&app, e).await });
    }
}

/// A `data-action` string from the page, checked: one that names no action
/// is logged (a programming error), never silently dropped.
fn dispatch_action(app: &Rc<Host>, action: &str) {
    match action.parse::<Action>() {
        Ok(a) => dispatch(app, Event::Action(a)),
        Err(e) => web_sys::console::error_1(&format!("CaseScope: {e}").into()),
    }
}

fn render(app: &Host) {
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
        mark("casescope-summary");
    }
    *app.shown.borrow_mut() = patched.is_ok().then_some(view);
}

async fn run(app: &Rc<Host>, effect: Effect) {
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
        Effect::LoadKeptList(receipts) => dispatch(app, Event::KeptList(kept::list(receipts).await)),
        Effect::CheckCase { receipt, with_kept } => {
            let request = Request::Fetch { v: VERSION, receipt: receipt.clone(), force: false, only: None };
            let result = fetch_case(app.tab.get(), &receipt, &request).await;
            let kept = if with_kept { Some(kept::case(&receipt).await) } else { None };
            dispatch(app, Event::Checked { receipt, result, kept });
        }
        Effect::Badge(n) => {
            if let Some(tab) = app.tab.get() {
                let text = if n > 0 { n.to_string() } else { String::new() };
                if let Err(e) = chrome::set_badge(tab, &text).await {
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
fn set_timeout(f: impl FnOnce() + 'static, ms: u32) {
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

/// Asks the content script first (same-origin requests from the page); when
/// it cannot run WebAssembly (strict page CSP) or is not there (tab opened
/// before CaseScope was installed), asks the background worker.
/// Sends `request` to the content script of the my.uscis.gov page:
/// straight to its tab, or (the frame over the page in Firefox, which has
/// no `chrome.tabs`) relayed by the background to the frame's own tab.
async fn to_page(tab: Option<f64>, request: &Request) -> Result<JsValue, String> {
    match tab {
        Some(id) => chrome::send_to_tab(id, &to_js(request).map_err(|_| "internal error")?).await,
        None if !chrome::has_tabs_api() => {
            let relay = Request::Relay { v: VERSION, request: Box::new(request.clone()) };
            chrome::send_to_background(&to_js(&relay).map_err(|_| "internal error")?).await
        }
        None => Err("no tab".into()),
    }
}

async fn fetch_case(tab: Option<f64>, receipt: &ReceiptNumber, request: &Request) -> Result<Bundle, FetchError> {
    let msg = to_js(request).map_err(|_| FetchError::Unreadable)?;
    // The background keeps recent answers of both paths: one the page
    // fetched before a reload is still reused (and USCIS not asked again).
    if request.may_reuse() {
        if let Ok(ask) = to_js(&Request::Recent { v: VERSION, receipt: receipt.clone() }) {
            mark("casescope-asked");
            if let Ok(v) = chrome::send_to_background(&ask).await {
                mark("casescope-answered");
                if let Ok(Response::Bundle { bundle, .. }) = read_response(v) {
                    mark("casescope-read");
                    if bundle.receipt == *receipt {
                        return Ok(bundle);
                    }
                }
            }
        }
    }
    let from_page = to_page(tab, request).await;
    if let Ok(v) = from_page {
        if request.is_whole_fetch() {
            remember_in_background(&v);
        }
        match read_response(v) {
            Ok(Response::Bundle { bundle, .. }) if bundle.receipt == *receipt => return Ok(bundle),
            Ok(Response::Refused { reason, .. }) => return Err(FetchError::Refused(reason)),
            _ => {} // Unavailable, or an answer we cannot read: fall back.
        }
    }
    match chrome::send_to_background(&msg).await {
        Ok(v) => match read_response(v) {
            Ok(Response::Bundle { bundle, .. }) if bundle.receipt == *receipt => Ok(bundle),
            Ok(Response::Refused { reason, .. } | Response::Unavailable { reason, .. }) => {
                Err(FetchError::Refused(reason))
            }
            _ => Err(FetchError::Unreadable),
        },
        Err(e) => Err(FetchError::NoBackground(e)),
    }
}

/// Hands an answer the page fetched to the background to keep for reuse,
/// as the very message object that arrived (the browser copies it when it
/// is sent, before [`read_response`] takes the bodies out of it).
fn remember_in_background(answer: &JsValue) {
    let Ok(bundle) = js_sys::Reflect::get(answer, &"bundle".into()) else { return };
    if bundle.is_undefined() {
        return;
    }
    let msg = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&msg, &k.into(), v).is_ok();
    if set("type", &"Remember".into()) && set("v", &JsValue::from(VERSION)) && set("bundle", &bundle) {
        chrome::post_to_background(&msg.into());
    }
}

#[wasm_bindgen]
extern "C" {
    /// The browser's `TextEncoder`, its `encodeInto` given the JS string itself.
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    #[wasm_bindgen(method, js_class = "TextEncoder", js_name = encodeInto)]
    fn encode_into(this: &Utf8Encoder, text: &js_sys::JsString, into: &js_sys::Uint8Array) -> Encoded;
    /// What `encodeInto` did: UTF-16 units read, bytes written.
    type Encoded;
    #[wasm_bindgen(method, getter)]
    fn read(this: &Encoded) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &Encoded) -> u32;
}

/// A JavaScript string as UTF-8, written by the browser's native encoder
/// straight into the string's own memory: no copy on either side (a 5 MB
/// answer used to pass through a 5 MB array and a 5 MB vector first).
/// Unpaired surrogates become U+FFFD, as with any other path.
fn utf8_of(encoder: &Utf8Encoder, text: &js_sys::JsString) -> Option<String> {
    // One byte per UTF-16 unit fits ASCII exactly; more room is made for
    // what is left whenever the encoder stops short.
    let mut out: Vec<u8> = Vec::with_capacity(text.length() as usize + 16);
    let mut rest = text.clone();
    loop {
        let spare = out.capacity() - out.len();
        // SAFETY: the view covers the vector's spare capacity and is used at
        // once: nothing allocates (which could move or grow the WebAssembly
        // memory) between making it and the encoder writing through it.
        let view = unsafe { js_sys::Uint8Array::view_mut_raw(out.as_mut_ptr().add(out.len()), spare) };
        let done = encoder.encode_into(&rest, &view);
        let (read, written) = (done.read(), done.written() as usize);
        if written > spare {
            return None;
        }
        // SAFETY: the encoder initialised these `written` bytes.
        unsafe { out.set_len(out.len() + written) };
        if read >= rest.length() {
            break;
        }
        rest = rest.slice(read, rest.length());
        // At most three bytes per UTF-16 unit.
        out.reserve(rest.length() as usize * 3);
    }
    String::from_utf8(out).ok()
}

/// Takes the bodies out of a bundle message (`bundle.results[i].body`,
/// left empty), each converted once by the browser's native encoder: the
/// string path serde uses walks a body character by character in
/// JavaScript, which was most of the cost of reading a large answer.
fn take_bodies(v: &JsValue) -> Vec<Option<String>> {
    let results = js_sys::Reflect::get(v, &"bundle".into()).and_then(|b| js_sys::Reflect::get(&b, &"results".into()));
    let Ok(results) = results.and_then(|r| r.dyn_into::<js_sys::Array>()) else {
        return Vec::new();
    };
    let encoder = Utf8Encoder::new();
    results
        .iter()
        .map(|r| {
            let body = js_sys::Reflect::get(&r, &"body".into()).ok()?.dyn_into::<js_sys::JsString>().ok()?;
            let text = utf8_of(&encoder, &body)?;
            js_sys::Reflect::set(&r, &"body".into(), &JsValue::from_str("")).ok()?;
            Some(text)
        })
        .collect()
}

/// Reads an answer; a bundle (large) without serde's intermediate copies.
fn read_response(v: JsValue) -> Result<Response, serde_wasm_bindgen::Error> {
    let bodies = take_bodies(&v);
    let wire = super::untag(&v).ok_or_else(|| serde_wasm_bindgen::Error::new("no type"))?;
    let mut r = Response::from(serde_wasm_bindgen::from_value::<ResponseIn>(wire)?);
    if let Response::Bundle { bundle, .. } = &mut r {
        for (r, body) in bundle.results.iter_mut().zip(bodies) {
            if let Some(body) = body {
                r.body = body.into();
            }
        }
    }
    Ok(r)
}

/// What the content script read of its page.
#[derive(Default)]
struct PageRead {
    url: Option<String>,
    text: Option<String>,
    /// The account page's own data, and when the page was loaded.
    cards: Option<(String, Option<f64>)>,
}

/// The page's URL, visible text and own data, from its content script.
async fn page_info(tab: Option<f64>) -> PageRead {
    match to_page(tab, &Request::PageInfo { v: VERSION }).await.map(read_response) {
        Ok(Ok(Response::Page { url, text, cards, loaded_ms, .. })) => {
            PageRead { url: Some(url), text: Some(text), cards: cards.map(|c| (c, loaded_ms)) }
        }
        _ => PageRead::default(),
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Puts the theme and language on the page (`data-theme`, `lang`).
fn apply_settings(doc: &Document, s: Settings) {
    if let Some(html) = doc.document_element() {
        let _ = html.set_attribute("data-theme", s.theme.key());
        let _ = html.set_attribute("lang", s.lang.code());
    }
}

/// Keeps what [`Settings::stored`] says, in the extension pages'
/// `localStorage` (CaseScope has no storage permission).
fn save_settings(s: Settings) {
    let Some(storage) = storage() else { return };
    for (key, value) in s.stored(browser_lang()) {
        let _ = match value {
            Some(v) => storage.set_item(key, v),
            None => storage.remove_item(key),
        };
    }
}

/// The browser's UI language, as CaseScope's interface language.
fn browser_lang() -> Lang {
    let tag =
        chrome::ui_language().or_else(|| web_sys::window().and_then(|w| w.navigator().language())).unwrap_or_default();
    Lang::for_browser(&tag)
}

fn saved_settings() -> Settings {
    Settings::from_stored(|k| storage().and_then(|s| s.get_item(k).ok().flatten()), browser_lang())
}

/// Saves `text` as a file through a temporary object URL.
fn download(doc: &Document, name: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
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
fn focus(doc: &Document, id: &str) {
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

/// The current text of the input field with this id.
fn input_value(doc: &Document, id: &str) -> Option<String> {
    doc.get_element_by_id(id).and_then(|e| e.dyn_into::<HtmlInputElement>().ok()).map(|i| i.value())
}

fn listen(app: &Rc<Host>) -> Result<(), JsValue> {
    let a = app.clone();
    let on_click = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
        let action =
            target.and_then(|t| t.closest("[data-action]").ok().flatten()).and_then(|e| e.get_attribute("data-action"));
        if let Some(action) = action {
            ev.prevent_default();
            dispatch_action(&a, &action);
        }
    });
    app.root.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    on_click.forget();

    let a = app.clone();
    let on_input = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let input = ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
        if let Some(i) = &input {
            // Kept in the state, so that a re-render (a countdown tick) does not wipe it.
            dispatch(&a, Event::Typed { field: i.id(), value: i.value() });
        }
        if let Some(i) = input.filter(|i| i.id() == "viewer-search") {
            // Search once typing pauses: a 5 MB body is searched whole.
            let seq = a.search_seq.get().wrapping_add(1);
            a.search_seq.set(seq);
            let b = a.clone();
            set_timeout(
                move || {
                    if b.search_seq.get() == seq {
                        // The field may have been re-rendered since: read the current one.
                        let value = input_value(&b.doc, "viewer-search").unwrap_or_else(|| i.value());
                        dispatch(&b, Event::Search(value));
                    }
                },
                150,
            );
        }
    });
    app.root.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref())?;
    on_input.forget();

    let a = app.clone();
    let on_focus = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let search =
            ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).filter(|i| i.id() == "viewer-search");
        if search.is_some() {
            dispatch(&a, Event::SearchFocused);
        }
    });
    app.root.add_event_listener_with_callback("focusin", on_focus.as_ref().unchecked_ref())?;
    on_focus.forget();

    // A history file picked to import: read here (never a larger one than
    // CaseScope imports), judged by the app.
    let a = app.clone();
    let on_change = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let input = ev.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
        let Some(input) = input.filter(|i| i.has_attribute("data-import")) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value(""); // the same file can be picked again
        let a = a.clone();
        spawn_local(async move {
            let read = if file.size() > history::MAX_IMPORT_BYTES as f64 {
                Err(history::ImportError::TooLarge(history::MAX_IMPORT_BYTES))
            } else {
                match JsFuture::from(file.text()).await {
                    Ok(t) => t.as_string().ok_or(history::ImportError::Foreign),
                    Err(e) => Err(history::ImportError::NotJson(chrome::describe(e))),
                }
            };
            dispatch(&a, Event::ImportFile(read));
        });
    });
    app.root.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref())?;
    on_change.forget();

    let a = app.clone();
    let on_key = Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        let in_tree = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("[role=tree]").ok().flatten())
            .is_some();
        if (in_tree && crate::tree::is_tree_key(&key)) || key == "Escape" {
            ev.prevent_default();
            dispatch(&a, Event::Key(key));
        }
    });
    app.doc.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref())?;
    on_key.forget();

    let a = app.clone();
    let on_submit = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        ev.prevent_default();
        let form = ev.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|f| f.get_attribute("data-form"));
        if form.as_deref() == Some("search") {
            dispatch(&a, Event::Action(Action::Viewer(crate::ui::ViewerAction::Next)));
            return;
        }
        let typed = input_value(&a.doc, "receipt-input").unwrap_or_default();
        dispatch(&a, Event::Submit(typed));
    });
    app.root.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref())?;
    on_submit.forget();
    Ok(())
}

pub async fn run_popup() -> Result<(), JsError> {
    mark("casescope-start");
    let doc = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsError::new("no document"))?;
    let root = doc.get_element_by_id("app").ok_or_else(|| JsError::new("no #app element"))?;
    let app = Rc::new(Host {
        doc,
        root,
        state: RefCell::new(App::default()),
        tab: Cell::new(None),
        search_seq: Cell::new(0),
        shown: RefCell::new(None),
        summary_shown: Cell::new(false),
    });
    let settings = saved_settings();
    apply_settings(&app.doc, settings);
    listen(&app).map_err(|e| JsError::new(&chrome::describe(e)))?;
    // Each dispatch renders, the first one included: the toolbar popup says
    // at once what it is doing, while the viewer page ("Open in a tab", or
    // the frame over the case page) keeps the page's own "Loading" line for
    // a moment (`App::quiet`).
    let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    if let Some(launch) = Launch::from_query(&query) {
        // The same page as the toolbar popup; as a tab it says whose case it is.
        let settings = launch.settings(settings);
        apply_settings(&app.doc, settings);
        app.doc.set_title(&launch.title(settings));
        let tab = match launch.layout {
            Layout::Embedded => chrome::current_tab().await,
            _ => launch.tab,
        };
        app.tab.set(tab);
        if let (Some(html), Some(layout)) = (app.doc.document_element(), launch.layout.key()) {
            let _ = html.set_attribute("data-layout", layout);
        }
        // The page's own copy of the case, shown before any answer (the
        // viewer over the page, and a tab opened from a my.uscis.gov page).
        if launch.reads_page(tab) {
            if let Some((text, loaded_ms)) = page_info(tab).await.cards {
                dispatch(&app, Event::PageCards { text, loaded_ms });
            }
        }
        dispatch(&app, Event::OpenedFor { layout: launch.layout, receipt: launch.receipt, settings });
        return Ok(());
    }
    dispatch(&app, Event::Settings(settings));
    let (url, text) = match chrome::active_tab().await {
        Some((id, Some(url))) if is_site_url(&url) => {
            app.tab.set(Some(id));
            let page = page_info(Some(id)).await;
            if let Some((text, loaded_ms)) = page.cards {
                dispatch(&app, Event::PageCards { text, loaded_ms });
            }
            (Some(page.url.unwrap_or(url)), page.text)
        }
        _ => (None, None),
    };
    dispatch(&app, Event::Opened { url, page_text: text });
    Ok(())
}
