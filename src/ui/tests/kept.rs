//! Remembering cases: asked once, nothing kept unless asked, what changed
//! since the last look, no false change after a failure, erase.

use super::*;
use crate::history::{CaseHistory, RecordError, Saved};

const RECEIPT: &str = "IOE0912345678";

fn remembering() -> Settings {
    Settings { remember: Some(true), ..Settings::default() }
}

/// A tab on the case with these settings; returns the app and its effects.
fn open(settings: Settings) -> (App, Vec<Effect>) {
    let mut p = App::default();
    let fx = p.update(Event::OpenedFor { layout: Layout::Tab, receipt: r(RECEIPT), settings }, &at(1_000));
    (p, fx)
}

fn fetched_at(mut b: Bundle, ms: f64) -> Bundle {
    b.fetched_at_ms = ms;
    b
}

fn saved(fx: &[Effect]) -> Option<CaseHistory> {
    fx.iter().find_map(|e| match e {
        Effect::SaveKept(h) => Some((**h).clone()),
        _ => None,
    })
}

/// One look at the case, remembering on, with what was kept before.
fn look(kept: Option<CaseHistory>, case: Bundle) -> (App, Vec<Effect>) {
    let (mut p, fx) = open(remembering());
    assert!(fx.contains(&Effect::LoadKept(r(RECEIPT))), "{fx:?}");
    let at_ms = case.fetched_at_ms as i64;
    let mut fx = p.update(Event::Fetched { receipt: r(RECEIPT), result: Ok(case) }, &at(at_ms));
    fx.extend(p.update(Event::KeptLoaded { receipt: r(RECEIPT), case: Ok(kept), all_bytes: 0 }, &at(at_ms)));
    p.update(Event::Painted, &at(at_ms));
    (p, fx)
}

fn screen(p: &App) -> String {
    view(p).visible_texts().join("\n")
}

#[test]
fn nothing_is_kept_until_the_user_says_so_and_the_question_is_asked_once() {
    let (mut p, fx) = open(Settings::default());
    assert!(!fx.iter().any(|e| matches!(e, Effect::LoadKept(_))), "not asked yet: nothing read");
    p.update(Event::Fetched { receipt: r(RECEIPT), result: Ok(fixture_case()) }, &ctx());
    p.update(Event::Painted, &ctx());
    assert!(view(&p).find("data-state", "remember-ask").is_some());
    // "Not now": remembered, nothing kept, the question gone.
    let fx = p.update(act("remember:off"), &ctx());
    assert_eq!(fx, [Effect::Save(Settings { remember: Some(false), ..Settings::default() })]);
    assert!(view(&p).find("data-state", "remember-ask").is_none());
    assert!(p.update(act("refresh"), &at(20_000)).iter().all(|e| !matches!(e, Effect::LoadKept(_))));
    let fx =
        p.update(Event::Fetched { receipt: r(RECEIPT), result: Ok(fetched_at(fixture_case(), 20_000.0)) }, &at(20_000));
    assert_eq!(saved(&fx), None, "off: nothing written anywhere");
    // Changed in the section below the case: the case is read and kept from then on.
    let fx = p.update(act("remember:on"), &at(21_000));
    assert!(fx.contains(&Effect::LoadKept(r(RECEIPT))), "{fx:?}");
}

#[test]
fn the_first_look_is_kept_and_the_next_says_what_changed() {
    let first = fetched_at(fixture_case(), 1_780_000_000_000.0);
    let (p, fx) = look(None, first);
    let kept = saved(&fx).expect("the first look is kept");
    assert_eq!(kept.looks.len(), 1);
    assert!(view(&p).find("data-state", "since-first").is_some(), "{}", screen(&p));
    // Next look: one event more, and the document list grew.
    let mut next = fetched_at(fixture_case(), 1_780_086_400_000.0);
    for res in &mut next.results {
        let body = match res.endpoint {
            Endpoint::Case => res.body.replacen(
                "\"events\": [",
                "\"events\": [{\"eventId\": \"e-new\", \"eventCode\": \"FTA1\", \"createdAt\": \"2026-05-29\"},",
                1,
            ),
            Endpoint::Documents => res.body.replacen(
                "\"data\": [",
                "\"data\": [{\"fileName\": \"x.pdf\", \"contentId\": \"c-new\", \"type\": \"Interview Notice\"},",
                1,
            ),
            _ => continue,
        };
        res.body = body.into();
    }
    let (mut p, fx) = look(Some(kept), next);
    assert_eq!(saved(&fx).unwrap().looks.len(), 2);
    let text = screen(&p);
    assert!(text.contains("Since your last look (May 28, 2026"), "{text}");
    assert!(text.contains("new event FTA1 (recorded May 29, 2026)"), "{text}");
    assert!(text.contains("new document: Interview Notice"), "{text}");
    // The new rows are marked in the timeline: the event and the document.
    let timeline = view(&p).find("data-section", "timeline").cloned().unwrap();
    let marked: Vec<String> =
        timeline.visible_texts().into_iter().filter(|t| t == "new since your last look").collect();
    assert_eq!(marked.len(), 2, "{:?}", timeline.visible_texts());
    // And in the raw tree, where the new record is shown.
    p.update(act("v:expand-all"), &ctx());
    let tree = view(&p).find("data-path", "$.data.events[0]").cloned().expect("the new event in the tree");
    assert!(tree.visible_texts().iter().any(|t| t == "new since your last look"), "{:?}", tree.visible_texts());
    // The copies kept, newest first, each with what changed; every value on demand.
    let looks = view(&p).find("data-looks", "").cloned().unwrap();
    let texts = looks.visible_texts().join("\n");
    assert!(texts.contains("new event FTA1") && texts.contains("the first copy kept"), "{texts}");
    p.update(act("look-diff:1780086400000"), &ctx());
    let table = view(&p).find("data-look-diff", "1780086400000").cloned().expect("every value that changed");
    let rows = table.visible_texts().join("\n");
    assert!(rows.contains("$.data.events[0]") && rows.contains("\"eventCode\": \"FTA1\""), "{rows}");
    assert!(rows.contains("$.data[0]") && rows.contains("Interview Notice"), "{rows}");
    assert!(rows.contains("e-new"), "values as sent");
    // Masked, the same table hides what is personal.
    p.update(act("mask"), &ctx());
    p.update(act("look-diff:1780086400000"), &ctx());
    p.update(act("look-diff:1780086400000"), &ctx());
    let masked = view(&p).find("data-look-diff", "1780086400000").cloned().unwrap().visible_texts().join("\n");
    assert!(!masked.contains("e-new") && masked.contains("FTA1"), "{masked}");
    p.update(act("look-diff:1780086400000"), &ctx());
    assert!(view(&p).find("data-look-diff", "1780086400000").is_none(), "closed again");
}

