//! Saved endpoint bodies (files people saved from the browser, or CaseScope's
//! own "copy all" object) -> [`Bodies`]. Pure: the caller reads the files.
//!
//! Which endpoint a body belongs to is taken from its file name
//! (`case_status.json`) when it says so, else from its shape.

use serde_json::Value;

use crate::decode::Bodies;
use crate::endpoints::Endpoint;

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

/// Adds one saved file to `bodies`. A CaseScope "copy all" object (keys
/// `cases`, `case_status`, ...) fills several endpoints at once. Returns what
/// went wrong, in one line, when the file cannot be used.
pub fn add_file(bodies: &mut Bodies, name: &str, text: &str) -> Result<Vec<Endpoint>, String> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| format!("{name}: not JSON ({}, line {} column {})", e.classify_kind(), e.line(), e.column()))?;
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
    let endpoint = endpoint_from_name(name).or_else(|| endpoint_from_shape(&v)).ok_or_else(|| {
        format!("{name}: not a my.uscis.gov case answer CaseScope recognises (expected a case, status, receipt info or documents body)")
    })?;
    bodies.set(endpoint, v);
    Ok(vec![endpoint])
}

trait Classify {
    fn classify_kind(&self) -> &'static str;
}

impl Classify for serde_json::Error {
    fn classify_kind(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Eof => "it ends too early",
            serde_json::error::Category::Syntax => "syntax error",
            serde_json::error::Category::Data => "unexpected data",
            serde_json::error::Category::Io => "read error",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(e.starts_with("x.json: not JSON (it ends too early"), "{e}");
        assert!(!e.contains('\n'));
        let e = add_file(&mut b, "x.json", "[1,2]").unwrap_err();
        assert!(e.contains("not a my.uscis.gov case answer"));
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
