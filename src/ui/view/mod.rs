//! The app on screen, one module per part: the frame (this file), the
//! receipt chooser, progress and errors, the case (summary, at a glance,
//! timeline, every field), the raw answers and the viewer. Each is a pure
//! function of the state to a [`Node`]; every word comes from
//! [`crate::i18n`]. Top-level parts are keyed so that one coming or going
//! leaves the others' DOM alone.

pub mod chooser;
pub mod found;
pub mod glance;
pub mod kept;
pub mod print;
pub mod progress;
pub mod raw;
pub mod summary;
pub mod timeline;
pub mod viewer;

use crate::i18n::{Lang, T, W};

use super::action::Action;
use super::app::{App, Screen, Theme};
use super::launch::Layout;
use super::node::{el, Node};

/// A form with its plain title ("I-485 \u{2013} Application to ..."), as the
/// summary, the first screen and the account's list write it.
pub(crate) fn form_line(form: Option<&String>, title: Option<&String>) -> Option<String> {
    form.map(|f| match title {
        Some(t) => format!("{f} \u{2013} {t}"),
        None => f.clone(),
    })
}

/// A button that sends `action`.
pub(crate) fn button(action: Action, label: &str) -> Node {
    el("button").attr("type", "button").attr("data-action", action.to_string()).text(label)
}

/// What a viewer page shows while [`App::quiet`]: the element `popup.html`
/// starts with (in English; a Spanish page changes only its text).
pub fn starting_view(w: W) -> Node {
    el("p").class("muted starting").text(w.t(T::Loading))
}

/// The whole app.
pub fn view(app: &App) -> Node {
    let w = W(app.settings.lang);
    if app.quiet {
        return starting_view(w);
    }
    if app.layout == Layout::Print {
        return print::view(app, w);
    }
    let theme = match app.settings.theme {
        Theme::Auto => T::ThemeSystem,
        Theme::Dark => T::ThemeDark,
        Theme::Light => T::ThemeLight,
    };
    // The language: a small labelled choice, each written in itself.
    let current = app.settings.lang;
    let langs = el("span").class("langs").attr("role", "group").attr("aria-label", w.t(T::LanguageLabel)).children(
        Lang::ALL.into_iter().map(|l| {
            button(Action::Lang(l), l.autonym())
                .class("small link")
                .attr("lang", l.tag())
                .attr("aria-pressed", if l == current { "true" } else { "false" })
                .attr("data-lang-switch", l.code())
        }),
    );
    let mut tools = vec![
        button(Action::Theme, w.t(theme)).class("small link").attr("data-theme-toggle", app.settings.theme.key()),
        button(Action::Mask, w.t(if app.settings.mask { T::MaskOn } else { T::MaskOff }))
            .class("small link")
            .attr("aria-pressed", if app.settings.mask { "true" } else { "false" })
            .attr("data-mask-toggle", if app.settings.mask { "on" } else { "off" }),
        langs,
    ];
    if app.layout == Layout::Embedded {
        tools.push(button(Action::Close, w.t(T::Close)).class("small").attr("aria-label", w.t(T::CloseLabel)));
    }
    let class = match app.layout {
        Layout::Popup => "popup",
        Layout::Tab => "popup tab",
        Layout::Embedded => "popup embedded",
        Layout::Print => "popup print",
    };
    // One compact header: the name and the settings (a labelled group of
    // buttons) on one line (the
    // settings wrap under it on a narrow screen), the "unofficial" line
    // under them, small.
    let mut root = el("div")
        .class(class)
        .attr("lang", app.settings.lang.tag())
        .attr("data-theme", app.settings.theme.key())
        .child(el("header").class("top").key("top").child(el("h1").text("CaseScope")).child(
            el("div").class("tools").attr("role", "group").attr("aria-label", w.t(T::SettingsLabel)).children(tools),
        ))
        .child(el("p").class("tagline").key("tagline").text(w.t(T::Tagline)));
    match &app.screen {
        // (`starting`: the toolbar popup keeps its full height meanwhile.)
        Screen::Loading => root = root.child(el("p").class("muted starting").key("page").text(w.t(T::LookingAtTab))),
        Screen::Elsewhere => {
            root = root.child(
                el("section")
                    .attr("data-state", "elsewhere")
                    .class("notice")
                    .key("page")
                    .children([el("p").text(w.t(T::Elsewhere)), button(Action::OpenUscis, w.t(T::OpenUscis))]),
            );
        }
        // Before a case is chosen, choosing is the whole point.
        Screen::Account => {
            root = root
                .children(found::unplaced(app, w))
                .child(el("div").class("choose").key("page").children(chooser::view(app, w)))
                .child(found::section(app, w));
        }
        // The case comes first, and other receipts wait at the bottom.
        Screen::Case(v) => {
            root = root.children(progress::view(v, app, w)).children(found::unplaced(app, w));
            let shown = v.shown(app.settings.mask);
            if shown.is_none() {
                root = root.children(chooser::page_words(app, &v.receipt, w));
            }
            if let Some(l) = shown {
                if app.settings.mask {
                    root = root.child(
                        el("p").class("note").attr("data-state", "masked").key("masked").text(w.t(T::MaskedNote)),
                    );
                }
                root = root.child(summary::case(l, v, app, w, summary::on_screen(l, v, app, w)).key("case"));
            }
            let mut other = el("details").class("other").attr("data-section", "other-receipts").key("other");
            if app.account.input_error.is_some() {
                other = other.attr("open", "");
            }
            root = root.child(other.child(el("summary").text(w.t(T::LookUpAnother))).children(chooser::view(app, w)));
            root = root.child(found::section(app, w));
        }
    }
    root.child(progress::toast(app, w).key("toast"))
}
