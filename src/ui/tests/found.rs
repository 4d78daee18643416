//! What the page shows when its data is not there: each card's own words,
//! said as the page's; what CaseScope found, loud only where something is
//! missed; the report for CaseScope's maintainers, shown before it is
//! copied.

use super::*;
use crate::cards::{Found, Layout};
use crate::protocol::CardText;

const ACCOUNT: &str = "https://my.uscis.gov/account/applicant";

/// Cards as the text-only readings of the page show them (CaseLens's
/// replica, `test/backdrop.html`), as `innerText` gives them.
fn texts() -> Vec<CardText> {
    let card = |closed: &str, form: &str, receipt: &str, day: &str, status: &str| CardText {
        receipt: r(receipt),
        text: format!(
            "{closed}{form}\nSubmitted on March 14, 2026 | Receipt # {receipt}\nCase Status\tCase History\tDocuments\n\
             {day}\n{status}\nOn {day}, … Receipt Number {receipt}.\nCurrent as of today at 9:14 a.m."
        ),
    };
    vec![
        card(
            "",
            "I-485, Application to Register Permanent Residence or Adjust Status",
            "IOE0912345678",
            "July 12, 2026",
            "Case Is Being Actively Reviewed By USCIS",
        ),
        card(
            "Case closed\n",
            "I-765, Application for Employment Authorization",
            "IOE0887654321",
            "June 1, 2026",
            "Card Was Picked Up By The United States Postal Service",
        ),
        card("", "I-131, Application for Travel Document", "IOE0955500011", "March 16, 2026", "Case Was Received"),
    ]
}

fn found(unplaced: Vec<ReceiptNumber>) -> Found {
    Found { layout: Layout::ByText, cards: 3, by_id: 0, receipts: 3 + unplaced.len(), unplaced }
}

/// The popup on an account page read by its text alone (no data in it).
fn text_account(unplaced: Vec<ReceiptNumber>) -> (App, Vec<Effect>) {
    let mut p = App::default();
    let seen = Event::PageSeen {
        url: Some(ACCOUNT.into()),
        found: Some(found(unplaced)),
        texts: texts(),
        user_agent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0.0.0 Safari/537.36".into(),
    };
    p.update(seen, &ctx());
    let text: String = texts().iter().map(|t| t.text.clone()).collect::<Vec<_>>().join("\n");
    let fx = p.update(Event::Opened { url: Some(ACCOUNT.into()), page_text: Some(text) }, &ctx());
    (p, fx)
}

fn about(p: &App, receipt: &str) -> String {
    view(p).find("data-case", receipt).map(|n| n.visible_texts().join(" ")).unwrap_or_default()
}

#[test]
fn with_no_data_in_the_page_the_overview_lists_each_case_with_its_cards_own_words() {
    let (p, fx) = text_account(vec![]);
    assert_eq!(fx, [], "nothing is asked before a case is chosen");
    assert_eq!(p.account.receipts, [r("IOE0912345678"), r("IOE0887654321"), r("IOE0955500011")]);
    let i765 = about(&p, "IOE0887654321");
    assert!(i765.contains("I-765 \u{2013} Application for Employment Authorization"), "{i765}");
    assert!(
        i765.contains("Card Was Picked Up By The United States Postal Service (as the account page shows it)"),
        "{i765}"
    );
    assert!(i765.contains("case closed (as the account page shows it)"), "{i765}");
    assert!(i765.contains("filed Mar 14, 2026"), "{i765}");
    assert!(!about(&p, "IOE0912345678").contains("closed"));
    // Masking hides the receipts, not the page's words about the case.
    let mut masked = p.clone();
    masked.update(act("mask"), &ctx());
    let text = view(&masked).visible_texts().join("\n");
    assert!(!text.contains("0887654321"), "{text}");
}

