//! Remembering cases (only when asked): the question, asked once; what
//! changed since the last look, on the first screen; and below the case,
//! what is kept, the switch, and erase.

use crate::history::DiffKind;
use crate::i18n::{T, W};
use crate::ui::action::Action;
use crate::ui::app::{App, KeptNote, SinceLine};
use crate::ui::case::{CaseView, LookDiff, LookSummary};
use crate::ui::launch::Layout;
use crate::ui::node::{el, Node};
use crate::ui::state::Kept;

use super::button;

/// The question, until the user has answered it.
pub fn ask(app: &App, w: W) -> Option<Node> {
    if app.settings.remember.is_some() || app.layout == Layout::Print {
        return None;
    }
    // The question and its two answers; how it is kept, on demand.
    Some(el("div").class("notice remember").attr("data-state", "remember-ask").children([
        el("p").class("ask").text(w.t(T::RememberAsk)),
        el("div").class("row").children([
            button(Action::Remember(true), w.t(T::RememberYes)),
            button(Action::Remember(false), w.t(T::RememberNo)).class("link"),
            el("details").class("how").children([
                el("summary").text(w.t(T::RememberHow)),
                el("p").class("muted").text(w.t(T::RememberAskMore)),
            ]),
        ]),
    ]))
}

/// What changed since the last look.
pub fn since(v: &CaseView, w: W) -> Option<Node> {
    let line = v.since.as_ref()?;
    let node = match line {
        SinceLine::First => el("p").attr("data-state", "since-first").text(w.t(T::SinceFirst)),
        SinceLine::Same { last } => el("p").attr("data-state", "since-same").text(w.f(T::SinceSame, &[&w.local(last)])),
        SinceLine::Changed { last, changes } => el("div").attr("data-state", "since-changed").children([
            el("p").child(el("strong").text(w.f(T::SinceChanged, &[&w.local(last)]))),
            el("ul").children(changes.iter().map(|c| el("li").text(w.change(c)))),
        ]),
    };
    Some(node.class("since").attr("role", "status"))
}

/// Below the case: the switch, how much is kept, erase.
pub fn section(v: &CaseView, app: &App, w: W) -> Option<Node> {
    let on = app.settings.remember?;
    if app.layout == Layout::Print {
        return None;
    }
    let switch = if on {
        button(Action::Remember(false), w.t(T::HistoryOn)).attr("aria-pressed", "true")
    } else {
        button(Action::Remember(true), w.t(T::HistoryOff)).attr("aria-pressed", "false")
    };
    let mut body = vec![el("div").class("row").child(switch.class("small link").attr("data-remember", on.to_string()))];
    match &v.kept {
        Kept::Ready { case, all_bytes } => {
            let amount = match case {
                Some(c) if *all_bytes > 0 || !c.looks.is_empty() => w.count(
                    c.looks.len(),
                    T::HistoryAmountOne,
                    T::HistoryAmount,
                    &[&c.looks.len().to_string(), &w.size(c.size()), &w.size((*all_bytes).max(c.size()))],
                ),
                _ if *all_bytes > 0 => w.f(T::HistoryAmount, &["0", &w.size(0), &w.size(*all_bytes)]),
                _ => w.t(T::HistoryNone).into(),
            };
            body.push(el("p").attr("data-kept", all_bytes.to_string()).text(amount));
        }
        Kept::Unreadable(crate::history::RecordError::Newer(_)) => {
            body.push(el("p").class("warning").text(w.t(T::HistoryNewer)))
        }
        Kept::Unreadable(e) => {
            body.push(el("p").class("warning").text(w.f(T::HistoryUnreadable, &[&w.record_error(e)])))
        }
        Kept::Off | Kept::Loading => {}
    }
    match &v.kept_note {
        Some(KeptNote::Erased) => body.push(el("p").attr("data-state", "erased").text(w.t(T::Erased))),
        Some(KeptNote::SaveFailed(e)) => {
            body.push(el("p").class("warning").attr("data-state", "keep-failed").text(w.f(T::HistoryFailed, &[e])))
        }
        Some(KeptNote::MadeRoom(n)) => body.push(
            el("p").class("warning").attr("data-state", "made-room").text(w.f(T::HistoryMadeRoom, &[&n.to_string()])),
        ),
        Some(KeptNote::Imported(n)) => body.push(el("p").attr("data-state", "imported").text(w.count(
            *n,
            T::ImportedOne,
            T::Imported,
            &[&n.to_string()],
        ))),
        Some(KeptNote::ImportRefused(e)) => body.push(
            el("p")
                .class("warning")
                .attr("role", "alert")
                .attr("data-state", "import-refused")
                .text(w.f(T::ImportRefused, &[&w.import_error(e)])),
        ),
        None => {}
    }
    body.push(el("div").class("row").children([
        button(Action::EraseCase, w.t(T::EraseCase)).class("small"),
        button(Action::EraseAll, w.t(T::EraseAll)).class("small"),
    ]));
    let export = if app.settings.mask {
        el("p").class("muted").text(w.t(T::ExportMasked))
    } else {
        button(Action::ExportKept, w.t(T::ExportKept)).class("small")
    };
    body.push(el("div").class("row").children([
        export,
        el("label").class("import").children([
            el("span").class("small").text(w.t(T::ImportKept)),
            el("input").attr("type", "file").attr("accept", ".json,application/json").attr("data-import", ""),
        ]),
    ]));
    if !v.looks.is_empty() {
        body.push(el("h3").text(w.t(T::LooksHeading)));
        body.push(el("ol").class("looks").attr("data-looks", "").children(v.looks.iter().map(|l| look(l, v, w))));
    }
    Some(
        el("details")
            .attr("data-section", "kept")
            .children([el("summary").text(w.t(T::HistoryHeading))])
            .children(body),
    )
}

