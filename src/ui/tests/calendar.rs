//! Appointments on the first screen, and "Add to calendar".

use super::mask::secrets;
use super::*;

/// 2025-11-01T00:00:00Z: six days before the I-485 fixture's appointment
/// (2025-11-07T13:00:00.000Z, letter 411592235).
const BEFORE: i64 = 1_761_955_200_000;

fn case_at(now_ms: i64) -> App {
    let b = fixture_case();
    let (mut p, _) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "");
    p.update(Event::Fetched { receipt: b.receipt.clone(), result: Ok(b) }, &at(now_ms));
    p.update(Event::Painted, &at(now_ms));
    p
}

fn calendar_file(p: &mut App, now_ms: i64) -> Option<(String, String)> {
    match p.update(act("calendar"), &at(now_ms)).pop() {
        Some(Effect::Download { name, text }) => Some((name, text)),
        None => None,
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_upcoming_appointment_is_on_the_first_screen_with_its_local_time_and_a_calendar_file() {
    let mut p = case_at(BEFORE);
    let v = view(&p);
    let first = v.find("data-section", "summary").unwrap().text_content();
    let shown = v.find("data-section", "appointments").expect("the appointment on the first screen").text_content();
    assert!(first.contains(&shown));
    assert!(shown.contains("Appointment (see your notice for its type and place)"), "{shown}");
    assert!(shown.contains("Nov 7, 2025, 1:00 PM (in 6 days)"), "{shown}");
    assert!(shown.contains("Add to calendar"), "{shown}");
    assert!(!shown.to_lowercase().contains("biometrics") && !shown.to_lowercase().contains("interview"), "{shown}");
    let (name, text) = calendar_file(&mut p, BEFORE).expect("a file");
    assert_eq!(name, "casescope-appointments-2025-11-01.ics");
    assert!(text.contains("DTSTART:20251107T130000Z\r\n"), "{text}");
    assert!(text.contains("UID:IOE0912345678-411592235@casescope\r\n"), "{text}");
    assert!(text.contains("SUMMARY:USCIS appointment: I-485\r\n"), "{text}");
    // In Spanish, the file too.
    p.update(act("lang:es"), &at(BEFORE));
    let (_, text) = calendar_file(&mut p, BEFORE).unwrap();
    assert!(text.contains("SUMMARY:Cita de USCIS: I-485\r\n"), "{text}");
}

#[test]
fn masked_the_calendar_file_holds_nothing_personal_and_says_so() {
    let mut p = case_at(BEFORE);
    p.update(act("mask"), &at(BEFORE));
    let shown = view(&p).find("data-section", "appointments").unwrap().text_content();
    assert!(shown.contains("the calendar file holds no receipt number, no name and no id"), "{shown}");
    let (name, text) = calendar_file(&mut p, BEFORE).unwrap();
    for s in secrets(&fixture_case()).iter().chain([&"411592235".to_string()]) {
        assert!(!text.contains(s.as_str()) && !name.contains(s.as_str()), "{s} in {text}");
    }
    assert!(text.contains("DTSTART:20251107T130000Z\r\n"), "{text}");
}

#[test]
fn a_past_appointment_offers_no_calendar() {
    let after = BEFORE + 7 * 86_400_000;
    let mut p = case_at(after);
    assert!(view(&p).find("data-section", "appointments").is_none());
    assert_eq!(calendar_file(&mut p, after), None);
    // Still in the timeline, as before.
    p.update(act("timeline-all"), &at(after));
    let timeline = view(&p).find("data-section", "timeline").unwrap().text_content();
    assert!(timeline.contains("Appointment"), "{timeline}");
}
