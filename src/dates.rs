//! Dates in every shape the endpoints use, parsed without a time-zone
//! library: `YYYY-MM-DD` (a calendar day, never shifted), ISO-8601 instants
//! ending in `Z` or `+0000`/`+00:00`, and `MM-DD-YYYY HH:mm:ss` from the status
//! history (no zone given; USCIS means Eastern time, so it is kept as written).

use serde::Serialize;

/// A parsed date value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum When {
    /// A calendar day: the same everywhere.
    Day { y: i32, m: u8, d: u8 },
    /// An exact instant, milliseconds since 1970 UTC.
    Instant { ms: i64 },
    /// A wall-clock time with no zone (status history): shown as written.
    Local { y: i32, m: u8, d: u8, hh: u8, mm: u8, ss: u8 },
}

/// A calendar day read and checked (month 1-12, day 1-31: they fit a byte).
fn day(y: i32, m: u32, d: u32) -> When {
    When::Day { y, m: m as u8, d: d as u8 }
}

/// A wall-clock time read and checked (each part fits a byte).
fn wall(y: i32, m: u32, d: u32, hh: u32, mm: u32, ss: u32) -> When {
    When::Local { y, m: m as u8, d: d as u8, hh: hh as u8, mm: mm as u8, ss: ss as u8 }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number.
pub fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

/// Digits only, read as a number (`None` if anything else, or too large).
fn num(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u32, |n, b| {
        if b.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u32::from(b - b'0'))
        } else {
            None
        }
    })
}

fn valid_day(y: i32, m: u32, d: u32) -> bool {
    if !(1..=12).contains(&m) || d == 0 {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let len = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][(m - 1) as usize];
    d <= len
}

fn ymd(s: &str) -> Option<(i32, u32, u32)> {
    // YYYY-MM-DD exactly.
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (num(&s[..4])? as i32, num(&s[5..7])?, num(&s[8..])?);
    valid_day(y, m, d).then_some((y, m, d))
}

fn hms(s: &str) -> Option<(u32, u32, u32, u32)> {
    let b = s.as_bytes();
    // `HH:MM:SS`, as USCIS writes it, read in place; anything else split.
    let (h, m, sec, frac) = if b.len() >= 8 && b[2] == b':' && b[5] == b':' && (b.len() == 8 || b[8] == b'.') {
        (num(&s[..2])?, num(&s[3..5])?, num(&s[6..8])?, s.get(9..).unwrap_or(""))
    } else {
        let (main, frac) = s.split_once('.').unwrap_or((s, ""));
        let mut p = main.split(':');
        let (h, m) = (num(p.next()?)?, num(p.next()?)?);
        let sec = p.next().map(num).unwrap_or(Some(0))?;
        if p.next().is_some() {
            return None;
        }
        (h, m, sec, frac)
    };
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    // Milliseconds: the first three digits of the fraction, padded with zeros.
    let mut ms = 0;
    if !frac.is_empty() {
        for i in 0..3 {
            let c = frac.as_bytes().get(i).copied().unwrap_or(b'0');
            if !c.is_ascii_digit() {
                return None;
            }
            ms = ms * 10 + u32::from(c - b'0');
        }
    }
    Some((h, m, sec, ms))
}

/// An HTTP date, `Wed, 15 Jan 2025 00:00:00 GMT` (RFC 9110's preferred
/// form): midnight is a calendar day (as USCIS writes days), any other time
/// an instant.
fn http_date(s: &str) -> Option<When> {
    const MON: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let (_, rest) = s.split_once(", ")?;
    let mut p = rest.split_whitespace();
    let (d, mon, y, time, zone) = (p.next()?, p.next()?, p.next()?, p.next()?, p.next()?);
    if p.next().is_some() || !zone.eq_ignore_ascii_case("GMT") || y.len() != 4 || d.is_empty() || d.len() > 2 {
        return None;
    }
    let m = MON.iter().position(|x| x.eq_ignore_ascii_case(mon))? as u32 + 1;
    let (y, d) = (num(y)? as i32, num(d)?);
    let (hh, mm, ss, _) = hms(time)?;
    if !valid_day(y, m, d) {
        return None;
    }
    if (hh, mm, ss) == (0, 0, 0) {
        return Some(day(y, m, d));
    }
    Some(When::Instant { ms: (days_from_civil(y, m, d) * 86_400 + i64::from(hh * 3600 + mm * 60 + ss)) * 1000 })
}

