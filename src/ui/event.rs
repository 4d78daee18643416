//! What happens to the app ([`Event`]) and what the browser layer must
//! do ([`Effect`]): the whole vocabulary between the pure app
//! ([`super::app::App::update`]) and `src/web/`.

use crate::endpoints::Endpoint;
use crate::history::{CaseHistory, RecordError};
use crate::protocol::Bundle;
use crate::receipt::ReceiptNumber;

use super::action::Action;
use super::launch::Layout;
use super::state::{Copied, FetchError, Settings};

/// What happened.
#[derive(Debug, Clone)]
pub enum Event {
    /// The popup learnt about the active tab: its URL and, when the content
    /// script answered, the page's visible text.
    Opened { url: Option<String>, page_text: Option<String> },
    /// The receipt form was submitted with this text.
    Submit(String),
    /// The name typed for the case being named (its form was sent).
    Nickname(String),
    /// A `data-action` element was activated.
    Action(Action),
    /// Text typed into a field (kept so that a re-render does not wipe it).
    Typed { field: String, value: String },
    /// A fetch finished.
    Fetched { receipt: ReceiptNumber, result: Result<Bundle, FetchError> },
    /// A copy finished.
    Copied { what: Copied, ok: bool },
    /// A timer asked for by [`Effect::Tick`] fired.
    Tick,
    /// A tab or the in-page frame opened on this receipt.
    OpenedFor { layout: Layout, receipt: ReceiptNumber, settings: Settings },
    /// The remembered settings, read at start.
    Settings(Settings),
    /// The viewer's search box changed.
    Search(String),
    /// The viewer's search box got the focus: typing is about to start, so
    /// the search index of a large body is made now, not on the first key.
    SearchFocused,
    /// A key was pressed in the viewer's tree (or Escape anywhere).
    Key(String),
    /// The browser painted the screen asked for by [`Effect::AfterPaint`].
    Painted,
    /// The time asked for by [`Effect::QuietFor`] has passed.
    QuietOver,
    /// The remembered copies of a case were read ([`Effect::LoadKept`]),
    /// with the bytes kept for all cases.
    KeptLoaded { receipt: ReceiptNumber, case: Result<Option<CaseHistory>, RecordError>, all_bytes: usize },
    /// [`Effect::SaveKept`] ended: the bytes now kept for all cases, or the
    /// browser's words for why not.
    KeptSaved(Result<crate::history::Saved, String>),
    /// [`Effect::EraseKept`] ended: the bytes still kept for all cases.
    KeptErased { all_bytes: usize },
    /// A history file the user picked to import: its text, or why it was not read.
    ImportFile(Result<String, crate::history::ImportError>),
    /// [`Effect::ImportKept`] ended: how many cases, or why not (nothing changed).
    KeptImported(Result<usize, crate::history::ImportError>),
    /// The account page's own data (its embedded JSON: the case list, and a
    /// copy of each case), and when the page was loaded; before
    /// [`Event::Opened`] or [`Event::OpenedFor`].
    PageCards { text: String, loaded_ms: Option<f64> },
    /// What CaseScope found on the page (its cards, how they were found)
    /// and each card's visible text, from the content script; before
    /// [`Event::Opened`] or [`Event::OpenedFor`].
    PageSeen {
        url: Option<String>,
        found: Option<crate::cards::Found>,
        texts: Vec<crate::protocol::CardText>,
        /// The browser's user agent (its name and version go in the report).
        user_agent: String,
    },
    /// Code words learned from the user's remembered cases (read with [`Effect::LoadKept`]).
    Learned(Vec<crate::decode::LearnedCode>),
    /// The remembered records of the listed cases ([`Effect::LoadKeptList`]).
    KeptList(Vec<(ReceiptNumber, Result<Option<CaseHistory>, RecordError>)>),
    /// One case of "Check all" was asked ([`Effect::CheckCase`]), with its
    /// record when remembering.
    Checked {
        receipt: ReceiptNumber,
        result: Result<Bundle, FetchError>,
        kept: Option<Result<Option<CaseHistory>, RecordError>>,
    },
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
        what: Copied,
    },
    /// Navigate the user's my.uscis.gov tab (or a new tab) to this URL.
    Open(&'static str),
    /// Open the viewer for this receipt in a new tab (`print`: its
    /// printable record).
    OpenTab {
        receipt: ReceiptNumber,
        print: bool,
    },
    /// Open the browser's print window for this page.
    Print,
    /// Save `text` as a file called `name`.
    Download {
        name: String,
        text: String,
    },
    /// Move keyboard focus to the element with this id (opening what hides it).
    Focus(String),
    /// Apply and remember the settings.
    Save(Settings),
    /// Close the in-page frame.
    Close,
    /// Send [`Event::Painted`] once the browser has painted the current view.
    AfterPaint,
    /// Read what is kept of this case ([`Event::KeptLoaded`]).
    LoadKept(ReceiptNumber),
    /// Keep this case's copies, all cases within their budget ([`Event::KeptSaved`]).
    SaveKept(Box<CaseHistory>),
    /// Erase what is kept of one case, or of all (`None`) ([`Event::KeptErased`]).
    EraseKept(Option<ReceiptNumber>),
    /// Save every case's record as one file called `name`.
    ExportKept {
        name: String,
    },
    /// Add these cases' copies to what is kept ([`Event::KeptImported`]).
    ImportKept(Vec<CaseHistory>),
    /// Read the records of these cases ([`Event::KeptList`]).
    LoadKeptList(Vec<ReceiptNumber>),
    /// Keep this name for a remembered case (`None`: remove it).
    SetNickname {
        receipt: ReceiptNumber,
        name: Option<String>,
    },
    /// Ask for one case of "Check all" (a recent answer reused), and read its
    /// record when `with_kept` ([`Event::Checked`]).
    CheckCase {
        receipt: ReceiptNumber,
        with_kept: bool,
    },
    /// The toolbar badge of the user's tab: remembered cases that changed.
    Badge(usize),
}
