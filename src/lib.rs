//! CaseScope's core: everything the extension does, in Rust.
//!
//! The one rule (see `docs/ARCHITECTURE.md`): all behaviour lives here. The
//! modules below are pure (no wasm-bindgen, web-sys, js-sys or gloo) and are
//! tested natively with `cargo test`. Only [`web`] (compiled for wasm32 alone)
//! touches the browser: fetch, DOM, clipboard, storage, messaging. The
//! JavaScript files in `extension/` just load the Wasm module and hand it a
//! message or a root element.
//!
//! - [`receipt`]: receipt numbers (parse, find on a page, prefix -> office)
//! - [`endpoints`]: the endpoint table, the only source of request paths,
//!   and the one my.uscis.gov origin check
//! - [`protocol`]: messages between popup, content script and background,
//!   the sender rule, and the fetched [`protocol::Bundle`]
//! - [`answer`]: what each endpoint's answer means ([`answer::Outcome`])
//! - [`policy`]: retries, waits and reuse: asking USCIS as little as possible
//! - [`jsonpath`]: the one way to write a place in a JSON answer
//! - [`codes`], [`dates`], [`text`]: code tables (written from `data/*.csv`
//!   by `build.rs` with `csv`, the CSV reader), date forms, HTML-to-text
//!   and JSON layout
//! - [`decode`]: bodies (their trees) -> [`decode::Report`]
//! - [`tree`]: a JSON body as a tree that keeps every token as sent, parsed
//!   once and read by the viewer and the decoder alike
//! - [`i18n`]: every word a person sees, in English and Spanish
//! - [`export`]: reports as text, Markdown and JSON
//! - [`mask`]: personal details out of USCIS's answers, for sharing
//! - [`history`]: what CaseScope remembers of a case (when asked) and what changed
//! - [`saved`]: saved answers (files) -> bodies, for `casescope decode`
//! - [`page`]: the account page's own data, read with limits: its case
//!   list, each case's copy, and what changed since the last look
//! - [`ui`]: the app (popup, viewer tab, viewer over the page)
//!
//! Dependencies point one way: `ui` and `export` use everything below them;
//! `decode` knows nothing of `ui`, `i18n` or the browser.

pub mod answer;
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
pub mod page;
pub mod policy;
pub mod protocol;
pub mod receipt;
pub mod saved;
pub mod text;
pub mod tree;
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub mod web;
