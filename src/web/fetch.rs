//! The four requests for one receipt, concurrently, with the browser's own
//! session cookie (which nothing here reads). Paths come from the endpoint
//! table only; the short path is tried once after a 404 and remembered.

use std::cell::RefCell;
use std::collections::HashMap;

use futures_util::future::join_all;
use gloo_net::http::Request;
use web_sys::{AbortSignal, RequestCredentials};

use crate::endpoints::{self, Endpoint, ORIGIN};
use crate::protocol::{Bundle, EndpointResult, Via};
use crate::receipt::ReceiptNumber;

/// A request that has not finished after this long is given up.
const TIMEOUT_MS: u32 = 20_000;

thread_local! {
    /// Which path variant answered last time, per endpoint (memory only).
    static PREFERRED: RefCell<HashMap<Endpoint, usize>> = RefCell::new(HashMap::new());
}

fn now() -> f64 {
    js_sys::Date::now()
}

async fn get_once(url: &str, via: Via) -> Result<(u16, String, bool, String, Option<String>, String), String> {
    let credentials = match via {
        // Same-origin request of the page: the page's cookie goes with it.
        Via::Page => RequestCredentials::SameOrigin,
        // Cross-origin from the worker, allowed by the host permission.
        Via::Background => RequestCredentials::Include,
    };
    let signal = AbortSignal::timeout_with_u32(TIMEOUT_MS);
    let resp = Request::get(url)
        .credentials(credentials)
        .header("Accept", "application/json")
        .abort_signal(Some(&signal))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let headers = resp.headers();
    let content_type = headers.get("content-type").unwrap_or_default();
    let retry_after = headers.get("retry-after");
    let status = resp.status();
    let redirected = resp.redirected();
    let final_url = resp.url();
    let body = resp.text().await.map_err(|e| e.to_string())?;
    Ok((status, content_type, redirected, final_url, retry_after, body))
}

async fn fetch_endpoint(endpoint: Endpoint, receipt: &ReceiptNumber, via: Via) -> EndpointResult {
    let preferred = PREFERRED.with(|p| p.borrow().get(&endpoint).copied().unwrap_or(0));
    let paths = endpoint.paths(receipt, preferred);
    let started = now();
    let mut result = EndpointResult {
        endpoint,
        path: String::new(),
        status: 0,
        content_type: String::new(),
        body: String::new(),
        redirected: false,
        final_url: String::new(),
        retry_after: None,
        network_error: None,
        ms: 0.0,
        attempts: 0,
    };
    for path in &paths {
        let url = match via {
            Via::Page => path.clone(),
            Via::Background => format!("{ORIGIN}{path}"),
        };
        result.attempts += 1;
        result.path = path.clone();
        match get_once(&url, via).await {
            Ok((status, content_type, redirected, final_url, retry_after, body)) => {
                result.status = status;
                result.content_type = content_type;
                result.redirected = redirected;
                result.final_url = final_url;
                result.retry_after = retry_after;
                result.body = body;
                result.network_error = None;
                if endpoints::try_next_path(status) {
                    continue;
                }
                if let Some(i) = endpoint.variant_of(path) {
                    PREFERRED.with(|p| p.borrow_mut().insert(endpoint, i));
                }
            }
            Err(e) => result.network_error = Some(e),
        }
        break;
    }
    result.ms = now() - started;
    result
}

/// Fetches the four endpoints concurrently.
pub async fn fetch_bundle(receipt: &ReceiptNumber, via: Via) -> Bundle {
    let started = now();
    let results = join_all(Endpoint::ALL.iter().map(|e| fetch_endpoint(*e, receipt, via))).await;
    Bundle { receipt: receipt.clone(), via, fetched_at_ms: started, results }
}
