//! The masker on every fixture case: the masked answers are the same JSON
//! with the same shape, none of the personal strings planted in the case
//! (its `personal.txt`) is left, and nothing else was touched: every value
//! that changed was personal (under a personal field, or holding a receipt
//! number or a planted string). A property test plants personal values at
//! random places of the fixtures and finds none of them after masking.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;

use casescope::endpoints::Endpoint;
use casescope::mask::{is_personal_key, mask_bodies};
use common::{fixture_dirs, personal};
use proptest::prelude::*;
use serde_json::Value;

fn bodies(dir: &Path) -> Vec<String> {
    Endpoint::ALL.iter().filter_map(|e| fs::read_to_string(dir.join(format!("{}.json", e.key()))).ok()).collect()
}

/// Each leaf of a value with whether it sits under a personal field.
fn leaves(v: &Value, under_personal: bool, out: &mut Vec<(bool, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                leaves(c, under_personal || is_personal_key(k), out);
            }
        }
        Value::Array(a) => a.iter().for_each(|c| leaves(c, under_personal, out)),
        leaf => out.push((under_personal, leaf.clone())),
    }
}

fn shape(v: &Value) -> String {
    match v {
        Value::Object(m) => m.iter().map(|(k, v)| format!("{k}({})", shape(v))).collect(),
        Value::Array(a) => format!("[{}]", a.iter().map(shape).collect::<Vec<_>>().join(",")),
        _ => String::new(),
    }
}

fn holds_receipt(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    c.windows(13).any(|w| w[..3].iter().all(char::is_ascii_uppercase) && w[3..].iter().all(char::is_ascii_digit))
}

#[test]
fn every_fixture_masks_to_the_same_json_with_nothing_personal_left_and_nothing_else_touched() {
    let dirs = fixture_dirs();
    assert!(dirs.len() >= 5, "the fixture cases, each with its personal.txt: {dirs:?}");
    for dir in dirs {
        let (originals, secrets) = (bodies(&dir), personal(&dir));
        let refs: Vec<&str> = originals.iter().map(String::as_str).collect();
        for (orig, masked) in originals.iter().zip(mask_bodies(&refs)) {
            let name = dir.display();
            for s in &secrets {
                assert!(!masked.contains(s.as_str()), "{name}: {s:?} left in {masked}");
            }
            let (o, m): (Value, Value) = (serde_json::from_str(orig).unwrap(), serde_json::from_str(&masked).unwrap());
            assert_eq!(shape(&o), shape(&m), "{name}: the same fields in the same places");
            let (mut ol, mut ml) = (Vec::new(), Vec::new());
            leaves(&o, false, &mut ol);
            leaves(&m, false, &mut ml);
            for ((personal_field, before), (_, after)) in ol.iter().zip(&ml) {
                if before == after || *personal_field {
                    continue;
                }
                let text = before.as_str().unwrap_or_default();
                assert!(
                    holds_receipt(text) || secrets.iter().any(|s| text.contains(s.as_str())),
                    "{name}: {before} became {after}, but held nothing personal"
                );
            }
            // What others need to help stays: codes, forms, offices, dates of events.
            for kept in ["\"eventCode\"", "\"formType\"", "\"eventDateTime\"", "\"jurisdictionDescription\""] {
                assert_eq!(orig.contains(kept), masked.contains(kept), "{name}: {kept}");
            }
        }
    }
}

/// Fields that name what is personal, as USCIS might spell them.
const PERSONAL_KEYS: &[&str] = &[
    "applicantName",
    "beneficiaryFullName",
    "alienNumber",
    "ssn",
    "dateOfBirth",
    "homeAddress",
    "contactEmail",
    "mobilePhone",
    "petitionerLastName",
];

/// Puts `key: value` in the `n`th object of `v` (counting depth first).
fn plant(v: &mut Value, n: &mut usize, key: &str, value: &Value) -> bool {
    match v {
        Value::Object(m) => {
            if *n == 0 {
                m.insert(key.to_string(), value.clone());
                return true;
            }
            *n -= 1;
            m.values_mut().any(|c| plant(c, n, key, value))
        }
        Value::Array(a) => a.iter_mut().any(|c| plant(c, n, key, value)),
        _ => false,
    }
}

proptest! {
    #[test]
    fn a_personal_value_planted_anywhere_is_masked_everywhere(
        case in 0usize..5, body in 0usize..4, at in 0usize..30, echo in 0usize..30,
        key in 0..PERSONAL_KEYS.len(), nested in any::<bool>(), value in "[A-Z][a-z]{3,8}[0-9]{3} [A-Z][a-z]{4,9}",
    ) {
        let dirs = fixture_dirs();
        let dir = &dirs[case % dirs.len()];
        let mut values: Vec<Value> = bodies(dir).iter().map(|b| serde_json::from_str(b).unwrap()).collect();
        let i = body % values.len();
        // The value in a personal field (or deeper inside one), and again
        // inside some other text of the same body.
        let planted = if nested { serde_json::json!({"lines": [value.clone()]}) } else { Value::String(value.clone()) };
        let mut n = at;
        if !plant(&mut values[i], &mut n, PERSONAL_KEYS[key], &planted) {
            plant(&mut values[i], &mut 0, PERSONAL_KEYS[key], &planted);
        }
        let mut n = echo;
        let note = Value::String(format!("Notice mailed to {value} today."));
        if !plant(&mut values[i], &mut n, "remark", &note) {
            plant(&mut values[i], &mut 0, "remark", &note);
        }
        let texts: Vec<String> = values.iter().map(|v| serde_json::to_string_pretty(v).unwrap()).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        for (orig, masked) in values.iter().zip(mask_bodies(&refs)) {
            let back: Value = serde_json::from_str(&masked).unwrap();
            prop_assert_eq!(shape(&back), shape(orig));
            for part in value.split(' ') {
                prop_assert!(!masked.contains(part), "{} left in {}", part, masked);
            }
        }
    }
}
