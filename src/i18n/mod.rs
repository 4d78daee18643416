//! Every word CaseScope shows a person, in English ([`en`]) and Spanish
//! ([`es`]): one key enum, [`T`], and one table per language, each a
//! `match` over every key, so the compiler refuses a key without its
//! Spanish words. No i18n runtime: a template holds `{0}`, `{1}`... filled
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

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Es,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Es];

    /// `en`, `es`: in actions, storage and `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language for the browser's UI language (`es-419`, `es_MX`,
    /// `en-US`): Spanish for any Spanish, English otherwise.
    pub fn for_browser(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        if primary == "es" {
            Lang::Es
        } else {
            Lang::En
        }
    }

    /// The other language (the language switch offers it).
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Es,
            Lang::Es => Lang::En,
        }
    }
}

macro_rules! keys {
    ($($(#[$doc:meta])* $k:ident),* $(,)?) => {
        /// A piece of text a person sees. Its words are in `en.rs` and `es.rs`.
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
    /// The switch to the other language, written in that language.
    OtherLanguage, OtherLanguageLabel, LookingAtTab, Elsewhere, OpenUscis, LookUpAnother, PageTitle,
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
    FromPageWhileAsking, FromPageStandsIn, FromPageAge, MinutesAgo, HoursAgo, CardFiled, CardUpdated, NameCase, RenameCase, NameCaseFor,
    NicknameLabel, SaveName, MarkPageChanged,
    // What was found on the page, and the report for CaseScope's maintainers.
    PageShows, PageShowsClosed, PageWordsHeading, FoundHeading, FoundLayout, LayoutById, LayoutByText, LayoutOne,
    LayoutNone, FoundCounts, FoundUnplacedList, FoundDataMissing, FoundDataUnreadable, FoundDataRead, FoundNotRead,
    UnplacedNotice, ReportShow, ReportCopy, ReportAbout, WhatReport,
    // The raw viewer.
    ViewerEndpoints, ModeTree, ModeRaw, NotJson, NoMatch, MatchOf, SelectedPath, CopyValue, CopyPath,
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
    HistoryHeading, HistoryOn, HistoryOff, HistoryAmount, HistoryNone, EraseCase, EraseAll, Erased, HistoryFailed,
    HistoryUnreadable, HistoryNewer, SizeKb, SizeMb, LooksHeading, LookFirst, LookCarried, LookNothingNamed,
    LookDiffButton, DiffAdded, DiffRemoved, DiffChanged, ColWhere, ColBefore, ColAfter, NewSinceLook,
    ExportKept, ExportMasked, ImportKept, Imported, ImportRefused, ImTooLarge, ImNotJson, ImForeign, ImNewer,
    ImBadCase, ImDuplicate, ImEmpty, CheckAll, Checking, CheckDone, CheckStoppedSignedOut, CheckStoppedLimited,
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
    out.sort_unstable();
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
        }
    }

    /// The label of a field USCIS sends (`submissionDate`: "Filed on"), or
    /// its name as sent when CaseScope does not know it.
    pub fn field(self, key: &str) -> &str {
        let known = match self.0 {
            Lang::En => en::field(key),
            Lang::Es => es::field(key),
        };
        known.unwrap_or(key)
    }

    /// What `true` and `false` mean for a field ("Requested" / "Not requested").
    pub fn yes_no(self, key: &str) -> (&'static str, &'static str) {
        let words = match self.0 {
            Lang::En => en::yes_no(key),
            Lang::Es => es::yes_no(key),
        };
        words.unwrap_or((self.t(T::Yes), self.t(T::No)))
    }

    /// The words of `key` with its placeholders filled.
    pub fn f(self, key: T, args: &[&str]) -> String {
        fill(self.t(key), args)
    }

    /// A calendar day: "Jan 5, 2026", "5 de enero de 2026".
    pub fn day(self, y: i32, m: u32, d: u32) -> String {
        let i = (m.clamp(1, 12) - 1) as usize;
        match self.0 {
            Lang::En => format!("{} {d}, {y}", MONTHS_EN[i]),
            Lang::Es => format!("{d} de {} de {y}", MONTHS_ES[i]),
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
            Lang::Es => format!("{hh}:{mm:02}"),
        }
    }

    /// A date as a person reads it, in the user's zone for an instant; a
    /// wall-clock time with no zone says it is USCIS's.
    pub fn when(self, w: &When, zone: &dyn Zone) -> String {
        match *w {
            When::Day { y, m, d } | When::Local { y, m, d, hh: 0, mm: 0, ss: 0 } => self.day(y, m.into(), d.into()),
            When::Local { y, m, d, hh, mm, .. } => {
                format!(
                    "{}, {} ({})",
                    self.day(y, m.into(), d.into()),
                    self.clock(hh.into(), mm.into()),
                    self.t(T::UscisTime)
                )
            }
            When::Instant { ms } => {
                let local = ms + i64::from(zone.offset_minutes(ms)) * 60_000;
                let (y, m, d) = dates::civil_from_days(local.div_euclid(86_400_000));
                let in_day = local.rem_euclid(86_400_000) / 60_000;
                format!("{}, {}", self.day(y, m, d), self.clock((in_day / 60) as u32, (in_day % 60) as u32))
            }
        }
    }

    /// Just the day of a date (no time): "Oct 3, 2026".
    pub fn day_of(self, w: &When, zone: &dyn Zone) -> String {
        let (y, m, d) = w.local_day(zone);
        self.day(y, m, d)
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
            self.f(T::MinutesAgo, &[&minutes.to_string()])
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
    fn every_key_has_words_in_both_languages_with_the_same_placeholders() {
        for k in T::ALL {
            let (en, es) = (W(Lang::En).t(*k), W(Lang::Es).t(*k));
            assert!(!en.trim().is_empty() && !es.trim().is_empty(), "{k:?}");
            assert_eq!(placeholders(en), placeholders(es), "{k:?}: {en:?} / {es:?}");
        }
    }

    #[test]
    fn every_field_the_decoder_knows_has_a_label_in_both_languages() {
        use crate::decode::{known_fields, Kind};
        for (key, kind) in known_fields() {
            assert!(en::field(key).is_some() && es::field(key).is_some(), "{key}");
            assert_ne!(en::field(key), es::field(key), "{key}");
            assert_eq!(en::yes_no(key).is_some(), es::yes_no(key).is_some(), "{key}");
            let yes_no_kind = matches!(kind, Kind::Bool | Kind::Flag | Kind::OpaqueFlag);
            if !yes_no_kind {
                assert!(en::yes_no(key).is_none(), "{key} is not a yes/no field");
            }
        }
        assert!(en::field("message").is_some() && es::field("message").is_some());
    }

    #[test]
    fn spanish_is_not_english_copied() {
        // Words that are the same in both languages, on purpose.
        let same = [T::Timing, T::PageTitle, T::No, T::SizeKb, T::SizeMb];
        for k in T::ALL.iter().filter(|k| !same.contains(k)) {
            assert_ne!(W(Lang::En).t(*k), W(Lang::Es).t(*k), "{k:?} has no Spanish of its own");
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
        for tag in ["en-US", "en", "fr", "", "est"] {
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
    }

    #[test]
    fn the_manifest_speaks_both_languages() {
        let manifest: serde_json::Value = serde_json::from_str(include_str!("../../manifest.json")).unwrap();
        assert_eq!(manifest["default_locale"], "en");
        let text = manifest.to_string();
        let parts: Vec<&str> = text.split("__MSG_").collect();
        let keys: Vec<&str> =
            parts.get(1..).unwrap_or_default().iter().filter_map(|s| s.split_once("__").map(|(k, _)| k)).collect();
        assert!(keys.len() >= 3, "name, description and the icon's title: {keys:?}");
        let en: serde_json::Value =
            serde_json::from_str(include_str!("../../extension/_locales/en/messages.json")).unwrap();
        let es: serde_json::Value =
            serde_json::from_str(include_str!("../../extension/_locales/es/messages.json")).unwrap();
        for k in keys {
            let (e, s) = (en[k]["message"].as_str().unwrap_or(""), es[k]["message"].as_str().unwrap_or(""));
            assert!(!e.is_empty() && !s.is_empty() && e != s, "{k}: {e:?} / {s:?}");
        }
        // The in-page button's words (content.js reads them with chrome.i18n).
        let content = include_str!("../../extension/content.js");
        for (_, rest) in content.match_indices("getMessage('").map(|(i, _)| content.split_at(i + 12)) {
            let key = rest.split('\'').next().unwrap_or("");
            let (e, s) = (en[key]["message"].as_str().unwrap_or(""), es[key]["message"].as_str().unwrap_or(""));
            assert!(!e.is_empty() && !s.is_empty() && e != s, "{key}: {e:?} / {s:?}");
        }
        assert!(content.contains("getMessage('inPageButton')"));
        assert!(en["extName"]["message"].as_str().unwrap().len() <= 45, "store limit for a name");
        assert!(es["extName"]["message"].as_str().unwrap().len() <= 45, "store limit for a name");
    }
}
