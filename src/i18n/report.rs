//! The words for a decoded [`Report`](crate::decode::Report): dates, flags,
//! problems, fields, the stage's evidence, the timeline. The report holds
//! data; this says it in the reader's language.

use super::{Lang, T, W};
use crate::dates::{DateValue, Local};
use crate::decode::{
    DateOf, Detail, EntryKind, Flag, LastAction, Note, Problem, Recorded, Shown, SilentUpdate, Stage, StageEvidence,
    Step, TimelineEntry,
};

impl W {
    /// A placed date: "Oct 21, 2025", "Jun 1, 2026, 2:40 PM",
    /// "May 29, 2026, 11:02 AM (USCIS time)".
    pub fn local(self, l: &Local) -> String {
        let day = self.day(l.y, l.m.into(), l.d.into());
        match l.clock {
            None => day,
            Some((hh, mm)) if l.uscis_clock => {
                format!("{day}{}{} ({})", self.day_clock_sep(), self.clock(hh.into(), mm.into()), self.t(T::UscisTime))
            }
            Some((hh, mm)) => format!("{day}{}{}", self.day_clock_sep(), self.clock(hh.into(), mm.into())),
        }
    }

    /// Just the day of a placed date.
    pub fn local_day(self, l: &Local) -> String {
        self.day(l.y, l.m.into(), l.d.into())
    }

    /// A date as read, with how long ago: "Oct 21, 2025 (12 days ago)"; one
    /// that is not a date is shown as sent and says so.
    pub fn date(self, d: &DateValue) -> String {
        match &d.local {
            Some(l) => format!("{} ({})", self.local(l), self.relative_days(l.days_ago.into())),
            None => self.f(T::NotADate, &[&d.raw]),
        }
    }

    /// A date that may not have been given at all.
    pub fn maybe_date(self, d: Option<&DateValue>) -> String {
        d.map(|d| self.date(d)).unwrap_or_else(|| self.t(T::NoDate).into())
    }

    fn maybe_day(self, l: &Option<Local>) -> String {
        l.as_ref().map(|l| self.local_day(l)).unwrap_or_else(|| self.t(T::UnknownDay).into())
    }

