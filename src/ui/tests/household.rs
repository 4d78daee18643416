//! All the cases on the account: the page's own list, marks, "Check all".

use super::*;
use crate::history::CaseHistory;

const CARDS: &str = r#"{"cases": [
    {"receiptNumber": "IOE0912345678", "formType": "I-485", "statusTitle": "Case Was Received"},
    {"receiptNumber": "IOE0887654321", "formType": "I-765", "statusTitle": "Card Was Mailed To Me"}
]}"#;

fn account(settings: Settings) -> (App, Vec<Effect>) {
    let mut p = App::default();
    p.update(Event::Settings(settings), &ctx());
    p.update(Event::PageCards { text: CARDS.into(), loaded_ms: None }, &ctx());
    let text = "Your cases IOE0912345678 IOE0887654321 and also IOE0955500011";
    let fx = p.update(
        Event::Opened { url: Some("https://my.uscis.gov/account/applicant".into()), page_text: Some(text.into()) },
        &ctx(),
    );
    (p, fx)
}

fn case_of(receipt: &str) -> Bundle {
    let mut b = fixture_case();
    b.receipt = r(receipt);
    b.fetched_at_ms = 5_000.0;
    b
}

#[test]
fn the_account_lists_every_case_with_its_form_and_status() {
    let (p, fx) = account(Settings::default());
    assert_eq!(fx, [], "nothing asked before the user chooses or checks");
    assert_eq!(
        p.account.receipts,
        [r("IOE0912345678"), r("IOE0887654321"), r("IOE0955500011")],
        "the list first, then the text"
    );
    let text = view(&p).visible_texts().join("\n");
    assert!(
        text.contains(
            "I-485 \u{2013} Application to Register Permanent Residence or Adjust Status \u{b7} Case Was Received"
        ),
        "{text}"
    );
    assert!(
        text.contains("I-765 \u{2013} Application for Employment Authorization \u{b7} Card Was Mailed To Me"),
        "{text}"
    );
    assert!(view(&p).find("data-action", "check-all").unwrap().text_content().contains("Check all 3 cases"));
}

#[test]
fn remembered_cases_say_whether_their_last_look_changed() {
    let (mut p, fx) = account(Settings { remember: Some(true), ..Settings::default() });
    assert_eq!(fx, [Effect::LoadKeptList(p.account.receipts.clone())]);
    let mut changed = CaseHistory::new(r("IOE0912345678"));
    changed.add(1_000, &[(Endpoint::Case, Some("{\"a\": 1}"))]);
    changed.add(2_000, &[(Endpoint::Case, Some("{\"a\": 2}"))]);
    let mut same = CaseHistory::new(r("IOE0887654321"));
    same.add(1_000, &[(Endpoint::Case, Some("{}"))]);
    same.add(2_000, &[(Endpoint::Case, Some("{}"))]);
    p.update(
        Event::KeptList(vec![
            (r("IOE0912345678"), Ok(Some(changed))),
            (r("IOE0887654321"), Ok(Some(same))),
            (r("IOE0955500011"), Ok(None)),
        ]),
        &ctx(),
    );
    assert_eq!(p.account.changed_count(), 1);
    let v = view(&p);
    assert_eq!(
        v.find("data-changed", "true").unwrap().text_content(),
        " I-485 \u{2013} Application to Register Permanent Residence or Adjust Status \u{b7} Case Was Received \u{b7} changed at the last look (Jan 1, 1970, 12:00 AM)"
    );
    assert!(v.find("data-changed", "false").unwrap().text_content().contains("no change at the last look"));
}

#[test]
fn check_all_asks_one_case_at_a_time_keeps_each_look_and_sets_the_badge() {
    let (mut p, _) = account(Settings { remember: Some(true), ..Settings::default() });
    let fx = p.update(act("check-all"), &ctx());
    assert_eq!(fx, [Effect::CheckCase { receipt: r("IOE0912345678"), with_kept: true }]);
    assert_eq!(p.update(act("check-all"), &ctx()), [], "not twice at once");
    assert!(view(&p).find("data-state", "checking").unwrap().text_content().contains("Checking 1 of 3"));
    let mut before = CaseHistory::new(r("IOE0912345678"));
    before.add(1, &[(Endpoint::Case, Some("{\"old\": true}"))]);
    let fx = p.update(
        Event::Checked {
            receipt: r("IOE0912345678"),
            result: Ok(case_of("IOE0912345678")),
            kept: Some(Ok(Some(before))),
        },
        &ctx(),
    );
    assert!(fx.iter().any(|e| matches!(e, Effect::SaveKept(h) if h.looks.len() == 2)), "{fx:?}");
    assert!(fx.contains(&Effect::CheckCase { receipt: r("IOE0887654321"), with_kept: true }));
    let fx = p.update(
        Event::Checked { receipt: r("IOE0887654321"), result: Ok(case_of("IOE0887654321")), kept: Some(Ok(None)) },
        &ctx(),
    );
    assert!(fx.contains(&Effect::CheckCase { receipt: r("IOE0955500011"), with_kept: true }));
    let fx = p.update(
        Event::Checked { receipt: r("IOE0955500011"), result: Err(FetchError::Unreadable), kept: Some(Ok(None)) },
        &ctx(),
    );
    assert_eq!(fx, [Effect::Badge(1)], "one remembered case changed");
    let text = view(&p).visible_texts().join("\n");
    assert!(text.contains("Checked 3 cases.") && text.contains("could not be read"), "{text}");
    assert!(text.contains("Case Is Being Actively Reviewed By USCIS"), "the status just read: {text}");
}

