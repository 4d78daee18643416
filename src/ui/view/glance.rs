//! "At a glance": the stage with the evidence that put the case there, days
//! since filing and since USCIS last did something, the silent update.

use crate::decode::{Report, Stage};
use crate::i18n::{T, W};
use crate::ui::node::{el, Node};

/// `incomplete`: some answer could not be read, so an unknown stage is
/// unknown because of that, not because of USCIS's record.
pub fn view(r: &Report, incomplete: bool, w: W) -> Node {
    let g = &r.glance;
    let stage_words = if incomplete && g.stage == Stage::Unknown { w.t(T::StageNotRead) } else { w.stage(g.stage) };
    let mut stage = el("dd").child(el("strong").text(stage_words));
    if let Some(e) = &g.stage_evidence {
        stage = stage.child(el("small").class("evidence").text(w.f(T::FromEvidence, &[&w.stage_evidence(e)])));
    }
    let mut rows =
        vec![el("div").class("kv").attr("data-field", "stage").children([el("dt").text(w.t(T::Stage)), stage])];
    if let Some(d) = g.days_since_filing {
        rows.push(
            el("div")
                .class("kv")
                .attr("data-field", "since-filing")
                .children([el("dt").text(w.t(T::SinceFiling)), el("dd").text(w.days_since_filing(d))]),
        );
    }
    if let Some(d) = g.days_since_last_action {
        let what = g.last_action.as_ref().map(|a| format!(" ({})", w.last_action(a))).unwrap_or_default();
        rows.push(
            el("div")
                .class("kv")
                .attr("data-field", "since-action")
                .children([el("dt").text(w.t(T::LastAction)), el("dd").text(format!("{}{what}", w.relative_days(d)))]),
        );
    }
    let mut sec = el("section")
        .class("glance")
        .attr("data-section", "glance")
        .children([el("h2").text(w.t(T::AtAGlance)), el("dl").children(rows)]);
    if let Some(s) = &g.silent_update {
        // A warning only when nothing USCIS recorded explains the update.
        let class = if s.explained_by.is_empty() { "warning" } else { "note" };
        sec = sec.child(el("p").class(class).attr("data-field", "silent-update").text(w.silent_update(s)));
    }
    sec
}
