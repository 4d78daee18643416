//! The printable record ("Print / save as PDF"): what the case is, when it
//! was printed and that it is unofficial, then the decoded case with every
//! part open (summary, at a glance, the whole timeline, every field) and
//! the raw answers written out whole at the end. No tools: the one button
//! prints, and print styles hide it.

use crate::i18n::{T, W};
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::loaded::Loaded;
use crate::ui::node::{el, text, Node};

use super::{button, progress, summary};

pub fn view(app: &App, w: W) -> Node {
    let mut head = el("header").class("print-head").key("head").child(el("h1").text(w.t(T::PrintHeading)));
    if let Some(r) = app.selected() {
        head = head.child(el("p").class("print-receipt").attr("data-field", "receipt").text(app.shown_receipt(r)));
    }
    if let Some(p) = &app.print {
        head = head.child(el("p").attr("data-field", "printed").text(w.f(T::PrintedOn, &[&w.local(&p.at)])));
    }
    head = head.child(el("p").class("unofficial").attr("data-field", "unofficial").text(w.t(T::PrintUnofficial)));
    let mut root = el("div")
        .class("print-page")
        .attr("lang", app.settings.lang.tag())
        .attr("data-theme", app.settings.theme.key())
        .child(head)
        .child(el("div").class("print-bar no-print").key("bar").children([
            button(Action::Print, w.t(T::PrintButton)).class("print-now"),
            el("small").class("muted").text(w.t(T::PrintHint)),
        ]));
    if app.settings.mask {
        root = root.child(el("p").class("note").attr("data-state", "masked").key("masked").text(w.t(T::MaskedNote)));
    }
    let Some(v) = app.case_view() else { return root };
    root = root.children(progress::view(v, app, w));
    if let Some(l) = v.shown(app.settings.mask) {
        let then = summary::Then { raw: Box::new(|| raw_answers(l, w)), footer: None };
        root = root.child(summary::case(l, v, app, w, then).key("case"));
    }
    root
}

/// The raw answers written out whole, one after another: each endpoint's
/// address, HTTP status and what it means, then its body (JSON laid out
/// one value a line, every token as sent; anything else as sent).
pub fn raw_answers(l: &Loaded, w: W) -> Node {
    let parts = l.bundle.results.iter().zip(&l.outcomes).zip(&l.viewer.panes).map(|((res, outcome), pane)| {
        let status = if res.status == 0 { w.t(T::NoAnswer).to_string() } else { format!("HTTP {}", res.status) };
        let body = match &pane.tree {
            Ok(_) => crate::text::pretty_json(&res.body),
            Err(_) => res.body.to_string(),
        };
        el("section")
            .class("printed-answer")
            .attr("data-endpoint", res.endpoint.key())
            .key(res.endpoint.key())
            .children([
                el("h3").text(w.endpoint(res.endpoint)),
                el("p")
                    .class("muted")
                    .children([text(format!("{status} \u{00b7} ")), el("code").class("path").text(res.path.clone())]),
                el("p").text(w.outcome(outcome)),
                el("pre").class("printed-json").text(body),
            ])
    });
    el("section")
        .class("raw printed")
        .attr("data-section", "raw")
        .child(el("h2").text(w.t(T::RawAnswers)))
        .children(parts)
}
