//! What changed between two copies of a case, in the terms a person
//! follows: the status and its code, the office, the closed and
//! action-required flags, events, notices, documents and status history
//! entries that came or went, and the record-only change (`updatedAt`
//! moved and nothing else: the "silent update"). Anything else that
//! changed is counted per answer, never dropped.

use serde_json::Value;

use super::diff::{diff, DiffKind, Difference};
use super::Look;
use crate::endpoints::Endpoint;

/// One change a person is told about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// USCIS's status title (`None`: there was none, or is none now).
    Status {
        old: Option<String>,
        new: Option<String>,
    },
    /// The status text changed under the same title.
    StatusText,
    /// The current action code.
    Code {
        old: Option<String>,
        new: Option<String>,
    },
    Office {
        old: Option<String>,
        new: Option<String>,
    },
    /// The case is now closed (`true`) or open again.
    Closed(bool),
    /// USCIS now waits for something from the applicant (`true`), or no longer.
    ActionRequired(bool),
    /// An event came: its code, and the day USCIS recorded it.
    EventAdded {
        code: String,
        recorded: Option<String>,
    },
    EventRemoved {
        code: String,
    },
    /// A notice came (its action type).
    NoticeAdded {
        what: String,
    },
    /// A document came or went (its type).
    DocumentAdded {
        what: String,
    },
    DocumentRemoved {
        what: String,
    },
    /// A status history entry came.
    HistoryAdded {
        code: String,
        title: Option<String>,
    },
    /// Only the record's update time moved: USCIS changed something it does
    /// not show. `updated` is the new time, as sent.
    SilentUpdate {
        updated: String,
    },
    /// Other values of this answer changed (how many).
    Other {
        endpoint: Endpoint,
        count: usize,
    },
}

/// A JSON token's text: a string without quotes and escapes, else as sent.
fn text(token: Option<&str>) -> Option<String> {
    let t = token?;
    match serde_json::from_str::<Value>(t) {
        Ok(Value::String(s)) => Some(s),
        Ok(Value::Null) => None,
        _ => Some(t.to_string()),
    }
}

