//! Saved endpoint bodies (files people saved from the browser, or CaseScope's
//! own "copy all" object) -> [`Bodies`]. Pure: the caller reads the files.
//!
//! Which endpoint a body belongs to is taken from its file name
//! (`case_status.json`) when it says so, else from its shape.

use serde_json::Value;

use crate::decode::Bodies;
use crate::endpoints::Endpoint;
use crate::text::JsonError;

/// The endpoint a file name names (`cases.json`, `case_status.json`, ...).
pub fn endpoint_from_name(name: &str) -> Option<Endpoint> {
    let stem = name.rsplit(['/', '\\']).next()?.trim_end_matches(".json").to_ascii_lowercase();
    Endpoint::ALL.into_iter().find(|e| {
        let k = e.key();
        stem == k || (k == "cases" && stem == "case") || (k == "case_status" && stem == "status")
    })
}

/// The endpoint a body's shape suggests.
pub fn endpoint_from_shape(v: &Value) -> Option<Endpoint> {
    let (data, _) = crate::jsonpath::unwrap_data(v);
    match data {
        Value::Array(items) if items.iter().all(|i| i.get("fileName").is_some() || i.get("contentId").is_some()) => {
            Some(Endpoint::Documents)
        }
        Value::Object(m) if m.contains_key("receipt_details") => Some(Endpoint::ReceiptInfo),
        Value::Object(m)
            if m.contains_key("statusTitle")
                || m.contains_key("historicalCaseStatuses")
                || m.contains_key("currentActionCode") =>
        {
            Some(Endpoint::Status)
        }
        Value::Object(m)
            if m.contains_key("events")
                || m.contains_key("formName")
                || m.contains_key("submissionDate")
                || m.contains_key("notices") =>
        {
            Some(Endpoint::Case)
        }
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
    let v: Value = crate::text::parse_json_lenient(text).map_err(SavedError::NotJson)?;
    if let Value::Object(m) = &v {
        let all: Vec<Endpoint> = Endpoint::ALL.into_iter().filter(|e| m.contains_key(e.key())).collect();
        if !all.is_empty() && m.keys().all(|k| Endpoint::ALL.iter().any(|e| e.key() == k)) {
            for e in &all {
                if !m[e.key()].is_null() {
                    bodies.set(*e, m[e.key()].clone());
                }
            }
            return Ok(all);
        }
    }
    let endpoint = endpoint_from_name(name).or_else(|| endpoint_from_shape(&v)).ok_or(SavedError::NotACaseAnswer)?;
    bodies.set(endpoint, v);
    Ok(vec![endpoint])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::JsonErrorKind;

    #[test]
    fn names_and_shapes_pick_the_endpoint() {
        assert_eq!(endpoint_from_name("dir/case_status.json"), Some(Endpoint::Status));
        assert_eq!(endpoint_from_name("cases.json"), Some(Endpoint::Case));
        assert_eq!(endpoint_from_name("notes.json"), None);
        assert_eq!(endpoint_from_shape(&serde_json::json!({"data": {"statusTitle": "x"}})), Some(Endpoint::Status));
        assert_eq!(endpoint_from_shape(&serde_json::json!({"events": []})), Some(Endpoint::Case));
        assert_eq!(
            endpoint_from_shape(&serde_json::json!({"data": [{"fileName": "a.tif"}]})),
            Some(Endpoint::Documents)
        );
        assert_eq!(
            endpoint_from_shape(&serde_json::json!({"data": {"receipt_details": {}}})),
            Some(Endpoint::ReceiptInfo)
        );
        assert_eq!(endpoint_from_shape(&serde_json::json!([1, 2])), None);
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
        assert!(b.case.is_some() && b.status.is_some() && b.receipt_info.is_none());
    }
}
