//! The toolbar popup as a pure state machine: `update` takes what happened
//! and returns effects for the browser layer to carry out; `view` describes
//! the DOM. Everything a user sees and every rule of the popup is here and
//! tested natively; `src/web/popup.rs` only wires events and runs effects.

use crate::decode::{self, Bodies, Ctx, Report};
use crate::endpoints::{Endpoint, SIGN_IN_URL};
use crate::policy::{self, RetryReason, MIN_REFRESH_MS};
use crate::protocol::{Bundle, Outcome, Via};
use crate::receipt::{self, ReceiptNumber};
use crate::text::pretty_json;
use crate::view::{el, text, Node};
use crate::viewer::{Viewer, ViewerEffect};

/// What the active tab is.
#[derive(Debug, Clone, PartialEq)]
pub enum Page {
    /// Not known yet.
    Loading,
    /// A my.uscis.gov page.
    Uscis { url: String },
    /// Anything else (or no tab).
    Elsewhere,
}

/// A fetched case, decoded.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub bundle: Bundle,
    pub outcomes: Vec<Outcome>,
    pub report: Report,
    pub viewer: Viewer,
    /// The parsed bodies, kept while `report` holds the summary only.
    pending: Option<Bodies>,
}

impl Loaded {
    /// Reads the answers and decodes them whole.
    pub fn new(bundle: Bundle, ctx: &Ctx) -> Loaded {
        let mut l = Loaded::summary(bundle, ctx);
        l.finish(ctx);
        l
    }

    /// Reads the answers and decodes the summary only
    /// ([`decode::decode_summary`]); [`Loaded::finish`] decodes the rest.
    pub fn summary(bundle: Bundle, ctx: &Ctx) -> Loaded {
        let mut outcomes = Vec::new();
        let mut bodies = Bodies::default();
        for r in &bundle.results {
            let (outcome, value) = r.read();
            outcomes.push(outcome);
            if let Some(v) = value {
                bodies.set(r.endpoint, v);
            }
        }
        let report = decode::decode_summary(&bodies, ctx);
        let viewer = Viewer::new(&bundle.results);
        Loaded { bundle, outcomes, report, viewer, pending: Some(bodies) }
    }

    /// Only the summary is decoded: a case that has just arrived, until the
    /// browser has painted once ([`Event::Painted`]), so that the summary and
    /// the raw viewer appear without waiting for the timeline and every field.
    pub fn is_summary(&self) -> bool {
        self.pending.is_some()
    }

    /// Decodes what [`Loaded::summary`] left out (nothing if done).
    pub fn finish(&mut self, ctx: &Ctx) {
        if let Some(bodies) = self.pending.take() {
            self.report = decode::decode(&bodies, ctx);
        }
    }

    pub fn signed_out(&self) -> bool {
        self.outcomes.contains(&Outcome::SignedOut)
    }

    /// All four bodies as one JSON object `{endpoint: body}`, every body kept
    /// token for token; an endpoint without a JSON body is `null`.
    pub fn all_json(&self) -> String {
        let mut s = String::from("{");
        for (i, e) in Endpoint::ALL.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            let body = self
                .bundle
                .results
                .iter()
                .zip(&self.outcomes)
                .find(|(r, _)| r.endpoint == *e)
                .and_then(|(r, o)| o.is_ok().then_some(r.body.trim()))
                .unwrap_or("null");
            s.push_str(&format!("\"{}\":{}", e.key(), body));
        }
        s.push('}');
        pretty_json(&s)
    }
}

/// The popup's whole state.
#[derive(Debug, Clone)]
pub struct Popup {
    pub page: Page,
    /// Receipt numbers found on the page.
    pub receipts: Vec<ReceiptNumber>,
    /// What is in the receipt field.
    pub input: String,
    pub input_error: Option<String>,
    pub selected: Option<ReceiptNumber>,
    pub loading: bool,
    pub loaded: Option<Loaded>,
    /// A fetch that failed as a whole (no bundle).
    pub error: Option<String>,
    /// Short confirmation ("Copied").
    pub toast: Option<String>,
    /// Show USCIS's Spanish status text (when it sent one).
    pub spanish: bool,
    /// The one retry waiting for its time (after a 429, a 5xx or no answer).
    pub retry: Option<PendingRetry>,
    /// Endpoints already retried for the case on screen: never twice.
    pub retried: Vec<Endpoint>,
    /// The endpoints the fetch in flight asks for (`None`: all four).
    pub pending_only: Option<Vec<Endpoint>>,
    /// When USCIS was last really asked (not a reused answer), for throttling.
    pub last_asked_ms: Option<i64>,
    /// The clock at the last event.
    pub now_ms: i64,
    /// The user stopped the requests.
    pub cancelled: bool,
    /// Where this UI runs: the toolbar popup, a tab, or over the case page.
    pub layout: Layout,
    pub theme: Theme,
    /// Show every timeline entry, not only the newest.
    pub timeline_all: bool,
    /// A viewer page that has just opened keeps the page's own "Loading"
    /// line until its case arrives or [`QUIET_MS`] pass: a reused answer
    /// comes within a frame or two, and a progress line that flashes for
    /// one frame only costs the first paint of the case.
    pub quiet: bool,
}

/// How long a viewer page waits before it shows its progress line.
pub const QUIET_MS: u32 = 300;

/// What a viewer page shows while [`Popup::quiet`]: the very element
/// `popup.html` starts with, so that nothing on the page changes.
pub fn starting_view() -> Node {
    el("p").class("muted").text("Loading CaseScope\u{2026}")
}

/// Where the CaseScope UI is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Popup,
    /// A full extension tab ("Open in a tab").
    Tab,
    /// Over the my.uscis.gov case page, in an extension frame.
    Embedded,
}

/// Light, dark, or what the system says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn key(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_key(k: &str) -> Theme {
        match k {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::Auto,
        }
    }
}

/// A retry that waits for its time, shown with a countdown.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingRetry {
    pub endpoints: Vec<Endpoint>,
    pub due_ms: i64,
    pub reason: RetryReason,
}

/// What happened.
#[derive(Debug, Clone)]
pub enum Event {
    /// The popup learnt about the active tab: its URL and, when the content
    /// script answered, the page's visible text.
    Opened { url: Option<String>, page_text: Option<String> },
    /// The receipt form was submitted with this text.
    Submit(String),
    /// A `data-action` element was activated.
    Action(String),
    /// A fetch finished.
    Fetched { receipt: ReceiptNumber, result: Result<Bundle, String> },
    /// A copy finished.
    Copied { what: String, ok: bool },
    /// A timer asked for by [`Effect::Tick`] fired.
    Tick,
    /// A tab or the in-page frame opened on this receipt.
    OpenedFor { layout: Layout, receipt: ReceiptNumber, theme: Theme },
    /// The remembered theme, read at start.
    Theme(Theme),
    /// The viewer's search box changed.
    Search(String),
    /// A key was pressed in the viewer's tree.
    Key(String),
    /// The browser painted the screen asked for by [`Effect::AfterPaint`].
    Painted,
    /// The time asked for by [`Effect::QuietFor`] has passed.
    QuietOver,
}

