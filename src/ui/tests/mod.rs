//! The app's behaviour, natively: what each event does to the state, what
//! effects it asks for, and what the screen then shows.

use super::view::{starting_view, view};
use super::*;
use crate::dates::Fixed;
use crate::decode::Ctx;
use crate::endpoints::{Endpoint, SIGN_IN_URL};
use crate::i18n::{Lang, W};
use crate::policy::{self, RetryReason};
use crate::protocol::EndpointResult;
use crate::protocol::{Bundle, NetError, Via};
use crate::receipt::ReceiptNumber;
use crate::ui::node::Node;

fn act(a: &str) -> Event {
    Event::Action(a.parse().unwrap())
}

fn ctx() -> Ctx<'static> {
    Ctx { now_ms: 0, zone: &Fixed(0) }
}

fn r(s: &str) -> ReceiptNumber {
    ReceiptNumber::parse(s).unwrap()
}

fn fetch(receipt: &str) -> Effect {
    Effect::Fetch { receipt: r(receipt), force: false, only: None }
}

fn at(ms: i64) -> Ctx<'static> {
    Ctx { now_ms: ms, zone: &Fixed(0) }
}

fn opened(url: &str, text: &str) -> (App, Vec<Effect>) {
    let mut p = App::default();
    let fx = p.update(Event::Opened { url: Some(url.into()), page_text: Some(text.into()) }, &ctx());
    (p, fx)
}

fn result(e: Endpoint, status: u16, body: &str) -> EndpointResult {
    EndpointResult {
        path: format!("/x/{}", e.key()),
        status,
        content_type: "application/json".into(),
        body: std::rc::Rc::new(body.to_string()),
        ms: 12.0,
        attempts: 1,
        ..EndpointResult::empty(e)
    }
}

/// The I-485 fixture case, all four endpoints answering.
fn fixture_case() -> Bundle {
    bundle(vec![
        result(Endpoint::Case, 200, include_str!("../../../tests/fixtures/i485-pending/cases.json")),
        result(Endpoint::Status, 200, include_str!("../../../tests/fixtures/i485-pending/case_status.json")),
        result(Endpoint::ReceiptInfo, 200, include_str!("../../../tests/fixtures/i485-pending/receipt_info.json")),
        result(Endpoint::Documents, 200, include_str!("../../../tests/fixtures/i485-pending/documents.json")),
    ])
}

fn bundle(results: Vec<EndpointResult>) -> Bundle {
    Bundle { receipt: r("IOE0912345678"), via: Via::Page, fetched_at_ms: 0.0, reused_after_ms: None, results }
}

#[test]
fn a_viewer_frame_closes_on_escape_and_offers_no_tab() {
    let mut p = App::default();
    let fx = p.update(
        Event::OpenedFor {
            layout: Layout::Embedded,
            receipt: r("IOE0912345678"),
            settings: Settings { theme: Theme::Dark, lang: Lang::En, ..Settings::default() },
        },
        &ctx(),
    );
    assert_eq!(fx, [fetch("IOE0912345678"), Effect::QuietFor(QUIET_MS)]);
    assert_eq!(p.update(Event::Key("Escape".into()), &ctx()), [Effect::Close]);
    assert!(view(&p).find("data-action", "close").is_some());
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &ctx());
    assert!(view(&p).find("data-action", "open-tab").is_some(), "the frame offers a tab too");
    let mut tab = App::default();
    tab.update(
        Event::OpenedFor { layout: Layout::Tab, receipt: r("IOE0912345678"), settings: Settings::default() },
        &ctx(),
    );
    tab.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &ctx());
    assert!(view(&tab).find("data-action", "open-tab").is_none(), "a tab does not offer itself");
}

