//! The endpoint table: the one place that knows which my.uscis.gov paths
//! CaseScope requests. Every URL the extension ever builds comes from here,
//! and only a validated [`ReceiptNumber`] can be put into one.

use serde::{Deserialize, Serialize};

use crate::receipt::ReceiptNumber;

/// The only origin CaseScope ever contacts.
pub const ORIGIN: &str = "https://my.uscis.gov";

/// True for an address on my.uscis.gov itself, never a look-alike host
/// (the same name followed by `.example.com`). The one origin check: the popup,
/// the background's sender rule and the page checks all use it.
pub fn is_site_url(url: &str) -> bool {
    url.strip_prefix(ORIGIN).is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
}

/// Where a signed-out user is sent: a page of the site itself, which leads to
/// its sign-in flow (CaseScope never handles sign-in data).
pub const SIGN_IN_URL: &str = "https://my.uscis.gov/account/applicant";

/// The four endpoints that describe a case, and the account page's own
/// copy of the case (never requested: read from the page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Endpoint {
    Case,
    Status,
    ReceiptInfo,
    Documents,
    /// The account page's embedded copy of the case (its `CaseCardsApp`
    /// data): the object `Case` answers under `data`, as fresh as the page.
    Page,
}

impl Endpoint {
    /// All endpoints asked, in the order they are shown (not [`Endpoint::Page`]).
    pub const ALL: [Endpoint; 4] = [Endpoint::Case, Endpoint::Status, Endpoint::ReceiptInfo, Endpoint::Documents];
    /// Every source a case is shown from: the endpoints, then the page's copy.
    pub const SHOWN: [Endpoint; 5] =
        [Endpoint::Case, Endpoint::Status, Endpoint::ReceiptInfo, Endpoint::Documents, Endpoint::Page];

    /// The key used in exports and in the "copy all" object; also the file
    /// name stem (`case_status.json`) used by saved bundles.
    pub fn key(self) -> &'static str {
        match self {
            Endpoint::Case => "cases",
            Endpoint::Status => "case_status",
            Endpoint::ReceiptInfo => "receipt_info",
            Endpoint::Documents => "documents",
            Endpoint::Page => "page",
        }
    }

    /// A short human name.
    pub fn title(self) -> &'static str {
        match self {
            Endpoint::Case => "Case",
            Endpoint::Status => "Status",
            Endpoint::ReceiptInfo => "Receipt info",
            Endpoint::Documents => "Documents",
            Endpoint::Page => "Account page",
        }
    }

    /// Path templates, `{r}` standing for the receipt: the path observed on
    /// the live site first, then the short path named in the product guide,
    /// tried once when the first answers 404 (API-NOTES). None for the
    /// account page's copy, which is never requested.
    fn templates(self) -> &'static [&'static str] {
        match self {
            Endpoint::Page => &[],
            Endpoint::Case => &["/account/case-service/api/cases/{r}", "/api/cases/{r}"],
            Endpoint::Status => &["/account/case-service/api/case_status/{r}", "/api/case_status/{r}"],
            Endpoint::ReceiptInfo => &["/secure-messaging/api/case-service/receipt_info/{r}", "/api/receipt_info/{r}"],
            Endpoint::Documents => &["/account/case-service/api/cases/{r}/documents", "/api/cases/{r}/documents"],
        }
    }

    /// The paths to try for `receipt`, the preferred variant (the one that
    /// worked last time, 0 = observed, 1 = short) first.
    pub fn paths(self, receipt: &ReceiptNumber, preferred: usize) -> Vec<String> {
        let t = self.templates();
        if t.is_empty() {
            return Vec::new();
        }
        let first = preferred.min(t.len() - 1);
        let mut order = vec![first];
        order.extend((0..t.len()).filter(|i| *i != first));
        order.into_iter().map(|i| t[i].replace("{r}", receipt.as_str())).collect()
    }

    /// Which variant index a path belongs to, so the fetcher can remember it.
    pub fn variant_of(self, path: &str) -> Option<usize> {
        self.templates().iter().position(|t| {
            let (head, tail) = t.split_once("{r}").unwrap_or((t, ""));
            path.len() == head.len() + 13 + tail.len() && path.starts_with(head) && path.ends_with(tail)
        })
    }
}

/// Whether a response with this status means "try the next path variant".
pub fn try_next_path(status: u16) -> bool {
    status == 404
}

/// True when `path` is one that the endpoint table can produce for some
/// receipt: used by tests that check the browser requested nothing else.
pub fn is_table_path(path: &str) -> bool {
    Endpoint::ALL.iter().any(|e| {
        e.templates().iter().any(|t| {
            let (head, tail) = t.split_once("{r}").unwrap_or((t, ""));
            path.len() == head.len() + 13 + tail.len()
                && path.starts_with(head)
                && path.ends_with(tail)
                && ReceiptNumber::parse(&path[head.len()..head.len() + 13])
                    .is_ok_and(|r| r.as_str() == &path[head.len()..head.len() + 13])
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r() -> ReceiptNumber {
        ReceiptNumber::parse("IOE0912345678").unwrap()
    }

    #[test]
    fn observed_paths_come_first_then_the_short_one() {
        assert_eq!(
            Endpoint::Case.paths(&r(), 0),
            ["/account/case-service/api/cases/IOE0912345678", "/api/cases/IOE0912345678"]
        );
        assert_eq!(Endpoint::Status.paths(&r(), 0)[0], "/account/case-service/api/case_status/IOE0912345678");
        assert_eq!(
            Endpoint::ReceiptInfo.paths(&r(), 0)[0],
            "/secure-messaging/api/case-service/receipt_info/IOE0912345678"
        );
        assert_eq!(
            Endpoint::Documents.paths(&r(), 0),
            ["/account/case-service/api/cases/IOE0912345678/documents", "/api/cases/IOE0912345678/documents"]
        );
    }

    #[test]
    fn a_remembered_variant_is_tried_first() {
        assert_eq!(
            Endpoint::Case.paths(&r(), 1),
            ["/api/cases/IOE0912345678", "/account/case-service/api/cases/IOE0912345678"]
        );
        assert_eq!(Endpoint::Case.paths(&r(), 9).len(), 2);
    }

    #[test]
    fn variants_are_recognised() {
        for e in Endpoint::ALL {
            for (i, p) in e.paths(&r(), 0).iter().enumerate() {
                assert_eq!(e.variant_of(p), Some(i), "{p}");
                assert!(is_table_path(p), "{p}");
            }
        }
        assert!(!is_table_path("/account/case-service/api/cases"));
        assert!(!is_table_path("/account/case-service/api/cases/IOE0912345678/history"));
        assert!(!is_table_path("/api/cases/ioe0912345678"));
        assert!(try_next_path(404) && !try_next_path(401) && !try_next_path(200));
    }

    #[test]
    fn only_the_site_itself_is_the_site() {
        for yes in [
            "https://my.uscis.gov",
            "https://my.uscis.gov/",
            "https://my.uscis.gov/account/other-page/X",
            "https://my.uscis.gov?x",
        ] {
            assert!(is_site_url(yes), "{yes}");
        }
        for no in [
            format!("{ORIGIN}.example.com/"),
            format!("{ORIGIN}x/"),
            ORIGIN.replace("https:", "http:"),
            format!("https://example.com/{ORIGIN}/"),
            format!("{ORIGIN}@example.com/"),
            String::new(),
        ] {
            assert!(!is_site_url(&no), "{no}");
        }
    }
}
