//! Receipt numbers: parse what a person types or what a page shows, and say
//! which intake system or office the prefix names. (Which block of a page
//! is a case's card is `crate::cards`.)
//!
//! A `ReceiptNumber` can only exist in its canonical form, three upper-case
//! ASCII letters and ten ASCII digits, so no string that reaches URL building
//! can carry a slash, a dot or anything else that would leave the endpoint
//! table's paths.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::codes;

/// A validated receipt number such as `IOE0912345678`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ReceiptNumber(String);

/// Why a typed receipt number was refused, in words for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiptError {
    Empty,
    WrongShape { cleaned: String },
}

impl fmt::Display for ReceiptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReceiptError::Empty => write!(f, "Type a receipt number, for example IOE0912345678."),
            ReceiptError::WrongShape { cleaned } => write!(
                f,
                "\u{201c}{cleaned}\u{201d} is not a receipt number. A receipt number is 3 letters \
                 followed by 10 digits, for example IOE0912345678. You can find it on your \
                 receipt notice (Form I-797C)."
            ),
        }
    }
}

impl std::error::Error for ReceiptError {}

/// Characters people put inside receipt numbers that carry no meaning.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '.' | '_')
}

pub fn is_canonical(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 13 && b[..3].iter().all(u8::is_ascii_uppercase) && b[3..].iter().all(u8::is_ascii_digit)
}

/// The prefix of a receipt number as sent, also of one masked by
/// [`crate::mask`] (`IOE•••••••678`): what it says about the office stays
/// worth showing when the digits are hidden.
pub fn prefix_of(s: &str) -> Option<String> {
    if let Ok(r) = ReceiptNumber::parse(s) {
        return Some(r.prefix().to_string());
    }
    let chars: Vec<char> = s.chars().collect();
    let masked = chars.len() == 13
        && chars[..3].iter().all(char::is_ascii_uppercase)
        && chars[3..].iter().all(|c| c.is_ascii_digit() || *c == crate::mask::DOT)
        && chars[3..].contains(&crate::mask::DOT);
    masked.then(|| s[..3].to_string())
}

/// The endpoints answer reliably only for `IOE` receipts (API-NOTES).
pub fn is_reliable_prefix(prefix: &str) -> bool {
    prefix == "IOE"
}

impl ReceiptNumber {
    /// Parses a receipt number as a person types it: spaces, dashes and lower
    /// case are accepted, anything else is refused with a message.
    pub fn parse(input: &str) -> Result<Self, ReceiptError> {
        let cleaned: String = input.chars().filter(|c| !is_separator(*c)).map(|c| c.to_ascii_uppercase()).collect();
        if cleaned.is_empty() {
            return Err(ReceiptError::Empty);
        }
        if is_canonical(&cleaned) {
            Ok(ReceiptNumber(cleaned))
        } else {
            let shown: String = input.trim().chars().take(40).collect();
            Err(ReceiptError::WrongShape { cleaned: shown })
        }
    }

    /// The canonical text, safe to put in a URL path segment.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The three-letter prefix (`IOE`, `EAC`, ...).
    pub fn prefix(&self) -> &str {
        &self.0[..3]
    }

    /// What the prefix names, from `data/offices.csv`, if known.
    pub fn office(&self) -> Option<&'static codes::Office> {
        codes::office(self.prefix())
    }

    /// The endpoints answer reliably only for `IOE` receipts (API-NOTES).
    pub fn is_reliably_served(&self) -> bool {
        is_reliable_prefix(self.prefix())
    }
}

impl<'de> Deserialize<'de> for ReceiptNumber {
    /// Deserialising validates too, so a message can never smuggle in a path.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if is_canonical(&s) {
            Ok(ReceiptNumber(s))
        } else {
            Err(serde::de::Error::custom("not a canonical receipt number"))
        }
    }
}

impl fmt::Display for ReceiptNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Finds every receipt number in a page's URL and text, in order of first
/// appearance, without duplicates. Only prefixes from the office table are
/// taken, so that ordinary words followed by digits are not mistaken for one;
/// the letters may be in either case, and one space or dash may separate the
/// prefix from the digits (`IOE-0912345678`, `ioe 0912345678`).
pub fn find_in_text(text: &str) -> Vec<ReceiptNumber> {
    let chars: Vec<char> = text.chars().collect();
    let mut found: Vec<ReceiptNumber> = Vec::new();
    let mut i = 0;
    while i + 13 <= chars.len() {
        let starts_word = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        if starts_word && chars[i..i + 3].iter().all(|c| c.is_ascii_alphabetic()) {
            let prefix: String = chars[i..i + 3].iter().map(|c| c.to_ascii_uppercase()).collect();
            if codes::office(&prefix).is_some_and(|o| o.is_receipt_prefix()) {
                let mut j = i + 3;
                if j < chars.len() && (chars[j] == ' ' || chars[j] == '-') {
                    j += 1;
                }
                if j + 10 <= chars.len()
                    && chars[j..j + 10].iter().all(|c| c.is_ascii_digit())
                    && chars.get(j + 10).is_none_or(|c| !c.is_ascii_alphanumeric())
                {
                    let digits: String = chars[j..j + 10].iter().collect();
                    let r = ReceiptNumber(format!("{prefix}{digits}"));
                    if !found.contains(&r) {
                        found.push(r);
                    }
                    i = j + 10;
                    continue;
                }
            }
        }
        i += 1;
    }
    found
}

