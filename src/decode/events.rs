//! The case's events: read, sorted newest first, and re-issued copies
//! folded into one row each (every copy keeps its own recorded date).

use std::rc::Rc;

use super::{text_of, DateOf, Decoder, EventCopy, EventRow, Problem, Source};
use crate::dates::{self, DateValue, When};
use crate::tree::{Json, Kind as J};

/// One event as read, before re-issued copies are folded into rows, in 40
/// bytes (a 5 MB case has 18,000 events): its texts are where they are in
/// the tree (node ids, [`NONE`] where not given), read again when needed.
struct RawEvent {
    /// Its position in `events[]`.
    i: u32,
    code: u32,
    stamp: u32,
    created_raw: u32,
    /// The date it is dated by ([`NONE`]: none given), and what it says.
    dated: u32,
    when: Option<When>,
    backdated: bool,
}

/// Not given.
const NONE: u32 = u32::MAX;

impl Decoder<'_> {
    pub(super) fn events<'t>(&mut self, obj: Json<'t>, base: &str) {
        let Some(events) = obj.get("events").filter(|e| e.kind() == J::Array) else {
            return;
        };
        // Each event read without a copy of anything (a 5 MB case has 18,000
        // of them, most of them re-issued copies); rows are made only for
        // what is left once the copies are folded.
        let mut read: Vec<RawEvent> = Vec::with_capacity(events.len());
        for (i, e) in events.elements().enumerate() {
            // One pass over the event's members; of repeated names the last
            // counts, as with `Json::get`.
            let (mut code, mut stamp, mut day_time, mut created_stamp, mut created_at) = (None, None, None, None, None);
            for (k, v) in e.members() {
                let slot = match &*k {
                    "eventCode" => &mut code,
                    "eventTimestamp" => &mut stamp,
                    "eventDateTime" => &mut day_time,
                    "createdAtTimestamp" => &mut created_stamp,
                    "createdAt" => &mut created_at,
                    _ => continue,
                };
                *slot = Some(v);
            }
            // A value's text, and where it is (for reading it again).
            let read_text = |v: Option<Json<'t>>| {
                let t = text_of(v);
                let id = v.filter(|_| t.is_some()).map_or(NONE, |v| v.id as u32);
                (t, id)
            };
            let ((stamp, stamp_id), (day_time, day_time_id)) = (read_text(stamp), read_text(day_time));
            let ((created_stamp, created_stamp_id), (created_at, created_at_id)) =
                (read_text(created_stamp), read_text(created_at));
            let (Some(_), code) = read_text(code) else {
                continue;
            };
            let created_raw = created_stamp.as_deref().or(created_at.as_deref());
            let when = match stamp.as_deref().or(day_time.as_deref()).or(created_raw) {
                Some(raw) => {
                    let when = dates::parse(raw);
                    if when.is_none() {
                        self.report.problems.push(Problem::BadDate { what: DateOf::Event, raw: raw.to_string() });
                    }
                    Some(when)
                }
                None => None,
            };
            // Each text read once: the date it is dated by is one of them.
            let dated_by = when.flatten();
            let event_day = match (&stamp, &day_time) {
                (Some(_), Some(d)) => dates::parse(d),
                (None, None) => None,
                _ => dated_by,
            };
            let created =
                if stamp.is_none() && day_time.is_none() { dated_by } else { created_raw.and_then(dates::parse) };
            let backdated = match (event_day, created) {
                (Some(ev), Some(cr)) => {
                    let utc = dates::Fixed(0);
                    cr.day_number(&utc) - ev.day_number(&utc) > 1
                }
                _ => false,
            };
            let created_raw_id = if created_stamp.is_some() { created_stamp_id } else { created_at_id };
            let dated = [stamp_id, day_time_id, created_raw_id].into_iter().find(|id| *id != NONE).unwrap_or(NONE);
            read.push(RawEvent {
                i: i as u32,
                code,
                stamp: stamp_id,
                created_raw: created_raw_id,
                dated,
                when: dated_by,
                backdated,
            });
        }
        // Newest first, as USCIS sends them (sorted by position: sorting the
        // events themselves would need room for half of them again).
        let ms = |e: &RawEvent| e.when.map(|w| w.sort_ms()).unwrap_or(i64::MIN);
        crate::order::sort_by_key(&mut read, |e| std::cmp::Reverse(ms(e)));
        // Fold re-issued copies: the copies that follow the first of a run,
        // each compared with it, each keeping its own recorded date and its
        // own "backdated". The runs first, so that the rows are made in a
        // list of the right size (a list that grows leaves holes behind it
        // in the WebAssembly memory).
        let tree = events.tree;
        let text = |id: u32| if id == NONE { None } else { text_of(Some(Json { tree, id: id as usize })) };
        let run_at = |at: usize| {
            let head = &read[at];
            let copies = read[at + 1..].iter().take_while(|next| {
                let same_code = text(next.code) == text(head.code);
                let same_ts = next.stamp != NONE && text(next.stamp) == text(head.stamp);
                let within_second = ms(next) != i64::MIN
                    && (ms(head) - ms(next)).abs() <= 1000
                    && !matches!(next.when, Some(When::Day { .. }));
                same_code && (same_ts || within_second)
            });
            1 + copies.count()
        };
        let mut runs = Vec::new();
        let mut at = 0;
        while at < read.len() {
            runs.push(run_at(at));
            at += runs[runs.len() - 1];
        }
        let mut events = Vec::with_capacity(runs.len());
        let list = format!("{base}.events");
        let mut at = 0;
        for len in runs {
            let head = &read[at];
            let code = self.label_code(&text(head.code).unwrap_or_default());
            let local = |w: When| w.local(self.ctx.now_ms, self.ctx.zone);
            let copies: Box<[EventCopy]> = read[at..at + len]
                .iter()
                .map(|c| {
                    // Read again: kept for every copy, not for every event.
                    let created = text(c.created_raw).and_then(|t| dates::parse(&t));
                    (c, created)
                })
                .map(|(c, created)| EventCopy {
                    recorded: created.map(local),
                    recorded_when: created,
                    backdated: c.backdated,
                    index: c.i,
                })
                .collect();
            // `when` is what the date it is dated by says.
            let date = (head.dated != NONE).then(|| {
                let raw = text(head.dated).unwrap_or_default();
                DateValue::read_as(&raw, head.when, self.ctx.now_ms, self.ctx.zone)
            });
            events.push(Rc::new(EventRow {
                code,
                when: head.when,
                date,
                count: len as u32,
                backdated: head.backdated,
                source: Source {
                    endpoint: self.case_from,
                    path: crate::jsonpath::index(&list, copies[0].index as usize).into(),
                },
                copies,
            }));
            at += len;
        }
        self.report.events = events;
    }
}
