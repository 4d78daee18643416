//! A case's first frame: a small case whole at once, a large one its
//! summary first and the rest once painted.

use super::*;

/// The I-485 fixture case with its events copied until its answers pass
/// [`crate::ui::loaded::WHOLE_FIRST_BYTES`] (a case with a long history).
fn big_case() -> Bundle {
    let mut v: serde_json::Value =
        serde_json::from_str(include_str!("../../../tests/fixtures/i485-pending/cases.json")).unwrap();
    let events = v["data"]["events"].as_array().unwrap().clone();
    let mut all = Vec::new();
    while serde_json::to_string(&all).unwrap().len() <= crate::ui::loaded::WHOLE_FIRST_BYTES {
        all.extend(events.iter().cloned());
    }
    v["data"]["events"] = serde_json::Value::Array(all);
    let mut b = fixture_case();
    b.results[0] = result(Endpoint::Case, 200, &v.to_string());
    b
}

#[test]
fn a_small_case_comes_whole_in_its_first_frame() {
    let mut p = case_page();
    let fx = p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &at(0));
    assert!(!fx.contains(&Effect::AfterPaint), "no second frame to wait for: {fx:?}");
    let first = view(&p);
    assert!(first.find("data-section", "summary").is_some());
    assert!(first.find("data-section", "timeline").is_some(), "the events with the summary");
    assert!(first.find("data-section", "details").is_some());
    assert!(first.find("aria-busy", "true").is_none());
}

#[test]
fn a_new_large_case_paints_summary_and_viewer_first_and_a_refresh_hides_nothing() {
    let mut p = case_page();
    let case = big_case();
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
