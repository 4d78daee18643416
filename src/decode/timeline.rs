//! One list of everything that happened on the case: events, statuses,
//! appointments and notices, documents; newest first, future appointments on
//! top. Built from the report's own rows, so every entry keeps its source.

use std::rc::Rc;

use serde::Serialize;

use super::{CodeLabel, EventCopy, Report, Source};
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

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEntry {
    pub kind: EntryKind,
    pub when: Option<When>,
    /// The date as sent and read; `None`: no date given.
    pub date: Option<DateValue>,
    /// What USCIS or a table calls it; `None`: it says nothing (an unknown
    /// code, a status or document without a title).
    pub title: Option<Rc<str>>,
    /// USCIS's own Spanish title, where USCIS sent one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_es: Option<Rc<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<CodeLabel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<Detail>,
    /// When USCIS recorded it, where that is another day than its own date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recorded: Option<Local>,
    /// An event's copies, each with its own recorded date (two or more).
    #[serde(skip_serializing_if = "no_copies")]
    pub copies: Rc<[EventCopy]>,
    /// Re-issued copies folded into this entry.
    pub count: u32,
    pub backdated: bool,
    /// An appointment still ahead.
    pub upcoming: bool,
    pub source: Source,
}

/// `recorded`, when it falls on another day than `date` (both as the user
/// reads them).
fn recorded_apart(recorded: Option<Local>, date: &Option<DateValue>) -> Option<Local> {
    let own = date.as_ref().and_then(|d| d.local)?;
    recorded.filter(|r| (r.y, r.m, r.d) != (own.y, own.m, own.d))
}

fn no_copies(c: &Rc<[EventCopy]>) -> bool {
    c.is_empty()
}

fn rc(s: &Option<String>) -> Option<Rc<str>> {
    s.as_deref().map(Rc::from)
}

pub fn build(r: &Report) -> Vec<TimelineEntry> {
    let mut out = Vec::with_capacity(r.events.len() + r.history.len() + r.notices.len() + r.documents.len());
    for e in &r.events {
        out.push(TimelineEntry {
            kind: EntryKind::Event,
            when: e.when,
            date: e.date.clone(),
            title: e.code.label.clone(),
            title_es: e.code.label_es.clone(),
            code: Some(e.code.clone()),
            detail: e.created.filter(|_| e.backdated).map(Detail::Recorded),
            recorded: recorded_apart(e.created, &e.date),
            copies: if e.copies.len() > 1 { e.copies.clone() } else { Rc::from([]) },
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
            date: h.date.clone(),
            title: rc(&h.title),
            title_es: rc(&h.title_es),
            code: h.code.as_ref().map(|c| CodeLabel {
                code: c.as_str().into(),
                label: rc(&h.title),
                label_es: rc(&h.title_es),
                source: super::LabelSource::CaseStatus,
            }),
            detail: None,
            recorded: None,
            copies: Rc::from([]),
            count: 1,
            backdated: false,
            upcoming: false,
            source: h.source.clone(),
        });
    }
    for n in &r.notices {
        let (kind, date) = match &n.appointment {
            Some(a) => (EntryKind::Appointment, Some(a.clone())),
            None => (EntryKind::Notice, n.generated.clone()),
        };
        out.push(TimelineEntry {
            kind,
            when: n.when,
            date,
            title: rc(&n.action),
            title_es: None,
            code: None,
            detail: n.generated.clone().filter(|_| n.appointment.is_some()).map(Detail::NoticeIssued),
            recorded: None,
            copies: Rc::from([]),
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
            date: d.created.clone(),
            title: rc(&d.title),
            title_es: None,
            code: None,
            detail: d.from.clone().map(Detail::From),
            recorded: None,
            copies: Rc::from([]),
            count: 1,
            backdated: false,
            upcoming: false,
            source: d.source.clone(),
        });
    }
    // Newest first; entries without a date last, in the order they came.
    reorder(&mut out, |e| std::cmp::Reverse(e.when.map(|w| w.sort_ms()).unwrap_or(i64::MIN)));
    out
}

/// A stable sort by `key` that needs room for one index per item, not for
/// half the items again (as `sort_by_key` does): a long case's rows are
/// some hundred bytes each, and the WebAssembly memory keeps its peak.
pub(super) fn reorder<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    let mut order: Vec<u32> = (0..items.len() as u32).collect();
    order.sort_by_key(|&i| key(&items[i as usize]));
    // items[k] becomes the item at order[k], one cycle of the permutation at a time.
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::reorder;

    #[test]
    fn reorder_is_the_stable_sort() {
        // Many ties (keys 0..7), so that a wrong permutation or an unstable
        // order shows: each item remembers where it came from.
        let mut seed = 7u32;
        for n in [0usize, 1, 2, 3, 17, 500] {
            let items: Vec<(u32, usize)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    ((seed >> 16) % 8, i)
                })
                .collect();
            let mut want = items.clone();
            want.sort_by_key(|x| std::cmp::Reverse(x.0));
            let mut got = items;
            reorder(&mut got, |x| std::cmp::Reverse(x.0));
            assert_eq!(got, want, "{n} items");
        }
    }
}