#[test]
fn a_viewer_page_keeps_its_loading_line_until_the_case_or_the_quiet_time_is_over() {
    let open = || {
        let mut p = App::default();
        let fx = p.update(
            Event::OpenedFor { layout: Layout::Tab, receipt: r("IOE0912345678"), settings: Settings::default() },
            &ctx(),
        );
        assert!(fx.contains(&Effect::QuietFor(QUIET_MS)), "{fx:?}");
        assert_eq!(view(&p), starting_view(W(Lang::En)));
        p
    };
    // A slow answer: after the quiet time, the progress line and its Cancel.
    let mut slow = open();
    assert_eq!(slow.update(Event::QuietOver, &ctx()), []);
    let progress = view(&slow);
    assert!(progress.find("data-state", "loading").is_some());
    assert!(progress.find("data-action", "cancel").is_some());
    // A quick one: straight from the loading line to the case; the quiet
    // time ending later changes nothing.
    let mut quick = open();
    quick.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &ctx());
    assert!(view(&quick).find("data-section", "summary").is_some());
    quick.update(Event::QuietOver, &ctx());
    assert!(view(&quick).find("data-section", "summary").is_some());
    // A failure shows at once too.
    let mut failed = open();
    failed.update(Event::Fetched { receipt: r("IOE0912345678"), result: Err(FetchError::Unreadable) }, &ctx());
    assert!(view(&failed).find("data-state", "error").is_some());
}

#[test]
fn the_quiet_view_is_what_popup_html_starts_with() {
    // Otherwise the page would change (and lay out again) for nothing.
    let html = include_str!("../../../extension/popup.html");
    assert_eq!(starting_view(W(Lang::En)).text_content(), "Loading CaseScope\u{2026}");
    assert!(html.contains(
        r#"<main id="app" aria-live="polite"><p class="muted starting">Loading CaseScope&hellip;</p></main>"#
    ));
    assert!(starting_view(W(Lang::En)).find("class", "muted starting").is_some());
}

#[test]
fn a_case_page_opens_straight_on_its_case() {
    let (p, fx) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "Receipt IOE0912345678");
    assert_eq!(fx, [fetch("IOE0912345678")]);
    assert!(p.is_fetching());
    assert!(view(&p).text_content().contains("Fetching IOE0912345678"));
}

#[test]
fn a_page_with_several_receipts_waits_for_a_choice() {
    let (mut p, fx) = opened("https://my.uscis.gov/account/applicant", "IOE0912345678 IOE0887654321");
    assert!(fx.is_empty());
    let choices: Vec<String> = view(&p).actions().into_iter().filter(|a| a.starts_with("choose:")).collect();
    assert_eq!(choices, ["choose:IOE0912345678", "choose:IOE0887654321"]);
    assert_eq!(p.update(act("choose:IOE0887654321"), &ctx()), [fetch("IOE0887654321")]);
    // A second click while the fetch is in flight sends nothing more.
    assert!(p.update(act("choose:IOE0887654321"), &ctx()).is_empty());
}

#[test]
fn another_site_gets_an_explanation() {
    let mut p = App::default();
    assert!(p.update(Event::Opened { url: None, page_text: None }, &ctx()).is_empty());
    assert_eq!(p.page(), Page::Elsewhere);
    let v = view(&p);
    assert!(v.text_content().contains("works on my.uscis.gov"));
    assert!(v.find("data-form", "receipt").is_none());
    assert_eq!(p.update(act("open-uscis"), &ctx()), [Effect::Open(USCIS_HOME)]);
    // A look-alike host is not my.uscis.gov.
    let (p, _) = opened(&format!("{}.example.com/IOE0912345678", crate::endpoints::ORIGIN), "");
    assert_eq!(p.page(), Page::Elsewhere);
}

#[test]
fn typed_receipts_are_checked_before_any_request() {
    let (mut p, _) = opened("https://my.uscis.gov/account/applicant", "");
    // No request; focus goes to the field once, with the reason beside it.
    assert_eq!(p.update(Event::Submit("IOE-123".into()), &ctx()), [Effect::Focus("receipt-input".into())]);
    let e = p.account.input_error.clone().unwrap();
    assert!(W(Lang::En).receipt_error(&e).contains("3 letters followed by 10 digits"));
    assert!(view(&p).find("data-state", "bad-receipt").is_some());
    assert_eq!(p.update(Event::Submit(" ioe 0912 345 678 ".into()), &ctx()), [fetch("IOE0912345678")]);
    assert_eq!(p.account.input, "IOE0912345678");
    assert!(p.account.input_error.is_none());
}

#[test]
fn typing_survives_a_re_render() {
    let (mut p, _) = opened("https://my.uscis.gov/account/applicant", "");
    p.update(Event::Typed { field: "receipt-input".into(), value: "IOE09".into() }, &ctx());
    let v = view(&p);
    let Some(Node::Element { attrs, .. }) = v.find("id", "receipt-input") else { panic!() };
    assert!(attrs.contains(&("value", "IOE09".to_string())));
}

