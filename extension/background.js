// Boots the Rust core in the background service worker, used when a page's
// Content-Security-Policy keeps WebAssembly out of the content script
// (Chromium applies the page's CSP there). The Rust side checks the sender
// and the message (src/web/mod.rs: background_handle).
// Static import: service workers may not use dynamic import().
import init, { background_handle } from './pkg/casescope.js';

const ready = init({ module_or_path: new URL('./pkg/casescope_bg.wasm', import.meta.url) });

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  ready
    .then(() => background_handle(message, sender))
    .then(sendResponse, (error) => sendResponse({ type: 'Refused', v: 2, reason: String(error) }));
  return true; // the answer is sent asynchronously
});
