//! Masking personal details, and the forum post.

use super::*;

// ---- Masking --------------------------------------------------------------

/// What must never be seen of a case once masked: the personal strings
/// planted in its fixture (`personal.txt`: names, the receipt's digits,
/// A-number, SSN, birth dates, addresses, e-mail, phone, opaque ids).
pub(super) fn secrets(b: &Bundle) -> Vec<String> {
    let list = match b.receipt.as_str() {
        "IOE0912345678" => include_str!("../../../tests/fixtures/i485-pending/personal.txt"),
        "IOE0887654321" => include_str!("../../../tests/fixtures/i765-card-mailed/personal.txt"),
        "IOE0955500011" => include_str!("../../../tests/fixtures/i131-evidence-requested/personal.txt"),
        "IOE0944455566" => include_str!("../../../tests/fixtures/i130-recorded-later/personal.txt"),
        "IOE0966677788" => include_str!("../../../tests/fixtures/n400-personal/personal.txt"),
        other => panic!("no personal.txt for {other}"),
    };
    list.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(String::from).collect()
}

#[test]
fn with_masking_on_nothing_personal_is_on_screen_copied_or_saved() {
    for case in fixture_cases() {
        let receipt = case.receipt.clone();
        let hidden = secrets(&case);
        let mut p = App::default();
        p.update(
            Event::Opened { url: Some(format!("https://my.uscis.gov/account/other-page/{receipt}")), page_text: None },
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
        assert_eq!(text, case.get(Endpoint::Case).unwrap().body.as_str());
    }
}

#[test]
fn the_forum_post_is_short_readable_markdown_and_always_masked() {
    for case in fixture_cases() {
        let receipt = case.receipt.clone();
        let hidden = secrets(&case);
        let (mut p, _) = opened(&format!("https://my.uscis.gov/account/other-page/{receipt}"), "");
        p.update(Event::Fetched { receipt: receipt.clone(), result: Ok(case) }, &ctx());
        assert!(!p.settings.mask, "masked even with the switch off");
        let Some(Effect::Copy { text, what }) = p.update(act("copy-forum"), &ctx()).pop() else { panic!() };
        assert_eq!(what, Copied::Forum);
        for s in &hidden {
            assert!(!text.contains(s.as_str()), "{receipt}: {s:?} in {text}");
        }
        let first = text.lines().next().unwrap();
        assert!(first.starts_with("**I-") || first.starts_with("**N-"), "{first}");
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
    let (mut p, _) = opened(&format!("https://my.uscis.gov/account/other-page/{receipt}"), "");
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
