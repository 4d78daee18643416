//! The report a person can hand CaseScope's maintainers when a page is not
//! understood: plain text they read before they copy it (as uBlock Origin's
//! "troubleshooting information": docs/STYLE.md, "Pages that change under
//! you"). Versions, the page's markers and counts, each endpoint's status
//! and each answer's shape: keys and JSON types only, arrays as their length
//! and their first element's shape.
//!
//! Nothing personal is ever in it: no value at all, except event, action
//! and form codes and office codes that the public tables
//! (`data/*.csv`) list; no key that could be a value (a map keyed by
//! receipt numbers shows `<key>`); the page's path with every digit
//! replaced. `casescope shape` prints the same skeleton for saved files.

use crate::cards::Found;
use crate::decode::{LabelSource, Report};
use crate::endpoints::Endpoint;
use crate::protocol::Bundle;
use crate::tree::{Json, Kind, Tree};

/// Deeper than this, a shape says `…`.
pub const MAX_SHAPE_DEPTH: usize = 12;
/// At most this many lines of one answer's shape.
pub const MAX_SHAPE_LINES: usize = 400;

/// A key as the report may write it: a plain name of letters, digits and
/// `_` (at most 40), with no run of five digits (which could be a number of
/// the person's); anything else is `<key>`.
fn safe_key(k: &str) -> &str {
    let plain = !k.is_empty() && k.len() <= 40 && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let mut run = 0;
    let numbery = k.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run >= 5
    });
    if plain && !numbery {
        k
    } else {
        "<key>"
    }
}

/// The value a shape may show: a code the public tables list, under a key
/// that holds such codes; else `None` (only its type is shown).
fn public_value(key: &str, value: &str) -> Option<String> {
    let v = value.trim();
    let listed = match key {
        "eventCode" | "actionCode" | "currentActionCode" => {
            crate::codes::niem(v).is_some() || crate::codes::observed(v).is_some()
        }
        "formType" | "form" => crate::codes::form_title(v).is_some(),
        "jurisdiction" | "location" => crate::codes::office(v).is_some(),
        _ => false,
    };
    listed.then(|| format!("{v:?}"))
}

fn type_of(v: Json, key: &str) -> String {
    match v.kind() {
        Kind::String => v.as_str().and_then(|s| public_value(key, &s)).unwrap_or_else(|| "string".into()),
        Kind::Number => "number".into(),
        Kind::Bool => "bool".into(),
        Kind::Null => "null".into(),
        Kind::Object => format!("object({})", v.len()),
        Kind::Array => format!("array({})", v.len()),
    }
}

