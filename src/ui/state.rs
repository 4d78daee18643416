//! The parts of the app's state: where the page and the fetch stand, the
//! user's settings, the one retry, and the confirmation of a copy.

use crate::endpoints::Endpoint;
use crate::i18n::Lang;
use crate::policy::RetryReason;

/// What the active tab is.
#[derive(Debug, Clone, PartialEq)]
pub enum Page {
    /// Not known yet.
    Loading,
    /// A my.uscis.gov page.
    Uscis,
    /// Anything else (or no tab).
    Elsewhere,
}

/// Light, dark, or what the system says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
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

    /// The next one, for the theme button.
    pub fn next(self) -> Theme {
        match self {
            Theme::Auto => Theme::Dark,
            Theme::Dark => Theme::Light,
            Theme::Light => Theme::Auto,
        }
    }
}

/// What the user chose, remembered in the extension's own page storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Settings {
    pub theme: Theme,
    /// The interface language (the browser's, until the user picks one).
    pub lang: Lang,
    /// Mask personal details on screen and in everything CaseScope copies
    /// or saves.
    pub mask: bool,
}

/// A retry that waits for its time, shown with a countdown.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingRetry {
    pub endpoints: Vec<Endpoint>,
    pub due_ms: i64,
    pub reason: RetryReason,
}

/// Why a fetch failed as a whole (no answers at all to show).
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// The answer was for another receipt.
    OtherReceipt,
    /// The content script or background refused, with its reason.
    Refused(String),
    /// An answer that could not be read.
    Unreadable,
    /// The background worker could not be reached (the browser's words).
    NoBackground(String),
}

/// Where the fetch for the selected case stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum FetchState {
    /// Nothing asked (no case chosen yet).
    #[default]
    Idle,
    /// Asked; `only` some endpoints for a retry, else all four.
    Fetching { only: Option<Vec<Endpoint>> },
    /// The one retry, waiting for its time.
    WaitingToRetry(PendingRetry),
    /// The user stopped it.
    Cancelled,
    /// No answers at all.
    Failed(FetchError),
    /// The answers are on screen ([`App::case`]).
    Loaded,
}

/// What a copy was of, for its confirmation.
#[derive(Debug, Clone, PartialEq)]
pub enum Copied {
    Raw(Endpoint),
    All,
    Summary,
    /// The viewer's selected value, at this path.
    Value(String),
    Path,
    /// The forum post (always masked).
    Forum,
}

/// A short confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub what: Copied,
    pub ok: bool,
}
