//! Remembering a case's answers, only when the user asks for it, to say
//! what changed since the last look (issue 12's core; pure).
//!
//! A [`CaseHistory`] keeps the copies of a case's four answers that differ
//! (an identical look adds nothing), newest last, at most [`MAX_LOOKS`]; the
//! oldest go first. An answer that could not be read this time is carried
//! forward from the last copy, so a failure never reads as "everything
//! removed". Its stored form is versioned JSON ([`CaseHistory::to_json`],
//! [`CaseHistory::from_json`]); a damaged or foreign record is refused with
//! the reason, never half read. [`changes`] says what changed between two
//! copies, in terms a person follows; [`diff`] has every value.

pub mod changes;
pub mod diff;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::decode::LearnedCode;
use crate::endpoints::Endpoint;
use crate::receipt::ReceiptNumber;

pub use changes::{changes, Change};
pub use diff::{diff, DiffKind, Difference};

/// The name and version of the stored form.
pub const FORMAT: &str = "casescope-history";
pub const VERSION: u32 = 1;
/// Copies kept per case.
pub const MAX_LOOKS: usize = 50;
/// Bytes kept for all cases together (the browser gives an extension's
/// local storage 10 MB).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// Where a case's record is kept in the extension's local storage.
pub const KEY_PREFIX: &str = "history:";

/// The storage key of a case's record.
pub fn key(receipt: &ReceiptNumber) -> String {
    format!("{KEY_PREFIX}{receipt}")
}

/// True for a key [`key`] made.
pub fn is_key(k: &str) -> bool {
    k.starts_with(KEY_PREFIX)
}

/// How to keep a case's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavePlan {
    /// Write these (key, text).
    Write(Vec<(String, String)>),
    /// It does not fit beside the others: read their records, then [`plan_fit`].
    MakeRoom,
}

/// How to keep `case` beside other records of `others_bytes` bytes in all.
pub fn plan_save(case: &CaseHistory, others_bytes: usize) -> SavePlan {
    let this = case.to_json();
    if others_bytes + this.len() <= MAX_BYTES {
        SavePlan::Write(vec![(key(&case.receipt), this)])
    } else {
        SavePlan::MakeRoom
    }
}

/// What to write so that `case` is kept and all cases fit [`MAX_BYTES`]:
/// `others` are the other cases' records as stored (key, text). Only the
/// records that must change are returned (with their new text); a record
/// that cannot be read is left as it is.
pub fn plan_fit(case: &CaseHistory, others: &[(String, String)]) -> Vec<(String, String)> {
    let mut cases: Vec<CaseHistory> = Vec::new();
    let mut unreadable = 0;
    for (_, text) in others {
        match CaseHistory::from_json(text) {
            Ok(c) => cases.push(c),
            Err(_) => unreadable += text.len(),
        }
    }
    cases.push(case.clone());
    let before: Vec<usize> = cases.iter().map(|c| c.looks.len()).collect();
    // The answers' own bytes, with room for what writing them as JSON adds
    // (their quotes are escaped): three quarters of what is left.
    fit(&mut cases, MAX_BYTES.saturating_sub(unreadable) / 4 * 3);
    cases
        .iter()
        .zip(before)
        .filter(|(c, n)| c.receipt == case.receipt || c.looks.len() != *n)
        .map(|(c, _)| (key(&c.receipt), c.to_json()))
        .collect()
}

/// One copy of a case's answers, as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Look {
    /// When CaseScope asked USCIS, ms since 1970 UTC.
    pub at_ms: i64,
    /// The answers that could be read, by endpoint, exactly as sent.
    pub answers: BTreeMap<Endpoint, String>,
    /// Answers that could not be read at this look: the copy kept is the
    /// previous one's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carried: Vec<Endpoint>,
}

impl Look {
    /// Bytes of answers held.
    pub fn size(&self) -> usize {
        self.answers.values().map(String::len).sum()
    }
}

/// What CaseScope remembers of one case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseHistory {
    pub format: String,
    pub version: u32,
    pub receipt: ReceiptNumber,
    /// The last look, also when it added no copy (nothing had changed).
    pub checked_ms: i64,
    /// The look before it (0: there was none): what "since your last look"
    /// means while the last look is on screen.
    #[serde(default)]
    pub previous_ms: i64,
    /// The copies that differ, oldest first.
    pub looks: Vec<Look>,
}

