//! All the cases on the account ([`Account`]): the account page's own case
//! list (form and status of each), what changed at the last look for the remembered
//! ones, and "Check all", which asks USCIS politely: one case at a time,
//! a recent answer reused, stopping at the first sign-in or rate-limit
//! answer. The toolbar badge counts the remembered cases that changed.

use crate::answer::Outcome;
use crate::cards::words::CardWords;
use crate::dates::{Local, When};
use crate::decode::Ctx;
use crate::history::{self, CaseHistory, RecordError};
use crate::protocol::Bundle;
use crate::receipt::{Card, ReceiptError, ReceiptNumber};

use super::event::{Effect, Event};
use super::state::FetchError;

/// What is known of a listed case's remembered copies.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseMark {
    /// The last look.
    pub checked: Local,
    /// That look found something changed (how many changes).
    pub changes: usize,
    /// That look was the first one kept.
    pub first: bool,
    /// USCIS's status title in the last copy kept.
    pub status: Option<String>,
    /// The name the user gave the case.
    pub nickname: Option<String>,
    /// The account page's own data shows a change since that look
    /// ([`crate::page::changed_since`]): known with no request.
    pub page_changed: bool,
}

/// Why "Check all" stopped before the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckStop {
    SignedOut,
    RateLimited,
}

/// "Check all" under way or done.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckAll {
    /// Still to ask, in order.
    pub queue: Vec<ReceiptNumber>,
    /// Being asked.
    pub current: Option<ReceiptNumber>,
    /// Asked: the status title read (or the failure).
    pub done: Vec<(ReceiptNumber, Result<Option<String>, FetchError>)>,
    pub stopped: Option<CheckStop>,
}

impl CheckAll {
    pub fn is_running(&self) -> bool {
        self.current.is_some()
    }
}

/// An upcoming appointment of a case on the account, placed for the user.
#[derive(Debug, Clone, PartialEq)]
pub struct Upcoming {
    pub receipt: ReceiptNumber,
    pub appointment: crate::calendar::Appointment,
    /// Its day and time in the user's zone, and how many days away.
    pub local: Local,
}

/// The account's screen: every case on it, and the receipt field. It lasts
/// while the popup is open: the case screen shows it below the case.
#[derive(Debug, Clone, Default)]
pub struct Account {
    /// Receipt numbers on the page: the account's case list first.
    pub receipts: Vec<ReceiptNumber>,
    /// The account page's own case list (form and status of each case).
    pub cards: Vec<Card>,
    /// The account page's own copy of each case, shown before any answer
    /// and standing in for `/cases` when it fails.
    pub page_data: Option<crate::page::PageData>,
    /// Whether the page had data for its cases, and could it be read
    /// (`None`: no data on the page; `Some(0)`: there, unreadable).
    pub data_read: Option<usize>,
    /// What CaseScope found on the page, and each card's own words (the
    /// page's text: shown as such until USCIS answers, never an answer).
    pub found: Option<crate::cards::Found>,
    pub words: Vec<(ReceiptNumber, CardWords)>,
    /// The page's address and the browser, for the maintainers' report.
    pub page_url: Option<String>,
    pub browser: String,
    /// The maintainers' report as shown, and the case it was made on.
    pub report: Option<(Option<ReceiptNumber>, String)>,
    /// What is in the receipt field.
    pub input: String,
    pub input_error: Option<ReceiptError>,
    /// The remembered case being named, and what is typed so far.
    pub naming: Option<(ReceiptNumber, String)>,
    /// Remembered cases listed: their last look, and whether it changed.
    pub marks: Vec<(ReceiptNumber, CaseMark)>,
    /// "Check all", under way or done.
    pub check: Option<CheckAll>,
    /// The upcoming appointments of every case, soonest first: from the
    /// page's data and the last answers (no request of their own).
    pub upcoming: Vec<Upcoming>,
    /// The user's time zone, named beside the times shown in it.
    pub zone_name: Option<String>,
}

impl Account {
    /// The status title known for a listed case: from "Check all", the
    /// case on screen (`on_screen`: its receipt and title), the last copy
    /// kept, or the account page's list (which, on the live site, has none).
    pub fn known_status(
        &self,
        r: &ReceiptNumber,
        on_screen: Option<(&ReceiptNumber, Option<&String>)>,
    ) -> Option<Result<String, FetchError>> {
        let checked = self.check.as_ref().and_then(|c| c.done.iter().find(|(d, _)| d == r)).map(|(_, res)| res);
        if let Some(res) = checked {
            return res.clone().map(|t| t.map(Ok)).unwrap_or_else(|e| Some(Err(e)));
        }
        let on_screen = on_screen.filter(|(x, _)| *x == r).and_then(|(_, t)| t.cloned());
        let kept = || self.marks.iter().find(|(x, _)| x == r).and_then(|(_, m)| m.status.clone());
        on_screen.or_else(kept).or_else(|| self.card(r).and_then(|c| c.status.clone())).map(Ok)
    }

