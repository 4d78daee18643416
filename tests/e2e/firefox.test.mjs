// End to end in Firefox (ESR, through WebDriver BiDi): the same unpacked
// extension loads, its content script and background run the Rust core, and
// the viewer opened over the case page fetches the case with the session
// cookie, on both CSP variants. The viewer page itself is checked as a tab:
// WebDriver may not navigate to moz-extension:// addresses, but a my.uscis.gov
// page may (the page is web-accessible there), and the driver can then read it.
// The fake my.uscis.gov listens on 127.0.0.1:443 here: Firefox resolves
// my.uscis.gov to 127.0.0.1 (network.dns.localDomains) on the default port.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import ICAL from 'ical.js';
import { FIREFOX_UUID as UUID, clickControlBox, firefoxSuite, firefoxViewerTab, onAccount, signIn, viewerFrame } from './browser.mjs';
import { HOSTILE_RECEIPT, LAYOUTS, appointmentAhead } from './fake-uscis.mjs';
import { SIZES, axeViolations, caseProblems, layout } from './screens.mjs';

const DIST = path.resolve(process.env.CASESCOPE_DIST || 'dist/casescope');
let server; let browser; let page;
const DOWNLOADS = fs.mkdtempSync(path.join(os.tmpdir(), 'casescope-ff-downloads-'));

firefoxSuite({ dist: DIST, prefs: {
  'browser.download.dir': DOWNLOADS,
  'browser.download.folderList': 2,
  'browser.download.useDownloadDir': true,
} }, (s) => ({ server, browser, page } = s));

