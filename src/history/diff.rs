//! What differs between two copies of one answer, value by value, on the
//! exact JSON (a number `1.10` is not `1.1`; a string's escapes count).
//!
//! Arrays are compared as sets of records, not by position: a record with
//! an id (`eventId`, `letterId`, `contentId`) is matched to the record with
//! the same id, and its members compared; any other element is matched to
//! an element with exactly the same text. So a reordered list is no change,
//! and a duplicate counts once per copy.

use std::borrow::Cow;

use crate::jsonpath;
use crate::text::JsonError;
use crate::tree::{Kind, Tree};

/// What happened to one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffKind {
    Added,
    Removed,
    Changed,
}

/// One value that differs: its path (in the new copy, or the old one for
/// a removed value), and its text before and after, exactly as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub kind: DiffKind,
    pub path: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Members that identify a record in a list.
const ID_KEYS: &[&str] = &["eventId", "letterId", "contentId"];

/// Every difference between `old` and `new`, in the new copy's order
/// (removed values after). `Err` when either is not JSON.
pub fn diff(old: &str, new: &str) -> Result<Vec<Difference>, JsonError> {
    let (a, b) = (Tree::parse(old)?, Tree::parse(new)?);
    let mut out = Vec::new();
    if !a.is_empty() && !b.is_empty() {
        node(&a, 0, &b, 0, "$", &mut out);
    }
    Ok(out)
}

fn changed(a: &Tree, i: usize, b: &Tree, j: usize, path: &str, out: &mut Vec<Difference>) {
    out.push(Difference {
        kind: DiffKind::Changed,
        path: path.to_string(),
        old: Some(a.source(i).to_string()),
        new: Some(b.source(j).to_string()),
    });
}

fn node(a: &Tree, i: usize, b: &Tree, j: usize, path: &str, out: &mut Vec<Difference>) {
    if a.source(i) == b.source(j) {
        return;
    }
    match (a.kind(i), b.kind(j)) {
        (Kind::Object, Kind::Object) => object(a, i, b, j, path, out),
        (Kind::Array, Kind::Array) => array(a, i, b, j, path, out),
        _ => changed(a, i, b, j, path, out),
    }
}