/// Receipts on a page: those in the URL first (the case the page is about),
/// then those in its text.
pub fn find_on_page(url: &str, text: &str) -> Vec<ReceiptNumber> {
    let mut all = find_in_text(url);
    for r in find_in_text(text) {
        if !all.contains(&r) {
            all.push(r);
        }
    }
    all
}

/// The receipt a page is about, when there is exactly one candidate: the one in
/// the URL, or else the only one in the text.
pub fn page_subject(url: &str, text: &str) -> Option<ReceiptNumber> {
    let in_url = find_in_text(url);
    if in_url.len() == 1 {
        return in_url.into_iter().next();
    }
    let all = find_on_page(url, text);
    if all.len() == 1 {
        all.into_iter().next()
    } else {
        None
    }
}

/// A case as the account page's own case list describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub receipt: ReceiptNumber,
    pub form: Option<String>,
    /// The form's plain title: the page's own, else the forms table's.
    pub form_title: Option<String>,
    pub status: Option<String>,
    /// Listed inside another case's `concurrentCases`, not as a card of its own.
    pub nested: bool,
    /// When it was filed and when USCIS last touched its record, as the
    /// page's data says, placed in the user's calendar.
    pub filed: Option<crate::dates::Local>,
    pub updated: Option<crate::dates::Local>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masked_receipt_keeps_its_prefix_and_nothing_else_passes_for_one() {
        assert_eq!(prefix_of("IOE0912345678").as_deref(), Some("IOE"));
        assert_eq!(prefix_of(&crate::mask::mask_receipt("EAC2190012345")).as_deref(), Some("EAC"));
        for not in [
            "",
            "IOE",
            "IOE\u{2022}\u{2022}",
            "ioe\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}678",
            "\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}",
        ] {
            assert_eq!(prefix_of(not), None, "{not:?}");
        }
        assert!(is_reliable_prefix("IOE") && !is_reliable_prefix("EAC"));
    }

    #[test]
    fn accepts_what_people_type() {
        for s in [
            "IOE0912345678",
            "ioe0912345678",
            " IOE 091 234 5678 ",
            "IOE-0912345678",
            "ioe\u{2013}0912\u{2013}345678",
            "\tIOE0912345678\n",
        ] {
            assert_eq!(ReceiptNumber::parse(s).unwrap().as_str(), "IOE0912345678", "{s:?}");
        }
    }

    #[test]
    fn refuses_wrong_shapes_with_a_message() {
        assert_eq!(ReceiptNumber::parse("  "), Err(ReceiptError::Empty));
        for s in [
            "IOE091234567",
            "IOE09123456789",
            "IO0912345678",
            "123IOE4567890",
            "IOE0912345678/../x",
            "IOE091234567O",
            "ΙΟΕ0912345678",           // Greek capitals that look Latin
            "IOE０９１２３４５６７８", // full-width digits
        ] {
            let e = ReceiptNumber::parse(s).unwrap_err();
            assert!(e.to_string().contains("3 letters"), "{s:?} -> {e}");
        }
    }

    #[test]
    fn prefix_names_the_office() {
        let r = ReceiptNumber::parse("IOE0912345678").unwrap();
        assert_eq!(r.prefix(), "IOE");
        assert!(r.office().unwrap().name.contains("ELIS"));
        assert!(r.is_reliably_served());
        let legacy = ReceiptNumber::parse("LIN2190012345").unwrap();
        assert_eq!(legacy.office().unwrap().name, "Nebraska Service Center");
        assert!(!legacy.is_reliably_served());
        assert!(ReceiptNumber::parse("ZZZ0000000000").unwrap().office().is_none());
    }

    #[test]
    fn deserialising_refuses_non_canonical_text() {
        assert!(serde_json::from_str::<ReceiptNumber>("\"IOE0912345678\"").is_ok());
        for bad in ["\"ioe0912345678\"", "\"IOE0912345678/x\"", "\"../IOE0912345678\"", "1"] {
            assert!(serde_json::from_str::<ReceiptNumber>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn finds_receipts_on_a_page() {
        let text = "Your cases: IOE0912345678 (I-485)\nioe 0887654321 and again IOE0912345678.\n\
                    Not these: XIOE0912345678, IOE09123456789, ABC1234567890, phone 0912345678.\n\
                    Legacy: EAC-2190012345";
        let found: Vec<_> = find_in_text(text).iter().map(|r| r.to_string()).collect();
        assert_eq!(found, ["IOE0912345678", "IOE0887654321", "EAC2190012345"]);
    }

    #[test]
    fn page_subject_prefers_the_url() {
        let url = "https://my.uscis.gov/account/other-page/IOE0912345678";
        let text = "Related: IOE0887654321";
        assert_eq!(page_subject(url, text).unwrap().as_str(), "IOE0912345678");
        assert_eq!(
            find_on_page(url, text).iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            ["IOE0912345678", "IOE0887654321"]
        );
        assert_eq!(page_subject("https://my.uscis.gov/account/applicant", text).unwrap().as_str(), "IOE0887654321");
        assert!(page_subject("https://my.uscis.gov/", "IOE0912345678 IOE0887654321").is_none());
        assert!(page_subject("https://my.uscis.gov/", "nothing here").is_none());
    }
}
