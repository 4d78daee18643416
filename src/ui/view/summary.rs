//! The case on screen: the sign-in notice, the summary and status text,
//! then at a glance, the timeline and every field in one column, and the
//! raw answers beside it (side by side in a wide tab).

use crate::answer::Outcome;
use crate::decode::{Flag, Report, Row};
use crate::endpoints::Endpoint;
use crate::i18n::{Lang, T, W};
use crate::ui::action::{Action, ViewerAction};
use crate::ui::app::App;
use crate::ui::case::CaseView;
use crate::ui::household::Upcoming;
use crate::ui::launch::Layout;
use crate::ui::loaded::{Completeness, Loaded};
use crate::ui::node::{el, Node};

use super::{button, form_line, glance, kept, raw, timeline};

/// Decoded values longer than this are cut on screen (the raw view and the
/// copies keep everything).
pub const SHOWN_VALUE_MAX: usize = 500;

fn clip(s: &str, w: W) -> String {
    if s.len() <= SHOWN_VALUE_MAX {
        return s.to_string();
    }
    w.f(T::Clipped, &[crate::text::head(s, SHOWN_VALUE_MAX), &s.chars().count().to_string()])
}

fn kv(field: &str, label: &str, value: Option<String>) -> Option<Node> {
    value.map(|v| el("div").class("kv").attr("data-field", field).children([el("dt").text(label), el("dd").text(v)]))
}

/// USCIS's status text in the language asked for, where USCIS sent it.
fn status_text(r: &Report, lang: Lang) -> Option<String> {
    if lang == Lang::Es {
        let title = r.status_title_es.clone().map(|t| format!("{t}\n\n")).unwrap_or_default();
        if let Some(t) = &r.status_text_es {
            return Some(format!("{title}{t}"));
        }
    }
    r.status_text.clone()
}

/// The headline: USCIS's own status title, in Spanish where USCIS sent one
/// and Spanish is asked for.
fn headline(r: &Report, status_missing: bool, lang: Lang, w: W) -> String {
    let es = if lang == Lang::Es { r.status_title_es.clone() } else { None };
    let unknown = if status_missing { T::StatusNotRead } else { T::NoStatusTitle };
    es.or_else(|| r.status_title.clone()).or_else(|| r.status_title_es.clone()).unwrap_or_else(|| w.t(unknown).into())
}

/// What could not be read and why, what is shown, and when USCIS may be
/// asked again: at the top, so that nothing below is read as USCIS's record.
fn missing_notice(missing: &[(Endpoint, Outcome)], shown: &[Endpoint], v: &CaseView, w: W) -> Node {
    let mut lines: Vec<Node> =
        missing.iter().map(|(e, o)| el("li").attr("data-missing", e.key()).text(w.missing(*e, o))).collect();
    let names: Vec<String> = shown.iter().map(|e| w.endpoint(*e).to_lowercase()).collect();
    lines.push(el("li").text(if names.is_empty() {
        w.t(T::ShownNothing).to_string()
    } else {
        w.f(T::ShownList, &[&names.join(", ")])
    }));
    if let (Some((_, at)), false) = (v.limited_until, v.is_fetching()) {
        let clock = at.clock.map(|(h, m)| w.clock(h.into(), m.into())).unwrap_or_default();
        lines.push(el("li").attr("data-state", "limited").text(w.f(T::LimitedUntil, &[&clock])));
    }
    el("ul").class("notice missing").attr("role", "status").attr("data-state", "missing").children(lines)
}

/// Where the case's own values came from when they are the account page's
/// copy: while USCIS is asked, or because its answer could not be read; and
/// how old the page is, once that is more than a few minutes.
fn from_page_notice(v: &CaseView, app: &App, w: W) -> Node {
    let mut text = w.t(if v.is_fetching() { T::FromPageWhileAsking } else { T::FromPageStandsIn }).to_string();
    if let Some(m) =
        app.account.page_data.as_ref().and_then(|p| p.age_minutes(app.now_ms)).filter(|m| *m >= PAGE_STALE_MIN)
    {
        text = format!("{text} {}", w.f(T::FromPageAge, &[&w.minutes_ago(m)]));
    }
    el("p").class("notice from-page").attr("role", "status").attr("data-state", "from-page").text(text)
}

/// After this many minutes the page's copy says how old it is.
const PAGE_STALE_MIN: i64 = 5;

/// What follows the decoded case: on screen the raw viewer and its footer
/// ([`on_screen`]); the printable record gives its own (the raw answers
/// written out whole, no footer). Made only when it is shown (a boxed
/// closure: one `case` for both, not a copy of it for each).
pub struct Then<'a> {
    pub raw: Box<dyn FnOnce() -> Node + 'a>,
    pub footer: Option<Node>,
}

