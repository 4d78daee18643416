//! The four requests for one receipt, concurrently, with the browser's own
//! session cookie (which nothing here reads). Paths come from the endpoint
//! table only; the short path is tried once after a 404 and remembered.
//! A full fetch already in flight for the same receipt is shared, a recent
//! answer is reused (`policy::Recent`), and the user can cancel.

use std::cell::RefCell;

use futures_util::future::join_all;
use gloo_net::http::Request;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestCredentials};

use crate::endpoints::{self, Endpoint, ORIGIN};
use crate::order::SortedMap;
use crate::policy::{Recent, TIMEOUT_MS};
use crate::protocol::{Bundle, EndpointResult, NetError, Via};
use crate::receipt::ReceiptNumber;

thread_local! {
    /// Which path variant answered last time, per endpoint (memory only).
    static PREFERRED: RefCell<SortedMap<Endpoint, usize>> = RefCell::new(SortedMap::default());
    /// Recent answers (memory only, 30 s).
    static RECENT: RefCell<Recent> = RefCell::new(Recent::default());
    /// Full fetches in flight, shared by every caller for the same receipt.
    static IN_FLIGHT: RefCell<SortedMap<ReceiptNumber, js_sys::Promise>> = RefCell::new(SortedMap::default());
    /// What cancels the requests in flight for a receipt.
    static ABORT: RefCell<SortedMap<ReceiptNumber, AbortController>> = RefCell::new(SortedMap::default());
}

fn now() -> f64 {
    js_sys::Date::now()
}

struct Answer {
    status: u16,
    content_type: String,
    redirected: bool,
    final_url: String,
    retry_after: Option<String>,
    body: String,
}

/// Why a request got no answer: the user's cancel signal, the time-out
/// signal, or the network, as the browser reports it.
fn net_error(raw: &str, cancel: &AbortSignal) -> NetError {
    let r = raw.to_ascii_lowercase();
    if cancel.aborted() {
        NetError::Cancelled
    } else if r.contains("timeout") || r.contains("timed out") {
        NetError::Timeout
    } else if r.contains("failed to fetch") || r.contains("networkerror") || r.contains("network error") {
        NetError::Failed
    } else {
        NetError::Other(raw.to_string())
    }
}

async fn get_once(url: &str, via: Via, cancel: &AbortSignal) -> Result<Answer, String> {
    let credentials = match via {
        // Same-origin request of the page: the page's cookie goes with it.
        Via::Page => RequestCredentials::SameOrigin,
        // Cross-origin from the worker, allowed by the host permission.
        Via::Background => RequestCredentials::Include,
    };
    let signals = js_sys::Array::of2(cancel, &AbortSignal::timeout_with_u32(TIMEOUT_MS));
    let signal = AbortSignal::any(&signals);
    let resp = Request::get(url)
        .credentials(credentials)
        .header("Accept", "application/json")
        .abort_signal(Some(&signal))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let headers = resp.headers();
    Ok(Answer {
        status: resp.status(),
        content_type: headers.get("content-type").unwrap_or_default(),
        redirected: resp.redirected(),
        final_url: resp.url(),
        retry_after: headers.get("retry-after"),
        body: resp.text().await.map_err(|e| e.to_string())?,
    })
}

async fn fetch_endpoint(endpoint: Endpoint, receipt: &ReceiptNumber, via: Via, cancel: &AbortSignal) -> EndpointResult {
    let preferred = PREFERRED.with(|p| p.borrow().get(&endpoint).copied().unwrap_or(0));
    let started = now();
    let mut result = EndpointResult::empty(endpoint);
    for path in endpoint.paths(receipt, preferred) {
        let url = match via {
            Via::Page => path.clone(),
            Via::Background => format!("{ORIGIN}{path}"),
        };
        result.attempts += 1;
        result.path = path.clone();
        match get_once(&url, via, cancel).await {
            Ok(a) => {
                result.status = a.status;
                result.content_type = a.content_type;
                result.redirected = a.redirected;
                result.final_url = a.final_url;
                result.retry_after = a.retry_after;
                result.body = a.body.into();
                result.network_error = None;
                if endpoints::try_next_path(a.status) {
                    continue;
                }
                if let Some(i) = endpoint.variant_of(&path) {
                    PREFERRED.with(|p| p.borrow_mut().insert(endpoint, i));
                }
            }
            Err(e) => result.network_error = Some(net_error(&e, cancel)),
        }
        break;
    }
    result.ms = now() - started;
    result
}

