//! What a message may ask and who may send it: the version and relay
//! checks, the background's sender rule, and the answer to the content
//! script's one question (which parts of its page are cases).

use super::{Region, Request, Response, Spot, VERSION};

impl Request {
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
    Cases { url: String, text: String, regions: Vec<Region>, cards: Option<String>, spots: Vec<Spot> },
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
            if let Ok(Request::PageCases { url, text, regions, cards, spots, .. }) = request {
                return Admission::Cases { url, text, regions, cards, spots };
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

/// The answer to [`Request::PageCases`]: the cards found and where each
/// one's control goes ([`crate::cards::on_page`]), and, when none is, the
/// one case the page is about (the floating button of a page about one
/// case).
pub fn cases_on_page(url: &str, text: &str, regions: &[Region], spots: &[Spot]) -> Response {
    let found = crate::cards::on_page(url, text, regions, spots);
    Response::Cases { v: VERSION, cases: found.placed, subject: found.subject, found: found.found }
}
