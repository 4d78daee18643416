//! The parts of the app's state: where the page and the fetch stand, the
//! user's settings, the one retry, and the confirmation of a copy.

use crate::dates::Local;
use crate::endpoints::Endpoint;
use crate::history::{CaseHistory, Change, ImportError, RecordError};
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
    /// Remember cases on this computer to show what changed: `None` until
    /// the user has answered (asked once), then their answer.
    pub remember: Option<bool>,
}

/// Where each setting is kept in the extension pages' `localStorage`.
pub const THEME_KEY: &str = "casescope-theme";
pub const LANG_KEY: &str = "casescope-lang";
pub const MASK_KEY: &str = "casescope-mask";
pub const REMEMBER_KEY: &str = "casescope-remember";

impl Settings {
    /// The user said yes to remembering cases.
    pub fn remembering(&self) -> bool {
        self.remember == Some(true)
    }

    /// What to keep, key by key (`None`: remove the key). Only what the user
    /// chose: the system theme, masking off and a language that is the
    /// browser's own leave nothing behind (the language then keeps following
    /// the browser).
    pub fn stored(&self, browser: Lang) -> [(&'static str, Option<&'static str>); 4] {
        [
            (THEME_KEY, (self.theme != Theme::Auto).then(|| self.theme.key())),
            (LANG_KEY, (self.lang != browser).then(|| self.lang.code())),
            (MASK_KEY, self.mask.then_some("on")),
            (REMEMBER_KEY, self.remember.map(|on| if on { "on" } else { "off" })),
        ]
    }

    /// The settings read back from what [`Settings::stored`] kept.
    pub fn from_stored(get: impl Fn(&str) -> Option<String>, browser: Lang) -> Settings {
        Settings {
            theme: get(THEME_KEY).map(|k| Theme::from_key(&k)).unwrap_or_default(),
            lang: get(LANG_KEY).as_deref().and_then(Lang::parse).unwrap_or(browser),
            mask: get(MASK_KEY).as_deref() == Some("on"),
            remember: match get(REMEMBER_KEY).as_deref() {
                Some("on") => Some(true),
                Some("off") => Some(false),
                _ => None,
            },
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
    /// The answers are on screen ([`super::case::CaseView::loaded`]).
    Loaded,
}

/// The printable record: the browser's print window opens by itself once,
/// when the whole case has been painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PrintStep {
    /// The case is not whole on screen yet.
    #[default]
    Waiting,
    /// The whole case is being painted; print after that paint.
    Painting,
    /// Asked once; from now on only the "Print" button prints.
    Done,
}

/// What CaseScope keeps of the case on screen (only when the user asked
/// it to remember cases).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Kept {
    /// Remembering is off (or not answered yet), or no case is chosen.
    #[default]
    Off,
    /// Being read from the extension's storage.
    Loading,
    /// Read: the case's copies (`None`: none yet) and the bytes kept for all
    /// cases together.
    Ready { case: Option<Box<CaseHistory>>, all_bytes: usize },
    /// The stored record could not be read: it is left as it is and
    /// nothing is added to it.
    Unreadable(RecordError),
}

/// What changed since the last look, for the first screen.
#[derive(Debug, Clone, PartialEq)]
pub enum SinceLine {
    First,
    Same { last: Local },
    Changed { last: Local, changes: Vec<Change> },
}

/// What became of the last thing done with the kept copies.
#[derive(Debug, Clone, PartialEq)]
pub enum KeptNote {
    Erased,
    /// Keeping this look failed (the browser's words): nothing kept was lost.
    SaveFailed(String),
    /// This look was kept, but the storage was nearly full: the oldest
    /// copies of all cases (this many) were let go to make room.
    MadeRoom(usize),
    /// A history file was imported: how many cases it held.
    Imported(usize),
    /// A history file was refused, and nothing changed.
    ImportRefused(ImportError),
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
    /// The report for CaseScope's maintainers.
    Report,
}

/// A short confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub what: Copied,
    pub ok: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_keep_only_what_was_chosen_and_read_back_the_same() {
        let stored = |s: Settings, browser| -> Vec<(&str, &str)> {
            s.stored(browser).into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect()
        };
        assert!(stored(Settings::default(), Lang::En).is_empty(), "nothing chosen, nothing kept");
        assert!(stored(Settings { lang: Lang::Es, ..Settings::default() }, Lang::Es).is_empty());
        for browser in Lang::ALL {
            for s in [
                Settings { theme: Theme::Dark, lang: Lang::Es, mask: true, remember: Some(true) },
                Settings { theme: Theme::Light, lang: Lang::En, mask: false, remember: Some(false) },
                Settings::default(),
            ] {
                let kept = stored(s, browser);
                let get = |k: &str| kept.iter().find(|(key, _)| *key == k).map(|(_, v)| v.to_string());
                assert_eq!(Settings::from_stored(get, browser), s, "{s:?} in a {browser:?} browser");
            }
        }
    }
}
