//! Every word CaseScope shows a person, in English ([`en`]), Spanish
//! ([`es`]) and Simplified Chinese ([`zh`]): one key enum, [`T`], and one
//! table per language, each a `match` over every key, so the compiler
//! refuses a key without its words in every language. No i18n runtime: a template holds `{0}`, `{1}`... filled
//! by [`W::f`]; dates, day counts and plurals are worded by [`W`] per
//! language.
//!
//! What is *not* translated, on purpose: what USCIS sent (status text,
//! titles, office names; USCIS's own Spanish text is shown where it sent
//! one), and the code tables (`data/`), which stay in their source language;
//! the words around them say so.

use crate::dates::{self, When, Zone, MONTHS_ES};

mod en;
mod es;
mod history;
mod report;
mod words;
mod zh;

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Es,
    /// Simplified Chinese (简体中文).
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Es, Lang::Zh];

    /// `en`, `es`, `zh`: in actions, storage and `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Zh => "zh",
        }
    }

    /// The language's name written in itself, the same in every table:
    /// what a person looks for when the screen is in a language they do
    /// not read.
    pub fn autonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Espa\u{f1}ol",
            Lang::Zh => "\u{4e2d}\u{6587}",
        }
    }

    /// The `lang` attribute of text in this language (`zh-Hans`: the
    /// script, for fonts and line breaking).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-Hans",
            other => other.code(),
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language for the browser's UI language (`es-419`, `es_MX`,
    /// `en-US`, `zh-CN`): Spanish for any Spanish; Chinese for Chinese in
    /// simplified characters (`zh`, `zh-CN`, `zh-SG`, `zh-Hans`), not for
    /// `zh-TW`, `zh-HK`, `zh-MO` or `zh-Hant` (written in traditional
    /// characters: English, unless the person picks 中文; see
    /// docs/GLOSSARY-zh.md); English otherwise.
    pub fn for_browser(tag: &str) -> Lang {
        let parts: Vec<String> = tag.split(['-', '_']).map(str::to_ascii_lowercase).collect();
        match parts.first().map(String::as_str) {
            Some("es") => Lang::Es,
            Some("zh") if !parts[1..].iter().any(|p| matches!(p.as_str(), "tw" | "hk" | "mo" | "hant")) => Lang::Zh,
            _ => Lang::En,
        }
    }
}

