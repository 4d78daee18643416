//! The words for what changed in a remembered case ([`crate::history`]).

use super::{T, W};
use crate::history::{Change, ImportError, RecordError};

impl W {
    /// A day as USCIS sent it (`2026-05-02`, `2026-05-02T14:05:36Z`), in
    /// words when it starts with a calendar day; else as sent.
    pub fn sent_day(self, s: &str) -> String {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b.get(r.clone()).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
        if digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) && b.get(7) == Some(&b'-') && digits(8..10) {
            let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
            let (y, m, d) = (n(0..4) as i32, n(5..7), n(8..10));
            if (1..=12).contains(&m) && (1..=31).contains(&d) {
                return self.day(y, m, d);
            }
        }
        s.to_string()
    }

    /// A size in bytes: "42 KB", "1.2 MB".
    pub fn size(self, bytes: usize) -> String {
        if bytes < 1024 * 1024 {
            self.f(T::SizeKb, &[&bytes.div_ceil(1024).to_string()])
        } else {
            let tenths = (bytes * 10).div_ceil(1024 * 1024);
            let n = format!("{}.{}", tenths / 10, tenths % 10);
            self.f(T::SizeMb, &[&if self.lang() == super::Lang::Es { n.replace('.', ",") } else { n }])
        }
    }

    /// Why a kept record could not be read (its details are CaseScope's
    /// own, in English, like a program's error).
    pub fn record_error(self, e: &RecordError) -> String {
        match e {
            RecordError::Foreign(why) | RecordError::Damaged(why) => why.clone(),
            RecordError::Newer(v) => format!("version {v}"),
        }
    }

    /// Why a history file was not imported.
    pub fn import_error(self, e: &ImportError) -> String {
        match e {
            ImportError::TooLarge(n) => self.f(T::ImTooLarge, &[&self.size(*n)]),
            ImportError::NotJson(why) => self.f(T::ImNotJson, &[why]),
            ImportError::Foreign => self.t(T::ImForeign).into(),
            ImportError::Newer(v) => self.f(T::ImNewer, &[&v.to_string()]),
            ImportError::BadCase(which, why) => self.f(T::ImBadCase, &[which, why]),
            ImportError::Duplicate(which) => self.f(T::ImDuplicate, &[which]),
            ImportError::Empty => self.t(T::ImEmpty).into(),
        }
    }

    /// One change, in words.
    pub fn change(self, c: &Change) -> String {
        let or_none = |s: &Option<String>| s.clone().unwrap_or_else(|| self.t(T::ChNothing).to_string());
        match c {
            Change::Status { old, new } => self.f(T::ChStatus, &[&or_none(old), &or_none(new)]),
            Change::StatusText => self.t(T::ChStatusText).into(),
            Change::Code { old, new } => self.f(T::ChCode, &[&or_none(old), &or_none(new)]),
            Change::Office { old, new } => self.f(T::ChOffice, &[&or_none(old), &or_none(new)]),
            Change::Closed(true) => self.t(T::ChClosed).into(),
            Change::Closed(false) => self.t(T::ChReopened).into(),
            Change::ActionRequired(true) => self.t(T::ChActionRequired).into(),
            Change::ActionRequired(false) => self.t(T::ChActionDone).into(),
            Change::EventAdded { code, recorded: Some(day) } => {
                self.f(T::ChEventRecorded, &[code, &self.sent_day(day)])
            }
            Change::EventAdded { code, recorded: None } => self.f(T::ChEventAdded, &[code]),
            Change::EventRemoved { code } => self.f(T::ChEventRemoved, &[code]),
            Change::NoticeAdded { what } => self.f(T::ChNotice, &[what]),
            Change::DocumentAdded { what } => self.f(T::ChDocAdded, &[what]),
            Change::DocumentRemoved { what } => self.f(T::ChDocRemoved, &[what]),
            Change::HistoryAdded { code, title } => {
                let what = match title {
                    Some(t) => format!("{code} \u{2013} {t}"),
                    None => code.clone(),
                };
                self.f(T::ChHistory, &[&what])
            }
            Change::SilentUpdate { updated } => self.f(T::ChSilent, &[&self.sent_day(updated)]),
            Change::Other { endpoint, count } => self.f(T::ChOther, &[self.endpoint(*endpoint), &count.to_string()]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn changes_read_naturally_in_both_languages() {
        let (en, es) = (W(Lang::En), W(Lang::Es));
        let c = Change::EventAdded { code: "FTA0".into(), recorded: Some("2026-11-02".into()) };
        assert_eq!(en.change(&c), "new event FTA0 (recorded Nov 2, 2026)");
        assert_eq!(es.change(&c), "nuevo evento FTA0 (registrado el 2 de noviembre de 2026)");
        assert_eq!(en.sent_day("05-29-2026 11:02:15"), "05-29-2026 11:02:15", "not a day it can read: as sent");
        assert_eq!(
            (en.size(43_000), en.size(1_300_000), es.size(1_300_000)),
            ("42 KB".into(), "1.3 MB".into(), "1,3 MB".into())
        );
        let s = Change::Status { old: None, new: Some("Case Was Received".into()) };
        assert_eq!(en.change(&s), "status: \u{201c}none\u{201d} \u{2192} \u{201c}Case Was Received\u{201d}");
    }
}