/// One copy kept: when, what changed from the one before, and on demand
/// every value that changed.
fn look(l: &LookSummary, v: &CaseView, w: W) -> Node {
    let mut li = el("li").attr("data-look", l.at_ms.to_string()).child(el("strong").text(w.local(&l.at)));
    if !l.carried.is_empty() {
        li = li.child(el("p").class("muted").text(w.f(T::LookCarried, &[&w.endpoints(&l.carried)])));
    }
    match &l.changes {
        None => li = li.child(el("p").text(w.t(T::LookFirst))),
        Some(changes) => {
            li = if changes.is_empty() {
                li.child(el("p").text(w.t(T::LookNothingNamed)))
            } else {
                li.child(el("ul").children(changes.iter().map(|c| el("li").text(w.change(c)))))
            };
            let open = v.look_diff.as_ref().filter(|d| d.at_ms == l.at_ms);
            li = li.child(
                button(Action::LookDiff(l.at_ms), w.t(T::LookDiffButton))
                    .class("small link")
                    .attr("aria-expanded", if open.is_some() { "true" } else { "false" }),
            );
            if let Some(d) = open {
                li = li.child(diff_table(d, w));
            }
        }
    }
    li
}

/// Values longer than this are cut in the table of changed values.
const SHOWN_MAX: usize = 300;

fn cut(s: &Option<String>) -> String {
    let s = s.as_deref().unwrap_or("");
    match s.char_indices().nth(SHOWN_MAX) {
        Some((i, _)) => format!("{}\u{2026}", &s[..i]),
        None => s.to_string(),
    }
}

/// Every value that changed in a copy, answer by answer, exactly as sent.
fn diff_table(d: &LookDiff, w: W) -> Node {
    el("div").class("look-diff").attr("data-look-diff", d.at_ms.to_string()).children(d.answers.iter().map(
        |(e, diffs)| {
            el("div").attr("data-endpoint", e.key()).children([
                el("h4").text(w.endpoint(*e)),
                el("table").children([
                    el("thead").child(el("tr").children([
                        el("th").text(w.t(T::ColWhere)),
                        el("th").text(w.t(T::ColBefore)),
                        el("th").text(w.t(T::ColAfter)),
                    ])),
                    el("tbody").children(diffs.iter().map(|x| {
                        let kind = match x.kind {
                            DiffKind::Added => T::DiffAdded,
                            DiffKind::Removed => T::DiffRemoved,
                            DiffKind::Changed => T::DiffChanged,
                        };
                        el("tr").attr("data-diff", w.t(kind)).children([
                            el("td").children([
                                el("code").class("path").text(x.path.clone()),
                                el("small").text(format!(" ({})", w.t(kind))),
                            ]),
                            el("td").child(el("code").class("t-str").text(cut(&x.old))),
                            el("td").child(el("code").class("t-str").text(cut(&x.new))),
                        ])
                    })),
                ]),
            ])
        },
    ))
}
