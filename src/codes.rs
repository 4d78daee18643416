//! Lookup tables baked in from `data/*.csv` at compile time (see
//! `data/SOURCES.md` for where each comes from and how far to trust it).
//!
//! Labels never stand alone: every lookup says which table it came from, so
//! the user can tell USCIS's own words from an internal description or a
//! community observation.

use std::collections::HashMap;
use std::sync::OnceLock;

const NIEM_CSV: &str = include_str!("../data/event-codes-niem.csv");
const OBSERVED_CSV: &str = include_str!("../data/observed-codes.csv");
const FORMS_CSV: &str = include_str!("../data/forms.csv");
const OFFICES_CSV: &str = include_str!("../data/offices.csv");

/// Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into rows,
/// skipping the header line.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    if !rows.is_empty() {
        rows.remove(0); // the header
    }
    rows.retain(|r| !(r.len() == 1 && r[0].is_empty()));
    rows
}

fn col(row: &[String], i: usize) -> String {
    row.get(i).cloned().unwrap_or_default()
}

/// How strong the evidence behind a community-table meaning is.
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
#[derive(Debug, Clone)]
pub struct ObservedCode {
    pub meaning: String,
    pub evidence: Evidence,
    pub note: String,
}

/// One row of `offices.csv`.
#[derive(Debug, Clone)]
pub struct Office {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub note: String,
}

impl Office {
    pub fn is_receipt_prefix(&self) -> bool {
        self.kind.contains("receipt prefix")
    }
}

struct Tables {
    niem: HashMap<String, String>,
    observed: HashMap<String, ObservedCode>,
    forms: HashMap<String, String>,
    offices: HashMap<String, Office>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| Tables {
        niem: parse_csv(NIEM_CSV).into_iter().map(|r| (col(&r, 0), col(&r, 1))).collect(),
        observed: parse_csv(OBSERVED_CSV)
            .into_iter()
            .map(|r| {
                let evidence = match col(&r, 2).as_str() {
                    "observed" => Evidence::Observed,
                    "disputed" => Evidence::Disputed,
                    _ => Evidence::Community,
                };
                (col(&r, 0), ObservedCode { meaning: col(&r, 1), evidence, note: col(&r, 3) })
            })
            .collect(),
        forms: parse_csv(FORMS_CSV).into_iter().map(|r| (col(&r, 0).to_ascii_uppercase(), col(&r, 1))).collect(),
        offices: parse_csv(OFFICES_CSV)
            .into_iter()
            .map(|r| {
                let o = Office { code: col(&r, 0), name: col(&r, 1), kind: col(&r, 2), note: col(&r, 3) };
                (o.code.clone(), o)
            })
            .collect(),
    })
}

/// Reads the tables now rather than at the first lookup: a few milliseconds
/// in WebAssembly, which the popup spends while it waits for USCIS's answer
/// instead of after it.
pub fn warm() {
    let _ = tables();
}

/// USCIS's internal description of a history action code from the NIEM table.
pub fn niem(code: &str) -> Option<&'static str> {
    tables().niem.get(code).map(String::as_str)
}

/// What is known about a code seen on live cases.
pub fn observed(code: &str) -> Option<&'static ObservedCode> {
    tables().observed.get(code)
}

/// The official title of a form (`I-765`), if listed.
pub fn form_title(form: &str) -> Option<&'static str> {
    tables().forms.get(&form.trim().to_ascii_uppercase()).map(String::as_str)
}

/// A receipt prefix or office code (`IOE`, `NSC`).
pub fn office(code: &str) -> Option<&'static Office> {
    tables().offices.get(code)
}

/// Number of rows in the NIEM table (492 as published).
pub fn niem_len() -> usize {
    tables().niem.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_handles_quotes_commas_and_crlf() {
        let rows = parse_csv("a,b\r\nx,\"RECEIVED, FEE WAIVED\"\r\n\"say \"\"hi\"\"\",\n");
        assert_eq!(
            rows,
            vec![vec!["x".to_string(), "RECEIVED, FEE WAIVED".into()], vec!["say \"hi\"".into(), "".into()]]
        );
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