/// Parses any date form the endpoints use; `None` when it is none of them.
pub fn parse(s: &str) -> Option<When> {
    let s = s.trim();
    if s.as_bytes().contains(&b',') && s.contains(", ") {
        return http_date(s);
    }
    if let Some((y, m, d)) = ymd(s) {
        return Some(day(y, m, d));
    }
    // MM-DD-YYYY HH:mm:ss (status history).
    // (Split at a byte: a date is a few ASCII bytes, too short for a searcher.)
    let split = |c: u8| s.bytes().position(|b| b == c).map(|at| (&s[..at], &s[at + 1..]));
    if let Some((date, time)) = split(b' ') {
        let mut p = date.split('-');
        let (m, d, y) = (p.next()?, p.next()?, p.next()?);
        if m.len() == 2 && d.len() == 2 && y.len() == 4 && p.next().is_none() {
            let (y, m, d) = (num(y)? as i32, num(m)?, num(d)?);
            let (hh, mm, ss, _) = hms(time)?;
            if valid_day(y, m, d) {
                return Some(wall(y, m, d, hh, mm, ss));
            }
        }
        return None;
    }
    // ISO-8601 instant with Z or a numeric offset.
    let (date, rest) = split(b'T')?;
    let (y, m, d) = ymd(date)?;
    let (time, offset_min) = if let Some(t) = rest.strip_suffix(['Z', 'z']) {
        (t, 0i64)
    } else {
        let i = rest.rfind(['+', '-'])?;
        let (t, off) = rest.split_at(i);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        // `+0000` or `+00:00`.
        let (h, m) = match &off.as_bytes()[1..] {
            [a, b, c, d] | [a, b, b':', c, d] => ([*a, *b], [*c, *d]),
            _ => return None,
        };
        let two = |p: [u8; 2]| std::str::from_utf8(&p).ok().and_then(num);
        let (oh, om) = (two(h)?, two(m)?);
        (t, sign * i64::from(oh * 60 + om))
    };
    let (hh, mm, ss, ms) = hms(time)?;
    if offset_min == 0 && (hh, mm, ss, ms) == (0, 0, 0, 0) {
        // USCIS writes calendar days as midnight UTC (`submissionTimestamp`,
        // a backdated `eventTimestamp`): shown as an instant, the day would
        // move back a day for everyone west of Greenwich.
        return Some(day(y, m, d));
    }
    let days = days_from_civil(y, m, d);
    let secs = days * 86_400 + i64::from(hh * 3600 + mm * 60 + ss) - offset_min * 60;
    Some(When::Instant { ms: secs * 1000 + i64::from(ms) })
}

/// A date placed for the person reading it: the calendar day and clock time
/// in the user's zone (or as USCIS wrote them, for a time with no zone), and
/// how many days ago that day was. The decoder works this out with the
/// user's clock and zone, so the words for it (`crate::i18n`) need neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Local {
    pub y: i32,
    pub m: u8,
    pub d: u8,
    /// Hours and minutes, when the value has a time of day.
    pub clock: Option<(u8, u8)>,
    /// The time is USCIS's own, as written (no zone given).
    pub uscis_clock: bool,
    /// Days from this day to the user's today (negative: still ahead).
    pub days_ago: i32,
}

/// A date as sent and what CaseScope read in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateValue {
    /// The text as USCIS sent it.
    pub raw: std::rc::Rc<str>,
    pub when: Option<When>,
    /// `None` when the text is not a date CaseScope can read.
    pub local: Option<Local>,
}

impl DateValue {
    pub fn read(raw: &str, now_ms: i64, zone: &dyn Zone) -> DateValue {
        DateValue::read_as(raw, parse(raw), now_ms, zone)
    }

    /// [`DateValue::read`], where `when` is what [`parse`] made of `raw`.
    pub fn read_as(raw: &str, when: Option<When>, now_ms: i64, zone: &dyn Zone) -> DateValue {
        DateValue { raw: raw.into(), when, local: when.map(|w| w.local(now_ms, zone)) }
    }
}

