//! The printable record ("Print / save as PDF").

use super::*;

fn print_page(case: Bundle, settings: Settings) -> (App, Vec<Effect>) {
    let mut p = App::default();
    let receipt = case.receipt.clone();
    p.update(Event::OpenedFor { layout: Layout::Print, receipt: receipt.clone(), settings }, &at(1_790_000_000_000));
    let fx = p.update(Event::Fetched { receipt, result: Ok(case) }, &at(1_790_000_000_000));
    (p, fx)
}

#[test]
fn print_opens_the_record_in_a_tab_and_prints_there() {
    let (mut popup, _) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "");
    popup.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &ctx());
    popup.update(Event::Painted, &ctx());
    assert!(view(&popup).find("data-action", "print").is_some(), "offered beside the other ways to share");
    assert_eq!(popup.update(act("print"), &ctx()), [Effect::OpenTab { receipt: r("IOE0912345678"), print: true }]);
    let (mut page, _) = print_page(fixture_case(), Settings::default());
    assert_eq!(page.update(act("print"), &ctx()), [Effect::Print], "on the record itself, the button prints");
}

#[test]
fn the_print_window_opens_once_after_the_whole_case_is_painted() {
    let (mut p, fx) = print_page(fixture_case(), Settings::default());
    assert!(fx.contains(&Effect::AfterPaint), "{fx:?}");
    // The first frame (summary only) is painted: the whole case comes next,
    // and only once that is painted does the print window open.
    assert_eq!(p.update(Event::Painted, &ctx()), [Effect::AfterPaint]);
    assert!(view(&p).find("data-section", "timeline").is_some());
    assert_eq!(p.update(Event::Painted, &ctx()), [Effect::Print]);
    assert_eq!(p.update(Event::Painted, &ctx()), [], "never twice by itself");
}

#[test]
fn nothing_is_printed_by_itself_for_a_signed_out_answer() {
    let signed_out = bundle(Endpoint::ALL.iter().map(|e| result(*e, 401, "")).collect());
    let (mut p, _) = print_page(signed_out, Settings::default());
    for _ in 0..3 {
        assert!(!p.update(Event::Painted, &ctx()).contains(&Effect::Print));
    }
    assert!(view(&p).find("data-state", "signed-out").is_some());
}

#[test]
fn the_record_shows_everything_open_and_the_raw_answers_whole() {
    let case = fixture_case();
    let (mut p, _) = print_page(case.clone(), Settings::default());
    p.update(Event::Painted, &ctx());
    let page = view(&p);
    let text = page.visible_texts().join("\n");
    assert!(text.contains("USCIS case record (CaseScope)"), "{text}");
    assert!(page.find("data-field", "printed").unwrap().text_content().starts_with("Printed Sep 21, 2026"), "{text}");
    assert!(page.find("data-field", "unofficial").unwrap().text_content().starts_with("Unofficial:"));
    assert_eq!(page.find("data-field", "receipt").unwrap().text_content(), "IOE0912345678");
    assert!(page.find("data-section", "details").unwrap().find("open", "").is_some(), "every field, open");
    assert!(page.find("data-section", "timeline").is_some() && page.find("data-section", "glance").is_some());
    assert!(page.find("data-viewer", "").is_none() && page.find("class", "diagnostics").is_none(), "no tools");
    // Every answer whole, laid out one value a line, every token as sent.
    for res in &case.results {
        let shown = page.find("data-endpoint", res.endpoint.key()).unwrap().text_content();
        assert!(shown.contains(&crate::text::pretty_json(&res.body)), "{}", res.endpoint.key());
    }
    let bar = page.find("class", "print-bar no-print").unwrap();
    assert_eq!(bar.actions(), ["print"], "one button, which print styles hide");
}

#[test]
fn a_masked_record_has_nothing_personal_and_says_so() {
    for case in fixture_cases() {
        let hidden = super::mask::secrets(&case);
        let (mut p, _) = print_page(case.clone(), Settings { mask: true, ..Settings::default() });
        p.update(Event::Painted, &ctx());
        let text = view(&p).visible_texts().join("\n");
        assert!(text.contains("Masked: names, receipt numbers"), "{text}");
        for s in &hidden {
            assert!(!text.contains(s.as_str()), "{}: {s:?} on the masked record", case.receipt);
        }
        // Off: the same record has them.
        let (mut plain, _) = print_page(case.clone(), Settings::default());
        plain.update(Event::Painted, &ctx());
        assert!(view(&plain).visible_texts().join("\n").contains(case.receipt.as_str()));
    }
}
