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
        body: body.into(),
        ms: 12.0,
        attempts: 1,
        ..EndpointResult::empty(e)
    }
}

/// The I-485 fixture case, all four endpoints answering.
fn fixture_case() -> Bundle {
    bundle(vec![
        result(Endpoint::Case, 200, include_str!("../../tests/fixtures/i485-pending/cases.json")),
        result(Endpoint::Status, 200, include_str!("../../tests/fixtures/i485-pending/case_status.json")),
        result(Endpoint::ReceiptInfo, 200, include_str!("../../tests/fixtures/i485-pending/receipt_info.json")),
        result(Endpoint::Documents, 200, include_str!("../../tests/fixtures/i485-pending/documents.json")),
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
            settings: Settings { theme: Theme::Dark, lang: Lang::En, mask: false },
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
    let html = include_str!("../../extension/popup.html");
    assert_eq!(starting_view(W(Lang::En)).text_content(), "Loading CaseScope\u{2026}");
    assert!(html.contains(r#"<main id="app" aria-live="polite"><p class="muted">Loading CaseScope&hellip;</p></main>"#));
    assert!(starting_view(W(Lang::En)).find("class", "muted").is_some());
}

#[test]
fn a_case_page_opens_straight_on_its_case() {
    let (p, fx) = opened("https://my.uscis.gov/account/case/IOE0912345678", "Receipt IOE0912345678");
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
    assert_eq!(p.page, Page::Elsewhere);
    let v = view(&p);
    assert!(v.text_content().contains("works on my.uscis.gov"));
    assert!(v.find("data-form", "receipt").is_none());
    assert_eq!(p.update(act("open-uscis"), &ctx()), [Effect::Open(USCIS_HOME)]);
    // A look-alike host is not my.uscis.gov.
    let (p, _) = opened(&format!("{}.example.com/IOE0912345678", crate::endpoints::ORIGIN), "");
    assert_eq!(p.page, Page::Elsewhere);
}

#[test]
fn typed_receipts_are_checked_before_any_request() {
    let (mut p, _) = opened("https://my.uscis.gov/account/applicant", "");
    // No request; focus goes to the field once, with the reason beside it.
    assert_eq!(p.update(Event::Submit("IOE-123".into()), &ctx()), [Effect::Focus("receipt-input".into())]);
    let e = p.input_error.clone().unwrap();
    assert!(W(Lang::En).receipt_error(&e).contains("3 letters followed by 10 digits"));
    assert!(view(&p).find("data-state", "bad-receipt").is_some());
    assert_eq!(p.update(Event::Submit(" ioe 0912 345 678 ".into()), &ctx()), [fetch("IOE0912345678")]);
    assert_eq!(p.input, "IOE0912345678");
    assert!(p.input_error.is_none());
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
    let (mut p, _) = opened("https://my.uscis.gov/account/case/IOE0887654321", "");
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(bundle(vec![])) }, &ctx());
    assert!(p.is_fetching() && p.case.is_none());
}

#[test]
fn copies_are_exact_and_all_json_keeps_tokens() {
    let (mut p, _) = opened("https://my.uscis.gov/account/case/IOE0912345678", "");
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
    let (mut p, _) = opened("https://my.uscis.gov/account/case/IOE0912345678", "");
    let b = bundle(Endpoint::ALL.iter().map(|e| result(*e, 401, "{}")).collect());
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
    let v = view(&p);
    assert!(v.find("data-state", "signed-out").unwrap().text_content().contains("Sign in to my.uscis.gov"));
    assert_eq!(p.update(act("sign-in"), &ctx()), [Effect::Open(SIGN_IN_URL)]);
}

#[test]
fn diagnostics_say_which_path_fetched_and_how_long() {
    let (mut p, _) = opened("https://my.uscis.gov/account/case/IOE0912345678", "");
    let mut b = bundle(Endpoint::ALL.iter().map(|e| result(*e, 200, "{\"data\":null}")).collect());
    b.via = Via::Background;
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
    let v = view(&p);
    let d = v.find("data-via", "background").unwrap().text_content();
    assert!(d.contains("security policy") && d.contains("Case 12 ms"), "{d}");
}

fn case_page() -> App {
    opened("https://my.uscis.gov/account/case/IOE0912345678", "").0
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
    let FetchState::WaitingToRetry(retry) = p.fetch.clone() else { panic!("{:?}", p.fetch) };
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
    assert!(!matches!(p.fetch, FetchState::WaitingToRetry(_)));
    let l = p.case.as_ref().unwrap();
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
    let FetchState::WaitingToRetry(retry) = p.fetch.clone() else { panic!("{:?}", p.fetch) };
    assert_eq!(retry.reason, RetryReason::Transient);
    assert_eq!(retry.endpoints, [Endpoint::Case, Endpoint::Status]);
    assert_eq!(retry.due_ms, policy::BACKOFF_S as i64 * 1000);
}

#[test]
fn a_new_case_paints_summary_and_viewer_first_and_a_refresh_hides_nothing() {
    let mut p = case_page();
    let case = fixture_case();
    let fx = p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(case.clone()) }, &at(0));
    assert!(fx.contains(&Effect::AfterPaint), "{fx:?}");
    let first = view(&p);
    assert!(first.find("data-section", "summary").is_some());
    assert!(first.find("data-viewer", "").is_some());
    assert!(first.find("data-section", "timeline").is_none());
    assert!(first.find("data-section", "details").is_none());
    assert!(first.find("aria-busy", "true").is_some(), "assistive technology hears the rest is coming");
    // Anything the user does in that frame sees the whole case.
    let mut early = p.clone();
    let Some(Effect::Copy { text, .. }) = early.update(act("copy-summary"), &at(5)).pop() else { panic!() };
    assert!(text.contains("Timeline (newest first)") && text.contains("Stage: "), "{text}");
    assert!(view(&early).find("data-section", "timeline").is_some());
    p.update(Event::Painted, &at(10));
    let full = view(&p);
    assert!(full.find("data-section", "timeline").is_some());
    assert!(full.find("data-section", "details").is_some());
    assert!(full.find("aria-busy", "true").is_none());
    // Fetch again: the old answer stays whole on screen, and the new one
    // replaces it in one step.
    let fx = p.update(act("refresh"), &at(20_000));
    assert!(matches!(fx[..], [Effect::Fetch { force: true, .. }]), "{fx:?}");
    assert!(view(&p).find("data-section", "timeline").is_some());
    let fx = p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(case) }, &at(21_000));
    assert!(!fx.contains(&Effect::AfterPaint), "{fx:?}");
    assert!(view(&p).find("data-section", "timeline").is_some());
}