    pub fn flag(self, f: Flag) -> &'static str {
        self.t(match f {
            Flag::ActionRequired => T::FlagActionRequired,
            Flag::Closed => T::FlagClosed,
            Flag::Premium => T::FlagPremium,
            Flag::CmsFailure => T::FlagCmsFailure,
            Flag::UpcomingAppointment => T::FlagUpcoming,
        })
    }

    pub fn problem(self, p: &Problem) -> String {
        match p {
            Problem::BadDate { what, raw } => {
                let what = match what {
                    DateOf::Filing => self.t(T::DateFiling),
                    DateOf::Updated => self.t(T::DateUpdated),
                    DateOf::Event => self.t(T::DateEvent),
                    DateOf::Appointment => self.t(T::DateAppointment),
                    DateOf::Notice => self.t(T::DateNotice),
                    DateOf::Document => self.t(T::DateDocument),
                    DateOf::History => self.t(T::DateHistory),
                    DateOf::Field(key) => self.field(key),
                };
                self.f(T::BadDate, &[what, raw])
            }
            Problem::Shape { endpoint } => self.f(T::ShapeProblem, &[&self.endpoint(*endpoint).to_lowercase()]),
            Problem::OtherReceipt { endpoint, receipt } => {
                self.f(T::OtherReceiptProblem, &[&self.endpoint(*endpoint).to_lowercase(), receipt])
            }
        }
    }

    /// A field's value.
    pub fn shown(self, key: &str, v: &Shown) -> String {
        match v {
            Shown::Text(s) => s.clone(),
            Shown::Empty => self.t(T::ValueEmpty).into(),
            Shown::NoneListed => self.t(T::ValueNone).into(),
            Shown::Bool(b) => {
                let (yes, no) = self.yes_no(key);
                (if *b { yes } else { no }).into()
            }
            Shown::Date(d) => self.date(d),
        }
    }

    pub fn note(self, n: &Note) -> String {
        match n {
            Note::FormTitle(t) | Note::Office(t) => t.clone(),
            Note::Code(c) => self.code_label(c),
            Note::Personal => self.t(T::NotePersonal).into(),
            Note::Opaque => self.t(T::NoteOpaque).into(),
            Note::Undocumented => self.t(T::NoteUndocumented).into(),
            Note::UnexpectedType => self.t(T::NoteUnexpected).into(),
        }
    }

    /// What put the case in its stage.
    pub fn stage_evidence(self, e: &StageEvidence) -> String {
        let title = |t: &Option<String>| t.clone().unwrap_or_else(|| self.t(T::NoTitle).into());
        match e {
            StageEvidence::Current { title: Some(t), code: Some(c) } => self.f(T::EvCurrentTitleCode, &[t, c]),
            StageEvidence::Current { title: Some(t), code: None } => self.f(T::EvCurrentTitle, &[t]),
            StageEvidence::Current { title: None, code: Some(c) } => self.f(T::EvCurrentCode, &[c]),
            StageEvidence::Current { title: None, code: None } => self.t(T::EvCurrent).into(),
            StageEvidence::History { title: t, day } => self.f(T::EvHistory, &[&title(t), &self.maybe_day(day)]),
            StageEvidence::Event { code, day } => self.f(T::EvEvent, &[code, &self.maybe_day(day)]),
            StageEvidence::Document { title: t, day } => self.f(T::EvDocument, &[t, &self.maybe_day(day)]),
            StageEvidence::ClosedRecord => self.t(T::EvClosed).into(),
            StageEvidence::Filed { day } => self.f(T::EvFiled, &[&self.local_day(day)]),
        }
    }

    /// A step's short name on the stage line. The step after the decision
    /// is a card, or (I-131) a travel document.
    pub fn step(self, s: Stage, form: Option<&str>) -> &'static str {
        self.t(match s {
            Stage::Received => T::StepFiled,
            Stage::Biometrics => T::StepBiometrics,
            Stage::UnderReview => T::StepReview,
            Stage::Interview => T::StepInterview,
            Stage::EvidenceRequested => T::StepEvidence,
            Stage::Approved => T::StepApproved,
            Stage::Denied => T::StepDenied,
            Stage::CardProduction if form.is_some_and(|f| f.eq_ignore_ascii_case("I-131")) => T::StepDocument,
            Stage::CardProduction => T::StepCard,
            Stage::Oath => T::StepOath,
            Stage::Unknown | Stage::Closed => T::StepDecision,
        })
    }

    /// A step as a sentence, for screen readers and the hover text.
    pub fn step_text(self, step: &Step, form: Option<&str>) -> String {
        let name = match (step.stage, &step.evidence) {
            // An unreached decision is the decision, not "approved".
            (Stage::Approved, None) => self.t(T::StepDecision),
            (s, _) => self.step(s, form),
        };
        match &step.evidence {
            Some(e) => self.f(T::StepShownBy, &[name, &self.stage_evidence(e)]),
            None => self.f(T::StepNotKnown, &[name]),
        }
    }

    pub fn last_action(self, a: &LastAction) -> String {
        match a {
            LastAction::Event(code) => self.f(T::LastEvent, &[code]),
            LastAction::Status(t) => self.f(T::LastStatus, &[t.as_deref().unwrap_or(self.t(T::NoTitle))]),
            LastAction::Document(t) => self.f(T::LastDocument, &[t.as_deref().unwrap_or(self.t(T::DefaultDocument))]),
        }
    }

    /// The record's update: explained by what USCIS recorded that day, or
    /// (only when nothing explains it) a "silent update".
    pub fn silent_update(self, s: &SilentUpdate) -> String {
        let day = self.local_day(&s.updated);
        if s.explained_by.is_empty() {
            return self.f(T::SilentUpdate, &[&day, &self.local_day(&s.newest)]);
        }
        let what: Vec<String> = s.explained_by.iter().map(|r| self.recorded(r)).collect();
        let what = what.join(", ");
        match &s.status_since {
            Some(since) => self.f(T::SilentExplained, &[&self.local_day(since), &day, &what]),
            None => self.f(T::SilentExplainedNoStatus, &[&day, &what]),
        }
    }

    /// "event FTA1, dated Aug 14, 2026".
    pub fn recorded(self, r: &Recorded) -> String {
        match r {
            Recorded::Event { code, dated: Some(d) } => self.f(T::RecEventDated, &[code, &self.local_day(d)]),
            Recorded::Event { code, dated: None } => self.f(T::RecEvent, &[code]),
            Recorded::Document { title } => {
                self.f(T::RecDocument, &[title.as_deref().unwrap_or(self.t(T::DefaultDocument))])
            }
            Recorded::Notice { action } => {
                self.f(T::RecNotice, &[action.as_deref().unwrap_or(self.t(T::DefaultNotice))])
            }
        }
    }

    /// The warning for a receipt prefix the endpoints do not serve well.
    pub fn prefix_warning(self, prefix: &str) -> String {
        self.f(T::PrefixWarning, &[prefix])
    }

    /// What a timeline entry is called; for an entry USCIS gave no words
    /// for, what it is ("Unknown code" for an event: never a guess).
    pub fn entry_title(self, e: &TimelineEntry) -> String {
        let title = match (self.0, e.title_es()) {
            (Lang::Es, Some(es)) => Some(es),
            _ => e.title(),
        };
        match title {
            Some(t) => t.to_string(),
            None => self
                .t(match e.kind() {
                    EntryKind::Event => T::UnknownCode,
                    EntryKind::Status => T::NoTitle,
                    EntryKind::Appointment | EntryKind::Notice => T::DefaultNotice,
                    EntryKind::Document => T::DefaultDocument,
                })
                .into(),
        }
    }

    /// Each copy's recorded day, for a re-issued event's row: "recorded Mar
    /// 2, 2026, 3:00 PM; Mar 7, 2026, 10:00 AM (backdated copy)".
    pub fn copies_recorded(self, e: &TimelineEntry) -> Option<String> {
        if e.copies().len() < 2 {
            return None;
        }
        let each: Vec<String> = e
            .copies()
            .iter()
            .map(|c| {
                let day = c.recorded.as_ref().map(|l| self.local(l)).unwrap_or_else(|| self.t(T::UnknownDay).into());
                if c.backdated {
                    format!("{day} ({})", self.t(T::CopyBackdated))
                } else {
                    day
                }
            })
            .collect();
        Some(self.f(T::RecordedOn, &[&each.join("; ")]))
    }

    pub fn detail(self, d: &Detail) -> String {
        match d {
            Detail::Recorded(l) => self.f(T::Recorded, &[&self.local(l)]),
            Detail::NoticeIssued(d) => self.f(T::NoticeIssued, &[&self.date(d)]),
            Detail::From(who) => who.clone(),
        }
    }
}
