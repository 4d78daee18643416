//! Every message between the popup, the content script and the background
//! service worker: one tagged, versioned serde enum per direction. Anything
//! that does not deserialise into these types is rejected.
//!
//! Also the [`Bundle`] a fetch produces. What each answer means is
//! [`crate::answer`]. How messages are read is `read`; who may send what,
//! and what a message may ask, is `check` (the sender rule).

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::endpoints::Endpoint;
use crate::receipt::ReceiptNumber;

mod check;
mod read;
#[cfg(test)]
mod tests;

pub use check::{cases_on_page, Admission, Sender, TabId};
pub use read::{untag_json, RequestIn, ResponseIn, CARRIES};

/// The protocol version; a message with another version is refused.
pub const VERSION: u32 = 2;

/// Requests from the popup (to the content script, or to the background).
/// Written as `{"type": "Fetch", ...}`; read through [`RequestIn`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum Request {
    /// Fetch the four endpoints (or `only` some of them, for a retry) for one
    /// receipt. A recent answer is reused unless `force`.
    Fetch { v: u32, receipt: ReceiptNumber, force: bool, only: Option<Vec<Endpoint>> },
    /// Stop the requests in flight for this receipt.
    Cancel { v: u32, receipt: ReceiptNumber },
    /// To the background, from CaseScope's own pages: a recent answer for
    /// this receipt, if it keeps one (answered `Bundle` or `NoRecent`). The
    /// background outlives the page, so reuse survives a reload.
    Recent { v: u32, receipt: ReceiptNumber },
    /// To the background, from CaseScope's own pages: keep this answer (one
    /// the page fetched) for reuse, in memory only; a signed-out answer
    /// forgets every kept one.
    Remember { v: u32, bundle: Bundle },
    /// To the background, from CaseScope's frame over the case page: send
    /// `request` (a fetch or a cancel) to the content script of the tab the
    /// frame is in, and answer with its answer. Firefox gives an extension
    /// frame inside a web page no `chrome.tabs`, so it cannot ask itself.
    Relay { v: u32, request: Box<Request> },
    /// To the background, from CaseScope's frame over the case page: take
    /// that tab to this my.uscis.gov address (the sign-in page), as the popup
    /// does with `chrome.tabs` where the frame has none. Any other address
    /// is refused.
    Navigate { v: u32, url: String },
    /// To the background, from CaseScope's frame over the case page: open
    /// the viewer for this receipt in a new tab (Firefox's frame has no
    /// `chrome.tabs` to do it itself); `print`: its printable record.
    OpenViewer { v: u32, receipt: ReceiptNumber, print: bool },
    /// The page's URL and visible text, to find receipt numbers in. The
    /// content script's loader answers this one itself, without WebAssembly,
    /// so it works even where the page's CSP keeps WebAssembly out.
    PageInfo { v: u32 },
    /// From the content script, once per page load and once per batch of
    /// redraws that changes what it reads: which of the page's elements
    /// are case cards ([`crate::cards`]: `spots`, the elements whose text
    /// holds something shaped like a receipt, and `regions`, the
    /// `[role=region][id]` elements, each by its number in this reading),
    /// and, when none is, which case (if exactly one) the page is about.
    /// The answer places the in-page controls. `cards`: the account page's
    /// own data, on the first question of a page load only, from which the
    /// background sets the toolbar badge (remembered cases that changed
    /// since their last look).
    PageCases { v: u32, url: String, text: String, regions: Vec<Region>, cards: Option<String>, spots: Vec<Spot> },
}

pub use crate::cards::{Found, Placed, Region, Spot};

/// A card's visible text, for its own words ([`crate::cards::words`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardText {
    pub receipt: ReceiptNumber,
    pub text: String,
}

