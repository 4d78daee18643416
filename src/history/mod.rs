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
pub mod learned;
pub mod transfer;

use serde::{Deserialize, Serialize};

use crate::endpoints::Endpoint;
use crate::receipt::ReceiptNumber;

pub use changes::{changes, Change};
pub use diff::{diff, DiffKind, Difference};
pub use learned::{learn_into, learned_all, learned_from, learned_list, LEARNED_KEY};
pub use transfer::{export_json, import_json, merge, plan_import, ImportError, EXPORT_FORMAT, MAX_IMPORT_BYTES};

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
/// Kept (as `"on"`) while the user has said yes to remembering, so that
/// the background, which cannot read the extension pages' own storage, sets
/// the toolbar badge on a page view only then. Not a case record.
pub const REMEMBERING_KEY: &str = "remembering";

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

/// What saving a case did: the bytes now kept for all cases, and how many
/// of the oldest copies were let go to make room (said to the user).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Saved {
    pub all_bytes: usize,
    pub dropped: usize,
}

/// What to write so that `case` is kept and all cases fit [`MAX_BYTES`]:
/// `others` are the other cases' records as stored (key, text). Only the
/// records that must change are returned (with their new text), and how
/// many copies were dropped; a record that cannot be read is left as it is.
pub fn plan_fit(case: &CaseHistory, others: &[(String, String)]) -> (Vec<(String, String)>, usize) {
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
    let dropped = fit(&mut cases, MAX_BYTES.saturating_sub(unreadable) / 4 * 3);
    let writes = cases
        .iter()
        .zip(before)
        .filter(|(c, n)| c.receipt == case.receipt || c.looks.len() != *n)
        .map(|(c, _)| (key(&c.receipt), c.to_json()))
        .collect();
    (writes, dropped)
}

/// One copy of a case's answers, as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Look {
    /// When CaseScope asked USCIS, ms since 1970 UTC.
    pub at_ms: i64,
    /// The answers that could be read, by endpoint, exactly as sent.
    pub answers: Answers,
    /// Answers that could not be read at this look: the copy kept is the
    /// previous one's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carried: Vec<Endpoint>,
}

/// A look's answers by endpoint, in the endpoints' order, stored as a JSON
/// object (`{"case": "…", "status": "…"}`).
pub type Answers = crate::order::SortedMap<Endpoint, String>;

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
    /// The name the user gave the case, shown with its receipt
    /// ([`clean_nickname`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nickname: Option<String>,
}

/// A name for a case is at most this many characters.
pub const MAX_NICKNAME: usize = 40;

/// A name the user typed for a case, as kept: trimmed, inner runs of blanks
/// made one space, at most [`MAX_NICKNAME`] characters; `None` when nothing
/// is left (the name is removed) or when it holds control characters.
pub fn clean_nickname(typed: &str) -> Option<String> {
    if typed.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return None;
    }
    let name: String = typed.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(MAX_NICKNAME).collect();
    let name = name.trim_end().to_string();
    (!name.is_empty()).then_some(name)
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
            nickname: None,
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
        let mut look = Look { at_ms, answers: Answers::default(), carried: Vec::new() };
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
        if h.nickname.as_ref().is_some_and(|n| clean_nickname(n).as_ref() != Some(n)) {
            return Err(RecordError::Damaged("a name that is not one CaseScope keeps".into()));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn r() -> ReceiptNumber {
        ReceiptNumber::parse("IOE0912345678").unwrap()
    }

    #[test]
    fn a_looks_answers_are_stored_as_before_one_object_in_the_endpoints_order() {
        // What versions with a `BTreeMap` stored reads the same, and is written the same.
        let entries = [
            (Endpoint::Documents, "{\"d\":1}".to_string()),
            (Endpoint::Case, "{\"c\":1}".to_string()),
            (Endpoint::Status, "old".to_string()),
            (Endpoint::Status, "{\"s\":1}".to_string()),
        ];
        let a = Answers::from(entries.clone());
        let map: std::collections::BTreeMap<Endpoint, String> = entries.into_iter().collect();
        let text = serde_json::to_string(&a).unwrap();
        assert_eq!(text, serde_json::to_string(&map).unwrap());
        assert_eq!(text, r#"{"case":"{\"c\":1}","status":"{\"s\":1}","documents":"{\"d\":1}"}"#);
        let back: Answers =
            serde_json::from_str(r#"{"status":"{\"s\":1}","documents":"{\"d\":1}","case":"{\"c\":1}"}"#).unwrap();
        assert_eq!(back, a);
        assert_eq!(back.get(&Endpoint::ReceiptInfo), None);
        assert!(serde_json::from_str::<Answers>(r#"{"elsewhere":"x"}"#).is_err(), "an endpoint CaseScope does not ask");
        let mut fewer = back;
        assert_eq!(fewer.remove(&Endpoint::Status).as_deref(), Some("{\"s\":1}"));
        assert_eq!(fewer.values().collect::<Vec<_>>(), ["{\"c\":1}", "{\"d\":1}"]);
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
        let (plan, dropped) = plan_fit(&a, &others);
        assert_eq!(plan.len(), 2, "{:?}", plan.iter().map(|(k, t)| (k, t.len())).collect::<Vec<_>>());
        let b_after = CaseHistory::from_json(&plan.iter().find(|(k, _)| *k == key(&b.receipt)).unwrap().1).unwrap();
        assert!(b_after.looks.len() < 3 && b_after.looks.last() == b.looks.last());
        assert_eq!(dropped, 3 - b_after.looks.len(), "how many went, to be said");
        assert!(plan.iter().map(|(_, t)| t.len()).sum::<usize>() <= MAX_BYTES);
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