    /// The form and status the account page gives for a receipt.
    pub fn card(&self, r: &ReceiptNumber) -> Option<&Card> {
        self.cards.iter().find(|c| c.receipt == *r)
    }

    /// What the case's card on the page says (the page's data, where it
    /// has a copy, says more, but never the status title: only the card
    /// shows it).
    pub fn words(&self, r: &ReceiptNumber) -> Option<&CardWords> {
        self.words.iter().find(|(x, w)| x == r && !w.is_empty()).map(|(_, w)| w)
    }

    /// The one case of an account page that lists one (its cards may not be
    /// drawn yet: the list is in its data).
    pub fn only_case(&self) -> Option<ReceiptNumber> {
        let mut own = self.cards.iter().filter(|c| !c.nested);
        match (own.next(), own.next()) {
            (Some(one), None) => Some(one.receipt.clone()),
            _ => None,
        }
    }

    /// The receipts of the account: the page's case list first, then any
    /// other receipt in its text (their records read when `remember`).
    pub(super) fn take_receipts(&mut self, found: Vec<ReceiptNumber>, remember: bool) -> Vec<Effect> {
        let mut all: Vec<ReceiptNumber> = self.cards.iter().map(|c| c.receipt.clone()).collect();
        for r in self.words.iter().map(|(r, _)| r.clone()).chain(found) {
            if !all.contains(&r) {
                all.push(r);
            }
        }
        self.receipts = all;
        if remember && self.receipts.len() > 1 {
            vec![Effect::LoadKeptList(self.receipts.clone())]
        } else {
            Vec::new()
        }
    }

    /// Marks a remembered case by its record.
    fn mark(&mut self, r: &ReceiptNumber, h: &CaseHistory, ctx: &Ctx) {
        let since = h.since();
        let changes = match &since {
            Some(history::Since::Changed { old, new, .. }) => history::changes(old, new).len().max(1),
            _ => 0,
        };
        let first = since == Some(history::Since::First);
        let checked = When::Instant { ms: h.checked_ms }.local(ctx.now_ms, ctx.zone);
        self.marks.retain(|(m, _)| m != r);
        let status = h.last().and_then(|l| l.answers.get(&crate::endpoints::Endpoint::Status)).and_then(|body| {
            let tree = crate::tree::Tree::parse(body).ok()?;
            let title = tree.root().unwrap_data().0.get("statusTitle")?.as_str()?.trim().to_string();
            (!title.is_empty()).then_some(title)
        });
        let nickname = h.nickname.clone();
        let copy = self.page_data.as_ref().and_then(|p| p.copy(r));
        let page_changed = copy.and_then(|c| crate::page::changed_since(h, &c)) == Some(true);
        self.marks.push((r.clone(), CaseMark { checked, changes, first, status, nickname, page_changed }));
    }

    /// Notes `r`'s upcoming appointments from its decoded case (the page's
    /// copy or USCIS's answer, the latest read), in place of earlier ones.
    pub(super) fn note_appointments(&mut self, r: &ReceiptNumber, found: Vec<crate::calendar::Appointment>, ctx: &Ctx) {
        self.upcoming.retain(|u| u.receipt != *r);
        for appointment in found {
            let local = When::Instant { ms: appointment.at_ms }.local(ctx.now_ms, ctx.zone);
            self.upcoming.push(Upcoming { receipt: r.clone(), appointment, local });
        }
        crate::order::sort_by_key(&mut self.upcoming, |u| u.appointment.at_ms);
        if self.zone_name.is_none() {
            self.zone_name = ctx.zone.name();
        }
    }

    /// The appointments in the page's copy of each case (only the copies
    /// that have one are decoded).
    fn page_appointments(&mut self, ctx: &Ctx) {
        let Some(data) = self.page_data.take() else { return };
        for r in data.receipts() {
            let Some(copy) = data.copy(r).filter(|c| c.contains("appointmentDateTime")) else { continue };
            let mut bodies = crate::decode::Bodies::default();
            if bodies.set_json(crate::endpoints::Endpoint::Page, &copy).is_ok() {
                let report = crate::decode::decode_summary(&bodies, ctx);
                self.note_appointments(r, crate::calendar::upcoming(&report, None, ctx.now_ms), ctx);
            }
        }
        self.page_data = Some(data);
    }

    /// The remembered cases that changed at their last look.
    pub fn changed_count(&self) -> usize {
        self.marks.iter().filter(|(_, m)| m.changes > 0).count()
    }

    /// The account's events (a name given is [`Account::name_case`]).
    pub(super) fn event(&mut self, event: Event, remember: bool, ctx: &Ctx) -> Vec<Effect> {
        match event {
            Event::PageCards { text, loaded_ms } => {
                let read = crate::page::read(&text, loaded_ms, ctx);
                (self.cards, self.page_data) = read.map(|p| (p.cards, p.data)).unwrap_or_default();
                self.data_read = Some(self.page_data.as_ref().map_or(0, |d| d.receipts().count()));
                self.page_appointments(ctx);
                Vec::new()
            }
            Event::PageSeen { url, found, texts, user_agent } => {
                self.page_url = url;
                self.browser = crate::troubleshoot::browser_of(&user_agent);
                self.found = found;
                self.words = texts.iter().map(|t| (t.receipt.clone(), crate::cards::words::read(&t.text))).collect();
                Vec::new()
            }
            Event::KeptList(records) => {
                for (r, record) in records {
                    if let Ok(Some(h)) = record {
                        self.mark(&r, &h, ctx);
                    }
                }
                Vec::new()
            }
            Event::Checked { receipt, result, kept } => self.checked(receipt, result, kept, remember, ctx),
            _ => Vec::new(),
        }
    }

