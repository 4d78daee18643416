// CaseScope's content script on my.uscis.gov. It stays idle: nothing heavy
// runs on a page view. The Rust core (WebAssembly) is loaded the first time
// the popup asks for a case; under a page CSP that forbids WebAssembly
// (Chromium applies the page's CSP to content scripts) loading fails and the
// popup is told to use the background worker instead. Messages are checked
// in Rust. On a page about exactly one case (the background's Rust core
// decides), a small "CaseScope" button opens the viewer over the page, in an
// extension frame that the page's scripts and styles cannot reach.
(() => {
  let core = null;
  const load = () => {
    core ??= import(chrome.runtime.getURL('pkg/casescope.js')).then(async (m) => {
      await m.default({ module_or_path: chrome.runtime.getURL('pkg/casescope_bg.wasm') });
      return m;
    });
    return core;
  };
  const pageText = (max) => (document.body ? document.body.innerText.slice(0, max) : '');

  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || typeof message?.type !== 'string') return false;
    if (message.type === 'PageInfo') {
      // Reading the page needs no WebAssembly, so it works under any CSP.
      // The account page's own case list, where it has one (read in Rust).
      const cards = document.querySelector("script[data-component-name='CaseCardsApp']")?.textContent ?? null;
      sendResponse({ type: 'Page', v: 2, url: location.href, text: pageText(200000), cards: cards && cards.slice(0, 500000) });
      return false;
    }
    load()
      .then(
        (m) => m.content_handle(message),
        (error) => ({ type: 'Unavailable', v: 2, reason: String(error?.message || error) }),
      )
      .then(sendResponse, (error) => sendResponse({ type: 'Refused', v: 2, reason: String(error) }));
    return true;
  });

  // The in-page control. Everything is inside a closed shadow root, so the
  // page's styles do not reach it and its scripts cannot read into it.
  const offerViewer = (receipt) => {
    const host = document.createElement('casescope-control');
    const root = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = `
      button { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; font: 600 14px system-ui, sans-serif;
               padding: 8px 14px; border-radius: 8px; border: 1px solid #0b2f61; background: #14468c; color: #fff; cursor: pointer; }
      button:focus-visible { outline: 3px solid #7fb0f0; outline-offset: 2px; }
      iframe { position: fixed; inset: 4vh 4vw; width: 92vw; height: 92vh; z-index: 2147483647; border: 0;
               border-radius: 10px; box-shadow: 0 10px 40px rgba(0,0,0,.45); background: #fff; }`;
    const button = document.createElement('button');
    button.type = 'button';
    // The browser's language, from _locales (this script has no WebAssembly
    // to ask, and no access to the choice made in CaseScope's own pages).
    button.textContent = chrome.i18n.getMessage('inPageButton') || 'CaseScope';
    button.dataset.casescope = 'open';
    button.setAttribute('aria-haspopup', 'dialog');
    root.append(style, button);
    let frame = null;
    const close = () => {
      if (!frame) return;
      frame.remove();
      frame = null;
      button.hidden = false;
      button.focus();
    };
    button.addEventListener('click', () => {
      if (frame) return close();
      frame = document.createElement('iframe');
      frame.title = 'CaseScope';
      frame.src = chrome.runtime.getURL(`popup.html?receipt=${encodeURIComponent(receipt)}&embedded=1`);
      root.append(frame);
      button.hidden = true; // it would sit on the frame's corner; Escape or Close brings it back
      frame.focus();
    });
    window.addEventListener('message', (e) => {
      if (frame && e.source === frame.contentWindow && e.origin === new URL(chrome.runtime.getURL('')).origin
          && e.data?.casescope === 'close') close();
    });
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && frame) close(); }, true);
    document.documentElement.append(host);
  };

  chrome.runtime.sendMessage({ type: 'PageSubject', v: 2, url: location.href, text: pageText(20000) })
    .then((answer) => { if (answer?.type === 'Subject' && answer.receipt) offerViewer(answer.receipt); })
    .catch(() => {}); // CaseScope's trouble never becomes the page's.
})();