/** Waits for `receipt`'s control (any control without one); its host element is in the page. */
async function control(receipt = null) {
  const sel = receipt ? `casescope-control[data-receipt="${receipt}"]` : 'casescope-control';
  for (let i = 0; i < 50; i++) {
    if (await page.evaluate((s) => !!document.querySelector(s), sel)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

const clickControl = (receipt) => clickControlBox(page, receipt);

/**
 * Opens CaseScope's frame over the case page (the control sits in the
 * bottom-right corner) and returns it, its whole case on screen. Puppeteer
 * lists the extension frame with its first URL (about:blank) but evaluates
 * inside it.
 */
async function openFrame(receipt, { csp = false, stay = false,
  ready = '.case:not([aria-busy]):not([data-from=page]) [data-section=raw], [data-state=signed-out], [data-state=error]' } = {}) {
  if (!stay) await onAccount(page, server, receipt, `${csp ? '?csp=strict' : ''}`);
  assert.ok(await control(receipt), 'the control is in the case card');
  await clickControl(receipt);
  const f = await viewerFrame(page, receipt);
  await f.waitForSelector(ready, { timeout: 20000 });
  return f;
}

const closeFrame = (frame) => frame.$eval('[data-action=close]', (b) => b.click());

/** Makes the background forget the answers it keeps for 30 s, as a signed-out answer does (see browser.mjs forgetAnswers). */
async function forget() {
  const tab = await browser.newPage();
  // (The test driver may not open an extension page itself: the page does.)
  await tab.goto('https://my.uscis.gov/sign-in');
  await tab.evaluate((u) => { location.href = u; }, `moz-extension://${UUID}/popup.html`);
  await tab.waitForFunction(() => location.protocol === 'moz-extension:' && document.readyState === 'complete');
  const answer = await tab.evaluate(() => chrome.runtime.sendMessage({ type: 'Remember', v: 2,
    bundle: { receipt: 'IOE0000000001', via: 'page', fetched_at_ms: Date.now(),
      results: [{ endpoint: 'case', path: '/', status: 401, ms: 0, attempts: 1 }] } }));
  await tab.close();
  assert.equal(answer?.type, 'Cancelled');
}

const viewerTab = (receipt) => firefoxViewerTab(browser, receipt);

describe('Firefox', () => {
  // Each layout of the account page (fake-uscis.mjs LAYOUTS): today's
  // region_ cards, cards with no ids or data, a concurrent filing grouped.
  for (const layout of LAYOUTS) {
    test(`${layout} layout: each card of an account with several cases gets its control beside its receipt, and keeps it across a redraw`, async () => {
      const three = ['IOE0912345678', 'IOE0887654321', 'IOE0955500011'];
      server.mode.account = three;
      server.mode.layout = layout;
      try {
        await page.goto('https://my.uscis.gov/account/applicant');
        for (const r of three) assert.ok(await control(r), r);
        await page.evaluate(() => window.fakeUscis.redraw());
        await new Promise((r) => setTimeout(r, 50));
        for (const r of three) assert.ok(await control(r), `${r} after the redraw`);
        const placed = await page.evaluate(() => [...document.querySelectorAll('casescope-control')]
          .map((c) => [c.dataset.receipt, c.parentElement.textContent.includes(`Receipt # ${c.dataset.receipt}`)]));
        assert.deepEqual(placed, three.map((r) => [r, true]), 'one control a card, beside its receipt, in page order');
        // Still CaseScope's button, styled (at least 32 px tall), not a bare one.
        const heights = await page.evaluate(() => [...document.querySelectorAll('casescope-control')].map((c) => c.getBoundingClientRect().height));
        assert.ok(heights.every((h) => h >= 32), JSON.stringify(heights));
      } finally { server.mode.layout = 'id'; }
    });
  }

  // Two receipts: an answer is reused for 30 s, and this one should really ask.
  for (const [csp, receipt, layout] of [[false, 'IOE0887654321', 'id'], [true, 'IOE0912345678', 'text'], [true, 'IOE0955500011', 'grouped']]) {
    test(`${layout} layout: the case opens over the page${csp ? ' with a strict CSP' : ''}`, async () => {
      server.requests.length = 0;
      server.mode.layout = layout;
      try {
        await onAccount(page, server, receipt, `${csp ? '?csp=strict' : ''}`);
        assert.ok(await control(receipt), 'the background (Rust) recognised the case card');
        assert.equal(server.requests.filter((r) => r.path.includes('/api/')).length, 0, 'a page view asks USCIS nothing');
        await clickControl(receipt);
        // The viewer frame (a moz-extension page the test driver cannot look
        // into) fetches the case: all four answers, with the session cookie.
        let api = [];
        for (let i = 0; i < 100 && api.length < 4; i++) {
          await new Promise((r) => setTimeout(r, 100));
          api = server.requests.filter((r) => r.path.includes('/api/') && r.status === 200);
        }
        assert.equal(api.length, 4, JSON.stringify(server.requests.map((r) => `${r.status} ${r.path}`)));
        assert.ok(api.every((r) => r.signedIn), 'the session cookie went with the requests');
        assert.deepEqual(api.map((r) => r.endpoint).sort(), ['case_status', 'cases', 'documents', 'receipt_info']);
      } finally { server.mode.layout = 'id'; }
    });
  }

  test('the viewer as a tab: decoded case beside the raw tree, search reveals a match', async () => {
    const tab = await viewerTab('IOE0912345678');
    assert.equal(await tab.title(), 'CaseScope \u2013 IOE0912345678');
    assert.equal(await tab.$eval('[data-field="headline"]', (e) => e.textContent), 'Case Is Being Actively Reviewed By USCIS');
    const box = (sel) => tab.$eval(sel, (e) => JSON.parse(JSON.stringify(e.getBoundingClientRect())));
    const [summary, tree] = [await box('[data-section=summary]'), await box('[data-viewer] [role=tree]')];
    assert.ok(tree.left >= summary.right && tree.top < 800, JSON.stringify({ summary, tree }));
    await tab.$eval('[data-action="v:collapse-all"]', (b) => b.click());
    await tab.$eval('#viewer-search', (e) => {
      e.value = 'fta0';
      e.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await tab.waitForFunction(() => document.querySelector('[data-match-count]')?.textContent === '1 of 3');
    assert.match(await tab.$eval('.current-match', (e) => e.dataset.path), /^\$\.data\.events\[\d\]\.eventCode$/);
    await tab.close();
  });

  test('the keyboard shortcut that opens the popup is there: Alt+Shift+U', async () => {
    const tab = await viewerTab('IOE0912345678');
    const commands = await tab.evaluate(() => chrome.commands.getAll());
    assert.deepEqual(commands.map(({ name, shortcut }) => ({ name, shortcut })),
      [{ name: '_execute_action', shortcut: 'Alt+Shift+U' }]);
    await tab.close();
  });

  test('hostile text stays text in the viewer', async () => {
    const tab = await viewerTab(HOSTILE_RECEIPT);
    await tab.$eval('[data-action="v:expand-all"]', (b) => b.click());
    const seen = await tab.evaluate(() => ({
      pwned: window.__pwned,
      injected: document.querySelectorAll('img, iframe, object, embed, svg, a, script:not([src]), [onerror], [onload], [onclick]').length,
      scripts: [...document.scripts].map((s) => s.getAttribute('src')),
      text: document.body.textContent,
    }));
    assert.equal(seen.pwned, undefined, 'no script ran');
    assert.equal(seen.injected, 0, 'no element was injected');
    assert.deepEqual(seen.scripts, ['popup.js']);
    assert.ok(seen.text.includes('<img src=x onerror="window.__pwned=1">'));
    await tab.close();
  });

  // The viewer over the case page: what a person sees in it, and every
  // control it offers. (The toolbar popup cannot be opened over WebDriver
  // BiDi in Firefox; the frame and the viewer tab are the same app.)
  for (const csp of [false, true]) {
    test(`the frame over the page${csp ? ' with a strict CSP' : ''}: the decoded case, fetched by the page itself`, async () => {
      const frame = await openFrame('IOE0912345678', { csp });
      assert.equal(await frame.$eval('[data-field="headline"]', (e) => e.textContent), 'Case Is Being Actively Reviewed By USCIS');
      assert.match(await frame.$eval('.stages .current .sr', (e) => e.textContent), /^Review: reached, shown by /);
      // Firefox runs the content script's WebAssembly under both CSPs; the
      // frame reaches it through the background (it has no chrome.tabs).
      assert.equal(await frame.$eval('[data-via]', (e) => e.dataset.via), 'page');
      await frame.$eval('[data-action=close]', (b) => b.click());
    });
  }

  test('the frame\'s controls: copy, download, theme, language, close', async () => {
    const frame = await openFrame('IOE0887654321');
    await frame.$eval('[data-action=copy-summary]', (b) => b.click());
    await frame.waitForFunction(() => document.querySelector('[data-toast]').textContent === 'Copied the summary to the clipboard.');
    await frame.$eval('[data-action=download]', (b) => b.click());
    let saved = [];
    for (let i = 0; i < 50 && !saved.length; i++) {
      saved = fs.readdirSync(DOWNLOADS).filter((f) => /^casescope-IOE0887654321-\d{4}-\d\d-\d\d\.json$/.test(f));
      if (!saved.length) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(saved.length, 1, 'the file was saved');
    // Firefox may show the file before it has written all of it.
    let all = null;
    for (let i = 0; i < 50 && !all; i++) {
      try { all = JSON.parse(fs.readFileSync(path.join(DOWNLOADS, saved[0]), 'utf8')); } catch { await new Promise((r) => setTimeout(r, 100)); }
    }
    assert.deepEqual(Object.keys(all), ['cases', 'case_status', 'receipt_info', 'documents']);
    await frame.$eval('[data-action=theme]', (b) => b.click());
    assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await frame.$eval('[data-action=theme]', (b) => b.click());
    await frame.$eval('[data-action=theme]', (b) => b.click());
    assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), 'auto');
    // Masking: the frame's screen shows no receipt digits, and says it is masked.
    await frame.$eval('[data-action=mask]', (b) => b.click());
    await frame.waitForSelector('[data-state=masked]');
    assert.ok(!(await frame.evaluate(() => document.querySelector('#app').innerText)).includes('0887654'));
    await frame.$eval('[data-action=mask]', (b) => b.click());
    await frame.waitForFunction(() => !document.querySelector('[data-state=masked]'));
    await frame.$eval('[data-lang-switch=es]', (b) => b.click());
    await frame.waitForFunction(() => document.querySelector('[data-section=facts] h2').textContent === 'Resumen');
    await frame.$eval('[data-lang-switch=en]', (b) => b.click());
    // "Open in a tab": the background opens the viewer tab for this case.
    const before = (await browser.pages()).length;
    await frame.$eval('[data-action=open-tab]', (b) => b.click());
    for (let i = 0; i < 50 && (await browser.pages()).length === before; i++) await new Promise((r) => setTimeout(r, 100));
    const pages = await browser.pages();
    assert.equal(pages.length, before + 1, 'a tab opened');
    const tab = pages[pages.length - 1];
    await tab.waitForSelector('.case:not([aria-busy]):not([data-from=page]) [data-section=raw]', { timeout: 20000 });
    assert.match(await tab.evaluate(() => location.href), /\/popup\.html\?receipt=IOE0887654321&tab=\d+$/);
    await tab.close();
    // "Print / save as PDF": the background opens the printable record.
    const count = (await browser.pages()).length;
    await page.bringToFront();
    await frame.$eval('[data-action=print]', (b) => b.click());
    for (let i = 0; i < 50 && (await browser.pages()).length === count; i++) await new Promise((r) => setTimeout(r, 100));
    const printed = (await browser.pages()).at(-1);
    assert.equal((await browser.pages()).length, count + 1, 'the record opened in a tab');
    await printed.waitForSelector('.print-page .case:not([aria-busy]):not([data-from=page]) [data-section=raw] pre', { timeout: 20000 });
    assert.match(await printed.evaluate(() => location.href), /\/popup\.html\?receipt=IOE0887654321&print=1&tab=\d+$/);
    assert.ok((await printed.evaluate(() => document.body.innerText)).includes('Unofficial: made by CaseScope'));
    await printed.close();
    await page.bringToFront();
    await frame.$eval('[data-action=close]', (b) => b.click());
    await page.waitForFunction(() => !document.querySelector('casescope-control')?.shadowRoot, { timeout: 100 }).catch(() => {});
    for (let i = 0; i < 50 && page.frames().length > 1; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(page.frames().length, 1, 'the frame is gone');
  });

  test('the frame lists the account\'s upcoming appointments from the page\'s data, and "Add all to calendar" saves a file that parses', async () => {
    const three = ['IOE0912345678', 'IOE0887654321', 'IOE0955500011'];
    const at = { IOE0912345678: appointmentAhead(12, 14), IOE0887654321: appointmentAhead(40, 15) };
    await forget();
    server.reset();
    Object.assign(server.mode, { account: three, appointments: at });
    try {
      await page.goto('https://my.uscis.gov/account/applicant');
      for (const r of three) assert.ok(await control(r), r);
      const frame = await openFrame(three[2], { stay: true });
      await frame.$eval('[data-section=other-receipts]', (d) => { d.open = true; });
      const rows = await frame.$$eval('[data-section=upcoming] li', (ls) => ls.map((l) => l.innerText));
      assert.equal(rows.length, 2, rows.join('\n'));
      assert.match(rows[0], /in 12 days/);
      assert.match(rows[0], /I-485 · IOE0912345678/);
      assert.match(rows[1], /I-765 · IOE0887654321/);
      // Only the case opened was asked for: the others' dates are the page's.
      const asked = server.requests.filter((r) => r.endpoint).map((r) => r.path);
      assert.ok(asked.length > 0 && asked.every((p) => p.includes(three[2])), asked.join('\n'));
      const before = new Set(fs.readdirSync(DOWNLOADS));
      await frame.$eval('[data-calendar=all]', (b) => b.click());
      let text = '';
      for (let i = 0; i < 50 && !text.includes('END:VCALENDAR'); i++) {
        const file = fs.readdirSync(DOWNLOADS).find((f) => !before.has(f) && /^casescope-appointments-\d{4}-\d\d-\d\d\.ics$/.test(f));
        text = file ? fs.readFileSync(path.join(DOWNLOADS, file), 'utf8') : '';
        if (!text.includes('END:VCALENDAR')) await new Promise((r) => setTimeout(r, 100));
      }
      const cal = new ICAL.Component(ICAL.parse(text));
      const events = cal.getAllSubcomponents('vevent').map((v) => ({ event: new ICAL.Event(v), alarm: v.getFirstSubcomponent('valarm') }));
      assert.deepEqual(events.map((e) => e.event.startDate.toJSDate().toISOString()), [at.IOE0912345678, at.IOE0887654321]);
      assert.deepEqual(events.map((e) => e.event.uid), ['IOE0912345678-772345678@casescope', 'IOE0887654321-777654321@casescope']);
      assert.deepEqual(events.map((e) => e.alarm.getFirstPropertyValue('trigger').toString()), ['-P1D', '-P1D']);
      await closeFrame(frame);
    } finally {
      server.mode.appointments = {};
      server.everyCase();
    }
  });

  test('hostile text stays text in the frame', async () => {
    const frame = await openFrame(HOSTILE_RECEIPT);
    await frame.$eval('[data-action="v:expand-all"]', (b) => b.click());
    const seen = await frame.evaluate(() => ({
      pwned: window.__pwned,
      injected: document.querySelectorAll('img, iframe, object, embed, svg, a, script:not([src]), [onerror], [onload], [onclick]').length,
    }));
    assert.deepEqual(seen, { pwned: undefined, injected: 0 });
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'nothing ran in the page either');
    await frame.$eval('[data-action=close]', (b) => b.click());
  });

  test('remembering in the frame: asked once, kept in the extension storage, erased', async () => {
    const receipt = 'IOE0944455566';
    let frame = await openFrame(receipt);
    await frame.waitForSelector('[data-state=remember-ask]');
    await frame.$eval('[data-action="remember:on"]', (b) => b.click());
    await frame.waitForSelector('[data-state=since-first]');
    await frame.waitForFunction((k) => chrome.storage.local.get(null).then((all) => !!all[k]), {}, `history:${receipt}`);
    await frame.$eval('[data-action=close]', (b) => b.click());
    // Opened again at once, the frame shows the same look (the answer is
    // reused), and says the same; "Fetch again" is a new look.
    frame = await openFrame(receipt);
    await frame.waitForSelector('[data-state=since-first]');
    // USCIS adds an event; "Fetch again" finds it.
    const bodies = server.cases.get(receipt).bodies;
    const original = bodies.cases;
    bodies.cases = Buffer.from(original.toString('utf8').replace('"events": [',
      '"events": [{"eventId": "ff-new", "eventCode": "FTA1", "createdAt": "2026-11-27"},'));
    try {
      await frame.$eval('[data-action=refresh]', (b) => b.click());
      await frame.waitForSelector('[data-state=since-changed]');
    } finally {
      bodies.cases = original;
    }
    assert.match(await frame.evaluate(() => document.querySelector('[data-state=since-changed]').textContent),
      /^Since your last look \(.*new event FTA1 \(recorded Nov 27, 2026\)/);
    assert.equal(await frame.$$eval('[data-section=timeline] [data-new]', (m) => m.length), 1);
    await frame.$eval('[data-section=kept]', (d) => { d.open = true; });
    await frame.$eval('[data-action=erase-all]', (b) => b.click());
    await frame.waitForSelector('[data-state=erased]');
    // No case is left; only the choice to remember, which the background reads.
    assert.deepEqual(await frame.evaluate(() => chrome.storage.local.get(null)), { remembering: 'on' });
    // Back to the question for the other suites' cases.
    await frame.$eval('[data-action="remember:off"]', (b) => b.click());
    await frame.waitForFunction(() => chrome.storage.local.get(null).then((all) => Object.keys(all).length === 0));
    await frame.$eval('[data-action=close]', (b) => b.click());
  });

  test('the frame shows the account page\'s own copy before USCIS answers, and when /cases fails', async () => {
    const receipt = 'IOE0955500011';
    const EVENTS = '[data-section=timeline] tr[data-kind=event]';
    await forget();
    server.mode.delayMs = 1500;
    try {
      server.requests.length = 0;
      const frame = await openFrame(receipt, { ready: EVENTS });
      assert.equal(server.requests.filter((r) => r.endpoint && r.end).length, 0, 'on screen before any answer');
      assert.match(await frame.$eval('[data-state=from-page]', (e) => e.textContent), /account page's own data while USCIS is asked/);
      await frame.waitForSelector('.case:not([data-from=page]) [data-endpoint="cases"]', { timeout: 20000 });
      await closeFrame(frame);
    } finally { server.mode.delayMs = 0; }
    await forget(); // USCIS is really asked
    server.mode.faults = { cases: '500' };
    try {
      const frame = await openFrame('IOE0887654321', { ready: '[data-endpoint="cases"] [data-http="500"]' });
      await frame.waitForFunction(() => !document.querySelector('[data-state=loading], [data-state=retry-wait]'), { timeout: 20000 });
      assert.ok(await frame.$$eval(EVENTS, (rows) => rows.length) > 0, 'the events are shown');
      assert.match(await frame.$eval('[data-state=from-page]', (e) => e.textContent),
        /^USCIS's case answer could not be read, so the form, dates, events and notices shown are the account page's own copy\.$/);
      // The viewer tab opened from the frame reads the same page's copy.
      const before = (await browser.pages()).length;
      await frame.$eval('[data-action=open-tab]', (b) => b.click());
      for (let i = 0; i < 50 && (await browser.pages()).length === before; i++) await new Promise((r) => setTimeout(r, 100));
      const tab = (await browser.pages()).at(-1);
      assert.equal((await browser.pages()).length, before + 1, 'a tab opened');
      await tab.waitForSelector('[data-endpoint="cases"] [data-http="500"]', { timeout: 20000 });
      await tab.waitForFunction(() => !document.querySelector('[data-state=loading], [data-state=retry-wait]'), { timeout: 20000 });
      assert.ok(await tab.$$eval(EVENTS, (rows) => rows.length) > 0, 'the tab shows the events');
      assert.match(await tab.$eval('[data-state=from-page]', (e) => e.textContent), /account page's own copy\.$/);
      assert.ok(await tab.$('[data-action="v:tab:page"]'), 'raw in the tab holds the page\'s copy');
      await tab.close();
      await page.bringToFront();
      await closeFrame(frame);
    } finally {
      server.mode.faults = {};
      await forget();
    }
  });

  for (const layout of ['text', 'grouped']) {
    test(`${layout} layout: the frame lists the account's cases with the words their cards show, and says how they were found`, async () => {
      const three = ['IOE0912345678', 'IOE0887654321', 'IOE0955500011'];
      await forget();
      server.mode.account = three;
      server.mode.layout = layout;
      server.mode.delayMs = 1500;
      try {
        await page.goto('https://my.uscis.gov/account/applicant');
        for (const r of three) assert.ok(await control(r), r);
        // With no data in the page, the card's own words stand until USCIS answers.
        const frame = await openFrame(three[1], { stay: true, ready: layout === 'text' ? '[data-state=page-words]' : '[data-section=timeline]' });
        if (layout === 'text') {
          assert.match(await frame.$eval('[data-state=page-words]', (e) => e.textContent),
            /As the account page shows it, until USCIS answers:.*Card Was Picked Up By The United States Postal Service/);
        }
        const other = await frame.$eval(`[data-section=other-receipts] li[data-case="${three[1]}"]`, (e) => e.textContent);
        assert.match(other, /I-765 – Application for Employment Authorization/);
        assert.match(other, /case closed \(as the account page shows it\)/);
        assert.equal(await frame.$eval('[data-found=layout]', (e) => e.dataset.layout), 'cards by text');
        assert.equal(await frame.$eval('[data-found=data]', (e) => e.dataset.data), layout === 'text' ? 'absent' : 'read');
        await frame.waitForSelector('.case:not([data-from=page]) [data-endpoint="cases"]', { timeout: 20000 });
        assert.equal(await frame.$('[data-state=page-words]'), null, 'USCIS\'s answer takes their place');
        await closeFrame(frame);
      } finally {
        Object.assign(server.mode, { layout: 'id', delayMs: 0 });
        server.everyCase();
      }
    });
  }

  // The same checks as screens.test.mjs, in Firefox's viewer tab and frame:
  // nothing wider than the screen, no text over text, which case and its
  // status in the first screen, axe-core clean.
  for (const size of SIZES) {
    for (const [lang, theme] of [['en', 'light'], ['en', 'dark'], ['es', 'light'], ['zh', 'light'], ['zh', 'dark']]) {
      test(`${size.name}, ${lang}, ${theme}: the viewer tab and the frame fit and read well`, async () => {
        const receipt = 'IOE0912345678';
        const tab = await browser.newPage();
        try {
          await tab.setViewport({ width: size.width, height: size.height });
          await tab.goto('https://my.uscis.gov/account/applicant');
          // The choices first, in an extension page; then the viewer, which reads them.
          await tab.evaluate((u) => { location.href = u; }, `moz-extension://${UUID}/popup.html`);
          await tab.waitForFunction(() => location.protocol === 'moz-extension:');
          await tab.evaluate((l, t) => { localStorage.setItem('casescope-lang', l); localStorage.setItem('casescope-theme', t); }, lang, theme);
          await tab.evaluate((u) => { location.href = u; }, `moz-extension://${UUID}/popup.html?receipt=${receipt}`);
          await tab.waitForFunction(() => location.search.includes('receipt='));
          await tab.waitForSelector('.case:not([aria-busy]):not([data-from=page]) [data-section=raw]', { timeout: 20000 });
          const problems = caseProblems(await layout(tab), { fold: size.height, receipt, form: 'I-485' });
          problems.push(...(await axeViolations(tab)).map((v) => `axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.join(', ')})`));
          assert.deepEqual(problems, [], 'the viewer tab');
        } finally {
          await tab.close();
        }
        await page.bringToFront();
        await page.setViewport({ width: size.width, height: size.height });
        try {
          const frame = await openFrame(receipt);
          const fold = await frame.evaluate(() => innerHeight);
          const problems = caseProblems(await layout(frame), { fold, receipt, form: 'I-485' });
          problems.push(...(await axeViolations(frame)).map((v) => `axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.join(', ')})`));
          assert.deepEqual(problems, [], 'the frame over the page');
          await closeFrame(frame);
        } finally {
          await page.setViewport({ width: 1000, height: 700 });
        }
      });
    }
  }
  test('back to the browser\'s language and theme: the next tests read English', async () => {
    const tab = await browser.newPage();
    await tab.goto('https://my.uscis.gov/account/applicant');
    await tab.evaluate((u) => { location.href = u; }, `moz-extension://${UUID}/popup.html`);
    await tab.waitForFunction(() => location.protocol === 'moz-extension:');
    await tab.evaluate(() => { localStorage.removeItem('casescope-lang'); localStorage.removeItem('casescope-theme'); });
    await tab.evaluate((u) => { location.href = u; }, `moz-extension://${UUID}/popup.html?receipt=IOE0912345678`);
    await tab.waitForFunction(() => location.search.includes('receipt='));
    await tab.waitForSelector('[data-section=facts] h2', { timeout: 20000 });
    assert.equal(await tab.$eval('[data-section=facts] h2', (e) => e.textContent), 'Summary');
    await tab.close();
  });

  test('signed out in the frame: the sign-in button takes the tab to the site', async () => {
    const receipt = 'IOE0955500011';
    await onAccount(page, server, receipt);
    server.endSessions(); // the session ends while the page stays open
    const frame = await openFrame(receipt, { stay: true });
    assert.match(await frame.$eval('[data-state=signed-out]', (e) => e.textContent), /Sign in to my\.uscis\.gov/);
    await frame.$eval('[data-state=signed-out] [data-action=sign-in]', (b) => b.click());
    await page.waitForFunction(() => location.pathname === '/auth', { timeout: 10000 });
    await signIn(page);
  });
});