/// The raw viewer and its footer, under the case on screen.
pub fn on_screen<'a>(l: &'a Loaded, v: &'a CaseView, app: &'a App, w: W) -> Then<'a> {
    Then { raw: Box::new(move || raw::view(l, v, app, w)), footer: Some(raw::footer(l, app, w)) }
}

/// `l` is the copy shown of case `v` (masked or not).
pub fn case(l: &Loaded, v: &CaseView, app: &App, w: W, then: Then<'_>) -> Node {
    let r = &l.report;
    let b = &l.bundle;
    let printing = app.layout == Layout::Print;
    let Then { raw, footer } = then;
    let footer = footer.map(|f| f.key("footer"));
    let mut sec = el("section").class("case").attr("data-receipt", app.shown_receipt(&b.receipt));
    let first_frame = l.is_summary();
    // Only the account page's own copy so far: USCIS has not answered yet.
    if b.results.iter().all(|r| r.endpoint == Endpoint::Page) {
        sec = sec.attr("data-from", "page");
    }
    if first_frame {
        sec = sec.attr("aria-busy", "true"); // the rest follows after this paint
    }
    let signed_out = || {
        el("div").class("signed-out").attr("role", "alert").attr("data-state", "signed-out").key("signed-out").children(
            [
                el("strong").text(w.t(T::SignInTitle)),
                el("p").text(w.t(T::SignInText)),
                button(Action::SignIn, w.t(T::SignInTitle)),
            ],
        )
    };
    match l.completeness() {
        // Nothing to show but how to get the case: no empty summary under it.
        Completeness::SignedOut => return sec.child(signed_out()).children(footer),
        Completeness::NotFound => {
            return sec
                .child(
                    el("div")
                        .class("notice")
                        .attr("role", "alert")
                        .attr("data-state", "not-found")
                        .key("not-found")
                        .children([el("strong").text(w.t(T::NotFoundCase)), el("p").text(w.t(T::NotFoundHint))]),
                )
                .children(footer);
        }
        Completeness::Partial { missing, shown } => {
            if l.signed_out() {
                sec = sec.child(signed_out());
            }
            sec = sec.child(missing_notice(&missing, &shown, v, w).key("missing"));
        }
        Completeness::Complete => {}
    }
    if r.case_from_page {
        sec = sec.child(from_page_notice(v, app, w).key("from-page"));
    }
    // Right after a case arrives the column holds the status and the table
    // only; the stage line and the rest follow once that has painted.
    let mut col = el("div")
        .class("decoded-col")
        .key("decoded")
        .child(first_screen(l, v, app, !first_frame, w).key("summary"))
        .child(details_table(l, app, w).key("facts"));
    if !first_frame {
        if !r.timeline.is_empty() {
            let all = v.timeline_all || printing;
            col = col.child(
                timeline::view(&l.bundle.receipt, r, all, &v.open_values, &v.new_since, &l.viewer, w).key("timeline"),
            );
        }
        if !r.details.is_empty() {
            let mut every = el("details").attr("data-section", "details").key("details");
            if printing {
                every = every.attr("open", "");
            }
            col = col.child(every.children([
                el("summary").text(w.t(T::EveryField)),
                el("dl").children(r.details.iter().enumerate().map(|(n, d)| field_row(n, d, "d", w))),
            ]));
        }
        if !r.other_fields.is_empty() {
            col = col.child(el("details").attr("data-section", "other").attr("open", "").key("other").children([
                el("summary").text(w.f(T::OtherFields, &[&r.other_fields.len().to_string()])),
                el("dl").children(r.other_fields.iter().enumerate().map(|(n, d)| field_row(n, d, "o", w))),
            ]));
        }
        col = col.children(kept::section(v, app, w).map(|n| n.key("kept")));
        if !r.problems.is_empty() {
            col = col.child(
                el("ul")
                    .class("problems")
                    .key("problems")
                    .children(r.problems.iter().map(|p| el("li").text(w.problem(p)))),
            );
        }
    }
    sec.child(col).child(raw().key("raw")).children(footer)
}

/// Which case this is: the name the user gave it (not while masking), the
/// form with its plain title, and the receipt (masked while masking is on).
fn identity(l: &Loaded, app: &App, w: W) -> Node {
    let r = &l.report;
    let receipt = &l.bundle.receipt;
    let name = app.account.nickname(receipt).filter(|_| !app.settings.mask);
    let form = form_line(r.form_type.as_ref(), r.form_title.as_ref()).or_else(|| r.form_title.clone());
    el("p")
        .class("identity")
        .attr("data-field", "identity")
        .attr("aria-label", w.t(T::ThisCase))
        .children(name.map(|n| el("strong").class("nickname").text(n)))
        .children(form.map(|f| el("span").class("form").text(f)))
        // When the first screen was first painted, for the browser's
        // Element Timing (`./build.sh bench`): the receipt is always there
        // (a flex item, so its text is its own).
        .child(
            el("span").class("receipt-id").attr("elementtiming", "casescope-summary").text(app.shown_receipt(receipt)),
        )
}

