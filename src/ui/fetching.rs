//! Asking for a case and taking its answers: the account page's own copy
//! on screen first, a retry's answers merged into the case on screen, the
//! one retry planned, and USCIS's limits kept ("Fetch again" waits).

use crate::answer::Outcome;
use crate::dates::When;
use crate::decode::Ctx;
use crate::endpoints::Endpoint;
use crate::policy::{self, RetryReason, MIN_REFRESH_MS};
use crate::protocol::{Bundle, Via};
use crate::receipt::ReceiptNumber;

use super::app::{App, Effect, Screen};
use super::case::CaseView;
use super::loaded::Loaded;
use super::state::{FetchState, Kept, PendingRetry, PrintStep};

impl App {
    /// Shows case `r`: asks for it (again, with `force`, skipping a reused
    /// answer). Another case than the one on screen starts a new
    /// [`CaseView`]: nothing of the old one stays.
    pub(super) fn choose(&mut self, r: ReceiptNumber, force: bool, ctx: &Ctx) -> Vec<Effect> {
        let same = self.selected() == Some(&r);
        if same && self.is_fetching() {
            return Vec::new(); // already in flight
        }
        if !same {
            // (A refresh keeps the old answer on screen meanwhile.)
            self.screen = Screen::Case(Box::new(CaseView::new(r.clone())));
        }
        self.toast = None;
        let remembers = self.remembers();
        let page_copy = self.account.page_data.as_ref().and_then(|p| p.result(&r));
        let Some(v) = self.case_view_mut() else { return Vec::new() };
        v.fetch = FetchState::Fetching { only: None };
        v.retried.clear();
        let mut fx = vec![Effect::Fetch { receipt: r.clone(), force, only: None }];
        // The page's own copy is on screen at once, before any answer.
        if v.loaded.is_none() {
            if let Some(res) = page_copy {
                let bundle = Bundle {
                    receipt: r,
                    via: Via::Page,
                    fetched_at_ms: 0.0,
                    reused_after_ms: None,
                    results: vec![res],
                };
                let first = Loaded::first(bundle, ctx);
                if first.is_summary() {
                    fx.push(Effect::AfterPaint);
                }
                v.loaded = Some(first);
            }
        }
        if remembers && (!same || v.kept == Kept::Off) {
            fx.extend(v.load_kept());
        }
        fx
    }

    /// Milliseconds until "Fetch again" may ask USCIS again: never within
    /// [`MIN_REFRESH_MS`] of the last answer, nor while USCIS asks to wait.
    pub fn refresh_wait_ms(&self) -> i64 {
        let throttle = self.last_asked_ms.map(|at| at + MIN_REFRESH_MS as i64 - self.now_ms).unwrap_or(0);
        let limited = self.case_view().and_then(|v| v.limited_until).map(|(until, _)| until - self.now_ms).unwrap_or(0);
        throttle.max(limited).max(0)
    }

