//! One timeline of events, statuses, appointments and documents, newest
//! first, every code with where its words come from.

use std::collections::HashSet;

use crate::dates::When;
use crate::decode::{EntryKind, Report, Source, TimelineEntry};
use crate::i18n::{T, W};
use crate::tree::Tree;
use crate::ui::action::{Action, ViewerAction};
use crate::ui::node::{el, text, Node};
use crate::ui::viewer::Viewer;

use super::button;

/// Timeline entries shown before "Show all".
pub const TIMELINE_FIRST: usize = 100;

/// Every member of a record as sent, each with its way to the raw answer.
fn values(tree: Option<&Tree>, source: &Source, w: W) -> Node {
    let members = tree.map(|t| t.members(&source.path)).unwrap_or_default();
    el("dl").class("values").children(members.into_iter().map(|m| {
        el("div").class("kv").children([
            el("dt").text(m.key),
            el("dd").text(m.value).child(
                button(Action::Viewer(ViewerAction::Show(source.endpoint, m.path)), w.t(T::ShowInRaw))
                    .class("small link"),
            ),
        ])
    }))
}

/// The values of an entry, and of each copy where USCIS recorded it again,
/// read from the answer's tree (the raw viewer's).
fn entry_values(e: &TimelineEntry, viewer: &Viewer, w: W) -> Node {
    let tree = viewer.tree(e.source().endpoint);
    let mut out = el("div").class("entry-values").attr("data-values", e.source().path.to_string());
    if e.copies().is_empty() {
        return out.child(values(tree, e.source(), w));
    }
    let n = e.copies().len();
    for (i, c) in e.copies().iter().enumerate() {
        let mut head = w.f(T::CopyOf, &[&(i + 1).to_string(), &n.to_string()]);
        if let Some(rec) = &c.recorded {
            head.push_str(&format!(" \u{2013} {}", w.f(T::RecordedOn, &[&w.local(rec)])));
        }
        if c.backdated {
            head.push_str(&format!(" ({})", w.t(T::CopyBackdated)));
        }
        out = out.child(el("p").class("copy").attr("data-copy", (i + 1).to_string()).text(head)).child(values(
            tree,
            &e.copy_source(c),
            w,
        ));
    }
    out
}

/// The timeline. `new_since`: records that came since the last look
/// (endpoint, path), marked. An appointment still ahead has "Add to
/// calendar" (`receipt`: the case's).
pub fn view(
    receipt: &crate::receipt::ReceiptNumber,
    r: &Report,
    all: bool,
    open: &HashSet<String>,
    new_since: &HashSet<(crate::endpoints::Endpoint, String)>,
    viewer: &Viewer,
    w: W,
) -> Node {
    let shown = if all { r.timeline.len() } else { r.timeline.len().min(TIMELINE_FIRST) };
    // The first event's day cell tells the browser's Element Timing when
    // the events were first painted (`./build.sh bench`).
    let first_event = r.timeline.iter().position(|e| e.kind() == EntryKind::Event);
    let rows = r.timeline[..shown].iter().enumerate().map(|(i, e)| {
        let mut what = vec![
            el("span").class("kind").text(w.entry_kind(e.kind())),
            el("span").class("label").text(w.entry_title(e)),
        ];
        if let Some(c) = e.code() {
            what.push(el("small").class("source").text(format!(" ({})", w.label_source(&c.source))));
        }
        if e.count() > 1 {
            what.push(
                el("span").class("badge").attr("title", w.t(T::RepeatedTitle)).text(format!("\u{00d7}{}", e.count())),
            );
        }
        if e.backdated() {
            what.push(el("span").class("badge").attr("title", w.t(T::BackdatedTitle)).text(w.t(T::Backdated)));
        }
        if e.upcoming() {
            what.push(el("span").class("badge upcoming").text(w.t(T::Upcoming)));
            if let Some(When::Instant { ms }) =
                e.date().and_then(|d| d.when).filter(|_| e.kind() == EntryKind::Appointment)
            {
                what.push(text(" "));
                what.push(
                    button(Action::Calendar(Some((receipt.clone(), ms))), w.t(T::AddToCalendar))
                        .class("small link")
                        .attr("data-calendar", ""),
                );
            }
        }
        let new = crate::ui::remember::is_new(new_since, e.source().endpoint, &e.source().path);
        if new {
            what.push(el("span").class("badge new").attr("data-new", "").text(w.t(T::NewSinceLook)));
        }
        if let Some(d) = e.detail() {
            what.push(el("small").class("detail").text(format!(" \u{2013} {}", w.detail(&d))));
        }
        // Re-issued: each copy's own recorded day. Else, recorded another
        // day than it is dated: both are shown.
        if let Some(copies) = w.copies_recorded(e) {
            what.push(el("small").class("recorded").attr("data-copies", "").text(format!(" \u{2013} {copies}")));
        } else if let (Some(rec), None) = (e.recorded(), e.detail()) {
            what.push(
                el("small").class("recorded").text(format!(" \u{2013} {}", w.f(T::RecordedOn, &[&w.local(&rec)]))),
            );
        }
        {
            let shown = open.contains(&*e.source().path);
            what.push(text(" "));
            what.push(
                button(Action::EntryValues(e.source().path.to_string()), w.t(T::EntryDetails))
                    .class("small link")
                    .attr("aria-expanded", if shown { "true" } else { "false" }),
            );
            if shown {
                what.push(entry_values(e, viewer, w));
            }
        }
        let code = e.code().map(|c| c.code.to_string()).unwrap_or_default();
        el("tr")
            .key(format!("{}{i}", e.source().path))
            .attr("data-kind", format!("{:?}", e.kind()).to_lowercase())
            .attr("data-code", code.clone())
            .children([
                if first_event == Some(i) { el("td").attr("elementtiming", "casescope-events") } else { el("td") }
                    .text(w.maybe_date(e.date())),
                el("td").child(el("code").text(code)),
                el("td").children(what),
            ])
    });
    el("section")
        .attr("data-section", "timeline")
        .children([
            el("h2").text(w.t(T::TimelineHeading)),
            el("table").children([
                el("thead").child(el("tr").children([
                    el("th").text(w.t(T::ColWhen)),
                    el("th").text(w.t(T::ColCode)),
                    el("th").text(w.t(T::ColWhat)),
                ])),
                el("tbody").children(rows),
            ]),
        ])
        .children((shown < r.timeline.len()).then(|| {
            button(Action::TimelineAll, &w.f(T::ShowAllEntries, &[&r.timeline.len().to_string()])).class("small")
        }))
}