#[test]
fn signed_out_never_retries() {
    let mut p = case_page();
    let b = bundle(vec![result(Endpoint::Case, 401, "{}"), result(Endpoint::Status, 503, "")]);
    let fx = p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &at(0));
    assert!(fx.iter().all(|e| matches!(e, Effect::Tick(_) | Effect::AfterPaint)), "{fx:?}");
    assert!(!matches!(p.fetch, FetchState::WaitingToRetry(_)));
}

#[test]
fn cancel_stops_everything_and_late_answers_are_ignored() {
    let mut p = case_page();
    assert!(view(&p).find("data-action", "cancel").is_some());
    assert_eq!(p.update(act("cancel"), &at(5)), [Effect::Cancel(r("IOE0912345678"))]);
    assert_eq!(p.fetch, FetchState::Cancelled);
    assert!(view(&p).find("data-state", "cancelled").is_some());
    let b = bundle(vec![result(Endpoint::Case, 200, "{}")]);
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &at(6));
    assert!(p.case.is_none());
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

// ---- Language ----------------------------------------------------------

/// The three fixture cases, each as four answers.
fn fixture_cases() -> Vec<Bundle> {
    macro_rules! case {
        ($dir:literal) => {
            bundle(vec![
                result(Endpoint::Case, 200, include_str!(concat!("../../tests/fixtures/", $dir, "/cases.json"))),
                result(
                    Endpoint::Status,
                    200,
                    include_str!(concat!("../../tests/fixtures/", $dir, "/case_status.json")),
                ),
                result(
                    Endpoint::ReceiptInfo,
                    200,
                    include_str!(concat!("../../tests/fixtures/", $dir, "/receipt_info.json")),
                ),
                result(
                    Endpoint::Documents,
                    200,
                    include_str!(concat!("../../tests/fixtures/", $dir, "/documents.json")),
                ),
            ])
        };
    }
    let cases = vec![
        case!("i485-pending"),
        case!("i765-card-mailed"),
        case!("i131-evidence-requested"),
        case!("i130-recorded-later"),
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

/// Words that are English and not Spanish: none may be on a Spanish screen
/// except inside what USCIS sent or a code table's own words.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "of",
    "from",
    "with",
    "for",
    "in",
    "on",
    "is",
    "not",
    "this",
    "your",
    "you",
    "at",
    "Fetch",
    "Fetching",
    "fetch",
    "Copy",
    "copy",
    "Copied",
    "Show",
    "show",
    "Sign",
    "sign",
    "answer",
    "answers",
    "again",
    "days",
    "day",
    "ago",
    "today",
    "yesterday",
    "Unknown",
    "Loading",
    "Cancel",
    "Close",
    "Theme",
    "theme",
    "Download",
    "Open",
    "Raw",
    "raw",
    "Tree",
    "Search",
    "search",
    "Expand",
    "Collapse",
    "Depth",
    "Every",
    "explained",
    "Other",
    "Summary",
    "Timeline",
    "When",
    "What",
    "happened",
    "Stage",
    "Filed",
    "filed",
    "Look",
    "page",
    "Receipt",
    "receipt",
    "Last",
    "updated",
    "glance",
    "since",
    "filing",
    "entries",
    "Stopped",
    "asking",
    "Fetched",
    "worker",
    "seconds",
    "empty",
    "none",
    "Status",
    "Code",
    "Office",
    "Form",
    "Event",
    "Document",
    "Appointment",
    "Notice",
    "Yes",
    "Not",
    "requested",
    "known",
    "shown",
    "sent",
    "keys",
    "items",
    "match",
    "value",
    "path",
    "Previous",
    "Next",
    "Endpoint",
    "Answered",
    "upcoming",
    "backdated",
    "recorded",
    "evidence",
    "community",
    "table",
    "observed",
    "internal",
    "description",
    "words",
    "own",
    "Action",
    "required",
    "Premium",
    "processing",
    "Unofficial",
    "only",
    "browser",
    "Reads",
    "system",
    "dark",
    "light",
];

/// Every word on screen, leaving out what shows USCIS's answers as sent
/// (the raw tree's keys and values, the text view's lines, paths).
fn screen_words(n: &Node, lang: &str, out: &mut Vec<String>) {
    let Node::Element { attrs, children, .. } = n else {
        if let Node::Text(t) = n {
            out.push(t.clone());
        }
        return;
    };
    let class = attrs.iter().find(|(k, _)| *k == "class").map(|(_, v)| v.as_str()).unwrap_or("");
    // Written in another language on purpose, and marked so (the language
    // switch, USCIS's English text a click away).
    if attrs.iter().any(|(k, v)| *k == "lang" && v != lang) {
        return;
    }
    let raw = ["t-str", "t-key", "t-num", "t-bool", "t-null", "lt", "path"];
    if class.split(' ').any(|c| raw.contains(&c)) {
        return;
    }
    for (k, v) in attrs {
        let is_path = attrs.iter().any(|(k, _)| *k == "data-path");
        if matches!(*k, "aria-label" | "placeholder") || (*k == "title" && !is_path && !v.contains('$')) {
            out.push(v.clone());
        }
    }
    for c in children {
        screen_words(c, lang, out);
    }
}

/// Every string USCIS sent in `v`, and the same as text where it was HTML.
fn server_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => {
            out.push(s.clone());
            out.push(crate::text::html_to_text(s));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| server_strings(x, out)),
        serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| {
            out.push(k.clone());
            server_strings(x, out)
        }),
        _ => {}
    }
}