#[test]
fn a_late_answer_for_another_receipt_is_ignored() {
    let (mut p, _) = opened("https://my.uscis.gov/account/other-page/IOE0887654321", "");
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(bundle(vec![])) }, &ctx());
    assert!(p.is_fetching() && p.loaded().is_none());
}

#[test]
fn copies_are_exact_and_all_json_keeps_tokens() {
    let (mut p, _) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "");
    let case = "{\"data\":{\"receiptNumber\":\"IOE0912345678\",\"n\":1.10,\"id\":12345678901234567890123}}";
    let b = bundle(vec![
        result(Endpoint::Case, 200, case),
        result(Endpoint::Status, 500, "<html>oops</html>"),
        result(Endpoint::ReceiptInfo, 200, "{\"data\":null}"),
        result(Endpoint::Documents, 200, "{\"data\":[]}"),
    ]);
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
    match &p.update(act("copy-raw:cases"), &ctx())[..] {
        [Effect::Copy { text, .. }] => assert_eq!(text, case),
        fx => panic!("{fx:?}"),
    }
    let Some(Effect::Copy { text: all, .. }) = p.update(act("copy-all"), &ctx()).pop() else { panic!() };
    let v: serde_json::Value = serde_json::from_str(&all).unwrap();
    assert_eq!(
        v.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["cases", "case_status", "receipt_info", "documents"]
    );
    assert!(v["case_status"].is_null());
    assert!(all.contains("\"n\": 1.10") && all.contains("12345678901234567890123"));
    let Some(Effect::Copy { text: summary, .. }) = p.update(act("copy-summary"), &ctx()).pop() else { panic!() };
    assert!(summary.starts_with("Receipt: IOE0912345678\n"));
    p.update(Event::Copied { what: Copied::Summary, ok: true }, &ctx());
    assert!(view(&p).text_content().contains("Copied the summary to the clipboard."));
    // The failing endpoint says so in words, and its body is still shown.
    let text = view(&p).text_content();
    assert!(text.contains("USCIS's server had a problem (HTTP 500)"));
    p.update(act("v:tab:case_status"), &ctx());
    assert!(view(&p).find("data-raw-text", "case_status").unwrap().text_content().contains("<html>oops</html>"));
}

#[test]
fn signed_out_offers_the_sign_in_page() {
    let (mut p, _) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "");
    let b = bundle(Endpoint::ALL.iter().map(|e| result(*e, 401, "{}")).collect());
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
    let v = view(&p);
    assert!(v.find("data-state", "signed-out").unwrap().text_content().contains("Sign in to my.uscis.gov"));
    assert_eq!(p.update(act("sign-in"), &ctx()), [Effect::Open(SIGN_IN_URL)]);
}

#[test]
fn diagnostics_say_which_path_fetched_and_how_long() {
    let (mut p, _) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "");
    let mut b = bundle(Endpoint::ALL.iter().map(|e| result(*e, 200, "{\"data\":null}")).collect());
    b.via = Via::Background;
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
    let v = view(&p);
    let d = v.find("data-via", "background").unwrap().text_content();
    assert!(d.contains("security policy") && d.contains("Case 12 ms"), "{d}");
}

fn case_page() -> App {
    opened("https://my.uscis.gov/account/other-page/IOE0912345678", "").0
}

#[test]
fn a_429_waits_for_retry_after_with_a_countdown_then_retries_once() {
    let mut p = case_page();
    let mut limited = result(Endpoint::Status, 429, "");
    limited.retry_after = Some("30".into());
    let b = bundle(vec![
        result(Endpoint::Case, 200, "{\"data\":{}}"),
        limited.clone(),
        result(Endpoint::ReceiptInfo, 200, "{\"data\":null}"),
        result(Endpoint::Documents, 200, "{\"data\":[]}"),
    ]);
    let fx = p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &at(1_000));
    assert!(fx.contains(&Effect::Tick(1000)));
    let FetchState::WaitingToRetry(retry) = p.fetch().clone() else { panic!("{:?}", p.fetch()) };
    assert_eq!((retry.endpoints.as_slice(), retry.due_ms), ([Endpoint::Status].as_slice(), 31_000));
    assert!(view(&p).find("data-state", "retry-wait").unwrap().text_content().contains("in 30 s"));
    // The working endpoints are on screen meanwhile.
    assert!(view(&p).find("data-endpoint", "cases").unwrap().text_content().contains("HTTP 200"));
    assert_eq!(p.update(Event::Tick, &at(11_000)), [Effect::Tick(1000)]);
    assert!(view(&p).find("data-state", "retry-wait").unwrap().text_content().contains("in 20 s"));
    let fx = p.update(Event::Tick, &at(31_000));
    assert_eq!(fx, [Effect::Fetch { receipt: r("IOE0912345678"), force: true, only: Some(vec![Endpoint::Status]) }]);
    // The retry is limited again: no second retry; its answer replaces only Status.
    let again = bundle(vec![limited]);
    assert!(!p
        .update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(again) }, &at(32_000))
        .iter()
        .any(|e| matches!(e, Effect::Fetch { .. })));
    assert!(!matches!(p.fetch(), FetchState::WaitingToRetry(_)));
    let l = p.loaded().unwrap();
    assert_eq!(l.bundle.results.len(), 4);
    assert!(l.outcomes[0].is_ok());
    assert!(p.update(Event::Tick, &at(100_000)).iter().all(|e| !matches!(e, Effect::Fetch { .. })));
}

