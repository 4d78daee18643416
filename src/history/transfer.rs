//! A history file: every kept case as one JSON file to keep or to import on
//! another computer; read whole or not at all, and merged with what is kept.

use super::{fit, is_key, key, CaseHistory, RecordError, KEY_PREFIX, MAX_BYTES, MAX_LOOKS, VERSION};
use crate::receipt::ReceiptNumber;

/// The name of an exported history file's format.
pub const EXPORT_FORMAT: &str = "casescope-history-export";
/// A larger file is not read.
pub const MAX_IMPORT_BYTES: usize = 32 * 1024 * 1024;

/// Why a history file was not imported (nothing was changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    TooLarge(usize),
    NotJson(String),
    /// Not a CaseScope history file.
    Foreign,
    /// Made by a newer CaseScope.
    Newer(u32),
    /// One case in it is damaged: which (receipt as written, or its place) and why.
    BadCase(String, String),
    /// The same case twice.
    Duplicate(String),
    /// No case in it.
    Empty,
}

/// Every case's record, as one file to keep or to import elsewhere.
pub fn export_json(cases: &[CaseHistory], now_ms: i64) -> String {
    let cases: Vec<serde_json::Value> = cases.iter().filter_map(|c| serde_json::from_str(&c.to_json()).ok()).collect();
    let doc = serde_json::json!({
        "format": EXPORT_FORMAT, "version": VERSION, "exported_at_ms": now_ms, "cases": cases,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// Reads a history file, whole or not at all: every case in it must be a
/// record this CaseScope reads, each receipt once.
pub fn import_json(text: &str) -> Result<Vec<CaseHistory>, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge(MAX_IMPORT_BYTES));
    }
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| ImportError::NotJson(e.to_string()))?;
    if v.get("format").and_then(|f| f.as_str()) != Some(EXPORT_FORMAT) {
        return Err(ImportError::Foreign);
    }
    match v.get("version").and_then(|n| n.as_u64()) {
        Some(n) if n > VERSION as u64 => return Err(ImportError::Newer(n.min(u32::MAX as u64) as u32)),
        Some(n) if n == VERSION as u64 => {}
        _ => return Err(ImportError::Foreign),
    }
    let Some(list) = v.get("cases").and_then(|c| c.as_array()) else { return Err(ImportError::Foreign) };
    let mut out: Vec<CaseHistory> = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let which =
            c.get("receipt").and_then(|r| r.as_str()).map(str::to_string).unwrap_or_else(|| format!("#{}", i + 1));
        let case = CaseHistory::from_json(&c.to_string()).map_err(|e| {
            let why = match e {
                RecordError::Foreign(w) | RecordError::Damaged(w) => w,
                RecordError::Newer(n) => format!("version {n}"),
            };
            ImportError::BadCase(which.chars().take(40).collect(), why)
        })?;
        if out.iter().any(|o| o.receipt == case.receipt) {
            return Err(ImportError::Duplicate(case.receipt.to_string()));
        }
        out.push(case);
    }
    if out.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(out)
}

/// A case's record with another's copies added (an import): every copy of
/// both, by time, the same time once; at most [`MAX_LOOKS`], newest kept.
pub fn merge(kept: Option<CaseHistory>, other: CaseHistory) -> CaseHistory {
    let Some(mut h) = kept else { return other };
    for look in other.looks {
        if !h.looks.iter().any(|l| l.at_ms == look.at_ms) {
            h.looks.push(look);
        }
    }
    crate::order::sort_by_key(&mut h.looks, |l| l.at_ms);
    if h.looks.len() > MAX_LOOKS {
        h.looks.drain(..h.looks.len() - MAX_LOOKS);
    }
    h.previous_ms = h.previous_ms.max(other.previous_ms).min(h.checked_ms.max(other.checked_ms));
    h.checked_ms = h.checked_ms.max(other.checked_ms);
    // The name given here stays; an imported one fills a case with none.
    h.nickname = h.nickname.or(other.nickname);
    h
}

