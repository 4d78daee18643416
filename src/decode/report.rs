//! The decoded case as data: what [`super::decode`] produces. No sentences
//! here (`crate::i18n` says them), only what USCIS sent, read: its rows
//! ([`super::rows`]), the glance and the timeline built from them.

use std::rc::Rc;

use serde::Serialize;

use super::rows::{
    CodeLabel, DocumentRow, EventRow, Flag, LearnedCode, Note, NoticeRow, Problem, Row, Source, StatusRow,
};
use super::timeline::{self, TimelineEntry};
use super::Glance;
use crate::dates::{DateValue, When};

/// The decoded case: data, not sentences (`crate::i18n` words it).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Report {
    pub receipt: Option<String>,
    /// What the receipt prefix names (offices table).
    pub receipt_office: Option<String>,
    /// The receipt's prefix, when it is not one the endpoints serve reliably.
    pub prefix_unreliable: Option<String>,
    pub form_type: Option<String>,
    pub form_title: Option<String>,
    pub status_title: Option<String>,
    pub status_text: Option<String>,
    pub status_title_es: Option<String>,
    pub status_text_es: Option<String>,
    pub current_code: Option<CodeLabel>,
    pub filed: Option<DateValue>,
    pub last_updated: Option<DateValue>,
    pub office: Option<String>,
    /// What matters up front: action required, closed, premium...
    pub flags: Vec<Flag>,
    /// Every known field, per endpoint.
    pub details: Vec<Row>,
    /// Shared with their timeline rows.
    pub events: Vec<Rc<EventRow>>,
    pub history: Vec<StatusRow>,
    pub notices: Vec<NoticeRow>,
    pub documents: Vec<DocumentRow>,
    /// Fields USCIS sent that this version does not know: never dropped.
    pub other_fields: Vec<Row>,
    /// Values that could not be read as expected (a date that is not a date).
    pub problems: Vec<Problem>,
    /// Where each summary value came from (`"status"` -> `$.data.statusTitle`).
    pub sources: crate::order::SortedMap<String, Source>,
    /// The case's own values (form, dates, events, notices) are the account
    /// page's copy: USCIS's `/cases` answer could not be read or has not
    /// come yet.
    pub case_from_page: bool,
    /// Stage, ages and warnings: what an applicant looks for first.
    pub glance: Glance,
    /// Events, statuses, appointments and documents in one list, newest first.
    pub timeline: Vec<TimelineEntry>,
    #[serde(skip)]
    pub current_since: Option<When>,
    /// `closed` and `actionRequired` as sent.
    #[serde(skip)]
    pub closed: bool,
    #[serde(skip)]
    pub action_required: bool,
}

impl Report {
    /// Every code label of the report takes what was learned from the
    /// user's other cases ([`CodeLabel::learn`]).
    pub fn learn(&mut self, learned: &[LearnedCode]) {
        if learned.is_empty() {
            return;
        }
        let rows = self.details.iter_mut().chain(self.other_fields.iter_mut());
        let notes = rows.filter_map(|r| match &mut r.note {
            Some(Note::Code(c)) => Some(c),
            _ => None,
        });
        for c in self.current_code.iter_mut().chain(notes) {
            c.learn(learned);
        }
        // The timeline shares the events' rows: where one learns, let go of
        // the timeline first, so that each row is changed in place, not
        // copied, and make it again after. (This runs on every update.)
        if self.events.iter().any(|e| e.code.to_learn(learned).is_some()) {
            let timeline = !std::mem::take(&mut self.timeline).is_empty();
            // Events with one code share its label, and keep sharing the
            // learned one (a run of them is learned once).
            let mut last: Option<(Rc<CodeLabel>, Rc<CodeLabel>)> = None;
            for e in &mut self.events {
                if e.code.to_learn(learned).is_none() {
                    continue;
                }
                let row = Rc::make_mut(e);
                let learned_label = match &last {
                    Some((old, new)) if Rc::ptr_eq(old, &row.code) => new.clone(),
                    _ => {
                        let mut label = CodeLabel::clone(&row.code);
                        label.learn(learned);
                        let new = Rc::new(label);
                        last = Some((row.code.clone(), new.clone()));
                        new
                    }
                };
                row.code = learned_label;
            }
            if timeline {
                self.timeline = timeline::build(&self.events, &self.history, &self.notices, &self.documents);
            }
        }
    }
}