#[test]
fn server_errors_and_timeouts_retry_once_after_a_short_backoff() {
    let mut p = case_page();
    let mut timed_out = result(Endpoint::Case, 0, "");
    timed_out.network_error = Some(NetError::Timeout);
    let b = bundle(vec![timed_out, result(Endpoint::Status, 502, "<html>Bad gateway</html>")]);
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &at(0));
    let FetchState::WaitingToRetry(retry) = p.fetch().clone() else { panic!("{:?}", p.fetch()) };
    assert_eq!(retry.reason, RetryReason::Transient);
    assert_eq!(retry.endpoints, [Endpoint::Case, Endpoint::Status]);
    assert_eq!(retry.due_ms, policy::BACKOFF_S as i64 * 1000);
}

#[test]
fn signed_out_never_retries() {
    let mut p = case_page();
    let b = bundle(vec![result(Endpoint::Case, 401, "{}"), result(Endpoint::Status, 503, "")]);
    let fx = p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &at(0));
    assert!(fx.iter().all(|e| matches!(e, Effect::Tick(_) | Effect::AfterPaint)), "{fx:?}");
    assert!(!matches!(p.fetch(), FetchState::WaitingToRetry(_)));
}

#[test]
fn cancel_stops_everything_and_late_answers_are_ignored() {
    let mut p = case_page();
    assert!(view(&p).find("data-action", "cancel").is_some());
    assert_eq!(p.update(act("cancel"), &at(5)), [Effect::Cancel(r("IOE0912345678"))]);
    assert_eq!(*p.fetch(), FetchState::Cancelled);
    assert!(view(&p).find("data-state", "cancelled").is_some());
    let b = bundle(vec![result(Endpoint::Case, 200, "{}")]);
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &at(6));
    assert!(p.loaded().is_none());
}

#[test]
fn clicking_refresh_ten_times_asks_at_most_once_per_ten_seconds() {
    let mut p = case_page();
    let ok = || bundle(Endpoint::ALL.iter().map(|e| result(*e, 200, "{\"data\":null}")).collect());
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(ok()) }, &at(1_000));
    let mut fetches = 0;
    for i in 0..10 {
        let fx = p.update(act("refresh"), &at(2_000 + i * 300));
        fetches += fx.iter().filter(|e| matches!(e, Effect::Fetch { force: true, .. })).count();
        if p.is_fetching() {
            p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(ok()) }, &at(2_100 + i * 300));
        }
    }
    assert_eq!(fetches, 0, "within ten seconds of the last answer nothing is asked");
    let v = view(&p);
    assert!(v.find("data-action", "refresh").unwrap().text_content().starts_with("Fetch again (in "));
    assert_eq!(p.update(act("refresh"), &at(11_000)).len(), 1);
    assert!(p.update(act("refresh"), &at(11_100)).is_empty(), "in flight");
}

#[test]
fn a_reused_answer_says_how_old_it_is() {
    let mut p = case_page();
    let mut b = bundle(vec![result(Endpoint::Case, 200, "{}")]);
    b.reused_after_ms = Some(12_400.0);
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &at(0));
    assert!(view(&p).find("data-state", "reused").unwrap().text_content().starts_with("Shown from 12 s ago"));
    assert_eq!(p.last_asked_ms, None, "a reused answer did not ask USCIS");
}

