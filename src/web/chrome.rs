//! Bindings to the extension APIs CaseScope uses (`chrome.*`, which Firefox
//! also provides for Manifest V3). All of them return promises.

use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::protocol::Sender;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = ["chrome", "tabs"], js_name = query)]
    fn tabs_query(q: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "tabs"], js_name = sendMessage)]
    fn tabs_send_message(tab_id: f64, msg: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "tabs"], js_name = update)]
    fn tabs_update(tab_id: f64, props: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "tabs"], js_name = create)]
    fn tabs_create(props: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "tabs"], js_name = getCurrent)]
    fn tabs_get_current() -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "runtime"], js_name = getURL)]
    fn runtime_get_url(path: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "runtime"], js_name = sendMessage)]
    fn runtime_send_message(msg: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "i18n"], js_name = getUILanguage)]
    fn i18n_get_ui_language() -> Result<String, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "action"], js_name = setBadgeText)]
    fn action_set_badge_text(details: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = get)]
    fn storage_get(keys: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = set)]
    fn storage_set(items: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = remove)]
    fn storage_remove(keys: &JsValue) -> Result<Promise, JsValue>;
}

async fn stored_all() -> Result<JsValue, String> {
    call(storage_get(&JsValue::NULL)).await
}

fn string_keys(all: &JsValue) -> Vec<String> {
    js_sys::Object::keys(all.unchecked_ref::<js_sys::Object>()).iter().filter_map(|k| k.as_string()).collect()
}

/// The keys in the extension's local storage, each with the length of its
/// value when that is a string (read in JavaScript: no value is copied).
pub async fn stored_lengths() -> Result<Vec<(String, Option<usize>)>, String> {
    let all = stored_all().await?;
    Ok(string_keys(&all)
        .into_iter()
        .map(|k| {
            let v = Reflect::get(&all, &JsValue::from_str(&k)).ok();
            let len = v.and_then(|v| v.dyn_into::<js_sys::JsString>().ok()).map(|s| s.length() as usize);
            (k, len)
        })
        .collect())
}

/// The string values of these keys (`None`: missing or not a string).
pub async fn stored_strings(keys: &[String]) -> Result<Vec<(String, Option<String>)>, String> {
    let arr: js_sys::Array = keys.iter().map(|k| JsValue::from_str(k)).collect();
    let got = call(storage_get(&arr)).await?;
    Ok(keys
        .iter()
        .map(|k| (k.clone(), Reflect::get(&got, &JsValue::from_str(k)).ok().and_then(|v| v.as_string())))
        .collect())
}

/// Writes string values under their keys, all at once.
pub async fn store_strings(items: &[(String, String)]) -> Result<(), String> {
    let obj = js_sys::Object::new();
    for (k, v) in items {
        Reflect::set(&obj, &JsValue::from_str(k), &JsValue::from_str(v)).map_err(describe)?;
    }
    call(storage_set(&obj)).await.map(|_| ())
}

/// Removes these keys.
pub async fn unstore(keys: &[String]) -> Result<(), String> {
    let arr: js_sys::Array = keys.iter().map(|k| JsValue::from_str(k)).collect();
    call(storage_remove(&arr)).await.map(|_| ())
}

/// The browser's interface language (`es-419`), where the browser says.
pub fn ui_language() -> Option<String> {
    i18n_get_ui_language().ok().filter(|l| !l.is_empty())
}

/// Reads `obj.key` as a string, if it is one.
pub fn get_str(obj: &JsValue, key: &str) -> Option<String> {
    Reflect::get(obj, &JsValue::from_str(key)).ok()?.as_string()
}

fn runtime_id() -> Option<String> {
    let chrome = Reflect::get(&js_sys::global(), &"chrome".into()).ok()?;
    let runtime = Reflect::get(&chrome, &"runtime".into()).ok()?;
    get_str(&runtime, "id")
}

/// The sender as the browser reports it, and this extension's id and base URL.
pub fn sender_of(sender: &JsValue) -> (Sender, Option<String>, Option<String>) {
    let base = runtime_get_url("").ok();
    let has_tab = Reflect::get(sender, &"tab".into()).map(|t| !t.is_undefined()).unwrap_or(true);
    (Sender { id: get_str(sender, "id"), url: get_str(sender, "url"), has_tab }, runtime_id(), base)
}

