//! Where the CaseScope UI runs, and how a viewer page is opened:
//! `popup.html?receipt=R&tab=ID` (a tab) or `popup.html?receipt=R&embedded=1`
//! (the frame over the case page). The toolbar popup has no query.

use crate::receipt::ReceiptNumber;

/// Where the CaseScope UI is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Popup,
    /// A full extension tab ("Open in a tab").
    Tab,
    /// Over the my.uscis.gov case page, in an extension frame.
    Embedded,
}

impl Layout {
    /// The `data-layout` of the page (`None` for the toolbar popup).
    pub fn key(self) -> Option<&'static str> {
        match self {
            Layout::Popup => None,
            Layout::Tab => Some("tab"),
            Layout::Embedded => Some("embedded"),
        }
    }
}

/// A viewer page's own address, read back by [`Launch::from_query`].
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    pub layout: Layout,
    pub receipt: ReceiptNumber,
    /// The my.uscis.gov tab whose content script fetches.
    pub tab: Option<f64>,
}

impl Launch {
    /// The viewer page's address (relative to the extension).
    pub fn url(&self) -> String {
        let mut url = format!("popup.html?receipt={}", self.receipt);
        if self.layout == Layout::Embedded {
            url.push_str("&embedded=1");
        }
        if let Some(tab) = self.tab {
            url.push_str(&format!("&tab={tab}"));
        }
        url
    }

    /// The viewer page's title: whose case it is (masked when masking is on).
    pub fn title(&self, settings: super::Settings) -> String {
        let receipt =
            if settings.mask { crate::mask::mask_receipt(self.receipt.as_str()) } else { self.receipt.to_string() };
        crate::i18n::W(settings.lang).f(crate::i18n::T::PageTitle, &[&receipt])
    }

    pub fn from_query(query: &str) -> Option<Launch> {
        let mut receipt = None;
        let mut tab = None;
        let mut embedded = false;
        for pair in query.trim_start_matches('?').split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "receipt" => receipt = ReceiptNumber::parse(v).ok().filter(|r| r.as_str() == v),
                "tab" => tab = v.parse::<u32>().ok().map(f64::from),
                "embedded" => embedded = v == "1",
                _ => {}
            }
        }
        Some(Launch { layout: if embedded { Layout::Embedded } else { Layout::Tab }, receipt: receipt?, tab })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewer_pages_know_their_receipt_and_tab() {
        let l = Launch::from_query("?receipt=IOE0912345678&tab=42").unwrap();
        assert_eq!((l.layout, l.receipt.as_str(), l.tab), (Layout::Tab, "IOE0912345678", Some(42.0)));
        assert_eq!(Launch::from_query("?receipt=IOE0912345678&embedded=1").unwrap().layout, Layout::Embedded);
        assert!(Launch::from_query("").is_none());
        for l in [l.clone(), Launch { layout: Layout::Embedded, tab: None, ..l.clone() }] {
            let url = l.url();
            assert_eq!(Launch::from_query(url.trim_start_matches("popup.html")), Some(l), "{url}");
        }
        assert_eq!(l.title(Default::default()), "CaseScope \u{2013} IOE0912345678");
        let masked = super::super::Settings { mask: true, ..Default::default() };
        assert_eq!(
            l.title(masked),
            "CaseScope \u{2013} IOE\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}678"
        );
        assert!(Launch::from_query("?receipt=IOE0912345678%2F..").is_none());
        assert!(Launch::from_query("?receipt=ioe0912345678").is_none());
    }
}