/// Why a stored record was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    /// Not CaseScope's history at all, or not JSON.
    Foreign(String),
    /// Written by a newer CaseScope (this one reads up to [`VERSION`]).
    Newer(u32),
    /// CaseScope's, but damaged: what is wrong.
    Damaged(String),
}

/// What adding a look did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// The first copy of this case.
    First,
    /// A new copy: something differs from the last one.
    Changed,
    /// Nothing differs: no copy added (the time of the look is kept).
    Same,
    /// This look was already counted (an answer reused within seconds, or
    /// one that read nothing): nothing changes.
    Seen,
}

/// What changed since the last look, as the newest look shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Since<'a> {
    /// The first look remembered.
    First,
    /// Nothing changed since the look at `last_ms`.
    Same { last_ms: i64 },
    /// The copy `new` differs from `old`, the one seen at the look at `last_ms`.
    Changed { last_ms: i64, old: &'a Look, new: &'a Look },
}

impl CaseHistory {
    pub fn new(receipt: ReceiptNumber) -> CaseHistory {
        CaseHistory {
            format: FORMAT.into(),
            version: VERSION,
            receipt,
            checked_ms: 0,
            previous_ms: 0,
            looks: Vec::new(),
        }
    }

    /// The newest copy.
    pub fn last(&self) -> Option<&Look> {
        self.looks.last()
    }

    /// Bytes of answers held.
    pub fn size(&self) -> usize {
        self.looks.iter().map(Look::size).sum()
    }

    /// Adds a look at the case: `read` holds each endpoint's answer when it
    /// could be read, `None` when it could not (it is then carried forward
    /// from the last copy). A look that reads nothing adds nothing.
    pub fn add(&mut self, at_ms: i64, read: &[(Endpoint, Option<&str>)]) -> Added {
        if read.iter().all(|(_, body)| body.is_none()) || at_ms <= self.checked_ms {
            return Added::Seen;
        }
        let mut look = Look { at_ms, answers: BTreeMap::new(), carried: Vec::new() };
        for (e, body) in read {
            match body {
                Some(b) => {
                    look.answers.insert(*e, b.to_string());
                }
                None => {
                    if let Some(kept) = self.last().and_then(|l| l.answers.get(e)) {
                        look.answers.insert(*e, kept.clone());
                        look.carried.push(*e);
                    }
                }
            }
        }
        self.previous_ms = self.checked_ms;
        self.checked_ms = at_ms;
        let added = match self.last() {
            None => Added::First,
            Some(l) if l.answers == look.answers => return Added::Same,
            Some(_) => Added::Changed,
        };
        self.looks.push(look);
        if self.looks.len() > MAX_LOOKS {
            self.looks.drain(..self.looks.len() - MAX_LOOKS);
        }
        added
    }

    /// What the newest look shows: the first one, no change, or a change
    /// since the look before (`None` before any look).
    pub fn since(&self) -> Option<Since<'_>> {
        let new = self.looks.last()?;
        if self.previous_ms == 0 {
            return Some(Since::First);
        }
        match self.looks.len().checked_sub(2).map(|i| &self.looks[i]) {
            Some(old) if new.at_ms == self.checked_ms => Some(Since::Changed { last_ms: self.previous_ms, old, new }),
            _ => Some(Since::Same { last_ms: self.previous_ms }),
        }
    }

    /// Drops the oldest copy (to make room); false when none is left.
    pub fn drop_oldest(&mut self) -> bool {
        if self.looks.is_empty() {
            return false;
        }
        self.looks.remove(0);
        true
    }

    /// The stored form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a stored record, refusing what is not one whole.
    pub fn from_json(text: &str) -> Result<CaseHistory, RecordError> {
        /// What a record says it is (everything else skipped, not kept).
        #[derive(Deserialize)]
        struct Header {
            format: Option<serde_json::Value>,
            version: Option<serde_json::Value>,
        }
        let head: Header = serde_json::from_str(text).map_err(|e| RecordError::Foreign(format!("not JSON: {e}")))?;
        if head.format.as_ref().and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(RecordError::Foreign("not a CaseScope history record".into()));
        }
        match head.version.as_ref().and_then(|n| n.as_u64()) {
            Some(n) if n > VERSION as u64 => return Err(RecordError::Newer(n.min(u32::MAX as u64) as u32)),
            Some(n) if n == VERSION as u64 => {}
            _ => return Err(RecordError::Damaged("no version this CaseScope reads".into())),
        }
        let h: CaseHistory = serde_json::from_str(text).map_err(|e| RecordError::Damaged(e.to_string()))?;
        if h.looks.windows(2).any(|w| w[0].at_ms > w[1].at_ms) {
            return Err(RecordError::Damaged("copies out of order".into()));
        }
        Ok(h)
    }
}

