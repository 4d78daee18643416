// End to end: every fault the fake my.uscis.gov can produce, on one endpoint
// while the others answer; rate limits, retries, reuse and cancel; hostile
// text in every field; and what CaseScope leaves behind (nothing).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HOSTILE_RECEIPT } from './fake-uscis.mjs';
import { CASE_READY, closePopups, forgetAnswers, signedInSession, openCasePopup, openInPageViewer, openPopup, onAccount, signIn } from './browser.mjs';

const DIST = process.env.CASESCOPE_DIST || path.resolve('dist/casescope');
const RECEIPT = 'IOE0912345678';
const OTHERS = ['cases', 'receipt_info', 'documents'];
let server; let browser; let page; let extensionId;
const pageErrors = [];

before(async () => {
  ({ server, browser, page, extensionId } = await signedInSession({ dist: DIST }));
  page.on('pageerror', (e) => pageErrors.push(String(e)));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const apiRequests = (key) => server.requests.filter((r) => r.endpoint === key);
const outcome = (popup, key) => popup.$eval(`[data-endpoint="${key}"] [data-outcome]`, (e) => e.textContent);

/** Opens the case with `fault` on case_status; waits until nothing is loading or waiting. */
async function withFault(fault, { receipt = RECEIPT, settle = true } = {}) {
  // Nothing reused from the last test: USCIS is really asked.
  const popup = await openCasePopup({ browser, page, extensionId, server }, receipt, {
    ready: `${CASE_READY}, [data-state=error]`,
    timeout: 60000,
    beforeOpen: () => { server.requests.length = 0; server.mode.faults = { case_status: fault }; },
  });
  if (settle) {
    await popup.waitForFunction(() => !document.querySelector('[data-state=loading], [data-state=retry-wait]'), { timeout: 60000 });
  }
  return popup;
}

async function othersShownInFull(popup) {
  for (const key of OTHERS) {
    assert.equal(await popup.$eval(`[data-endpoint="${key}"] [data-http]`, (e) => e.dataset.http), '200', key);
  }
  assert.match(await popup.$eval('[data-field="form"] dd', (e) => e.textContent), /^I-485 – /);
}

describe('one endpoint fails while the others work', () => {
  for (const [fault, words] of [
    ['401', /Signed out/],
    ['redirect-sign-in', /Signed out/],
    ['html-sign-in', /Signed out/],
  ]) {
    test(`${fault}: one "sign in again" state, no retry`, async () => {
      const popup = await withFault(fault);
      assert.match(await outcome(popup, 'case_status'), words);
      assert.equal(await popup.$$eval('[data-state=signed-out]', (e) => e.length), 1);
      assert.ok(await popup.$('[data-state=signed-out] [data-action=sign-in]'));
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(apiRequests('case_status').length, 1, 'no retry when signed out');
      await othersShownInFull(popup);
    });
  }

  test('403: refused, said plainly, not retried', async () => {
    const popup = await withFault('403');
    assert.match(await outcome(popup, 'case_status'), /refused access \(HTTP 403\)/);
    assert.equal(apiRequests('case_status').length, 1);
    await othersShownInFull(popup);
  });

  for (const fault of ['500', '502', '503']) {
    test(`${fault}: one retry after a short wait, then the server's words`, async () => {
      const popup = await withFault(fault);
      assert.match(await outcome(popup, 'case_status'), new RegExp(`server had a problem \\(HTTP ${fault}\\)`));
      assert.equal(apiRequests('case_status').length, 2, 'exactly one retry');
      await othersShownInFull(popup);
    });
  }

  test('a transient 503 that clears on the retry shows the answer', async () => {
    const popup = await withFault({ kind: '503', times: 1 });
    assert.equal(await outcome(popup, 'case_status'), 'Answered.');
    assert.equal(await popup.$eval('[data-field="headline"]', (e) => e.textContent), 'Case Is Being Actively Reviewed By USCIS');
  });

  test('429 with Retry-After: a visible countdown, then one retry', async () => {
    const popup = await withFault({ kind: '429-retry-after', times: 1 }, { settle: false });
    await popup.waitForSelector('[data-state=retry-wait]');
    assert.match(await popup.$eval('[data-state=retry-wait]', (e) => e.textContent), /slow down.*Status in [12] s/);
    await popup.waitForFunction(() => !document.querySelector('[data-state=loading], [data-state=retry-wait]'), { timeout: 20000 });
    assert.equal(await outcome(popup, 'case_status'), 'Answered.');
    const [first, second] = apiRequests('case_status');
    assert.ok(second.start - first.start >= 1900, `waited ${second.start - first.start} ms`);
  });

  test('429 without Retry-After: waits the default, and Cancel stops the retry', async () => {
    const popup = await withFault('429', { settle: false });
    await popup.waitForSelector('[data-state=retry-wait]');
    assert.match(await popup.$eval('[data-state=retry-wait]', (e) => e.textContent), /in (20|19) s/);
    assert.match(await outcome(popup, 'case_status'), /limiting requests/);
    await popup.click('[data-state=retry-wait] [data-action=cancel]');
    await popup.waitForSelector('[data-state=cancelled]');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(apiRequests('case_status').length, 1, 'no retry after cancel');
    await othersShownInFull(popup);
  });

  test('no answer: gives up after 20 s, retries once, and shows the rest meanwhile', async () => {
    const popup = await withFault({ kind: 'hang', times: 1 }, { settle: false });
    await popup.waitForSelector('[data-state=retry-wait]', { timeout: 30000 });
    assert.match(await outcome(popup, 'case_status'), /did not answer within 20 seconds/);
    await othersShownInFull(popup);
    await popup.waitForFunction(() => !document.querySelector('[data-state=loading], [data-state=retry-wait]'), { timeout: 30000 });
    assert.equal(await outcome(popup, 'case_status'), 'Answered.');
  });

  test('connection reset: said plainly after one retry', async () => {
    const popup = await withFault('reset');
    assert.match(await outcome(popup, 'case_status'), /connection failed or was cut/);
    // Chromium itself re-sends a GET whose connection was reset, at once; the
    // one retry of CaseScope comes after its 3 s backoff: two bursts.
    const starts = apiRequests('case_status').map((r) => r.start).sort((a, b) => a - b);
    const bursts = starts.filter((t, i) => i === 0 || t - starts[i - 1] > 2000).length;
    assert.equal(bursts, 2, `requests at ${starts.map((t) => t - starts[0]).join(', ')} ms`);
    await othersShownInFull(popup);
  });

  for (const fault of ['malformed', 'truncated']) {
    test(`${fault} JSON: shown as received, with where parsing failed`, async () => {
      const popup = await withFault(fault);
      assert.match(await outcome(popup, 'case_status'), /not valid JSON \(line \d+, column \d+: .+\)/);
      await popup.click('[data-action="v:tab:case_status"]');
      assert.match(await popup.$eval('[data-state=not-json]', (e) => e.textContent), /not JSON \(.+\); it is shown as received/);
      const raw = await popup.$eval('[data-raw-text="case_status"]', (e) => e.textContent);
      assert.ok(raw.includes('"data"'), 'the body is still shown');
      await othersShownInFull(popup);
    });
  }

  for (const [fault, words] of [['empty', /empty body/], ['204', /empty body/], ['data-null', /no data/]]) {
    test(`${fault}: said plainly`, async () => {
      const popup = await withFault(fault);
      assert.match(await outcome(popup, 'case_status'), words);
      assert.equal(apiRequests('case_status').length, 1);
      await othersShownInFull(popup);
    });
  }

  test('a 20 MB answer is shown in part, copied whole, and the popup stays responsive', async () => {
    const started = Date.now();
    const popup = await withFault('huge');
    console.log(`# 20 MB answer on screen after ${Date.now() - started} ms`);
    assert.equal(await outcome(popup, 'case_status'), 'Answered.');
    await popup.click('[data-action="v:tab:case_status"]');
    await popup.click('[data-action="v:expand-all"]');
    assert.match(await popup.$eval('[data-path="$.data.padding"]', (e) => e.textContent), /show all \(2097152\d characters\)/);
    const shown = await popup.evaluate(() => document.body.textContent.length);
    assert.ok(shown < 300 * 1024, `shown ${shown} characters`);
    const t0 = Date.now();
    await popup.click('[data-action="copy-raw:case_status"]');
    await popup.waitForFunction(() => document.querySelector('[data-toast]').textContent.startsWith('Copied'));
    assert.ok(Date.now() - t0 < 5000, 'copy answered promptly');
    const copied = await popup.evaluate(() => navigator.clipboard.readText().then((t) => t.length));
    assert.ok(copied > 20 * 1024 * 1024, `copied ${copied}`);
    await othersShownInFull(popup);
  });

  test('a body trickling in slowly still arrives whole', async () => {
    const popup = await withFault('trickle');
    assert.equal(await outcome(popup, 'case_status'), 'Answered.');
    assert.equal(await popup.$eval('[data-field="headline"]', (e) => e.textContent), 'Case Is Being Actively Reviewed By USCIS');
  });
});

/** The first screen: what is on it before any scrolling. */
async function firstScreen(popup) {
  return popup.evaluate(() => {
    const h = window.innerHeight;
    const seen = [];
    const walk = document.createTreeWalker(document.querySelector('#app'), NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const r = document.createRange();
      r.selectNodeContents(walk.currentNode);
      const box = r.getBoundingClientRect();
      if (box.height > 0 && box.top < h && walk.currentNode.textContent.trim()) seen.push(walk.currentNode.textContent.trim());
    }
    return seen.join(' ');
  });
}

describe('the first screen when part of the case is missing', () => {
  test('a failing status answer: said on top, with what is shown, and the status is unknown, not absent', async () => {
    const popup = await withFault('500');
    const top = await firstScreen(popup);
    assert.match(top, /The status could not be read: USCIS's server had a problem \(HTTP 500\)\. Shown: case, receipt info, documents, the account page's own data\./);
    assert.match(top, /Status not known: the status answer could not be read/);
    assert.ok(!top.includes('No status title'), top);
  });

  test('still rate limited after the one retry: not asked again, and when Fetch again is possible', async () => {
    const popup = await withFault('429-retry-after');
    assert.equal(apiRequests('case_status').length, 2, 'one retry, no more');
    const top = await firstScreen(popup);
    assert.match(top, /The status could not be read: USCIS is limiting requests\./);
    assert.match(top, /Not tried again, to respect USCIS's limit\. Fetch again is available at \d{1,2}:\d\d (AM|PM)\./);
  });

  test('a receipt USCIS does not know for this account: said plainly, nothing else, not retried', async () => {
    const unknown = 'IOE0123456789';
    await closePopups(browser);
    // A page of the site that names a receipt of no case of this account.
    await page.goto(`https://my.uscis.gov/account/other-page/${unknown}`);
    server.requests.length = 0;
    server.mode.faults = {};
    const popup = await openPopup(browser, page);
    await popup.waitForSelector('[data-state=not-found]', { timeout: 20000 });
    const top = await firstScreen(popup);
    assert.match(top, /USCIS has no case with this number for the account you are signed in to\./);
    assert.equal(await popup.$('[data-section=summary]'), null);
    await new Promise((r) => setTimeout(r, 3500));
    // Each endpoint: the observed path, then the short one; and no retry.
    assert.ok(server.requests.filter((r) => r.path.includes(unknown)).length <= 8);
  });
});

describe('asking politely', () => {
  test('a second look within 30 s reuses the answer instead of asking again', async () => {
    const popup = await withFault(undefined);
    await popup.close();
    assert.equal(server.requests.filter((r) => r.endpoint).length, 4);
    const again = await openPopup(browser, page);
    await again.waitForSelector('[data-state=reused]');
    assert.match(await again.$eval('[data-state=reused]', (e) => e.textContent), /^Shown from \d+ s ago/);
    assert.equal(server.requests.filter((r) => r.endpoint).length, 4, 'nothing more was asked');
  });

  test('reuse survives reloads of the case page, and ends at the sign-in page', async () => {
    const receipt = 'IOE0955500011';
    await closePopups(browser);
    server.mode.faults = {};
    await forgetAnswers(browser, extensionId);
    await onAccount(page, server, receipt);
    server.requests.length = 0;
    const asked = () => server.requests.filter((r) => r.endpoint).length;
    for (let i = 0; i < 5; i++) {
      await page.reload();
      const popup = await openPopup(browser, page);
      await popup.waitForSelector('.case:not([data-from=page]) [data-section=summary]', { timeout: 20000 });
      if (i > 0) assert.ok(await popup.$('[data-state=reused]'), `look ${i + 1} says it reuses an answer`);
      await popup.close();
    }
    assert.equal(asked(), 4, 'USCIS was asked once, not five times');
    // Signing out (the site's sign-in page) forgets it: the next look asks.
    await page.goto('https://my.uscis.gov/sign-in');
    await new Promise((r) => setTimeout(r, 1000));
    await signIn(page);
    await onAccount(page, server, receipt);
    const popup = await openPopup(browser, page);
    await popup.waitForSelector('.case:not([data-from=page]) [data-section=summary]', { timeout: 20000 });
    assert.equal(await popup.$('[data-state=reused]'), null);
    assert.equal(asked(), 8);
    await popup.close();
  });

  test('ten clicks on "Fetch again" make at most one more set of requests', async () => {
    const popup = await withFault(undefined);
    for (let i = 0; i < 10; i++) {
      await popup.$eval('[data-action=refresh]', (b) => b.click());
      await new Promise((r) => setTimeout(r, 50));
    }
    await popup.waitForFunction(() => !document.querySelector('[data-state=loading]'));
    assert.ok(server.requests.filter((r) => r.endpoint).length <= 8, `${server.requests.filter((r) => r.endpoint).length} requests`);
    assert.match(await popup.$eval('[data-action=refresh]', (b) => b.textContent), /Fetch again \(in \d+ s\)/);
  });

  test('the same receipt asked from two popups at once is fetched once', async () => {
    server.mode.delayMs = 800;
    try {
      await forgetAnswers(browser, extensionId);
      await onAccount(page, server, RECEIPT);
      server.requests.length = 0;
      const first = await openPopup(browser, page);
      await first.waitForSelector('[data-state=loading]');
      const second = await openPopup(browser, page); // closes the first, opens a new one
      // (The account page's own copy is on screen at once; USCIS's answer follows.)
      await second.waitForSelector('[data-endpoint="cases"] [data-http="200"]', { timeout: 10000 });
      assert.equal(server.requests.filter((r) => r.endpoint).length, 4);
    } finally { server.mode.delayMs = 0; }
  });

  test('Cancel while loading stops the requests', async () => {
    server.mode.delayMs = 3000;
    try {
      await forgetAnswers(browser, extensionId);
      await onAccount(page, server, RECEIPT);
      const popup = await openPopup(browser, page);
      await popup.waitForSelector('[data-state=loading] [data-action=cancel]');
      await popup.click('[data-state=loading] [data-action=cancel]');
      await popup.waitForSelector('[data-state=cancelled]');
      await new Promise((r) => setTimeout(r, 3500));
      // The account page's own copy stays; no answer of USCIS appears.
      assert.equal(await popup.$('[data-endpoint="cases"]'), null, 'nothing appears after cancel');
      assert.ok(await popup.$('[data-endpoint="page"]'), 'the page\'s own copy is still shown');
    } finally { server.mode.delayMs = 0; }
  });
});

/** What a rendered CaseScope view holds that could be dangerous. */
function inertness(view) {
  return view.evaluate(() => ({
      pwned: window.__pwned,
      injected: document.querySelectorAll('img, iframe, object, embed, svg, a, script:not([src]), [onerror], [onload], [onclick]').length,
      scripts: [...document.scripts].map((s) => s.getAttribute('src')),
      text: document.body.textContent,
  }));
}

async function assertInert(view, where) {
  await view.waitForSelector('.case:not([data-from=page]) [data-section=timeline]', { timeout: 20000 });
  await view.$eval('[data-action="v:expand-all"]', (b) => b.click()); // re-renders can replace a handle mid-click
  const report = await inertness(view);
  assert.equal(report.pwned, undefined, `no script ran in the ${where}`);
  assert.equal(report.injected, 0, `no element was injected in the ${where}`);
  assert.deepEqual(report.scripts, ['popup.js']);
  assert.ok(report.text.includes('<img src=x onerror="window.__pwned=1">'), `markup is shown as text in the ${where}`);
  assert.ok(report.text.includes('javascript:window.__pwned=3'), `script URLs are shown as text in the ${where}`);
}

describe('hostile text', () => {
  test('every string field filled with markup and scripts renders as inert text', async () => {
    await onAccount(page, server, HOSTILE_RECEIPT);
    server.mode.faults = {};
    const popup = await openPopup(browser, page);
    await assertInert(popup, 'popup');
    // The lone surrogate did not make the case answer unreadable.
    assert.equal(await outcome(popup, 'cases'), 'Answered.');
    assert.ok(await popup.evaluate(() => document.body.textContent.includes('characters in all')),
      'a 10 000-character string is cut on screen and says so');
    const tab = await browser.newPage();
    await tab.goto(`chrome-extension://${extensionId}/popup.html?receipt=${HOSTILE_RECEIPT}`);
    await assertInert(tab, 'tab viewer');
    await tab.close();
    await closePopups(browser);
    await page.bringToFront();
    const frame = await openInPageViewer(page, HOSTILE_RECEIPT);
    assert.ok(frame, 'the in-page viewer opened');
    await assertInert(frame, 'in-page viewer');
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'nothing ran in the page either');
  });
});

describe('what CaseScope leaves behind', () => {
  test('no page error was caused, and nothing was stored without the user asking', async () => {
    assert.deepEqual(pageErrors, []);
    const popup = await openPopup(browser, page);
    const stored = await popup.evaluate(async () => ({
      // Cases are kept there only once the user says "Remember my cases",
      // which this suite never does (history.test.mjs does).
      extensionStorage: Object.keys(await chrome.storage.local.get(null)).length,
      localStorage: localStorage.length,
      indexedDB: (await indexedDB.databases()).length,
      caches: (await caches.keys()).length,
    }));
    assert.deepEqual(stored, { extensionStorage: 0, localStorage: 0, indexedDB: 0, caches: 0 });
  });
});