/// English words left on `screen`, a page in `lang`, once USCIS's own
/// words and the code tables' are taken out.
fn english_left(screen: &Node, app: &App, lang: Lang) -> Vec<String> {
    let mut theirs = Vec::new();
    if let Some(l) = &app.case {
        for r in &l.bundle.results {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&r.body) {
                server_strings(&v, &mut theirs);
            }
        }
        // Code tables keep their source language (and say so).
        let rep = &l.report;
        let codes = rep.events.iter().map(|e| &e.code).chain(&rep.current_code);
        theirs.extend(codes.filter_map(|c| c.label.clone()));
        theirs.extend(rep.form_title.clone());
        theirs.extend(rep.receipt_office.clone());
        for row in rep.details.iter().chain(&rep.other_fields) {
            match &row.note {
                Some(crate::decode::Note::FormTitle(t) | crate::decode::Note::Office(t)) => theirs.push(t.clone()),
                Some(crate::decode::Note::Code(c)) => theirs.extend(c.label.clone()),
                _ => {}
            }
        }
    }
    theirs.retain(|s| !s.trim().is_empty());
    theirs.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut words = Vec::new();
    screen_words(screen, lang.code(), &mut words);
    let mut left = Vec::new();
    for mut text in words {
        for s in &theirs {
            text = remove_whole(&text, s);
        }
        for word in text.split(|c: char| !c.is_alphabetic()) {
            if ENGLISH.contains(&word) {
                left.push(format!("{word:?} in {text:?}"));
            }
        }
    }
    left
}