/// The case's upcoming appointments, each with its day and time in the
/// user's zone and "Add to calendar".
fn appointments(l: &Loaded, app: &App, w: W) -> Option<Node> {
    let receipt = &l.bundle.receipt;
    let mine: Vec<&Upcoming> = app.upcoming().filter(|u| u.receipt == *receipt).collect();
    (!mine.is_empty()).then(|| appointment_list(&mine, app, w, false).attr("data-section", "appointments"))
}

/// Upcoming appointments, soonest first: what, when (in the user's zone,
/// and in how many days), whose (`whose`: on the account's list), and
/// "Add to calendar" beside each; masked, what the file leaves out.
pub(super) fn appointment_list(list: &[&Upcoming], app: &App, w: W, whose: bool) -> Node {
    let rows = list.iter().map(|u| {
        let case = whose.then(|| {
            let r = &u.receipt;
            let name = app.account.nickname(r).filter(|_| !app.settings.mask).map(str::to_string);
            let form = u.appointment.form.clone();
            let who =
                [name, form, Some(app.shown_receipt(r))].into_iter().flatten().collect::<Vec<_>>().join(" \u{b7} ");
            el("span").class("whose").text(who)
        });
        el("li")
            .attr("data-appointment", u.appointment.at_ms.to_string())
            .child(el("span").class("when").text(format!(
                "{} ({})",
                w.local(&u.local),
                w.relative_days(u.local.days_ago.into())
            )))
            .children(case)
            .child(el("span").class("what").text(w.t(T::AppointmentKind)))
            .child(
                button(Action::Calendar(Some((u.receipt.clone(), u.appointment.at_ms))), w.t(T::AddToCalendar))
                    .class("small")
                    .attr("data-calendar", ""),
            )
    });
    // The zone, and what the file holds: masked, what it leaves out; on
    // the account's list, where it is made and kept (the first screen
    // stays short: the status comes right after).
    let zone = app.account.zone_name.as_deref().map(|z| w.f(T::LocalTimeIn, &[z]));
    let about = match (app.settings.mask, whose) {
        (true, _) => Some(w.t(T::CalendarMaskedNote)),
        (false, true) => Some(w.t(T::CalendarHint)),
        (false, false) => None,
    };
    let hint = [zone.as_deref(), about].into_iter().flatten().collect::<Vec<_>>().join(" ");
    el("div")
        .class("appointments")
        .child(el("ul").children(rows))
        .children((!hint.is_empty()).then(|| el("p").class("hint").text(hint)))
}

/// What USCIS waits for, or an appointment: above everything else.
fn is_obligation(f: &Flag) -> bool {
    matches!(f, Flag::ActionRequired | Flag::UpcomingAppointment | Flag::CmsFailure)
}

