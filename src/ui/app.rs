//! The app's state and `update`: what happened ([`Event`]) in, what the
//! browser layer must do ([`Effect`]) out. The state is shaped like the
//! screens: [`App`] holds what is app-wide (settings, layout, clock, toast,
//! learned codes, the account), and one [`Screen`], whose case variant
//! owns everything about the case shown ([`CaseView`]). Where a fetch
//! stands is one [`FetchState`], never flags that could disagree. The view
//! of this state is [`super::view`].

use crate::dates::{Local, When};
use crate::decode::Ctx;
use crate::endpoints::{self, SIGN_IN_URL};
use crate::i18n::Lang;
use crate::receipt::{self, ReceiptNumber};

use super::action::{Action, ViewerAction};
use super::case::CaseView;
use super::household::Account;
use super::launch::Layout;
use super::loaded::Loaded;
use super::state::Kept;

pub use super::event::{Effect, Event};
pub use super::state::{
    Copied, FetchError, FetchState, KeptNote, Page, PendingRetry, PrintStep, Settings, SinceLine, Theme, Toast,
};

/// What the app shows.
#[derive(Debug, Clone, Default)]
pub enum Screen {
    /// Looking at the active tab.
    #[default]
    Loading,
    /// The active tab is not my.uscis.gov.
    Elsewhere,
    /// The account's cases, none chosen.
    Account,
    /// One case (the account's other cases below it).
    Case(Box<CaseView>),
}

/// The printable record: when the page was made (shown on it) and whether
/// the print window has been asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Printing {
    pub at: Local,
    pub step: PrintStep,
}

/// The app's whole state.
#[derive(Debug, Clone, Default)]
pub struct App {
    /// Where this UI runs: the toolbar popup, a tab, or over the case page.
    pub layout: Layout,
    pub settings: Settings,
    /// The language of USCIS's own status text, when the user picked one
    /// (else the interface language, where USCIS sent it).
    pub status_lang: Option<Lang>,
    /// The clock at the last event.
    pub now_ms: i64,
    pub toast: Option<Toast>,
    /// Code words learned from the user's remembered cases.
    pub learned: Vec<crate::decode::LearnedCode>,
    /// A viewer page that has just opened keeps the page's own "Loading"
    /// line until its case arrives or [`QUIET_MS`] pass: a reused answer
    /// comes within a frame or two, and a progress line that flashes for
    /// one frame only costs the first paint of the case.
    pub quiet: bool,
    /// When USCIS was last really asked (not a reused answer), for
    /// throttling, whichever case it was.
    pub last_asked_ms: Option<i64>,
    /// Only on the printable record.
    pub print: Option<Printing>,
    /// The account's cases (the page's own list and data) and the receipt field.
    pub account: Account,
    pub screen: Screen,
}

/// How long a viewer page waits before it shows its progress line.
pub const QUIET_MS: u32 = 300;

/// The my.uscis.gov front page, offered when the active tab is elsewhere.
pub const USCIS_HOME: &str = "https://my.uscis.gov/";

impl App {
    /// The case on screen, with all it owns.
    pub fn case_view(&self) -> Option<&CaseView> {
        match &self.screen {
            Screen::Case(v) => Some(v),
            _ => None,
        }
    }

    pub(super) fn case_view_mut(&mut self) -> Option<&mut CaseView> {
        match &mut self.screen {
            Screen::Case(v) => Some(v),
            _ => None,
        }
    }

    /// The receipt of the case on screen.
    pub fn selected(&self) -> Option<&ReceiptNumber> {
        self.case_view().map(|v| &v.receipt)
    }

    /// The case on screen, decoded (unmasked).
    pub fn loaded(&self) -> Option<&Loaded> {
        self.case_view().and_then(|v| v.loaded.as_ref())
    }