#[test]
fn an_answer_that_failed_is_no_change() {
    let (_, fx) = look(None, fetched_at(fixture_case(), 1_780_000_000_000.0));
    let kept = saved(&fx).unwrap();
    let mut failing = fetched_at(with_failing(Endpoint::Documents, 500, "<html>oops</html>"), 1_780_000_600_000.0);
    failing.receipt = r(RECEIPT);
    let (p, fx) = look(Some(kept), failing);
    let after = saved(&fx).expect("the look time is kept");
    assert_eq!(after.looks.len(), 1, "nothing differs: no new copy");
    assert!(view(&p).find("data-state", "since-same").is_some(), "{}", screen(&p));
    assert!(!screen(&p).contains("document gone"));
}

#[test]
fn the_order_of_answers_does_not_matter() {
    let (mut p, _) = open(remembering());
    p.update(Event::KeptLoaded { receipt: r(RECEIPT), case: Ok(None), all_bytes: 0 }, &ctx());
    let fx = p.update(Event::Fetched { receipt: r(RECEIPT), result: Ok(fetched_at(fixture_case(), 5.0)) }, &ctx());
    assert!(saved(&fx).is_some(), "kept when the case arrives after its copies were read");
    // A late answer for another receipt changes nothing.
    let other = Event::KeptLoaded { receipt: r("IOE0887654321"), case: Ok(None), all_bytes: 9 };
    assert_eq!(p.update(other, &ctx()), []);
}

#[test]
fn erase_leaves_nothing_and_says_so() {
    let (mut p, _) = look(None, fetched_at(fixture_case(), 1_780_000_000_000.0));
    p.update(Event::KeptSaved(Ok(Saved { all_bytes: 43_000, dropped: 0 })), &ctx());
    assert!(screen(&p).contains("All cases: 42 KB"), "{}", screen(&p));
    assert!(screen(&p).contains("This case: 1 copy ("), "one copy, said as one: {}", screen(&p));
    assert_eq!(p.update(act("erase-case"), &ctx()), [Effect::EraseKept(Some(r(RECEIPT)))]);
    assert_eq!(p.update(act("erase-all"), &ctx()), [Effect::EraseKept(None)]);
    p.update(Event::KeptErased { all_bytes: 0 }, &ctx());
    let text = screen(&p);
    assert!(text.contains("Erased.") && text.contains("Nothing is kept."), "{text}");
    assert!(view(&p).find("class", "since").is_none());
}

#[test]
fn a_record_that_cannot_be_read_is_left_alone() {
    for (e, says) in [
        (RecordError::Newer(9), "kept by a newer CaseScope"),
        (RecordError::Damaged("copies out of order".into()), "could not be read (copies out of order)"),
    ] {
        let (mut p, _) = open(remembering());
        let fx = p.update(Event::KeptLoaded { receipt: r(RECEIPT), case: Err(e), all_bytes: 10 }, &ctx());
        assert_eq!(fx, []);
        let fx = p.update(Event::Fetched { receipt: r(RECEIPT), result: Ok(fixture_case()) }, &ctx());
        assert_eq!(saved(&fx), None, "nothing written over it");
        p.update(Event::Painted, &ctx());
        assert!(screen(&p).contains(says), "{}", screen(&p));
    }
}

