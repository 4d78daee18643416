//! Remembering cases (only when asked): the question, asked once; what
//! changed since the last look, on the first screen; and below the case,
//! what is kept, the switch, and erase.

use crate::i18n::{T, W};
use crate::ui::action::Action;
use crate::ui::app::{App, Kept, KeptNote, SinceLine};
use crate::ui::launch::Layout;
use crate::ui::node::{el, Node};

use super::button;

/// The question, until the user has answered it.
pub fn ask(app: &App, w: W) -> Option<Node> {
    if app.settings.remember.is_some() || app.layout == Layout::Print {
        return None;
    }
    Some(el("div").class("notice remember").attr("data-state", "remember-ask").children([
        el("p").child(el("strong").text(w.t(T::RememberAsk))),
        el("p").class("muted").text(w.t(T::RememberAskMore)),
        el("div").class("row").children([
            button(Action::Remember(true), w.t(T::RememberYes)),
            button(Action::Remember(false), w.t(T::RememberNo)).class("link"),
        ]),
    ]))
}

/// What changed since the last look.
pub fn since(app: &App, w: W) -> Option<Node> {
    let line = app.since.as_ref()?;
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
pub fn section(app: &App, w: W) -> Option<Node> {
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
    match &app.kept {
        Kept::Ready { case, all_bytes } => {
            let amount = match case {
                Some(c) if *all_bytes > 0 || !c.looks.is_empty() => w.f(
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
    match &app.kept_note {
        Some(KeptNote::Erased) => body.push(el("p").attr("data-state", "erased").text(w.t(T::Erased))),
        Some(KeptNote::SaveFailed(e)) => {
            body.push(el("p").class("warning").attr("data-state", "keep-failed").text(w.f(T::HistoryFailed, &[e])))
        }
        None => {}
    }
    body.push(el("div").class("row").children([
        button(Action::EraseCase, w.t(T::EraseCase)).class("small"),
        button(Action::EraseAll, w.t(T::EraseAll)).class("small"),
    ]));
    Some(
        el("details")
            .attr("data-section", "kept")
            .children([el("summary").text(w.t(T::HistoryHeading))])
            .children(body),
    )
}