async fn fetch_now(receipt: &ReceiptNumber, via: Via, only: Option<&[Endpoint]>) -> Bundle {
    let controller = ABORT
        .with(|a| a.borrow_mut().get_or_insert_with(receipt.clone(), || AbortController::new().unwrap_throw()).clone());
    let signal = controller.signal();
    let started = now();
    let wanted: Vec<Endpoint> = Endpoint::ALL.into_iter().filter(|e| only.is_none_or(|o| o.contains(e))).collect();
    let results = join_all(wanted.iter().map(|e| fetch_endpoint(*e, receipt, via, &signal))).await;
    ABORT.with(|a| a.borrow_mut().remove(receipt));
    Bundle { receipt: receipt.clone(), via, fetched_at_ms: started, reused_after_ms: None, results }
}

/// Answers a fetch request: reuses a recent answer unless `force`, shares a
/// full fetch already in flight, or asks USCIS.
pub async fn fetch(receipt: &ReceiptNumber, via: Via, force: bool, only: Option<Vec<Endpoint>>) -> Bundle {
    if only.is_some() {
        return fetch_now(receipt, via, only.as_deref()).await;
    }
    if let Some(b) = RECENT.with(|r| r.borrow().get(receipt, now(), force)) {
        return b;
    }
    let shared = IN_FLIGHT.with(|f| f.borrow().get(receipt).cloned());
    let promise = match shared {
        Some(p) => p,
        None => {
            let r = receipt.clone();
            let p = wasm_bindgen_futures::future_to_promise(async move {
                let b = fetch_now(&r, via, None).await;
                RECENT.with(|c| c.borrow_mut().put(&b, b.fetched_at_ms));
                IN_FLIGHT.with(|f| f.borrow_mut().remove(&r));
                super::to_js(&b).map_err(JsValue::from)
            });
            IN_FLIGHT.with(|f| f.borrow_mut().insert(receipt.clone(), p.clone()));
            p
        }
    };
    let value = JsFuture::from(promise).await.unwrap_or(JsValue::NULL);
    serde_wasm_bindgen::from_value(value).unwrap_or_else(|e| Bundle {
        receipt: receipt.clone(),
        via,
        fetched_at_ms: now(),
        reused_after_ms: None,
        results: Endpoint::ALL
            .into_iter()
            .map(|endpoint| EndpointResult {
                network_error: Some(NetError::Internal(e.to_string())),
                ..EndpointResult::empty(endpoint)
            })
            .collect(),
    })
}

/// A recent answer kept here for `receipt` (the background keeps the
/// answers of every path, so that reuse survives a page reload).
pub fn recent(receipt: &ReceiptNumber) -> Option<Bundle> {
    RECENT.with(|r| r.borrow().get(receipt, now(), false))
}

/// Keeps an answer that another part of CaseScope fetched.
pub fn remember(bundle: &Bundle) {
    RECENT.with(|c| c.borrow_mut().put(bundle, bundle.fetched_at_ms));
}

/// Forgets every kept answer (the person signed out).
pub fn forget_all() {
    RECENT.with(|r| r.borrow_mut().clear());
}

/// Stops the requests in flight for `receipt`.
pub fn cancel(receipt: &ReceiptNumber) {
    if let Some(c) = ABORT.with(|a| a.borrow_mut().remove(receipt)) {
        c.abort();
    }
    IN_FLIGHT.with(|f| f.borrow_mut().remove(receipt));
}
