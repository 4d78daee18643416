//! The app's state and `update`: what happened ([`Event`]) in, what the
//! browser layer must do ([`Effect`]) out. Where a fetch stands is one
//! [`FetchState`], never flags that could disagree; the user's choices are
//! [`Settings`]. The view of this state is [`super::view`].

use crate::dates::{Local, When};
use crate::decode::Ctx;
use crate::endpoints::{self, Endpoint, SIGN_IN_URL};
use crate::i18n::Lang;
use crate::receipt::{self, ReceiptError, ReceiptNumber};

use super::action::{Action, ViewerAction};
use super::launch::Layout;
use super::loaded::Loaded;
use super::viewer::{Viewer, ViewerEffect};

pub use super::event::{Effect, Event};
pub use super::remember::{LookDiff, LookSummary};
pub use super::state::{
    Copied, FetchError, FetchState, Kept, KeptNote, Page, PendingRetry, PrintStep, Settings, SinceLine, Theme, Toast,
};

/// The app's whole state.
#[derive(Debug, Clone)]
pub struct App {
    pub page: Page,
    /// Receipt numbers found on the page.
    pub receipts: Vec<ReceiptNumber>,
    /// What is in the receipt field.
    pub input: String,
    pub input_error: Option<ReceiptError>,
    pub selected: Option<ReceiptNumber>,
    pub fetch: FetchState,
    /// The case on screen; kept while it is fetched again.
    pub case: Option<Loaded>,
    /// The same case with personal details masked (while masking is on),
    /// for the screen and everything copied or saved.
    pub masked: Option<Loaded>,
    pub toast: Option<Toast>,
    /// Endpoints already retried for the case on screen: never twice.
    pub retried: Vec<Endpoint>,
    /// When USCIS was last really asked (not a reused answer), for throttling.
    pub last_asked_ms: Option<i64>,
    /// USCIS still limited requests after the one retry: not before this
    /// time (ms), which is also shown (in the user's zone).
    pub limited_until: Option<(i64, Local)>,
    /// The clock at the last event.
    pub now_ms: i64,
    /// Where this UI runs: the toolbar popup, a tab, or over the case page.
    pub layout: Layout,
    pub settings: Settings,
    /// The language of USCIS's own status text, when the user picked one
    /// (else the interface language, where USCIS sent it).
    pub status_lang: Option<Lang>,
    /// Show every timeline entry, not only the newest.
    pub timeline_all: bool,
    /// Timeline entries (by their record's path) showing every value.
    pub open_values: std::collections::BTreeSet<String>,
    /// A viewer page that has just opened keeps the page's own "Loading"
    /// line until its case arrives or [`QUIET_MS`] pass: a reused answer
    /// comes within a frame or two, and a progress line that flashes for
    /// one frame only costs the first paint of the case.
    pub quiet: bool,
    /// The printable record: when the page was made (shown on it) and
    /// whether the print window has been asked for.
    pub printed_at: Option<Local>,
    pub print: PrintStep,
    /// The remembered copies of the case on screen (when remembering is on).
    pub kept: Kept,
    /// What changed since the last look.
    pub since: Option<SinceLine>,
    pub kept_note: Option<KeptNote>,
    /// The copies kept of the case on screen, newest first, each with what
    /// changed from the one before.
    pub looks: Vec<LookSummary>,
    /// Records that came since the last look (endpoint, path in the answer
    /// on screen), marked in the timeline.
    pub new_since: std::collections::BTreeSet<(Endpoint, String)>,
    /// The copy whose every changed value is open (its time), and those values.
    pub look_diff: Option<LookDiff>,
    /// The account page's own case list (form and status of each case).
    pub cards: Vec<crate::receipt::Card>,
    /// The account page's own copy of each case, shown before any answer
    /// and standing in for `/cases` when it fails.
    pub page_data: Option<crate::page::PageData>,
    /// The remembered case being named, and what is typed so far.
    pub naming: Option<(ReceiptNumber, String)>,
    /// Remembered cases listed: their last look, and whether it changed.
    pub marks: Vec<(ReceiptNumber, super::household::CaseMark)>,
    /// "Check all", under way or done.
    pub check: Option<super::household::CheckAll>,
    /// Code words learned from the user's remembered cases.
    pub learned: Vec<crate::decode::LearnedCode>,
}

/// How long a viewer page waits before it shows its progress line.
pub const QUIET_MS: u32 = 300;

/// The my.uscis.gov front page, offered when the active tab is elsewhere.
pub const USCIS_HOME: &str = "https://my.uscis.gov/";

