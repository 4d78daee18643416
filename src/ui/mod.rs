//! The CaseScope app: the toolbar popup, the viewer tab and the viewer over
//! the case page are one app in three layouts. Elm-style and pure (tested
//! natively): [`app::App::update`] takes an [`app::Event`] and returns
//! [`app::Effect`]s for `src/web/` to carry out; [`view::view`] turns the
//! state into a [`node::Node`] tree that `src/web/dom.rs` patches into the
//! page.
//!
//! - [`app`]: what is app-wide, one [`app::Screen`], and `update`
//! - [`case`]: the case screen's whole state ([`case::CaseView`])
//! - [`household`]: the account's screen ([`household::Account`])
//! - [`remember`]: keeping the case's copies, and what changed
//! - [`event`]: `Event` in, `Effect` out
//! - `fetching`: asking for a case and taking its answers (the page's copy
//!   first, retries, USCIS's limits)
//! - [`state`]: its parts (a [`state::FetchState`], [`state::Settings`])
//! - [`action`]: every click as a typed [`action::Action`]
//! - [`launch`]: where the UI runs and how a viewer page is addressed
//! - [`loaded`]: a fetched case, decoded, with its raw viewer
//! - [`viewer`]: the raw viewer's state
//! - [`node`]: the pure DOM description, with keyed children
//! - [`view`]: one module per part of the screen

pub mod action;
pub mod app;
pub mod case;
pub mod event;
mod fetching;
pub mod household;
pub mod launch;
pub mod loaded;
pub mod node;
pub mod remember;
pub mod state;
pub mod view;
pub mod viewer;

#[cfg(test)]
mod tests;

pub use action::{Action, Mode, ViewerAction};
pub use app::{
    App, Copied, Effect, Event, FetchError, FetchState, Page, Screen, Settings, Theme, QUIET_MS, USCIS_HOME,
};
pub use case::CaseView;
pub use launch::{Launch, Layout};
pub use loaded::Loaded;
