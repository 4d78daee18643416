//! Appointments: on the first screen, in the timeline and across the
//! account, and "Add to calendar".

use super::mask::secrets;
use super::*;

/// 2025-11-01T00:00:00Z: six days before the I-485 fixture's appointment
/// (2025-11-07T13:00:00.000Z, letter 411592235).
const BEFORE: i64 = 1_761_955_200_000;
const AT: i64 = 1_762_520_400_000;
const ONE: &str = "calendar:IOE0912345678@1762520400000";

fn case_at(now_ms: i64) -> App {
    let b = fixture_case();
    let (mut p, _) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "");
    p.update(Event::Fetched { receipt: b.receipt.clone(), result: Ok(b) }, &at(now_ms));
    p.update(Event::Painted, &at(now_ms));
    p
}

fn calendar_file(p: &mut App, action: &str, now_ms: i64) -> Option<(String, String)> {
    match p.update(act(action), &at(now_ms)).pop() {
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
    let (name, text) = calendar_file(&mut p, ONE, BEFORE).expect("a file");
    assert_eq!(name, "casescope-appointments-2025-11-01.ics");
    assert!(text.contains("DTSTART:20251107T130000Z\r\n"), "{text}");
    assert!(text.contains("UID:IOE0912345678-411592235@casescope\r\n"), "{text}");
    assert!(text.contains("SUMMARY:USCIS appointment: I-485\r\n"), "{text}");
    // The timeline's entry has the same button.
    p.update(act("timeline-all"), &at(BEFORE));
    let buttons = view(&p).actions().into_iter().filter(|a| a == ONE).count();
    assert_eq!(buttons, 2, "on the first screen and in the timeline");
    // "Copy summary" lists it too.
    let Some(Effect::Copy { text, .. }) = p.update(act("copy-summary"), &at(BEFORE)).pop() else { panic!() };
    assert!(
        text.contains("Upcoming appointments:\n- Nov 7, 2025, 1:00 PM (in 6 days): Appointment (see your notice"),
        "{text}"
    );
    // In Spanish, the file too.
    p.update(act("lang:es"), &at(BEFORE));
    let (_, text) = calendar_file(&mut p, ONE, BEFORE).unwrap();
    assert!(text.contains("SUMMARY:Cita de USCIS: I-485\r\n"), "{text}");
}

#[test]
fn masked_the_calendar_file_holds_nothing_personal_and_says_so() {
    let mut p = case_at(BEFORE);
    p.update(act("mask"), &at(BEFORE));
    let shown = view(&p).find("data-section", "appointments").unwrap().text_content();
    assert!(shown.contains("the calendar file holds no receipt number, no name and no id"), "{shown}");
    for action in [ONE, "calendar:all"] {
        let (name, text) = calendar_file(&mut p, action, BEFORE).unwrap();
        for s in secrets(&fixture_case()).iter().chain([&"411592235".to_string()]) {
            assert!(!text.contains(s.as_str()) && !name.contains(s.as_str()), "{s} in {text}");
        }
        assert!(text.contains("DTSTART:20251107T130000Z\r\n"), "{text}");
    }
}

#[test]
fn a_past_appointment_offers_no_calendar() {
    let after = AT + 60_000;
    let mut p = case_at(after);
    assert!(view(&p).find("data-section", "appointments").is_none());
    assert!(view(&p).find("data-section", "upcoming").is_none());
    assert_eq!(calendar_file(&mut p, ONE, after), None);
    assert_eq!(calendar_file(&mut p, "calendar:all", after), None);
    // Still in the timeline, with no button.
    p.update(act("timeline-all"), &at(after));
    let v = view(&p);
    let timeline = v.find("data-section", "timeline").unwrap();
    assert!(timeline.text_content().contains("Appointment"));
    assert!(timeline.find("data-calendar", "").is_none());
    // A case on screen whose appointment passed while it is open offers none either.
    let mut p = case_at(BEFORE);
    assert_eq!(calendar_file(&mut p, ONE, after), None);
}

/// An account page whose data holds three cases, two with an appointment
/// ahead (the page's copies: `embeddedCase` shapes, API-NOTES).
const PAGE: &str = r#"{"cases": [
    {"receiptNumber": "IOE0912345678", "formType": "I-485", "notices": [
        {"receiptNumber": "IOE0912345678", "letterId": "411592235", "generationDate": "2025-10-20T04:23:09.877Z",
         "appointmentDateTime": "2025-11-07T13:00:00.000Z", "actionType": "Appointment Scheduled"}]},
    {"receiptNumber": "IOE0887654321", "formType": "I-765", "notices": [
        {"receiptNumber": "IOE0887654321", "letterId": "7705119", "generationDate": "2025-10-21T00:00:00.000Z",
         "appointmentDateTime": "2025-12-01T15:30:00.000Z", "actionType": "Appointment Scheduled"},
        {"receiptNumber": "IOE0887654321", "letterId": "7705120", "generationDate": "2025-10-01T00:00:00.000Z",
         "appointmentDateTime": "2025-10-01T15:30:00.000Z", "actionType": "Appointment Scheduled"}]},
    {"receiptNumber": "IOE0955500011", "formType": "I-131", "notices": []}
]}"#;