impl Default for App {
    fn default() -> Self {
        App {
            page: Page::Loading,
            receipts: Vec::new(),
            input: String::new(),
            input_error: None,
            selected: None,
            fetch: FetchState::Idle,
            case: None,
            masked: None,
            toast: None,
            retried: Vec::new(),
            last_asked_ms: None,
            limited_until: None,
            now_ms: 0,
            layout: Layout::Popup,
            settings: Settings::default(),
            status_lang: None,
            timeline_all: false,
            open_values: Default::default(),
            quiet: false,
            printed_at: None,
            print: PrintStep::Waiting,
            kept: Kept::Off,
            since: None,
            kept_note: None,
            looks: Vec::new(),
            new_since: Default::default(),
            look_diff: None,
            cards: Vec::new(),
            page_data: None,
            naming: None,
            marks: Vec::new(),
            check: None,
            learned: Vec::new(),
        }
    }
}

impl App {
    /// True while requests are in flight.
    pub fn is_fetching(&self) -> bool {
        matches!(self.fetch, FetchState::Fetching { .. })
    }

    /// The case as shown: masked while masking is on.
    pub fn shown_case(&self) -> Option<&Loaded> {
        if self.settings.mask {
            self.masked.as_ref().or(self.case.as_ref())
        } else {
            self.case.as_ref()
        }
    }

    /// A receipt number as shown (masked while masking is on).
    pub fn shown_receipt(&self, r: &ReceiptNumber) -> String {
        if self.settings.mask {
            crate::mask::mask_receipt(r.as_str())
        } else {
            r.to_string()
        }
    }

