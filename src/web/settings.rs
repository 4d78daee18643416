//! The user's settings, in the extension pages' own `localStorage`, and
//! the browser's language.

use web_sys::Document;

use super::chrome;
use crate::i18n::Lang;
use crate::ui::Settings;

pub(super) fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Puts the theme and language on the page (`data-theme`, `lang`).
pub(super) fn apply_settings(doc: &Document, s: Settings) {
    if let Some(html) = doc.document_element() {
        let _ = html.set_attribute("data-theme", s.theme.key());
        let _ = html.set_attribute("lang", s.lang.tag());
    }
}

/// Keeps what [`Settings::stored`] says, in the extension pages'
/// `localStorage` (CaseScope has no storage permission).
pub(super) fn save_settings(s: Settings) {
    wasm_bindgen_futures::spawn_local(super::kept::mirror_remembering(s.remember == Some(true)));
    let Some(storage) = storage() else { return };
    for (key, value) in s.stored(browser_lang()) {
        let _ = match value {
            Some(v) => storage.set_item(key, v),
            None => storage.remove_item(key),
        };
    }
}

/// The browser's UI language, as CaseScope's interface language.
fn browser_lang() -> Lang {
    let tag =
        chrome::ui_language().or_else(|| web_sys::window().and_then(|w| w.navigator().language())).unwrap_or_default();
    Lang::for_browser(&tag)
}

pub(super) fn saved_settings() -> Settings {
    Settings::from_stored(|k| storage().and_then(|s| s.get_item(k).ok().flatten()), browser_lang())
}
