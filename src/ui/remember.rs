//! Remembering cases, in the app: reading and keeping a case's copies
//! (only when the user asked for it), what changed since the last look,
//! the copies kept with what changed in each, and erase.

use std::collections::BTreeSet;

use crate::dates::{Local, When};
use crate::decode::Ctx;
use crate::endpoints::Endpoint;
use crate::history::{self, CaseHistory, Change, DiffKind, Difference};

use super::action::Action;
use super::app::{App, Effect, Event};
use super::launch::Layout;
use super::state::{Kept, KeptNote, SinceLine};

/// One copy kept, for the list of copies.
#[derive(Debug, Clone, PartialEq)]
pub struct LookSummary {
    pub at_ms: i64,
    pub at: Local,
    /// What changed from the copy before (`None`: the first copy kept).
    pub changes: Option<Vec<Change>>,
    /// Answers not read at that look (the copy before stood in).
    pub carried: Vec<Endpoint>,
}

/// Every value that changed in one copy, answer by answer.
#[derive(Debug, Clone, PartialEq)]
pub struct LookDiff {
    pub at_ms: i64,
    pub answers: Vec<(Endpoint, Vec<Difference>)>,
}

impl App {
    /// True when cases are remembered here (asked for, and not the printed record).
    pub(super) fn remembers(&self) -> bool {
        self.settings.remember == Some(true) && self.layout != Layout::Print
    }

    /// Keeps the look at the case on screen, once its copies are read and
    /// its answers are in: adds a copy when something differs, and asks for
    /// it to be kept.
    pub(super) fn record(&mut self, ctx: &Ctx) -> Vec<Effect> {
        if !self.remembers() {
            return Vec::new();
        }
        let (Some(l), Kept::Ready { case, .. }) = (&self.case, &mut self.kept) else { return Vec::new() };
        let read = answers_read(&l.bundle.results, &l.outcomes);
        let h = case.get_or_insert_with(|| Box::new(CaseHistory::new(l.bundle.receipt.clone())));
        let fx = match h.add(l.bundle.fetched_at_ms as i64, &read) {
            history::Added::Seen => Vec::new(),
            _ => vec![Effect::SaveKept(h.clone())],
        };
        self.sync_kept(ctx);
        fx
    }

    /// What is shown of the kept copies: since the last look, the list of
    /// copies, the new records.
    fn sync_kept(&mut self, ctx: &Ctx) {
        let at = |ms: i64| When::Instant { ms }.local(ctx.now_ms, ctx.zone);
        self.since = None;
        self.looks.clear();
        self.new_since.clear();
        let Kept::Ready { case: Some(h), .. } = &self.kept else { return };
        self.since = h.since().map(|s| match s {
            history::Since::First => SinceLine::First,
            history::Since::Same { last_ms } => SinceLine::Same { last: at(last_ms) },
            history::Since::Changed { last_ms, old, new } => {
                for e in Endpoint::ALL {
                    if let (Some(a), Some(b)) = (old.answers.get(&e), new.answers.get(&e)) {
                        let added = history::diff(a, b).unwrap_or_default().into_iter();
                        self.new_since.extend(added.filter(|d| d.kind == DiffKind::Added).map(|d| (e, d.path)));
                    }
                }
                SinceLine::Changed { last: at(last_ms), changes: history::changes(old, new) }
            }
        });
        let mut before = None;
        for look in &h.looks {
            let changes = before.map(|b| history::changes(b, look));
            self.looks.push(LookSummary {
                at_ms: look.at_ms,
                at: at(look.at_ms),
                changes,
                carried: look.carried.clone(),
            });
            before = Some(look);
        }
        self.looks.reverse();
    }