/// The months in Spanish, as dates are written in it (`5 de enero de 2026`).
pub const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// Supplies the user's UTC offset (minutes east of UTC) at an instant; the
/// browser layer passes the real one, tests pass fixed zones.
pub trait Zone {
    fn offset_minutes(&self, utc_ms: i64) -> i32;

    /// The zone's name, where known (`America/New_York`): said beside times
    /// shown in it.
    fn name(&self) -> Option<String> {
        None
    }
}

/// A fixed offset (UTC is `Fixed(0)`).
pub struct Fixed(pub i32);

impl Zone for Fixed {
    fn offset_minutes(&self, _: i64) -> i32 {
        self.0
    }
}

impl When {
    /// The calendar day this falls on for the user (a `Day` never moves).
    pub fn local_day(&self, zone: &dyn Zone) -> (i32, u32, u32) {
        match *self {
            When::Day { y, m, d } | When::Local { y, m, d, .. } => (y, m.into(), d.into()),
            When::Instant { ms } => {
                let local = ms + i64::from(zone.offset_minutes(ms)) * 60_000;
                civil_from_days(local.div_euclid(86_400_000))
            }
        }
    }

    /// An ordering key in UTC milliseconds (days and zone-less times taken as UTC).
    pub fn sort_ms(&self) -> i64 {
        match *self {
            When::Day { y, m, d } => days_from_civil(y, m.into(), d.into()) * 86_400_000,
            When::Local { y, m, d, hh, mm, ss } => {
                let secs = u32::from(hh) * 3600 + u32::from(mm) * 60 + u32::from(ss);
                days_from_civil(y, m.into(), d.into()) * 86_400_000 + i64::from(secs) * 1000
            }
            When::Instant { ms } => ms,
        }
    }

    /// The date as the user reads it, with how long ago it was.
    pub fn local(&self, now_ms: i64, zone: &dyn Zone) -> Local {
        // (A day count fits in 32 bits for 5.8 million years either way.)
        let days_ago = self.days_before(now_ms, zone).clamp(i32::MIN.into(), i32::MAX.into()) as i32;
        match *self {
            When::Day { y, m, d } => Local { y, m, d, clock: None, uscis_clock: false, days_ago },
            // Midnight in the status history stands for the day itself.
            When::Local { y, m, d, hh: 0, mm: 0, ss: 0 } => {
                Local { y, m, d, clock: None, uscis_clock: false, days_ago }
            }
            When::Local { y, m, d, hh, mm, .. } => {
                Local { y, m, d, clock: Some((hh, mm)), uscis_clock: true, days_ago }
            }
            When::Instant { ms } => {
                let local = ms + i64::from(zone.offset_minutes(ms)) * 60_000;
                let (y, m, d) = civil_from_days(local.div_euclid(86_400_000));
                let in_day = local.rem_euclid(86_400_000) / 60_000;
                let clock = Some(((in_day / 60) as u8, (in_day % 60) as u8));
                Local { y, m: m as u8, d: d as u8, clock, uscis_clock: false, days_ago }
            }
        }
    }

    /// Whole days from this date to the user's today ("12 days ago").
    pub fn days_before(&self, now_ms: i64, zone: &dyn Zone) -> i64 {
        When::Instant { ms: now_ms }.day_number(zone) - self.day_number(zone)
    }