    /// Makes [`App::masked`] match the case on screen.
    fn sync_masked(&mut self, ctx: &Ctx) {
        match (&self.case, self.settings.mask) {
            (Some(l), true) => match &mut self.masked {
                // The same answers: only the rest of the decoding, when the
                // case on screen has gone from its first frame to whole.
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

    /// The language USCIS's status text is shown in.
    pub fn status_lang(&self) -> Lang {
        self.status_lang.unwrap_or(self.settings.lang)
    }

    /// Applies an event; returns what the browser layer must do.
    pub fn update(&mut self, event: Event, ctx: &Ctx) -> Vec<Effect> {
        let fx = self.apply(event, ctx);
        self.sync_masked(ctx);
        // USCIS's words for a code on another of the user's cases explain
        // it here too (a label once learned is left as it is).
        if !self.learned.is_empty() {
            for l in self.case.iter_mut().chain(self.masked.iter_mut()) {
                l.report.learn(&self.learned);
            }
        }
        fx
    }

    fn apply(&mut self, event: Event, ctx: &Ctx) -> Vec<Effect> {
        self.now_ms = ctx.now_ms;
        // The first frame lasts until the browser has painted it, or until
        // anything else happens: whatever the user does sees the whole case.
        if let (Some(l), false) = (&mut self.case, matches!(event, Event::Fetched { .. } | Event::Typed { .. })) {
            l.finish(ctx);
        }
        if !matches!(event, Event::Typed { .. }) {
            self.quiet = false;
        }
        match event {
            Event::Opened { url, page_text } => {
                let url = url.unwrap_or_default();
                if !endpoints::is_site_url(&url) {
                    self.page = Page::Elsewhere;
                    return Vec::new();
                }
                let text = page_text.unwrap_or_default();
                let mut fx = self.take_receipts(receipt::find_on_page(&url, &text));
                self.page = Page::Uscis;
                // An account page that lists one case is about that case
                // (its cards may not be drawn yet: the list is in its data).
                let mut own = self.cards.iter().filter(|c| !c.nested);
                let only_card = match (own.next(), own.next()) {
                    (Some(one), None) => Some(one.receipt.clone()),
                    _ => None,
                };
                if let Some(r) = only_card.or_else(|| receipt::page_subject(&url, &text)) {
                    fx = self.choose(r, false, ctx);
                }
                fx
            }
            Event::Submit(typed) => {
                self.input = typed.clone();
                match ReceiptNumber::parse(&typed) {
                    Ok(r) => {
                        self.input_error = None;
                        self.input = r.to_string();
                        self.choose(r, false, ctx)
                    }
                    Err(e) => {
                        self.input_error = Some(e);
                        // Once, when the error appears; never on later renders.
                        vec![Effect::Focus("receipt-input".into())]
                    }
                }
            }
            Event::Typed { field, value } => {
                match field.as_str() {
                    "receipt-input" => self.input = value,
                    "nickname-input" => {
                        if let Some((_, typed)) = &mut self.naming {
                            *typed = value;
                        }
                    }
                    "viewer-search" => {
                        self.viewers(|v| {
                            v.draft = Some(value.clone());
                            Vec::new()
                        });
                    }
                    _ => {}
                }
                Vec::new()
            }
            Event::Action(Action::CopyForum) => match (&self.masked, &self.case) {
                // Masked whatever the switch says: this one is for strangers.
                (Some(m), _) => vec![self.forum_copy(&m.report)],
                (None, Some(l)) => {
                    let m = l.masked(ctx);
                    vec![self.forum_copy(&m.report)]
                }
                (None, None) => Vec::new(),
            },
            Event::Action(a) => self.action(a, ctx),
            Event::Fetched { receipt, result } => {
                let FetchState::Fetching { only } = &self.fetch else {
                    return Vec::new(); // cancelled meanwhile
                };
                if self.selected.as_ref() != Some(&receipt) {
                    return Vec::new(); // the user moved on
                }
                let only = only.clone();
                match result {
                    Ok(b) if b.receipt == receipt => self.take(only, b, ctx),
                    Ok(_) => {
                        self.fetch = FetchState::Failed(FetchError::OtherReceipt);
                        Vec::new()
                    }
                    Err(e) => {
                        self.fetch = FetchState::Failed(e);
                        Vec::new()
                    }
                }
            }
            Event::OpenedFor { layout, receipt, settings } => {
                if layout == Layout::Print {
                    self.printed_at = Some(When::Instant { ms: ctx.now_ms }.local(ctx.now_ms, ctx.zone));
                }
                self.layout = layout;
                self.settings = settings;
                self.page = Page::Uscis;
                self.quiet = true;
                let mut fx = self.choose(receipt, false, ctx);
                fx.push(Effect::QuietFor(QUIET_MS));
                fx
            }
            Event::Settings(s) => {
                self.settings = s;
                Vec::new()
            }
            Event::Search(q) => self.viewers(|v| {
                v.search(&q);
                Vec::new()
            }),
            Event::SearchFocused => self.viewers(|v| {
                v.prepare_search();
                Vec::new()
            }),
            Event::Key(k) => {
                if k == "Escape" && self.layout == Layout::Embedded {
                    return vec![Effect::Close];
                }
                self.viewers(|v| v.key(&k))
            }
            Event::Tick => self.tick(),
            e @ (Event::KeptLoaded { .. }
            | Event::KeptSaved(_)
            | Event::KeptErased { .. }
            | Event::ImportFile(_)
            | Event::KeptImported(_)) => self.kept_event(e, ctx),
            e @ (Event::PageCards { .. } | Event::KeptList(_) | Event::Checked { .. } | Event::Nickname(_)) => {
                self.household_event(e, ctx)
            }
            Event::Learned(list) => {
                self.learned = list;
                Vec::new()
            }
            Event::Painted if self.layout == Layout::Print => self.print_when_whole(),
            Event::Painted | Event::QuietOver => Vec::new(),
            Event::Copied { what, ok } => {
                self.toast = Some(Toast { what, ok });
                Vec::new()
            }
        }
    }

    /// The printable record asks for the print window by itself once: after
    /// the whole case (not its first frame) has been painted, and only when
    /// there is a case to print (not a sign-in notice).
    fn print_when_whole(&mut self) -> Vec<Effect> {
        let settled = matches!(self.fetch, FetchState::Loaded);
        let printable = settled
            && self.case.as_ref().is_some_and(|l| {
                !l.is_summary()
                    && !matches!(
                        l.completeness(),
                        super::loaded::Completeness::SignedOut | super::loaded::Completeness::NotFound
                    )
            });
        match self.print {
            PrintStep::Waiting if printable => {
                self.print = PrintStep::Painting;
                vec![Effect::AfterPaint]
            }
            PrintStep::Painting => {
                self.print = PrintStep::Done;
                vec![Effect::Print]
            }
            _ => Vec::new(),
        }
    }

    fn action(&mut self, a: Action, ctx: &Ctx) -> Vec<Effect> {
        match a {
            Action::Choose(r) => self.choose(r, false, ctx),
            Action::Refresh => match self.selected.clone() {
                Some(r) if self.refresh_wait_ms() == 0 && !self.is_fetching() => self.choose(r, true, ctx),
                _ => Vec::new(),
            },
            Action::Cancel => match (&self.fetch, self.selected.clone()) {
                (FetchState::Fetching { .. } | FetchState::WaitingToRetry(_), Some(r)) => {
                    self.fetch = FetchState::Cancelled;
                    vec![Effect::Cancel(r)]
                }
                _ => Vec::new(),
            },
            Action::SignIn => vec![Effect::Open(SIGN_IN_URL)],
            Action::OpenUscis => vec![Effect::Open(USCIS_HOME)],
            Action::OpenTab => {
                self.selected.clone().map(|receipt| vec![Effect::OpenTab { receipt, print: false }]).unwrap_or_default()
            }
            Action::Print if self.layout == Layout::Print => vec![Effect::Print],
            Action::Print => {
                self.selected.clone().map(|receipt| vec![Effect::OpenTab { receipt, print: true }]).unwrap_or_default()
            }
            Action::Download => match self.shown_case() {
                Some(l) => {
                    let (y, m, d) = crate::dates::civil_from_days(self.now_ms.div_euclid(86_400_000));
                    let who = if self.settings.mask { "masked".to_string() } else { l.bundle.receipt.to_string() };
                    vec![Effect::Download {
                        name: format!("casescope-{who}-{y:04}-{m:02}-{d:02}.json"),
                        text: self.all_json(l),
                    }]
                }
                None => Vec::new(),
            },
            Action::Theme => {
                self.settings.theme = self.settings.theme.next();
                vec![Effect::Save(self.settings)]
            }
            Action::Lang(l) => {
                self.settings.lang = l;
                self.status_lang = None;
                vec![Effect::Save(self.settings)]
            }
            Action::StatusLang(l) => {
                self.status_lang = Some(l);
                Vec::new()
            }
            Action::Close => vec![Effect::Close],
            Action::TimelineAll => {
                self.timeline_all = true;
                Vec::new()
            }
            Action::EntryValues(path) => {
                if !self.open_values.remove(&path) {
                    self.open_values.insert(path);
                }
                Vec::new()
            }
            Action::CopyRaw(e) => match self.shown_case().and_then(|l| l.bundle.get(e)) {
                Some(r) => vec![Effect::Copy { text: r.body.to_string(), what: Copied::Raw(e) }],
                None => Vec::new(),
            },
            Action::CopyAll => match self.shown_case() {
                Some(l) => vec![Effect::Copy { text: self.all_json(l), what: Copied::All }],
                None => Vec::new(),
            },
            Action::CopySummary => match self.shown_case() {
                Some(l) => {
                    let mut text = crate::export::summary_text(&l.report, self.settings.lang);
                    if self.settings.mask {
                        let note = crate::i18n::W(self.settings.lang).t(crate::i18n::T::MaskedNote);
                        text = format!("{note}\n\n{text}");
                    }
                    vec![Effect::Copy { text, what: Copied::Summary }]
                }
                None => Vec::new(),
            },
            Action::Viewer(ViewerAction::Decoded(id)) => vec![Effect::Focus(id)],
            Action::CopyForum => Vec::new(), // answered in `apply`, which has the clock
            Action::Viewer(v) => self.viewers(|viewer| viewer.action(v.clone())),
            Action::Mask => {
                self.settings.mask = !self.settings.mask;
                vec![Effect::Save(self.settings)]
            }
            a @ (Action::Remember(_) | Action::EraseCase | Action::LookDiff(_) | Action::ExportKept) => {
                self.kept_action(a)
            }
            Action::EraseAll => vec![Effect::EraseKept(None)],
            Action::CheckAll => self.check_all(),
            Action::Name(r) => self.start_naming(r),
        }
    }
}

impl App {
    /// Does `f` to the raw viewer of the case and of its masked copy, which
    /// move together (their trees have the same shape); the effects are
    /// those of the one on screen (a copied value is masked when it is).
    fn viewers(&mut self, mut f: impl FnMut(&mut Viewer) -> Vec<ViewerEffect>) -> Vec<Effect> {
        let masked = self.masked.as_mut().map(|m| f(&mut m.viewer));
        let plain = self.case.as_mut().map(|l| f(&mut l.viewer)).unwrap_or_default();
        let shown = match masked {
            Some(fx) if self.settings.mask => fx,
            _ => plain,
        };
        shown.into_iter().map(viewer_effect).collect()
    }

    fn forum_copy(&self, masked: &crate::decode::Report) -> Effect {
        Effect::Copy { text: crate::export::forum_post(masked, self.settings.lang), what: Copied::Forum }
    }

    /// All four answers as one object; masked ones say so first.
    fn all_json(&self, l: &Loaded) -> String {
        let all = l.all_json();
        if !self.settings.mask {
            return all;
        }
        match all.strip_prefix('{') {
            Some(rest) => format!("{{\n  \"masked\": true,{rest}"),
            None => all,
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
