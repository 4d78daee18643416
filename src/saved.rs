//! Saved endpoint bodies (files people saved from the browser, or CaseScope's
//! own "copy all" object) -> [`Bodies`]. Pure: the caller reads the files.
//!
//! Which endpoint a body belongs to is taken from its file name
//! (`case_status.json`) when it says so, else from its shape.

use std::rc::Rc;

use crate::decode::Bodies;
use crate::endpoints::Endpoint;
use crate::text::JsonError;
use crate::tree::{Json, Kind, Tree};

/// The endpoint a file name names (`cases.json`, `case_status.json`, ...).
pub fn endpoint_from_name(name: &str) -> Option<Endpoint> {
    let stem = name.rsplit(['/', '\\']).next()?.trim_end_matches(".json").to_ascii_lowercase();
    Endpoint::ALL.into_iter().find(|e| {
        let k = e.key();
        stem == k || (k == "cases" && stem == "case") || (k == "case_status" && stem == "status")
    })
}

/// The endpoint a body's shape suggests.
pub fn endpoint_from_shape(v: Json) -> Option<Endpoint> {
    let (data, _) = v.unwrap_data();
    let has = |keys: &[&str]| keys.iter().any(|k| data.get(k).is_some());
    match data.kind() {
        Kind::Array if data.elements().all(|i| i.get("fileName").is_some() || i.get("contentId").is_some()) => {
            Some(Endpoint::Documents)
        }
        Kind::Object if has(&["receipt_details"]) => Some(Endpoint::ReceiptInfo),
        Kind::Object if has(&["statusTitle", "historicalCaseStatuses", "currentActionCode"]) => Some(Endpoint::Status),
        Kind::Object if has(&["events", "formName", "submissionDate", "notices"]) => Some(Endpoint::Case),
        _ => None,
    }
}

/// Why a saved file cannot be used (worded by `crate::i18n`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavedError {
    NotJson(JsonError),
    /// JSON, but not one of the four answers.
    NotACaseAnswer,
}

/// Adds one saved file to `bodies`. A CaseScope "copy all" object (keys
/// `cases`, `case_status`, ...) fills several endpoints at once.
pub fn add_file(bodies: &mut Bodies, name: &str, text: &str) -> Result<Vec<Endpoint>, SavedError> {
    let tree = Tree::parse(text).map_err(SavedError::NotJson)?;
    let v = tree.root();
    let all: Vec<Endpoint> = Endpoint::ALL.into_iter().filter(|e| v.get(e.key()).is_some()).collect();
    if !all.is_empty() && v.members().all(|(k, _)| Endpoint::ALL.iter().any(|e| e.key() == k)) {
        for e in &all {
            // Each answer on its own, as if saved alone.
            match v.get(e.key()).filter(|a| !a.is_null()).map(|a| Tree::parse(a.source())) {
                Some(Ok(t)) => bodies.set(*e, Rc::new(t)),
                Some(Err(err)) => return Err(SavedError::NotJson(err)),
                None => {}
            }
        }
        return Ok(all);
    }
    let endpoint = endpoint_from_name(name).or_else(|| endpoint_from_shape(v)).ok_or(SavedError::NotACaseAnswer)?;
    bodies.set(endpoint, Rc::new(tree));
    Ok(vec![endpoint])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::JsonErrorKind;

    fn shape(json: &str) -> Option<Endpoint> {
        endpoint_from_shape(Tree::parse(json).unwrap().root())
    }

    #[test]
    fn names_and_shapes_pick_the_endpoint() {
        assert_eq!(endpoint_from_name("dir/case_status.json"), Some(Endpoint::Status));
        assert_eq!(endpoint_from_name("cases.json"), Some(Endpoint::Case));
        assert_eq!(endpoint_from_name("notes.json"), None);
        assert_eq!(shape(r#"{"data": {"statusTitle": "x"}}"#), Some(Endpoint::Status));
        assert_eq!(shape(r#"{"events": []}"#), Some(Endpoint::Case));
        assert_eq!(shape(r#"{"data": [{"fileName": "a.tif"}]}"#), Some(Endpoint::Documents));
        assert_eq!(shape(r#"{"data": {"receipt_details": {}}}"#), Some(Endpoint::ReceiptInfo));
        assert_eq!(shape(r#"[1, 2]"#), None);
    }

    #[test]
    fn bad_files_get_one_line() {
        let mut b = Bodies::default();
        let e = add_file(&mut b, "x.json", "{\"data\": ").unwrap_err();
        assert!(matches!(e, SavedError::NotJson(JsonError { line: 1, kind: JsonErrorKind::EndsEarly, .. })), "{e:?}");
        assert_eq!(add_file(&mut b, "x.json", "[1,2]").unwrap_err(), SavedError::NotACaseAnswer);
    }

    #[test]
    fn copy_all_objects_fill_several_endpoints() {
        let mut b = Bodies::default();
        let got =
            add_file(&mut b, "all.json", r#"{"cases":{"data":{}},"case_status":{"data":{}},"receipt_info":null}"#)
                .unwrap();
        assert_eq!(got, [Endpoint::Case, Endpoint::Status, Endpoint::ReceiptInfo]);
        assert!(b.get(Endpoint::Case).is_some() && b.get(Endpoint::Status).is_some());
        assert!(b.get(Endpoint::ReceiptInfo).is_none());
    }
}