    /// Where the fetch of the case on screen stands ([`FetchState::Idle`]: no case).
    pub fn fetch(&self) -> &FetchState {
        self.case_view().map(|v| &v.fetch).unwrap_or(&FetchState::Idle)
    }

    /// What the active tab is.
    pub fn page(&self) -> Page {
        match self.screen {
            Screen::Loading => Page::Loading,
            Screen::Elsewhere => Page::Elsewhere,
            Screen::Account | Screen::Case(_) => Page::Uscis,
        }
    }

    /// True while requests are in flight.
    pub fn is_fetching(&self) -> bool {
        self.case_view().is_some_and(CaseView::is_fetching)
    }

    /// The account's appointments still ahead, soonest first.
    pub fn upcoming(&self) -> impl Iterator<Item = &super::household::Upcoming> {
        self.account.upcoming.iter().filter(|u| u.appointment.at_ms > self.now_ms)
    }

    /// The case as shown: masked while masking is on.
    pub fn shown_case(&self) -> Option<&Loaded> {
        self.case_view().and_then(|v| v.shown(self.settings.mask))
    }

    /// A receipt number as shown (masked while masking is on).
    pub fn shown_receipt(&self, r: &ReceiptNumber) -> String {
        if self.settings.mask {
            crate::mask::mask_receipt(r.as_str())
        } else {
            r.to_string()
        }
    }

    /// The status title known for a listed case ([`Account::known_status`]).
    pub fn known_status(&self, r: &ReceiptNumber) -> Option<Result<String, FetchError>> {
        let on_screen = self.loaded().map(|l| (&l.bundle.receipt, l.report.status_title.as_ref()));
        self.account.known_status(r, on_screen)
    }

    /// The language USCIS's status text is shown in.
    pub fn status_lang(&self) -> Lang {
        self.status_lang.unwrap_or(self.settings.lang)
    }

    /// True when cases are remembered here (asked for, and not the printed record).
    pub(super) fn remembers(&self) -> bool {
        self.settings.remembering() && self.layout != Layout::Print
    }

    /// Applies an event; returns what the browser layer must do.
    pub fn update(&mut self, event: Event, ctx: &Ctx) -> Vec<Effect> {
        let fx = self.apply(event, ctx);
        let mask = self.settings.mask;
        let learned = std::mem::take(&mut self.learned);
        if let Some(v) = self.case_view_mut() {
            v.sync_masked(mask, ctx);
            // USCIS's words for a code on another of the user's cases
            // explain it here too (a label once learned is left as it is).
            if !learned.is_empty() {
                for l in v.loaded.iter_mut().chain(v.masked.iter_mut()) {
                    l.report.learn(&learned);
                }
            }
        }
        self.learned = learned;
        fx
    }

    /// Does `f` to the raw viewers of the case on screen.
    fn viewers(
        &mut self,
        mut f: impl FnMut(&mut super::viewer::Viewer) -> Vec<super::viewer::ViewerEffect>,
    ) -> Vec<Effect> {
        let mask = self.settings.mask;
        self.case_view_mut().map(|v| v.viewers(mask, &mut f)).unwrap_or_default()
    }

