//! The only browser-facing module: every `#[wasm_bindgen]` export and every
//! call into the browser (fetch, DOM, clipboard, extension messaging) lives
//! below. It converts, calls and forwards; decisions are made by the pure
//! modules (`popup`, `policy`, `protocol`, `endpoints`, `decode`).

mod chrome;
pub mod dom;
mod fetch;
mod popup;

use wasm_bindgen::prelude::*;

use crate::protocol::{Request, Response, Via, VERSION};

/// Serialises with plain JS objects (not `Map`s), as extension messaging needs.
pub(crate) fn to_js<T: serde::Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

/// Parses and checks a request that arrived as a message.
fn parse_request(msg: JsValue) -> Result<Request, String> {
    serde_wasm_bindgen::from_value::<Request>(msg)
        .map_err(|e| format!("malformed message: {e}"))
        .and_then(Request::check)
}

/// Answers a checked request from `via` (the page or the background).
async fn answer(msg: JsValue, via: Via) -> Result<JsValue, JsError> {
    let response = match parse_request(msg) {
        Ok(Request::Fetch { receipt, force, only, .. }) => {
            Response::Bundle { v: VERSION, bundle: fetch::fetch(&receipt, via, force, only).await }
        }
        Ok(Request::Cancel { receipt, .. }) => {
            fetch::cancel(&receipt);
            Response::Cancelled { v: VERSION }
        }
        Ok(Request::PageInfo { .. } | Request::PageSubject { .. }) => Response::Refused {
            v: VERSION,
            reason: "page information is answered by the content script's loader and the background".into(),
        },
        Err(reason) => {
            web_sys::console::warn_1(&format!("CaseScope refused a message: {reason}").into());
            Response::Refused { v: VERSION, reason }
        }
    };
    to_js(&response)
}

/// Entry point of the content script (after it was loaded on first use):
/// answers a checked request with same-origin requests of the page. The
/// loader has already checked that the sender is this extension.
#[wasm_bindgen]
pub async fn content_handle(msg: JsValue) -> Result<JsValue, JsError> {
    answer(msg, Via::Page).await
}

/// Entry point of the background service worker: the fallback fetch when the
/// page's CSP keeps WebAssembly out of the content script. Only extension
/// pages (the popup) may ask; content scripts and other extensions may not.
#[wasm_bindgen]
pub async fn background_handle(msg: JsValue, sender: JsValue) -> Result<JsValue, JsError> {
    let (sender, id, base) = chrome::sender_of(&sender);
    if sender.is_extension_page(id.as_deref(), base.as_deref()) {
        return answer(msg, Via::Background).await;
    }
    // Our content script may only ask which case its page is about.
    if sender.is_own_content_script(id.as_deref()) {
        if let Ok(Request::PageSubject { url, text, .. }) = parse_request(msg) {
            let receipt = crate::receipt::page_subject(&url, &text);
            return to_js(&Response::Subject { v: VERSION, receipt });
        }
    }
    let reason = "sender is not one of CaseScope's own pages".to_string();
    web_sys::console::warn_1(&format!("CaseScope refused a message: {reason}").into());
    to_js(&Response::Refused { v: VERSION, reason })
}

/// Entry point of the toolbar popup: renders into `#app` and runs it.
#[wasm_bindgen]
pub async fn popup_main() -> Result<(), JsError> {
    popup::run_popup().await
}
