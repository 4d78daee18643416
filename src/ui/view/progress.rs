//! Where the fetch stands (asking, waiting to retry with a countdown,
//! stopped, failed) and the copy confirmation. Each line has its own key, so
//! it comes and goes without touching the case below it.

use crate::i18n::{T, W};
use crate::policy::RetryReason;
use crate::ui::action::Action;
use crate::ui::app::{App, Copied, FetchError, FetchState};
use crate::ui::case::CaseView;
use crate::ui::node::{el, text, Node};

use super::button;

/// Where the fetch of case `v` stands.
pub fn view(v: &CaseView, app: &App, w: W) -> Vec<Node> {
    let r = app.shown_receipt(&v.receipt);
    let cancel = || button(Action::Cancel, w.t(T::Cancel)).class("link");
    match &v.fetch {
        FetchState::Fetching { only } => {
            let what = match only {
                Some(only) => w.f(T::AskingAgain, &[&w.endpoints(only)]),
                None => w.f(T::FetchingCase, &[&r]),
            };
            vec![el("div")
                .class("loading")
                .attr("role", "status")
                .attr("data-state", "loading")
                .key("loading")
                .children([el("span").text(what), text(" "), cancel()])]
        }
        FetchState::WaitingToRetry(retry) => {
            let secs = ((retry.due_ms - app.now_ms).max(0) + 999) / 1000;
            let why = w.t(match retry.reason {
                RetryReason::RateLimited => T::RetryRateLimited,
                RetryReason::Transient => T::RetryTransient,
            });
            vec![el("div")
                .class("notice")
                .attr("role", "status")
                .attr("data-state", "retry-wait")
                .key("retry")
                .children([
                    el("span").text(w.f(T::RetryIn, &[why, &w.endpoints(&retry.endpoints), &secs.to_string()])),
                    text(" "),
                    cancel(),
                ])]
        }
        FetchState::Cancelled => {
            vec![el("p").class("muted").attr("data-state", "cancelled").key("cancelled").text(w.t(T::Stopped))]
        }
        FetchState::Failed(e) => {
            let words = match e {
                FetchError::OtherReceipt => w.t(T::ErrOtherReceipt).to_string(),
                FetchError::Refused(why) => w.f(T::ErrRefused, &[why]),
                FetchError::Unreadable => w.t(T::ErrUnreadable).to_string(),
                FetchError::NoBackground(why) => w.f(T::ErrNoBackground, &[why]),
            };
            vec![el("p").class("error").attr("role", "alert").attr("data-state", "error").key("error").text(words)]
        }
        FetchState::Idle | FetchState::Loaded => Vec::new(),
    }
}

/// "Copied the summary to the clipboard."
pub fn toast(app: &App, w: W) -> Node {
    let words = app.toast.as_ref().map(|t| {
        let what = match &t.what {
            Copied::Raw(e) => w.f(T::WhatRaw, &[&w.endpoint(*e).to_lowercase()]),
            Copied::All => w.t(T::WhatAll).into(),
            Copied::Summary => w.t(T::WhatSummary).into(),
            Copied::Value(path) => w.f(T::WhatValue, &[path]),
            Copied::Path => w.t(T::WhatPath).into(),
            Copied::Forum => w.t(T::WhatForum).into(),
            Copied::Report => w.t(T::WhatReport).into(),
        };
        w.f(if t.ok { T::Copied } else { T::CopyFailed }, &[&what])
    });
    el("output")
        .class(if words.is_some() { "toast shown" } else { "toast" })
        .attr("role", "status")
        .attr("aria-live", "polite")
        .attr("data-toast", if app.toast.as_ref().is_some_and(|t| t.ok) { "ok" } else { "" })
        .text(words.unwrap_or_default())
}