/// Answers to a [`Request`]; read through [`ResponseIn`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum Response {
    /// What each endpoint answered.
    Bundle { v: u32, bundle: Bundle },
    /// WebAssembly cannot run where the request arrived (page CSP); the popup
    /// then asks the background instead.
    Unavailable { v: u32, reason: String },
    /// The request itself was refused (bad message, wrong sender).
    Refused { v: u32, reason: String },
    /// Answer to [`Request::PageCases`]: the cards and where each one's
    /// control goes, the case the page is about when no card is found, and
    /// what was found (which the content script hands back with `Page`).
    Cases { v: u32, cases: Vec<Placed>, subject: Option<ReceiptNumber>, found: Found },
    /// Answer to [`Request::Cancel`] and [`Request::Remember`].
    Cancelled { v: u32 },
    /// Answer to [`Request::Recent`]: nothing recent kept.
    NoRecent { v: u32 },
    /// Answer to [`Request::PageInfo`]; `cards`: the account page's own case
    /// list (the text of its `CaseCardsApp` script), where the page has one;
    /// `loaded_ms`: when the page was loaded (ms since 1970 UTC), which is
    /// how old that list is; `found`: what the background's last answer to
    /// `PageCases` found on the page, and `texts` each card's visible text.
    Page {
        v: u32,
        url: String,
        text: String,
        cards: Option<String>,
        loaded_ms: Option<f64>,
        found: Option<Found>,
        texts: Vec<CardText>,
    },
}

impl Request {
    /// A fetch of the whole case (not a retry of some endpoints): its
    /// answer is worth keeping for reuse.
    pub fn is_whole_fetch(&self) -> bool {
        matches!(self, Request::Fetch { only: None, .. })
    }

    /// A fetch that may be answered by a recent answer (not forced, whole).
    pub fn may_reuse(&self) -> bool {
        matches!(self, Request::Fetch { force: false, only: None, .. })
    }
}

/// Which part of the extension made the requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// The content script in the my.uscis.gov page (same-origin requests).
    Page,
    /// The background service worker (the page's CSP blocked WebAssembly).
    Background,
}

/// One endpoint's answer, as received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndpointResult {
    pub endpoint: Endpoint,
    /// The path that gave this answer (the last one tried).
    pub path: String,
    /// HTTP status; 0 when no answer arrived.
    pub status: u16,
    #[serde(default)]
    pub content_type: String,
    /// The body text exactly as received; shared by every view of it.
    #[serde(default)]
    pub body: Rc<String>,
    /// True when the request was redirected (to a sign-in page, typically).
    #[serde(default)]
    pub redirected: bool,
    /// The final URL after redirects.
    #[serde(default)]
    pub final_url: String,
    #[serde(default)]
    pub retry_after: Option<String>,
    /// Why no answer arrived, when none did.
    #[serde(default)]
    pub network_error: Option<NetError>,
    /// Milliseconds from the first request to the full body.
    pub ms: f64,
    /// How many paths were tried (2 when the short path was used after a 404).
    pub attempts: u8,
}

/// All four answers for one receipt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    pub receipt: ReceiptNumber,
    pub via: Via,
    /// When the fetch started, ms since 1970 UTC.
    pub fetched_at_ms: f64,
    /// Set when this is a recent answer given again instead of asking USCIS
    /// again: how old it is.
    #[serde(default)]
    pub reused_after_ms: Option<f64>,
    pub results: Vec<EndpointResult>,
}

impl EndpointResult {
    /// An answer not yet received (or never: `network_error` says why).
    pub fn empty(endpoint: Endpoint) -> EndpointResult {
        EndpointResult {
            endpoint,
            path: String::new(),
            status: 0,
            content_type: String::new(),
            body: Rc::default(),
            redirected: false,
            final_url: String::new(),
            retry_after: None,
            network_error: None,
            ms: 0.0,
            attempts: 0,
        }
    }
}

/// Why no answer arrived. Decided where the request was made
/// (`src/web/fetch.rs`), from the browser's error and the signals that
/// stopped it; worded by [`crate::i18n`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum NetError {
    /// No answer within [`crate::policy::TIMEOUT_MS`].
    Timeout,
    /// The user stopped it.
    Cancelled,
    /// The connection failed or was cut.
    Failed,
    /// CaseScope itself failed (its words, for a bug report).
    Internal(String),
    /// Something else; the browser's own words.
    Other(String),
}

#[cfg(test)]
impl EndpointResult {
    /// For tests: the case endpoint answering `status` with `body`.
    pub(crate) fn answered(status: u16, content_type: &str, body: &str) -> EndpointResult {
        EndpointResult {
            path: "/x".into(),
            status,
            content_type: content_type.into(),
            body: Rc::new(body.to_string()),
            ms: 1.0,
            attempts: 1,
            ..EndpointResult::empty(Endpoint::Case)
        }
    }
}

impl Bundle {
    pub fn get(&self, e: Endpoint) -> Option<&EndpointResult> {
        self.results.iter().find(|r| r.endpoint == e)
    }
}
