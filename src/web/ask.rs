//! Asking CaseScope's other parts: the my.uscis.gov page's content script
//! (straight to its tab, or relayed in Firefox's frame) and the background
//! (recent answers); and reading their answers, a bundle's bodies without
//! serde's copies.

use wasm_bindgen::prelude::*;

use super::timing::mark;
use super::{chrome, to_js};
use crate::protocol::{Bundle, Request, Response, ResponseIn, VERSION};
use crate::receipt::ReceiptNumber;
use crate::ui::FetchError;

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

pub(super) async fn fetch_case(
    tab: Option<f64>,
    receipt: &ReceiptNumber,
    request: &Request,
) -> Result<Bundle, FetchError> {
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
pub(super) struct PageRead {
    pub(super) url: Option<String>,
    pub(super) text: Option<String>,
    /// The account page's own data, and when the page was loaded.
    pub(super) cards: Option<(String, Option<f64>)>,
    /// What was found on the page, and each card's text.
    pub(super) found: Option<crate::cards::Found>,
    pub(super) texts: Vec<crate::protocol::CardText>,
}

/// The page's URL, visible text and own data, from its content script.
pub(super) async fn page_info(tab: Option<f64>) -> PageRead {
    match to_page(tab, &Request::PageInfo { v: VERSION }).await.map(read_response) {
        Ok(Ok(Response::Page { url, text, cards, loaded_ms, found, texts, .. })) => {
            PageRead { url: Some(url), text: Some(text), cards: cards.map(|c| (c, loaded_ms)), found, texts }
        }
        _ => PageRead::default(),
    }
}
