//! The tree's tests: tokens kept as sent, paths, names read back, search,
//! paging and opening to a depth.

use super::parse::is_json_number;
use super::state::REVEAL_PAGE;
use super::*;
use crate::text::JsonErrorKind;

const SRC: &str = r#"{"data":{"events":[{"eventCode":"IAF","n":1.10},{"eventCode":"FTA0","id":12345678901234567890123}],"odd key":"a\"b\u00e9","k":1,"k":2,"empty":[]}}"#;

#[test]
fn tokens_are_kept_exactly() {
    let t = Tree::parse(SRC).unwrap();
    let n = t.find_path("$.data.events[0].n").unwrap();
    assert_eq!(t.source(n), "1.10");
    let id = t.find_path("$.data.events[1].id").unwrap();
    assert_eq!(t.source(id), "12345678901234567890123");
    let odd = t.find_path("$.data[\"odd key\"]").unwrap();
    assert_eq!(t.source(odd), r#""a\"b\u00e9""#);
    assert_eq!(t.path(odd), "$.data[\"odd key\"]");
    let ks: Vec<_> = (0..t.len()).filter(|i| t.key_is(*i, "k")).collect();
    assert_eq!(ks.len(), 2, "duplicate keys both kept");
    assert!(!t.is_duplicate_key(ks[0]) && t.is_duplicate_key(ks[1]));
    assert_eq!(t.key(t.find_path("$.data[\"odd key\"]").unwrap()).as_deref(), Some("odd key"));
    assert_eq!(t.source(0), SRC);
}

#[test]
fn paths_round_trip() {
    let t = Tree::parse(SRC).unwrap();
    for id in 0..t.len() {
        let p = t.path(id);
        let back = t.find_path(&p).unwrap();
        // Duplicate keys resolve to the first of them.
        assert_eq!(t.source(back).is_empty(), t.source(id).is_empty(), "{p}");
        if !t.is_duplicate_key(id) {
            assert_eq!(back, id, "{p}");
        }
    }
    assert_eq!(t.path(t.find_path("$.data.events[0].eventCode").unwrap()), "$.data.events[0].eventCode");
    assert_eq!(t.find_path("$.data.nope"), None);
    assert_eq!(t.find_path("$.data.events[9]"), None);
}

#[test]
fn numbers_follow_json_grammar_exactly() {
    for ok in ["0", "-0", "1.10", "12345678901234567890123", "1e5", "1E+5", "-1.5e-7", "0.0"] {
        assert!(is_json_number(ok.as_bytes()), "{ok}");
        assert!(serde_json::from_str::<serde_json::Value>(ok).is_ok(), "{ok}");
    }
    for bad in ["", "-", "01", "1.", ".5", "1e", "1e+", "+1", "1.2.3", "1-2", "--1", "0x1"] {
        assert!(!is_json_number(bad.as_bytes()), "{bad}");
        assert!(serde_json::from_str::<serde_json::Value>(bad).is_err(), "{bad}");
    }
}

#[test]
fn names_with_quotes_and_backslashes_are_read_back_whole() {
    // A name is read back from its value: an escaped quote or a
    // backslash at either end of it must not be taken for its start.
    let src = r#"{"\"":1, "\\" :2,"a\\\"":[3,{"\"\\":4}],"":5,"\u0061":6}"#;
    let t = Tree::parse(src).unwrap();
    let keys: Vec<String> = t.children(0).map(|c| t.key(c).unwrap().into_owned()).collect();
    assert_eq!(keys, ["\"", "\\", "a\\\"", "", "a"]);
    let inner = t.find_path("$[\"a\\\\\\\"\"][1]").unwrap();
    assert_eq!(t.key(t.children(inner).next().unwrap()).as_deref(), Some("\"\\"));
    assert_eq!(t.index(inner), Some(1));
    assert_eq!(t.source(t.children(inner).next().unwrap()), "4");
}

#[test]
fn repeated_names_are_found_inside_repeated_names() {
    // The second "a" is repeated, and so is the "b" inside its value.
    let t = Tree::parse(r#"{"a":1,"a":{"b":1,"b":[{"c":1,"c":2}]},"d":{"e":1,"e":2}}"#).unwrap();
    let repeated: Vec<String> = (0..t.len()).filter(|i| t.is_duplicate_key(*i)).map(|i| t.path(i)).collect();
    assert_eq!(repeated, ["$.a", "$.a.b", "$.a.b[0].c", "$.d.e"]);
}

#[test]
fn duplicate_keys_are_found_in_large_objects_too() {
    let mut src: Vec<String> = (0..100).map(|i| format!("\"k{i}\":{i}")).collect();
    src.push("\"k7\":\"again\"".into());
    src.push("\"k\\u0037\":\"escaped\"".into());
    src.push("\"k70\":\"late\"".into());
    let t = Tree::parse(&format!("{{{}}}", src.join(","))).unwrap();
    let dups: Vec<_> = (0..t.len()).filter(|&i| t.is_duplicate_key(i)).map(|i| t.source(i)).collect();
    assert_eq!(dups, ["\"again\"", "\"escaped\"", "\"late\""]);
    let small = Tree::parse(r#"{"a":1,"b":2,"\u0061":3}"#).unwrap();
    assert_eq!((0..small.len()).filter(|i| small.is_duplicate_key(*i)).count(), 1);
}

#[test]
fn malformed_bodies_say_where() {
    assert_eq!(Tree::parse("{\"a\": 1,}").unwrap_err().kind, JsonErrorKind::ExpectedName);
    assert!(Tree::parse("{\"a\": 01x}").is_err());
    assert_eq!(Tree::parse("[1] 2").unwrap_err().kind, JsonErrorKind::TrailingText);
    assert_eq!(Tree::parse(r#"["\q"]"#).unwrap_err().kind, JsonErrorKind::InvalidEscape);
    assert!(Tree::parse(r#"["\ud800"]"#).is_ok(), "a lone surrogate is kept, as browsers do");
    let deep = "[".repeat(MAX_DEPTH + 5) + &"]".repeat(MAX_DEPTH + 5);
    assert_eq!(Tree::parse(&deep).unwrap_err().kind, JsonErrorKind::TooDeep);
}

#[test]
fn searching_in_place_finds_exactly_what_the_lower_cased_text_holds() {
    let src = r#"{"Name": "ABC def", "\u00c9t\u00e9": "Été", "kelvin": "\u212a", "temp": "K", "n": 1.10, "E": [true, null],
                  "esc": "a\"b", "x": "\u0130stanbul", "aa": ["aaa", "a a", 11, "ab,c"], "k:v": {"q": "b\\c"}}"#;
    let t = Tree::parse(src).unwrap();
    let queries = [
        "abc", "ABC D", "name", "été", "k", "1.1", "true", "nul", "a\"b", "i", "\"", ":", "zz", "e", "aa", "a a", "1",
        "b,c", "k:v", "b\\c", "\\", "\"aaa\"", "}",
    ];
    for q in queries {
        let want: Vec<usize> = (0..t.len()).filter(|i| t.haystack(*i).contains(&q.trim().to_lowercase())).collect();
        assert_eq!(t.search(q), want, "{q:?}");
    }
    let found: Vec<String> = t.search("K").into_iter().map(|i| t.path(i)).collect();
    assert_eq!(found, ["$.kelvin", "$.temp", "$[\"k:v\"]"], "the Kelvin sign lower-cases to k, escaped or not");
}

#[test]
fn a_search_stops_at_its_first_matches_in_document_order_and_says_there_may_be_more() {
    // Escaped and plain nodes mixed: the first `cap` in document order
    // whichever way each is searched.
    let src = r#"{"a": ["e1", "\u0065\u00e9", "e3", "x", "e5", "\u00e9e", "e7"], "z": "e8"}"#;
    let t = Tree::parse(src).unwrap();
    let all = t.search("e");
    assert_eq!(all.len(), 7, "{:?}", all.iter().map(|i| t.path(*i)).collect::<Vec<_>>());
    for cap in 1..=all.len() + 1 {
        let (first, more) = t.search_first("e", cap);
        assert_eq!(first, all[..cap.min(all.len())], "cap {cap}");
        // (Stopped exactly at the last one, it cannot know there is no other.)
        if cap != all.len() {
            assert_eq!(more, cap < all.len(), "cap {cap}: more when it stopped short");
        }
    }
    assert_eq!(t.search_first("\\u00e9", 1), (vec![all[1]], true), "text searched whole: stopped too");
    assert_eq!(t.search_first("zzz", 3), (vec![], false));
}

#[test]
fn search_finds_keys_and_values_and_reveals_them() {
    let t = Tree::parse(SRC).unwrap();
    let mut s = TreeState::new(&t);
    s.collapse_all();
    s.search(&t, "fta0");
    assert_eq!(s.matches.len(), 1);
    let m = s.matches[0];
    assert_eq!(t.path(m), "$.data.events[1].eventCode");
    assert!(t.ancestors(m).iter().all(|a| s.expanded.contains(a)));
    assert!(s.visible(&t).contains(&m));
    s.search(&t, "EVENTCODE");
    assert_eq!(s.matches.len(), 2);
    s.step_match(&t, true);
    assert_eq!(s.focused, Some(s.matches[1]));
    s.step_match(&t, true);
    assert_eq!(s.focused, Some(s.matches[0]), "wraps around");
    s.search(&t, "é");
    assert_eq!(s.matches.len(), 1, "escaped text is searched decoded");
}

#[test]
fn long_arrays_come_in_pages_and_search_pages_to_a_match() {
    let src = format!("[{}]", (0..350).map(|i| i.to_string()).collect::<Vec<_>>().join(","));
    let t = Tree::parse(&src).unwrap();
    let mut s = TreeState::new(&t);
    assert_eq!(s.visible(&t).len(), 1 + PAGE);
    s.show_more(&t, 0);
    assert_eq!(s.visible(&t).len(), 1 + 2 * PAGE);
    let mut s = TreeState::new(&t);
    s.search(&t, "342");
    assert!(s.visible(&t).contains(&s.matches[0]));
}

#[test]
fn a_search_opens_a_long_array_only_as_far_as_the_match() {
    // As USCIS sends them, {"data":{"events":[...]}}: the array is closed
    // at first (the root and its members are open).
    let events = (0..350).map(|i| format!(r#"{{"code":"A{i}"}}"#)).collect::<Vec<_>>().join(",");
    let t = Tree::parse(&format!(r#"{{"data":{{"events":[{events}]}}}}"#)).unwrap();
    let events = t.children(1).next().unwrap();
    let mut s = TreeState::new(&t);
    assert!(!s.expanded.contains(&events));
    s.search(&t, "a7");
    let m = s.matches[0];
    assert_eq!(t.path(m), "$.data.events[7].code");
    assert!(s.visible(&t).contains(&m), "the match is on screen");
    assert_eq!(s.shown_count(&t, events), REVEAL_PAGE, "the rows up to the match's block, not a page");
    s.show_more(&t, events);
    assert_eq!(s.shown_count(&t, events), REVEAL_PAGE + PAGE, "show more has the rest");
    // A match past what an open array shows pages on to it, as before.
    s.search(&t, "a342");
    assert!(s.visible(&t).contains(&s.matches[0]));
    assert_eq!(s.shown_count(&t, events), 350);
    // Opened by hand, an array shows a whole page.
    let mut s = TreeState::new(&t);
    s.toggle(&t, events);
    assert_eq!(s.shown_count(&t, events), PAGE);
}

#[test]
fn keyboard_follows_the_tree_pattern() {
    let t = Tree::parse(r#"{"a":{"b":1},"c":2}"#).unwrap();
    let mut s = TreeState::new(&t);
    s.collapse_all();
    assert_eq!(s.visible(&t), [0]);
    assert!(s.key(&t, "ArrowRight"));
    assert_eq!(s.visible(&t).len(), 3);
    s.key(&t, "ArrowRight");
    assert_eq!(s.focused, Some(1), "right on an open node goes to its first child");
    s.key(&t, "Enter");
    assert!(s.expanded.contains(&1));
    s.key(&t, "ArrowDown");
    assert_eq!(t.path(s.focused.unwrap()), "$.a.b");
    s.key(&t, "ArrowLeft");
    assert_eq!(s.focused, Some(1), "left on a leaf goes to its parent");
    s.key(&t, "ArrowLeft");
    assert!(!s.expanded.contains(&1), "left on an open node closes it");
    s.key(&t, "End");
    assert_eq!(t.path(s.focused.unwrap()), "$.c");
    s.key(&t, "Home");
    assert_eq!(s.focused, Some(0));
    s.key(&t, "ArrowUp");
    assert_eq!(s.focused, Some(0));
    assert!(is_tree_key("End") && !is_tree_key("a") && !is_tree_key("Escape"));
}

#[test]
fn expand_to_depth_and_all() {
    let t = Tree::parse(SRC).unwrap();
    let mut s = TreeState::default();
    s.expand_to_depth(&t, 1);
    assert_eq!(s.expanded, [0].into_iter().collect());
    for n in 0..6 {
        s.expand_to_depth(&t, n);
        let want: std::collections::HashSet<usize> =
            (0..t.len()).filter(|i| t.is_container(*i) && t.depth(*i) < n).collect();
        assert_eq!(s.expanded, want, "depth {n}");
    }
    s.expand_all(&t);
    assert_eq!(s.expanded.len(), (0..t.len()).filter(|i| t.is_container(*i)).count());
}