/// `text` without `s` where `s` stands as whole words (not inside one).
fn remove_whole(text: &str, s: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(s) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + s.len()..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        let whole = edge(before) || !s.starts_with(char::is_alphanumeric);
        let whole = whole && (edge(after) || !s.ends_with(char::is_alphanumeric));
        out.push_str(&rest[..i]);
        out.push_str(if whole { " " } else { s });
        rest = &rest[i + s.len()..];
    }
    out.push_str(rest);
    out
}

fn spanish() -> Settings {
    Settings { lang: Lang::Es, ..Settings::default() }
}

#[test]
fn every_screen_in_spanish_has_no_english_word_of_its_own() {
    let mut screens: Vec<(String, App)> = Vec::new();
    let mut app = |what: &str, f: &dyn Fn(&mut App)| {
        let mut a = App::default();
        a.update(Event::Settings(spanish()), &ctx());
        f(&mut a);
        screens.push((what.into(), a));
    };
    app("looking at the tab", &|_| {});
    app("elsewhere", &|a| {
        a.update(Event::Opened { url: None, page_text: None }, &ctx());
    });
    app("chooser with an error", &|a| {
        a.update(
            Event::Opened {
                url: Some("https://my.uscis.gov/account/applicant".into()),
                page_text: Some("IOE0912345678 IOE0887654321".into()),
            },
            &ctx(),
        );
        a.update(Event::Submit("IOE-1".into()), &ctx());
    });
    app("fetching", &|a| {
        a.update(
            Event::Opened { url: Some("https://my.uscis.gov/account/case/IOE0912345678".into()), page_text: None },
            &ctx(),
        );
    });
    app("failed", &|a| {
        a.update(
            Event::Opened { url: Some("https://my.uscis.gov/account/case/IOE0912345678".into()), page_text: None },
            &ctx(),
        );
        a.update(
            Event::Fetched { receipt: r("IOE0912345678"), result: Err(FetchError::NoBackground("x".into())) },
            &ctx(),
        );
    });
    app("signed out, cancelled", &|a| {
        a.update(
            Event::Opened { url: Some("https://my.uscis.gov/account/case/IOE0912345678".into()), page_text: None },
            &ctx(),
        );
        let b = bundle(Endpoint::ALL.iter().map(|e| result(*e, 401, "{}")).collect());
        a.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
    });
    app("limited, waiting to retry", &|a| {
        a.update(
            Event::Opened { url: Some("https://my.uscis.gov/account/case/IOE0912345678".into()), page_text: None },
            &ctx(),
        );
        let mut limited = result(Endpoint::Status, 429, "");
        limited.retry_after = Some("30".into());
        let mut cut = result(Endpoint::Case, 0, "");
        cut.network_error = Some(NetError::Timeout);
        let b = bundle(vec![
            cut,
            limited,
            result(Endpoint::ReceiptInfo, 500, "<html>x</html>"),
            result(Endpoint::Documents, 200, "{\"data\": [1,"),
        ]);
        a.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
    });
    app("not found", &|a| {
        a.update(
            Event::Opened { url: Some("https://my.uscis.gov/account/case/IOE0912345678".into()), page_text: None },
            &ctx(),
        );
        let b = bundle(Endpoint::ALL.iter().map(|e| result(*e, 404, "{}")).collect());
        a.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
    });
    app("one answer missing", &|a| {
        a.update(
            Event::Opened { url: Some("https://my.uscis.gov/account/case/IOE0912345678".into()), page_text: None },
            &ctx(),
        );
        let b = with_failing(Endpoint::Status, 500, "<html>x</html>");
        a.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
        a.update(Event::Painted, &ctx());
    });
    for (i, case) in fixture_cases().into_iter().enumerate() {
        let receipt = case.receipt.clone();
        screens.push((format!("case {i}"), {
            let mut a = App::default();
            a.update(
                Event::OpenedFor { layout: Layout::Embedded, receipt: receipt.clone(), settings: spanish() },
                &at(1_795_694_400_000),
            );
            a.update(Event::Fetched { receipt, result: Ok(case) }, &at(1_795_694_400_000));
            a.update(Event::Painted, &at(1_795_694_400_000));
            a.update(act("timeline-all"), &at(1_795_694_400_000));
            let paths: Vec<String> =
                a.case.as_ref().unwrap().report.timeline.iter().map(|e| e.source.path.clone()).collect();
            for path in paths {
                a.update(Event::Action(Action::EntryValues(path)), &at(1_795_694_400_000));
            }
            a.update(act("v:expand-all"), &at(1_795_694_400_000));
            a.update(act("copy-summary"), &at(1_795_694_400_000));
            a.update(Event::Copied { what: Copied::Summary, ok: true }, &at(1_795_694_400_000));
            a
        }));
    }
    let mut checked = 0;
    for (what, a) in &screens {
        let screen = view(a);
        assert!(screen.find("lang", "es").is_some(), "{what}: the page says it is Spanish");
        let left = english_left(&screen, a, Lang::Es);
        assert!(left.is_empty(), "{what}: English words on a Spanish screen: {left:#?}");
        checked += screen.visible_texts().len();
        // The raw text view too.
        if a.case.is_some() {
            let mut raw = a.clone();
            raw.update(act("v:mode:raw"), &ctx());
            let left = english_left(&view(&raw), &raw, Lang::Es);
            assert!(left.is_empty(), "{what} (text view): {left:#?}");
        }
    }
    assert!(checked > 500, "only {checked} texts looked at");
}

