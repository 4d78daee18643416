//! The raw answers: one card per endpoint (HTTP status, time, what it
//! means, copy), then the viewer; and the footer that says who fetched and
//! when "Fetch again" is allowed.

use std::collections::HashMap;

use crate::i18n::{T, W};
use crate::protocol::Via;
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::case::CaseView;
use crate::ui::launch::Layout;
use crate::ui::loaded::Loaded;
use crate::ui::node::{el, Node};

use super::{button, viewer};

pub fn view(l: &Loaded, v: &CaseView, app: &App, w: W) -> Node {
    let r = &l.report;
    let mut raw =
        el("section").class("raw").attr("data-section", "raw").child(el("div").class("section-head").children([
            el("h2").text(w.t(T::RawAnswers)),
            el("div").class("row").children([
                button(Action::CopyAll, w.t(T::CopyAll)).class("small"),
                button(Action::Download, w.t(T::Download)).class("small"),
            ]),
        ]));
    // A tab is offered wherever this is not one already.
    if app.layout != Layout::Tab {
        raw = raw.child(button(Action::OpenTab, w.t(T::OpenTab)).class("small"));
    }
    for (res, outcome) in l.bundle.results.iter().zip(&l.outcomes) {
        let key = res.endpoint.key();
        let status = if res.status == 0 { w.t(T::NoAnswer).to_string() } else { format!("HTTP {}", res.status) };
        raw = raw.child(
            el("div").class("endpoint").attr("data-endpoint", key).key(key).children([
                el("div").class("row").children([
                    el("strong").text(w.endpoint(res.endpoint)),
                    el("span")
                        .class("http")
                        .attr("data-http", res.status.to_string())
                        .text(format!(" {status} \u{00b7} {} ms", whole(res.ms))),
                    el("small").class("path").text(res.path.clone()),
                    button(Action::CopyRaw(res.endpoint), w.t(T::CopyRaw)).class("small"),
                ]),
                el("p")
                    .class(if outcome.is_ok() { "outcome ok" } else { "outcome bad" })
                    .attr("data-outcome", "")
                    .text(w.outcome(outcome)),
            ]),
        );
    }
    let mut decoded_ids = HashMap::new();
    for (prefix, rows) in [("d", &r.details), ("o", &r.other_fields)] {
        for (n, d) in rows.iter().enumerate() {
            decoded_ids.entry((d.source.endpoint, d.source.path.to_string())).or_insert(format!("{prefix}{n}"));
        }
    }
    let unmasked = if app.settings.mask { v.loaded.as_ref().map(|c| &c.viewer) } else { None };
    raw.child(viewer::view_masked(&l.viewer, &decoded_ids, unmasked, &v.new_since, w).key("viewer"))
}

pub fn footer(l: &Loaded, app: &App, w: W) -> Node {
    let b = &l.bundle;
    let via = w.t(match b.via {
        Via::Page => T::ViaPage,
        Via::Background => T::ViaBackground,
    });
    let timings: Vec<String> =
        b.results.iter().map(|r| w.f(T::Timing, &[w.endpoint(r.endpoint), &whole(r.ms)])).collect();
    let reused = b
        .reused_after_ms
        .map(|ms| el("p").class("muted").attr("data-state", "reused").text(w.f(T::Reused, &[&whole(ms / 1000.0)])));
    let wait = app.refresh_wait_ms();
    let refresh = if app.is_fetching() {
        button(Action::Refresh, w.t(T::Fetching)).attr("disabled", "")
    } else if wait > 0 {
        button(Action::Refresh, &w.f(T::FetchAgainIn, &[&((wait + 999) / 1000).to_string()])).attr("disabled", "")
    } else {
        button(Action::Refresh, w.t(T::FetchAgain))
    };
    el("footer")
        .class("diagnostics")
        .attr(
            "data-via",
            match b.via {
                Via::Page => "page",
                Via::Background => "background",
            },
        )
        .children(reused)
        .children([el("p").text(format!("{via} {}", timings.join(" \u{00b7} "))), refresh])
}

/// A duration rounded to a whole number.
fn whole(x: f64) -> String {
    (x.round().max(0.0) as u64).to_string()
}