fn account_at(now_ms: i64, mask: bool) -> App {
    let mut p = App::default();
    p.update(Event::Settings(Settings { mask, ..Settings::default() }), &at(now_ms));
    p.update(Event::PageCards { text: PAGE.into(), loaded_ms: None }, &at(now_ms));
    p.update(
        Event::Opened { url: Some("https://my.uscis.gov/account/applicant".into()), page_text: Some(String::new()) },
        &at(now_ms),
    );
    p
}

#[test]
fn the_account_lists_every_upcoming_appointment_from_the_pages_data_with_no_request() {
    let mut p = account_at(BEFORE, false);
    let v = view(&p);
    let list = v.find("data-section", "upcoming").expect("the account's appointments");
    let texts = list.visible_texts().join(" | ");
    assert!(texts.starts_with("Upcoming appointments"), "{texts}");
    // Soonest first, each with its case; the past one is not listed.
    let first = texts.find("Nov 7, 2025, 1:00 PM (in 6 days)").expect(&texts);
    let second = texts.find("Dec 1, 2025, 3:30 PM (in 30 days)").expect(&texts);
    assert!(first < second, "{texts}");
    assert!(texts.contains("I-485 \u{b7} IOE0912345678") && texts.contains("I-765 \u{b7} IOE0887654321"), "{texts}");
    assert!(!texts.contains("Oct 1, 2025") && !texts.contains("IOE0955500011"), "{texts}");
    let buttons = list.actions();
    assert_eq!(
        buttons,
        ["calendar:IOE0912345678@1762520400000", "calendar:IOE0887654321@1764603000000", "calendar:all"]
    );
    let (_, all) = calendar_file(&mut p, "calendar:all", BEFORE).expect("one file");
    assert_eq!(all.matches("BEGIN:VEVENT").count(), 2, "{all}");
    assert!(all.find("DTSTART:20251107T130000Z").unwrap() < all.find("DTSTART:20251201T153000Z").unwrap());
    assert!(all.contains("UID:IOE0887654321-7705119@casescope"), "{all}");
    let (_, one) = calendar_file(&mut p, "calendar:IOE0887654321@1764603000000", BEFORE).expect("one");
    assert_eq!(one.matches("BEGIN:VEVENT").count(), 1, "{one}");
    assert!(one.contains("SUMMARY:USCIS appointment: I-765\r\n"), "{one}");
    // Nothing was asked of USCIS for any of it.
    let fx = p.update(act("calendar:all"), &at(BEFORE));
    assert!(fx.iter().all(|f| matches!(f, Effect::Download { .. })), "{fx:?}");
}

#[test]
fn masked_the_account_list_shows_masked_receipts_and_its_file_none() {
    let mut p = account_at(BEFORE, true);
    let texts = view(&p).find("data-section", "upcoming").unwrap().visible_texts().join(" | ");
    assert!(!texts.contains("0912345678") && !texts.contains("0887654321"), "{texts}");
    assert!(texts.contains("no receipt number, no name and no id"), "{texts}");
    let (_, all) = calendar_file(&mut p, "calendar:all", BEFORE).unwrap();
    for s in ["0912345678", "0887654321", "411592235", "7705119"] {
        assert!(!all.contains(s), "{s} in {all}");
    }
}