/// Keeps every case's history within `max_bytes` in all: the oldest copy of
/// all is dropped first, one at a time, but each case keeps its newest copy
/// (what the next look is compared with). Returns how many were dropped.
pub fn fit(cases: &mut [CaseHistory], max_bytes: usize) -> usize {
    let mut dropped = 0;
    loop {
        let total: usize = cases.iter().map(CaseHistory::size).sum();
        if total <= max_bytes {
            return dropped;
        }
        let oldest = cases
            .iter_mut()
            .filter(|c| c.looks.len() > 1)
            .min_by_key(|c| c.looks.first().map(|l| l.at_ms).unwrap_or(i64::MAX));
        match oldest {
            Some(c) => {
                c.drop_oldest();
                dropped += 1;
            }
            None => return dropped,
        }
    }
}

/// Where the code words learned from the user's cases are kept.
pub const LEARNED_KEY: &str = "learned-codes";

/// The code words a case teaches (from its newest copy's status answer):
/// each action code USCIS paired with its status title, where it was
/// learned being the case's receipt, masked.
pub fn learned_from(case: &CaseHistory) -> Vec<LearnedCode> {
    let Some(status) = case.last().and_then(|l| l.answers.get(&Endpoint::Status)) else { return Vec::new() };
    let Ok(v) = serde_json::from_str::<serde_json::Value>(status) else { return Vec::new() };
    let data = v.get("data").unwrap_or(&v);
    let receipt = crate::mask::mask_receipt(case.receipt.as_str());
    let text =
        |o: &serde_json::Value, k: &str| o.get(k)?.as_str().map(str::trim).filter(|s| !s.is_empty()).map(String::from);
    let mut out: Vec<LearnedCode> = Vec::new();
    let current = (text(data, "currentActionCode"), text(data, "statusTitle"), text(data, "statusTitleSpanish"));
    let history = data.get("historicalCaseStatuses").and_then(|h| h.as_array()).into_iter().flatten();
    let pairs = std::iter::once(current)
        .chain(history.map(|h| (text(h, "actionCode"), text(h, "statusTitle"), text(h, "statusTitleSpanish"))));
    for (code, title, title_es) in pairs {
        if let (Some(code), Some(title)) = (code, title) {
            if !out.iter().any(|l| l.code == code) {
                out.push(LearnedCode { code, title, title_es, receipt: receipt.clone() });
            }
        }
    }
    out
}

/// `list` with what `case` teaches: its own earlier entries replaced, a
/// code already learned from another case kept as it was.
pub fn learn_into(list: &mut Vec<LearnedCode>, case: &CaseHistory) {
    let receipt = crate::mask::mask_receipt(case.receipt.as_str());
    list.retain(|l| l.receipt != receipt);
    for l in learned_from(case) {
        if !list.iter().any(|x| x.code == l.code) {
            list.push(l);
        }
    }
}

/// What all these cases teach, in order ([`learn_into`] each).
pub fn learned_all(cases: &[CaseHistory]) -> Vec<LearnedCode> {
    let mut list = Vec::new();
    for c in cases {
        learn_into(&mut list, c);
    }
    list
}