/// What the browser layer must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Ask for the case (`only` some endpoints, for a retry); `force` skips
    /// the reuse of a recent answer.
    Fetch {
        receipt: ReceiptNumber,
        force: bool,
        only: Option<Vec<Endpoint>>,
    },
    /// Stop the requests in flight.
    Cancel(ReceiptNumber),
    /// Send [`Event::Tick`] after this many milliseconds (countdowns).
    Tick(u32),
    /// Send [`Event::QuietOver`] after this many milliseconds.
    QuietFor(u32),
    Copy {
        text: String,
        what: String,
    },
    /// Navigate the user's my.uscis.gov tab (or a new tab) to this URL.
    Open(&'static str),
    /// Open the viewer for this receipt in a new tab.
    OpenTab(ReceiptNumber),
    /// Save `text` as a file called `name`.
    Download {
        name: String,
        text: String,
    },
    /// Move keyboard focus to the element with this id (opening what hides it).
    Focus(String),
    /// Apply and remember the theme.
    SetTheme(Theme),
    /// Close the in-page frame.
    Close,
    /// Send [`Event::Painted`] once the browser has painted the current view.
    AfterPaint,
}

/// How a viewer page was opened: `popup.html?receipt=R&tab=ID` (a tab) or
/// `popup.html?receipt=R&embedded=1` (the frame over the case page).
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    pub layout: Layout,
    pub receipt: ReceiptNumber,
    /// The my.uscis.gov tab whose content script fetches.
    pub tab: Option<f64>,
}

impl Launch {
    /// The viewer page's address (relative to the extension), read back by
    /// [`Launch::from_query`].
    pub fn url(&self) -> String {
        let mut url = format!("popup.html?receipt={}", self.receipt);
        if self.layout == Layout::Embedded {
            url.push_str("&embedded=1");
        }
        if let Some(tab) = self.tab {
            url.push_str(&format!("&tab={tab}"));
        }
        url
    }

    /// The viewer page's title: whose case it is.
    pub fn title(&self) -> String {
        format!("CaseScope \u{2013} {}", self.receipt)
    }

    pub fn from_query(query: &str) -> Option<Launch> {
        let mut receipt = None;
        let mut tab = None;
        let mut embedded = false;
        for pair in query.trim_start_matches('?').split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "receipt" => receipt = ReceiptNumber::parse(v).ok().filter(|r| r.as_str() == v),
                "tab" => tab = v.parse::<u32>().ok().map(f64::from),
                "embedded" => embedded = v == "1",
                _ => {}
            }
        }
        Some(Launch { layout: if embedded { Layout::Embedded } else { Layout::Tab }, receipt: receipt?, tab })
    }
}

/// The my.uscis.gov front page, offered when the active tab is elsewhere.
pub const USCIS_HOME: &str = "https://my.uscis.gov/";

pub fn is_uscis_url(url: &str) -> bool {
    url.starts_with("https://my.uscis.gov/") || url == "https://my.uscis.gov"
}

impl Default for Popup {
    fn default() -> Self {
        Popup {
            page: Page::Loading,
            receipts: Vec::new(),
            input: String::new(),
            input_error: None,
            selected: None,
            loading: false,
            loaded: None,
            error: None,
            toast: None,
            spanish: false,
            retry: None,
            retried: Vec::new(),
            pending_only: None,
            last_asked_ms: None,
            now_ms: 0,
            cancelled: false,
            layout: Layout::Popup,
            theme: Theme::Auto,
            timeline_all: false,
            quiet: false,
        }
    }
}

impl Popup {
    fn choose(&mut self, r: ReceiptNumber, force: bool) -> Vec<Effect> {
        if self.loading && self.selected.as_ref() == Some(&r) {
            return Vec::new(); // already in flight
        }
        if self.selected.as_ref() != Some(&r) {
            self.loaded = None; // a refresh keeps the old answer on screen meanwhile
        }
        self.selected = Some(r.clone());
        self.loading = true;
        self.error = None;
        self.toast = None;
        self.retry = None;
        self.retried.clear();
        self.pending_only = None;
        self.cancelled = false;
        vec![Effect::Fetch { receipt: r, force, only: None }]
    }

    /// Keeps what the user is typing in a text field, so that a re-render (a
    /// countdown tick) does not wipe it. Changes nothing on screen.
    pub fn typed(&mut self, field: &str, value: String) {
        match field {
            "receipt-input" => self.input = value,
            "viewer-search" => {
                if let Some(l) = &mut self.loaded {
                    l.viewer.draft = Some(value);
                }
            }
            _ => {}
        }
    }

    /// Milliseconds until "Fetch again" may ask USCIS again.
    pub fn refresh_wait_ms(&self) -> i64 {
        match self.last_asked_ms {
            Some(at) => (at + MIN_REFRESH_MS as i64 - self.now_ms).max(0),
            None => 0,
        }
    }