#[test]
fn an_answer_read_later_replaces_the_pages_appointments_for_its_case() {
    // USCIS's answer for the I-485 has the appointment at another time than
    // the page's copy: the later read is the one listed.
    let mut p = account_at(BEFORE, false);
    let mut b = fixture_case();
    for r in b.results.iter_mut().filter(|r| r.endpoint == Endpoint::Case) {
        r.body = std::rc::Rc::new(r.body.replace("2025-11-07T13:00:00.000Z", "2025-11-20T16:00:00.000Z"));
    }
    p.update(act("choose:IOE0912345678"), &at(BEFORE));
    p.update(Event::Fetched { receipt: b.receipt.clone(), result: Ok(b) }, &at(BEFORE));
    let texts = view(&p).find("data-section", "upcoming").unwrap().visible_texts().join(" | ");
    assert!(texts.contains("Nov 20, 2025, 4:00 PM") && !texts.contains("Nov 7, 2025"), "{texts}");
}

/// New York's offsets in 2026: daylight time from 2026-03-08T07:00Z to
/// 2026-11-01T06:00Z (UTC-4), standard time around it (UTC-5).
struct NewYork;

impl crate::dates::Zone for NewYork {
    fn offset_minutes(&self, utc_ms: i64) -> i32 {
        if (1_772_953_200_000..1_793_512_800_000).contains(&utc_ms) {
            -240
        } else {
            -300
        }
    }

    fn name(&self) -> Option<String> {
        Some("America/New_York".into())
    }
}

#[test]
fn across_the_turn_of_daylight_saving_time_the_local_time_is_the_one_of_that_day() {
    // Seen on Oct 24 at 8 PM (daylight time), for Nov 2 at 14:00Z: 9:00 AM
    // standard time, nine of the user's days away.
    let now = 1_792_886_400_000; // 2026-10-25T00:00:00Z
    let ny = Ctx { now_ms: now, zone: &NewYork };
    let page = PAGE.replace("2025-11-07T13:00:00.000Z", "2026-11-02T14:00:00.000Z").replace("2025-12-01", "2026-12-01");
    let mut p = App::default();
    p.update(Event::PageCards { text: page, loaded_ms: None }, &ny);
    p.update(
        Event::Opened { url: Some("https://my.uscis.gov/account/applicant".into()), page_text: Some(String::new()) },
        &ny,
    );
    let texts = view(&p).find("data-section", "upcoming").unwrap().visible_texts().join(" | ");
    assert!(texts.contains("Nov 2, 2026, 9:00 AM (in 9 days)"), "{texts}");
    assert!(texts.contains("Times in your time zone: America/New_York."), "{texts}");
    let Some(Effect::Download { text, .. }) = p.update(act("calendar:all"), &ny).pop() else { panic!() };
    assert!(text.contains("DTSTART:20261102T140000Z\r\n"), "the instant as sent: {text}");
}

#[test]
fn a_notice_whose_time_is_not_a_date_is_shown_with_no_calendar_button() {
    for bad in ["soon", ""] {
        let mut b = fixture_case();
        for r in b.results.iter_mut().filter(|r| r.endpoint == Endpoint::Case) {
            r.body = std::rc::Rc::new(r.body.replace("2025-11-07T13:00:00.000Z", bad));
        }
        let (mut p, _) = opened("https://my.uscis.gov/account/other-page/IOE0912345678", "");
        p.update(Event::Fetched { receipt: b.receipt.clone(), result: Ok(b) }, &at(BEFORE));
        p.update(Event::Painted, &at(BEFORE));
        p.update(act("timeline-all"), &at(BEFORE));
        let v = view(&p);
        assert!(v.find("data-section", "appointments").is_none(), "{bad:?}");
        assert!(!v.actions().iter().any(|a| a.starts_with("calendar:")), "{bad:?}");
        let notice = v.find("data-kind", "appointment").or_else(|| v.find("data-kind", "notice"));
        let notice = notice.map(Node::text_content).unwrap_or_default();
        assert!(notice.contains("Appointment"), "the notice is still shown ({bad:?}): {notice}");
        assert_eq!(calendar_file(&mut p, "calendar:all", BEFORE), None);
    }
}
