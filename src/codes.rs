//! Lookup tables baked in from `data/*.csv` at compile time (see
//! `data/SOURCES.md` for where each comes from and how far to trust it).
//!
//! Labels never stand alone: every lookup says which table it came from, so
//! the user can tell USCIS's own words from an internal description or a
//! community observation.

// The tables, written by build.rs from data/*.csv, sorted by key.
include!(concat!(env!("OUT_DIR"), "/tables.rs"));

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// Paired with USCIS's own text or seen on live data.
    Observed,
    /// Repeated by users, never paired with USCIS's text.
    Community,
    /// Sources disagree.
    Disputed,
}

impl Evidence {
    pub fn describe(self) -> &'static str {
        match self {
            Evidence::Observed => "observed on live cases",
            Evidence::Community => "reported by users, not confirmed",
            Evidence::Disputed => "meaning disputed",
        }
    }
}

/// One row of `observed-codes.csv`.
/// What is known about a code seen on live cases.
#[derive(Debug, Clone)]
pub struct ObservedCode {
    pub meaning: &'static str,
    pub evidence: Evidence,
    pub note: &'static str,
}

/// An office or receipt prefix.
#[derive(Debug, Clone)]
pub struct Office {
    pub code: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    pub note: &'static str,
}

impl Office {
    pub fn is_receipt_prefix(&self) -> bool {
        self.kind.contains("receipt prefix")
    }
}

fn find<T>(table: &'static [(&'static str, T)], key: &str) -> Option<&'static T> {
    table.binary_search_by(|(k, _)| (*k).cmp(key)).ok().map(|i| &table[i].1)
}

/// The NIEM description of an event code, verbatim.
pub fn niem(code: &str) -> Option<&'static str> {
    find(NIEM, code).copied()
}

/// What is known about a code seen on live cases.
pub fn observed(code: &str) -> Option<&'static ObservedCode> {
    find(OBSERVED, code)
}

/// The official title of a form (`I-765`), if listed.
pub fn form_title(form: &str) -> Option<&'static str> {
    find(FORMS, &form.trim().to_ascii_uppercase()).copied()
}

/// A receipt prefix or office code (`IOE`, `NSC`).
pub fn office(code: &str) -> Option<&'static Office> {
    find(OFFICES, code)
}

/// Number of rows in the NIEM table (492 as published).
pub fn niem_len() -> usize {
    NIEM.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tables build.rs wrote hold every row of the CSV files, each
    /// found by its key (of repeated keys, the last row).
    #[test]
    fn every_row_of_the_data_files_is_found() {
        let rows = |text: &str| crate::csv::parse_csv(text);
        for r in rows(include_str!("../data/event-codes-niem.csv")).iter().rev() {
            assert!(niem(&r[0]).is_some(), "{r:?}");
        }
        for r in rows(include_str!("../data/observed-codes.csv")) {
            assert_eq!(observed(&r[0]).map(|o| o.meaning), Some(r[1].as_str()), "{r:?}");
        }
        for r in rows(include_str!("../data/forms.csv")) {
            assert!(form_title(&r[0]).is_some(), "{r:?}");
        }
        for r in rows(include_str!("../data/offices.csv")) {
            assert_eq!(office(&r[0]).map(|o| o.name), Some(r[1].as_str()), "{r:?}");
        }
    }

    #[test]
    fn niem_table_is_complete_and_verbatim() {
        assert_eq!(niem_len(), 492);
        assert_eq!(niem("ABA"), Some("RECEIVED, FEE WAIVED"));
        assert_eq!(niem("MA96"), Some("OCR-B FIELD MISSING(BLANK)"));
        assert_eq!(niem("FTA0"), Some("DATABASE CHECKS RECEIVED"));
        assert_eq!(niem("SA"), None);
    }

    #[test]
    fn observed_codes_carry_their_evidence() {
        assert_eq!(observed("SA").unwrap().evidence, Evidence::Observed);
        assert_eq!(observed("H008").unwrap().evidence, Evidence::Disputed);
        assert_eq!(observed("H001").unwrap().evidence, Evidence::Community);
        assert!(observed("NOPE").is_none());
    }

    #[test]
    fn forms_and_offices() {
        assert_eq!(form_title("i-765"), Some("Application for Employment Authorization"));
        assert!(form_title("I-485J").is_some());
        assert_eq!(office("NBC").unwrap().name, "National Benefits Center");
        assert!(office("IOE").unwrap().is_receipt_prefix());
    }
}