#[test]
fn leaving_a_case_drops_all_it_owned_and_a_refresh_keeps_it() {
    let mut p = case_page();
    let mut limited = result(Endpoint::Status, 429, "");
    limited.retry_after = Some("30".into());
    let b = bundle(vec![result(Endpoint::Case, 200, "{\"data\":{}}"), limited]);
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &at(1_000));
    p.update(Event::Action(Action::TimelineAll), &at(1_100));
    p.update(Event::Action(Action::EntryValues("$.data.events[0]".into())), &at(1_200));
    let v = p.case_view().expect("the case is on screen");
    assert!(v.timeline_all && !v.open_values.is_empty() && !v.retried.is_empty());
    // "Fetch again" on the same case (once allowed) keeps what is open.
    p.update(Event::Action(Action::Choose(r("IOE0912345678"))), &at(50_000));
    let v = p.case_view().expect("still the case");
    assert!(v.timeline_all && !v.open_values.is_empty() && v.loaded.is_some());
    // Another case: a new screen, nothing carried over.
    p.update(Event::Action(Action::Choose(r("IOE0887654321"))), &at(60_000));
    let v = p.case_view().expect("the other case");
    assert_eq!(v.receipt, r("IOE0887654321"));
    assert!(!v.timeline_all && v.open_values.is_empty() && v.retried.is_empty());
    assert!(v.loaded.is_none() && v.limited_until.is_none() && v.looks.is_empty() && v.look_diff.is_none());
    assert!(matches!(p.screen, Screen::Case(_)));
    // The account (the page's list and the receipt field) is the app's, not the case's.
    assert_eq!(p.account.receipts, vec![r("IOE0912345678")]);
}

#[test]
fn the_first_screen_reads_in_order_which_case_what_uscis_waits_for_then_the_status() {
    let b = fixture_cases().into_iter().nth(2).unwrap(); // the I-131 with an evidence request
    let receipt = b.receipt.clone();
    let (mut p, _) = opened(&format!("https://my.uscis.gov/account/other-page/{receipt}"), "");
    p.update(Event::Fetched { receipt: receipt.clone(), result: Ok(b) }, &ctx());
    p.update(Event::Painted, &ctx());
    let v = view(&p);
    let first = v.find("data-section", "summary").expect("the first screen").text_content();
    let at = |s: &str| first.find(s).unwrap_or_else(|| panic!("{s:?} not on the first screen: {first}"));
    let identity = v.find("data-field", "identity").unwrap().text_content();
    assert!(identity.contains("I-131") && identity.contains(receipt.as_str()), "{identity}");
    let obligation = v.find("data-section", "obligation").expect("what USCIS waits for").text_content();
    assert!(obligation.starts_with("Action required"), "{obligation}");
    let headline = v.find("data-field", "headline").unwrap().text_content();
    assert!(at(&identity) < at(&obligation) && at(&obligation) < at(&headline), "{first}");
    // The status with its date, then the stage line and the ages.
    let date = v.find("data-field", "status-date").expect("the status's date").text_content();
    assert!(date.starts_with("Since "), "{date}");
    assert!(at(&headline) < at(&date) && at(&date) < at(&v.find("data-section", "glance").unwrap().text_content()));
    // Masked: the receipt in the identity line is masked too.
    p.update(Event::Action(Action::Mask), &ctx());
    let masked = view(&p).find("data-field", "identity").unwrap().text_content();
    assert!(!masked.contains(receipt.as_str()) && masked.contains("I-131"), "{masked}");
}

/// The fixture cases, each as four answers with its own receipt.
fn fixture_cases() -> Vec<Bundle> {
    macro_rules! case {
        ($dir:literal) => {
            bundle(vec![
                result(Endpoint::Case, 200, include_str!(concat!("../../../tests/fixtures/", $dir, "/cases.json"))),
                result(
                    Endpoint::Status,
                    200,
                    include_str!(concat!("../../../tests/fixtures/", $dir, "/case_status.json")),
                ),
                result(
                    Endpoint::ReceiptInfo,
                    200,
                    include_str!(concat!("../../../tests/fixtures/", $dir, "/receipt_info.json")),
                ),
                result(
                    Endpoint::Documents,
                    200,
                    include_str!(concat!("../../../tests/fixtures/", $dir, "/documents.json")),
                ),
            ])
        };
    }
    let cases = vec![
        case!("i485-pending"),
        case!("i765-card-mailed"),
        case!("i131-evidence-requested"),
        case!("i130-recorded-later"),
        case!("n400-personal"),
    ];
    // Each with its own receipt, asked on the paths the site uses.
    cases
        .into_iter()
        .map(|mut b| {
            let body: serde_json::Value = serde_json::from_str(&b.get(Endpoint::Case).unwrap().body).unwrap();
            b.receipt = r(body["data"]["receiptNumber"].as_str().unwrap());
            for res in &mut b.results {
                res.path = res.endpoint.paths(&b.receipt, 0)[0].clone();
            }
            b
        })
        .collect()
}

