use serde_json::json;

use super::*;
use crate::dates::Fixed;
use crate::decode::{decode, Bodies, Ctx};
use crate::endpoints::Endpoint;
use crate::i18n::Lang;

const EN: W = W(Lang::En);
/// 2026-12-07T00:00:00Z.
const NOW: i64 = 1_796_601_600_000;

/// The decoded case of a `/cases` answer with these notices.
fn case(notices: serde_json::Value) -> Report {
    let body = json!({"data": {"receiptNumber": "IOE0900000001", "formType": "I-485", "notices": notices}});
    decode(&Bodies::default().with_json(Endpoint::Case, &body.to_string()), &Ctx { now_ms: NOW, zone: &Fixed(0) })
}

fn notice(letter: &str, made: &str, at: serde_json::Value) -> serde_json::Value {
    json!({"receiptNumber": "IOE0900000001", "letterId": letter, "generationDate": made,
           "appointmentDateTime": at, "actionType": "Appointment Scheduled"})
}

/// The file's lines, unfolded (RFC 5545 3.1).
fn unfolded(ics: &str) -> Vec<String> {
    assert!(ics.ends_with("\r\n") && !ics.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    ics.replace("\r\n ", "").split("\r\n").filter(|l| !l.is_empty()).map(str::to_string).collect()
}

fn value<'a>(lines: &'a [String], name: &str) -> Vec<&'a str> {
    lines.iter().filter_map(|l| l.strip_prefix(name)?.strip_prefix(':')).collect()
}

#[test]
fn an_upcoming_appointment_is_read_with_its_case_and_letter() {
    let r = case(json!([notice("411592235", "2026-11-05T04:23:09.877Z", json!("2026-12-20T14:30:00.000Z"))]));
    let a = upcoming(&r, Some("Mom's green card"), NOW);
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].receipt.as_deref(), Some("IOE0900000001"));
    assert_eq!(a[0].form.as_deref(), Some("I-485"));
    assert_eq!(a[0].letter_id.as_deref(), Some("411592235"));
    assert_eq!(utc(a[0].at_ms), "20261220T143000Z");
    assert_eq!(a[0].name.as_deref(), Some("Mom's green card"));
}

#[test]
fn no_appointment_and_past_ones_give_nothing() {
    assert!(upcoming(&case(json!([])), None, NOW).is_empty());
    let past = case(json!([notice("1", "2025-11-05T04:23:09.877Z", json!("2025-11-07T13:00:00.000Z"))]));
    assert!(upcoming(&past, None, NOW).is_empty());
    // Still in the case's notices, for its timeline.
    assert_eq!(past.notices.len(), 1);
}

#[test]
fn a_letter_issued_again_for_the_same_time_is_one_appointment_under_the_first_letter() {
    let at = json!("2026-12-20T14:30:00.000Z");
    for notices in [
        json!([
            notice("200", "2026-11-20T00:00:00.000Z", at.clone()),
            notice("100", "2026-11-05T00:00:00.000Z", at.clone())
        ]),
        json!([
            notice("100", "2026-11-05T00:00:00.000Z", at.clone()),
            notice("200", "2026-11-20T00:00:00.000Z", at.clone())
        ]),
    ] {
        let a = upcoming(&case(notices), None, NOW);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].letter_id.as_deref(), Some("100"), "the UID stays the one of the first letter");
    }
    // A letter that moves the appointment is another time: both are kept, soonest first.
    let moved = case(json!([
        notice("300", "2026-11-05T00:00:00.000Z", json!("2027-01-10T15:00:00.000Z")),
        notice("100", "2026-11-05T00:00:00.000Z", at)
    ]));
    let a = upcoming(&moved, None, NOW);
    assert_eq!(a.iter().map(|a| utc(a.at_ms)).collect::<Vec<_>>(), ["20261220T143000Z", "20270110T150000Z"]);
}

#[test]
fn a_missing_empty_or_unreadable_time_gives_no_calendar_entry_and_invents_nothing() {
    for at in [json!(null), json!(""), json!("soon"), json!("2026-13-45T99:00:00Z"), json!(12345)] {
        let mut n = notice("1", "2026-11-05T00:00:00.000Z", at.clone());
        if at.is_null() {
            n.as_object_mut().unwrap().remove("appointmentDateTime");
        }
        let r = case(json!([n]));
        assert!(upcoming(&r, None, NOW).is_empty(), "{at}");
        assert_eq!(r.notices.len(), 1, "the notice is still shown: {at}");
    }
}

#[test]
fn a_date_far_ahead_is_kept_as_sent() {
    let r = case(json!([notice("1", "2026-11-05T00:00:00.000Z", json!("2099-06-01T09:00:00.000Z"))]));
    let a = upcoming(&r, None, NOW);
    let lines = unfolded(&ics(&a, EN, false, NOW, &Fixed(0)));
    assert_eq!(value(&lines, "DTSTART"), ["20990601T090000Z"]);
}

