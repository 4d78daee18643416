//! The rows of the decoded case: codes with where their words come from,
//! values with their sources, events and their copies, statuses, notices,
//! documents, flags and problems. The report ([`super::Report`]) holds them,
//! and the timeline is built from them.

use std::rc::Rc;

use serde::Serialize;

use crate::codes::Evidence;
use crate::dates::{DateValue, Local, When};
use crate::endpoints::Endpoint;

/// Where a decoded value came from: endpoint and JSON path (`$.data.formType`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub endpoint: Endpoint,
    /// Shared by the event, its copies and its timeline row.
    pub path: Rc<str>,
}

/// Where a code's label came from, in resolution order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LabelSource {
    /// USCIS's own status title paired with this code for this case.
    CaseStatus,
    /// `observed-codes.csv`, with its evidence level.
    Observed { evidence: Evidence },
    /// The NIEM table: USCIS's internal description.
    Niem,
    /// USCIS's own status title paired with this code on another of the
    /// user's remembered cases (its receipt, masked).
    Learned { receipt: String },
    /// Nothing known.
    Unknown,
}

/// A history action code with its best label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeLabel {
    pub code: Rc<str>,
    /// `None` for an unknown code: shown as "Unknown code", never guessed.
    /// Shared by every event with this code (a long case has thousands).
    pub label: Option<Rc<str>>,
    /// USCIS's own Spanish words for it, where USCIS sent them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_es: Option<Rc<str>>,
    pub source: LabelSource,
}

/// A value as shown in "every field": what USCIS sent, read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Shown {
    /// Text as sent (or a number, or a JSON value written out as sent).
    Text(String),
    /// `null`.
    Empty,
    /// An empty list or object.
    NoneListed,
    /// `true` or `false`; worded per field.
    Bool(bool),
    Date(DateValue),
}

/// Extra words beside a value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Note {
    /// The form's title, from the forms table.
    FormTitle(String),
    /// The office's name, from the offices table.
    Office(String),
    /// What the code means.
    Code(CodeLabel),
    Personal,
    /// A field whose meaning is not known: shown as sent.
    Opaque,
    /// A list whose shape is not documented: shown as sent.
    Undocumented,
    /// Not the type this field usually has: shown as sent.
    UnexpectedType,
}

/// One field USCIS sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The field's name as sent (`submissionDate`).
    pub key: String,
    /// CaseScope knows this field (else it is one of "other fields").
    pub known: bool,
    pub value: Shown,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Note>,
    pub source: Source,
}

/// What needs saying up front.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// USCIS is waiting for something from the applicant.
    ActionRequired,
    Closed,
    Premium,
    /// USCIS's case system reported a failure.
    CmsFailure,
    UpcomingAppointment,
}

/// Which date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "field", rename_all = "snake_case")]
pub enum DateOf {
    Filing,
    Updated,
    Event,
    Appointment,
    Notice,
    Document,
    History,
    /// A field of "every field", by its name.
    Field(String),
}

/// A value that could not be read as expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// A date that is not a date; shown as sent.
    BadDate { what: DateOf, raw: String },
    /// An answer whose shape is not the usual one; see the raw JSON.
    Shape { endpoint: Endpoint },
    /// An answer that names another receipt than the case's: it is shown
    /// as sent, never merged in silently (its receipt as sent).
    OtherReceipt { endpoint: Endpoint, receipt: String },
}

/// One copy of an event: USCIS sometimes records the same event again. A
/// long case has thousands: where it is, is its position in the list its
/// row's first copy is in ([`EventRow::copy_source`]).
#[derive(Debug, Clone, PartialEq)]
pub struct EventCopy {
    /// When USCIS recorded this copy (`createdAt*`).
    pub recorded: Option<Local>,
    pub recorded_when: Option<When>,
    /// This copy is dated more than a day before it was recorded.
    pub backdated: bool,
    /// Its position in `events[]`.
    pub index: u32,
}

