// CaseScope's content script on my.uscis.gov. It stays idle: nothing runs on
// a page view. The Rust core (WebAssembly) is loaded the first time the popup
// asks for a case; under a page CSP that forbids WebAssembly (Chromium applies
// the page's CSP to content scripts) loading fails and the popup is told to
// use the background worker instead. Messages are checked in Rust.
(() => {
  let core = null;
  const load = () => {
    core ??= import(chrome.runtime.getURL('pkg/casescope.js')).then(async (m) => {
      await m.default({ module_or_path: chrome.runtime.getURL('pkg/casescope_bg.wasm') });
      return m;
    });
    return core;
  };

  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || typeof message?.type !== 'string') return false;
    if (message.type === 'PageInfo') {
      // Reading the page needs no WebAssembly, so it works under any CSP.
      const text = document.body ? document.body.innerText.slice(0, 200000) : '';
      sendResponse({ type: 'Page', v: 1, url: location.href, text });
      return false;
    }
    load()
      .then(
        (m) => m.content_handle(message),
        (error) => ({ type: 'Unavailable', v: 1, reason: String(error?.message || error) }),
      )
      .then(sendResponse, (error) => sendResponse({ type: 'Refused', v: 1, reason: String(error) }));
    return true;
  });
})();