// ---- Rendering only when something changed ----------------------------

#[test]
fn a_reused_answer_does_not_tick_forever() {
    let mut p = case_page();
    let mut b = bundle(vec![result(Endpoint::Case, 200, "{}")]);
    b.reused_after_ms = Some(12_400.0);
    let fx = p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &at(0));
    assert!(!fx.iter().any(|e| matches!(e, Effect::Tick(_))), "nothing on screen counts down: {fx:?}");
    assert!(p.update(Event::Tick, &at(1_000)).is_empty());
}

#[test]
fn the_refresh_countdown_ticks_until_it_is_over_and_then_stops() {
    let mut p = case_page();
    let ok = bundle(Endpoint::ALL.iter().map(|e| result(*e, 200, "{\"data\":null}")).collect());
    assert!(p
        .update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(ok) }, &at(0))
        .contains(&Effect::Tick(1000)));
    assert_eq!(p.update(Event::Tick, &at(5_000)), [Effect::Tick(1000)]);
    assert!(p.update(Event::Tick, &at(10_000)).is_empty(), "the countdown is over");
    assert_eq!(view(&p).find("data-action", "refresh").unwrap().text_content(), "Fetch again");
}

#[test]
fn typing_changes_nothing_on_screen_until_it_matters() {
    // The browser layer renders only a changed view; typing must not change it.
    let (mut p, _) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "");
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &ctx());
    p.update(Event::Painted, &ctx());
    let before = view(&p);
    p.update(Event::Typed { field: "viewer-search".into(), value: "fta".into() }, &ctx());
    let after = view(&p);
    assert_eq!(after.find("id", "viewer-search"), after.find("id", "viewer-search"), "the field keeps what was typed");
    assert_eq!(before.find("data-section", "summary"), after.find("data-section", "summary"));
}

#[test]
fn focusing_the_search_box_changes_nothing_on_screen_and_finds_the_same() {
    // It only prepares the index the first key would otherwise wait for.
    let (mut p, _) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "");
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &ctx());
    p.update(Event::Painted, &ctx());
    let mut cold = p.clone();
    let before = view(&p);
    assert!(p.update(Event::SearchFocused, &ctx()).is_empty());
    assert_eq!(view(&p), before);
    p.update(Event::Search("FTA0".into()), &ctx());
    cold.update(Event::Search("FTA0".into()), &ctx());
    assert_eq!(view(&p), view(&cold));
    assert!(view(&p).find("class", "node match current-match").is_some(), "it found something");
}

#[test]
fn fetch_again_adds_a_progress_line_without_moving_the_case() {
    // The progress line and the case are keyed: the DOM patcher inserts one
    // and keeps the other (tested in the browser by wasm_boundary.rs).
    let (mut p, _) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "");
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &at(0));
    p.update(Event::Painted, &at(0));
    let case_before = view(&p).find("data-key", "case").cloned().unwrap();
    p.update(act("refresh"), &at(20_000));
    let during = view(&p);
    assert!(during.find("data-key", "loading").is_some());
    let case_during = during.find("data-key", "case").cloned().unwrap();
    // The same case, only the footer's button says it is fetching.
    assert_eq!(case_before.find("data-section", "raw"), case_during.find("data-section", "raw"));
    assert_eq!(case_before.find("data-key", "decoded"), case_during.find("data-key", "decoded"));
}

/// The I-485 fixture with `e` answering `status` and `body` instead.
fn with_failing(e: Endpoint, status: u16, body: &str) -> Bundle {
    let mut b = fixture_case();
    for r in &mut b.results {
        if r.endpoint == e {
            *r = result(e, status, body);
        }
    }
    b
}

mod calendar;
mod first_frame;
mod found;
mod household;
mod kept;
mod language;
mod mask;
mod missing;
mod page;
mod print;
