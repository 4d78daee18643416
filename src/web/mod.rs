//! The only browser-facing module: every `#[wasm_bindgen]` export and every
//! call into the browser (fetch, DOM, clipboard, extension messaging) lives
//! below. It converts, calls and forwards; decisions are made by the pure
//! modules (`ui`, `policy`, `protocol`, `answer`, `endpoints`, `decode`).

mod app;
mod ask;
mod chrome;
pub mod dom;
mod effects;
mod fetch;
mod host;
mod kept;
mod settings;

/// User Timing in any of CaseScope's globals (a page, or the background's
/// worker, which has no `window`), for `./build.sh bench`.
mod timing {
    use js_sys::{Function, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};

    fn performance() -> Option<JsValue> {
        Reflect::get(&js_sys::global(), &"performance".into()).ok().filter(JsValue::is_object)
    }

    fn method(p: &JsValue, name: &str) -> Option<Function> {
        Reflect::get(p, &name.into()).ok()?.dyn_into().ok()
    }

    /// A User Timing mark: where the time to the first screen goes
    /// ("casescope-start", "-tab" and "-page" (the tab found, the page's
    /// answer), "-asked", "-answered", "-read", "-summary").
    pub fn mark(name: &str) {
        let Some(p) = performance() else { return };
        if let Some(mark) = method(&p, "mark") {
            let _ = mark.call1(&p, &name.into());
        }
    }

    /// `performance.now()`, or 0 where there is none.
    pub fn now() -> f64 {
        performance()
            .and_then(|p| method(&p, "now").and_then(|f| f.call0(&p).ok()))
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0)
    }

    /// A measure `name` from `start` ([`now`]) to now.
    pub fn measure_since(name: &str, start: f64) {
        let Some(p) = performance() else { return };
        let Some(measure) = method(&p, "measure") else { return };
        let options = Object::new();
        if Reflect::set(&options, &"start".into(), &start.into()).is_ok() {
            let _ = measure.call2(&p, &name.into(), &options);
        }
    }
}

use wasm_bindgen::prelude::*;

use crate::protocol::{Admission, Request, Response, Via, VERSION};

/// Serialises with plain JS objects (not `Map`s), as extension messaging needs.
pub(crate) fn to_js<T: serde::Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

/// `{type: "T", ...rest}` -> `{T: {...rest}}` (the relayed request of a
/// `Relay` too), the form serde reads without a buffer of its own (see
/// [`crate::protocol::RequestIn`]); `None` when the message names no kind.
/// A shallow copy: the members themselves (a bundle's bodies) are not copied.
pub(crate) fn untag(msg: &JsValue) -> Option<JsValue> {
    use js_sys::{Object, Reflect};
    if !msg.is_object() {
        return None;
    }
    let tag = Reflect::get(msg, &"type".into()).ok()?.as_string()?;
    // Not `dyn_ref`: a message from another part of the extension may be an
    // object of another realm (Firefox), which fails `instanceof Object`.
    let rest = Object::assign(&Object::new(), msg.unchecked_ref::<Object>());
    Reflect::delete_property(&rest, &"type".into()).ok()?;
    let (carrier, member) = crate::protocol::CARRIES;
    if tag == carrier {
        let inner = Reflect::get(&rest, &member.into()).ok()?;
        if !inner.is_undefined() {
            Reflect::set(&rest, &member.into(), &untag(&inner)?).ok()?;
        }
    }
    let out = Object::new();
    Reflect::set(&out, &tag.into(), &rest).ok()?;
    Some(out.into())
}

/// Parses and checks a request that arrived as a message.
fn parse_request(msg: JsValue) -> Result<Request, String> {
    let wire = untag(&msg).ok_or("malformed message: no type")?;
    let read = serde_wasm_bindgen::from_value::<crate::protocol::RequestIn>(wire);
    read.map(Request::from).map_err(|e| format!("malformed message: {e}")).and_then(Request::check)
}

