//! The account page's own copy of a case: on screen before any answer,
//! standing in when `/cases` fails (and saying so), giving way to USCIS's
//! answer when both are there, raw showing both.

use super::*;

const CASE: &str = include_str!("../../../tests/fixtures/i485-pending/cases.json");

/// The account page's data as the site embeds it: `{"cases": [ … ]}`, each
/// element the object `/cases` answers under `data`, `isPremiumProcessing`
/// for `isPremiumProcessed`.
fn page_data() -> String {
    let v: serde_json::Value = serde_json::from_str(CASE).unwrap();
    let mut c = v["data"].clone();
    let premium = c.as_object_mut().unwrap().remove("isPremiumProcessed").unwrap();
    c["isPremiumProcessing"] = premium;
    c["formName"] = "Form from the page".into();
    serde_json::json!({ "cases": [c] }).to_string()
}

fn on_account(loaded_ms: Option<f64>, now: i64) -> (App, Vec<Effect>) {
    let mut p = App::default();
    p.update(Event::PageCards { text: page_data(), loaded_ms }, &at(now));
    let fx = p.update(
        Event::Opened { url: Some("https://my.uscis.gov/account/applicant".into()), page_text: Some(String::new()) },
        &at(now),
    );
    (p, fx)
}

fn notice(p: &App) -> Option<String> {
    view(p).find("data-state", "from-page").map(|n| n.visible_texts().join(" "))
}

fn failing(status: u16) -> Bundle {
    let mut b = fixture_case();
    b.results[0] = result(Endpoint::Case, status, "{\"error\":\"HTTP error\"}");
    b
}

#[test]
fn the_pages_copy_is_on_screen_before_any_answer_and_uscis_is_asked_as_before() {
    let (mut p, fx) = on_account(Some(0.0), 1_000);
    // One case on the account (its cards not drawn yet): that case, asked as ever.
    assert_eq!(fx[0], fetch("IOE0912345678"));
    let l = p.loaded().expect("the page's copy is shown at once");
    assert_eq!(l.bundle.results.len(), 1);
    assert_eq!(l.bundle.results[0].endpoint, Endpoint::Page);
    assert!(l.report.case_from_page);
    assert_eq!(l.report.form_title.as_deref(), Some("Form from the page"));
    p.update(Event::Painted, &at(1_000));
    let l = p.loaded().unwrap();
    assert!(!l.report.events.is_empty(), "the events are the page's");
    assert_eq!(l.report.events[0].source.endpoint, Endpoint::Page);
    assert_eq!(notice(&p).as_deref(), Some("Shown from the account page's own data while USCIS is asked."));
    // The raw viewer has the page's copy as its own source.
    let text = view(&p).visible_texts().join("\n");
    assert!(text.contains("The account page's own data"), "{text}");
}

#[test]
fn the_frame_over_the_page_shows_the_pages_copy_whole_in_its_first_frame() {
    let mut p = App::default();
    p.update(Event::PageCards { text: page_data(), loaded_ms: Some(0.0) }, &at(1_000));
    let fx = p.update(
        Event::OpenedFor { layout: Layout::Embedded, receipt: r("IOE0912345678"), settings: Settings::default() },
        &at(1_000),
    );
    // No "Loading" line kept for a moment, and no second frame to wait
    // for: the case, its events with it, is the first thing drawn.
    assert!(!fx.iter().any(|e| matches!(e, Effect::QuietFor(_) | Effect::AfterPaint)), "{fx:?}");
    assert!(fx.contains(&fetch("IOE0912345678")), "USCIS is asked as ever: {fx:?}");
    let first = view(&p);
    assert!(first.find("data-section", "summary").is_some());
    let events = first.find("data-section", "timeline").map(|t| t.visible_texts().join(" ")).unwrap_or_default();
    assert!(events.contains("FTA0"), "the page's events: {events}");
}

