//! Masking personal details, and the forum post.

use super::*;

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
