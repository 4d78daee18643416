// CaseScope's content script on my.uscis.gov. A page view stays light: no
// WebAssembly in the page and no request to USCIS. The Rust core is loaded
// here the first time the popup asks for a case; under a page CSP that
// forbids WebAssembly (Chromium applies the page's CSP to content scripts)
// loading fails and the popup is told to use the background worker instead.
// Messages are checked in Rust.
//
// The account page's case cards are drawn by the site's script after load,
// and drawn again whenever it likes (throwing away whatever was added to
// the old nodes). A debounced MutationObserver notices batches that add
// anything holding a receipt's shape; the background's Rust says which
// blocks are cases (asked once per page load and once per batch of redraws
// that shows something new), and each card gets a small "CaseScope"
// control beside its receipt, which opens
// the viewer over the page in an extension frame that the page's scripts and
// styles cannot reach. A page with no cards that is about one case gets one
// floating button instead. This file only reads the page and draws.
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
  // The account page's own data (UUES and tpm2dot0 read it there); read in
  // Rust, with limits (src/page.rs). A text too long to hand over (longer
  // than Rust reads, MAX_PAGE_DATA) is left out whole.
  const PAGE_DATA = "script[data-component-name='CaseCardsApp']";
  const pageData = () => {
    const t = document.querySelector(PAGE_DATA)?.textContent ?? null;
    return t !== null && t.length <= 8000000 ? t : null;
  };

  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || typeof message?.type !== 'string') return false;
    if (message.type === 'PageInfo') {
      // Reading the page needs no WebAssembly, so it works under any CSP.
      // With what was found, and each card's own words (read in Rust).
      const texts = placed.filter((p) => p.card.isConnected).slice(0, 200)
        .map((p) => ({ receipt: p.receipt, text: p.card.innerText.slice(0, 4000) }));
      sendResponse({ type: 'Page', v: 2, url: location.href, text: pageText(200000), cards: pageData(),
        loaded_ms: Math.round(performance.timeOrigin), found, texts });
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

  // The viewer over the page: one frame, in a closed shadow root of its own
  // outside the page's cards (a redraw of the cards cannot take it away).
  const label = chrome.i18n.getMessage('inPageButton') || 'CaseScope';
  // A control's style; the frame's, in its own root.
  const STYLE = `
    :host { display: inline-block; vertical-align: middle; }
    button { font: 600 13px/1.2 system-ui, sans-serif; padding: 6px 10px; min-height: 32px; border-radius: 6px;
             border: 1px solid #0b2f61; background: #14468c; color: #fff; cursor: pointer; }
    button:hover { background: #0b2f61; }
    button:focus-visible { outline: 3px solid #7fb0f0; outline-offset: 2px; }
    .floating { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; font-size: 14px; padding: 8px 14px; }
    .card { margin-left: 8px; vertical-align: middle; }`;
  const FRAME_STYLE = `
    iframe { position: fixed; inset: 4vh 4vw; width: 92vw; height: 92vh; z-index: 2147483647; border: 0;
             border-radius: 10px; box-shadow: 0 10px 40px rgba(0,0,0,.45); background: #fff; }`;
  // One style sheet shared by every control (a <style> in each would be
  // parsed again each time a redraw puts a control back); where a content
  // script cannot adopt one (Firefox's Xray wrappers may refuse), a <style>.
  const SHEET = (() => {
    try { const sheet = new CSSStyleSheet(); sheet.replaceSync(STYLE); return sheet; } catch { return null; }
  })();
  const styled = (root) => {
    try {
      if (SHEET) root.adoptedStyleSheets = [SHEET];
      if (root.adoptedStyleSheets.length === 1) return;
    } catch { /* a <style> below */ }
    const style = document.createElement('style');
    style.textContent = STYLE;
    root.append(style);
  };
  const buttons = new WeakMap(); // each control's button (its root is closed)
  // Every control on the page steps aside while the viewer is open.
  const stepAside = (hidden) => {
    for (const h of document.querySelectorAll('casescope-control')) { const b = buttons.get(h); if (b) b.hidden = hidden; }
  };
  let overlay = null;
  let frame = null;
  let opener = null;
  const close = () => {
    if (!frame) return;
    frame.remove();
    frame = null;
    stepAside(false);
    if (opener?.isConnected) opener.focus();
  };
  const open = (receipt, button) => {
    if (frame) return close();
    if (!overlay) {
      const host = document.createElement('casescope-viewer');
      overlay = host.attachShadow({ mode: 'closed' });
      const style = document.createElement('style');
      style.textContent = FRAME_STYLE;
      overlay.append(style);
      document.documentElement.append(host);
    }
    frame = document.createElement('iframe');
    frame.title = 'CaseScope';
    frame.src = chrome.runtime.getURL(`popup.html?receipt=${encodeURIComponent(receipt)}&embedded=1`);
    overlay.append(frame);
    opener = button;
    // They would sit on the frame; Escape or Close brings them back.
    stepAside(true);
    frame.focus();
  };
  window.addEventListener('message', (e) => {
    if (frame && e.source === frame.contentWindow && e.origin === new URL(chrome.runtime.getURL('')).origin
        && e.data?.casescope === 'close') close();
  });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && frame) close(); }, true);

  /** A control in a closed shadow root: the page's styles do not reach it, its scripts cannot read into it. */
  const control = (receipt, kind) => {
    const host = document.createElement('casescope-control');
    host.dataset.receipt = receipt;
    const root = host.attachShadow({ mode: 'closed' });
    styled(root);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = kind;
    // The browser's language, from _locales (this script has no WebAssembly
    // to ask, and no access to the choice made in CaseScope's own pages).
    button.textContent = label;
    button.dataset.casescope = 'open';
    button.dataset.receipt = receipt;
    button.setAttribute('aria-haspopup', 'dialog');
    button.hidden = !!frame;
    button.addEventListener('click', () => open(receipt, button));
    root.append(button);
    buttons.set(host, button);
    return host;
  };

  // Cards are found by what they say (src/cards: the largest block that
  // holds one receipt), not by the site's ids, which USCIS may change. This
  // script reads: every element whose own text holds ten digits in a row
  // (a receipt's shape, loosely), with the elements above it, numbered for
  // this one reading; and the [role=region][id] elements (today's cards).
  // The background's Rust says which are receipts, which block is each
  // one's card and where its control goes.
  const SHAPE = /\d{10}/;
  const REGIONS = '[role="region"][id]';
  const UNREAD = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'casescope-control']);
  const read = () => {
    const els = [];
    const numbers = new Map();
    const n = (el) => {
      let i = numbers.get(el);
      if (i === undefined) { i = els.length; els.push(el); numbers.set(el, i); }
      return i;
    };
    const regions = [...document.querySelectorAll(REGIONS)].slice(0, 500).map((r) => ({ n: n(r), id: r.id }));
    const spots = [];
    if (document.body) {
      const seen = new Set();
      const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      while (texts.nextNode() && spots.length < 2000) {
        const el = texts.currentNode.parentElement;
        if (!el || seen.has(el) || UNREAD.has(el.localName) || !SHAPE.test(texts.currentNode.data)) continue;
        seen.add(el);
        const t = el.textContent;
        const at = t.search(SHAPE);
        const path = [];
        for (let e = el; e && path.length < 64; e = e.parentElement) path.push(n(e));
        spots.push({ text: t.length <= 1000 ? t : t.slice(Math.max(0, at - 300), at + 300), path });
      }
    }
    return { els, regions, spots };
  };

  /** Puts each case's control beside its receipt (the same control again after a redraw); the floating button only on a page without cards. */
  const made = new Map(); // receipt -> its control, kept while the page lives
  let placed = []; // the cards of the last drawing: [{receipt, card}]
  let found = null; // what the background found on this page
  let floating = null;
  const draw = (els, answer) => {
    const t = performance.now();
    // Our own additions are not the page's redraws: not looked at.
    observer.disconnect();
    try { put(els, answer); } finally { observer.observe(document.documentElement, { childList: true, subtree: true }); }
    performance.measure('casescope-draw', { start: t });
  };
  const put = (els, answer) => {
    placed = [];
    const mine = new Set();
    for (const c of answer.cases) {
      const at = els[c.at];
      if (!at?.isConnected) continue;
      mine.add(c.receipt);
      placed.push({ receipt: c.receipt, card: els[c.card] ?? at });
      let host = made.get(c.receipt);
      if (host?.isConnected && at.contains(host)) continue;
      if (!host) { host = control(c.receipt, 'card'); made.set(c.receipt, host); }
      const button = buttons.get(host);
      if (button.hidden !== !!frame) button.hidden = !!frame;
      at.append(host);
    }
    // A case no longer on the page keeps no control.
    for (const [receipt, host] of made) if (!mine.has(receipt) && host.isConnected) host.remove();
    if (placed.length === 0 && answer.subject && !floating?.isConnected) {
      floating = control(answer.subject, 'floating');
      document.documentElement.append(floating);
    } else if ((placed.length > 0 || !answer.subject) && floating) {
      floating.remove();
      floating = null;
    }
    found = answer.found ?? null;
  };

  /** Whether two readings are the same: the same address, regions and receipts' places (the elements may be new). */
  const same = (a, b) => a.url === b.url && a.regions.length === b.regions.length && a.spots.length === b.spots.length
    && a.regions.every((r, i) => r.n === b.regions[i].n && r.id === b.regions[i].id)
    && a.spots.every((s, i) => s.text === b.spots[i].text && s.path.length === b.spots[i].path.length
      && s.path.every((n, j) => n === b.spots[i].path[j]));

  let asking = false;
  let again = false;
  let first = true;
  let last = null; // the last reading asked about, and its answer
  const survey = async () => {
    if (asking) { again = true; return; }
    const t = performance.now();
    const seen = read();
    seen.url = location.href;
    // A redraw that shows the same again is not asked about again.
    const unchanged = last && same(last.seen, seen);
    performance.measure('casescope-read', { start: t });
    if (unchanged) { draw(seen.els, last.answer); return; }
    asking = true;
    try {
      // The page's own data goes with the first question of a page load
      // only: the background's Rust sets the badge from it.
      const cards = first ? pageData() : null;
      first = false;
      const answer = await chrome.runtime.sendMessage({ type: 'PageCases', v: 2, url: location.href, text: pageText(20000),
        regions: seen.regions, spots: seen.spots, cards });
      if (answer?.type === 'Cases') {
        // (Not its elements: the old cards are let go.)
        last = { seen: { url: seen.url, regions: seen.regions, spots: seen.spots }, answer };
        draw(seen.els, answer);
      }
    } catch {
      // CaseScope's trouble never becomes the page's.
    } finally {
      asking = false;
      if (again) { again = false; survey(); }
    }
  };

  // Redraws come in bursts: one look once a burst has settled.
  let timer = 0;
  // A batch matters when it adds anything that holds a receipt's shape or
  // a region, or takes away a control with the part of a card it was in.
  const ours = (n) => n.localName === 'casescope-control' || n.localName === 'casescope-viewer';
  const adds = (n) => (n.nodeType === 3 ? SHAPE.test(n.data)
    : n.nodeType === 1 && !ours(n) && (SHAPE.test(n.textContent) || n.matches(REGIONS) || !!n.querySelector(REGIONS)));
  const matters = (records) => records.some((m) => [...m.addedNodes].some(adds)
    || [...m.removedNodes].some((n) => n.nodeType === 1 && (ours(n) || n.querySelector('casescope-control'))));
  // Its time in the page's thread is marked for ./build.sh bench (User
  // Timing "casescope-observe"; drawing is "casescope-draw").
  const observer = new MutationObserver((records) => {
    const t = performance.now();
    if (matters(records)) {
      clearTimeout(timer);
      timer = setTimeout(survey, 50);
    }
    performance.measure('casescope-observe', { start: t });
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  survey();
})();