    /// Takes a fetched answer: merges a retry's endpoints into the case on
    /// screen, and plans the one retry for endpoints that may get better.
    fn take(&mut self, b: Bundle, ctx: &Ctx) -> Vec<Effect> {
        if b.reused_after_ms.is_none() {
            self.last_asked_ms = Some(self.now_ms);
        }
        let first_show = self.loaded.is_none();
        let bundle = match (self.pending_only.take(), self.loaded.take()) {
            (Some(_), Some(mut old)) => {
                for r in b.results {
                    match old.bundle.results.iter_mut().find(|o| o.endpoint == r.endpoint) {
                        Some(slot) => *slot = r,
                        None => old.bundle.results.push(r),
                    }
                }
                old.bundle.via = b.via;
                old.bundle
            }
            _ => b,
        };
        // A new case paints in two steps: the summary and the raw viewer,
        // then (Event::Painted) the rest. A refresh or retry of the case on
        // screen replaces it in one, so nothing the user is reading moves.
        let loaded = if first_show { Loaded::summary(bundle, ctx) } else { Loaded::new(bundle, ctx) };
        let mut fx = Vec::new();
        if first_show {
            fx.push(Effect::AfterPaint);
        }
        // No retry storm: signed out stops everything; otherwise each
        // endpoint gets one retry, after the longest wait any of them needs.
        if !loaded.signed_out() {
            let mut wait = 0;
            let mut reason = RetryReason::Transient;
            let mut endpoints = Vec::new();
            for (r, o) in loaded.bundle.results.iter().zip(&loaded.outcomes) {
                if self.retried.contains(&r.endpoint) {
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
                self.retried.extend(&endpoints);
                self.retry = Some(PendingRetry { endpoints, due_ms: self.now_ms + wait as i64 * 1000, reason });
                fx.push(Effect::Tick(1000));
            }
        }
        if loaded.bundle.reused_after_ms.is_some() || self.refresh_wait_ms() > 0 {
            fx.push(Effect::Tick(1000));
        }
        fx.dedup();
        self.loaded = Some(loaded);
        fx
    }

    /// Applies an event; returns what the browser layer must do.
    pub fn update(&mut self, event: Event, ctx: &Ctx) -> Vec<Effect> {
        self.now_ms = ctx.now_ms;
        // The first frame lasts until the browser has painted it, or until
        // anything else happens: whatever the user does sees the whole case.
        if let (Some(l), false) = (&mut self.loaded, matches!(event, Event::Fetched { .. })) {
            l.finish(ctx);
        }
        self.quiet = false;
        match event {
            Event::Opened { url, page_text } => {
                let url = url.unwrap_or_default();
                if !is_uscis_url(&url) {
                    self.page = Page::Elsewhere;
                    return Vec::new();
                }
                let text = page_text.unwrap_or_default();
                self.receipts = receipt::find_on_page(&url, &text);
                self.page = Page::Uscis { url: url.clone() };
                match receipt::page_subject(&url, &text) {
                    Some(r) => self.choose(r, false),
                    None => Vec::new(),
                }
            }
            Event::Submit(typed) => {
                self.input = typed.clone();
                match ReceiptNumber::parse(&typed) {
                    Ok(r) => {
                        self.input_error = None;
                        self.input = r.to_string();
                        self.choose(r, false)
                    }
                    Err(e) => {
                        self.input_error = Some(e.to_string());
                        Vec::new()
                    }
                }
            }
            Event::Action(a) => self.action(&a),
            Event::Fetched { receipt, result } => {
                if self.selected.as_ref() != Some(&receipt) || !self.loading {
                    return Vec::new(); // the user moved on, or cancelled
                }
                self.loading = false;
                match result {
                    Ok(b) if b.receipt == receipt => self.take(b, ctx),
                    Ok(_) => {
                        self.error = Some("CaseScope received an answer for another receipt; try again.".into());
                        Vec::new()
                    }
                    Err(e) => {
                        self.error = Some(e);
                        Vec::new()
                    }
                }
            }
            Event::OpenedFor { layout, receipt, theme } => {
                self.layout = layout;
                self.theme = theme;
                self.page = Page::Uscis { url: String::new() };
                self.quiet = true;
                let mut fx = self.choose(receipt, false);
                fx.push(Effect::QuietFor(QUIET_MS));
                fx
            }
            Event::Theme(t) => {
                self.theme = t;
                Vec::new()
            }
            Event::Search(q) => {
                if let Some(l) = &mut self.loaded {
                    l.viewer.search(&q);
                }
                Vec::new()
            }
            Event::Key(k) => {
                if k == "Escape" && self.layout == Layout::Embedded {
                    return vec![Effect::Close];
                }
                match &mut self.loaded {
                    Some(l) => l.viewer.key(&k).into_iter().map(viewer_effect).collect(),
                    None => Vec::new(),
                }
            }
            Event::Tick => {
                let Some(receipt) = self.selected.clone() else { return Vec::new() };
                if let Some(retry) = self.retry.clone() {
                    if self.now_ms >= retry.due_ms && !self.loading {
                        self.retry = None;
                        self.loading = true;
                        self.pending_only = Some(retry.endpoints.clone());
                        return vec![Effect::Fetch { receipt, force: true, only: Some(retry.endpoints) }];
                    }
                    return vec![Effect::Tick(1000)];
                }
                let reused = self.loaded.as_ref().is_some_and(|l| l.bundle.reused_after_ms.is_some());
                if self.refresh_wait_ms() > 0 || (reused && !self.loading) {
                    return vec![Effect::Tick(1000)];
                }
                Vec::new()
            }
            Event::Painted | Event::QuietOver => Vec::new(),
            Event::Copied { what, ok } => {
                self.toast = Some(if ok {
                    format!("Copied {what} to the clipboard.")
                } else {
                    format!("Could not copy {what}: the browser refused access to the clipboard.")
                });
                Vec::new()
            }
        }
    }

    fn action(&mut self, a: &str) -> Vec<Effect> {
        let (verb, arg) = a.split_once(':').unwrap_or((a, ""));
        match verb {
            "choose" => match ReceiptNumber::parse(arg) {
                Ok(r) => self.choose(r, false),
                Err(_) => Vec::new(),
            },
            "refresh" => match self.selected.clone() {
                Some(r) if self.refresh_wait_ms() == 0 && !self.loading => self.choose(r, true),
                _ => Vec::new(),
            },
            "cancel" => match self.selected.clone() {
                Some(r) if self.loading || self.retry.is_some() => {
                    self.loading = false;
                    self.retry = None;
                    self.pending_only = None;
                    self.cancelled = true;
                    vec![Effect::Cancel(r)]
                }
                _ => Vec::new(),
            },
            "sign-in" => vec![Effect::Open(SIGN_IN_URL)],
            "v" => {
                if let Some(id) = arg.strip_prefix("decoded:") {
                    return vec![Effect::Focus(id.to_string())];
                }
                match &mut self.loaded {
                    Some(l) => l.viewer.action(arg).into_iter().map(viewer_effect).collect(),
                    None => Vec::new(),
                }
            }
            "open-tab" => self.selected.clone().map(|r| vec![Effect::OpenTab(r)]).unwrap_or_default(),
            "download" => match &self.loaded {
                Some(l) => {
                    let (y, m, d) = crate::dates::civil_from_days(self.now_ms.div_euclid(86_400_000));
                    vec![Effect::Download {
                        name: format!("casescope-{}-{y:04}-{m:02}-{d:02}.json", l.bundle.receipt),
                        text: l.all_json(),
                    }]
                }
                None => Vec::new(),
            },
            "theme" => {
                self.theme = match self.theme {
                    Theme::Auto => Theme::Dark,
                    Theme::Dark => Theme::Light,
                    Theme::Light => Theme::Auto,
                };
                vec![Effect::SetTheme(self.theme)]
            }
            "close" => vec![Effect::Close],
            "timeline-all" => {
                self.timeline_all = true;
                Vec::new()
            }
            "lang" => {
                self.spanish = arg == "es";
                Vec::new()
            }
            "open-uscis" => vec![Effect::Open(USCIS_HOME)],
            "copy-raw" => {
                let Some(l) = &self.loaded else {
                    return Vec::new();
                };
                let Some(r) = l.bundle.results.iter().find(|r| r.endpoint.key() == arg) else {
                    return Vec::new();
                };
                vec![Effect::Copy {
                    text: r.body.clone(),
                    what: format!("the raw {} answer", r.endpoint.title().to_lowercase()),
                }]
            }
            "copy-all" => match &self.loaded {
                Some(l) => vec![Effect::Copy { text: l.all_json(), what: "all four answers as JSON".into() }],
                None => Vec::new(),
            },
            "copy-summary" => match &self.loaded {
                Some(l) => vec![Effect::Copy { text: l.report.to_text(), what: "the summary".into() }],
                None => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// The whole popup.
    pub fn view(&self) -> Node {
        if self.quiet {
            return starting_view();
        }
        let theme_label = match self.theme {
            Theme::Auto => "Theme: system",
            Theme::Dark => "Theme: dark",
            Theme::Light => "Theme: light",
        };
        let mut tools = vec![el("button")
            .attr("type", "button")
            .class("small link")
            .attr("data-action", "theme")
            .attr("data-theme-toggle", self.theme.key())
            .text(theme_label)];
        if self.layout == Layout::Embedded {
            tools.push(
                el("button")
                    .attr("type", "button")
                    .class("small")
                    .attr("data-action", "close")
                    .attr("aria-label", "Close CaseScope (Escape)")
                    .text("Close"),
            );
        }
        let layout = match self.layout {
            Layout::Popup => "popup",
            Layout::Tab => "popup tab",
            Layout::Embedded => "popup embedded",
        };
        let mut root = el("div")
            .class(layout)
            .attr("data-theme", self.theme.key())
            .child(el("div").class("tools").children(tools))
            .child(
                el("header").class("top").child(el("h1").text("CaseScope")).child(
                    el("small")
                        .class("tagline")
                        .text("Unofficial. Reads your case from my.uscis.gov in this browser only."),
                ),
            );
        match &self.page {
            Page::Loading => root = root.child(el("p").class("muted").text("Looking at the current tab\u{2026}")),
            Page::Elsewhere => {
                root = root.child(
                    el("section").attr("data-state", "elsewhere").class("notice").children([
                        el("p").text("CaseScope works on my.uscis.gov. Open my.uscis.gov in this tab, sign in, and open your case; then click the CaseScope icon again."),
                        el("button").attr("type", "button").attr("data-action", "open-uscis").text("Open my.uscis.gov"),
                    ]),
                );
            }
            // Before a case is chosen, choosing is the whole point; after, the
            // case comes first and other receipts wait at the bottom.
            Page::Uscis { .. } if self.selected.is_none() => root = root.children(self.chooser()),
            Page::Uscis { .. } => {}
        }
        root = root.children(self.progress());
        if let Some(e) = &self.error {
            root = root.child(el("p").class("error").attr("role", "alert").attr("data-state", "error").text(e.clone()));
        }
        if let Some(l) = &self.loaded {
            root = root.child(loaded_view(l, self));
        }
        if matches!(self.page, Page::Uscis { .. }) && self.selected.is_some() {
            let mut other = el("details").class("other").attr("data-section", "other-receipts");
            if self.input_error.is_some() {
                other = other.attr("open", "");
            }
            root = root.child(other.child(el("summary").text("Look up another receipt")).children(self.chooser()));
        }
        root.child(
            el("output")
                .class(if self.toast.is_some() { "toast shown" } else { "toast" })
                .attr("role", "status")
                .attr("aria-live", "polite")
                .attr("data-toast", "")
                .text(self.toast.clone().unwrap_or_default()),
        )
    }

    /// Loading, retry countdown and cancelled notes.
    fn progress(&self) -> Vec<Node> {
        let r = self.selected.as_ref().map(|r| r.to_string()).unwrap_or_default();
        let cancel = || el("button").attr("type", "button").class("link").attr("data-action", "cancel").text("Cancel");
        let mut out = Vec::new();
        if self.loading {
            let what = match &self.pending_only {
                Some(only) => format!("Asking my.uscis.gov again for {}\u{2026}", names(only)),
                None => format!("Fetching {r} from my.uscis.gov\u{2026}"),
            };
            out.push(el("div").class("loading").attr("role", "status").attr("data-state", "loading").children([
                el("span").text(what),
                text(" "),
                cancel(),
            ]));
        }
        if let Some(retry) = &self.retry {
            let secs = ((retry.due_ms - self.now_ms).max(0) + 999) / 1000;
            let why = match retry.reason {
                RetryReason::RateLimited => "USCIS asked CaseScope to slow down.",
                RetryReason::Transient => "my.uscis.gov did not answer properly.",
            };
            out.push(el("div").class("notice").attr("role", "status").attr("data-state", "retry-wait").children([
                el("span").text(format!("{why} Asking once more for {} in {secs} s.", names(&retry.endpoints))),
                text(" "),
                cancel(),
            ]));
        }
        if self.cancelled {
            out.push(
                el("p")
                    .class("muted")
                    .attr("data-state", "cancelled")
                    .text("Stopped. CaseScope is not asking my.uscis.gov for anything now."),
            );
        }
        out
    }

    fn chooser(&self) -> Vec<Node> {
        let mut form = el("form").class("lookup").attr("data-form", "receipt").children([
            el("label").attr("for", "receipt-input").text("Receipt number"),
            el("div").class("row").children([
                el("input")
                    .attr("id", "receipt-input")
                    .attr("name", "receipt")
                    .attr("type", "text")
                    .attr("autocomplete", "off")
                    .attr("spellcheck", "false")
                    .attr("placeholder", "IOE0912345678")
                    .attr("value", self.input.clone())
                    .attr("aria-describedby", "receipt-help"),
                el("button").attr("type", "submit").text("Look up"),
            ]),
        ]);
        form = match &self.input_error {
            Some(e) => form.child(
                el("p")
                    .attr("id", "receipt-help")
                    .class("error")
                    .attr("role", "alert")
                    .attr("data-state", "bad-receipt")
                    .text(e.clone()),
            ),
            None => form.child(
                el("p")
                    .attr("id", "receipt-help")
                    .class("muted")
                    .text("3 letters and 10 digits, from your receipt notice."),
            ),
        };
        let mut out = Vec::new();
        if !self.receipts.is_empty() {
            let items = self.receipts.iter().map(|r| {
                let current = self.selected.as_ref() == Some(r);
                el("li").child(
                    el("button")
                        .attr("type", "button")
                        .class(if current { "receipt current" } else { "receipt" })
                        .attr("data-action", format!("choose:{r}"))
                        .attr("aria-pressed", if current { "true" } else { "false" })
                        .text(r.to_string()),
                )
            });
            out.push(
                el("nav")
                    .class("receipts")
                    .attr("aria-label", "Receipt numbers on this page")
                    .children([el("h2").text("On this page"), el("ul").children(items)]),
            );
        }
        out.push(form);
        out
    }
}

fn row(field: &str, label: &str, value: Option<String>) -> Option<Node> {
    value.map(|v| el("div").class("kv").attr("data-field", field).children([el("dt").text(label), el("dd").text(v)]))
}

/// Decoded values longer than this are cut on screen (the raw view and the
/// copies keep everything).
pub const SHOWN_VALUE_MAX: usize = 500;

fn clip(s: &str) -> String {
    if s.len() <= SHOWN_VALUE_MAX {
        return s.to_string();
    }
    let mut end = SHOWN_VALUE_MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}\u{2026} ({} characters in all; see the raw answer)", &s[..end], s.chars().count())
}

fn viewer_effect(e: ViewerEffect) -> Effect {
    match e {
        ViewerEffect::Copy { text, what } => Effect::Copy { text, what },
        ViewerEffect::Focus(id) => Effect::Focus(id),
    }
}

fn names(endpoints: &[Endpoint]) -> String {
    endpoints.iter().map(|e| e.title()).collect::<Vec<_>>().join(", ")
}

fn loaded_view(l: &Loaded, p: &Popup) -> Node {
    let (spanish, refresh_wait_ms, loading, embedded_tab) =
        (p.spanish, p.refresh_wait_ms(), p.loading, p.layout != Layout::Popup);
    let r = &l.report;
    let b = &l.bundle;
    let mut sec = el("section").class("case").attr("data-receipt", b.receipt.to_string());
    let first_frame = l.is_summary();
    if first_frame {
        sec = sec.attr("aria-busy", "true"); // the rest follows after this paint
    }
    if l.signed_out() {
        sec = sec.child(
            el("div").class("signed-out").attr("role", "alert").attr("data-state", "signed-out").children([
                el("strong").text("Sign in to my.uscis.gov"),
                el("p").text("Your my.uscis.gov session has ended (sessions expire after a few minutes without activity). Sign in again, then click the CaseScope icon."),
                el("button").attr("type", "button").attr("data-action", "sign-in").text("Sign in to my.uscis.gov"),
            ]),
        );
    }
    let form = r.form_type.as_ref().map(|f| match &r.form_title {
        Some(t) => format!("{f} \u{2013} {t}"),
        None => f.clone(),
    });
    let receipt = Some(match &r.receipt_office {
        Some(o) => format!("{} \u{2013} {}", b.receipt, o),
        None => b.receipt.to_string(),
    });
    let code = r.current_code.as_ref().map(|c| format!("{} \u{2013} {}", c.code, c.text()));
    let summary: Vec<Node> = [
        row("receipt", "Receipt", receipt),
        row("form", "Form", form),
        row("status", "Status", r.status_title.clone()),
        row("code", "Status code", code),
        row("filed", "Filed", r.filed.clone()),
        row("updated", "Last updated", r.last_updated.clone()),
        row("office", "Office", r.office.clone()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let headline = r.status_title.clone().unwrap_or_else(|| "No status title in USCIS's answer".into());
    let mut decoded = el("section").class("decoded").attr("data-section", "summary").children([
        el("p").class("headline").attr("data-field", "headline").text(headline),
        el("div").class("section-head").children([
            el("h2").text("Summary"),
            el("button").attr("type", "button").attr("data-action", "copy-summary").text("Copy summary"),
        ]),
        el("dl").children(summary),
    ]);
    if let Some(w) = &r.prefix_warning {
        decoded = decoded.child(el("p").class("warning").text(w.clone()));
    }
    if !r.flags.is_empty() {
        decoded = decoded.child(
            el("ul")
                .class("flags")
                .attr("data-section", "flags")
                .children(r.flags.iter().map(|f| el("li").text(f.clone()))),
        );
    }
    if let Some(t) = status_text(r, spanish) {
        decoded = decoded.child(el("p").class("status-text").attr("data-field", "status-text").text(t));
    }
    if r.status_text_es.is_some() || r.status_title_es.is_some() {
        let (action, words) = if spanish { ("lang:en", "Show in English") } else { ("lang:es", "Ver en espa\u{f1}ol") };
        decoded = decoded.child(
            el("button")
                .attr("type", "button")
                .class("link")
                .attr("data-action", action)
                .attr("lang", if spanish { "en" } else { "es" })
                .text(words),
        );
    }
    // The decoded view in one column, the raw answers in another (side by
    // side in a wide tab). Right after a case arrives the column holds the
    // summary only; the rest follows once that has painted.
    let row_of = |(n, d): (usize, &crate::decode::Row), prefix: &str| {
        let mut dd = el("dd").text(clip(&d.value));
        if let Some(note) = &d.note {
            dd = dd.child(el("small").text(format!(" \u{2013} {note}")));
        }
        dd = dd.child(
            el("button")
                .attr("type", "button")
                .class("small link")
                .attr("data-action", format!("v:show:{}:{}", d.source.endpoint.key(), d.source.path))
                .attr("title", format!("{} {}", d.source.endpoint.key(), d.source.path))
                .text("show in raw"),
        );
        el("div")
            .class("kv")
            .attr("id", format!("{prefix}{n}"))
            .attr("tabindex", "-1")
            .children([el("dt").text(d.label.clone()), dd])
    };
    let mut col = el("div").class("decoded-col").child(decoded);
    if !first_frame {
        col = col.child(glance_view(r));
        if !r.timeline.is_empty() {
            col = col.child(timeline_view(r, p.timeline_all));
        }
        if !r.details.is_empty() {
            col = col.child(el("details").attr("data-section", "details").children([
                el("summary").text("Every field, explained"),
                el("dl").children(r.details.iter().enumerate().map(|x| row_of(x, "d"))),
            ]));
        }
        if !r.other_fields.is_empty() {
            col = col.child(el("details").attr("data-section", "other").attr("open", "").children([
                el("summary").text(format!("Other fields USCIS sent ({})", r.other_fields.len())),
                el("dl").children(r.other_fields.iter().enumerate().map(|x| row_of(x, "o"))),
            ]));
        }
        if !r.problems.is_empty() {
            col = col.child(el("ul").class("problems").children(r.problems.iter().map(|p| el("li").text(p.clone()))));
        }
    }
    sec = sec.child(col);
    // Raw answers: one line per endpoint, then the viewer.
    let mut raw = el("section").class("raw").attr("data-section", "raw").child(
        el("div").class("section-head").children([
            el("h2").text("Raw answers"),
            el("div").class("row").children([
                el("button")
                    .attr("type", "button")
                    .class("small")
                    .attr("data-action", "copy-all")
                    .text("Copy all as JSON"),
                el("button")
                    .attr("type", "button")
                    .class("small")
                    .attr("data-action", "download")
                    .text("Download JSON"),
            ]),
        ]),
    );
    if !embedded_tab {
        raw = raw.child(
            el("button").attr("type", "button").class("small").attr("data-action", "open-tab").text("Open in a tab"),
        );
    }
    for (res, outcome) in b.results.iter().zip(&l.outcomes) {
        let key = res.endpoint.key();
        let status = if res.status == 0 { "no answer".to_string() } else { format!("HTTP {}", res.status) };
        raw = raw.child(
            el("div").class("endpoint").attr("data-endpoint", key).children([
                el("div").class("row").children([
                    el("strong").text(res.endpoint.title()),
                    el("span")
                        .class("http")
                        .attr("data-http", res.status.to_string())
                        .text(format!(" {status} \u{00b7} {:.0} ms", res.ms)),
                    el("small").class("path").text(res.path.clone()),
                    el("button")
                        .attr("type", "button")
                        .class("small")
                        .attr("data-action", format!("copy-raw:{key}"))
                        .text("Copy raw"),
                ]),
                el("p")
                    .class(if outcome.is_ok() { "outcome ok" } else { "outcome bad" })
                    .attr("data-outcome", "")
                    .text(outcome.describe()),
            ]),
        );
    }
    let mut decoded_ids = std::collections::HashMap::new();
    for (prefix, rows) in [("d", &r.details), ("o", &r.other_fields)] {
        for (n, d) in rows.iter().enumerate() {
            decoded_ids.entry((d.source.endpoint, d.source.path.clone())).or_insert(format!("{prefix}{n}"));
        }
    }
    raw = raw.child(l.viewer.view(&decoded_ids));
    sec = sec.child(raw);
    let via = match b.via {
        Via::Page => "Fetched by CaseScope inside the my.uscis.gov page.",
        Via::Background => "Fetched by CaseScope's background worker, not inside the my.uscis.gov page: the page's security policy keeps WebAssembly out, or no my.uscis.gov page could do it (closed, or opened before CaseScope was installed).",
    };
    let timings: Vec<String> = b.results.iter().map(|r| format!("{} {:.0} ms", r.endpoint.title(), r.ms)).collect();
    let reused = b.reused_after_ms.map(|ms| {
        el("p").class("muted").attr("data-state", "reused").text(format!(
            "Shown from {} s ago: CaseScope reuses an answer for 30 seconds so that my.uscis.gov does not block you for asking too often.",
            (ms / 1000.0).round()
        ))
    });
    let mut refresh = el("button").attr("type", "button").attr("data-action", "refresh");
    refresh = if loading {
        refresh.attr("disabled", "").text("Fetching\u{2026}")
    } else if refresh_wait_ms > 0 {
        refresh.attr("disabled", "").text(format!("Fetch again (in {} s)", (refresh_wait_ms + 999) / 1000))
    } else {
        refresh.text("Fetch again")
    };
    sec.child(
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
            .children([el("p").text(format!("{via} {}", timings.join(" \u{00b7} "))), refresh]),
    )
}

fn status_text(r: &Report, spanish: bool) -> Option<String> {
    if spanish {
        let title = r.status_title_es.clone().map(|t| format!("{t}\n\n")).unwrap_or_default();
        if let Some(t) = &r.status_text_es {
            return Some(format!("{title}{t}"));
        }
    }
    r.status_text.clone()
}

fn glance_view(r: &Report) -> Node {
    let g = &r.glance;
    let mut stage = el("dd").child(el("strong").text(g.stage_label.clone()));
    if let Some(e) = &g.stage_evidence {
        stage = stage.child(el("small").class("evidence").text(format!(" \u{2013} from {e}")));
    }
    let mut rows = vec![el("div").class("kv").attr("data-field", "stage").children([el("dt").text("Stage"), stage])];
    if let Some(d) = g.days_since_filing {
        rows.push(
            el("div")
                .class("kv")
                .attr("data-field", "since-filing")
                .children([el("dt").text("Since filing"), el("dd").text(days_words(d))]),
        );
    }
    if let Some(d) = g.days_since_last_action {
        let what = g.last_action.clone().map(|w| format!(" ({w})")).unwrap_or_default();
        rows.push(el("div").class("kv").attr("data-field", "since-action").children([
            el("dt").text("Last USCIS action"),
            el("dd").text(format!("{}{what}", crate::dates::relative_days(d))),
        ]));
    }
    let mut sec = el("section")
        .class("glance")
        .attr("data-section", "glance")
        .children([el("h2").text("At a glance"), el("dl").children(rows)]);
    if let Some(s) = &g.silent_update {
        sec = sec.child(el("p").class("warning").attr("data-field", "silent-update").text(s.clone()));
    }
    sec
}

fn days_words(d: i64) -> String {
    match d {
        0 => "filed today".into(),
        1 => "1 day".into(),
        d if d < 0 => "filing date is in the future".into(),
        d => format!("{d} days"),
    }
}

/// Timeline entries shown before "Show all".
pub const TIMELINE_FIRST: usize = 100;

fn timeline_view(r: &Report, all: bool) -> Node {
    let shown = if all { r.timeline.len() } else { r.timeline.len().min(TIMELINE_FIRST) };
    let rows = r.timeline[..shown].iter().map(|e| {
        let mut what =
            vec![el("span").class("kind").text(e.kind.word()), el("span").class("label").text(e.title.clone())];
        if let Some(c) = &e.code {
            what.push(el("small").class("source").text(format!(" ({})", c.source.describe())));
        }
        if e.count > 1 {
            what.push(
                el("span")
                    .class("badge")
                    .attr("title", "The same event was recorded more than once")
                    .text(format!("\u{00d7}{}", e.count)),
            );
        }
        if e.backdated {
            what.push(
                el("span").class("badge").attr("title", "Dated earlier than the day it was recorded").text("backdated"),
            );
        }
        if e.upcoming {
            what.push(el("span").class("badge upcoming").text("upcoming"));
        }
        if let Some(d) = &e.detail {
            what.push(el("small").class("detail").text(format!(" \u{2013} {d}")));
        }
        let code = e.code.as_ref().map(|c| c.code.clone()).unwrap_or_default();
        el("tr").attr("data-kind", format!("{:?}", e.kind).to_lowercase()).attr("data-code", code.clone()).children([
            el("td").text(e.when_text.clone()),
            el("td").child(el("code").text(code)),
            el("td").children(what),
        ])
    });
    el("section")
        .attr("data-section", "timeline")
        .children([
            el("h2").text("Timeline (newest first)"),
            el("table").children([
                el("thead").child(el("tr").children([
                    el("th").text("When"),
                    el("th").text("Code"),
                    el("th").text("What happened (and where the words come from)"),
                ])),
                el("tbody").children(rows),
            ]),
        ])
        .children((shown < r.timeline.len()).then(|| {
            el("button")
                .attr("type", "button")
                .class("small")
                .attr("data-action", "timeline-all")
                .text(format!("Show all {} entries", r.timeline.len()))
        }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::Fixed;
    use crate::protocol::EndpointResult;

    fn ctx() -> Ctx<'static> {
        Ctx { now_ms: 0, zone: &Fixed(0) }
    }

    fn r(s: &str) -> ReceiptNumber {
        ReceiptNumber::parse(s).unwrap()
    }

    fn fetch(receipt: &str) -> Effect {
        Effect::Fetch { receipt: r(receipt), force: false, only: None }
    }

    fn at(ms: i64) -> Ctx<'static> {
        Ctx { now_ms: ms, zone: &Fixed(0) }
    }

    fn opened(url: &str, text: &str) -> (Popup, Vec<Effect>) {
        let mut p = Popup::default();
        let fx = p.update(Event::Opened { url: Some(url.into()), page_text: Some(text.into()) }, &ctx());
        (p, fx)
    }

    fn result(e: Endpoint, status: u16, body: &str) -> EndpointResult {
        EndpointResult {
            path: format!("/x/{}", e.key()),
            status,
            content_type: "application/json".into(),
            body: body.into(),
            ms: 12.0,
            attempts: 1,
            ..EndpointResult::empty(e)
        }
    }

    /// The I-485 fixture case, all four endpoints answering.
    fn fixture_case() -> Bundle {
        bundle(vec![
            result(Endpoint::Case, 200, include_str!("../tests/fixtures/i485-pending/cases.json")),
            result(Endpoint::Status, 200, include_str!("../tests/fixtures/i485-pending/case_status.json")),
            result(Endpoint::ReceiptInfo, 200, include_str!("../tests/fixtures/i485-pending/receipt_info.json")),
            result(Endpoint::Documents, 200, include_str!("../tests/fixtures/i485-pending/documents.json")),
        ])
    }

    fn bundle(results: Vec<EndpointResult>) -> Bundle {
        Bundle { receipt: r("IOE0912345678"), via: Via::Page, fetched_at_ms: 0.0, reused_after_ms: None, results }
    }

    #[test]
    fn viewer_pages_know_their_receipt_and_tab() {
        let l = Launch::from_query("?receipt=IOE0912345678&tab=42").unwrap();
        assert_eq!((l.layout, l.receipt.as_str(), l.tab), (Layout::Tab, "IOE0912345678", Some(42.0)));
        assert_eq!(Launch::from_query("?receipt=IOE0912345678&embedded=1").unwrap().layout, Layout::Embedded);
        assert!(Launch::from_query("").is_none());
        for l in [l.clone(), Launch { layout: Layout::Embedded, tab: None, ..l.clone() }] {
            let url = l.url();
            assert_eq!(Launch::from_query(url.trim_start_matches("popup.html")), Some(l), "{url}");
        }
        assert_eq!(l.title(), "CaseScope \u{2013} IOE0912345678");
        assert!(Launch::from_query("?receipt=IOE0912345678%2F..").is_none());
        assert!(Launch::from_query("?receipt=ioe0912345678").is_none());
        let mut p = Popup::default();
        let fx = p.update(
            Event::OpenedFor { layout: Layout::Embedded, receipt: r("IOE0912345678"), theme: Theme::Dark },
            &ctx(),
        );
        assert_eq!(fx, [fetch("IOE0912345678"), Effect::QuietFor(QUIET_MS)]);
        assert_eq!(p.update(Event::Key("Escape".into()), &ctx()), [Effect::Close]);
        assert!(p.view().find("data-action", "close").is_some());
        assert!(p.view().find("data-action", "open-tab").is_none());
    }

    #[test]
    fn a_viewer_page_keeps_its_loading_line_until_the_case_or_the_quiet_time_is_over() {
        let open = || {
            let mut p = Popup::default();
            let fx = p.update(
                Event::OpenedFor { layout: Layout::Tab, receipt: r("IOE0912345678"), theme: Theme::Auto },
                &ctx(),
            );
            assert!(fx.contains(&Effect::QuietFor(QUIET_MS)), "{fx:?}");
            assert_eq!(p.view(), starting_view());
            p
        };
        // A slow answer: after the quiet time, the progress line and its Cancel.
        let mut slow = open();
        assert_eq!(slow.update(Event::QuietOver, &ctx()), []);
        let progress = slow.view();
        assert!(progress.find("data-state", "loading").is_some());
        assert!(progress.find("data-action", "cancel").is_some());
        // A quick one: straight from the loading line to the case; the quiet
        // time ending later changes nothing.
        let mut quick = open();
        quick.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(fixture_case()) }, &ctx());
        assert!(quick.view().find("data-section", "summary").is_some());
        quick.update(Event::QuietOver, &ctx());
        assert!(quick.view().find("data-section", "summary").is_some());
        // A failure shows at once too.
        let mut failed = open();
        failed.update(Event::Fetched { receipt: r("IOE0912345678"), result: Err("no".into()) }, &ctx());
        assert!(failed.view().find("data-state", "error").is_some());
    }

    #[test]
    fn the_quiet_view_is_what_popup_html_starts_with() {
        // Otherwise the page would change (and lay out again) for nothing.
        let html = include_str!("../extension/popup.html");
        assert_eq!(starting_view().text_content(), "Loading CaseScope\u{2026}");
        assert!(
            html.contains(r#"<main id="app" aria-live="polite"><p class="muted">Loading CaseScope&hellip;</p></main>"#)
        );
        assert!(starting_view().find("class", "muted").is_some());
    }

    #[test]
    fn a_case_page_opens_straight_on_its_case() {
        let (p, fx) = opened("https://my.uscis.gov/account/case/IOE0912345678", "Receipt IOE0912345678");
        assert_eq!(fx, [fetch("IOE0912345678")]);
        assert!(p.loading);
        assert!(p.view().text_content().contains("Fetching IOE0912345678"));
    }

    #[test]
    fn a_page_with_several_receipts_waits_for_a_choice() {
        let (mut p, fx) = opened("https://my.uscis.gov/account/applicant", "IOE0912345678 IOE0887654321");
        assert!(fx.is_empty());
        let choices: Vec<String> = p.view().actions().into_iter().filter(|a| a.starts_with("choose:")).collect();
        assert_eq!(choices, ["choose:IOE0912345678", "choose:IOE0887654321"]);
        assert_eq!(p.update(Event::Action("choose:IOE0887654321".into()), &ctx()), [fetch("IOE0887654321")]);
        // A second click while the fetch is in flight sends nothing more.
        assert!(p.update(Event::Action("choose:IOE0887654321".into()), &ctx()).is_empty());
    }

    #[test]
    fn another_site_gets_an_explanation() {
        let mut p = Popup::default();
        assert!(p.update(Event::Opened { url: None, page_text: None }, &ctx()).is_empty());
        assert_eq!(p.page, Page::Elsewhere);
        let v = p.view();
        assert!(v.text_content().contains("works on my.uscis.gov"));
        assert!(v.find("data-form", "receipt").is_none());
        assert_eq!(p.update(Event::Action("open-uscis".into()), &ctx()), [Effect::Open(USCIS_HOME)]);
        // A look-alike host is not my.uscis.gov.
        let (p, _) = opened(&format!("{}.example.com/IOE0912345678", crate::endpoints::ORIGIN), "");
        assert_eq!(p.page, Page::Elsewhere);
    }

    #[test]
    fn typed_receipts_are_checked_before_any_request() {
        let (mut p, _) = opened("https://my.uscis.gov/account/applicant", "");
        assert!(p.update(Event::Submit("IOE-123".into()), &ctx()).is_empty());
        assert!(p.input_error.as_deref().unwrap().contains("3 letters followed by 10 digits"));
        assert!(p.view().find("data-state", "bad-receipt").is_some());
        assert_eq!(p.update(Event::Submit(" ioe 0912 345 678 ".into()), &ctx()), [fetch("IOE0912345678")]);
        assert_eq!(p.input, "IOE0912345678");
        assert!(p.input_error.is_none());
    }

    #[test]
    fn typing_survives_a_re_render() {
        let (mut p, _) = opened("https://my.uscis.gov/account/applicant", "");
        p.typed("receipt-input", "IOE09".into());
        let v = p.view();
        let Some(Node::Element { attrs, .. }) = v.find("id", "receipt-input") else { panic!() };
        assert!(attrs.contains(&("value", "IOE09".to_string())));
    }

    #[test]
    fn a_late_answer_for_another_receipt_is_ignored() {
        let (mut p, _) = opened("https://my.uscis.gov/account/case/IOE0887654321", "");
        p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(bundle(vec![])) }, &ctx());
        assert!(p.loading && p.loaded.is_none());
    }

    #[test]
    fn copies_are_exact_and_all_json_keeps_tokens() {
        let (mut p, _) = opened("https://my.uscis.gov/account/case/IOE0912345678", "");
        let case = "{\"data\":{\"receiptNumber\":\"IOE0912345678\",\"n\":1.10,\"id\":12345678901234567890123}}";
        let b = bundle(vec![
            result(Endpoint::Case, 200, case),
            result(Endpoint::Status, 500, "<html>oops</html>"),
            result(Endpoint::ReceiptInfo, 200, "{\"data\":null}"),
            result(Endpoint::Documents, 200, "{\"data\":[]}"),
        ]);
        p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
        match &p.update(Event::Action("copy-raw:cases".into()), &ctx())[..] {
            [Effect::Copy { text, .. }] => assert_eq!(text, case),
            fx => panic!("{fx:?}"),
        }
        let Some(Effect::Copy { text: all, .. }) = p.update(Event::Action("copy-all".into()), &ctx()).pop() else {
            panic!()
        };
        let v: serde_json::Value = serde_json::from_str(&all).unwrap();
        assert_eq!(
            v.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["cases", "case_status", "receipt_info", "documents"]
        );
        assert!(v["case_status"].is_null());
        assert!(all.contains("\"n\": 1.10") && all.contains("12345678901234567890123"));
        let Some(Effect::Copy { text: summary, .. }) = p.update(Event::Action("copy-summary".into()), &ctx()).pop()
        else {
            panic!()
        };
        assert!(summary.starts_with("Receipt: IOE0912345678\n"));
        p.update(Event::Copied { what: "the summary".into(), ok: true }, &ctx());
        assert!(p.view().text_content().contains("Copied the summary to the clipboard."));
        // The failing endpoint says so in words, and its body is still shown.
        let text = p.view().text_content();
        assert!(text.contains("USCIS's server had a problem (HTTP 500)"));
        p.update(Event::Action("v:tab:case_status".into()), &ctx());
        assert!(p.view().find("data-raw-text", "case_status").unwrap().text_content().contains("<html>oops</html>"));
    }

    #[test]
    fn signed_out_offers_the_sign_in_page() {
        let (mut p, _) = opened("https://my.uscis.gov/account/case/IOE0912345678", "");
        let b = bundle(Endpoint::ALL.iter().map(|e| result(*e, 401, "{}")).collect());
        p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
        let v = p.view();
        assert!(v.find("data-state", "signed-out").unwrap().text_content().contains("Sign in to my.uscis.gov"));
        assert_eq!(p.update(Event::Action("sign-in".into()), &ctx()), [Effect::Open(SIGN_IN_URL)]);
    }

    #[test]
    fn diagnostics_say_which_path_fetched_and_how_long() {
        let (mut p, _) = opened("https://my.uscis.gov/account/case/IOE0912345678", "");
        let mut b = bundle(Endpoint::ALL.iter().map(|e| result(*e, 200, "{\"data\":null}")).collect());
        b.via = Via::Background;
        p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &ctx());
        let v = p.view();
        let d = v.find("data-via", "background").unwrap().text_content();
        assert!(d.contains("security policy") && d.contains("Case 12 ms"), "{d}");
    }

    fn case_page() -> Popup {
        opened("https://my.uscis.gov/account/case/IOE0912345678", "").0
    }

    #[test]
    fn a_429_waits_for_retry_after_with_a_countdown_then_retries_once() {
        let mut p = case_page();
        let mut limited = result(Endpoint::Status, 429, "");
        limited.retry_after = Some("30".into());
        let b = bundle(vec![
            result(Endpoint::Case, 200, "{\"data\":{}}"),
            limited.clone(),
            result(Endpoint::ReceiptInfo, 200, "{\"data\":null}"),
            result(Endpoint::Documents, 200, "{\"data\":[]}"),
        ]);
        let fx = p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &at(1_000));
        assert!(fx.contains(&Effect::Tick(1000)));
        let retry = p.retry.clone().unwrap();
        assert_eq!((retry.endpoints.as_slice(), retry.due_ms), ([Endpoint::Status].as_slice(), 31_000));
        assert!(p.view().find("data-state", "retry-wait").unwrap().text_content().contains("in 30 s"));
        // The working endpoints are on screen meanwhile.
        assert!(p.view().find("data-endpoint", "cases").unwrap().text_content().contains("HTTP 200"));
        assert_eq!(p.update(Event::Tick, &at(11_000)), [Effect::Tick(1000)]);
        assert!(p.view().find("data-state", "retry-wait").unwrap().text_content().contains("in 20 s"));
        let fx = p.update(Event::Tick, &at(31_000));
        assert_eq!(
            fx,
            [Effect::Fetch { receipt: r("IOE0912345678"), force: true, only: Some(vec![Endpoint::Status]) }]
        );
        // The retry is limited again: no second retry; its answer replaces only Status.
        let again = bundle(vec![limited]);
        assert!(!p
            .update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(again) }, &at(32_000))
            .iter()
            .any(|e| matches!(e, Effect::Fetch { .. })));
        assert!(p.retry.is_none());
        let l = p.loaded.as_ref().unwrap();
        assert_eq!(l.bundle.results.len(), 4);
        assert!(l.outcomes[0].is_ok());
        assert!(p.update(Event::Tick, &at(100_000)).iter().all(|e| !matches!(e, Effect::Fetch { .. })));
    }

    #[test]
    fn server_errors_and_timeouts_retry_once_after_a_short_backoff() {
        let mut p = case_page();
        let mut timed_out = result(Endpoint::Case, 0, "");
        timed_out.network_error = Some("timed out".into());
        let b = bundle(vec![timed_out, result(Endpoint::Status, 502, "<html>Bad gateway</html>")]);
        p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &at(0));
        let retry = p.retry.clone().unwrap();
        assert_eq!(retry.reason, RetryReason::Transient);
        assert_eq!(retry.endpoints, [Endpoint::Case, Endpoint::Status]);
        assert_eq!(retry.due_ms, policy::BACKOFF_S as i64 * 1000);
    }

    #[test]
    fn a_new_case_paints_summary_and_viewer_first_and_a_refresh_hides_nothing() {
        let mut p = case_page();
        let case = fixture_case();
        let fx = p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(case.clone()) }, &at(0));
        assert!(fx.contains(&Effect::AfterPaint), "{fx:?}");
        let first = p.view();
        assert!(first.find("data-section", "summary").is_some());
        assert!(first.find("data-viewer", "").is_some());
        assert!(first.find("data-section", "timeline").is_none());
        assert!(first.find("data-section", "details").is_none());
        assert!(first.find("aria-busy", "true").is_some(), "assistive technology hears the rest is coming");
        // Anything the user does in that frame sees the whole case.
        let mut early = p.clone();
        let Some(Effect::Copy { text, .. }) = early.update(Event::Action("copy-summary".into()), &at(5)).pop() else {
            panic!()
        };
        assert!(text.contains("Timeline (newest first)") && text.contains("Stage: "), "{text}");
        assert!(early.view().find("data-section", "timeline").is_some());
        p.update(Event::Painted, &at(10));
        let full = p.view();
        assert!(full.find("data-section", "timeline").is_some());
        assert!(full.find("data-section", "details").is_some());
        assert!(full.find("aria-busy", "true").is_none());
        // Fetch again: the old answer stays whole on screen, and the new one
        // replaces it in one step.
        let fx = p.update(Event::Action("refresh".into()), &at(20_000));
        assert!(matches!(fx[..], [Effect::Fetch { force: true, .. }]), "{fx:?}");
        assert!(p.view().find("data-section", "timeline").is_some());
        let fx = p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(case) }, &at(21_000));
        assert!(!fx.contains(&Effect::AfterPaint), "{fx:?}");
        assert!(p.view().find("data-section", "timeline").is_some());
    }

    #[test]
    fn signed_out_never_retries() {
        let mut p = case_page();
        let b = bundle(vec![result(Endpoint::Case, 401, "{}"), result(Endpoint::Status, 503, "")]);
        let fx = p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &at(0));
        assert!(fx.iter().all(|e| matches!(e, Effect::Tick(_) | Effect::AfterPaint)), "{fx:?}");
        assert!(p.retry.is_none());
    }

    #[test]
    fn cancel_stops_everything_and_late_answers_are_ignored() {
        let mut p = case_page();
        assert!(p.view().find("data-action", "cancel").is_some());
        assert_eq!(p.update(Event::Action("cancel".into()), &at(5)), [Effect::Cancel(r("IOE0912345678"))]);
        assert!(!p.loading && p.cancelled);
        assert!(p.view().find("data-state", "cancelled").is_some());
        let b = bundle(vec![result(Endpoint::Case, 200, "{}")]);
        p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &at(6));
        assert!(p.loaded.is_none());
    }

    #[test]
    fn clicking_refresh_ten_times_asks_at_most_once_per_ten_seconds() {
        let mut p = case_page();
        let ok = || bundle(Endpoint::ALL.iter().map(|e| result(*e, 200, "{\"data\":null}")).collect());
        p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(ok()) }, &at(1_000));
        let mut fetches = 0;
        for i in 0..10 {
            let fx = p.update(Event::Action("refresh".into()), &at(2_000 + i * 300));
            fetches += fx.iter().filter(|e| matches!(e, Effect::Fetch { force: true, .. })).count();
            if p.loading {
                p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(ok()) }, &at(2_100 + i * 300));
            }
        }
        assert_eq!(fetches, 0, "within ten seconds of the last answer nothing is asked");
        let v = p.view();
        assert!(v.find("data-action", "refresh").unwrap().text_content().starts_with("Fetch again (in "));
        assert_eq!(p.update(Event::Action("refresh".into()), &at(11_000)).len(), 1);
        assert!(p.update(Event::Action("refresh".into()), &at(11_100)).is_empty(), "in flight");
    }

    #[test]
    fn a_reused_answer_says_how_old_it_is() {
        let mut p = case_page();
        let mut b = bundle(vec![result(Endpoint::Case, 200, "{}")]);
        b.reused_after_ms = Some(12_400.0);
        p.update(Event::Fetched { receipt: r("IOE0912345678"), result: Ok(b) }, &at(0));
        assert!(p.view().find("data-state", "reused").unwrap().text_content().starts_with("Shown from 12 s ago"));
        assert_eq!(p.last_asked_ms, None, "a reused answer did not ask USCIS");
    }
}