/// The id of the tab a message came from, if it came from one.
pub fn sender_tab(sender: &JsValue) -> Option<f64> {
    let tab = Reflect::get(sender, &"tab".into()).ok()?;
    Reflect::get(&tab, &"id".into()).ok()?.as_f64()
}

/// True where this page has `chrome.tabs` (not an extension frame inside a
/// web page in Firefox).
pub fn has_tabs_api() -> bool {
    let Ok(chrome) = Reflect::get(&js_sys::global(), &"chrome".into()) else { return false };
    Reflect::get(&chrome, &"tabs".into()).is_ok_and(|t| !t.is_undefined())
}

async fn call(p: Result<Promise, JsValue>) -> Result<JsValue, String> {
    let p = p.map_err(describe)?;
    JsFuture::from(p).await.map_err(describe)
}

/// The message of a JS error value.
pub fn describe(e: JsValue) -> String {
    get_str(&e, "message").or_else(|| e.as_string()).unwrap_or_else(|| "unknown error".into())
}

/// The active tab of the current window: (id, url). The URL is only visible
/// for my.uscis.gov (host permission); elsewhere it is `None`.
/// The browser is asked at once, when this is called (not when it is
/// awaited): the popup sets itself up while the answer comes.
pub fn active_tab() -> impl std::future::Future<Output = Option<(f64, Option<String>)>> {
    let q = js_sys::Object::new();
    let asked = Reflect::set(&q, &"active".into(), &true.into())
        .and_then(|_| Reflect::set(&q, &"currentWindow".into(), &true.into()))
        .and_then(|_| tabs_query(&q));
    async move {
        let tabs: js_sys::Array = call(asked).await.ok()?.dyn_into().ok()?;
        let tab = tabs.get(0);
        let id = Reflect::get(&tab, &"id".into()).ok()?.as_f64()?;
        Some((id, get_str(&tab, "url")))
    }
}

/// The tab this extension page is shown in (the frame over a case page).
pub async fn current_tab() -> Option<f64> {
    let tab = call(tabs_get_current()).await.ok()?;
    Reflect::get(&tab, &"id".into()).ok()?.as_f64()
}

/// The full URL of a file of this extension.
pub fn extension_url(path: &str) -> String {
    runtime_get_url(path).unwrap_or_else(|_| path.to_string())
}

pub async fn send_to_tab(tab_id: f64, msg: &JsValue) -> Result<JsValue, String> {
    call(tabs_send_message(tab_id, msg)).await
}

pub async fn send_to_background(msg: &JsValue) -> Result<JsValue, String> {
    call(runtime_send_message(msg)).await
}

/// Sends `msg` to the background now (the browser copies it during this
/// call), not waiting for an answer.
pub fn post_to_background(msg: &JsValue) {
    let sent = runtime_send_message(msg);
    wasm_bindgen_futures::spawn_local(async move {
        let _ = call(sent).await; // nothing to do with the answer, or a failure
    });
}

/// Sends the tab to `url` (or opens a new tab when there is none).
pub async fn open(tab_id: Option<f64>, url: &str) -> Result<(), String> {
    let props = js_sys::Object::new();
    Reflect::set(&props, &"url".into(), &url.into()).map_err(describe)?;
    match tab_id {
        Some(id) => call(tabs_update(id, &props)).await.map(|_| ()),
        None => call(tabs_create(&props)).await.map(|_| ()),
    }
}

/// The toolbar badge's text for how many cases changed (none clears it).
pub fn badge_text(n: usize) -> String {
    if n > 0 {
        n.to_string()
    } else {
        String::new()
    }
}

/// The toolbar badge of one tab ("" clears it).
pub async fn set_badge(tab_id: f64, text: &str) -> Result<(), String> {
    let details = js_sys::Object::new();
    Reflect::set(&details, &"tabId".into(), &tab_id.into()).map_err(describe)?;
    Reflect::set(&details, &"text".into(), &text.into()).map_err(describe)?;
    call(action_set_badge_text(&details)).await.map(|_| ())
}