#[test]
fn when_cases_fails_the_pages_copy_stands_in_and_says_so() {
    let (mut p, _) = on_account(Some(0.0), 1_000);
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(failing(500)) }, &at(2_000));
    let l = p.loaded().unwrap();
    assert!(l.report.case_from_page);
    assert!(!l.report.events.is_empty(), "the events stay on screen");
    assert_eq!(l.report.status_title.as_deref(), Some("Case Is Being Actively Reviewed By USCIS"));
    let endpoints: Vec<Endpoint> = l.bundle.results.iter().map(|r| r.endpoint).collect();
    assert!(endpoints.contains(&Endpoint::Page) && endpoints.contains(&Endpoint::Case));
    let says = notice(&p).unwrap();
    assert!(says.starts_with("USCIS's case answer could not be read, so the form"), "{says}");
    assert!(!says.contains("loaded"), "a fresh page says nothing of its age: {says}");
    let text = view(&p).visible_texts().join("\n");
    assert!(text.contains("The case could not be read"), "the failure is still said: {text}");
    // An old page says how old its copy is, in both languages.
    let (mut old, _) = on_account(Some(0.0), 2 * 3_600_000);
    old.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(failing(500)) }, &at(2 * 3_600_000 + 10));
    let says = notice(&old).unwrap();
    assert!(says.ends_with("That copy is only as fresh as the page, loaded 2 hours ago."), "{says}");
    old.settings.lang = Lang::Es;
    let says = notice(&old).unwrap();
    assert!(says.ends_with("cargada hace 2 horas."), "{says}");
    let (mut recent, _) = on_account(Some(0.0), 7 * 60_000);
    recent.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(failing(503)) }, &at(7 * 60_000));
    assert!(notice(&recent).unwrap().ends_with("loaded 7 minutes ago."));
}

#[test]
fn uscis_answer_wins_on_screen_and_raw_shows_both() {
    let (mut p, _) = on_account(None, 0);
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &ctx());
    let l = p.loaded().unwrap();
    assert!(!l.report.case_from_page);
    assert_eq!(l.report.form_title.as_deref(), Some("Application to Register Permanent Residence or Adjust Status"));
    assert_eq!(l.report.events[0].source.endpoint, Endpoint::Case);
    assert_eq!(l.bundle.results.iter().filter(|r| r.endpoint == Endpoint::Page).count(), 1);
    assert!(notice(&p).is_none());
    // "Copy all" and exports hold USCIS's four answers, as before.
    let all: serde_json::Value = serde_json::from_str(&l.all_json()).unwrap();
    let keys: Vec<&String> = all.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["cases", "case_status", "receipt_info", "documents"]);
}

#[test]
fn signed_out_shows_only_how_to_sign_in_even_with_the_pages_copy() {
    let (mut p, _) = on_account(None, 0);
    let b = bundle(Endpoint::ALL.iter().map(|e| result(*e, 401, "{}")).collect());
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
    assert_eq!(p.loaded().unwrap().completeness(), super::super::loaded::Completeness::SignedOut);
    assert!(view(&p).find("data-state", "signed-out").is_some());
    assert!(notice(&p).is_none());
}

#[test]
fn an_unreadable_copy_is_not_on_this_page_and_never_delays_the_fetch() {
    for bad in ["{\"cases\": [", "<b>", "{\"cases\": [{\"receiptNumber\": \"<script>\"}]}", ""] {
        let mut p = App::default();
        p.update(Event::PageCards { text: bad.into(), loaded_ms: None }, &ctx());
        let fx = p.update(
            Event::Opened {
                url: Some("https://my.uscis.gov/account/applicant".into()),
                page_text: Some("Receipt # IOE0912345678".into()),
            },
            &ctx(),
        );
        assert_eq!(fx.first(), Some(&fetch("IOE0912345678")), "{bad}");
        assert!(p.loaded().is_none(), "{bad}: nothing shown before the answer");
    }
}