#[test]
fn the_same_check_finds_english_on_an_english_screen() {
    // The check above can fail: the same screen in English trips it.
    let mut a = App::default();
    a.update(
        Event::Opened { url: Some("https://my.uscis.gov/account/case/IOE0912345678".into()), page_text: None },
        &ctx(),
    );
    a.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &at(1_795_694_400_000));
    assert!(english_left(&view(&a), &a, Lang::En).len() > 10);
}

#[test]
fn the_language_switch_changes_every_word_and_is_remembered() {
    let (mut p, _) = opened("https://my.uscis.gov/account/case/IOE0912345678", "");
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &ctx());
    p.update(Event::Painted, &ctx());
    let en = view(&p);
    assert_eq!(en.find("data-lang-switch", "es").map(Node::text_content).as_deref(), Some("Espa\u{f1}ol"));
    let fx = p.update(act("lang:es"), &ctx());
    assert_eq!(fx, [Effect::Save(Settings { theme: Theme::Auto, lang: Lang::Es, mask: false })]);
    let es = view(&p);
    assert!(es.find("data-section", "facts").unwrap().text_content().contains("Resumen"));
    assert_eq!(es.find("data-lang-switch", "en").map(Node::text_content).as_deref(), Some("English"));
    // USCIS's own Spanish status is shown where it sent one, English a click away.
    let text = es.find("data-field", "status-text").unwrap().text_content();
    assert!(text.starts_with("El Caso Est\u{e1} Siendo Revisado Activamente Por USCIS"), "{text}");
    assert!(es.find("data-field", "headline").unwrap().text_content().starts_with("El Caso"));
    p.update(act("status-lang:en"), &ctx());
    assert!(view(&p).find("data-field", "status-text").unwrap().text_content().starts_with("As of January 12, 2026"));
    // And back to English for everything.
    p.update(act("lang:en"), &ctx());
    let back = view(&p);
    assert!(back.find("data-section", "facts").unwrap().text_content().contains("Summary"));
    assert_eq!(back, en);
}

