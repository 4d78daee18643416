//! One list of everything that happened on the case: events, statuses,
//! appointments and notices, documents; newest first, future appointments on
//! top. Built from the report's own rows, so every entry keeps its source.

use std::rc::Rc;

use serde::Serialize;

use super::rows::{CodeLabel, Copies, DocumentRow, EventCopy, EventRow, LabelSource, NoticeRow, Source, StatusRow};
use crate::dates::{DateValue, Local, When};

/// What kind of thing a timeline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Event,
    Status,
    Appointment,
    Notice,
    Document,
}

/// More about an entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Detail {
    /// A backdated event: when it was recorded.
    Recorded(Local),
    /// An appointment: when its notice was issued.
    NoticeIssued(DateValue),
    /// A document: who provided it, as USCIS says.
    From(String),
}

/// One line of the timeline. An event's line is its row of
/// [`super::Report::events`], shared (a long case has thousands of them); the
/// other records, a handful, keep their own. Read through the methods;
/// written (JSON) with every field, as one record.
#[derive(Debug, Clone, PartialEq)]
pub enum TimelineEntry {
    Event(Rc<EventRow>),
    Other(Rc<Record>),
}

/// A status, appointment, notice or document line of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub kind: EntryKind,
    pub when: Option<When>,
    pub date: Option<DateValue>,
    pub title: Option<Rc<str>>,
    pub title_es: Option<Rc<str>>,
    /// A status's code, worded by USCIS's own title.
    pub code: Option<CodeLabel>,
    pub detail: Option<Detail>,
    /// An appointment still ahead.
    pub upcoming: bool,
    pub source: Source,
}

impl TimelineEntry {
    pub fn kind(&self) -> EntryKind {
        match self {
            TimelineEntry::Event(_) => EntryKind::Event,
            TimelineEntry::Other(r) => r.kind,
        }
    }

    pub fn when(&self) -> Option<When> {
        match self {
            TimelineEntry::Event(e) => e.when,
            TimelineEntry::Other(r) => r.when,
        }
    }

    /// The date as sent and read; `None`: no date given.
    pub fn date(&self) -> Option<&DateValue> {
        match self {
            TimelineEntry::Event(e) => e.date.as_ref(),
            TimelineEntry::Other(r) => r.date.as_ref(),
        }
    }

    /// What USCIS or a table calls it; `None`: it says nothing (an unknown
    /// code, a status or document without a title).
    pub fn title(&self) -> Option<&Rc<str>> {
        match self {
            TimelineEntry::Event(e) => e.code.label.as_ref(),
            TimelineEntry::Other(r) => r.title.as_ref(),
        }
    }

    /// USCIS's own Spanish title, where USCIS sent one.
    pub fn title_es(&self) -> Option<&Rc<str>> {
        match self {
            TimelineEntry::Event(e) => e.code.label_es.as_ref(),
            TimelineEntry::Other(r) => r.title_es.as_ref(),
        }
    }

    pub fn code(&self) -> Option<&CodeLabel> {
        match self {
            TimelineEntry::Event(e) => Some(&*e.code),
            TimelineEntry::Other(r) => r.code.as_ref(),
        }
    }

    /// More about it: when a backdated event was recorded, when an
    /// appointment's notice was issued, who provided a document.
    pub fn detail(&self) -> Option<Detail> {
        match self {
            TimelineEntry::Event(e) => e.created().filter(|_| e.backdated).map(Detail::Recorded),
            TimelineEntry::Other(r) => r.detail.clone(),
        }
    }

    /// When USCIS recorded it, where that is another day than its own date.
    pub fn recorded(&self) -> Option<Local> {
        match self {
            TimelineEntry::Event(e) => recorded_apart(e.created(), &e.date),
            TimelineEntry::Other(_) => None,
        }
    }

    /// An event's copies, each with its own recorded date (two or more;
    /// else none).
    pub fn copies(&self) -> &[EventCopy] {
        self.reissued().map_or(&[], |e| &e.copies)
    }

    /// An event's row, when USCIS recorded it more than once.
    fn reissued(&self) -> Option<&EventRow> {
        match self {
            TimelineEntry::Event(e) if e.copies.len() > 1 => Some(e),
            _ => None,
        }
    }

    /// Where copy `c` (one of [`TimelineEntry::copies`]) is.
    pub fn copy_source(&self, c: &EventCopy) -> Source {
        match self {
            TimelineEntry::Event(e) => e.copy_source(c),
            TimelineEntry::Other(r) => r.source.clone(),
        }
    }

