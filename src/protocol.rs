//! Every message between the popup, the content script and the background
//! service worker: one tagged, versioned serde enum per direction. Anything
//! that does not deserialise into these types is rejected.
//!
//! Also the [`Bundle`] a fetch produces. What each answer means is
//! [`crate::answer`].

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::endpoints::Endpoint;
use crate::receipt::ReceiptNumber;

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
    /// redraws that adds elements it has not asked about: which of the
    /// page's regions (`div[role=region][id]`, the account page's case
    /// cards) are cases, and, when none is, which case (if exactly one) the
    /// page's text is about. The answer places the in-page controls.
    PageCases { v: u32, url: String, text: String, regions: Vec<Region> },
}

/// An element of the page that may be a case card: its `id` and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub id: String,
    pub text: String,
}

/// A region of the page that is a case card, and its case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRegion {
    pub id: String,
    pub receipt: ReceiptNumber,
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
    /// Answer to [`Request::PageCases`]: the regions that are cases, and
    /// the case the page is about when no region is one.
    Cases { v: u32, cases: Vec<CaseRegion>, subject: Option<ReceiptNumber> },
    /// Answer to [`Request::Cancel`] and [`Request::Remember`].
    Cancelled { v: u32 },
    /// Answer to [`Request::Recent`]: nothing recent kept.
    NoRecent { v: u32 },
    /// Answer to [`Request::PageInfo`]; `cards`: the account page's own case
    /// list (the text of its `CaseCardsApp` script), where the page has one;
    /// `loaded_ms`: when the page was loaded (ms since 1970 UTC), which is
    /// how old that list is.
    Page { v: u32, url: String, text: String, cards: Option<String>, loaded_ms: Option<f64> },
}

/// How messages are read. On the wire a message names its kind in a `type`
/// member (`{"type": "Fetch", "v": 2, ...}`); to read that form serde first
/// copies the whole message into a buffer of its own and compiles a second
/// reader of every type inside it for that buffer (some 40 KB of
/// WebAssembly, and a copy of every bundle). So a message is first turned
/// into `{"Fetch": {"v": 2, ...}}` ([`untag_json`], or its browser twin in
/// `src/web/`), which serde reads straight into these, and then into
/// [`Request`] or [`Response`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub enum RequestIn {
    Fetch {
        v: u32,
        receipt: ReceiptNumber,
        #[serde(default)]
        force: bool,
        #[serde(default)]
        only: Option<Vec<Endpoint>>,
    },
    Cancel {
        v: u32,
        receipt: ReceiptNumber,
    },
    Recent {
        v: u32,
        receipt: ReceiptNumber,
    },
    Remember {
        v: u32,
        bundle: Bundle,
    },
    Relay {
        v: u32,
        request: Box<RequestIn>,
    },
    Navigate {
        v: u32,
        url: String,
    },
    OpenViewer {
        v: u32,
        receipt: ReceiptNumber,
        #[serde(default)]
        print: bool,
    },
    PageInfo {
        v: u32,
    },
    PageCases {
        v: u32,
        url: String,
        text: String,
        regions: Vec<Region>,
    },
}

impl From<RequestIn> for Request {
    fn from(r: RequestIn) -> Request {
        match r {
            RequestIn::Fetch { v, receipt, force, only } => Request::Fetch { v, receipt, force, only },
            RequestIn::Cancel { v, receipt } => Request::Cancel { v, receipt },
            RequestIn::Recent { v, receipt } => Request::Recent { v, receipt },
            RequestIn::Remember { v, bundle } => Request::Remember { v, bundle },
            RequestIn::Relay { v, request } => Request::Relay { v, request: Box::new((*request).into()) },
            RequestIn::Navigate { v, url } => Request::Navigate { v, url },
            RequestIn::OpenViewer { v, receipt, print } => Request::OpenViewer { v, receipt, print },
            RequestIn::PageInfo { v } => Request::PageInfo { v },
            RequestIn::PageCases { v, url, text, regions } => Request::PageCases { v, url, text, regions },
        }
    }
}