#[test]
fn copy_summary_speaks_the_interface_language() {
    let (mut p, _) = opened("https://my.uscis.gov/account/case/IOE0912345678", "");
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &ctx());
    p.update(act("lang:es"), &ctx());
    let Some(Effect::Copy { text, .. }) = p.update(act("copy-summary"), &ctx()).pop() else { panic!() };
    assert!(text.starts_with("Recibo: IOE0912345678\n"), "{text}");
    assert!(text.contains("Estado: El Caso Est\u{e1} Siendo Revisado Activamente Por USCIS"), "{text}");
    p.update(Event::Copied { what: Copied::Summary, ok: true }, &ctx());
    assert_eq!(view(&p).find("data-toast", "ok").unwrap().text_content(), "Se copi\u{f3} al portapapeles: el resumen.");
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
    let (mut p, _) = opened("https://my.uscis.gov/account/case/IOE0912345678", "");
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &ctx());
    p.update(Event::Painted, &ctx());
    let before = view(&p);
    p.update(Event::Typed { field: "viewer-search".into(), value: "fta".into() }, &ctx());
    let after = view(&p);
    assert_eq!(after.find("id", "viewer-search"), after.find("id", "viewer-search"), "the field keeps what was typed");
    assert_eq!(before.find("data-section", "summary"), after.find("data-section", "summary"));
}

#[test]
fn fetch_again_adds_a_progress_line_without_moving_the_case() {
    // The progress line and the case are keyed: the DOM patcher inserts one
    // and keeps the other (tested in the browser by wasm_boundary.rs).
    let (mut p, _) = opened("https://my.uscis.gov/account/case/IOE0912345678", "");
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

// ---- When part of the case is missing ----------------------------------

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

/// The first element (depth first) with this attribute, its position in
/// document order, so that "on top" can be checked.
fn position(n: &Node, name: &str, value: &str) -> Option<usize> {
    let mut i = 0;
    fn walk(n: &Node, name: &str, value: &str, i: &mut usize) -> Option<usize> {
        *i += 1;
        if let Node::Element { attrs, children, .. } = n {
            if attrs.iter().any(|(k, v)| *k == name && v == value) {
                return Some(*i);
            }
            return children.iter().find_map(|c| walk(c, name, value, i));
        }
        None
    }
    walk(n, name, value, &mut i)
}

#[test]
fn a_failed_answer_is_said_on_top_and_what_depends_on_it_is_unknown_because_of_it() {
    let (mut p, _) = opened("https://my.uscis.gov/account/case/IOE0912345678", "");
    let b = with_failing(Endpoint::Status, 500, "<html>oops</html>");
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &at(0));
    p.update(Event::Painted, &at(0));
    let v = view(&p);
    let notice = v.find("data-state", "missing").unwrap().text_content();
    assert!(notice.contains("The status could not be read: USCIS's server had a problem (HTTP 500)."), "{notice}");
    assert!(notice.contains("Shown: case, receipt info, documents."), "{notice}");
    assert!(position(&v, "data-state", "missing") < position(&v, "data-section", "summary"), "on top");
    let headline = v.find("data-field", "headline").unwrap().text_content();
    assert_eq!(headline, "Status not known: the status answer could not be read");
    assert!(!v.text_content().contains("No status title in USCIS's answer"));
    // Everything that did arrive is shown.
    assert!(v.find("data-field", "form").is_some());
    assert!(v.find("data-section", "timeline").is_some());
}

#[test]
fn still_limited_after_the_one_retry_says_what_was_done_and_when_to_ask_again() {
    let mut p = case_page();
    let limited = || {
        let mut l = result(Endpoint::Status, 429, "");
        l.retry_after = Some("60".into());
        l
    };
    let b = bundle(vec![
        result(Endpoint::Case, 200, "{\"data\":{}}"),
        limited(),
        result(Endpoint::ReceiptInfo, 200, "{\"data\":null}"),
        result(Endpoint::Documents, 200, "{\"data\":[]}"),
    ]);
    // 15:00:00 UTC.
    let t0 = 15 * 3_600_000;
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &at(t0));
    assert!(p.limited_until.is_none(), "the one retry is still to come");
    p.update(Event::Tick, &at(t0 + 60_000));
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(bundle(vec![limited()])) }, &at(t0 + 61_000));
    let v = view(&p);
    let line = v.find("data-state", "limited").unwrap().text_content();
    assert_eq!(line, "Not tried again, to respect USCIS's limit. Fetch again is available at 3:02 PM.");
    assert!(v.find("data-state", "missing").unwrap().text_content().contains("USCIS is limiting requests"));
    // "Fetch again" waits for it too, and says so.
    assert!(p.update(act("refresh"), &at(t0 + 100_000)).is_empty());
    assert!(view(&p).find("data-action", "refresh").unwrap().text_content().starts_with("Fetch again (in 21 s)"));
    // In Spanish, a 24-hour clock.
    let mut es = p.clone();
    es.update(act("lang:es"), &at(t0 + 100_000));
    let line = view(&es).find("data-state", "limited").unwrap().text_content();
    assert!(line.ends_with("a las 15:02."), "{line}");
    assert_eq!(p.update(act("refresh"), &at(t0 + 121_000)).len(), 1);
    assert!(view(&p).find("data-state", "limited").is_none(), "asking again: the line goes");
}

