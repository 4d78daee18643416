//! One timeline of events, statuses, appointments and documents, newest
//! first, every code with where its words come from.

use crate::decode::Report;
use crate::i18n::{T, W};
use crate::ui::action::Action;
use crate::ui::node::{el, Node};

use super::button;

/// Timeline entries shown before "Show all".
pub const TIMELINE_FIRST: usize = 100;

pub fn view(r: &Report, all: bool, w: W) -> Node {
    let shown = if all { r.timeline.len() } else { r.timeline.len().min(TIMELINE_FIRST) };
    let rows = r.timeline[..shown].iter().enumerate().map(|(i, e)| {
        let mut what =
            vec![el("span").class("kind").text(w.entry_kind(e.kind)), el("span").class("label").text(w.entry_title(e))];
        if let Some(c) = &e.code {
            what.push(el("small").class("source").text(format!(" ({})", w.label_source(&c.source))));
        }
        if e.count > 1 {
            what.push(
                el("span").class("badge").attr("title", w.t(T::RepeatedTitle)).text(format!("\u{00d7}{}", e.count)),
            );
        }
        if e.backdated {
            what.push(el("span").class("badge").attr("title", w.t(T::BackdatedTitle)).text(w.t(T::Backdated)));
        }
        if e.upcoming {
            what.push(el("span").class("badge upcoming").text(w.t(T::Upcoming)));
        }
        if let Some(d) = &e.detail {
            what.push(el("small").class("detail").text(format!(" \u{2013} {}", w.detail(d))));
        }
        let code = e.code.as_ref().map(|c| c.code.clone()).unwrap_or_default();
        el("tr")
            .key(format!("{}{i}", e.source.path))
            .attr("data-kind", format!("{:?}", e.kind).to_lowercase())
            .attr("data-code", code.clone())
            .children([
                el("td").text(w.maybe_date(e.date.as_ref())),
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
