//! Property tests: decoding, page scanning, receipt parsing and JSON layout
//! never panic, whatever the server or the page sends, and no input reaches
//! a URL outside the endpoint table.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use casescope::dates::Fixed;
use casescope::decode::{decode, Bodies, Ctx};
use casescope::endpoints::{is_table_path, Endpoint};
use casescope::protocol::{Bundle, EndpointResult, Via};
use casescope::receipt::{find_on_page, ReceiptNumber};
use casescope::text::{html_to_text, pretty_json};
use casescope::ui::Loaded;
use proptest::prelude::*;
use serde_json::{Map, Value};

const FIXTURES: &[&str] = &[
    include_str!("fixtures/i485-pending/cases.json"),
    include_str!("fixtures/i485-pending/case_status.json"),
    include_str!("fixtures/i485-pending/documents.json"),
    include_str!("fixtures/i765-card-mailed/cases.json"),
    include_str!("fixtures/i765-card-mailed/case_status.json"),
    include_str!("fixtures/i765-card-mailed/receipt_info.json"),
    include_str!("fixtures/i765-card-mailed/documents.json"),
    include_str!("fixtures/i131-evidence-requested/cases.json"),
    include_str!("fixtures/real/cases-i485-published.json"),
    include_str!("fixtures/real/cases-i821d-abridged-unwrapped.json"),
];

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        ".{0,30}".prop_map(Value::String),
        prop_oneof![
            Just("2026-02-30"),
            Just("05-29-2026 11:02:15"),
            Just("2026-06-04T02:09:53.542+0000"),
            Just("IAF"),
            Just("FTA0"),
            Just("<a href='javascript:x'>y</a>"),
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    let keys = prop_oneof![
        Just("data".to_string()),
        Just("events".to_string()),
        Just("eventCode".to_string()),
        Just("eventTimestamp".to_string()),
        Just("notices".to_string()),
        Just("historicalCaseStatuses".to_string()),
        Just("statusTitle".to_string()),
        Just("receiptNumber".to_string()),
        Just("receipt_details".to_string()),
        Just("createDate".to_string()),
        "[a-zA-Z]{1,12}",
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..8).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn ctx() -> Ctx<'static> {
    Ctx { now_ms: 1_795_694_400_000, zone: &Fixed(-300) }
}

fn decode_everywhere(v: &Value) {
    for e in Endpoint::ALL {
        let mut b = Bodies::default();
        b.set_json(e, &v.to_string()).unwrap();
        let r = decode(&b, &ctx());
        for lang in casescope::i18n::Lang::ALL {
            let _ = casescope::export::full_text(&r, lang, &[]);
            let _ = casescope::export::markdown(&r, lang);
        }
    }
}

/// Walks to the `n`th object in `v` (depth first) and applies `f` to it.
fn mutate_nth_object(v: &mut Value, n: &mut usize, f: &mut dyn FnMut(&mut Map<String, Value>)) -> bool {
    match v {
        Value::Object(m) => {
            if *n == 0 {
                f(m);
                return true;
            }
            *n -= 1;
            m.values_mut().any(|c| mutate_nth_object(c, n, f))
        }
        Value::Array(a) => a.iter_mut().any(|c| mutate_nth_object(c, n, f)),
        _ => false,
    }
}

/// The keys of a JSON value, all the way down, in order.
fn shape(v: &Value) -> String {
    match v {
        Value::Object(m) => m.iter().map(|(k, v)| format!("{k}({})", shape(v))).collect(),
        Value::Array(a) => format!("[{}]", a.iter().map(shape).collect::<Vec<_>>().join(",")),
        _ => String::new(),
    }
}