fn walk(v: Json, path: &str, key: &str, depth: usize, out: &mut Vec<String>) {
    if out.len() >= MAX_SHAPE_LINES {
        return;
    }
    out.push(format!("{path}: {}", type_of(v, key)));
    if depth >= MAX_SHAPE_DEPTH {
        if matches!(v.kind(), Kind::Object | Kind::Array) && !v.is_empty() {
            out.push(format!("{path}: \u{2026}"));
        }
        return;
    }
    match v.kind() {
        Kind::Object => {
            for (k, c) in v.members() {
                let k = safe_key(&k);
                walk(c, &format!("{path}.{k}"), k, depth + 1, out);
            }
        }
        // The first element stands for all of them.
        Kind::Array => {
            if let Some(first) = v.elements().next() {
                walk(first, &format!("{path}[0]"), key, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// An answer's skeleton, one line a value: `$.data.events: array(12)`,
/// `$.data.events[0].eventCode: "IAF"`, `$.data.applicantName: string`.
pub fn shape(body: &str) -> String {
    let tree = Tree::parse(body);
    let Ok(tree) = tree else {
        return "not JSON".into();
    };
    let mut out = Vec::new();
    walk(tree.root(), "$", "", 0, &mut out);
    if out.len() >= MAX_SHAPE_LINES {
        out.push(format!("(cut at {MAX_SHAPE_LINES} lines)"));
    }
    out.join("\n")
}

/// The browser's name and major version from its user agent: `Firefox
/// 153`, `Edge 156`, `Chrome 156`; anything else, `unknown browser`.
pub fn browser_of(user_agent: &str) -> String {
    let version = |name: &str| {
        let at = user_agent.find(name)? + name.len();
        let v: String = user_agent[at..].chars().take_while(char::is_ascii_digit).collect();
        (!v.is_empty()).then_some(v)
    };
    for (token, name) in [("Firefox/", "Firefox"), ("Edg/", "Edge"), ("Chrome/", "Chrome")] {
        if let Some(v) = version(token) {
            return format!("{name} {v}");
        }
    }
    "unknown browser".into()
}

/// A page's path as the report writes it: no origin, query or fragment,
/// every digit `#` (`/account/other-page/IOE##########`).
pub fn page_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    crate::text::head(path, 200).chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect()
}

/// What the page showed CaseScope.
pub struct PageMarkers<'a> {
    pub url: Option<&'a str>,
    pub found: Option<&'a Found>,
    /// `None`: no data in the page; `Some(0)`: there, unreadable;
    /// `Some(n)`: read, for `n` cases.
    pub data_read: Option<usize>,
}

/// The case shown, if any: its answers, what each one was (in the order of
/// `bundle.results`) and what was read of them.
pub struct CaseShown<'a> {
    pub bundle: &'a Bundle,
    pub outcomes: &'a [crate::answer::Outcome],
    pub report: &'a Report,
}

/// The whole report, in English (it is for CaseScope's maintainers).
pub fn report(version: &str, browser: &str, lang: &str, page: &PageMarkers, case: Option<&CaseShown>) -> String {
    let mut out = vec![
        "CaseScope troubleshooting report (no personal data: check before you paste)".to_string(),
        format!("version: {version}"),
        format!("browser: {browser}"),
        format!("language: {lang}"),
        format!("page: {}", page.url.map(page_path).unwrap_or_else(|| "(not a my.uscis.gov page)".into())),
    ];
    match page.found {
        Some(f) => {
            out.push(format!("layout: {}", f.layout.key()));
            out.push(format!(
                "cards: {} (by id: {}, by text: {}); receipts in text: {}; without a card: {}",
                f.cards,
                f.by_id,
                f.cards - f.by_id.min(f.cards),
                f.receipts,
                f.unplaced.len()
            ));
        }
        None => out.push("layout: not read".into()),
    }
    out.push(match page.data_read {
        None => "page data: absent".into(),
        Some(0) => "page data: present, unreadable".into(),
        Some(n) => format!("page data: present, read, {n} cases"),
    });
    let Some(case) = case else {
        return out.join("\n");
    };
    out.push(String::new());
    let answered = |e: Endpoint| case.bundle.results.iter().zip(case.outcomes).find(|(r, _)| r.endpoint == e);
    for e in Endpoint::ALL {
        let Some((r, outcome)) = answered(e) else {
            out.push(format!("{}: not asked", e.key()));
            continue;
        };
        let ct = r.content_type.split(';').next().unwrap_or_default().trim();
        out.push(format!(
            "{}: HTTP {} {}, {}{}",
            e.key(),
            r.status,
            if ct.is_empty() { "(no type)" } else { ct },
            outcome.key(),
            if r.attempts > 1 { ", on the short path" } else { "" }
        ));
    }
    for e in Endpoint::ALL {
        if let Some((r, _)) = answered(e).filter(|(_, o)| o.is_ok()) {
            out.push(String::new());
            out.push(format!("shape of {}:", e.key()));
            out.push(shape(&r.body));
        }
    }
    let unknown_fields: Vec<String> = case
        .report
        .other_fields
        .iter()
        .map(|row| format!("{} {}", row.source.endpoint.key(), safe_key(&row.key)))
        .collect();
    let mut unknown_codes: Vec<&str> = case
        .report
        .events
        .iter()
        .map(|e| &*e.code)
        .chain(case.report.current_code.iter())
        .filter(|c| c.source == LabelSource::Unknown)
        .map(|c| c.code.as_ref())
        .filter(|c| (1..=8).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
        .collect();
    crate::order::sort(&mut unknown_codes);
    unknown_codes.dedup();
    out.push(String::new());
    out.push(format!(
        "unknown fields: {}",
        if unknown_fields.is_empty() { "none".into() } else { unknown_fields.join(", ") }
    ));
    out.push(format!(
        "unknown codes: {}",
        if unknown_codes.is_empty() { "none".into() } else { unknown_codes.join(", ") }
    ));
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shape_has_keys_and_types_and_only_the_public_tables_codes() {
        let body = r#"{"data": {"receiptNumber": "IOE0912345678", "formType": "I-485", "applicantName": "DOE, JANE",
            "closed": false, "n": 1.5, "x": null, "jurisdiction": "NBC", "location": "Somewhere 12",
            "events": [{"eventCode": "IAF", "eventId": "uuid-1"}, {"eventCode": "ZZZ9"}],
            "IOE0887654321": {"a": 1}, "odd key": [], "formName": "Application"}}"#;
        let s = shape(body);
        let lines: Vec<&str> = s.lines().collect();
        for want in [
            "$: object(1)",
            "$.data: object(12)",
            "$.data.receiptNumber: string",
            "$.data.formType: \"I-485\"",
            "$.data.applicantName: string",
            "$.data.closed: bool",
            "$.data.n: number",
            "$.data.x: null",
            "$.data.jurisdiction: \"NBC\"",
            "$.data.location: string",
            "$.data.events: array(2)",
            "$.data.events[0]: object(2)",
            "$.data.events[0].eventCode: \"IAF\"",
            "$.data.events[0].eventId: string",
            "$.data.<key>: object(1)",
            "$.data.<key>: array(0)",
        ] {
            assert!(lines.contains(&want), "{want}\n{s}");
        }
        for never in ["0912345678", "0887654321", "DOE", "uuid", "Somewhere", "ZZZ9", "Application", "1.5"] {
            assert!(!s.contains(never), "{never} in\n{s}");
        }
        assert_eq!(shape("<html>"), "not JSON");
    }

    #[test]
    fn a_shape_is_limited_in_depth_and_length() {
        let deep = format!("{}1{}", "[".repeat(40), "]".repeat(40));
        let s = shape(&deep);
        assert!(s.lines().count() <= MAX_SHAPE_DEPTH + 2, "{s}");
        assert!(s.ends_with('\u{2026}'));
        let wide = format!("{{{}}}", (0..2000).map(|i| format!("\"k{i}\": 1")).collect::<Vec<_>>().join(","));
        assert_eq!(shape(&wide).lines().count(), MAX_SHAPE_LINES + 1);
    }

    #[test]
    fn the_path_and_the_browser_say_nothing_personal() {
        assert_eq!(
            page_path("https://my.uscis.gov/account/other-page/IOE0912345678?x=IOE1#y"),
            "/account/other-page/IOE##########"
        );
        assert_eq!(page_path("https://my.uscis.gov"), "/");
        let ff = "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0";
        let cr =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
        assert_eq!(browser_of(ff), "Firefox 153");
        assert_eq!(browser_of(cr), "Chrome 156");
        assert_eq!(browser_of(&format!("{cr} Edg/156.0.1")), "Edge 156");
        assert_eq!(browser_of("curl/8"), "unknown browser");
    }
}