macro_rules! keys {
    ($($(#[$doc:meta])* $k:ident),* $(,)?) => {
        /// A piece of text a person sees. Its words are in `en.rs`, `es.rs` and `zh.rs`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum T { $($(#[$doc])* $k),* }

        impl T {
            /// Every key, for the tests that check both tables.
            pub const ALL: &'static [T] = &[$(T::$k),*];
        }
    };
}

keys! {
    // The frame.
    Loading, Tagline, ThemeSystem, ThemeDark, ThemeLight, Close, CloseLabel,
    /// The label of the choice of language (each language is written in itself: `Lang::autonym`).
    LanguageLabel, LookingAtTab, Elsewhere, OpenUscis, LookUpAnother, PageTitle,
    // Choosing a receipt.
    ReceiptLabel, LookUp, ReceiptHelp, OnThisPage, ReceiptsOnPage, ReceiptEmpty, ReceiptWrongShape,
    // Progress and errors.
    FetchingCase, AskingAgain, Cancel, RetryRateLimited, RetryTransient, RetryIn, Stopped,
    ErrOtherReceipt, ErrRefused, ErrUnreadable, ErrNoBackground,
    Copied, CopyFailed, WhatRaw, WhatAll, WhatSummary, WhatValue, WhatPath,
    // The case.
    SignInTitle, SignInText, FieldReceipt, FieldForm, FieldStatus, FieldCode, FieldFiled, FieldUpdated,
    FieldOffice, NoStatusTitle, SummaryHeading, CopySummary, StatusInSpanish, StatusInEnglish, ShowInRaw,
    EveryField, OtherFields, Clipped,
    // Raw answers and the footer.
    RawAnswers, CopyAll, Download, OpenTab, CopyRaw, NoAnswer, Timing, ViaPage, ViaBackground, Reused,
    Fetching, FetchAgainIn, FetchAgain,
    // At a glance.
    AtAGlance, Stage, FromEvidence, SinceFiling, LastAction, FiledToday, OneDay, Days, FiledInFuture,
    Today, Yesterday, Tomorrow, DaysAgo, InDays,
    // Timeline.
    TimelineHeading, ColWhen, ColCode, ColWhat, RepeatedTitle, BackdatedTitle, Backdated, Upcoming, ShowAllEntries,
    KindEvent, KindStatus, KindAppointment, KindNotice, KindDocument,
    // What each answer means.
    OutcomeAnswered, OutcomeNoData, OutcomeSignedOut, OutcomeNotFound, OutcomeEmpty, OutcomeLimitedFor,
    OutcomeLimited, OutcomeForbidden, OutcomeServer, OutcomeMalformed, OutcomeNetwork,
    NetTimeout, NetCancelled, NetFailed,
    EndpointCase, EndpointStatus, EndpointReceiptInfo, EndpointDocuments, EndpointPage, MissingPage,
    FromPageWhileAsking, FromPageStandsIn, FromPageAge, MinutesAgo, MinuteAgo, HoursAgo, CardFiled, CardUpdated, NameCase, RenameCase, NameCaseFor,
    NicknameLabel, SaveName, MarkPageChanged,
    // What was found on the page, and the report for CaseScope's maintainers.
    PageShows, PageShowsClosed, PageWordsHeading, FoundHeading, FoundLayout, LayoutById, LayoutByText, LayoutOne,
    LayoutNone, FoundCounts, FoundUnplacedList, FoundDataMissing, FoundDataUnreadable, FoundDataRead, FoundDataReadOne, FoundNotRead,
    UnplacedNotice, ReportShow, ReportCopy, ReportAbout, WhatReport,
    // The raw viewer.
    ViewerEndpoints, ModeTree, ModeRaw, NotJson, NoMatch, MatchOf, MatchOfMore, SelectedPath, CopyValue, CopyPath,
    ShowInDecoded, SearchLabel, PrevMatch, NextMatch, ExpandAll, CollapseAll, Depth, JsonTree,
    OneKey, Keys, OneItem, Items, DuplicateKeyTitle, DuplicateKey, ShowAllChars, ShowMore, LineContinues,
    RawTextLabel, MoreLines,
    // Where a code's words come from.
    SourceCase, SourceCommunity, SourceNiem, SourceNone, EvidenceObserved, EvidenceCommunity,
    EvidenceDisputed, UnknownCode,
    // Stages.
    StageUnknown, StageReceived, StageBiometrics, StageUnderReview, StageInterview, StageEvidence,
    StageApproved, StageDenied, StageCard, StageClosed,
    // The decoded report.
    FlagActionRequired, FlagClosed, FlagPremium, FlagCmsFailure, FlagUpcoming,
    BadDate, DateFiling, DateUpdated, DateEvent, DateAppointment, DateNotice, DateDocument, DateHistory,
    ShapeProblem, OtherReceiptProblem, ValueEmpty, ValueNone, NotADate, NoDate, UscisTime, Yes, No,
    NotePersonal, NoteOpaque, NoteUndocumented, NoteUnexpected,
    EvCurrentTitleCode, EvCurrentTitle, EvCurrentCode, EvCurrent, EvHistory, EvEvent, EvDocument, EvClosed,
    UnknownDay, NoTitle, LastEvent, LastStatus, LastDocument, SilentUpdate, PrefixWarning,
    DefaultNotice, DefaultDocument, Recorded, NoticeIssued,
    // Text and Markdown exports.
    TxtReceiptPrefix, TxtDaysSinceFiling, TxtFromEvidence, TxtOtherFields,
    MdCase, MdNoReceipt, MdStageEvidence, MdTimeline, MdKind, MdWhat, MdSource, MdEveryField, MdField,
    MdValue, MdNote, MdFrom,
    // Why a body is not JSON.
    JsonAt, JsonEmpty, JsonEndsEarly, JsonEscape, JsonControl, JsonUnterminated, JsonComma, JsonName, JsonColon,
    JsonDeep, JsonLarge, JsonNumber, JsonUnexpected, JsonTrailing, JsonSyntax, NetInternal,
    // `casescope decode`.
    CliNotJson, CliNotCase, CliNoPath, CliNoFiles, CliCannotRead,
    // What could not be read, on the first screen.
    MissingCase, MissingStatus, MissingReceiptInfo, MissingDocuments, ReasonSignedOut, ReasonNotFound, ReasonEmpty,
    ReasonLimited, ReasonForbidden, ReasonServer, ReasonMalformed, ReasonNetwork, ShownList, ShownNothing,
    NotFoundCase, NotFoundHint, LimitedUntil, StatusNotRead, StageNotRead,
    // What USCIS recorded, and when.
    SilentExplained, SilentExplainedNoStatus, RecEvent, RecEventDated, RecDocument, RecNotice, RecordedOn,
    EntryDetails, CopyOf, CopyBackdated, TxtEveryValue,
    // The stage line.
    StageOath, EvFiled, StagesLabel, StepFiled, StepBiometrics, StepReview, StepInterview, StepEvidence, StepApproved,
    StepDenied, StepDecision, StepCard, StepDocument, StepOath, StepShownBy, StepNotKnown, StepHere,
    // Masking.
    MaskedNote, MaskOn, MaskOff, CopyForum, CopyForumTitle, WhatForum, ForumFooter, MaskedNumber,
    // The printable record.
    PrintButton, PrintHint, PrintHeading, PrintedOn, PrintUnofficial,
    // Remembering cases, and what changed.
    StatusSince, SilentShort, RememberHow, SettingsLabel, ThisCase,
    RememberAsk, RememberAskMore, RememberYes, RememberNo, SinceFirst, SinceSame, SinceChanged, ChStatus,
    ChStatusText, ChCode, ChOffice, ChClosed, ChReopened, ChActionRequired, ChActionDone, ChEventAdded,
    ChEventRecorded, ChEventRemoved, ChNotice, ChDocAdded, ChDocRemoved, ChHistory, ChSilent, ChOther, ChNothing,
    HistoryHeading, HistoryOn, HistoryOff, HistoryAmount, HistoryAmountOne, HistoryNone, EraseCase, EraseAll, Erased, HistoryFailed,
    HistoryMadeRoom,
    HistoryUnreadable, HistoryNewer, SizeKb, SizeMb, LooksHeading, LookFirst, LookCarried, LookNothingNamed,
    LookDiffButton, DiffAdded, DiffRemoved, DiffChanged, ColWhere, ColBefore, ColAfter, NewSinceLook,
    ExportKept, ExportMasked, ImportKept, Imported, ImportedOne, ImportRefused, ImTooLarge, ImNotJson, ImForeign, ImNewer,
    ImBadCase, ImDuplicate, ImEmpty, CheckAll, Checking, CheckDone, CheckDoneOne, CheckStoppedSignedOut, CheckStoppedLimited,
    MarkChanged, MarkSame, MarkFirst, CheckFailed, SourceLearned,
    // Appointments, and the calendar file.
    UpcomingHeading, AppointmentKind, AddToCalendar, AddAllToCalendar, CalendarMaskedNote, CalendarHint, CalSummary,
    CalNoForm, CalReceipt, CalNoticeMade, CalLength, CalCheckNotice, CalReminder, CliNoAppointment, LocalTimeIn,
}

/// Words in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct W(pub Lang);

/// Fills `{0}`, `{1}`... in `template` with `args`.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + args.iter().map(|a| a.len()).sum::<usize>());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find('}').and_then(|j| after[..j].parse::<usize>().ok().map(|n| (j, n))) {
            Some((j, n)) if n < args.len() => {
                out.push_str(args[n]);
                rest = &after[j + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{n}` placeholders a template uses, sorted.
pub fn placeholders(template: &str) -> Vec<usize> {
    // What follows each "{" (not what precedes the first).
    let parts: Vec<&str> = template.split('{').collect();
    let after = parts.get(1..).unwrap_or_default();
    let mut out: Vec<usize> =
        after.iter().filter_map(|p| p.split_once('}').and_then(|(n, _)| n.parse().ok())).collect();
    crate::order::sort(&mut out);
    out.dedup();
    out
}

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl W {
    /// The words of `key`.
    pub fn t(self, key: T) -> &'static str {
        match self.0 {
            Lang::En => en::text(key),
            Lang::Es => es::text(key),
            Lang::Zh => zh::text(key),
        }
    }

    /// The label of a field USCIS sends (`submissionDate`: "Filed on"), or
    /// its name as sent when CaseScope does not know it.
    pub fn field(self, key: &str) -> &str {
        let known = match self.0 {
            Lang::En => en::field(key),
            Lang::Es => es::field(key),
            Lang::Zh => zh::field(key),
        };
        known.unwrap_or(key)
    }

    /// What `true` and `false` mean for a field ("Requested" / "Not requested").
    pub fn yes_no(self, key: &str) -> (&'static str, &'static str) {
        let words = match self.0 {
            Lang::En => en::yes_no(key),
            Lang::Es => es::yes_no(key),
            Lang::Zh => zh::yes_no(key),
        };
        words.unwrap_or((self.t(T::Yes), self.t(T::No)))
    }

    /// The words of `key` with its placeholders filled.
    pub fn f(self, key: T, args: &[&str]) -> String {
        fill(self.t(key), args)
    }

    /// A calendar day: "Jan 5, 2026", "5 de enero de 2026", "2026年1月5日".
    pub fn day(self, y: i32, m: u32, d: u32) -> String {
        let i = (m.clamp(1, 12) - 1) as usize;
        match self.0 {
            Lang::En => format!("{} {d}, {y}", MONTHS_EN[i]),
            Lang::Es => format!("{d} de {} de {y}", MONTHS_ES[i]),
            Lang::Zh => format!("{y}\u{5e74}{}\u{6708}{d}\u{65e5}", i + 1),
        }
    }

    /// What stands between a day and its time: "Jun 1, 2026, 2:40 PM",
    /// "2026年6月1日 14:40".
    pub fn day_clock_sep(self) -> &'static str {
        match self.0 {
            Lang::Zh => " ",
            _ => ", ",
        }
    }

    /// A time of day: "2:40 PM", "14:40".
    pub fn clock(self, hh: u32, mm: u32) -> String {
        match self.0 {
            Lang::En => {
                let (h12, ampm) = match hh {
                    0 => (12, "AM"),
                    1..=11 => (hh, "AM"),
                    12 => (12, "PM"),
                    _ => (hh - 12, "PM"),
                };
                format!("{h12}:{mm:02} {ampm}")
            }
            Lang::Es | Lang::Zh => format!("{hh}:{mm:02}"),
        }
    }

    /// A date as a person reads it, in the user's zone for an instant; a
    /// wall-clock time with no zone says it is USCIS's.
    pub fn when(self, w: &When, zone: &dyn Zone) -> String {
        match *w {
            When::Day { y, m, d } | When::Local { y, m, d, hh: 0, mm: 0, ss: 0 } => self.day(y, m.into(), d.into()),
            When::Local { y, m, d, hh, mm, .. } => {
                format!(
                    "{}{}{} ({})",
                    self.day(y, m.into(), d.into()),
                    self.day_clock_sep(),
                    self.clock(hh.into(), mm.into()),
                    self.t(T::UscisTime)
                )
            }
            When::Instant { ms } => {
                let local = ms + i64::from(zone.offset_minutes(ms)) * 60_000;
                let (y, m, d) = dates::civil_from_days(local.div_euclid(86_400_000));
                let in_day = local.rem_euclid(86_400_000) / 60_000;
                let clock = self.clock((in_day / 60) as u32, (in_day % 60) as u32);
                format!("{}{}{clock}", self.day(y, m, d), self.day_clock_sep())
            }
        }
    }

    /// Just the day of a date (no time): "Oct 3, 2026".
    pub fn day_of(self, w: &When, zone: &dyn Zone) -> String {
        let (y, m, d) = w.local_day(zone);
        self.day(y, m, d)
    }

    /// `one`'s words for a count of 1, else `many`'s ("1 case", "2 cases"),
    /// with the same arguments.
    pub fn count(self, n: usize, one: T, many: T, args: &[&str]) -> String {
        self.f(if n == 1 { one } else { many }, args)
    }

    /// "today", "yesterday", "12 days ago", "in 3 days".
    pub fn relative_days(self, days: i64) -> String {
        match days {
            0 => self.t(T::Today).into(),
            1 => self.t(T::Yesterday).into(),
            -1 => self.t(T::Tomorrow).into(),
            d if d > 1 => self.f(T::DaysAgo, &[&d.to_string()]),
            d => self.f(T::InDays, &[&(-d).to_string()]),
        }
    }

    /// How long ago, counted in minutes: "7 minutes ago", and in hours from
    /// two hours on ("2 hours ago").
    pub fn minutes_ago(self, minutes: i64) -> String {
        if minutes < 120 {
            self.count(minutes as usize, T::MinuteAgo, T::MinutesAgo, &[&minutes.to_string()])
        } else {
            self.f(T::HoursAgo, &[&(minutes / 60).to_string()])
        }
    }

    /// A date with how long ago it was: "Oct 21, 2025 (12 days ago)".
    pub fn when_ago(self, w: &When, now_ms: i64, zone: &dyn Zone) -> String {
        format!("{} ({})", self.when(w, zone), self.relative_days(w.days_before(now_ms, zone)))
    }

    /// How long since filing: "1 day", "326 days".
    pub fn days_since_filing(self, d: i64) -> String {
        match d {
            0 => self.t(T::FiledToday).into(),
            1 => self.t(T::OneDay).into(),
            d if d < 0 => self.t(T::FiledInFuture).into(),
            d => self.f(T::Days, &[&d.to_string()]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_words_in_every_language_with_the_same_placeholders() {
        for k in T::ALL {
            let en = W(Lang::En).t(*k);
            for lang in [Lang::Es, Lang::Zh] {
                let other = W(lang).t(*k);
                assert!(!en.trim().is_empty() && !other.trim().is_empty(), "{k:?}");
                assert_eq!(placeholders(en), placeholders(other), "{k:?}: {en:?} / {other:?}");
            }
        }
    }

    /// The words of ASCII letters in `s`, two letters or more.
    fn latin_words(s: &str) -> Vec<&str> {
        s.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() >= 2).collect()
    }

    #[test]
    fn chinese_keeps_no_english_word_that_spanish_translates() {
        // A word of the English that the Spanish also has is a name, a code
        // or a term people search by (USCIS, CaseScope, JSON, RFE, PDF...);
        // one the Spanish translates must be translated in Chinese too.
        // The English terms people search by, kept in brackets after the
        // Chinese (docs/GLOSSARY-zh.md): "收据号 (Receipt Number)".
        let searched = ["Receipt", "Number", "RFE", "EAD", "Premium", "Processing", "LUD"];
        let check = |key: String, en: &str, es: &str, zh: &str| {
            let has = |text: &str, w: &str| latin_words(text).iter().any(|x| x.eq_ignore_ascii_case(w));
            for w in latin_words(zh).into_iter().filter(|w| !searched.contains(w)) {
                assert!(!has(en, w) || has(es, w), "{key}: \"{w}\" is English left in {zh:?}");
            }
        };
        for k in T::ALL {
            check(format!("{k:?}"), W(Lang::En).t(*k), W(Lang::Es).t(*k), W(Lang::Zh).t(*k));
        }
        for (key, _) in crate::decode::known_fields() {
            check(key.to_string(), W(Lang::En).field(key), W(Lang::Es).field(key), W(Lang::Zh).field(key));
            if let (Some(en), Some(es), Some(zh)) = (en::yes_no(key), es::yes_no(key), zh::yes_no(key)) {
                check(key.to_string(), en.0, es.0, zh.0);
                check(key.to_string(), en.1, es.1, zh.1);
            }
        }
    }

    #[test]
    fn every_field_the_decoder_knows_has_a_label_in_both_languages() {
        use crate::decode::{known_fields, Kind};
        for (key, kind) in known_fields() {
            assert!(en::field(key).is_some() && es::field(key).is_some() && zh::field(key).is_some(), "{key}");
            assert_ne!(en::field(key), es::field(key), "{key}");
            assert_ne!(en::field(key), zh::field(key), "{key}");
            assert_eq!(en::yes_no(key).is_some(), es::yes_no(key).is_some(), "{key}");
            assert_eq!(en::yes_no(key).is_some(), zh::yes_no(key).is_some(), "{key}");
            let yes_no_kind = matches!(kind, Kind::Bool | Kind::Flag | Kind::OpaqueFlag);
            if !yes_no_kind {
                assert!(en::yes_no(key).is_none(), "{key} is not a yes/no field");
            }
        }
        assert!(en::field("message").is_some() && es::field("message").is_some());
    }

    #[test]
    fn spanish_and_chinese_are_not_english_copied() {
        // Words that are the same in the languages, on purpose.
        let same = [T::Timing, T::PageTitle, T::SizeKb, T::SizeMb];
        for k in T::ALL.iter().filter(|k| !same.contains(k)) {
            if *k != T::No {
                assert_ne!(W(Lang::En).t(*k), W(Lang::Es).t(*k), "{k:?} has no Spanish of its own");
            }
            assert_ne!(W(Lang::En).t(*k), W(Lang::Zh).t(*k), "{k:?} has no Chinese of its own");
        }
    }

    #[test]
    fn templates_fill_in_order_and_leave_other_braces() {
        assert_eq!(fill("{1} then {0}", &["a", "b"]), "b then a");
        assert_eq!(fill("{x} {9} {", &["a"]), "{x} {9} {");
        assert_eq!(placeholders("{0} of {1}, {0}"), [0, 1]);
    }

    #[test]
    fn the_browser_language_picks_the_interface() {
        for (tag, lang) in [("es", Lang::Es), ("es-419", Lang::Es), ("es_MX", Lang::Es), ("ES-es", Lang::Es)] {
            assert_eq!(Lang::for_browser(tag), lang, "{tag}");
        }
        for tag in ["zh", "zh-CN", "zh_CN", "zh-SG", "zh-Hans", "zh-Hans-CN", "ZH-cn"] {
            assert_eq!(Lang::for_browser(tag), Lang::Zh, "{tag}");
        }
        // Traditional characters: English until the person picks 中文.
        for tag in ["en-US", "en", "fr", "", "est", "zh-TW", "zh-HK", "zh_MO", "zh-Hant", "zh-Hant-TW"] {
            assert_eq!(Lang::for_browser(tag), Lang::En, "{tag}");
        }
    }

    #[test]
    fn dates_and_counts_read_naturally() {
        let (en, es) = (W(Lang::En), W(Lang::Es));
        assert_eq!(es.day(2026, 1, 5), "5 de enero de 2026");
        assert_eq!(en.day(2026, 1, 5), "Jan 5, 2026");
        let t = dates::parse("2026-06-01T21:40:00.000Z").unwrap();
        assert_eq!(en.when(&t, &dates::Fixed(-420)), "Jun 1, 2026, 2:40 PM");
        assert_eq!(es.when(&t, &dates::Fixed(-420)), "1 de junio de 2026, 14:40");
        let local = dates::parse("05-29-2026 11:02:15").unwrap();
        assert_eq!(es.when(&local, &dates::Fixed(0)), "29 de mayo de 2026, 11:02 (hora de USCIS)");
        assert_eq!(es.relative_days(1), "ayer");
        assert_eq!(es.relative_days(326), "hace 326 días");
        assert_eq!(es.relative_days(-3), "dentro de 3 días");
        assert_eq!(en.relative_days(12), "12 days ago");
        assert_eq!(es.days_since_filing(1), "1 día");
        assert_eq!(es.days_since_filing(326), "326 días");
        assert_eq!(en.days_since_filing(1), "1 day");
        let zh = W(Lang::Zh);
        assert_eq!(zh.day(2026, 1, 12), "2026\u{5e74}1\u{6708}12\u{65e5}");
        assert_eq!(zh.when(&t, &dates::Fixed(-420)), "2026\u{5e74}6\u{6708}1\u{65e5} 14:40");
        assert_eq!(zh.relative_days(407), "407 \u{5929}\u{524d}");
        assert_eq!(zh.relative_days(-12), "12 \u{5929}\u{540e}");
        assert_eq!(zh.days_since_filing(326), "326 \u{5929}");
    }

    #[test]
    fn the_manifest_speaks_every_language() {
        let manifest: serde_json::Value = serde_json::from_str(include_str!("../../manifest.json")).unwrap();
        assert_eq!(manifest["default_locale"], "en");
        let text = manifest.to_string();
        let parts: Vec<&str> = text.split("__MSG_").collect();
        let mut keys: Vec<&str> =
            parts.get(1..).unwrap_or_default().iter().filter_map(|s| s.split_once("__").map(|(k, _)| k)).collect();
        assert!(keys.len() >= 3, "name, description and the icon's title: {keys:?}");
        // The in-page button's words too (content.js reads them with chrome.i18n).
        let content = include_str!("../../extension/content.js");
        assert!(content.contains("getMessage('inPageButton')"));
        for (_, rest) in content.match_indices("getMessage('").map(|(i, _)| content.split_at(i + 12)) {
            keys.push(rest.split('\'').next().unwrap_or(""));
        }
        let read = |text: &str| -> serde_json::Value { serde_json::from_str(text).unwrap() };
        let en = read(include_str!("../../extension/_locales/en/messages.json"));
        for other in [
            read(include_str!("../../extension/_locales/es/messages.json")),
            read(include_str!("../../extension/_locales/zh_CN/messages.json")),
        ] {
            for k in &keys {
                let (e, s) = (en[k]["message"].as_str().unwrap_or(""), other[k]["message"].as_str().unwrap_or(""));
                assert!(!e.is_empty() && !s.is_empty() && e != s, "{k}: {e:?} / {s:?}");
            }
            assert!(other["extName"]["message"].as_str().unwrap().chars().count() <= 45, "store limit for a name");
            assert!(other["extDescription"]["message"].as_str().unwrap().chars().count() <= 132, "store limit");
        }
        assert!(en["extName"]["message"].as_str().unwrap().chars().count() <= 45, "store limit for a name");
    }
}