#[test]
fn check_all_stops_at_the_first_sign_in_or_rate_limit_answer() {
    for (status, says) in [(401, "you are signed out"), (429, "USCIS asks to wait")] {
        let (mut p, _) = account(Settings::default());
        p.update(act("check-all"), &ctx());
        let mut answer = bundle(Endpoint::ALL.iter().map(|e| result(*e, status, "")).collect());
        answer.receipt = r("IOE0912345678");
        let fx = p.update(Event::Checked { receipt: r("IOE0912345678"), result: Ok(answer), kept: None }, &ctx());
        assert_eq!(fx, [], "{status}: no more requests, and no badge without remembering");
        let text = view(&p).visible_texts().join("\n");
        assert!(text.contains(says), "{text}");
    }
}

#[test]
fn a_row_says_when_the_case_was_filed_and_updated_and_the_status_once_known() {
    let page = r#"{"cases": [
        {"receiptNumber": "IOE0912345678", "formType": "I-485", "submissionDate": "2025-10-21",
         "updatedAtTimestamp": "2026-04-28T01:49:16.139Z"},
        {"receiptNumber": "IOE0887654321", "formType": "I-765"}
    ]}"#;
    let mut p = App::default();
    p.update(Event::Settings(Settings { remember: Some(true), ..Settings::default() }), &ctx());
    p.update(Event::PageCards { text: page.into(), loaded_ms: None }, &ctx());
    p.update(
        Event::Opened { url: Some("https://my.uscis.gov/account/applicant".into()), page_text: Some(String::new()) },
        &ctx(),
    );
    let row = |p: &App, r: &str| view(p).find("data-case", r).unwrap().visible_texts().join(" ");
    // The live page's list has no status title: none is shown, none guessed.
    assert_eq!(row(&p, "IOE0912345678"), "IOE0912345678  I-485 \u{2013} Application to Register Permanent Residence or Adjust Status \u{b7} filed Oct 21, 2025 \u{b7} updated Apr 28, 2026");
    assert_eq!(row(&p, "IOE0887654321"), "IOE0887654321  I-765 \u{2013} Application for Employment Authorization");
    // The status of the last copy kept.
    let mut kept = CaseHistory::new(r("IOE0887654321"));
    kept.add(1_000, &[(Endpoint::Status, Some(r#"{"data": {"statusTitle": "Card Was Mailed To Me"}}"#))]);
    p.update(Event::KeptList(vec![(r("IOE0887654321"), Ok(Some(kept)))]), &ctx());
    assert!(row(&p, "IOE0887654321").starts_with(
        "IOE0887654321  I-765 \u{2013} Application for Employment Authorization \u{b7} Card Was Mailed To Me \u{b7} "
    ));
    // The status of the case fetched this session.
    p.update(act("choose:IOE0912345678"), &ctx());
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &ctx());
    assert!(row(&p, "IOE0912345678")
        .contains("Adjust Status \u{b7} Case Is Being Actively Reviewed By USCIS \u{b7} filed Oct 21"));
    let mut es = p.clone();
    es.settings.lang = Lang::Es;
    assert!(row(&es, "IOE0912345678").contains("presentado el 21 de octubre de 2025"), "{}", row(&es, "IOE0912345678"));
}

#[test]
fn a_remembered_case_can_be_named_and_the_name_is_kept_with_its_record() {
    let (mut p, _) = account(Settings { remember: Some(true), ..Settings::default() });
    let mut h = CaseHistory::new(r("IOE0887654321"));
    h.add(1_000, &[(Endpoint::Case, Some("{}"))]);
    p.update(Event::KeptList(vec![(r("IOE0887654321"), Ok(Some(h.clone())))]), &ctx());
    // Only a remembered case can be named.
    assert!(view(&p).find("data-action", "name:IOE0912345678").is_none());
    assert_eq!(p.update(act("name:IOE0912345678"), &ctx()), []);
    assert_eq!(p.update(act("name:IOE0887654321"), &ctx()), [Effect::Focus("nickname-input".into())]);
    assert!(view(&p).find("id", "nickname-input").is_some());
    p.update(Event::Typed { field: "nickname-input".into(), value: "  Mom's   work permit ".into() }, &ctx());
    let fx = p.update(Event::Nickname("  Mom's   work permit ".into()), &ctx());
    assert_eq!(fx, [Effect::SetNickname { receipt: r("IOE0887654321"), name: Some("Mom's work permit".into()) }]);
    assert!(view(&p).find("id", "nickname-input").is_none(), "the field closes");
    let row = view(&p).find("data-case", "IOE0887654321").unwrap().visible_texts().join(" ");
    assert!(row.starts_with("Mom's work permit IOE0887654321"), "{row}");
    // Hidden while masking (a name may name a person).
    let mut masked = p.clone();
    masked.settings.mask = true;
    assert!(view(&masked).find("data-nickname", "").is_none());
    // Renamed to nothing: removed.
    p.update(act("name:IOE0887654321"), &ctx());
    assert_eq!(
        p.account.naming.as_ref().map(|(_, t)| t.as_str()),
        Some("Mom's work permit"),
        "the field starts with the name"
    );
    assert_eq!(
        p.update(Event::Nickname("   ".into()), &ctx()),
        [Effect::SetNickname { receipt: r("IOE0887654321"), name: None }]
    );
    assert!(view(&p).find("data-nickname", "").is_none());
    // Remembering off: no naming.
    let (mut off, _) = account(Settings { remember: Some(false), ..Settings::default() });
    off.update(Event::KeptList(vec![(r("IOE0887654321"), Ok(Some(h)))]), &ctx());
    assert_eq!(off.update(act("name:IOE0887654321"), &ctx()), []);
}

#[test]
fn a_kept_name_is_clean_text_and_a_record_with_another_is_refused() {
    use crate::history::{clean_nickname, CaseHistory, MAX_NICKNAME};
    assert_eq!(clean_nickname(" a \t b "), Some("a b".into()));
    assert_eq!(clean_nickname("   "), None);
    assert_eq!(clean_nickname("bell\u{7}"), None);
    assert_eq!(clean_nickname(&"é".repeat(100)).map(|n| n.chars().count()), Some(MAX_NICKNAME));
    assert_eq!(
        clean_nickname("<img src=x onerror=alert(1)>").as_deref(),
        Some("<img src=x onerror=alert(1)>"),
        "text, shown as text"
    );
    let mut h = CaseHistory::new(r("IOE0912345678"));
    h.nickname = Some("Dad's card".into());
    assert_eq!(CaseHistory::from_json(&h.to_json()).unwrap().nickname.as_deref(), Some("Dad's card"));
    h.nickname = Some("two  spaces".into());
    assert!(CaseHistory::from_json(&h.to_json()).is_err(), "a name CaseScope would not keep");
}

#[test]
fn a_remembered_row_says_when_the_pages_data_shows_a_change_since_the_last_look() {
    let page = r#"{"cases": [{"receiptNumber": "IOE0912345678", "formType": "I-485", "events": [{"eventId": "new"}]},
        {"receiptNumber": "IOE0887654321", "formType": "I-765", "events": [{"eventId": "a"}]}]}"#;
    let mut p = App::default();
    p.update(Event::Settings(Settings { remember: Some(true), ..Settings::default() }), &ctx());
    p.update(Event::PageCards { text: page.into(), loaded_ms: None }, &ctx());
    let fx = p.update(
        Event::Opened { url: Some("https://my.uscis.gov/account/applicant".into()), page_text: Some(String::new()) },
        &ctx(),
    );
    assert_eq!(fx, [Effect::LoadKeptList(vec![r("IOE0912345678"), r("IOE0887654321")])], "nothing asked of USCIS");
    let kept = |id: &str| {
        let mut h = CaseHistory::new(r("IOE0912345678"));
        h.add(1_000, &[(Endpoint::Case, Some(&format!(r#"{{"data": {{"events": [{{"eventId": "{id}"}}]}}}}"#)))]);
        h
    };
    p.update(
        Event::KeptList(vec![(r("IOE0912345678"), Ok(Some(kept("a")))), (r("IOE0887654321"), Ok(Some(kept("a"))))]),
        &ctx(),
    );
    let row = |r: &str| view(&p).find("data-case", r).unwrap().visible_texts().join(" ");
    assert!(
        row("IOE0912345678")
            .contains("first look kept (Jan 1, 1970, 12:00 AM) \u{b7} the page shows a change since then"),
        "{}",
        row("IOE0912345678")
    );
    assert!(!row("IOE0887654321").contains("the page shows"), "{}", row("IOE0887654321"));
}
