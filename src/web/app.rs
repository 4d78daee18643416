//! The boot of the pure app (`crate::ui`) in a page: reads the active tab
//! and the remembered settings, and forwards clicks, typing and form
//! submits as events. The page and its rendering are `host`; the loop of
//! events and effects is `effects`, messages to the other parts `ask`, the
//! settings kept `settings`, remembered cases `kept`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Document, Element, HtmlInputElement};

use super::ask::page_info;
use super::chrome;
use super::effects::{dispatch, set_timeout};
use super::host::Host;
use super::settings::{apply_settings, saved_settings};
use super::timing::mark;
use crate::endpoints::is_site_url;
use crate::history;
use crate::ui::{Action, App, Event, Launch, Layout};

/// A `data-action` string from the page, checked: one that names no action
/// is logged (a programming error), never silently dropped.
fn dispatch_action(app: &Rc<Host>, action: &str) {
    match action.parse::<Action>() {
        Ok(a) => dispatch(app, Event::Action(a)),
        Err(e) => web_sys::console::error_1(&format!("CaseScope: {e}").into()),
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
        if form.as_deref() == Some("nickname") {
            dispatch(&a, Event::Nickname(input_value(&a.doc, "nickname-input").unwrap_or_default()));
            return;
        }
        let typed = input_value(&a.doc, "receipt-input").unwrap_or_default();
        dispatch(&a, Event::Submit(typed));
    });
    app.root.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref())?;
    on_submit.forget();
    Ok(())
}

/// What the content script found on its page, for the account's screen
/// and the maintainers' report (with the browser's user agent).
fn page_seen(page: &mut super::ask::PageRead) -> Event {
    let user_agent = web_sys::window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default();
    Event::PageSeen {
        url: page.url.clone(),
        found: page.found.take(),
        texts: std::mem::take(&mut page.texts),
        user_agent,
    }
}

pub async fn run_popup() -> Result<(), JsError> {
    mark("casescope-start");
    let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    // The toolbar popup's tab is asked for first: the browser answers while
    // the page is set up and says what it is doing.
    let active = Launch::from_query(&query).is_none().then(chrome::active_tab);
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
            let mut page = page_info(tab).await;
            if let Some((text, loaded_ms)) = page.cards.take() {
                dispatch(&app, Event::PageCards { text, loaded_ms });
            }
            dispatch(&app, page_seen(&mut page));
        }
        dispatch(&app, Event::OpenedFor { layout: launch.layout, receipt: launch.receipt, settings });
        return Ok(());
    }
    dispatch(&app, Event::Settings(settings));
    let tab = match active {
        Some(asked) => asked.await,
        None => None,
    };
    let (url, text) = match tab {
        Some((id, Some(url))) if is_site_url(&url) => {
            app.tab.set(Some(id));
            mark("casescope-tab");
            let mut page = page_info(Some(id)).await;
            mark("casescope-page");
            if let Some((text, loaded_ms)) = page.cards.take() {
                dispatch(&app, Event::PageCards { text, loaded_ms });
            }
            dispatch(&app, page_seen(&mut page));
            (Some(page.url.unwrap_or(url)), page.text)
        }
        _ => (None, None),
    };
    dispatch(&app, Event::Opened { url, page_text: text });
    Ok(())
}