#[test]
fn signed_out_shows_only_how_to_sign_in() {
    let (mut p, _) = opened("https://my.uscis.gov/account/case/IOE0912345678", "");
    let b = bundle(Endpoint::ALL.iter().map(|e| result(*e, 401, "{}")).collect());
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
    p.update(Event::Painted, &ctx());
    let v = view(&p);
    assert!(v.find("data-state", "signed-out").is_some());
    for gone in ["summary", "glance", "raw"] {
        assert!(v.find("data-section", gone).is_none(), "{gone} under the sign-in notice");
    }
    let text = v.text_content();
    assert!(!text.contains("No status title") && !text.contains("Not known"), "{text}");
    assert!(v.find("data-action", "refresh").is_some(), "after signing in, Fetch again");
}

#[test]
fn a_receipt_uscis_does_not_know_for_this_account_is_said_so_and_not_retried() {
    let (mut p, _) = opened("https://my.uscis.gov/account/case/IOE0912345678", "");
    let b = bundle(Endpoint::ALL.iter().map(|e| result(*e, 404, "{\"error\":\"Not Found\"}")).collect());
    let fx = p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
    assert!(!fx.iter().any(|e| matches!(e, Effect::Fetch { .. })) && !matches!(p.fetch, FetchState::WaitingToRetry(_)));
    p.update(Event::Painted, &ctx());
    let v = view(&p);
    assert_eq!(
        v.find("data-state", "not-found").unwrap().text_content().split('.').next(),
        Some("USCIS has no case with this number for the account you are signed in to")
    );
    assert!(v.find("data-section", "summary").is_none());
    assert!(p.update(Event::Tick, &at(60_000)).is_empty(), "not retried");
}

#[test]
fn every_value_of_a_timeline_entry_opens_and_closes_in_place() {
    let (mut p, _) = opened("https://my.uscis.gov/account/case/IOE0912345678", "");
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &ctx());
    p.update(Event::Painted, &ctx());
    assert!(view(&p).find("data-values", "$.data.notices[0]").is_none());
    p.update(act("values:$.data.notices[0]"), &ctx());
    let v = view(&p);
    let values = v.find("data-values", "$.data.notices[0]").unwrap();
    assert!(values.text_content().contains("letterId411592235"), "{}", values.text_content());
    assert!(values.find("data-action", "v:show:cases:$.data.notices[0].letterId").is_some());
    let opener = v.find("data-action", "values:$.data.notices[0]").unwrap();
    assert!(matches!(opener, Node::Element { attrs, .. } if attrs.contains(&("aria-expanded", "true".into()))));
    p.update(act("values:$.data.notices[0]"), &ctx());
    assert!(view(&p).find("data-values", "$.data.notices[0]").is_none());
}

// ---- Masking --------------------------------------------------------------

/// What must never be seen of a case once masked: the receipt's digits, the
/// names, the opaque ids.
fn secrets(b: &Bundle) -> Vec<String> {
    let mut out = vec![b.receipt.as_str()[3..10].to_string()];
    let Some(case) = b.get(Endpoint::Case) else { return out };
    let v: serde_json::Value = serde_json::from_str(&case.body).unwrap();
    let d = &v["data"];
    for key in ["applicantName", "representativeName"] {
        if let Some(n) = d[key].as_str() {
            out.extend(n.split([',', ' ']).filter(|p| p.len() >= 3).map(String::from));
        }
    }
    for n in d["notices"].as_array().into_iter().flatten() {
        out.push(n["letterId"].to_string().trim_matches('"').to_string());
    }
    for e in d["events"].as_array().into_iter().flatten() {
        out.extend(e["eventId"].as_str().map(String::from));
    }
    out
}

