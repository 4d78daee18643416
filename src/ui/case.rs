//! The case screen's whole state: one [`CaseView`] per case shown. It owns
//! the case's fetch, its loaded and masked copies, what is kept of it and
//! what changed, what is open in its timeline and the retries asked: leaving
//! the case drops them all. `fetching` asks for it and takes its answers,
//! `remember` keeps its copies.

use std::collections::HashSet;

use crate::dates::Local;
use crate::decode::Ctx;
use crate::endpoints::Endpoint;
use crate::history::{Change, Difference};
use crate::receipt::ReceiptNumber;

use super::event::Effect;
use super::loaded::Loaded;
use super::state::{Copied, FetchState, Kept, KeptNote, SinceLine};
use super::viewer::{Viewer, ViewerEffect};

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

/// The case on screen.
#[derive(Debug, Clone)]
pub struct CaseView {
    pub receipt: ReceiptNumber,
    pub fetch: FetchState,
    /// The case decoded; kept while it is fetched again.
    pub loaded: Option<Loaded>,
    /// The same case with personal details masked (while masking is on),
    /// for the screen and everything copied or saved.
    pub masked: Option<Loaded>,
    /// Endpoints already retried for this case: never twice.
    pub retried: Vec<Endpoint>,
    /// USCIS still limited requests after the one retry: not before this
    /// time (ms), which is also shown (in the user's zone).
    pub limited_until: Option<(i64, Local)>,
    /// Show every timeline entry, not only the newest.
    pub timeline_all: bool,
    /// Timeline entries (by their record's path) showing every value.
    pub open_values: HashSet<String>,
    /// The remembered copies of this case (when remembering is on).
    pub kept: Kept,
    /// What changed since the last look.
    pub since: Option<SinceLine>,
    pub kept_note: Option<KeptNote>,
    /// The copies kept, newest first, each with what changed from the one before.
    pub looks: Vec<LookSummary>,
    /// Records that came since the last look (endpoint, path in the answer
    /// on screen), marked in the timeline.
    pub new_since: HashSet<(Endpoint, String)>,
    /// The copy whose every changed value is open (its time), and those values.
    pub look_diff: Option<LookDiff>,
}

impl CaseView {
    /// A case just chosen: nothing asked, nothing loaded.
    pub fn new(receipt: ReceiptNumber) -> CaseView {
        CaseView {
            receipt,
            fetch: FetchState::Idle,
            loaded: None,
            masked: None,
            retried: Vec::new(),
            limited_until: None,
            timeline_all: false,
            open_values: HashSet::new(),
            kept: Kept::Off,
            since: None,
            kept_note: None,
            looks: Vec::new(),
            new_since: HashSet::new(),
            look_diff: None,
        }
    }

    /// True while requests are in flight.
    pub fn is_fetching(&self) -> bool {
        matches!(self.fetch, FetchState::Fetching { .. })
    }

    /// The case as shown: masked while masking is on.
    pub fn shown(&self, mask: bool) -> Option<&Loaded> {
        if mask {
            self.masked.as_ref().or(self.loaded.as_ref())
        } else {
            self.loaded.as_ref()
        }
    }

    /// Makes [`CaseView::masked`] match the case (while masking is on).
    pub(super) fn sync_masked(&mut self, mask: bool, ctx: &Ctx) {
        match (&self.loaded, mask) {
            (Some(l), true) => match &mut self.masked {
                // The same answers: only the rest of the decoding, when the
                // case has gone from its first frame to whole.
                Some(m) if m.source_id() == l.source_id() => {
                    if !l.is_summary() {
                        m.finish(ctx);
                    }
                }
                _ => self.masked = Some(l.masked(ctx)),
            },
            _ => self.masked = None,
        }
    }

    /// Does `f` to the raw viewer of the case and of its masked copy, which
    /// move together (their trees have the same shape); the effects are
    /// those of the one on screen (a copied value is masked when it is).
    pub(super) fn viewers(&mut self, mask: bool, f: &mut dyn FnMut(&mut Viewer) -> Vec<ViewerEffect>) -> Vec<Effect> {
        let masked = self.masked.as_mut().map(|m| f(&mut m.viewer));
        let plain = self.loaded.as_mut().map(|l| f(&mut l.viewer)).unwrap_or_default();
        let shown = match masked {
            Some(fx) if mask => fx,
            _ => plain,
        };
        shown.into_iter().map(viewer_effect).collect()
    }

    /// Shows or hides every value of one timeline entry.
    pub(super) fn toggle_values(&mut self, path: String) {
        if !self.open_values.remove(&path) {
            self.open_values.insert(path);
        }
    }
}

fn viewer_effect(e: ViewerEffect) -> Effect {
    match e {
        ViewerEffect::CopyValue { text, path } => Effect::Copy { text, what: Copied::Value(path) },
        ViewerEffect::CopyPath(text) => Effect::Copy { text, what: Copied::Path },
        ViewerEffect::Focus(id) => Effect::Focus(id),
    }
}