/// The first screen, in the order people read it: which case this is, what
/// USCIS waits for, what changed since the last look, the status in USCIS's
/// words with its date, the stage line and the ages (once the whole case is
/// decoded); then warnings, the remember question (one line) and USCIS's
/// own text.
fn first_screen(l: &Loaded, v: &CaseView, app: &App, whole: bool, w: W) -> Node {
    let r = &l.report;
    let status_missing = l.missing(Endpoint::Status);
    let incomplete = !l.outcomes.iter().all(|o| o.is_ok());
    let lang = app.status_lang();
    let mut top = el("section").class("decoded").attr("data-section", "summary").child(identity(l, app, w));
    // An appointment ahead is shown with its day and time just below; its
    // flag would say the same less well.
    let soon = appointments(l, app, w);
    let obligations: Vec<Node> = r
        .flags
        .iter()
        .filter(|f| is_obligation(f) && !(soon.is_some() && **f == Flag::UpcomingAppointment))
        .map(|f| el("li").text(w.flag(*f)))
        .collect();
    if !obligations.is_empty() {
        // (The alert role on a box of its own: on the list it would take
        // away the list's meaning, and its items would be in no list.)
        top = top.child(
            el("div")
                .attr("role", "alert")
                .attr("data-section", "obligation")
                .child(el("ul").class("obligation").children(obligations)),
        );
    }
    top = top.children(soon);
    top = top.children(kept::since(v, w).map(|n| n.key("since")));
    top =
        top.child(el("p").class("headline").attr("data-field", "headline").text(headline(r, status_missing, lang, w)));
    if let Some(since) = &r.glance.status_since {
        top = top.child(
            el("p")
                .class("status-date muted")
                .attr("data-field", "status-date")
                .text(w.f(T::StatusSince, &[&w.local_day(since)])),
        );
    }
    if whole {
        top = top.child(glance::view(r, incomplete, w).key("glance"));
    }
    if let Some(prefix) = &r.prefix_unreliable {
        top = top.child(el("p").class("warning").text(w.prefix_warning(prefix)));
    }
    if r.flags.iter().any(|f| !is_obligation(f)) {
        top = top.child(
            el("ul")
                .class("flags")
                .attr("data-section", "flags")
                .children(r.flags.iter().filter(|f| !is_obligation(f)).map(|f| el("li").text(w.flag(*f)))),
        );
    }
    if whole {
        top = top.children(kept::ask(app, w).map(|n| n.key("ask")));
    }
    if let Some(t) = status_text(r, lang) {
        top = top.child(
            el("p")
                .class("status-text")
                .attr("data-field", "status-text")
                .attr("lang", status_lang_of(r, lang))
                .text(t),
        );
    }
    if r.status_text_es.is_some() || r.status_title_es.is_some() {
        let (to, words) = match lang {
            Lang::Es => (Lang::En, T::StatusInEnglish),
            // (USCIS writes no Chinese: a Chinese screen shows its English.)
            Lang::En | Lang::Zh => (Lang::Es, T::StatusInSpanish),
        };
        // The English interface writes this offer in Spanish ("Ver en
        // espa\u{f1}ol"), for the reader it is for; `lang` says so.
        let written_in = if to == Lang::Es && w.lang() == Lang::En { "es" } else { w.lang().tag() };
        top = top.child(button(Action::StatusLang(to), w.t(words)).class("link").attr("lang", written_in));
    }
    top
}

/// Below the first screen: the case's details as a table (the status itself
/// is the headline, not repeated here).
fn details_table(l: &Loaded, app: &App, w: W) -> Node {
    let r = &l.report;
    let form = form_line(r.form_type.as_ref(), r.form_title.as_ref());
    // A masked receipt keeps its prefix: the office it names still shows.
    let office = r.receipt_office.clone().or_else(|| l.bundle.receipt.office().map(|o| o.name.to_string()));
    let shown = app.shown_receipt(&l.bundle.receipt);
    let receipt = Some(match &office {
        Some(o) => format!("{shown} \u{2013} {o}"),
        None => shown,
    });
    let code = r.current_code.as_ref().map(|c| format!("{} \u{2013} {}", c.code, w.code_label(c)));
    let rows: Vec<Node> = [
        kv("receipt", w.t(T::FieldReceipt), receipt),
        kv("form", w.t(T::FieldForm), form),
        kv("code", w.t(T::FieldCode), code),
        kv("filed", w.t(T::FieldFiled), r.filed.as_ref().map(|d| w.date(d))),
        kv("updated", w.t(T::FieldUpdated), r.last_updated.as_ref().map(|d| w.date(d))),
        kv("office", w.t(T::FieldOffice), r.office.clone()),
    ]
    .into_iter()
    .flatten()
    .collect();
    el("section").class("facts").attr("data-section", "facts").children([
        el("div").class("section-head").children([
            el("h2").text(w.t(T::SummaryHeading)),
            el("div").class("row").children([
                button(Action::CopySummary, w.t(T::CopySummary)),
                button(Action::CopyForum, w.t(T::CopyForum)).attr("title", w.t(T::CopyForumTitle)),
                button(Action::Print, w.t(T::PrintButton)),
            ]),
        ]),
        el("dl").children(rows),
    ])
}

/// The `lang` of the status text actually shown.
fn status_lang_of(r: &Report, lang: Lang) -> &'static str {
    if lang == Lang::Es && r.status_text_es.is_some() {
        "es"
    } else {
        "en"
    }
}

/// One labelled field, with its link to the raw answer.
fn field_row(n: usize, d: &Row, prefix: &str, w: W) -> Node {
    let mut dd = el("dd").text(clip(&w.shown(&d.key, &d.value), w));
    if let Some(note) = &d.note {
        dd = dd.child(el("small").text(format!(" \u{2013} {}", w.note(note))));
    }
    dd = dd.child(
        button(Action::Viewer(ViewerAction::Show(d.source.endpoint, d.source.path.to_string())), w.t(T::ShowInRaw))
            .class("small link")
            .attr("title", format!("{} {}", d.source.endpoint.key(), d.source.path)),
    );
    el("div")
        .class("kv")
        .attr("id", format!("{prefix}{n}"))
        .attr("tabindex", "-1")
        .children([el("dt").text(w.field(&d.key)), dd])
}
