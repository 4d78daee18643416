//! What CaseScope found on the page, said as loudly as what the person
//! misses: a receipt with no card is said on the first screen, once, with
//! the way out ([`unplaced`]); everything else only in a closed section
//! ([`section`]): how the cards were found, the page's own data, each
//! answer of the case shown, and the report for CaseScope's maintainers,
//! shown before it can be copied.

use crate::cards::Layout as Found;
use crate::endpoints::Endpoint;
use crate::i18n::{T, W};
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::node::{el, text, Node};

use super::button;

/// The first screen's line when a receipt on the page got no control.
pub fn unplaced(app: &App, w: W) -> Option<Node> {
    let found = app.account.found.as_ref().filter(|f| !f.unplaced.is_empty())?;
    let list: Vec<String> = found.unplaced.iter().map(|r| app.shown_receipt(r)).collect();
    Some(
        el("p")
            .class("notice")
            .attr("role", "status")
            .attr("data-state", "unplaced")
            .key("unplaced")
            .text(w.f(T::UnplacedNotice, &[&list.join(", ")])),
    )
}

/// "What CaseScope found on this page", closed.
pub fn section(app: &App, w: W) -> Node {
    let a = &app.account;
    let mut lines = Vec::new();
    match &a.found {
        Some(f) => {
            let how = w.t(match f.layout {
                Found::ById => T::LayoutById,
                Found::ByText => T::LayoutByText,
                Found::OneReceipt => T::LayoutOne,
                Found::Nothing => T::LayoutNone,
            });
            lines.push(
                el("li")
                    .attr("data-found", "layout")
                    .attr("data-layout", f.layout.key())
                    .text(w.f(T::FoundLayout, &[how])),
            );
            lines.push(
                el("li")
                    .attr("data-found", "counts")
                    .text(w.f(T::FoundCounts, &[&f.cards.to_string(), &f.receipts.to_string()])),
            );
            if !f.unplaced.is_empty() {
                let list: Vec<String> = f.unplaced.iter().map(|r| app.shown_receipt(r)).collect();
                lines
                    .push(el("li").attr("data-found", "unplaced").text(w.f(T::FoundUnplacedList, &[&list.join(", ")])));
            }
        }
        None => lines.push(el("li").attr("data-found", "layout").text(w.t(T::FoundNotRead))),
    }
    let (data, state) = match a.data_read {
        None => (w.t(T::FoundDataMissing).to_string(), "absent"),
        Some(0) => (w.t(T::FoundDataUnreadable).to_string(), "unreadable"),
        Some(n) => (w.count(n, T::FoundDataReadOne, T::FoundDataRead, &[&n.to_string()]), "read"),
    };
    lines.push(el("li").attr("data-found", "data").attr("data-data", state).text(data));
    // Each answer of the case shown: whether it came, and was read (as
    // read once, when it came: never read again for the screen).
    if let Some(l) = app.loaded() {
        for (r, o) in l.bundle.results.iter().zip(&l.outcomes).filter(|(r, _)| Endpoint::ALL.contains(&r.endpoint)) {
            lines.push(el("li").attr("data-found", "endpoint").attr("data-answer", r.endpoint.key()).children([
                el("strong").text(w.endpoint(r.endpoint)),
                text(" "),
                el("span").text(w.outcome(o)),
            ]));
        }
    }
    let mut report = vec![button(Action::ShowReport, w.t(T::ReportShow)).class("small")];
    if let Some(text) = app.shown_report() {
        report = vec![
            el("p").class("muted").text(w.t(T::ReportAbout)),
            el("pre").class("report").attr("data-report", "").attr("tabindex", "0").text(text),
            button(Action::CopyReport, w.t(T::ReportCopy)).class("small"),
        ];
    }
    let mut details = el("details").class("found").attr("data-section", "found").key("found");
    if app.shown_report().is_some() {
        details = details.attr("open", "");
    }
    details.child(el("summary").text(w.t(T::FoundHeading))).child(el("ul").children(lines)).children(report)
}
