//! Remembering cases, for the case on screen: reading and keeping its
//! copies (only when the user asked for it), what changed since the last
//! look, the copies kept with what changed in each, and erase.

use std::collections::HashSet;

use crate::dates::When;
use crate::decode::Ctx;
use crate::endpoints::Endpoint;
use crate::history::{self, CaseHistory, DiffKind, Difference};

use super::case::{CaseView, LookDiff, LookSummary};
use super::event::{Effect, Event};
use super::state::{Kept, KeptNote, SinceLine};

impl CaseView {
    /// Keeps the look at the case, once its copies are read and its answers
    /// are in (when `remembers`): adds a copy when something differs, and
    /// asks for it to be kept.
    pub(super) fn record(&mut self, remembers: bool, ctx: &Ctx) -> Vec<Effect> {
        if !remembers {
            return Vec::new();
        }
        let (Some(l), Kept::Ready { case, .. }) = (&self.loaded, &mut self.kept) else { return Vec::new() };
        let read = answers_read(&l.bundle.results, &l.outcomes);
        let h = case.get_or_insert_with(|| Box::new(CaseHistory::new(l.bundle.receipt.clone())));
        let fx = match h.add(l.bundle.fetched_at_ms as i64, &read) {
            history::Added::Seen => Vec::new(),
            _ => vec![Effect::SaveKept(h.clone())],
        };
        self.sync_kept(ctx);
        fx
    }

    /// Starts reading what is kept of this case (when not read yet).
    pub(super) fn load_kept(&mut self) -> Vec<Effect> {
        self.kept = Kept::Loading;
        self.since = None;
        self.kept_note = None;
        vec![Effect::LoadKept(self.receipt.clone())]
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

    /// What came back from the kept copies' storage.
    pub(super) fn kept_event(&mut self, event: Event, remembers: bool, ctx: &Ctx) -> Vec<Effect> {
        match event {
            Event::KeptLoaded { receipt, case, all_bytes } => {
                if self.receipt != receipt || self.kept != Kept::Loading {
                    return Vec::new(); // the user moved on, or stopped remembering
                }
                self.kept = match case {
                    Ok(case) => Kept::Ready { case: case.map(Box::new), all_bytes },
                    Err(e) => Kept::Unreadable(e),
                };
                self.sync_kept(ctx);
                self.record(remembers, ctx)
            }
            Event::KeptSaved(result) => {
                match (result, &mut self.kept) {
                    (Ok(saved), kept) => {
                        if let Kept::Ready { all_bytes, .. } = kept {
                            *all_bytes = saved.all_bytes;
                        }
                        // Never silently: older copies went to make room.
                        if saved.dropped > 0 {
                            self.kept_note = Some(KeptNote::MadeRoom(saved.dropped));
                        }
                    }
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
            Event::KeptImported(Ok(n)) => {
                // Read this case again: the import may have added to it.
                let fx = if remembers {
                    self.kept = Kept::Loading;
                    vec![Effect::LoadKept(self.receipt.clone())]
                } else {
                    Vec::new()
                };
                self.kept_note = Some(KeptNote::Imported(n));
                fx
            }
            Event::KeptImported(Err(e)) => {
                self.kept_note = Some(KeptNote::ImportRefused(e));
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// The user turned remembering on or off.
    pub(super) fn remember(&mut self, on: bool) -> Vec<Effect> {
        self.kept_note = None;
        match on {
            true if self.kept == Kept::Off => {
                self.kept = Kept::Loading;
                vec![Effect::LoadKept(self.receipt.clone())]
            }
            true => Vec::new(),
            // Off: nothing more is written; what is kept stays until erased.
            false => {
                self.since = None;
                Vec::new()
            }
        }
    }

    /// Erase what is kept of this case (once it has been read).
    pub(super) fn erase(&self) -> Vec<Effect> {
        match &self.kept {
            Kept::Ready { .. } | Kept::Unreadable(_) => vec![Effect::EraseKept(Some(self.receipt.clone()))],
            _ => Vec::new(),
        }
    }

    /// Opens (or closes) every changed value of the copy kept at `at_ms`.
    pub(super) fn toggle_diff(&mut self, at_ms: i64, mask: bool) {
        if self.look_diff.as_ref().is_some_and(|d| d.at_ms == at_ms) {
            self.look_diff = None;
        } else {
            self.look_diff = self.diff_of(at_ms, mask);
        }
    }

    /// Every value that changed in the copy kept at `at_ms`, from the copy
    /// before it; masked (both copies alike) while masking is on.
    fn diff_of(&self, at_ms: i64, mask: bool) -> Option<LookDiff> {
        let Kept::Ready { case: Some(h), .. } = &self.kept else { return None };
        let i = h.looks.iter().position(|l| l.at_ms == at_ms)?;
        let (old, new) = (h.looks.get(i.checked_sub(1)?)?, &h.looks[i]);
        let mut answers = Vec::new();
        for e in Endpoint::ALL {
            let (Some(a), Some(b)) = (old.answers.get(&e), new.answers.get(&e)) else { continue };
            let (a, b) = if mask {
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
pub fn is_new(new_since: &HashSet<(Endpoint, String)>, endpoint: Endpoint, path: &str) -> bool {
    new_since.contains(&(endpoint, path.to_string()))
}