/// Answers a request that arrived at the content script or was admitted by
/// the background worker, fetching from `via`. `tab`: the tab the sender is
/// in (for the background's relay and navigation).
async fn answer(request: Result<Request, String>, via: Via, tab: Option<f64>) -> Result<JsValue, JsError> {
    let response = match request {
        Ok(Request::Fetch { receipt, force, only, .. }) => {
            Response::Bundle { v: VERSION, bundle: fetch::fetch(&receipt, via, force, only).await }
        }
        Ok(Request::Cancel { receipt, .. }) => {
            fetch::cancel(&receipt);
            Response::Cancelled { v: VERSION }
        }
        Ok(Request::Recent { receipt, .. }) => match fetch::recent(&receipt) {
            Some(bundle) => Response::Bundle { v: VERSION, bundle },
            None => Response::NoRecent { v: VERSION },
        },
        Ok(Request::Remember { bundle, .. }) => {
            fetch::remember(&bundle);
            Response::Cancelled { v: VERSION }
        }
        // Only the background relays and navigates, for the sender's own tab.
        Ok(Request::Relay { request, .. }) if via == Via::Background => {
            let (Some(tab), Ok(msg)) = (tab, to_js(&*request)) else {
                return to_js(&Response::Unavailable { v: VERSION, reason: "no tab to relay to".into() });
            };
            return match chrome::send_to_tab(tab, &msg).await {
                Ok(v) => Ok(v), // the content script's own answer, as it came
                Err(e) => to_js(&Response::Unavailable { v: VERSION, reason: e }),
            };
        }
        Ok(Request::Navigate { url, .. }) if via == Via::Background => match tab {
            Some(tab) => match chrome::open(Some(tab), &url).await {
                Ok(()) => Response::Cancelled { v: VERSION },
                Err(e) => refused(e),
            },
            None => refused("no tab to take to the page".into()),
        },
        Ok(Request::OpenViewer { receipt, print, .. }) if via == Via::Background => {
            let layout = if print { crate::ui::Layout::Print } else { crate::ui::Layout::Tab };
            let launch = crate::ui::Launch { layout, receipt, tab };
            match chrome::open(None, &chrome::extension_url(&launch.url())).await {
                Ok(()) => Response::Cancelled { v: VERSION },
                Err(e) => refused(e),
            }
        }
        Ok(Request::Relay { .. } | Request::Navigate { .. } | Request::OpenViewer { .. }) => {
            refused("only the background relays".into())
        }
        Ok(Request::PageInfo { .. } | Request::PageCases { .. }) => Response::Refused {
            v: VERSION,
            reason: "page information is answered by the content script's loader and the background".into(),
        },
        Err(reason) => refused(reason),
    };
    to_js(&response)
}

fn refused(reason: String) -> Response {
    web_sys::console::warn_1(&format!("CaseScope refused a message: {reason}").into());
    Response::Refused { v: VERSION, reason }
}

/// Entry point of the content script (after it was loaded on first use):
/// answers a checked request with same-origin requests of the page. The
/// loader has already checked that the sender is this extension.
#[wasm_bindgen]
pub async fn content_handle(msg: JsValue) -> Result<JsValue, JsError> {
    answer(parse_request(msg), Via::Page, None).await
}

/// Entry point of the background service worker: the fallback fetch when the
/// page's CSP keeps WebAssembly out of the content script, and the content
/// script's question which case its page is about. Who may ask what is
/// [`crate::protocol::Sender::admit`].
#[wasm_bindgen]
pub async fn background_handle(msg: JsValue, sender: JsValue) -> Result<JsValue, JsError> {
    let tab = chrome::sender_tab(&sender);
    let (sender, id, base) = chrome::sender_of(&sender);
    match sender.admit(parse_request(msg), id.as_deref(), base.as_deref()) {
        Admission::Answer(request) => answer(Ok(request), Via::Background, tab).await,
        Admission::Cases { url, text, regions, cards, spots } => {
            if crate::policy::is_signing_out(&url) {
                fetch::forget_all();
            }
            // A page view of the account page: the badge counts the
            // remembered cases that changed, from the page's data alone.
            if let (Some(cards), Some(tab)) = (cards, tab) {
                let started = timing::now();
                if let Some(n) = kept::changed_on_page(&cards).await {
                    if let Err(e) = chrome::set_badge(tab, &chrome::badge_text(n)).await {
                        web_sys::console::warn_1(&format!("CaseScope: badge: {e}").into());
                    }
                    timing::measure_since("casescope-badge", started);
                }
            }
            to_js(&crate::protocol::cases_on_page(&url, &text, &regions, &spots))
        }
        Admission::Refuse(reason) => to_js(&refused(reason)),
    }
}

/// Bytes of this page's WebAssembly memory. It only ever grows, so this is
/// also its peak; `./build.sh bench` reports it next to the JS heap, which
/// does not include it.
#[wasm_bindgen]
pub fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| m.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as f64)
        .unwrap_or(0.0)
}

/// Entry point of the toolbar popup: renders into `#app` and runs it.
#[wasm_bindgen]
pub async fn popup_main() -> Result<(), JsError> {
    app::run_popup().await
}