    /// Takes a fetched answer: merges a retry's endpoints into the case on
    /// screen, and plans the one retry for endpoints that may get better.
    pub(super) fn take(&mut self, only: Option<Vec<Endpoint>>, b: Bundle, ctx: &Ctx) -> Vec<Effect> {
        if b.reused_after_ms.is_none() {
            self.last_asked_ms = Some(self.now_ms);
        }
        let now = self.now_ms;
        let asked = self.last_asked_ms.unwrap_or(now);
        let remembers = self.remembers();
        // (The printable record also waits for a retry's answer to print.)
        let print_waits = self.print.as_ref().is_some_and(|p| p.step == PrintStep::Waiting);
        let page_copy = self.account.page_data.as_ref().and_then(|p| p.result(&b.receipt));
        let Some(v) = self.case_view_mut() else { return Vec::new() };
        let first_show = v.loaded.is_none();
        let old = v.loaded.take();
        let mut bundle = match (only, &old) {
            (Some(_), Some(old)) => {
                let mut merged = old.bundle.clone();
                for r in b.results {
                    match merged.results.iter_mut().find(|o| o.endpoint == r.endpoint) {
                        Some(slot) => *slot = r,
                        None => merged.results.push(r),
                    }
                }
                merged.via = b.via;
                merged
            }
            _ => b,
        };
        // The page's copy stays beside USCIS's answers: raw shows both, and
        // it stands in when `/cases` could not be read.
        if !bundle.results.iter().any(|r| r.endpoint == Endpoint::Page) {
            if let Some(res) = page_copy {
                bundle.results.push(res);
            }
        }
        // A new large case paints in two steps: the summary and the raw
        // viewer, then (Event::Painted) the rest; a small one in one
        // ([`Loaded::first`]). A refresh or retry of the case on screen
        // replaces it in one, so nothing the user is reading moves, and the
        // viewer keeps what was open, selected and searched.
        let mut loaded = if first_show { Loaded::first(bundle, ctx) } else { Loaded::new(bundle, ctx) };
        // What was open, selected and searched carries over, but not from
        // the page's own copy alone: USCIS's first answer opens on its own.
        if let Some(old) = old.as_ref().filter(|o| o.bundle.results.iter().any(|r| r.endpoint != Endpoint::Page)) {
            loaded.viewer.carry_from(&old.viewer);
        }
        let mut fx = Vec::new();
        if loaded.is_summary() || print_waits {
            fx.push(Effect::AfterPaint);
        }
        v.fetch = FetchState::Loaded;
        // No retry storm: signed out stops everything; otherwise each
        // endpoint gets one retry, after the longest wait any of them needs.
        if !loaded.signed_out() {
            let mut wait = 0;
            let mut reason = RetryReason::Transient;
            let mut endpoints = Vec::new();
            for (r, o) in loaded.bundle.results.iter().zip(&loaded.outcomes) {
                if v.retried.contains(&r.endpoint) {
                    continue;
                }
                if let Some((s, why)) = policy::retry_after_s(o) {
                    endpoints.push(r.endpoint);
                    if s >= wait {
                        wait = s;
                        reason = why;
                    }
                }
            }
            if !endpoints.is_empty() {
                v.retried.extend(&endpoints);
                v.fetch =
                    FetchState::WaitingToRetry(PendingRetry { endpoints, due_ms: now + wait as i64 * 1000, reason });
                fx.push(Effect::Tick(1000));
            }
        }
        // Still limited after the one retry: no retry, and "Fetch again" only
        // once USCIS's wait is over.
        v.limited_until = None;
        if !matches!(v.fetch, FetchState::WaitingToRetry(_)) {
            let wait = loaded
                .outcomes
                .iter()
                .filter(|o| matches!(o, Outcome::RateLimited { .. }))
                .filter_map(|o| policy::retry_after_s(o).map(|(s, _)| s))
                .max();
            if let Some(s) = wait {
                let until = (now + s as i64 * 1000).max(asked + MIN_REFRESH_MS as i64);
                v.limited_until = Some((until, When::Instant { ms: until }.local(ctx.now_ms, ctx.zone)));
            }
        }
        // The account's appointments take this case's, as now read.
        let soon = crate::calendar::upcoming(&loaded.report, None, ctx.now_ms);
        let receipt = loaded.bundle.receipt.clone();
        v.loaded = Some(loaded);
        fx.extend(v.record(remembers, ctx));
        self.account.note_appointments(&receipt, soon, ctx);
        // The "Fetch again (in N s)" countdown.
        if self.refresh_wait_ms() > 0 && !fx.contains(&Effect::Tick(1000)) {
            fx.push(Effect::Tick(1000));
        }
        fx
    }

    /// A second has passed: the retry may be due, a countdown moves. Ticks
    /// stop when no countdown is on screen.
    pub(super) fn tick(&mut self) -> Vec<Effect> {
        let now = self.now_ms;
        let Some(v) = self.case_view_mut() else { return Vec::new() };
        if let FetchState::WaitingToRetry(retry) = &v.fetch {
            if now >= retry.due_ms {
                let only = retry.endpoints.clone();
                v.fetch = FetchState::Fetching { only: Some(only.clone()) };
                return vec![Effect::Fetch { receipt: v.receipt.clone(), force: true, only: Some(only) }];
            }
            return vec![Effect::Tick(1000)];
        }
        if self.refresh_wait_ms() > 0 && !self.is_fetching() {
            return vec![Effect::Tick(1000)];
        }
        Vec::new()
    }
}
