//! CaseScope's core: everything the extension does, in Rust.
//!
//! The one rule (see `docs/ARCHITECTURE.md`): all behaviour lives here. The
//! modules below are pure (no wasm-bindgen, web-sys, js-sys or gloo) and are
//! tested natively with `cargo test`. Only [`web`] (compiled for wasm32 alone)
//! touches the browser: fetch, DOM, clipboard, storage, messaging. The
//! JavaScript files in `extension/` just load the Wasm module and hand it a
//! message or a root element.
//!
//! - [`answer`]: what one endpoint's answer means (`answer::Outcome`)
//! - [`calendar`]: a case's upcoming appointments, and an iCalendar file of them
//! - [`cards`]: the account page's case cards, found by what they say
//! - `cards::words`: a card's own words: form, status, dates, closed
//! - [`codes`]: the code tables of `data/*.csv`, baked in by `build.rs`
//! - `csv`: the CSV reader `build.rs` uses (tested natively)
//! - [`dates`]: dates in every shape the endpoints use, placed in the user's zone
//! - [`decode`]: answers (their trees) -> a `decode::Report`: the decoder
//! - `decode::bodies`: the answers handed to the decoder, one parsed tree each
//! - `decode::events`: the case's events, newest first, re-issued copies folded
//! - `decode::glance`: "at a glance": the stage reached, the ages, warnings
//! - `decode::report`: the decoded case as data: the `Report`
//! - `decode::rows`: the report's rows: codes, values, events, statuses, notices, documents
//! - `decode::timeline`: one timeline built from the rows
//! - [`endpoints`]: the endpoint table: the only request paths, and the one origin check
//! - [`export`]: reports as text, Markdown and JSON
//! - [`history`]: what is kept of a case (only when asked), and its stored form
//! - `history::changes`: what changed between two copies, as a person is told
//! - `history::diff`: what differs between two copies of an answer, value by value
//! - `history::learned`: code words learned from the user's own cases
//! - `history::transfer`: a history file to export and import
//! - [`i18n`]: every word a person sees: the strings table and `W`
//! - `i18n::en`: the English words
//! - `i18n::es`: the Spanish words
//! - `i18n::history`: the words for what changed
//! - `i18n::report`: the words for a decoded report
//! - `i18n::words`: the words for CaseScope's own data (endpoints, outcomes, errors)
//! - `i18n::zh`: the Simplified Chinese words (docs/GLOSSARY-zh.md)
//! - [`jsonpath`]: the one way to write a place in a JSON answer
//! - [`mask`]: personal details out of USCIS's answers, token-exact
//! - [`order`]: the one sort (stable, compiled once for every list), and small maps kept in key order
//! - [`page`]: the account page's own data, read with limits
//! - [`policy`]: retries, waits and reuse: asking USCIS as little as possible
//! - [`protocol`]: the messages between popup, content script and background, and the `Bundle`
//! - `protocol::check`: what a message may ask and who may send it (the sender rule)
//! - `protocol::read`: how messages are read (untagged, then serde)
//! - [`receipt`]: receipt numbers: parse, find on a page, the cards, prefix -> office
//! - [`saved`]: saved answers (files) -> bodies, for `casescope decode`
//! - [`text`]: HTML status text to plain text, JSON layout, cutting text
//! - [`troubleshoot`]: the report for CaseScope's maintainers: versions, markers, answers' shapes, nothing personal
//! - [`tree`]: a JSON body as a tree that keeps every token as sent
//! - `tree::json`: the tree read as JSON values, for the decoder
//! - `tree::parse`: one pass from text to tree
//! - `tree::search`: search over a tree
//! - `tree::state`: what is open, shown and focused in a tree, and its keys
//! - [`ui`]: the app: popup, viewer tab, viewer over the page, printable record
//! - `ui::action`: every click as a typed `Action`
//! - `ui::app`: `App` (what is app-wide, and one `Screen`) and `update`
//! - `ui::case`: the case screen's whole state: `CaseView`
//! - `ui::event`: `Event` in, `Effect` out
//! - `ui::fetching`: asking for a case and taking its answers (page copy first, retries, limits)
//! - `ui::household`: the account's screen: `Account`, its cards, marks and "Check all"
//! - `ui::launch`: where the UI runs (`Layout`) and how a viewer page is addressed
//! - `ui::loaded`: a fetched case, decoded, with its raw viewer
//! - `ui::node`: the pure DOM description, with keyed children
//! - `ui::remember`: keeping the case's copies, and what changed since the last look
//! - `ui::state`: the state's small parts: `FetchState`, `Settings`, `Kept`, ...
//! - `ui::view`: the frame of the screen, and one module per part
//! - `ui::view::chooser`: the account's cases and the receipt field
//! - `ui::view::found`: what CaseScope found on the page, and the maintainers' report
//! - `ui::view::glance`: the stage line and the ages
//! - `ui::view::kept`: the remember question, the since line, the kept copies
//! - `ui::view::print`: the printable record
//! - `ui::view::progress`: where the fetch stands, and the copy confirmation
//! - `ui::view::raw`: the raw answers' cards and footer
//! - `ui::view::summary`: the case: notices, summary, details, timeline, then what follows
//! - `ui::view::timeline`: the timeline on screen
//! - `ui::view::viewer`: the raw viewer on screen
//! - `ui::viewer`: the raw viewer's state
//! - `web`: the only browser-facing module (wasm32 only): the exports
//! - `web::app`: the boot of the app in a page, and its listeners
//! - `web::ask`: asking the content script and the background
//! - `web::chrome`: the extension API bindings (each call may fail, never crash)
//! - `web::dom`: a `Node` into real DOM, patched by difference
//! - `web::effects`: the loop: an event in, the view rendered, its effects carried out
//! - `web::fetch`: the four requests for one receipt
//! - `web::host`: the page the app lives in: `Host`, the zone, rendering, timing marks
//! - `web::kept`: the kept copies in `chrome.storage.local`
//! - `web::settings`: the settings in the pages' own `localStorage`
//!
//! Dependencies point one way (no module reaches one that reaches it back);
//! `docs/ARCHITECTURE.md` draws the graph, and `tests/modules.rs` checks it
//! against the code, with this list.

pub mod answer;
pub mod calendar;
pub mod cards;
pub mod codes;
#[cfg(test)]
mod csv;
pub mod dates;
pub mod decode;
pub mod endpoints;
pub mod export;
pub mod history;
pub mod i18n;
pub mod jsonpath;
pub mod mask;
pub mod order;
pub mod page;
pub mod policy;
pub mod protocol;
pub mod receipt;
pub mod saved;
pub mod text;
pub mod tree;
pub mod troubleshoot;
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub mod web;