    /// [`When::local_day`] as a day number (days since 1970-01-01), without
    /// going through the calendar.
    pub fn day_number(&self, zone: &dyn Zone) -> i64 {
        match *self {
            When::Day { y, m, d } | When::Local { y, m, d, .. } => days_from_civil(y, m.into(), d.into()),
            When::Instant { ms } => (ms + i64::from(zone.offset_minutes(ms)) * 60_000).div_euclid(86_400_000),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_are_the_calendar_days() {
        for zone in [Fixed(0), Fixed(-300), Fixed(330), Fixed(-720)] {
            for i in -400..400i64 {
                let w = When::Instant { ms: i * 7_919_311_007 + 123 };
                let (y, m, d) = w.local_day(&zone);
                assert_eq!(w.day_number(&zone), days_from_civil(y, m, d), "{w:?}");
            }
        }
        let day = When::Day { y: 2026, m: 2, d: 28 };
        assert_eq!(day.day_number(&Fixed(600)), days_from_civil(2026, 2, 28));
    }

    #[test]
    fn every_endpoint_format_parses() {
        assert_eq!(parse("2025-10-21"), Some(When::Day { y: 2025, m: 10, d: 21 }));
        assert_eq!(parse("1970-01-01T00:00:01.500Z"), Some(When::Instant { ms: 1500 }));
        assert_eq!(parse("2025-10-21T00:00:00.000Z"), Some(When::Day { y: 2025, m: 10, d: 21 }));
        assert_eq!(parse("2026-06-04T02:09:53.542+0000"), parse("2026-06-04T02:09:53.542Z"));
        assert_eq!(parse("2026-06-04T04:09:53+02:00"), parse("2026-06-04T02:09:53Z"));
        assert_eq!(parse("05-29-2026 11:02:15"), Some(When::Local { y: 2026, m: 5, d: 29, hh: 11, mm: 2, ss: 15 }));
        // Clock times as written: short fractions, no seconds, one-digit hours.
        assert_eq!(parse("1970-01-01T00:00:01.5Z"), Some(When::Instant { ms: 1500 }));
        assert_eq!(parse("1970-01-01T00:01Z"), Some(When::Instant { ms: 60_000 }));
        assert_eq!(parse("1970-01-01T1:00:00Z"), Some(When::Instant { ms: 3_600_000 }));
        assert_eq!(parse("1970-01-01T00:00:01.Z"), Some(When::Instant { ms: 1000 }));
        // receipt_info's receipt_date, seen as an HTTP date: a day, never shifted.
        assert_eq!(parse("Wed, 15 Jan 2025 00:00:00 GMT"), Some(When::Day { y: 2025, m: 1, d: 15 }));
        assert_eq!(parse("Wed, 15 Jan 2025 13:30:00 GMT"), parse("2025-01-15T13:30:00Z"));
        assert_eq!(parse("Wed, 32 Jan 2025 00:00:00 GMT"), None);
        assert_eq!(parse("Wed, 15 Foo 2025 00:00:00 GMT"), None);
        for bad in [
            "",
            "2025-13-01",
            "2025-02-30",
            "yesterday",
            "2025-10-21T25:00:00Z",
            "05-29-2026",
            "2026-06-04T02:09:53",
            "2026-06-04T02:09:5xZ",
            "2026-06-04T02:+9:53Z",
            "2026-06-04T02:09:53:01Z",
            "2026-06-04T02:09:53.5x0Z",
            "99999999999-01-01",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn civil_round_trip() {
        for z in [-800_000i64, -1, 0, 1, 19_000, 20_500, 2_000_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }

    #[test]
    fn day_values_never_shift_with_the_zone() {
        let filed = parse("2025-10-21").unwrap();
        for off in [0, -480, 330, -720, 840] {
            let l = filed.local(0, &Fixed(off));
            assert_eq!((l.y, l.m, l.d, l.clock), (2025, 10, 21, None), "{off}");
        }
    }

    #[test]
    fn instants_are_placed_in_the_users_zone() {
        let t = parse("2026-06-01T21:40:00.000Z").unwrap();
        let at = |off| {
            let l = t.local(0, &Fixed(off));
            (l.y, l.m, l.d, l.clock)
        };
        assert_eq!(at(0), (2026, 6, 1, Some((21, 40))));
        assert_eq!(at(-420), (2026, 6, 1, Some((14, 40))));
        assert_eq!(at(330), (2026, 6, 2, Some((3, 10))));
        let written = parse("05-29-2026 11:02:15").unwrap().local(0, &Fixed(330));
        assert_eq!((written.d, written.clock, written.uscis_clock), (29, Some((11, 2)), true));
        let midnight = parse("05-29-2026 00:00:00").unwrap().local(0, &Fixed(0));
        assert_eq!(midnight.clock, None, "midnight in the status history is the day itself");
    }

    #[test]
    fn relative_ages() {
        let now = parse("2026-06-13T12:00:00Z").unwrap().sort_ms();
        assert_eq!(parse("2026-06-01").unwrap().days_before(now, &Fixed(0)), 12);
        assert_eq!(parse("2026-06-16").unwrap().local(now, &Fixed(0)).days_ago, -3);
    }
}