    fn apply(&mut self, event: Event, ctx: &Ctx) -> Vec<Effect> {
        self.now_ms = ctx.now_ms;
        // The first frame lasts until the browser has painted it, or until
        // anything else happens: whatever the user does sees the whole case.
        if !matches!(event, Event::Fetched { .. } | Event::Typed { .. }) {
            if let Some(l) = self.case_view_mut().and_then(|v| v.loaded.as_mut()) {
                l.finish(ctx);
            }
        }
        if !matches!(event, Event::Typed { .. }) {
            self.quiet = false;
        }
        match event {
            Event::Opened { url, page_text } => {
                let url = url.unwrap_or_default();
                if !endpoints::is_site_url(&url) {
                    self.screen = Screen::Elsewhere;
                    return Vec::new();
                }
                let text = page_text.unwrap_or_default();
                let remember = self.settings.remembering();
                let mut fx = self.account.take_receipts(receipt::find_on_page(&url, &text), remember);
                if matches!(self.screen, Screen::Loading | Screen::Elsewhere) {
                    self.screen = Screen::Account;
                }
                // An account page that lists one case is about that case.
                if let Some(r) = self.account.only_case().or_else(|| receipt::page_subject(&url, &text)) {
                    fx = self.choose(r, false, ctx);
                }
                fx
            }
            Event::Submit(typed) => {
                self.account.input = typed.clone();
                match ReceiptNumber::parse(&typed) {
                    Ok(r) => {
                        self.account.input_error = None;
                        self.account.input = r.to_string();
                        self.choose(r, false, ctx)
                    }
                    Err(e) => {
                        self.account.input_error = Some(e);
                        // Once, when the error appears; never on later renders.
                        vec![Effect::Focus("receipt-input".into())]
                    }
                }
            }
            Event::Typed { field, value } => {
                match field.as_str() {
                    "receipt-input" => self.account.input = value,
                    "nickname-input" => {
                        if let Some((_, typed)) = &mut self.account.naming {
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
            Event::Action(Action::CopyForum) => match self.case_view() {
                // Masked whatever the switch says: this one is for strangers.
                Some(CaseView { masked: Some(m), .. }) => vec![self.forum_copy(&m.report)],
                Some(CaseView { loaded: Some(l), .. }) => {
                    let m = l.masked(ctx);
                    vec![self.forum_copy(&m.report)]
                }
                _ => Vec::new(),
            },
            Event::Action(a) => self.action(a, ctx),
            Event::Fetched { receipt, result } => {
                let Some(v) = self.case_view_mut() else { return Vec::new() };
                if v.receipt != receipt {
                    return Vec::new(); // the user moved on
                }
                let FetchState::Fetching { only } = &v.fetch else {
                    return Vec::new(); // cancelled meanwhile
                };
                let only = only.clone();
                match result {
                    Ok(b) if b.receipt == receipt => self.take(only, b, ctx),
                    Ok(_) => {
                        v.fetch = FetchState::Failed(FetchError::OtherReceipt);
                        Vec::new()
                    }
                    Err(e) => {
                        v.fetch = FetchState::Failed(e);
                        Vec::new()
                    }
                }
            }
            Event::OpenedFor { layout, receipt, settings } => {
                if layout == Layout::Print {
                    let at = When::Instant { ms: ctx.now_ms }.local(ctx.now_ms, ctx.zone);
                    self.print = Some(Printing { at, step: PrintStep::Waiting });
                }
                self.layout = layout;
                self.settings = settings;
                self.screen = Screen::Account;
                self.quiet = true;
                // Opened from the account page, the account's other cases are
                // listed below the case, as in the popup.
                let mut fx = self.account.take_receipts(Vec::new(), self.settings.remembering());
                fx.extend(self.choose(receipt, false, ctx));
                // The page's own copy is the case at once: nothing to wait
                // quietly for.
                self.quiet = self.loaded().is_none();
                if self.quiet {
                    fx.push(Effect::QuietFor(QUIET_MS));
                }
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
            // A history file picked to import is read whatever is on screen;
            // a refusal is said under the case.
            Event::ImportFile(read) => match read.and_then(|text| crate::history::import_json(&text)) {
                Ok(cases) => vec![Effect::ImportKept(cases)],
                Err(e) => {
                    if let Some(v) = self.case_view_mut() {
                        v.kept_note = Some(KeptNote::ImportRefused(e));
                    }
                    Vec::new()
                }
            },
            e
            @ (Event::KeptLoaded { .. } | Event::KeptSaved(_) | Event::KeptErased { .. } | Event::KeptImported(_)) => {
                let remembers = self.remembers();
                self.case_view_mut().map(|v| v.kept_event(e, remembers, ctx)).unwrap_or_default()
            }
            Event::Nickname(typed) => {
                let Some((receipt, name)) = self.account.name_case(&typed) else { return Vec::new() };
                // The case on screen keeps its record in memory and writes it
                // back at its next look: it must carry the name too.
                if let Some(Kept::Ready { case: Some(h), .. }) = self.case_view_mut().map(|v| &mut v.kept) {
                    if h.receipt == receipt {
                        h.nickname = name.clone();
                    }
                }
                vec![Effect::SetNickname { receipt, name }]
            }
            e @ (Event::PageCards { .. } | Event::PageSeen { .. } | Event::KeptList(_) | Event::Checked { .. }) => {
                let remember = self.settings.remembering();
                self.account.event(e, remember, ctx)
            }
            Event::Learned(list) => {
                self.learned = list;
                Vec::new()
            }
            Event::Painted if self.print.is_some() => self.print_when_whole(),
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
        let settled = matches!(self.fetch(), FetchState::Loaded);
        let printable = settled
            && self.loaded().is_some_and(|l| {
                !l.is_summary()
                    && !matches!(
                        l.completeness(),
                        super::loaded::Completeness::SignedOut | super::loaded::Completeness::NotFound
                    )
            });
        let Some(print) = &mut self.print else { return Vec::new() };
        match print.step {
            PrintStep::Waiting if printable => {
                print.step = PrintStep::Painting;
                vec![Effect::AfterPaint]
            }
            PrintStep::Painting => {
                print.step = PrintStep::Done;
                vec![Effect::Print]
            }
            _ => Vec::new(),
        }
    }

    fn action(&mut self, a: Action, ctx: &Ctx) -> Vec<Effect> {
        let mask = self.settings.mask;
        match a {
            Action::Choose(r) => self.choose(r, false, ctx),
            Action::Refresh => match self.selected().cloned() {
                Some(r) if self.refresh_wait_ms() == 0 && !self.is_fetching() => self.choose(r, true, ctx),
                _ => Vec::new(),
            },
            Action::Cancel => match self.case_view_mut() {
                Some(v) if matches!(v.fetch, FetchState::Fetching { .. } | FetchState::WaitingToRetry(_)) => {
                    v.fetch = FetchState::Cancelled;
                    vec![Effect::Cancel(v.receipt.clone())]
                }
                _ => Vec::new(),
            },
            Action::SignIn => vec![Effect::Open(SIGN_IN_URL)],
            Action::OpenUscis => vec![Effect::Open(USCIS_HOME)],
            Action::OpenTab => self
                .selected()
                .cloned()
                .map(|receipt| vec![Effect::OpenTab { receipt, print: false }])
                .unwrap_or_default(),
            Action::Print if self.layout == Layout::Print => vec![Effect::Print],
            Action::Print => self
                .selected()
                .cloned()
                .map(|receipt| vec![Effect::OpenTab { receipt, print: true }])
                .unwrap_or_default(),
            Action::Download => match self.shown_case() {
                Some(l) => {
                    let (y, m, d) = crate::dates::civil_from_days(self.now_ms.div_euclid(86_400_000));
                    let who = if mask { "masked".to_string() } else { l.bundle.receipt.to_string() };
                    vec![Effect::Download {
                        name: format!("casescope-{who}-{y:04}-{m:02}-{d:02}.json"),
                        text: self.all_json(l),
                    }]
                }
                None => Vec::new(),
            },
            Action::Calendar(pick) => {
                let mut chosen: Vec<crate::calendar::Appointment> = self
                    .upcoming()
                    .filter(|u| pick.as_ref().is_none_or(|(r, ms)| u.receipt == *r && u.appointment.at_ms == *ms))
                    .map(|u| {
                        let mut a = u.appointment.clone();
                        a.name = self.account.nickname(&u.receipt).map(str::to_string);
                        a
                    })
                    .collect();
                chosen.dedup_by_key(|a| (a.receipt.clone(), a.at_ms));
                if chosen.is_empty() {
                    return Vec::new();
                }
                let w = crate::i18n::W(self.settings.lang);
                vec![Effect::Download {
                    name: crate::calendar::file_name(self.now_ms, ctx.zone),
                    text: crate::calendar::ics(&chosen, w, mask, self.now_ms, ctx.zone),
                }]
            }
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
                if let Some(v) = self.case_view_mut() {
                    v.timeline_all = true;
                }
                Vec::new()
            }
            Action::EntryValues(path) => {
                if let Some(v) = self.case_view_mut() {
                    v.toggle_values(path);
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
                    if mask {
                        let note = crate::i18n::W(self.settings.lang).t(crate::i18n::T::MaskedNote);
                        text = format!("{note}\n\n{text}");
                    }
                    vec![Effect::Copy { text, what: Copied::Summary }]
                }
                None => Vec::new(),
            },
            Action::Viewer(ViewerAction::Decoded(id)) => vec![Effect::Focus(id)],
            Action::CopyForum => Vec::new(), // answered in `apply`, which has the clock
            Action::ShowReport => {
                self.account.report = Some((self.selected().cloned(), self.report_text()));
                Vec::new()
            }
            Action::CopyReport => match self.shown_report() {
                Some(text) => vec![Effect::Copy { text: text.to_string(), what: Copied::Report }],
                None => Vec::new(),
            },
            Action::Viewer(v) => self.viewers(|viewer| viewer.action(v.clone())),
            Action::Mask => {
                self.settings.mask = !self.settings.mask;
                vec![Effect::Save(self.settings)]
            }
            Action::Remember(on) => {
                self.settings.remember = Some(on);
                let mut fx = vec![Effect::Save(self.settings)];
                if let Some(v) = self.case_view_mut() {
                    fx.extend(v.remember(on));
                }
                fx
            }
            Action::EraseCase => self.case_view().map(CaseView::erase).unwrap_or_default(),
            // The user's own backup: never masked (a masked copy could not
            // be imported again), and so not offered while masking is on.
            Action::ExportKept if !mask => {
                let (y, m, d) = crate::dates::civil_from_days(self.now_ms.div_euclid(86_400_000));
                vec![Effect::ExportKept { name: format!("casescope-history-{y:04}-{m:02}-{d:02}.json") }]
            }
            Action::ExportKept => Vec::new(),
            Action::LookDiff(at_ms) => {
                if let Some(v) = self.case_view_mut() {
                    v.toggle_diff(at_ms, mask);
                }
                Vec::new()
            }
            Action::EraseAll => vec![Effect::EraseKept(None)],
            Action::CheckAll => {
                let remember = self.settings.remembering();
                self.account.check_all(remember)
            }
            Action::Name(r) => {
                let remember = self.settings.remembering();
                self.account.start_naming(r, remember)
            }
        }
    }

    /// The maintainers' report on what is on screen: the page, and the case
    /// shown (its answers' shapes; nothing personal: [`crate::troubleshoot`]).
    fn report_text(&self) -> String {
        let a = &self.account;
        let page = crate::troubleshoot::PageMarkers {
            url: a.page_url.as_deref(),
            found: a.found.as_ref(),
            data_read: a.data_read,
        };
        let case = self.loaded().map(|l| crate::troubleshoot::CaseShown {
            bundle: &l.bundle,
            outcomes: &l.outcomes,
            report: &l.report,
        });
        crate::troubleshoot::report(
            env!("CARGO_PKG_VERSION"),
            &a.browser,
            self.settings.lang.code(),
            &page,
            case.as_ref(),
        )
    }

    /// The maintainers' report shown for what is on screen (made for
    /// another case, it is not shown: it would not say what is shown).
    pub fn shown_report(&self) -> Option<&str> {
        self.account.report.as_ref().filter(|(r, _)| r.as_ref() == self.selected()).map(|(_, t)| t.as_str())
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