    /// The name given to a listed case.
    pub fn nickname(&self, r: &ReceiptNumber) -> Option<&str> {
        self.marks.iter().find(|(x, _)| x == r).and_then(|(_, m)| m.nickname.as_deref())
    }

    /// Opens the field to name a remembered case (only one whose copies are
    /// kept, and only while remembering is on: the name is kept with them).
    pub(super) fn start_naming(&mut self, r: ReceiptNumber, remember: bool) -> Vec<Effect> {
        if !remember || !self.marks.iter().any(|(x, _)| *x == r) {
            return Vec::new();
        }
        let typed = self.nickname(&r).unwrap_or_default().to_string();
        self.naming = Some((r, typed));
        vec![Effect::Focus("nickname-input".into())]
    }

    /// Keeps the name typed (an empty one removes it), and closes the
    /// field: the case and its name, to keep ([`Effect::SetNickname`]).
    pub(super) fn name_case(&mut self, typed: &str) -> Option<(ReceiptNumber, Option<String>)> {
        let (r, _) = self.naming.take()?;
        let name = history::clean_nickname(typed);
        let (_, mark) = self.marks.iter_mut().find(|(x, _)| *x == r)?;
        mark.nickname = name.clone();
        Some((r, name))
    }

    /// Starts "Check all" (not while one runs).
    pub(super) fn check_all(&mut self, remember: bool) -> Vec<Effect> {
        if self.check.as_ref().is_some_and(CheckAll::is_running) || self.receipts.is_empty() {
            return Vec::new();
        }
        self.check = Some(CheckAll { queue: self.receipts.clone(), ..CheckAll::default() });
        self.check_next(remember)
    }

    fn check_next(&mut self, remember: bool) -> Vec<Effect> {
        let Some(check) = &mut self.check else { return Vec::new() };
        if check.stopped.is_some() || check.queue.is_empty() {
            check.current = None;
            check.queue.clear();
            // The badge of this tab: remembered cases that changed.
            return if remember { vec![Effect::Badge(self.changed_count())] } else { Vec::new() };
        }
        let next = check.queue.remove(0);
        check.current = Some(next.clone());
        vec![Effect::CheckCase { receipt: next, with_kept: remember }]
    }

    fn checked(
        &mut self,
        receipt: ReceiptNumber,
        result: Result<Bundle, FetchError>,
        kept: Option<Result<Option<CaseHistory>, RecordError>>,
        remember: bool,
        ctx: &Ctx,
    ) -> Vec<Effect> {
        if self.check.as_ref().and_then(|c| c.current.as_ref()) != Some(&receipt) {
            return Vec::new();
        }
        let mut fx = Vec::new();
        let read = match result {
            Ok(b) if b.receipt == receipt => {
                // Each answer read once: what it means, and its JSON for the status title.
                let mut bodies = crate::decode::Bodies::default();
                let mut outcomes: Vec<Outcome> = Vec::new();
                for r in &b.results {
                    let (outcome, tree) = r.read();
                    outcomes.push(outcome);
                    if let Some(t) = tree {
                        bodies.set(r.endpoint, t);
                    }
                }
                let stop = if outcomes.contains(&Outcome::SignedOut) {
                    Some(CheckStop::SignedOut)
                } else if outcomes.iter().any(|o| matches!(o, Outcome::RateLimited { .. })) {
                    Some(CheckStop::RateLimited)
                } else {
                    None
                };
                if let Some(stop) = stop {
                    if let Some(c) = &mut self.check {
                        c.stopped = Some(stop);
                    }
                }
                // Keep the look, as for the case on screen.
                if let Some(Ok(h)) = kept {
                    let bodies = super::remember::answers_read(&b.results, &outcomes);
                    let mut h = h.unwrap_or_else(|| CaseHistory::new(receipt.clone()));
                    if h.add(b.fetched_at_ms as i64, &bodies) != history::Added::Seen {
                        fx.push(Effect::SaveKept(Box::new(h.clone())));
                    }
                    if h.last().is_some() {
                        self.mark(&receipt, &h, ctx);
                    }
                }
                let summary = crate::decode::decode_summary(&bodies, ctx);
                self.note_appointments(&receipt, crate::calendar::upcoming(&summary, None, ctx.now_ms), ctx);
                Ok(summary.status_title)
            }
            Ok(_) => Err(FetchError::OtherReceipt),
            Err(e) => Err(e),
        };
        if let Some(c) = &mut self.check {
            c.done.push((receipt, read));
        }
        fx.extend(self.check_next(remember));
        fx
    }
}