/// An event from `events[]`, with re-issued copies folded into one row.
/// Written (JSON) with when its first copy was recorded (`created`) and
/// each copy's source.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    /// Shared by the events with this code.
    pub code: Rc<CodeLabel>,
    pub when: Option<When>,
    /// `None`: no date given.
    pub date: Option<DateValue>,
    /// How many copies were folded into this one (1 = no copies).
    pub count: u32,
    /// The first copy is dated more than a day before it was recorded.
    pub backdated: bool,
    /// Every copy, the first one first (one at least).
    pub copies: Box<[EventCopy]>,
    /// Where the first copy is.
    pub source: Source,
}

impl EventRow {
    /// When the first copy was recorded.
    pub fn created(&self) -> Option<Local> {
        self.copies.first().and_then(|c| c.recorded)
    }

    /// Where copy `c` is: in the list the first copy is in.
    pub fn copy_source(&self, c: &EventCopy) -> Source {
        let path = &*self.source.path;
        let list = path.rfind('[').map_or(path, |at| &path[..at]);
        Source { endpoint: self.source.endpoint, path: crate::jsonpath::index(list, c.index as usize).into() }
    }
}

impl Serialize for EventRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Row<'a> {
            code: &'a CodeLabel,
            when: Option<When>,
            date: &'a Option<DateValue>,
            count: u32,
            backdated: bool,
            created: Option<Local>,
            copies: Copies<'a>,
            source: &'a Source,
        }
        Row {
            code: &self.code,
            when: self.when,
            date: &self.date,
            count: self.count,
            backdated: self.backdated,
            created: self.created(),
            copies: Copies(self),
            source: &self.source,
        }
        .serialize(s)
    }
}

/// A row's copies, written each with its source.
pub(super) struct Copies<'a>(pub &'a EventRow);

impl Serialize for Copies<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Copy {
            recorded: Option<Local>,
            backdated: bool,
            source: Source,
        }
        let row = self.0;
        s.collect_seq(row.copies.iter().map(|c| Copy {
            recorded: c.recorded,
            backdated: c.backdated,
            source: row.copy_source(c),
        }))
    }
}

/// A status from `historicalCaseStatuses[]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusRow {
    pub code: Option<String>,
    pub title: Option<String>,
    pub title_es: Option<String>,
    pub when: Option<When>,
    pub date: Option<DateValue>,
    pub source: Source,
}

/// A notice (appointment letters).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoticeRow {
    pub action: Option<String>,
    /// The appointment time, or else the notice's generation time.
    pub when: Option<When>,
    pub appointment: Option<DateValue>,
    pub appointment_upcoming: bool,
    pub generated: Option<DateValue>,
    pub letter_id: Option<String>,
    pub source: Source,
}

/// A document from the documents endpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRow {
    pub title: Option<String>,
    pub when: Option<When>,
    pub created: Option<DateValue>,
    pub from: Option<String>,
    pub file_name: Option<String>,
    pub source: Source,
}

/// A code's words learned from another of the user's cases: USCIS paired
/// `code` with `title` (and `title_es`) in that case's status answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LearnedCode {
    pub code: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_es: Option<String>,
    /// Where it was learned: the receipt, masked.
    pub receipt: String,
}

impl CodeLabel {
    /// Takes USCIS's words for this code from another of the user's cases,
    /// when this case has none of its own: they beat the code tables.
    pub fn learn(&mut self, learned: &[LearnedCode]) {
        if let Some(l) = self.to_learn(learned) {
            self.label = Some(l.title.as_str().into());
            self.label_es = l.title_es.as_deref().map(Rc::from);
            self.source = LabelSource::Learned { receipt: l.receipt.clone() };
        }
    }

    /// What [`CodeLabel::learn`] would take, if anything.
    pub(super) fn to_learn<'a>(&self, learned: &'a [LearnedCode]) -> Option<&'a LearnedCode> {
        if matches!(self.source, LabelSource::CaseStatus | LabelSource::Learned { .. }) {
            return None;
        }
        learned.iter().find(|l| *l.code == *self.code)
    }
}
