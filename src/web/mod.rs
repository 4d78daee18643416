//! The only browser-facing module: every `#[wasm_bindgen]` export and every
//! call into the browser (fetch, DOM, clipboard, extension messaging) lives
//! below. It converts, calls and forwards; decisions are made by the pure
//! modules (`popup`, `protocol`, `endpoints`, `decode`).

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

fn refused(reason: String) -> Result<JsValue, JsError> {
    to_js(&Response::Refused { v: VERSION, reason })
}

/// Parses and checks a request that arrived as a message.
fn parse_request(msg: JsValue) -> Result<Request, String> {
    serde_wasm_bindgen::from_value::<Request>(msg)
        .map_err(|e| format!("malformed message: {e}"))
        .and_then(Request::check)
}

/// Entry point of the content script (after it was loaded on first use):
/// answers a checked request with same-origin requests of the page.
#[wasm_bindgen]
pub async fn content_handle(msg: JsValue) -> Result<JsValue, JsError> {
    match parse_request(msg) {
        Ok(Request::Fetch { receipt, .. }) => {
            let bundle = fetch::fetch_bundle(&receipt, Via::Page).await;
            to_js(&Response::Bundle { v: VERSION, bundle })
        }
        Ok(Request::PageInfo { .. }) => refused("page information is answered by the loader".into()),
        Err(e) => {
            web_sys::console::warn_1(&format!("CaseScope refused a message: {e}").into());
            refused(e)
        }
    }
}

/// Entry point of the background service worker: the fallback fetch when the
/// page's CSP keeps WebAssembly out of the content script. Only extension
/// pages (the popup) may ask; content scripts and other extensions may not.
#[wasm_bindgen]
pub async fn background_handle(msg: JsValue, sender: JsValue) -> Result<JsValue, JsError> {
    if !chrome::sender_is_extension_page(&sender) {
        let e = "sender is not one of CaseScope's own pages".to_string();
        web_sys::console::warn_1(&format!("CaseScope refused a message: {e}").into());
        return refused(e);
    }
    match parse_request(msg) {
        Ok(Request::Fetch { receipt, .. }) => {
            let bundle = fetch::fetch_bundle(&receipt, Via::Background).await;
            to_js(&Response::Bundle { v: VERSION, bundle })
        }
        Ok(Request::PageInfo { .. }) => refused("the background has no page".into()),
        Err(e) => {
            web_sys::console::warn_1(&format!("CaseScope refused a message: {e}").into());
            refused(e)
        }
    }
}

/// Entry point of the toolbar popup: renders into `#app` and runs it.
#[wasm_bindgen]
pub async fn popup_main() -> Result<(), JsError> {
    popup::run_popup().await
}