#[test]
fn a_failed_save_is_said_and_nothing_is_lost() {
    let (mut p, _) = look(None, fetched_at(fixture_case(), 1_780_000_000_000.0));
    p.update(Event::KeptSaved(Err("QUOTA_BYTES quota exceeded".into())), &ctx());
    let text = screen(&p);
    assert!(
        text.contains("could not keep this look (QUOTA_BYTES quota exceeded). What it kept before is still there."),
        "{text}"
    );
}

#[test]
fn copies_let_go_to_make_room_are_said_in_every_language() {
    let (mut p, _) = look(None, fetched_at(fixture_case(), 1_780_000_000_000.0));
    p.update(Event::KeptSaved(Ok(Saved { all_bytes: 6_000_000, dropped: 0 })), &ctx());
    assert!(view(&p).find("data-state", "made-room").is_none(), "nothing to say when nothing went");
    p.update(Event::KeptSaved(Ok(Saved { all_bytes: 7_900_000, dropped: 12 })), &ctx());
    let said = |p: &App| view(p).find("data-state", "made-room").map(|n| n.visible_texts().join(" "));
    let en = said(&p).expect("said");
    assert!(en.contains("12 oldest copies") && en.contains("Each case still has its latest copy"), "{en}");
    assert!(screen(&p).contains("All cases: 7.6 MB"), "{}", screen(&p));
    for (lang, words) in [(Lang::Es, "las 12 copias m\u{e1}s antiguas"), (Lang::Zh, "最早的 12 份副本")] {
        let mut q = p.clone();
        q.update(act(&format!("lang:{}", lang.code())), &ctx());
        let text = said(&q).expect("said");
        assert!(text.contains(words), "{text}");
    }
}

#[test]
fn export_then_import_and_a_bad_file_is_refused_with_its_reason() {
    let (mut p, fx) = look(None, fetched_at(fixture_case(), 1_780_000_000_000.0));
    let kept = saved(&fx).unwrap();
    p.update(Event::KeptSaved(Ok(Saved { all_bytes: 10_000, dropped: 0 })), &at(1_780_000_000_000));
    assert_eq!(
        p.update(act("export-kept"), &at(1_780_000_000_000)),
        [Effect::ExportKept { name: "casescope-history-2026-05-28.json".into() }]
    );
    // Masking on: no export (a masked copy could not be imported again), and it says why.
    p.update(act("mask"), &ctx());
    assert_eq!(p.update(act("export-kept"), &ctx()), []);
    assert!(screen(&p).contains("To export, turn masking off"));
    p.update(act("mask"), &ctx());
    // A file exported elsewhere: imported, then this case is read again.
    let file = crate::history::export_json(std::slice::from_ref(&kept), 5);
    assert_eq!(p.update(Event::ImportFile(Ok(file)), &ctx()), [Effect::ImportKept(vec![kept])]);
    assert_eq!(p.update(Event::KeptImported(Ok(1)), &ctx()), [Effect::LoadKept(r(RECEIPT))]);
    assert!(screen(&p).contains("Imported: 1 case."), "one case, said as one");
    // A hostile or broken file: refused, nothing asked of the storage.
    for (bad, says) in [
        ("{\"format\": \"casescope-history-export\", \"version\": 1, \"cases\": [{\"receipt\": \"<img src=x onerror=alert(1)>\"}]}", "case <img src=x onerror=alert(1)> in it cannot be read"),
        ("not json", "it is not a JSON file"),
    ] {
        assert_eq!(p.update(Event::ImportFile(Ok(bad.into())), &ctx()), []);
        let text = screen(&p);
        assert!(text.contains("This file was not imported: ") && text.contains(says), "{text}");
        assert!(text.contains("Nothing was changed."), "{text}");
    }
}

#[test]
fn a_code_learned_on_another_case_explains_it_here_and_says_where_it_was_learned() {
    let (mut p, _) = open(remembering());
    let learned = crate::decode::LearnedCode {
        code: "FTA1".into(),
        title: "Interview Was Scheduled".into(),
        title_es: None,
        receipt: crate::mask::mask_receipt("IOE0887654321"),
    };
    p.update(Event::Learned(vec![learned]), &ctx());
    let mut case = fixture_case();
    for res in &mut case.results {
        if res.endpoint == Endpoint::Case {
            res.body = res
                .body
                .replacen(
                    "\"events\": [",
                    "\"events\": [{\"eventId\": \"x\", \"eventCode\": \"FTA1\", \"eventDateTime\": \"2026-02-01\"},",
                    1,
                )
                .into();
        }
    }
    p.update(Event::Fetched { receipt: r(RECEIPT), result: Ok(case) }, &ctx());
    p.update(Event::Painted, &ctx());
    let row = view(&p).find("data-code", "FTA1").cloned().expect("the FTA1 row");
    let text = row.visible_texts().join(" ");
    assert!(text.contains("Interview Was Scheduled"), "{text}");
    assert!(text.contains("USCIS's own words for this code on your case IOE\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}\u{2022}321"), "{text}");
    // The case's own words stay its own: FTA0 is paired in this case's status answer.
    let own = view(&p).find("data-code", "FTA0").cloned().unwrap().visible_texts().join(" ");
    assert!(own.contains("USCIS's own words for this case"), "{own}");
}