#[test]
fn the_cards_words_stand_on_the_first_screen_until_uscis_answers_and_never_as_its_answer() {
    let (mut p, _) = text_account(vec![]);
    let fx = p.update(act("choose:IOE0887654321"), &ctx());
    assert_eq!(fx, [fetch("IOE0887654321")]);
    let words = view(&p).find("data-state", "page-words").map(|n| n.visible_texts().join("\n")).unwrap_or_default();
    assert!(words.starts_with("As the account page shows it, until USCIS answers:"), "{words}");
    assert!(words.contains("Card Was Picked Up By The United States Postal Service \u{b7} Jun 1, 2026"), "{words}");
    assert!(words.contains("case closed"), "{words}");
    assert!(p.loaded().is_none(), "the page's words are no answer: nothing is decoded from them");
    // USCIS answers: its answer takes the screen, the page's words go.
    let mut b = fixture_case();
    b.receipt = r("IOE0887654321");
    p.update(Event::Fetched { receipt: r("IOE0887654321"), result: Ok(b) }, &ctx());
    assert!(view(&p).find("data-state", "page-words").is_none());
}

#[test]
fn what_was_found_is_said_quietly_and_a_receipt_with_no_card_on_the_first_screen() {
    let (p, _) = text_account(vec![]);
    let v = view(&p);
    let section = v.find("data-section", "found").expect("the found section");
    assert!(section.find("open", "").is_none(), "closed by default");
    let text = section.visible_texts().join("\n");
    assert!(text.contains("How the cases were found: cards found by what they say"), "{text}");
    assert!(text.contains("Cards with a CaseScope button: 3. Receipt numbers in the page's text: 3."), "{text}");
    assert!(text.contains("The page carries no data of its own for its cases"), "{text}");
    assert!(v.find("data-state", "unplaced").is_none(), "nothing missed, nothing said up front");

    let (p, _) = text_account(vec![r("IOE0811112222")]);
    let line = view(&p).find("data-state", "unplaced").map(|n| n.visible_texts().join(" ")).unwrap();
    assert_eq!(
        line,
        "Receipt numbers on this page with no CaseScope button beside them: IOE0811112222. Choose one in the list below to see it."
    );
    // The data cut short: said in the section only (the cases still show).
    let mut p = App::default();
    p.update(Event::PageCards { text: "{\"cases\": [{\"receiptNumber\": \"IOE09".into(), loaded_ms: None }, &ctx());
    p.update(
        Event::Opened { url: Some(ACCOUNT.into()), page_text: Some("IOE0912345678 IOE0887654321".into()) },
        &ctx(),
    );
    let text = view(&p).find("data-section", "found").unwrap().visible_texts().join("\n");
    assert!(text.contains("The page carries data for its cases, but it could not be read"), "{text}");
}

#[test]
fn the_maintainers_report_is_shown_before_it_is_copied_and_says_nothing_personal() {
    let (mut p, _) = text_account(vec![r("IOE0811112222")]);
    p.update(act("choose:IOE0912345678"), &ctx());
    p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &ctx());
    assert!(view(&p).find("data-report", "").is_none(), "not made until asked for");
    assert_eq!(p.update(act("copy-report"), &ctx()), [], "nothing to copy before it is shown");
    p.update(act("show-report"), &ctx());
    let v = view(&p);
    let shown = v.find("data-report", "").map(|n| n.visible_texts().join("")).unwrap();
    for want in [
        "browser: Chrome 156",
        "layout: cards by text",
        "without a card: 1",
        "page data: absent",
        "case_status: HTTP 200 application/json, JSON, read",
        "$.data.formType: \"I-485\"",
    ] {
        assert!(shown.contains(want), "{want} not in\n{shown}");
    }
    for personal in include_str!("../../../tests/fixtures/i485-pending/personal.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        assert!(!shown.contains(personal.trim()), "{personal} in\n{shown}");
    }
    assert!(!shown.contains("0912345678") && !shown.contains("0811112222"));
    // Copied as shown.
    let fx = p.update(act("copy-report"), &ctx());
    assert_eq!(fx, [Effect::Copy { text: shown.clone(), what: Copied::Report }]);
    // Another case: the report shown was of the first one, so it goes.
    p.update(act("choose:IOE0887654321"), &ctx());
    assert!(view(&p).find("data-report", "").is_none());
}
