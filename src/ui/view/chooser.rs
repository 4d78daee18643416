//! Choosing a case: the receipts found on the page and the receipt field.

use crate::i18n::{T, W};
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::household::CheckStop;
use crate::ui::node::{el, Node};

use super::button;

pub fn view(app: &App, w: W) -> Vec<Node> {
    let mut form = el("form").class("lookup").attr("data-form", "receipt").children([
        el("label").attr("for", "receipt-input").text(w.t(T::ReceiptLabel)),
        el("div").class("row").children([
            el("input")
                .attr("id", "receipt-input")
                .attr("name", "receipt")
                .attr("type", "text")
                .attr("autocomplete", "off")
                .attr("spellcheck", "false")
                .attr("placeholder", "IOE0912345678")
                .attr("value", app.account.input.clone())
                .attr("aria-describedby", "receipt-help"),
            el("button").attr("type", "submit").text(w.t(T::LookUp)),
        ]),
    ]);
    form = match &app.account.input_error {
        Some(e) => form.child(
            el("p")
                .attr("id", "receipt-help")
                .class("error")
                .attr("role", "alert")
                .attr("data-state", "bad-receipt")
                .text(w.receipt_error(e)),
        ),
        None => form.child(el("p").attr("id", "receipt-help").class("muted").text(w.t(T::ReceiptHelp))),
    };
    let mut out = Vec::new();
    // Every upcoming appointment of the account, from what is already read.
    // (A page of one case shows its appointments on the case's screen.)
    let upcoming: Vec<_> = app.upcoming().collect();
    if !upcoming.is_empty() && app.account.receipts.len() > 1 {
        out.push(el("section").class("upcoming").attr("data-section", "upcoming").children([
            el("h2").text(w.t(T::UpcomingHeading)),
            super::summary::appointment_list(&upcoming, app, w, true),
            button(Action::Calendar(None), w.t(T::AddAllToCalendar)).attr("data-calendar", "all"),
        ]));
    }
    if !app.account.receipts.is_empty() {
        let items = app.account.receipts.iter().map(|r| {
            let current = app.selected() == Some(r);
            // A name the user gave may name a person: not shown while masking.
            let name = app
                .account
                .nickname(r)
                .filter(|_| !app.settings.mask)
                .map(|n| el("strong").class("nickname").attr("data-nickname", "").text(n));
            el("li").key(r.to_string()).attr("data-case", app.shown_receipt(r)).children(
                name.into_iter()
                    .chain(std::iter::once(
                        el("button")
                            .attr("type", "button")
                            .class(if current { "receipt current" } else { "receipt" })
                            .attr("data-action", Action::Choose(r.clone()).to_string())
                            .attr("aria-pressed", if current { "true" } else { "false" })
                            .text(app.shown_receipt(r)),
                    ))
                    .chain(about(app, r, w))
                    .chain(naming(app, r, w)),
            )
        });
        let mut nav = el("nav")
            .class("receipts")
            .attr("aria-label", w.t(T::ReceiptsOnPage))
            // (When the overview was first painted, for the browser's
            // Element Timing: `./build.sh bench`.)
            .children([
                el("h2").attr("elementtiming", "casescope-overview").text(w.t(T::OnThisPage)),
                el("ul").children(items),
            ]);
        if app.account.receipts.len() > 1 && app.selected().is_none() {
            nav = nav.children(check_all(app, w));
        }
        out.push(nav);
    }
    out.push(form);
    out
}

/// What is known of a listed case: its form and status
/// ([`App::known_status`]), when it was filed and last updated (the
/// account page's data) and, when remembered, whether its last look found
/// a change.
fn about(app: &App, r: &crate::receipt::ReceiptNumber, w: W) -> Option<Node> {
    let card = app.account.card(r);
    // Where the page's data has no copy of the case: its card's own words,
    // said as the page's (they are not USCIS's answer).
    let words = app.account.words(r);
    let status = app.known_status(r).map(|s| s.unwrap_or_else(|_| w.t(T::CheckFailed).to_string())).or_else(|| {
        let said = words?.status.as_deref()?;
        Some(w.f(T::PageShows, &[said]))
    });
    let form = card
        .and_then(|c| super::form_line(c.form.as_ref(), c.form_title.as_ref()))
        .or_else(|| words.and_then(|c| super::form_line(c.form.as_ref(), c.form_title.as_ref())));
    let mut parts: Vec<String> = form.into_iter().chain(status).collect();
    if words.is_some_and(|c| c.closed) {
        parts.push(w.t(T::PageShowsClosed).to_string());
    }
    if let Some(day) = card.and_then(|c| c.filed.as_ref()) {
        parts.push(w.f(T::CardFiled, &[&w.local_day(day)]));
    } else if let Some((y, m, d)) = words.and_then(|c| c.submitted) {
        parts.push(w.f(T::CardFiled, &[&w.day(y, m, d)]));
    }
    if let Some(day) = card.and_then(|c| c.updated.as_ref()) {
        parts.push(w.f(T::CardUpdated, &[&w.local_day(day)]));
    }
    if let Some((_, m)) = app.account.marks.iter().find(|(x, _)| x == r) {
        let when = w.local(&m.checked);
        let words = match (m.changes > 0, m.first) {
            (true, _) => T::MarkChanged,
            (false, true) => T::MarkFirst,
            (false, false) => T::MarkSame,
        };
        parts.push(w.f(words, &[&when]));
        if m.page_changed {
            parts.push(w.t(T::MarkPageChanged).to_string());
        }
    }
    if parts.is_empty() {
        return None;
    }
    let changed = app.account.marks.iter().any(|(x, m)| x == r && (m.changes > 0 || m.page_changed));
    Some(
        el("small")
            .class("about")
            .attr("data-changed", changed.to_string())
            .text(format!(" {}", parts.join(" \u{00b7} "))),
    )
}