#[test]
fn with_masking_on_nothing_personal_is_on_screen_copied_or_saved() {
    for case in fixture_cases() {
        let receipt = case.receipt.clone();
        let hidden = secrets(&case);
        let mut p = App::default();
        p.update(
            Event::Opened { url: Some(format!("https://my.uscis.gov/account/case/{receipt}")), page_text: None },
            &ctx(),
        );
        p.update(Event::Fetched { receipt: receipt.clone(), result: Ok(case.clone()) }, &ctx());
        assert_eq!(p.update(act("mask"), &ctx()), [Effect::Save(Settings { mask: true, ..Settings::default() })]);
        p.update(Event::Painted, &ctx());
        p.update(act("timeline-all"), &ctx());
        p.update(act("v:expand-all"), &ctx());
        // (The receipt field's placeholder is an example, not the case's.)
        let screen = view(&p).visible_texts().into_iter().filter(|t| t != "IOE0912345678").collect::<Vec<_>>();
        let mut outputs = vec![screen.join("\n")];
        let mut actions: Vec<String> = Endpoint::ALL.iter().map(|e| format!("copy-raw:{}", e.key())).collect();
        actions.extend(["copy-all".into(), "copy-summary".into(), "download".into()]);
        for a in &actions {
            for fx in p.update(act(a), &ctx()) {
                match fx {
                    Effect::Copy { text, .. } => outputs.push(text),
                    Effect::Download { name, text } => outputs.push(format!("{name}\n{text}")),
                    _ => {}
                }
            }
        }
        assert_eq!(outputs.len(), 1 + actions.len());
        for out in &outputs {
            for s in &hidden {
                if let Some(at) = out.find(s.as_str()) {
                    let from = out[..at].char_indices().rev().nth(80).map(|(i, _)| i).unwrap_or(0);
                    let to = out[at..].char_indices().nth(80).map(|(i, _)| at + i).unwrap_or(out.len());
                    panic!("{receipt}: {s:?} in \u{2026}{}\u{2026}", &out[from..to]);
                }
            }
        }
        assert!(outputs[0].contains("Masked: names, receipt numbers"), "the screen says it is masked");
        assert!(outputs.iter().any(|o| o.starts_with("{\n  \"masked\": true")), "copy all says it is masked");
        // Off again: exactly as sent.
        p.update(act("mask"), &ctx());
        let Some(Effect::Copy { text, .. }) = p.update(act("copy-raw:cases"), &ctx()).pop() else { panic!() };
        assert_eq!(text, &*case.get(Endpoint::Case).unwrap().body);
    }
}

#[test]
fn the_forum_post_is_short_readable_markdown_and_always_masked() {
    for case in fixture_cases() {
        let receipt = case.receipt.clone();
        let hidden = secrets(&case);
        let (mut p, _) = opened(&format!("https://my.uscis.gov/account/case/{receipt}"), "");
        p.update(Event::Fetched { receipt: receipt.clone(), result: Ok(case) }, &ctx());
        assert!(!p.settings.mask, "masked even with the switch off");
        let Some(Effect::Copy { text, what }) = p.update(act("copy-forum"), &ctx()).pop() else { panic!() };
        assert_eq!(what, Copied::Forum);
        for s in &hidden {
            assert!(!text.contains(s.as_str()), "{receipt}: {s:?} in {text}");
        }
        let first = text.lines().next().unwrap();
        assert!(first.starts_with("**I-"), "{first}");
        assert!(text.contains(": reached, shown by ") || text.contains("- Stage: "), "{text}");
        assert!(text.lines().filter(|l| l.starts_with("- ") && l.contains(" \u{2013} ")).count() >= 2, "{text}");
        assert!(text.trim_end().ends_with("are masked._"), "{text}");
        assert!(text.len() < 2500, "short: {} bytes", text.len());
    }
}

#[test]
fn a_masked_number_says_it_was_a_number() {
    let case = fixture_cases().pop().unwrap(); // i130: a numeric letterId
    let receipt = case.receipt.clone();
    let (mut p, _) = opened(&format!("https://my.uscis.gov/account/case/{receipt}"), "");
    p.update(Event::Fetched { receipt, result: Ok(case) }, &ctx());
    p.update(act("mask"), &ctx());
    p.update(act("v:expand-all"), &ctx());
    let v = view(&p);
    let letter = v.find("data-path", "$.data.notices[0].letterId").unwrap();
    assert!(letter.find("data-masked-number", "").is_some(), "{}", letter.text_content());
    assert!(!letter.text_content().contains("123456789012345678901"));
    p.update(act("mask"), &ctx());
    assert!(view(&p).find("data-masked-number", "").is_none());
}
