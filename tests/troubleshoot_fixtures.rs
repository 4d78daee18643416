//! The report for CaseScope's maintainers on every fixture case: nothing
//! personal in it (every string planted in the case's `personal.txt`, and
//! its receipt's digits), whatever the page; and `casescope shape` prints
//! the same skeleton the report gives each answer.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::rc::Rc;

use casescope::cards::{Found, Layout};
use casescope::dates::Fixed;
use casescope::decode::{decode, Bodies, Ctx};
use casescope::endpoints::Endpoint;
use casescope::protocol::{Bundle, EndpointResult, Via};
use casescope::receipt::ReceiptNumber;
use casescope::troubleshoot::{report, CaseShown, PageMarkers};
use common::{fixture_dirs, personal};

/// The case as the browser would have fetched it, and its report.
fn case(dir: &Path) -> (Bundle, casescope::decode::Report) {
    let mut results = Vec::new();
    let mut bodies = Bodies::default();
    for e in Endpoint::ALL {
        let Ok(body) = fs::read_to_string(dir.join(format!("{}.json", e.key()))) else { continue };
        bodies.set_json(e, &body).unwrap();
        results.push(EndpointResult {
            path: format!("/account/case-service/api/{}", e.key()),
            status: 200,
            content_type: "application/json; charset=utf-8".into(),
            body: Rc::new(body),
            ms: 10.0,
            attempts: 1,
            ..EndpointResult::empty(e)
        });
    }
    let r = decode(&bodies, &Ctx { now_ms: 1_780_000_000_000, zone: &Fixed(0) });
    let receipt = ReceiptNumber::parse(r.receipt.as_deref().unwrap()).unwrap();
    (Bundle { receipt, via: Via::Page, fetched_at_ms: 0.0, reused_after_ms: None, results }, r)
}

/// The report on `bundle` (decoded as `r`) and `page`, as the browser makes it.
fn report_on(bundle: &Bundle, r: &casescope::decode::Report, page: &PageMarkers, browser: &str, lang: &str) -> String {
    let outcomes: Vec<_> = bundle.results.iter().map(EndpointResult::outcome).collect();
    report("0.1.0", browser, lang, page, Some(&CaseShown { bundle, outcomes: &outcomes, report: r }))
}

#[test]
fn the_report_holds_nothing_personal_of_any_fixture() {
    for dir in fixture_dirs() {
        let (bundle, r) = case(&dir);
        let url = format!("https://my.uscis.gov/account/other-page/{}?x=1", bundle.receipt);
        let found =
            Found { layout: Layout::ByText, cards: 2, by_id: 0, receipts: 3, unplaced: vec![bundle.receipt.clone()] };
        let page = PageMarkers { url: Some(&url), found: Some(&found), data_read: Some(3) };
        let text = report_on(&bundle, &r, &page, "Chrome 156", "en");
        let mut secrets = personal(&dir);
        secrets.push(bundle.receipt.as_str()[3..].to_string());
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{}: {s:?} in the report:\n{text}", dir.display());
        }
        // What a maintainer needs is there.
        for want in [
            "version: 0.1.0",
            "browser: Chrome 156",
            "layout: cards by text",
            "without a card: 1",
            "page data: present, read, 3 cases",
            "page: /account/other-page/IOE##########",
            "cases: HTTP 200 application/json, JSON, read",
            "shape of cases:",
            "$.data.events: array(",
            "unknown codes: ",
        ] {
            assert!(text.contains(want), "{}: no {want:?} in\n{text}", dir.display());
        }
    }
}

#[test]
fn casescope_shape_prints_the_skeleton_the_report_gives() {
    for dir in fixture_dirs() {
        let (bundle, r) = case(&dir);
        let page = PageMarkers { url: None, found: None, data_read: None };
        let text = report_on(&bundle, &r, &page, "Firefox 153", "es");
        let o = Command::new(env!("CARGO_BIN_EXE_casescope")).arg("shape").arg(&dir).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let out = String::from_utf8(o.stdout).unwrap();
        // Each answer's block, exactly as the report has it.
        let blocks: Vec<&str> = out.trim_end().split("\n\n").collect();
        assert_eq!(blocks.len(), bundle.results.len(), "{out}");
        for b in blocks {
            assert!(b.starts_with("shape of "), "{b}");
            assert!(text.contains(b), "{}: the report lacks\n{b}", dir.display());
        }
        for s in personal(&dir) {
            assert!(!out.contains(&s), "{}: {s:?} in casescope shape", dir.display());
        }
    }
    let bad = Command::new(env!("CARGO_BIN_EXE_casescope")).args(["shape", "no/such/folder"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