/// [`Response`] as it is read (see [`RequestIn`]).
#[derive(Deserialize)]
pub enum ResponseIn {
    Bundle {
        v: u32,
        bundle: Bundle,
    },
    Unavailable {
        v: u32,
        reason: String,
    },
    Refused {
        v: u32,
        reason: String,
    },
    Cases {
        v: u32,
        cases: Vec<CaseRegion>,
        subject: Option<ReceiptNumber>,
    },
    Cancelled {
        v: u32,
    },
    NoRecent {
        v: u32,
    },
    Page {
        v: u32,
        url: String,
        text: String,
        #[serde(default)]
        cards: Option<String>,
        #[serde(default)]
        loaded_ms: Option<f64>,
    },
}

impl From<ResponseIn> for Response {
    fn from(r: ResponseIn) -> Response {
        match r {
            ResponseIn::Bundle { v, bundle } => Response::Bundle { v, bundle },
            ResponseIn::Unavailable { v, reason } => Response::Unavailable { v, reason },
            ResponseIn::Refused { v, reason } => Response::Refused { v, reason },
            ResponseIn::Cases { v, cases, subject } => Response::Cases { v, cases, subject },
            ResponseIn::Cancelled { v } => Response::Cancelled { v },
            ResponseIn::NoRecent { v } => Response::NoRecent { v },
            ResponseIn::Page { v, url, text, cards, loaded_ms } => Response::Page { v, url, text, cards, loaded_ms },
        }
    }
}

/// The one message that carries another: its kind and the member holding
/// the message it carries, which is untagged too.
pub const CARRIES: (&str, &str) = ("Relay", "request");

/// `{"type": "T", ...rest}` -> `{"T": {...rest}}`, the carried message of a
/// `Relay` too ([`CARRIES`]); `None` when the message names no kind.
pub fn untag_json(v: &serde_json::Value) -> Option<serde_json::Value> {
    let mut rest = v.as_object()?.clone();
    let tag = rest.remove("type")?.as_str()?.to_string();
    if tag == CARRIES.0 {
        if let Some(inner) = rest.get(CARRIES.1).map(untag_json) {
            rest.insert(CARRIES.1.into(), inner?);
        }
    }
    let mut out = serde_json::Map::new();
    out.insert(tag, serde_json::Value::Object(rest));
    Some(serde_json::Value::Object(out))
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

    /// Parses and checks a request: right shape, right version.
    pub fn from_json_value(v: serde_json::Value) -> Result<Request, String> {
        let wire = untag_json(&v).ok_or("malformed message: no type")?;
        let r: RequestIn = serde_json::from_value(wire).map_err(|e| format!("malformed message: {e}"))?;
        Request::from(r).check()
    }

    /// Checks the version of an already-deserialised request.
    pub fn check(self) -> Result<Request, String> {
        let v = match &self {
            Request::Fetch { v, .. }
            | Request::Cancel { v, .. }
            | Request::Recent { v, .. }
            | Request::Remember { v, .. }
            | Request::Relay { v, .. }
            | Request::Navigate { v, .. }
            | Request::OpenViewer { v, .. }
            | Request::PageInfo { v }
            | Request::PageCases { v, .. } => *v,
        };
        if v != VERSION {
            return Err(format!("unsupported message version {v}"));
        }
        match &self {
            // Only what the content script answers goes through a relay.
            Request::Relay { request, .. }
                if !matches!(**request, Request::Fetch { .. } | Request::Cancel { .. } | Request::PageInfo { .. }) =>
            {
                Err("only a fetch, a cancel or a question for the page's data can be relayed".into())
            }
            Request::Relay { request, .. } => request.clone().check().map(|_| self),
            Request::Navigate { url, .. } if !crate::endpoints::is_site_url(url) => {
                Err("CaseScope only opens my.uscis.gov pages".into())
            }
            _ => Ok(self),
        }
    }
}

/// Who sent a message, as the browser reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub id: Option<String>,
    pub url: Option<String>,
    /// Content scripts send from a tab; CaseScope's own pages do not.
    pub has_tab: bool,
}

/// The tab a message came from, when it came from one (a content script,
/// or CaseScope's frame over the case page).
pub type TabId = f64;

