//! "At a glance", on the first screen under the status: the stage line
//! (this form's steps, each reached only with the code, status or document
//! that shows it, hover or focus says which; the others "not known", never
//! predicted), the stage with its evidence, days since filing and since
//! USCIS last did something, and the silent update.

use crate::decode::{Report, Stage};
use crate::i18n::{T, W};
use crate::ui::node::{el, Node};

/// The stage line, with a text equivalent in each step for screen readers.
fn stage_line(r: &Report, w: W) -> Node {
    let form = r.form_type.as_deref();
    let steps = r.glance.steps.iter().map(|s| {
        let reached = s.evidence.is_some();
        let name = match (s.stage, reached) {
            (Stage::Approved, false) => w.t(T::StepDecision),
            (stage, _) => w.step(stage, form),
        };
        let mut said = w.step_text(s, form);
        if s.current {
            said = format!("{said} ({})", w.t(T::StepHere));
        }
        let class = match (reached, s.current) {
            (true, true) => "step reached current",
            (true, false) => "step reached",
            _ => "step unknown",
        };
        let mark = if reached { "\u{2713}" } else { "?" };
        el("li")
            .class(class)
            .attr("tabindex", "0")
            .attr("data-step", format!("{:?}", s.stage).to_lowercase())
            .attr("data-evidence", said.clone())
            .attr("title", said.clone())
            .children([
                el("span").class("mark").attr("aria-hidden", "true").text(mark),
                el("span").class("name").attr("aria-hidden", "true").text(name),
                el("span").class("sr").text(said),
            ])
    });
    el("ol").class("stages").attr("data-section", "stages").attr("aria-label", w.t(T::StagesLabel)).children(steps)
}

/// `incomplete`: some answer could not be read, so an unknown stage is
/// unknown because of that, not because of USCIS's record.
pub fn view(r: &Report, incomplete: bool, w: W) -> Node {
    let g = &r.glance;
    let stage_words = if incomplete && g.stage == Stage::Unknown { w.t(T::StageNotRead) } else { w.stage(g.stage) };
    let mut stage = el("dd").child(el("strong").text(stage_words));
    if let Some(e) = &g.stage_evidence {
        stage = stage.child(el("small").class("evidence").text(w.f(T::FromEvidence, &[&w.stage_evidence(e)])));
    }
    // The stage line shows where the case is; a stage no step stands for
    // (not known, closed) is said in words instead.
    let mut rows = Vec::new();
    if !g.steps.iter().any(|s| s.current) {
        rows.push(el("div").class("kv").attr("data-field", "stage").children([el("dt").text(w.t(T::Stage)), stage]));
    }
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
    let mut sec = el("div").class("glance").attr("data-section", "glance");
    if !g.steps.is_empty() {
        sec = sec.child(stage_line(r, w));
    }
    sec = sec.child(el("dl").children(rows));
    if let Some(s) = &g.silent_update {
        // A warning only when nothing USCIS recorded explains the update.
        // One line, the explanation on demand: it never pushes the case down.
        let class = if s.explained_by.is_empty() { "warning silent" } else { "note silent" };
        sec = sec.child(el("details").class(class).children([
            el("summary").text(w.f(T::SilentShort, &[&w.local_day(&s.updated)])),
            el("p").attr("data-field", "silent-update").text(w.silent_update(s)),
        ]));
    }
    sec
}
