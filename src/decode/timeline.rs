//! One list of everything that happened on the case: events, statuses,
//! appointments and notices, documents; newest first, future appointments on
//! top. Built from the report's own rows, so every entry keeps its source.

use serde::Serialize;

use super::{CodeLabel, Report, Source};
use crate::dates::When;

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

impl EntryKind {
    pub fn word(self) -> &'static str {
        match self {
            EntryKind::Event => "Event",
            EntryKind::Status => "Status",
            EntryKind::Appointment => "Appointment",
            EntryKind::Notice => "Notice",
            EntryKind::Document => "Document",
        }
    }
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEntry {
    pub kind: EntryKind,
    pub when: Option<When>,
    pub when_text: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<CodeLabel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Re-issued copies folded into this entry.
    pub count: u32,
    pub backdated: bool,
    /// An appointment still ahead.
    pub upcoming: bool,
    pub source: Source,
}

pub fn build(r: &Report) -> Vec<TimelineEntry> {
    let mut out = Vec::new();
    for e in &r.events {
        out.push(TimelineEntry {
            kind: EntryKind::Event,
            when: e.when,
            when_text: e.when_text.clone(),
            title: e.code.label.clone().unwrap_or_else(|| "Unknown code".into()),
            code: Some(e.code.clone()),
            detail: e.created_text.as_ref().filter(|_| e.backdated).map(|c| format!("recorded {c}")),
            count: e.count,
            backdated: e.backdated,
            upcoming: false,
            source: e.source.clone(),
        });
    }
    for h in &r.history {
        out.push(TimelineEntry {
            kind: EntryKind::Status,
            when: h.when,
            when_text: h.when_text.clone(),
            title: h.title.clone(),
            code: h.code.as_ref().map(|c| CodeLabel {
                code: c.clone(),
                label: Some(h.title.clone()),
                source: super::LabelSource::CaseStatus,
            }),
            detail: None,
            count: 1,
            backdated: false,
            upcoming: false,
            source: h.source.clone(),
        });
    }
    for n in &r.notices {
        let (kind, when_text) = match &n.appointment {
            Some(a) => (EntryKind::Appointment, a.clone()),
            None => (EntryKind::Notice, n.generated.clone().unwrap_or_else(|| "date not given".into())),
        };
        out.push(TimelineEntry {
            kind,
            when: n.when,
            when_text,
            title: n.action.clone(),
            code: None,
            detail: n.generated.as_ref().filter(|_| n.appointment.is_some()).map(|g| format!("notice issued {g}")),
            count: 1,
            backdated: false,
            upcoming: n.appointment_upcoming,
            source: n.source.clone(),
        });
    }
    for d in &r.documents {
        out.push(TimelineEntry {
            kind: EntryKind::Document,
            when: d.when,
            when_text: d.created.clone().unwrap_or_else(|| "date not given".into()),
            title: d.title.clone(),
            code: None,
            detail: d.from.clone(),
            count: 1,
            backdated: false,
            upcoming: false,
            source: d.source.clone(),
        });
    }
    // Newest first; entries without a date last, in the order they came.
    out.sort_by_key(|e| std::cmp::Reverse(e.when.map(|w| w.sort_ms()).unwrap_or(i64::MIN)));
    out
}