proptest! {
    #[test]
    fn a_masked_body_is_valid_json_with_the_same_structure(v in any_json(), name in "[A-Z]{3,8}", receipt in "(ABC|IOE|[A-Z]{3})[0-9]{10}") {
        let mut body = serde_json::json!({"data": v, "applicantName": name.clone(), "note": format!("case {receipt} of {name}")});
        if let Some(m) = body.as_object_mut() { m.insert("receiptNumber".into(), Value::String(receipt.clone())); }
        let text = serde_json::to_string_pretty(&body).unwrap();
        let masked = casescope::mask::mask_json(&text);
        let back: Value = serde_json::from_str(&masked).unwrap();
        prop_assert_eq!(shape(&back), shape(&body));
        prop_assert!(!masked.contains(&receipt[3..10]), "{}", masked);
        prop_assert!(back["note"].as_str().is_some_and(|n| !n.contains(&name)), "{}", masked);
    }

    #[test]
    fn decode_never_panics_on_arbitrary_json(v in any_json()) {
        decode_everywhere(&v);
        decode_everywhere(&serde_json::json!({ "data": v }));
    }

    #[test]
    fn decode_survives_fixtures_with_fields_removed_renamed_or_retyped(
        which in 0..FIXTURES.len(), obj in 0usize..40, key in 0usize..40, action in 0u8..3, replacement in any_json()
    ) {
        let mut v: Value = serde_json::from_str(FIXTURES[which]).unwrap();
        let mut n = obj;
        mutate_nth_object(&mut v, &mut n, &mut |m| {
            let Some(k) = m.keys().nth(key % m.len().max(1)).cloned() else { return };
            match action {
                0 => { m.shift_remove(&k); }
                1 => { let x = m.shift_remove(&k).unwrap_or(Value::Null); m.insert(format!("{k}_renamed"), x); }
                _ => { m.insert(k, replacement.clone()); }
            }
        });
        decode_everywhere(&v);
    }

    #[test]
    fn truncated_bodies_are_shown_not_lost(which in 0..FIXTURES.len(), cut in 0usize..4000) {
        let text = FIXTURES[which];
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) { at -= 1; }
        let body = &text[..at];
        let result = EndpointResult {
            path: "/x".into(),
            status: 200,
            content_type: "application/json".into(),
            body: body.to_string().into(),
            ms: 1.0,
            attempts: 1,
            ..EndpointResult::empty(Endpoint::Case)
        };
        let bundle = Bundle { receipt: ReceiptNumber::parse("IOE0912345678").unwrap(), via: Via::Page, fetched_at_ms: 0.0, reused_after_ms: None, results: vec![result] };
        let loaded = Loaded::new(bundle, &ctx());
        let _ = loaded.all_json();
        // Whatever arrived is kept byte for byte.
        prop_assert_eq!(&*loaded.bundle.results[0].body, body);
    }

    #[test]
    fn receipts_from_any_input_are_canonical_and_reach_only_table_paths(s in "\\PC{0,40}") {
        if let Ok(r) = ReceiptNumber::parse(&s) {
            let t = r.as_str();
            prop_assert!(t.len() == 13 && t[..3].bytes().all(|b| b.is_ascii_uppercase()) && t[3..].bytes().all(|b| b.is_ascii_digit()));
            for e in Endpoint::ALL {
                for p in e.paths(&r, 0) {
                    prop_assert!(is_table_path(&p), "{}", p);
                }
            }
        }
        for r in find_on_page(&s, &s) {
            for e in Endpoint::ALL {
                for p in e.paths(&r, 1) {
                    prop_assert!(is_table_path(&p), "{}", p);
                }
            }
        }
    }

    #[test]
    fn scraped_receipts_in_noisy_text(prefix in "\\PC{0,20}", digits in "[0-9]{10}", suffix in "[ .,;)]\\PC{0,20}") {
        let text = format!("{prefix} IOE{digits}{suffix}");
        let found = find_on_page("https://my.uscis.gov/account/applicant", &text);
        let want = ReceiptNumber::parse(&format!("IOE{digits}")).unwrap();
        prop_assert!(found.contains(&want), "{:?} in {:?}", found, text);
    }

    #[test]
    fn layout_and_html_helpers_never_panic(s in "\\PC{0,200}") {
        let _ = pretty_json(&s);
        let _ = html_to_text(&s);
        if serde_json::from_str::<Value>(&s).is_ok() {
            let a: Value = serde_json::from_str(&s).unwrap();
            let b: Value = serde_json::from_str(&pretty_json(&s)).unwrap();
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn pretty_json_keeps_valid_json_equal(v in any_json()) {
        let compact = serde_json::to_string(&v).unwrap();
        let pretty = pretty_json(&compact);
        // Same tokens, so the same value as parsing the compact text.
        let back: Value = serde_json::from_str(&pretty).unwrap();
        let direct: Value = serde_json::from_str(&compact).unwrap();
        prop_assert_eq!(back, direct);
        prop_assert_eq!(pretty.split_whitespace().collect::<String>(), compact.split_whitespace().collect::<String>());
    }
}

proptest! {
    #[test]
    fn the_view_tree_never_panics_and_paths_round_trip(v in any_json(), query in "\\PC{0,6}", keys in prop::collection::vec(prop_oneof![
        Just("ArrowDown"), Just("ArrowUp"), Just("ArrowLeft"), Just("ArrowRight"), Just("Home"), Just("End"), Just("Enter"), Just(" ")
    ], 0..20)) {
        use casescope::tree::{Tree, TreeState};
        let src = serde_json::to_string_pretty(&v).unwrap();
        let t = Tree::parse(&src).unwrap();
        for id in 0..t.len() {
            let p = t.path(id);
            let back = t.find_path(&p).unwrap();
            prop_assert_eq!(t.path(back), p);
        }
        let mut s = TreeState::new(&t);
        s.search(&t, &query);
        for k in keys {
            s.key(&t, k);
            prop_assert!(s.focused.is_none_or(|f| s.visible(&t).contains(&f)));
        }
        s.expand_all(&t);
        s.step_match(&t, true);
    }

    #[test]
    fn the_view_tree_holds_what_was_sent(v in json_with_odd_names(), pretty in any::<bool>()) {
        // Names with quotes, backslashes and escapes, written compact or
        // pretty: every node's name, position, parent, depth and text are
        // what the body says (the tree reads names back from their values).
        use casescope::tree::Tree;
        let src = if pretty { serde_json::to_string_pretty(&v).unwrap() } else { serde_json::to_string(&v).unwrap() };
        let t = Tree::parse(&src).unwrap();
        let mut next = 0;
        same_tree(&t, &v, 0, None, None, &mut next)?;
        prop_assert_eq!(next, t.len());
    }

    #[test]
    fn the_view_tree_refuses_broken_text_without_panicking(s in "\\PC{0,300}") {
        let parsed = casescope::tree::Tree::parse(&s);
        prop_assert_eq!(parsed.is_ok(), serde_json::from_str::<Value>(&s).is_ok() || casescope::text::parse_json_lenient(&s).is_ok());
    }
}

/// JSON whose names need escapes (quotes, backslashes, control and other
/// characters), nested.
fn json_with_odd_names() -> impl Strategy<Value = Value> {
    let leaf =
        prop_oneof![Just(Value::Null), any::<i64>().prop_map(Value::from), "[a\"\\\\\n]{0,4}".prop_map(Value::String)];
    let names = "[a\"\\\\\u{7}:é ]{0,5}";
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((names, inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Node `next` of `t` (and the ones after it, in document order) is `v`,
/// with this name or position, parent and depth.
fn same_tree(
    t: &casescope::tree::Tree,
    v: &Value,
    depth: usize,
    parent: Option<usize>,
    place: Option<Result<&str, usize>>,
    next: &mut usize,
) -> Result<(), TestCaseError> {
    let id = *next;
    *next += 1;
    prop_assert_eq!(t.parent(id), parent);
    prop_assert_eq!(t.depth(id), depth);
    match place {
        Some(Ok(name)) => {
            let key = t.key(id);
            prop_assert_eq!(key.as_deref(), Some(name));
            prop_assert_eq!(t.index(id), None);
        }
        Some(Err(i)) => {
            prop_assert_eq!(t.key(id), None);
            prop_assert_eq!(t.index(id), Some(i));
        }
        None => prop_assert_eq!((t.key(id), t.index(id)), (None, None)),
    }
    let sent: Value = serde_json::from_str(t.source(id)).unwrap();
    prop_assert_eq!(&sent, v);
    match v {
        Value::Array(items) => {
            prop_assert_eq!(t.child_count(id), items.len());
            for (i, x) in items.iter().enumerate() {
                same_tree(t, x, depth + 1, Some(id), Some(Err(i)), next)?;
            }
        }
        Value::Object(members) => {
            prop_assert_eq!(t.child_count(id), members.len());
            for (k, x) in members {
                same_tree(t, x, depth + 1, Some(id), Some(Ok(k)), next)?;
            }
        }
        _ => prop_assert_eq!(t.child_count(id), 0),
    }
    Ok(())
}
