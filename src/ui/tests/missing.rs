//! When part of the case is missing, and what USCIS recorded.

use super::*;

// ---- When part of the case is missing ----------------------------------

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
    let (mut p, _) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "");
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
    assert!(p.case_view().unwrap().limited_until.is_none(), "the one retry is still to come");
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
    let (mut p, _) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "");
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
    let (mut p, _) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "");
    let b = bundle(Endpoint::ALL.iter().map(|e| result(*e, 404, "{\"error\":\"Not Found\"}")).collect());
    let fx = p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Fetch { .. })) && !matches!(p.fetch(), FetchState::WaitingToRetry(_))
    );
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
    let (mut p, _) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "");
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