impl Sender {
    /// True only for a page of this extension (the popup, the viewer tab or
    /// frame): same extension id and a URL under the extension's own base
    /// URL. A content script's URL is the web page's, so it never passes
    /// (a compromised page's renderer could drive it).
    pub fn is_extension_page(&self, own_id: Option<&str>, own_base_url: Option<&str>) -> bool {
        let (Some(own_id), Some(base)) = (own_id, own_base_url) else { return false };
        !own_id.is_empty()
            && base.ends_with('/')
            && self.id.as_deref() == Some(own_id)
            && self.url.as_deref().is_some_and(|u| u.starts_with(base))
    }
}

/// What the background worker does with a message ([`Sender::admit`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Admission {
    /// One of CaseScope's own pages asked: answer the request.
    Answer(Request),
    /// CaseScope's content script asked which of its page's regions are
    /// cases (and which case the page is about).
    Cases { url: String, text: String, regions: Vec<Region> },
    /// Anything else, with the reason (logged, and sent back).
    Refuse(String),
}

impl Sender {
    /// The background worker's whole rule. CaseScope's own pages (popup,
    /// viewer tab, viewer frame) may ask anything the protocol has; its
    /// content script may only ask which of its page's parts are cases (a
    /// compromised page could drive it, so it may never make the background
    /// fetch); no one else may ask anything.
    pub fn admit(
        &self,
        request: Result<Request, String>,
        own_id: Option<&str>,
        own_base_url: Option<&str>,
    ) -> Admission {
        if self.is_extension_page(own_id, own_base_url) {
            return match request {
                Ok(r) => Admission::Answer(r),
                Err(reason) => Admission::Refuse(reason),
            };
        }
        if self.is_own_content_script(own_id) {
            if let Ok(Request::PageCases { url, text, regions, .. }) = request {
                return Admission::Cases { url, text, regions };
            }
        }
        Admission::Refuse("sender is not one of CaseScope's own pages".into())
    }

    /// True for CaseScope's own content script on a my.uscis.gov page.
    pub fn is_own_content_script(&self, own_id: Option<&str>) -> bool {
        own_id.is_some_and(|id| !id.is_empty() && self.id.as_deref() == Some(id))
            && self.has_tab
            && self.url.as_deref().is_some_and(crate::endpoints::is_site_url)
    }
}

/// At most this many regions of a page are looked at, each by its first
/// [`MAX_REGION_TEXT`] bytes: an account page has a card per case.
pub const MAX_REGIONS: usize = 500;
pub const MAX_REGION_TEXT: usize = 4000;

