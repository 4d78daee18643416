//! Dates to keep: a case's upcoming appointments, read from its notices,
//! and one iCalendar file (RFC 5545) for any number of them.
//!
//! USCIS records an appointment as a notice (`actionType: "Appointment
//! Scheduled"`) with `appointmentDateTime`, an instant in UTC, and the
//! `letterId` of its letter (API-NOTES). Its type (biometrics or interview)
//! cannot be read from this data, so nothing here names one.
//!
//! The file keeps the instant as sent, in UTC (`DTSTART:…Z`), so every
//! calendar shows it in its own zone. Its `UID` is made from the receipt and
//! the first letter's id: adding it again, or after a letter is issued again
//! for the same time, updates the event instead of adding a second one.
//! Masked, the file holds no receipt, no name and no id: its `UID` is made
//! from the time alone.

use crate::dates::{self, When, Zone};
use crate::decode::Report;
use crate::i18n::{T, W};

/// How long an event lasts in the file: USCIS's data gives no end.
pub const DEFAULT_MINUTES: i64 = 60;

/// A calendar file's first and last years (`DTSTART` has four digits).
const YEARS: std::ops::RangeInclusive<i32> = 1970..=9999;

/// An appointment still ahead, as USCIS recorded it in a notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    /// The case's receipt number, as the report read it.
    pub receipt: Option<String>,
    /// The case's form (`I-485`).
    pub form: Option<String>,
    /// The name the user gave the case.
    pub name: Option<String>,
    /// The instant, in UTC milliseconds.
    pub at_ms: i64,
    /// When its notice was made (`generationDate`), when that is a date.
    pub notice_made: Option<When>,
    /// The id of its (first) letter.
    pub letter_id: Option<String>,
}

/// The appointments of a decoded case still ahead at `now_ms`, soonest
/// first. A notice whose `appointmentDateTime` is missing, empty or not an
/// instant gives none (the timeline still shows the notice). Letters issued
/// again for the same time are one appointment, kept under the first
/// letter made.
pub fn upcoming(report: &Report, name: Option<&str>, now_ms: i64) -> Vec<Appointment> {
    let mut found: Vec<Appointment> = Vec::new();
    let made_ms = |w: &Option<When>| w.map_or(i64::MAX, |w| w.sort_ms());
    for n in &report.notices {
        let Some(When::Instant { ms }) = n.appointment.as_ref().and_then(|a| a.when) else { continue };
        if ms <= now_ms || !YEARS.contains(&dates::civil_from_days(ms.div_euclid(86_400_000)).0) {
            continue;
        }
        let this = Appointment {
            receipt: report.receipt.clone(),
            form: report.form_type.clone(),
            name: name.map(str::to_string),
            at_ms: ms,
            notice_made: n.generated.as_ref().and_then(|g| g.when),
            letter_id: n.letter_id.clone(),
        };
        match found.iter_mut().find(|a| a.at_ms == ms) {
            Some(a) if made_ms(&this.notice_made) < made_ms(&a.notice_made) => *a = this,
            Some(_) => {}
            None => found.push(this),
        }
    }
    crate::order::sort_by_key(&mut found, |a| a.at_ms);
    found
}

/// `20261020T143000Z`: an instant in UTC, as iCalendar writes it.
fn utc(ms: i64) -> String {
    let (y, m, d) = dates::civil_from_days(ms.div_euclid(86_400_000));
    let s = ms.rem_euclid(86_400_000) / 1000;
    format!("{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// A TEXT value: backslashes, semicolons, commas and line ends escaped;
/// other control characters (text from the server or the user) dropped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() || crate::text::is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets (never inside a character), ended by CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// A UID character: letters, digits and `-` (what USCIS sends is kept to that).
fn id_part(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(64).collect()
}

/// The event's title: "USCIS appointment: I-485", and the case's name.
pub fn summary(a: &Appointment, w: W, mask: bool) -> String {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let form = a.form.as_deref().map_or_else(|| w.t(T::CalNoForm).to_string(), one_line);
    let title = w.f(T::CalSummary, &[&form]);
    match a.name.as_deref().map(one_line).filter(|n| !mask && !n.is_empty()) {
        Some(n) => format!("{title} ({n})"),
        None => title,
    }
}

/// One iCalendar file holding `appointments`, worded in `w`'s language
/// (dates in `zone`), made at `now_ms`. Masked: no receipt, name or id.
pub fn ics(appointments: &[Appointment], w: W, mask: bool, now_ms: i64, zone: &dyn Zone) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        concat!("PRODID:-//CaseScope//CaseScope ", env!("CARGO_PKG_VERSION"), "//EN"),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        line(&mut out, l);
    }
    for a in appointments {
        let uid = match (&a.receipt, &a.letter_id) {
            _ if mask => format!("appointment-{}", utc(a.at_ms)),
            (Some(r), Some(l)) if !id_part(l).is_empty() => format!("{}-{}", id_part(r), id_part(l)),
            (Some(r), _) => format!("{}-{}", id_part(r), utc(a.at_ms)),
            (None, _) => format!("appointment-{}", utc(a.at_ms)),
        };
        let title = summary(a, w, mask);
        let mut about = Vec::new();
        if let Some(r) = a.receipt.as_deref().filter(|_| !mask) {
            about.push(w.f(T::CalReceipt, &[r]));
        }
        if let Some(made) = &a.notice_made {
            about.push(w.f(T::CalNoticeMade, &[&w.day_of(made, zone)]));
        }
        about.push(w.f(T::CalLength, &[&DEFAULT_MINUTES.to_string()]));
        about.push(w.t(T::CalCheckNotice).to_string());
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{uid}@casescope"));
        line(&mut out, &format!("DTSTAMP:{}", utc(now_ms)));
        line(&mut out, &format!("DTSTART:{}", utc(a.at_ms)));
        line(&mut out, &format!("DURATION:PT{DEFAULT_MINUTES}M"));
        line(&mut out, &format!("SUMMARY:{}", text(&title)));
        line(&mut out, &format!("DESCRIPTION:{}", text(&about.join("\n"))));
        line(&mut out, "BEGIN:VALARM");
        line(&mut out, "ACTION:DISPLAY");
        line(&mut out, "TRIGGER:-P1D");
        line(&mut out, &format!("DESCRIPTION:{}", text(&w.f(T::CalReminder, &[&title]))));
        line(&mut out, "END:VALARM");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// The file's name: `casescope-appointments-2026-12-07.ics`.
pub fn file_name(now_ms: i64, zone: &dyn Zone) -> String {
    let (y, m, d) = When::Instant { ms: now_ms }.local_day(zone);
    format!("casescope-appointments-{y:04}-{m:02}-{d:02}.ics")
}

#[cfg(test)]
mod tests;