    /// Re-issued copies folded into this entry.
    pub fn count(&self) -> u32 {
        match self {
            TimelineEntry::Event(e) => e.count,
            TimelineEntry::Other(_) => 1,
        }
    }

    pub fn backdated(&self) -> bool {
        matches!(self, TimelineEntry::Event(e) if e.backdated)
    }

    /// An appointment still ahead.
    pub fn upcoming(&self) -> bool {
        matches!(self, TimelineEntry::Other(r) if r.upcoming)
    }

    pub fn source(&self) -> &Source {
        match self {
            TimelineEntry::Event(e) => &e.source,
            TimelineEntry::Other(r) => &r.source,
        }
    }
}

/// Written as one record with every field, whatever the kind.
impl Serialize for TimelineEntry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Entry<'a> {
            kind: EntryKind,
            when: Option<When>,
            date: Option<&'a DateValue>,
            title: Option<&'a Rc<str>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            title_es: Option<&'a Rc<str>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            code: Option<&'a CodeLabel>,
            #[serde(skip_serializing_if = "Option::is_none")]
            detail: Option<Detail>,
            #[serde(skip_serializing_if = "Option::is_none")]
            recorded: Option<Local>,
            #[serde(skip_serializing_if = "Option::is_none")]
            copies: Option<Copies<'a>>,
            count: u32,
            backdated: bool,
            upcoming: bool,
            source: &'a Source,
        }
        Entry {
            kind: self.kind(),
            when: self.when(),
            date: self.date(),
            title: self.title(),
            title_es: self.title_es(),
            code: self.code(),
            detail: self.detail(),
            recorded: self.recorded(),
            copies: self.reissued().map(Copies),
            count: self.count(),
            backdated: self.backdated(),
            upcoming: self.upcoming(),
            source: self.source(),
        }
        .serialize(s)
    }
}

/// `recorded`, when it falls on another day than `date` (both as the user
/// reads them).
fn recorded_apart(recorded: Option<Local>, date: &Option<DateValue>) -> Option<Local> {
    let own = date.as_ref().and_then(|d| d.local)?;
    recorded.filter(|r| (r.y, r.m, r.d) != (own.y, own.m, own.d))
}

fn rc(s: &Option<String>) -> Option<Rc<str>> {
    s.as_deref().map(Rc::from)
}

/// The timeline of a report's rows ([`super::Report::timeline`]).
pub fn build(
    events: &[Rc<EventRow>],
    history: &[StatusRow],
    notices: &[NoticeRow],
    documents: &[DocumentRow],
) -> Vec<TimelineEntry> {
    let mut out = Vec::with_capacity(events.len() + history.len() + notices.len() + documents.len());
    out.extend(events.iter().map(|e| TimelineEntry::Event(e.clone())));
    for h in history {
        out.push(TimelineEntry::Other(Rc::new(Record {
            kind: EntryKind::Status,
            when: h.when,
            date: h.date.clone(),
            title: rc(&h.title),
            title_es: rc(&h.title_es),
            code: h.code.as_ref().map(|c| CodeLabel {
                code: c.as_str().into(),
                label: rc(&h.title),
                label_es: rc(&h.title_es),
                source: LabelSource::CaseStatus,
            }),
            detail: None,
            upcoming: false,
            source: h.source.clone(),
        })));
    }
    for n in notices {
        let (kind, date) = match &n.appointment {
            Some(a) => (EntryKind::Appointment, Some(a.clone())),
            None => (EntryKind::Notice, n.generated.clone()),
        };
        out.push(TimelineEntry::Other(Rc::new(Record {
            kind,
            when: n.when,
            date,
            title: rc(&n.action),
            title_es: None,
            code: None,
            detail: n.generated.clone().filter(|_| n.appointment.is_some()).map(Detail::NoticeIssued),
            upcoming: n.appointment_upcoming,
            source: n.source.clone(),
        })));
    }
    for d in documents {
        out.push(TimelineEntry::Other(Rc::new(Record {
            kind: EntryKind::Document,
            when: d.when,
            date: d.created.clone(),
            title: rc(&d.title),
            title_es: None,
            code: None,
            detail: d.from.clone().map(Detail::From),
            upcoming: false,
            source: d.source.clone(),
        })));
    }
    // Newest first; entries without a date last, in the order they came.
    crate::order::sort_by_key(&mut out, |e| std::cmp::Reverse(e.when().map(|w| w.sort_ms()).unwrap_or(i64::MIN)));
    out
}