/// Members by key (a repeated key by its occurrence).
fn members(t: &Tree, id: usize) -> Vec<((Cow<'_, str>, usize), usize)> {
    let mut seen: Vec<((Cow<'_, str>, usize), usize)> = Vec::new();
    for c in t.children(id) {
        let key = t.key(c).unwrap_or_default();
        let n = seen.iter().filter(|((k, _), _)| *k == key).count();
        seen.push(((key, n), c));
    }
    seen
}

fn object(a: &Tree, i: usize, b: &Tree, j: usize, path: &str, out: &mut Vec<Difference>) {
    let (old, new) = (members(a, i), members(b, j));
    for (key, c) in &new {
        let p = jsonpath::key(path, &key.0);
        match old.iter().find(|(k, _)| k == key) {
            Some((_, o)) => node(a, *o, b, *c, &p, out),
            None => out.push(Difference { kind: DiffKind::Added, path: p, old: None, new: Some(b.source(*c).into()) }),
        }
    }
    for (key, o) in &old {
        if !new.iter().any(|(k, _)| k == key) {
            let p = jsonpath::key(path, &key.0);
            out.push(Difference { kind: DiffKind::Removed, path: p, old: Some(a.source(*o).into()), new: None });
        }
    }
}

/// What identifies an element: its id member's text, else its whole text.
fn identity(t: &Tree, id: usize) -> (bool, &str) {
    if t.kind(id) == Kind::Object {
        for c in t.children(id) {
            if t.key(c).is_some_and(|k| ID_KEYS.contains(&&*k)) {
                return (true, t.source(c));
            }
        }
    }
    (false, t.source(id))
}

fn array(a: &Tree, i: usize, b: &Tree, j: usize, path: &str, out: &mut Vec<Difference>) {
    let mut unmatched: Vec<Option<usize>> = a.children(i).map(Some).collect();
    for (n, c) in b.children(j).enumerate() {
        let id = identity(b, c);
        let p = jsonpath::index(path, n);
        let found = unmatched.iter().position(|o| o.is_some_and(|o| identity(a, o) == id));
        match found.and_then(|k| unmatched[k].take()) {
            Some(o) => node(a, o, b, c, &p, out),
            None => out.push(Difference { kind: DiffKind::Added, path: p, old: None, new: Some(b.source(c).into()) }),
        }
    }
    for (n, o) in unmatched.iter().enumerate() {
        if let Some(o) = o {
            let p = jsonpath::index(path, n);
            out.push(Difference { kind: DiffKind::Removed, path: p, old: Some(a.source(*o).into()), new: None });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(d: &[Difference]) -> Vec<(DiffKind, &str)> {
        d.iter().map(|x| (x.kind, x.path.as_str())).collect()
    }

    #[test]
    fn the_same_answer_differs_in_nothing_whatever_its_layout() {
        let a = r#"{"data": {"a": 1, "events": [{"eventId": "x", "c": "FTA0"}]}}"#;
        let b = "{\"data\":{\"a\":1,\"events\":[{\"eventId\":\"x\",\"c\":\"FTA0\"}]}}";
        assert_eq!(diff(a, b).unwrap(), []);
    }

    #[test]
    fn values_compare_as_sent() {
        let d = diff(r#"{"n": 1.10, "s": "\u00e9", "k": 2}"#, r#"{"n": 1.1, "s": "é", "k": 2}"#).unwrap();
        assert_eq!(kinds(&d), [(DiffKind::Changed, "$.n"), (DiffKind::Changed, "$.s")]);
        assert_eq!((d[0].old.as_deref(), d[0].new.as_deref()), (Some("1.10"), Some("1.1")));
    }

    #[test]
    fn members_added_removed_and_changed() {
        let d =
            diff(r#"{"a": 1, "gone": true, "o": {"x": "1"}}"#, r#"{"a": 2, "o": {"x": "1", "y": null}, "new": []}"#)
                .unwrap();
        assert_eq!(
            kinds(&d),
            [
                (DiffKind::Changed, "$.a"),
                (DiffKind::Added, "$.o.y"),
                (DiffKind::Added, "$.new"),
                (DiffKind::Removed, "$.gone")
            ]
        );
    }

    #[test]
    fn a_reordered_list_is_no_change_and_records_are_matched_by_id() {
        let old = r#"{"events": [{"eventId": "a", "code": "IAF"}, {"eventId": "b", "code": "FTA0"}], "h": [1, 2, 2]}"#;
        let same = r#"{"events": [{"code": "FTA0", "eventId": "b"}, {"eventId": "a", "code": "IAF"}], "h": [2, 1, 2]}"#;
        assert_eq!(diff(old, same).unwrap(), [], "reordered records and members");
        let new = r#"{"events": [{"eventId": "c", "code": "LDA"}, {"eventId": "b", "code": "FTA1"},
                      {"eventId": "a", "code": "IAF"}], "h": [2, 1]}"#;
        let d = diff(old, new).unwrap();
        assert_eq!(
            kinds(&d),
            [(DiffKind::Added, "$.events[0]"), (DiffKind::Changed, "$.events[1].code"), (DiffKind::Removed, "$.h[2]"),]
        );
        assert_eq!(d[2].old.as_deref(), Some("2"), "of two copies of 2, one is gone");
    }

    #[test]
    fn a_change_of_kind_is_one_change_and_bad_json_is_an_error() {
        let d = diff(r#"{"data": [1]}"#, r#"{"data": null}"#).unwrap();
        assert_eq!(kinds(&d), [(DiffKind::Changed, "$.data")]);
        assert!(diff("{", "{}").is_err());
    }
}