/// A member of a record sent as JSON text.
fn member(record: Option<&str>, key: &str) -> Option<String> {
    let v: Value = serde_json::from_str(record?).ok()?;
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// The path inside the answer's `data` (or the answer itself, unwrapped).
fn inner(path: &str) -> &str {
    path.strip_prefix("$.data").unwrap_or_else(|| path.strip_prefix('$').unwrap_or(path))
}

/// True when `p` is a whole element of `list` (`.events[3]`, not `.events[3].x`).
fn element_of(p: &str, list: &str) -> bool {
    p.strip_prefix(list).is_some_and(|rest| rest.starts_with('[') && rest.ends_with(']') && !rest[1..].contains('['))
}

const RECORD_TIME: &[&str] = &[".updatedAt", ".updatedAtTimestamp"];

/// What changed from `old` to `new`, answer by answer. An answer missing
/// from either copy is not compared (it was never read, so nothing is
/// known of it).
pub fn changes(old: &Look, new: &Look) -> Vec<Change> {
    let mut out = Vec::new();
    let mut record_time: Option<String> = None;
    for e in Endpoint::ALL {
        let (Some(a), Some(b)) = (old.answers.get(&e), new.answers.get(&e)) else { continue };
        if a == b {
            continue;
        }
        let Ok(diffs) = diff(a, b) else {
            out.push(Change::Other { endpoint: e, count: 1 });
            continue;
        };
        let mut other = 0;
        for d in &diffs {
            let p = inner(&d.path);
            if !classify(e, p, d, &mut out) {
                if e == Endpoint::Case && RECORD_TIME.contains(&p) {
                    if p == ".updatedAt" || record_time.is_none() {
                        record_time = text(d.new.as_deref());
                    }
                    continue;
                }
                other += 1;
            }
        }
        if other > 0 {
            out.push(Change::Other { endpoint: e, count: other });
        }
    }
    if out.is_empty() {
        if let Some(updated) = record_time {
            out.push(Change::SilentUpdate { updated });
        }
    }
    out
}

/// Puts a difference in words, if it is one a person is told about.
fn classify(e: Endpoint, p: &str, d: &Difference, out: &mut Vec<Change>) -> bool {
    let (old, new) = (d.old.as_deref(), d.new.as_deref());
    let change = match (e, p, d.kind) {
        (Endpoint::Status, ".statusTitle", _) => Change::Status { old: text(old), new: text(new) },
        (Endpoint::Status, ".statusText" | ".statusTextSpanish" | ".statusTitleSpanish", _) => {
            if out.iter().any(|c| matches!(c, Change::StatusText)) {
                return true;
            }
            Change::StatusText
        }
        (Endpoint::Status, ".currentActionCode", _) => Change::Code { old: text(old), new: text(new) },
        (Endpoint::Status, ".jurisdictionDescription", _) => Change::Office { old: text(old), new: text(new) },
        (Endpoint::Status, ".jurisdiction", _) => return true, // said with its description
        (Endpoint::Case, ".closed", _) => Change::Closed(new == Some("true")),
        (Endpoint::Case, ".actionRequired", _) => Change::ActionRequired(new == Some("true")),
        (Endpoint::Case, p, DiffKind::Added) if element_of(p, ".events") => Change::EventAdded {
            code: member(new, "eventCode").unwrap_or_default(),
            recorded: member(new, "createdAt").or_else(|| member(new, "createdAtTimestamp")),
        },
        (Endpoint::Case, p, DiffKind::Removed) if element_of(p, ".events") => {
            Change::EventRemoved { code: member(old, "eventCode").unwrap_or_default() }
        }
        (Endpoint::Case, p, DiffKind::Added) if element_of(p, ".notices") => {
            Change::NoticeAdded { what: member(new, "actionType").unwrap_or_default() }
        }
        (Endpoint::Documents, p, DiffKind::Added) if element_of(p, "") => {
            Change::DocumentAdded { what: member(new, "type").unwrap_or_default() }
        }
        (Endpoint::Documents, p, DiffKind::Removed) if element_of(p, "") => {
            Change::DocumentRemoved { what: member(old, "type").unwrap_or_default() }
        }
        (Endpoint::Status, p, DiffKind::Added) if element_of(p, ".historicalCaseStatuses") => Change::HistoryAdded {
            code: member(new, "actionCode").unwrap_or_default(),
            title: member(new, "statusTitle"),
        },
        _ => return false,
    };
    out.push(change);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASE: &str = include_str!("../../tests/fixtures/i485-pending/cases.json");
    const STATUS: &str = include_str!("../../tests/fixtures/i485-pending/case_status.json");
    const DOCS: &str = include_str!("../../tests/fixtures/i485-pending/documents.json");

    fn look(case: &str, status: &str, docs: &str) -> Look {
        let answers = crate::history::Answers::from([
            (Endpoint::Case, case.to_string()),
            (Endpoint::Status, status.to_string()),
            (Endpoint::Documents, docs.to_string()),
        ]);
        Look { at_ms: 0, answers, carried: vec![] }
    }

    #[test]
    fn the_same_case_has_no_change() {
        assert_eq!(changes(&look(CASE, STATUS, DOCS), &look(CASE, STATUS, DOCS)), []);
    }

    #[test]
    fn each_kind_of_change_is_named() {
        let case = CASE
            .replacen(
                "\"events\": [",
                "\"events\": [{\"eventId\": \"new-1\", \"eventCode\": \"FTA1\", \"createdAt\": \"2026-05-02\"},",
                1,
            )
            .replace("\"actionRequired\": false", "\"actionRequired\": true")
            .replace("\"updatedAt\": \"2026-04-28\"", "\"updatedAt\": \"2026-05-02\"");
        let status = STATUS
            .replace("\"statusTitle\": \"Case Is Being Actively Reviewed By USCIS\",\n    \"statusText\"", "\"statusTitle\": \"Interview Was Scheduled\",\n    \"statusText\"")
            .replace("\"currentActionCode\": \"FTA0\"", "\"currentActionCode\": \"IEAH\"")
            .replacen(
                "\"historicalCaseStatuses\": [",
                "\"historicalCaseStatuses\": [{\"date\": \"05-02-2026 10:00:00\", \"actionCode\": \"FTA0\", \"statusTitle\": \"Case Is Being Actively Reviewed By USCIS\"},",
                1,
            );
        let docs = DOCS.replacen(
            "\"data\": [",
            "\"data\": [{\"fileName\": \"f.pdf\", \"contentId\": \"new-doc\", \"type\": \"Interview Notice\"},",
            1,
        );
        let c = changes(&look(CASE, STATUS, DOCS), &look(&case, &status, &docs));
        for want in [
            Change::ActionRequired(true),
            Change::EventAdded { code: "FTA1".into(), recorded: Some("2026-05-02".into()) },
            Change::Status {
                old: Some("Case Is Being Actively Reviewed By USCIS".into()),
                new: Some("Interview Was Scheduled".into()),
            },
            Change::Code { old: Some("FTA0".into()), new: Some("IEAH".into()) },
            Change::HistoryAdded {
                code: "FTA0".into(),
                title: Some("Case Is Being Actively Reviewed By USCIS".into()),
            },
            Change::DocumentAdded { what: "Interview Notice".into() },
        ] {
            assert!(c.contains(&want), "{want:?} not in {c:?}");
        }
        assert!(!c.iter().any(|x| matches!(x, Change::SilentUpdate { .. } | Change::Other { .. })), "{c:?}");
    }

    #[test]
    fn a_moved_update_time_alone_is_the_silent_update() {
        let case = CASE.replace(
            "\"updatedAtTimestamp\": \"2026-04-28T01:49:16.139Z\"",
            "\"updatedAtTimestamp\": \"2026-05-09T12:00:00.000Z\"",
        );
        let case = case.replace("\"updatedAt\": \"2026-04-28\"", "\"updatedAt\": \"2026-05-09\"");
        assert_eq!(
            changes(&look(CASE, STATUS, DOCS), &look(&case, STATUS, DOCS)),
            [Change::SilentUpdate { updated: "2026-05-09".into() }]
        );
    }

    #[test]
    fn a_missing_answer_is_not_compared_and_a_reorder_is_no_change() {
        let mut partial = look(CASE, STATUS, DOCS);
        partial.answers.remove(&Endpoint::Documents);
        assert_eq!(changes(&look(CASE, STATUS, DOCS), &partial), [], "not read, not 'all removed'");
        let v: Value = serde_json::from_str(CASE).unwrap();
        let mut r = v.clone();
        r["data"]["events"].as_array_mut().unwrap().reverse();
        let reordered = serde_json::to_string(&r).unwrap();
        assert_eq!(changes(&look(CASE, STATUS, DOCS), &look(&reordered, STATUS, DOCS)), []);
    }

    #[test]
    fn what_has_no_name_is_counted_and_a_broken_answer_is_one_change() {
        let case = CASE.replace("\"elisChannelType\": \"Lockbox\"", "\"elisChannelType\": \"Online\"");
        assert_eq!(
            changes(&look(CASE, STATUS, DOCS), &look(&case, STATUS, DOCS)),
            [Change::Other { endpoint: Endpoint::Case, count: 1 }]
        );
        assert_eq!(
            changes(&look(CASE, STATUS, DOCS), &look(CASE, STATUS, "{\"data\": [")),
            [Change::Other { endpoint: Endpoint::Documents, count: 1 }]
        );
    }
}