/// What to write to import `imported` next to the records stored now
/// (key, text): each imported case merged with the one kept here, and all
/// cases within [`MAX_BYTES`]. Refused whole, with the reason, when a case
/// it would merge with cannot be read here.
pub fn plan_import(
    stored: &[(String, String)],
    imported: Vec<CaseHistory>,
) -> Result<Vec<(String, String)>, ImportError> {
    let mut cases: Vec<CaseHistory> = Vec::new();
    let mut unreadable = 0;
    for (k, text) in stored.iter().filter(|(k, _)| is_key(k)) {
        match CaseHistory::from_json(text) {
            Ok(c) => cases.push(c),
            Err(_) if imported.iter().any(|i| key(&i.receipt) == *k) => {
                let receipt = k.trim_start_matches(KEY_PREFIX).to_string();
                return Err(ImportError::BadCase(receipt, "the copy kept here cannot be read; erase it first".into()));
            }
            Err(_) => unreadable += text.len(),
        }
    }
    let mut touched = Vec::new();
    for other in imported {
        touched.push(other.receipt.clone());
        match cases.iter().position(|c| c.receipt == other.receipt) {
            Some(i) => {
                let here = cases.remove(i);
                cases.push(merge(Some(here), other));
            }
            None => cases.push(other),
        }
    }
    let before: Vec<(ReceiptNumber, usize)> = cases.iter().map(|c| (c.receipt.clone(), c.looks.len())).collect();
    fit(&mut cases, MAX_BYTES.saturating_sub(unreadable) / 4 * 3);
    Ok(cases
        .iter()
        .filter(|c| touched.contains(&c.receipt) || before.iter().any(|(r, n)| *r == c.receipt && *n != c.looks.len()))
        .map(|c| (key(&c.receipt), c.to_json()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoints::Endpoint;

    fn r() -> ReceiptNumber {
        ReceiptNumber::parse("IOE0912345678").unwrap()
    }

    #[test]
    fn an_export_imports_back_the_same_and_a_bad_file_is_refused_whole() {
        let mut a = CaseHistory::new(r());
        a.add(1, &[(Endpoint::Case, Some("{\"a\": 1.10}"))]);
        a.add(2, &[(Endpoint::Case, Some("{\"a\": 2}"))]);
        let mut b = CaseHistory::new(ReceiptNumber::parse("IOE0887654321").unwrap());
        b.add(5, &[(Endpoint::Status, Some("<html>"))]);
        let file = export_json(&[a.clone(), b.clone()], 99);
        assert_eq!(import_json(&file), Ok(vec![a.clone(), b.clone()]));
        let bad = [
            ("{", "not JSON"),
            ("{\"format\": \"casescope-history\"}", "foreign"),
            (&*file.replace("\"version\": 1", "\"version\": 3"), "newer"),
            (&*file.replace("IOE0887654321", "IOE0887654321/../x"), "bad receipt"),
            (&*file.replace("IOE0887654321", "IOE0912345678"), "twice"),
            (&*file.replace("\"at_ms\": 2", "\"at_ms\": \"2\""), "bad copy"),
            ("{\"format\": \"casescope-history-export\", \"version\": 1, \"cases\": []}", "empty"),
        ];
        let want = [
            "NotJson",
            "Foreign",
            "Newer(3)",
            "BadCase(\"IOE0887654321/../x\"",
            "Duplicate(\"IOE0912345678\")",
            "BadCase(\"IOE0912345678\"",
            "Empty",
        ];
        for ((text, what), want) in bad.iter().zip(want) {
            let e = import_json(text).expect_err(what);
            assert!(format!("{e:?}").starts_with(want), "{what}: {e:?}");
        }
        assert_eq!(import_json(&" ".repeat(MAX_IMPORT_BYTES + 1)), Err(ImportError::TooLarge(MAX_IMPORT_BYTES)));
    }

    #[test]
    fn an_import_is_planned_next_to_what_is_kept_or_refused_whole() {
        let mut here = CaseHistory::new(r());
        here.add(10, &[(Endpoint::Case, Some("{\"a\": 1}"))]);
        let mut there = CaseHistory::new(r());
        there.add(20, &[(Endpoint::Case, Some("{\"a\": 2}"))]);
        let other = CaseHistory::new(ReceiptNumber::parse("IOE0887654321").unwrap());
        let stored = [
            (key(&r()), here.to_json()),
            ("casescope-x".into(), "{".into()),
            ("history:IOE0000000001".into(), "{".into()),
        ];
        let plan = plan_import(&stored, vec![there.clone(), other.clone()]).unwrap();
        assert_eq!(plan.len(), 2);
        let merged = CaseHistory::from_json(&plan[0].1).unwrap();
        assert_eq!(merged.looks.len(), 2);
        // A damaged copy of an imported case here: nothing is written.
        let damaged = [(key(&r()), "{".to_string())];
        assert!(matches!(plan_import(&damaged, vec![there]), Err(ImportError::BadCase(_, _))));
    }

    #[test]
    fn an_import_adds_the_copies_a_case_did_not_have() {
        let mut here = CaseHistory::new(r());
        here.add(10, &[(Endpoint::Case, Some("{\"a\": 1}"))]);
        here.add(30, &[(Endpoint::Case, Some("{\"a\": 3}"))]);
        let mut there = CaseHistory::new(r());
        there.add(10, &[(Endpoint::Case, Some("{\"a\": 1}"))]);
        there.add(20, &[(Endpoint::Case, Some("{\"a\": 2}"))]);
        let m = merge(Some(here), there.clone());
        assert_eq!(m.looks.iter().map(|l| l.at_ms).collect::<Vec<_>>(), [10, 20, 30]);
        assert_eq!(m.checked_ms, 30);
        assert_eq!(merge(None, there.clone()), there);
    }
}