/// Reads the stored list (anything unreadable is an empty list: it is
/// rebuilt from the cases).
pub fn learned_list(text: Option<&str>) -> Vec<LearnedCode> {
    text.and_then(|t| serde_json::from_str(t).ok()).unwrap_or_default()
}

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
    h.looks.sort_by_key(|l| l.at_ms);
    if h.looks.len() > MAX_LOOKS {
        h.looks.drain(..h.looks.len() - MAX_LOOKS);
    }
    h.previous_ms = h.previous_ms.max(other.previous_ms).min(h.checked_ms.max(other.checked_ms));
    h.checked_ms = h.checked_ms.max(other.checked_ms);
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

    fn r() -> ReceiptNumber {
        ReceiptNumber::parse("IOE0912345678").unwrap()
    }

    #[test]
    fn only_copies_that_differ_are_kept_and_failures_carry_the_last_copy_forward() {
        let mut h = CaseHistory::new(r());
        assert_eq!(
            h.add(1, &[(Endpoint::Case, Some("{\"a\":1}")), (Endpoint::Status, Some("{\"s\":1}"))]),
            Added::First
        );
        assert_eq!(
            h.add(2, &[(Endpoint::Case, Some("{\"a\":1}")), (Endpoint::Status, Some("{\"s\":1}"))]),
            Added::Same
        );
        assert_eq!((h.looks.len(), h.checked_ms), (1, 2), "the look is remembered, not a copy");
        // Status could not be read: its last copy stands in, and nothing changed.
        assert_eq!(h.add(3, &[(Endpoint::Case, Some("{\"a\":1}")), (Endpoint::Status, None)]), Added::Same);
        assert_eq!(h.add(4, &[(Endpoint::Case, Some("{\"a\":2}")), (Endpoint::Status, None)]), Added::Changed);
        let last = h.last().unwrap();
        assert_eq!(last.answers[&Endpoint::Status], "{\"s\":1}");
        assert_eq!(last.carried, [Endpoint::Status]);
        assert_eq!(h.add(5, &[(Endpoint::Case, None), (Endpoint::Status, None)]), Added::Seen, "signed out");
        assert_eq!(h.add(4, &[(Endpoint::Case, Some("{\"a\":3}"))]), Added::Seen, "a reused answer, counted");
        assert_eq!(h.looks.len(), 2);
    }

    #[test]
    fn since_the_last_look_is_what_the_newest_look_shows() {
        let mut h = CaseHistory::new(r());
        assert_eq!(h.since(), None);
        h.add(10, &[(Endpoint::Case, Some("{\"a\":1}"))]);
        assert_eq!(h.since(), Some(Since::First));
        h.add(20, &[(Endpoint::Case, Some("{\"a\":1}"))]);
        assert_eq!(h.since(), Some(Since::Same { last_ms: 10 }));
        h.add(30, &[(Endpoint::Case, Some("{\"a\":2}"))]);
        let Some(Since::Changed { last_ms: 20, old, new }) = h.since() else { panic!("{:?}", h.since()) };
        assert_eq!((old.at_ms, new.at_ms), (10, 30));
        // The same look shown again (a reused answer) says the same.
        h.add(30, &[(Endpoint::Case, Some("{\"a\":2}"))]);
        assert!(matches!(h.since(), Some(Since::Changed { last_ms: 20, .. })));
        h.add(40, &[(Endpoint::Case, Some("{\"a\":2}"))]);
        assert_eq!(h.since(), Some(Since::Same { last_ms: 30 }));
    }

    #[test]
    fn at_most_fifty_copies_per_case_oldest_dropped_first() {
        let mut h = CaseHistory::new(r());
        for n in 0..60 {
            h.add(n, &[(Endpoint::Case, Some(&format!("{{\"n\":{n}}}")))]);
        }
        assert_eq!(h.looks.len(), MAX_LOOKS);
        assert_eq!(h.looks[0].at_ms, 10);
    }

    #[test]
    fn all_cases_fit_the_budget_each_keeping_its_newest_copy() {
        let mut a = CaseHistory::new(r());
        let mut b = CaseHistory::new(ReceiptNumber::parse("IOE0887654321").unwrap());
        for n in 0..5 {
            a.add(n + 1, &[(Endpoint::Case, Some(&"x".repeat(100 + n as usize)))]);
            b.add(n + 10, &[(Endpoint::Case, Some(&"y".repeat(100 + n as usize)))]);
        }
        let mut cases = [a, b];
        let dropped = fit(&mut cases, 450);
        assert!(cases.iter().map(CaseHistory::size).sum::<usize>() <= 450);
        assert_eq!(cases[0].looks.len() + cases[1].looks.len(), 10 - dropped);
        assert!(cases[1].looks.len() >= cases[0].looks.len(), "a's copies are older: they go first");
        let before: usize = cases.iter().map(|c| c.looks.len()).sum();
        assert_eq!(fit(&mut cases, 0), before - 2);
        assert!(cases.iter().all(|c| c.looks.len() == 1), "each keeps its newest copy");
    }

    #[test]
    fn a_save_writes_this_case_and_only_what_must_shrink() {
        let mut a = CaseHistory::new(r());
        a.add(1, &[(Endpoint::Case, Some("{}"))]);
        assert_eq!(plan_save(&a, 0), SavePlan::Write(vec![(key(&r()), a.to_json())]));
        assert!(is_key(&key(&r())) && !is_key("casescope-theme"));
        // Another case fills almost everything: its oldest copies make room.
        let big = "x".repeat(MAX_BYTES / 3);
        let mut b = CaseHistory::new(ReceiptNumber::parse("IOE0887654321").unwrap());
        for n in 0..3 {
            b.add(n + 1, &[(Endpoint::Case, Some(&format!("{big}{n}")))]);
        }
        let others = [(key(&b.receipt), b.to_json()), ("history:junk".into(), "{".into())];
        assert_eq!(plan_save(&a, others.iter().map(|(_, t)| t.len()).sum()), SavePlan::MakeRoom);
        let plan = plan_fit(&a, &others);
        assert_eq!(plan.len(), 2, "{:?}", plan.iter().map(|(k, t)| (k, t.len())).collect::<Vec<_>>());
        let b_after = CaseHistory::from_json(&plan.iter().find(|(k, _)| *k == key(&b.receipt)).unwrap().1).unwrap();
        assert!(b_after.looks.len() < 3 && b_after.looks.last() == b.looks.last());
        assert!(plan.iter().map(|(_, t)| t.len()).sum::<usize>() <= MAX_BYTES);
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
    fn a_case_teaches_the_codes_uscis_paired_with_its_titles() {
        let status = include_str!("../../tests/fixtures/i485-pending/case_status.json");
        let mut a = CaseHistory::new(r());
        a.add(1, &[(Endpoint::Status, Some(status))]);
        let learned = learned_from(&a);
        let codes: Vec<(&str, &str)> = learned.iter().map(|l| (l.code.as_str(), l.title.as_str())).collect();
        assert_eq!(
            codes,
            [
                ("FTA0", "Case Is Being Actively Reviewed By USCIS"),
                ("IMAG", "Biometrics Appointment Was Scheduled"),
                ("IAF", "Case Was Received")
            ]
        );
        assert_eq!(learned[0].receipt, "IOE\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}678");
        assert_eq!(learned[1].title_es.as_deref(), Some("Se Program\u{f3} la Cita de Datos Biom\u{e9}tricos"));
        // Into a list: another case's word for a code stays; this case's own are replaced.
        let mut list = vec![LearnedCode {
            code: "FTA0".into(),
            title: "x".into(),
            title_es: None,
            receipt: "IOE\u{2022}321".into(),
        }];
        learn_into(&mut list, &a);
        learn_into(&mut list, &a);
        assert_eq!(list.len(), 3);
        assert_eq!(list[0].title, "x");
        assert_eq!(learned_list(Some("not json")), []);
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

    #[test]
    fn the_stored_form_reads_back_and_refuses_what_is_not_whole() {
        let mut h = CaseHistory::new(r());
        h.add(1, &[(Endpoint::Case, Some("{\"a\": 1.10}")), (Endpoint::Documents, Some("<html>"))]);
        h.add(2, &[(Endpoint::Case, Some("{\"a\": 1.1}")), (Endpoint::Documents, None)]);
        let text = h.to_json();
        assert_eq!(CaseHistory::from_json(&text), Ok(h.clone()));
        assert!(text.starts_with("{\"format\":\"casescope-history\",\"version\":1,"), "{text}");
        let newer = text.replace("\"version\":1", "\"version\":7");
        assert_eq!(CaseHistory::from_json(&newer), Err(RecordError::Newer(7)));
        for foreign in ["", "[]", "{\"format\":\"other\"}", "{\"looks\":[]}"] {
            assert!(matches!(CaseHistory::from_json(foreign), Err(RecordError::Foreign(_))), "{foreign:?}");
        }
        let damaged = [
            text.replace("\"receipt\":\"IOE0912345678\"", "\"receipt\":\"../x\""),
            text.replace("\"at_ms\":2", "\"at_ms\":0"),
            text.replace("\"looks\":[", "\"extra\":1,\"looks\":["),
            text.replace("\"version\":1", "\"version\":0"),
        ];
        for d in damaged {
            assert!(matches!(CaseHistory::from_json(&d), Err(RecordError::Damaged(_))), "{d}");
        }
    }
}