#[test]
fn the_file_is_rfc_5545_with_the_instant_in_utc_one_hour_and_a_reminder_the_day_before() {
    let r = case(json!([notice("411592235", "2026-11-05T04:23:09.877Z", json!("2026-12-20T14:30:00.000Z"))]));
    // A zone far from UTC changes the words, never the instant.
    for zone in [Fixed(0), Fixed(-300), Fixed(540)] {
        let out = ics(&upcoming(&r, None, NOW), EN, false, NOW, &zone);
        let lines = unfolded(&out);
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
        assert_eq!(value(&lines, "VERSION"), ["2.0"]);
        assert_eq!(value(&lines, "DTSTART"), ["20261220T143000Z"]);
        assert_eq!(value(&lines, "DTSTAMP"), ["20261207T000000Z"]);
        assert_eq!(value(&lines, "DURATION"), ["PT60M"]);
        assert_eq!(value(&lines, "UID"), ["IOE0900000001-411592235@casescope"]);
        assert_eq!(value(&lines, "SUMMARY"), ["USCIS appointment: I-485"]);
        assert_eq!(value(&lines, "TRIGGER"), ["-P1D"]);
        assert_eq!(value(&lines, "ACTION"), ["DISPLAY"]);
        let about = value(&lines, "DESCRIPTION")[0];
        assert!(about.contains("Receipt number: IOE0900000001"), "{about}");
        assert!(about.contains("Check your appointment notice for the place and what to bring"), "{about}");
        assert!(about.contains("60 minutes"), "{about}");
        assert!(out.split("\r\n").all(|l| l.len() <= 75), "folded at 75 octets");
    }
}

#[test]
fn the_day_the_notice_was_made_is_the_users_day() {
    let r = case(json!([notice("1", "2026-11-05T04:23:09.877Z", json!("2026-12-20T14:30:00.000Z"))]));
    let a = upcoming(&r, None, NOW);
    let day = |zone: Fixed| value(&unfolded(&ics(&a, EN, false, NOW, &zone)), "DESCRIPTION")[0].to_string();
    assert!(day(Fixed(0)).contains("Notice made on Nov 5\\, 2026"), "{}", day(Fixed(0)));
    assert!(day(Fixed(-300)).contains("Notice made on Nov 4\\, 2026"), "{}", day(Fixed(-300)));
}

#[test]
fn text_from_the_server_or_the_user_is_escaped_and_cleaned() {
    let mut a = upcoming(
        &case(json!([notice("1", "2026-11-05T00:00:00.000Z", json!("2026-12-20T14:30:00.000Z"))])),
        Some("Ana; \"tía\", 2\\3\nEND:VCALENDAR\u{202e}x"),
        NOW,
    );
    a[0].form = Some("I-485\r\nBEGIN:VEVENT".into());
    let out = ics(&a, EN, false, NOW, &Fixed(0));
    let lines = unfolded(&out);
    assert_eq!(value(&lines, "BEGIN"), ["VCALENDAR", "VEVENT", "VALARM"], "no line made from the text");
    assert_eq!(
        value(&lines, "SUMMARY"),
        ["USCIS appointment: I-485 BEGIN:VEVENT (Ana\\; \"tía\"\\, 2\\\\3 END:VCALENDARx)"]
    );
    // A letter id is kept to letters, digits and dashes in the UID.
    a[0].letter_id = Some("4/1 1;@x".into());
    assert_eq!(value(&unfolded(&ics(&a, EN, false, NOW, &Fixed(0))), "UID"), ["IOE0900000001-411x@casescope"]);
}

#[test]
fn masked_the_file_holds_no_receipt_name_or_id_and_adding_it_again_still_updates() {
    let r = case(json!([notice("411592235", "2026-11-05T04:23:09.877Z", json!("2026-12-20T14:30:00.000Z"))]));
    let a = upcoming(&r, Some("Mom"), NOW);
    let out = ics(&a, EN, true, NOW, &Fixed(0));
    for personal in ["IOE0900000001", "0900000001", "411592235", "Mom"] {
        assert!(!out.contains(personal), "{personal} in {out}");
    }
    let lines = unfolded(&out);
    assert_eq!(value(&lines, "UID"), ["appointment-20261220T143000Z@casescope"]);
    assert_eq!(out, ics(&a, EN, true, NOW, &Fixed(0)), "the same file each time");
}

#[test]
fn every_language_words_the_file() {
    let r = case(json!([notice("1", "2026-11-05T00:00:00.000Z", json!("2026-12-20T14:30:00.000Z"))]));
    let a = upcoming(&r, None, NOW);
    let es = unfolded(&ics(&a, W(Lang::Es), false, NOW, &Fixed(0)));
    assert_eq!(value(&es, "SUMMARY"), ["Cita de USCIS: I-485"]);
    assert!(value(&es, "DESCRIPTION")[0].contains("Aviso emitido el 5 de noviembre de 2026"));
}

#[test]
fn several_appointments_are_several_events_in_one_file() {
    let mut a =
        upcoming(&case(json!([notice("1", "2026-11-05T00:00:00.000Z", json!("2026-12-20T14:30:00.000Z"))])), None, NOW);
    let mut b = a.clone();
    b[0].receipt = Some("IOE0900000002".into());
    b[0].form = Some("I-765".into());
    a.append(&mut b);
    let lines = unfolded(&ics(&a, EN, false, NOW, &Fixed(0)));
    assert_eq!(value(&lines, "UID"), ["IOE0900000001-1@casescope", "IOE0900000002-1@casescope"]);
    assert_eq!(file_name(NOW, &Fixed(0)), "casescope-appointments-2026-12-07.ics");
}