    pub(super) fn kept_event(&mut self, event: Event, ctx: &Ctx) -> Vec<Effect> {
        match event {
            Event::KeptLoaded { receipt, case, all_bytes } => {
                if self.selected.as_ref() != Some(&receipt) || self.kept != Kept::Loading {
                    return Vec::new(); // the user moved on, or stopped remembering
                }
                self.kept = match case {
                    Ok(case) => Kept::Ready { case: case.map(Box::new), all_bytes },
                    Err(e) => Kept::Unreadable(e),
                };
                self.sync_kept(ctx);
                self.record(ctx)
            }
            Event::KeptSaved(result) => {
                match (result, &mut self.kept) {
                    (Ok(bytes), Kept::Ready { all_bytes, .. }) => *all_bytes = bytes,
                    (Ok(_), _) => {}
                    (Err(e), _) => self.kept_note = Some(KeptNote::SaveFailed(e)),
                }
                Vec::new()
            }
            Event::KeptErased { all_bytes } => {
                if self.kept != Kept::Off {
                    self.kept = Kept::Ready { case: None, all_bytes };
                }
                self.look_diff = None;
                self.sync_kept(ctx);
                self.kept_note = Some(KeptNote::Erased);
                Vec::new()
            }
            Event::ImportFile(read) => match read.and_then(|text| history::import_json(&text)) {
                Ok(cases) => vec![Effect::ImportKept(cases)],
                Err(e) => {
                    self.kept_note = Some(KeptNote::ImportRefused(e));
                    Vec::new()
                }
            },
            Event::KeptImported(Ok(n)) => {
                self.kept_note = Some(KeptNote::Imported(n));
                // Read this case again: the import may have added to it.
                match self.selected.clone() {
                    Some(r) if self.remembers() => {
                        self.kept = Kept::Loading;
                        vec![Effect::LoadKept(r)]
                    }
                    _ => Vec::new(),
                }
            }
            Event::KeptImported(Err(e)) => {
                self.kept_note = Some(KeptNote::ImportRefused(e));
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn kept_action(&mut self, a: Action) -> Vec<Effect> {
        match a {
            Action::Remember(on) => {
                self.settings.remember = Some(on);
                let mut fx = vec![Effect::Save(self.settings)];
                self.kept_note = None;
                match (on, self.selected.clone()) {
                    (true, Some(r)) if self.kept == Kept::Off => {
                        self.kept = Kept::Loading;
                        fx.push(Effect::LoadKept(r));
                    }
                    (true, _) => {}
                    // Off: nothing more is written; what is kept stays until erased.
                    (false, _) => self.since = None,
                }
                fx
            }
            Action::EraseCase => match (&self.kept, self.selected.clone()) {
                (Kept::Ready { .. } | Kept::Unreadable(_), Some(r)) => vec![Effect::EraseKept(Some(r))],
                _ => Vec::new(),
            },
            // The user's own backup: never masked (a masked copy could not
            // be imported again), and so not offered while masking is on.
            Action::ExportKept if !self.settings.mask => {
                let (y, m, d) = crate::dates::civil_from_days(self.now_ms.div_euclid(86_400_000));
                vec![Effect::ExportKept { name: format!("casescope-history-{y:04}-{m:02}-{d:02}.json") }]
            }
            Action::LookDiff(at_ms) => {
                if self.look_diff.as_ref().is_some_and(|d| d.at_ms == at_ms) {
                    self.look_diff = None;
                } else {
                    self.look_diff = self.diff_of(at_ms);
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Every value that changed in the copy kept at `at_ms`, from the copy
    /// before it; masked (both copies alike) while masking is on.
    fn diff_of(&self, at_ms: i64) -> Option<LookDiff> {
        let Kept::Ready { case: Some(h), .. } = &self.kept else { return None };
        let i = h.looks.iter().position(|l| l.at_ms == at_ms)?;
        let (old, new) = (h.looks.get(i.checked_sub(1)?)?, &h.looks[i]);
        let mut answers = Vec::new();
        for e in Endpoint::ALL {
            let (Some(a), Some(b)) = (old.answers.get(&e), new.answers.get(&e)) else { continue };
            let (a, b) = if self.settings.mask {
                let mut m = crate::mask::mask_bodies(&[a, b]).into_iter();
                (m.next().unwrap_or_default(), m.next().unwrap_or_default())
            } else {
                (a.clone(), b.clone())
            };
            let diffs = history::diff(&a, &b).unwrap_or_else(|_| {
                vec![Difference {
                    kind: DiffKind::Changed,
                    path: "$".into(),
                    old: Some(a.clone()),
                    new: Some(b.clone()),
                }]
            });
            if !diffs.is_empty() {
                answers.push((e, diffs));
            }
        }
        Some(LookDiff { at_ms, answers })
    }
}

/// Each answer of a look, as sent when it could be read (`None`: carried
/// forward from the last copy), for [`CaseHistory::add`].
pub(super) fn answers_read<'a>(
    results: &'a [crate::protocol::EndpointResult],
    outcomes: &[crate::answer::Outcome],
) -> Vec<(Endpoint, Option<&'a str>)> {
    results.iter().zip(outcomes).map(|(r, o)| (r.endpoint, o.is_ok().then_some(r.body.as_str()))).collect()
}

/// The records that are new since the last look, for marking.
pub fn is_new(new_since: &BTreeSet<(Endpoint, String)>, endpoint: Endpoint, path: &str) -> bool {
    new_since.contains(&(endpoint, path.to_string()))
}