/// The answer to [`Request::PageCases`]: which regions are case cards, and,
/// when none is, the one case the page's text is about (the floating
/// button of a page about one case).
pub fn cases_on_page(url: &str, text: &str, regions: &[Region]) -> Response {
    let cases: Vec<CaseRegion> = regions
        .iter()
        .take(MAX_REGIONS)
        .filter_map(|r| {
            crate::receipt::card_receipt(&r.id, crate::text::head(&r.text, MAX_REGION_TEXT))
                .map(|receipt| CaseRegion { id: r.id.clone(), receipt })
        })
        .collect();
    let subject = if cases.is_empty() { crate::receipt::page_subject(url, text) } else { None };
    Response::Cases { v: VERSION, cases, subject }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn result(status: u16, ct: &str, body: &str) -> EndpointResult {
        EndpointResult::answered(status, ct, body)
    }

    #[test]
    fn every_message_reads_back_as_it_was_written() {
        let receipt = ReceiptNumber::parse("IOE0912345678").unwrap();
        let bundle = Bundle {
            receipt: receipt.clone(),
            via: Via::Background,
            fetched_at_ms: 5.0,
            reused_after_ms: Some(1.0),
            results: vec![result(200, "application/json", "{\"data\": 1.10}")],
        };
        let v = VERSION;
        let fetch = Request::Fetch { v, receipt: receipt.clone(), force: true, only: Some(vec![Endpoint::Status]) };
        let requests = [
            fetch.clone(),
            Request::Cancel { v, receipt: receipt.clone() },
            Request::Recent { v, receipt: receipt.clone() },
            Request::Remember { v, bundle: bundle.clone() },
            Request::Relay { v, request: Box::new(fetch) },
            Request::Navigate { v, url: "https://my.uscis.gov/account".into() },
            Request::OpenViewer { v, receipt: receipt.clone(), print: true },
            Request::PageInfo { v },
            Request::PageCases {
                v,
                url: "https://my.uscis.gov/x".into(),
                text: "IOE0912345678".into(),
                regions: vec![Region { id: "region_IOE0912345678".into(), text: "Receipt # IOE0912345678".into() }],
            },
        ];
        for r in requests {
            assert_eq!(Request::from_json_value(serde_json::to_value(&r).unwrap()), Ok(r));
        }
        let responses = [
            Response::Bundle { v, bundle },
            Response::Unavailable { v, reason: "CSP".into() },
            Response::Refused { v, reason: "no".into() },
            Response::Cases {
                v,
                cases: vec![CaseRegion { id: "region_IOE0912345678".into(), receipt: receipt.clone() }],
                subject: Some(receipt.clone()),
            },
            Response::Cancelled { v },
            Response::NoRecent { v },
            Response::Page { v, url: "u".into(), text: "t".into(), cards: Some("[]".into()), loaded_ms: Some(9.0) },
        ];
        for r in responses {
            let wire = untag_json(&serde_json::to_value(&r).unwrap()).unwrap();
            assert_eq!(Response::from(serde_json::from_value::<ResponseIn>(wire).unwrap()), r);
        }
    }

    #[test]
    fn requests_are_checked() {
        let v = VERSION;
        let ok = serde_json::json!({"type": "Fetch", "v": v, "receipt": "IOE0912345678"});
        assert!(Request::from_json_value(ok).is_ok());
        for bad in [
            serde_json::json!({"type": "Fetch", "v": v + 1, "receipt": "IOE0912345678"}),
            serde_json::json!({"type": "Fetch", "v": v - 1, "receipt": "IOE0912345678"}),
            serde_json::json!({"type": "Fetch", "v": v, "receipt": "IOE0912345678/../../x"}),
            serde_json::json!({"type": "Fetch", "v": v, "receipt": "ioe0912345678"}),
            serde_json::json!({"type": "Fetch", "v": v, "receipt": "IOE0912345678", "url": "https://example.com"}),
            serde_json::json!({"type": "Eval", "v": v}),
            serde_json::json!("Fetch"),
        ] {
            assert!(Request::from_json_value(bad.clone()).is_err(), "{bad}");
        }
        // A message without its kind, and a relayed one with a member too many.
        assert!(Request::from_json_value(serde_json::json!({"v": v, "receipt": "IOE0912345678"})).is_err());
        let relayed = serde_json::json!({"type": "Relay", "v": v,
            "request": {"type": "Fetch", "v": v, "receipt": "IOE0912345678", "url": "https://example.com"}});
        assert!(Request::from_json_value(relayed).is_err());
        // The one that carries a bundle, as strictly.
        let bundle = Bundle {
            receipt: ReceiptNumber::parse("IOE0912345678").unwrap(),
            via: Via::Page,
            fetched_at_ms: 1.0,
            reused_after_ms: None,
            results: vec![],
        };
        let remember = Request::Remember { v, bundle };
        let sent = serde_json::to_value(&remember).unwrap();
        assert_eq!(Request::from_json_value(sent.clone()), Ok(remember));
        let mut extra = sent.clone();
        extra["url"] = "https://example.com".into();
        let mut old = sent;
        old["v"] = (v - 1).into();
        for bad in [extra, old] {
            assert!(Request::from_json_value(bad.clone()).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_our_own_pages_may_ask_the_background() {
        let base = "chrome-extension://abc/";
        let popup =
            Sender { id: Some("abc".into()), url: Some("chrome-extension://abc/popup.html".into()), has_tab: false };
        assert!(popup.is_extension_page(Some("abc"), Some(base)));
        let content_script = Sender { has_tab: true, url: Some("https://my.uscis.gov/x".into()), ..popup.clone() };
        assert!(!content_script.is_extension_page(Some("abc"), Some(base)));
        let viewer_tab =
            Sender { has_tab: true, url: Some("chrome-extension://abc/popup.html?receipt=x".into()), ..popup.clone() };
        assert!(viewer_tab.is_extension_page(Some("abc"), Some(base)), "the viewer in a tab or frame is ours too");
        let other =
            Sender { id: Some("evil".into()), url: Some("chrome-extension://evil/p.html".into()), has_tab: false };
        assert!(!other.is_extension_page(Some("abc"), Some(base)));
        assert!(content_script.is_own_content_script(Some("abc")));
        assert!(!popup.is_own_content_script(Some("abc")));
        let elsewhere =
            Sender { url: Some(format!("{}.example.com/", crate::endpoints::ORIGIN)), ..content_script.clone() };
        assert!(!elsewhere.is_own_content_script(Some("abc")));
        let lookalike = Sender { url: Some("chrome-extension://abcd/popup.html".into()), ..popup.clone() };
        assert!(!lookalike.is_extension_page(Some("abc"), Some(base)));
        assert!(!popup.is_extension_page(None, Some(base)));
        assert!(!popup.is_extension_page(Some("abc"), None));
        assert!(!Sender { id: None, url: None, has_tab: false }.is_extension_page(Some("abc"), Some(base)));

        // The whole rule, sender by request.
        let receipt = ReceiptNumber::parse("IOE0912345678").unwrap();
        let fetch = Request::Fetch { v: VERSION, receipt: receipt.clone(), force: true, only: None };
        let cancel = Request::Cancel { v: VERSION, receipt };
        let subject =
            Request::PageCases { v: VERSION, url: "https://my.uscis.gov/x".into(), text: "t".into(), regions: vec![] };
        let admit = |who: &Sender, r: Result<Request, String>| who.admit(r, Some("abc"), Some(base));
        for ours in [&popup, &viewer_tab] {
            assert_eq!(admit(ours, Ok(fetch.clone())), Admission::Answer(fetch.clone()));
            assert_eq!(admit(ours, Ok(cancel.clone())), Admission::Answer(cancel.clone()));
            assert_eq!(admit(ours, Err("malformed message".into())), Admission::Refuse("malformed message".into()));
        }
        assert_eq!(
            admit(&content_script, Ok(subject.clone())),
            Admission::Cases { url: "https://my.uscis.gov/x".into(), text: "t".into(), regions: vec![] }
        );
        let recent = Request::Recent { v: VERSION, receipt: ReceiptNumber::parse("IOE0912345678").unwrap() };
        assert_eq!(admit(&popup, Ok(recent.clone())), Admission::Answer(recent.clone()));
        for (who, r) in [
            (&content_script, Ok(recent.clone())),
            (&content_script, Ok(fetch.clone())),
            (&content_script, Ok(cancel.clone())),
            (&content_script, Err("malformed message".into())),
            (&elsewhere, Ok(subject.clone())),
            (&other, Ok(fetch.clone())),
            (&other, Ok(subject.clone())),
            (&lookalike, Ok(fetch.clone())),
        ] {
            assert!(matches!(admit(who, r.clone()), Admission::Refuse(_)), "{who:?} {r:?}");
        }
        assert!(matches!(popup.admit(Ok(fetch), None, Some(base)), Admission::Refuse(_)), "no own id, no trust");
    }

    #[test]
    fn only_a_whole_fetch_is_kept_and_only_an_unforced_one_reuses() {
        let receipt = ReceiptNumber::parse("IOE0912345678").unwrap();
        let fetch = |force, only| Request::Fetch { v: VERSION, receipt: receipt.clone(), force, only };
        assert!(fetch(false, None).may_reuse() && fetch(false, None).is_whole_fetch());
        assert!(!fetch(true, None).may_reuse() && fetch(true, None).is_whole_fetch());
        let retry = fetch(true, Some(vec![Endpoint::Status]));
        assert!(!retry.may_reuse() && !retry.is_whole_fetch());
        assert!(!Request::Cancel { v: VERSION, receipt: receipt.clone() }.is_whole_fetch());
    }

    #[test]
    fn relays_carry_only_fetches_and_navigation_only_to_my_uscis_gov() {
        let receipt = ReceiptNumber::parse("IOE0912345678").unwrap();
        let fetch = Request::Fetch { v: VERSION, receipt: receipt.clone(), force: false, only: None };
        assert!(Request::Relay { v: VERSION, request: Box::new(fetch.clone()) }.check().is_ok());
        let stale = Request::Fetch { v: VERSION - 1, receipt, force: false, only: None };
        assert!(Request::Relay { v: VERSION, request: Box::new(stale) }.check().is_err());
        let nested =
            Request::Relay { v: VERSION, request: Box::new(Request::Relay { v: VERSION, request: Box::new(fetch) }) };
        assert!(nested.check().is_err());
        let cases = Request::PageCases {
            v: VERSION,
            url: "https://my.uscis.gov/".into(),
            text: String::new(),
            regions: vec![],
        };
        assert!(Request::Relay { v: VERSION, request: Box::new(cases) }.check().is_err());
        assert!(Request::Relay { v: VERSION, request: Box::new(Request::PageInfo { v: VERSION }) }.check().is_ok());
        assert!(Request::Navigate { v: VERSION, url: crate::endpoints::SIGN_IN_URL.into() }.check().is_ok());
        let lookalike = format!("{}.example.com/", crate::endpoints::ORIGIN);
        for bad in [lookalike.as_str(), "javascript:alert(1)", "https://example.com/"] {
            assert!(Request::Navigate { v: VERSION, url: bad.into() }.check().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_cards_of_a_page_get_controls_and_a_page_about_one_case_its_button() {
        let region = |id: &str, text: &str| Region { id: id.into(), text: text.into() };
        let url = "https://my.uscis.gov/account/applicant";
        let regions = [
            region("region_IOE0912345678", "I-485, Application\nReceipt # IOE0912345678"),
            region("region_menu", "Menu"),
            region("region_IOE0887654321", "I-765"),
        ];
        let Response::Cases { cases, subject, .. } = cases_on_page(url, "IOE0955500011", &regions) else { panic!() };
        let ids: Vec<(&str, &str)> = cases.iter().map(|c| (c.id.as_str(), c.receipt.as_str())).collect();
        assert_eq!(ids, [("region_IOE0912345678", "IOE0912345678"), ("region_IOE0887654321", "IOE0887654321")]);
        assert_eq!(subject, None, "cards have their own controls");
        // No cards: a page whose text names one case gets the floating button.
        let other = "https://my.uscis.gov/account/other-page/IOE0955500011";
        let Response::Cases { cases, subject, .. } = cases_on_page(other, "Receipt number: IOE0955500011", &[]) else {
            panic!()
        };
        assert!(cases.is_empty());
        assert_eq!(subject.as_ref().map(ReceiptNumber::as_str), Some("IOE0955500011"));
        // A page's text cut inside a character, and more regions than are read.
        let many: Vec<Region> =
            (0..MAX_REGIONS + 10).map(|i| region(&format!("region_IOE{i:010}"), "é".repeat(3000).as_str())).collect();
        let Response::Cases { cases, .. } = cases_on_page(url, "", &many) else { panic!() };
        assert_eq!(cases.len(), MAX_REGIONS);
    }

    #[test]
    fn the_javascript_loaders_speak_this_version() {
        // content.js answers PageInfo and sends PageCases without the
        // WebAssembly; background.js and content.js wrap failures. Each writes
        // the version by hand: it must be this one, or the Rust side refuses.
        let want = format!("v: {VERSION},");
        for (name, js) in [
            ("content.js", include_str!("../extension/content.js")),
            ("background.js", include_str!("../extension/background.js")),
        ] {
            let written: Vec<&str> = js.match_indices("v: ").map(|(i, _)| &js[i..]).collect();
            assert!(!written.is_empty(), "{name} writes no version");
            for w in written {
                assert!(w.starts_with(&want), "{name}: {} (protocol::VERSION is {VERSION})", &w[..w.len().min(8)]);
            }
        }
    }
}