/// The way to name a remembered case: a small button, or the field open.
fn naming(app: &App, r: &crate::receipt::ReceiptNumber, w: W) -> Option<Node> {
    let remembered = app.settings.remembering() && app.account.marks.iter().any(|(x, _)| x == r);
    if !remembered {
        return None;
    }
    match &app.account.naming {
        Some((n, typed)) if n == r => Some(
            el("form").class("naming").attr("data-form", "nickname").children([
                el("label").attr("for", "nickname-input").text(w.t(T::NicknameLabel)),
                el("div").class("row").children([
                    el("input")
                        .attr("id", "nickname-input")
                        .attr("type", "text")
                        .attr("autocomplete", "off")
                        .attr("maxlength", crate::history::MAX_NICKNAME.to_string())
                        .attr("value", typed.clone()),
                    el("button").attr("type", "submit").text(w.t(T::SaveName)),
                ]),
            ]),
        ),
        _ => {
            let label = if app.account.nickname(r).is_some() { T::RenameCase } else { T::NameCase };
            Some(
                button(Action::Name(r.clone()), w.t(label))
                    .class("small link")
                    .attr("aria-label", w.f(T::NameCaseFor, &[&app.shown_receipt(r)])),
            )
        }
    }
}

/// "Check all", and how far it got.
fn check_all(app: &App, w: W) -> Vec<Node> {
    let total = app.account.receipts.len();
    let mut out = Vec::new();
    match &app.account.check {
        Some(c) if c.is_running() => out.push(
            el("p")
                .attr("role", "status")
                .attr("data-state", "checking")
                .text(w.f(T::Checking, &[&(c.done.len() + 1).to_string(), &total.to_string()])),
        ),
        Some(c) => {
            let said = match c.stopped {
                Some(CheckStop::SignedOut) => w.t(T::CheckStoppedSignedOut).to_string(),
                Some(CheckStop::RateLimited) => w.t(T::CheckStoppedLimited).to_string(),
                None => w.count(c.done.len(), T::CheckDoneOne, T::CheckDone, &[&c.done.len().to_string()]),
            };
            out.push(el("p").attr("role", "status").attr("data-state", "checked").text(said));
            out.push(button(Action::CheckAll, &w.f(T::CheckAll, &[&total.to_string()])).class("small"));
        }
        None => out.push(button(Action::CheckAll, &w.f(T::CheckAll, &[&total.to_string()])).class("small")),
    }
    out
}

/// The case's card's own words on the first screen, until USCIS answers
/// (where the page's data has no copy of it): the form, the status and its
/// date, closed, said as the account page shows them.
pub fn page_words(app: &App, r: &crate::receipt::ReceiptNumber, w: W) -> Option<Node> {
    let words = app.account.words(r)?;
    let mut lines: Vec<Node> = Vec::new();
    if let Some(form) = super::form_line(words.form.as_ref(), words.form_title.as_ref()) {
        lines.push(el("li").attr("data-field", "form").text(form));
    }
    if let Some(status) = &words.status {
        let day = words.status_day.map(|(y, m, d)| format!(" \u{00b7} {}", w.day(y, m, d))).unwrap_or_default();
        lines.push(el("li").attr("data-field", "status").text(format!("{status}{day}")));
    }
    if words.closed {
        lines.push(el("li").attr("data-field", "closed").text(w.t(T::PageShowsClosed)));
    }
    if let Some((y, m, d)) = words.submitted {
        lines.push(el("li").attr("data-field", "filed").text(w.f(T::CardFiled, &[&w.day(y, m, d)])));
    }
    Some(
        el("section")
            .class("page-words")
            .attr("data-state", "page-words")
            .key("page-words")
            .children([el("p").class("muted").text(w.t(T::PageWordsHeading)), el("ul").children(lines)]),
    )
}
