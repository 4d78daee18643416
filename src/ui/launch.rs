//! Where the CaseScope UI runs, and how a viewer page is opened:
//! `popup.html?receipt=R&tab=ID` (a tab) or `popup.html?receipt=R&embedded=1`
//! (the frame over the case page), `popup.html?receipt=R&print=1` (the
//! printable record, in a tab). The toolbar popup has no query.

use crate::receipt::ReceiptNumber;

/// Where the CaseScope UI is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// The toolbar popup.
    #[default]
    Popup,
    /// A full extension tab ("Open in a tab").
    Tab,
    /// Over the my.uscis.gov case page, in an extension frame.
    Embedded,
    /// The printable record of a case, in a tab ("Print / save as PDF").
    Print,
}

impl Layout {
    /// The `data-layout` of the page (`None` for the toolbar popup).
    pub fn key(self) -> Option<&'static str> {
        match self {
            Layout::Popup => None,
            Layout::Tab => Some("tab"),
            Layout::Embedded => Some("embedded"),
            Layout::Print => Some("print"),
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
        match self.layout {
            Layout::Embedded => url.push_str("&embedded=1"),
            Layout::Print => url.push_str("&print=1"),
            Layout::Popup | Layout::Tab => {}
        }
        if let Some(tab) = self.tab {
            // A tab id is a whole number.
            url.push_str(&format!("&tab={}", tab as u32));
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
        let mut layout = Layout::Tab;
        for pair in query.trim_start_matches('?').split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "receipt" => receipt = ReceiptNumber::parse(v).ok().filter(|r| r.as_str() == v),
                "tab" => tab = v.parse::<u32>().ok().map(f64::from),
                "embedded" if v == "1" => layout = Layout::Embedded,
                "print" if v == "1" => layout = Layout::Print,
                _ => {}
            }
        }
        Some(Launch { layout, receipt: receipt?, tab })
    }

    /// Whether this viewer page reads the my.uscis.gov page's own copy of
    /// the case before any answer: the frame over the page (its own tab,
    /// relayed in Firefox), and a tab opened from a my.uscis.gov tab; never
    /// the printable record, which prints what USCIS answered.
    pub fn reads_page(&self, tab: Option<f64>) -> bool {
        match self.layout {
            Layout::Embedded => true,
            Layout::Tab => tab.is_some(),
            Layout::Popup | Layout::Print => false,
        }
    }

    /// The settings this page runs with: the user's, except that a printed
    /// record is always light (paper is white; a dark page wastes ink).
    pub fn settings(&self, saved: super::Settings) -> super::Settings {
        match self.layout {
            Layout::Print => super::Settings { theme: super::Theme::Light, ..saved },
            _ => saved,
        }
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
        assert_eq!(Launch::from_query("?receipt=IOE0912345678&tab=7&print=1").unwrap().layout, Layout::Print);
        for l in [
            l.clone(),
            Launch { layout: Layout::Embedded, tab: None, ..l.clone() },
            Launch { layout: Layout::Print, ..l.clone() },
        ] {
            let url = l.url();
            assert_eq!(Launch::from_query(url.trim_start_matches("popup.html")), Some(l), "{url}");
        }
        assert_eq!(l.title(Default::default()), "CaseScope \u{2013} IOE0912345678");
        let masked = super::super::Settings { mask: true, ..Default::default() };
        assert_eq!(
            l.title(masked),
            "CaseScope \u{2013} IOE\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}678"
        );
        // The frame and a tab opened from the page read the page's own copy; the printed record never.
        assert!(Launch { layout: Layout::Embedded, tab: None, ..l.clone() }.reads_page(None));
        assert!(l.reads_page(Some(42.0)) && !l.reads_page(None));
        assert!(!Launch { layout: Layout::Print, ..l.clone() }.reads_page(Some(42.0)));
        assert!(Launch::from_query("?receipt=IOE0912345678%2F..").is_none());
        assert!(Launch::from_query("?receipt=ioe0912345678").is_none());
    }

    #[test]
    fn a_printed_record_is_light_whatever_the_theme() {
        use super::super::{Settings, Theme};
        let dark = Settings { theme: Theme::Dark, mask: true, ..Default::default() };
        let l = Launch::from_query("?receipt=IOE0912345678&print=1").unwrap();
        assert_eq!(l.settings(dark), Settings { theme: Theme::Light, ..dark });
        let tab = Launch { layout: Layout::Tab, ..l };
        assert_eq!(tab.settings(dark), dark);
    }
}
