//! How messages are read: untagged first, then read by serde straight
//! into [`RequestIn`] / [`ResponseIn`] (see [`RequestIn`]).

use serde::Deserialize;

use super::{Bundle, CardText, Found, Placed, Region, Request, Response, Spot};
use crate::endpoints::Endpoint;
use crate::receipt::ReceiptNumber;

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
        #[serde(default)]
        cards: Option<String>,
        #[serde(default)]
        spots: Vec<Spot>,
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
            RequestIn::PageCases { v, url, text, regions, cards, spots } => {
                Request::PageCases { v, url, text, regions, cards, spots }
            }
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
        cases: Vec<Placed>,
        subject: Option<ReceiptNumber>,
        found: Found,
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
        #[serde(default)]
        found: Option<Found>,
        #[serde(default)]
        texts: Vec<CardText>,
    },
}

impl From<ResponseIn> for Response {
    fn from(r: ResponseIn) -> Response {
        match r {
            ResponseIn::Bundle { v, bundle } => Response::Bundle { v, bundle },
            ResponseIn::Unavailable { v, reason } => Response::Unavailable { v, reason },
            ResponseIn::Refused { v, reason } => Response::Refused { v, reason },
            ResponseIn::Cases { v, cases, subject, found } => Response::Cases { v, cases, subject, found },
            ResponseIn::Cancelled { v } => Response::Cancelled { v },
            ResponseIn::NoRecent { v } => Response::NoRecent { v },
            ResponseIn::Page { v, url, text, cards, loaded_ms, found, texts } => {
                Response::Page { v, url, text, cards, loaded_ms, found, texts }
            }
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
    /// Parses and checks a request: right shape, right version.
    pub fn from_json_value(v: serde_json::Value) -> Result<Request, String> {
        let wire = untag_json(&v).ok_or("malformed message: no type")?;
        let r: RequestIn = serde_json::from_value(wire).map_err(|e| format!("malformed message: {e}"))?;
        Request::from(r).check()
    }
}
