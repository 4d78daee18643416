//! CaseScope's core: everything the extension does, in Rust.
//!
//! The one rule (see `docs/ARCHITECTURE.md`): all behaviour lives here. The
//! modules below are pure (no wasm-bindgen, web-sys, js-sys or gloo) and are
//! tested natively with `cargo test`. Only [`web`] (compiled for wasm32 alone)
//! touches the browser: fetch, DOM, clipboard, messaging. The JavaScript files
//! in `extension/` just load the Wasm module and hand it a message or a root
//! element.
//!
//! - [`receipt`]: receipt numbers (parse, find on a page, prefix -> office)
//! - [`endpoints`]: the endpoint table, the only source of request paths
//! - [`protocol`]: messages between popup, content script and background; the
//!   fetched [`protocol::Bundle`] and what each answer means
//! - [`codes`], [`dates`], [`text`]: tables, date forms, HTML-to-text, JSON layout
//! - [`decode`]: bodies -> [`decode::Report`]
//! - [`view`], [`popup`]: the popup as a pure state machine and DOM description

pub mod codes;
pub mod dates;
pub mod decode;
pub mod endpoints;
pub mod export;
pub mod policy;
pub mod popup;
pub mod protocol;
pub mod receipt;
pub mod saved;
pub mod text;
pub mod tree;
pub mod view;
pub mod viewer;

#[cfg(target_arch = "wasm32")]
pub mod web;
