// End to end, in real Chromium with the built extension (dist/casescope) and
// the fake my.uscis.gov: the toolbar popup opened as a click on the icon
// opens it, on every fixture case, signed in and signed out, under a strict
// page CSP, with the short API paths, and with the browser's own network log
// proving that nothing went anywhere but my.uscis.gov.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { API } from './fake-uscis.mjs';
import { CASE_READY, closePopups, forgetAnswers, signedInSession, netLogRequests, openCasePopup, openPopup, signIn } from './browser.mjs';

const DIST = process.env.CASESCOPE_DIST || path.resolve('dist/casescope');
const ENDPOINTS = ['cases', 'case_status', 'receipt_info', 'documents'];
const netLog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'casescope-netlog-')), 'netlog.json');

let server; let browser; let page; let extensionId;

before(async () => {
  ({ server, browser, page, extensionId } = await signedInSession({ dist: DIST, netLog }));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const parse = (buf) => JSON.parse(buf.toString('utf8'));
const data = (v) => (v && typeof v === 'object' && 'data' in v ? v.data : v);
const field = (popup, name) => popup.$eval(`[data-field="${name}"] dd`, (e) => e.textContent);
const headline = (popup) => popup.$eval('[data-field="headline"]', (e) => e.textContent);

const openCase = (receipt, { csp = false } = {}) => openCasePopup({ browser, page, extensionId, server }, receipt,
  { query: csp ? '?csp=strict' : '', ready: `${CASE_READY}, [data-state=error]` });

/** The viewer's Raw view of one endpoint, line by line, as text. */
async function rawText(popup, key) {
  await popup.click(`[data-action="v:tab:${key}"]`);
  await popup.click('[data-action="v:mode:raw"]');
  const text = await popup.$eval(`[data-raw-text="${key}"]`, (e) => [...e.querySelectorAll('.lt')].map((l) => l.textContent).join('\n'));
  await popup.click('[data-action="v:mode:tree"]');
  return text;
}

async function clipboardAfter(popup, selector) {
  await popup.$eval('[data-toast]', (e) => { e.textContent = ''; });
  await popup.click(selector);
  await popup.waitForFunction(() => document.querySelector('[data-toast]').textContent.startsWith('Copied'));
  return popup.evaluate(() => navigator.clipboard.readText());
}

describe('a signed-in user on a case page', () => {
  for (const [receipt, fixture] of loadedCases()) {
    test(`${fixture.name}: the popup opens straight on ${receipt} and decodes it`, async () => {
      server.requests.length = 0;
      const popup = await openCase(receipt);
      const cases = data(parse(fixture.bodies.cases));
      assert.match(await field(popup, 'receipt'), new RegExp(`^${receipt} – USCIS Electronic Immigration System`));
      assert.equal(await field(popup, 'form'), `${cases.formType} – ${cases.formName}`);
      const [y, m, d] = cases.submissionDate.split('-').map(Number);
      const filed = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
      assert.ok((await field(popup, 'filed')).startsWith(filed), `filed ${filed}`);
      // Each event shows its code and a label that names its source.
      const rows = await popup.$$eval('[data-section=timeline] tbody tr[data-kind=event]', (trs) => trs.map((tr) => ({ code: tr.dataset.code, text: tr.textContent })));
      const codes = [...new Set(cases.events.map((e) => e.eventCode))];
      assert.deepEqual([...new Set(rows.map((r) => r.code))].sort(), codes.sort());
      for (const r of rows) assert.match(r.text, /\((USCIS's own words for this case|community table, [^)]*|USCIS internal description \(NIEM\))\)|Unknown code/);
      // The stage line: the step the case is at, with the evidence that shows it.
      const stage = await popup.$eval('.stages .current .sr', (e) => e.textContent);
      assert.match(stage, /^(Filed|Biometrics|Review|Interview|Evidence requested|Approved|Denied|Card|Document|Oath): reached, shown by .+ \(the case is here\)$/, stage);
      // Steps with no evidence are not known, never predicted.
      for (const s of await popup.$$eval('.stages .unknown .sr', (es) => es.map((e) => e.textContent))) {
        assert.match(s, /: not known from what USCIS sent$/);
      }
      if (fixture.bodies.documents) {
        const docs = data(parse(fixture.bodies.documents));
        const shown = await popup.$$eval('[data-section=timeline] tr[data-kind=document] .label', (ls) => ls.map((l) => l.textContent));
        assert.deepEqual(shown.sort(), docs.map((d) => d.type).sort());
      }
      if (fixture.bodies.case_status) {
        const status = data(parse(fixture.bodies.case_status));
        assert.equal(await headline(popup), status.statusTitle);
        assert.match(await field(popup, 'office'), new RegExp(status.jurisdictionDescription));
        const text = await popup.$eval('[data-field="status-text"]', (e) => e.textContent);
        assert.ok(!/<a\b/.test(text), 'status text is shown without HTML tags');
      }
      // Per endpoint: HTTP status, and the pretty-printed body has the served tokens.
      for (const key of ENDPOINTS) {
        const http = await popup.$eval(`[data-endpoint="${key}"] [data-http]`, (e) => e.dataset.http);
        if (fixture.bodies[key]) {
          assert.equal(http, '200');
          assert.equal(await rawText(popup, key), fixture.bodies[key].toString('utf8'), `${key}: the Raw view is the served body`);
          assert.equal(await clipboardAfter(popup, `[data-action="copy-raw:${key}"]`), fixture.bodies[key].toString('utf8'),
            `${key}: the copied raw body is the served bytes`);
        } else {
          assert.equal(http, '404');
          assert.match(await popup.$eval(`[data-endpoint="${key}"] [data-outcome]`, (e) => e.textContent), /Not found/);
        }
      }
      // The four requests went to the observed paths, same-origin, with the session.
      const api = server.requests.filter((r) => r.path.includes('/api/'));
      assert.ok(api.length >= 4 && api.every((r) => r.secFetchSite === 'same-origin' && r.signedIn), JSON.stringify(api));
      assert.equal(await popup.$eval('[data-via]', (e) => e.dataset.via), 'page');
      await popup.close();
    });
  }

  test('copy buttons put the exact raw body, all four bodies, and the summary on the clipboard', async () => {
    const receipt = 'IOE0887654321';
    const fixture = server.cases.get(receipt);
    const popup = await openCase(receipt);
    for (const key of ENDPOINTS) {
      assert.equal(await clipboardAfter(popup, `[data-action="copy-raw:${key}"]`), fixture.bodies[key].toString('utf8'), key);
    }
    assert.match(await popup.$eval('[data-toast]', (e) => e.textContent), /Copied the raw documents answer/);
    const all = JSON.parse(await clipboardAfter(popup, '[data-action="copy-all"]'));
    assert.deepEqual(Object.keys(all), ENDPOINTS);
    for (const key of ENDPOINTS) assert.deepEqual(all[key], parse(fixture.bodies[key]));
    const summary = await clipboardAfter(popup, '[data-action="copy-summary"]');
    assert.match(summary, /^Receipt: IOE0887654321$/m);
    assert.match(summary, /^Status: Card Was Picked Up By The United States Postal Service$/m);
    assert.match(summary, /SA – Case Was Approved/);
    await popup.close();
  });

  test('a keyboard shortcut opens the popup: Alt+Shift+U, changeable in the browser', async () => {
    const popup = await openPopup(browser, page);
    const commands = await popup.evaluate(() => chrome.commands.getAll());
    assert.deepEqual(commands.map(({ name, shortcut }) => ({ name, shortcut })),
      [{ name: '_execute_action', shortcut: 'Alt+Shift+U' }]);
    await popup.close();
  });

  test('on a phone, where Firefox for Android opens the popup full screen, it takes the screen\'s width', async () => {
    const phone = await browser.newPage();
    try {
      // A phone's screen, touch for a pointer (what tells the popup it is on one).
      await phone.setViewport({ width: 360, height: 740, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      await phone.goto(`chrome-extension://${extensionId}/popup.html`);
      await phone.waitForSelector('#app .popup');
      assert.equal(await phone.$eval('meta[name=viewport]', (m) => m.content), 'width=device-width, initial-scale=1');
      const { body, page: wide, coarse } = await phone.evaluate(() => ({
        body: document.body.getBoundingClientRect().width,
        page: document.documentElement.scrollWidth,
        coarse: matchMedia('(pointer: coarse)').matches,
      }));
      assert.ok(coarse, 'the emulated phone has a coarse pointer');
      assert.equal(body, 360, 'the page is as wide as the screen, not the desktop popup\'s 480 px');
      assert.ok(wide <= 360, `nothing wider than the screen (${wide} px)`);
    } finally {
      await phone.close();
    }
  });

  test('the WebAssembly core loads on first use, not on a page view', async () => {
    const seen = [];
    const onRequest = (r) => seen.push(r.url());
    page.on('request', onRequest);
    await forgetAnswers(browser, extensionId);
    server.mode.account = ['IOE0912345678'];
    await page.goto('https://my.uscis.gov/account/applicant');
    await page.waitForFunction(() => document.documentElement.dataset.cardsDrawn, { timeout: 5000 });
    await new Promise((r) => setTimeout(r, 500));
    const loaded = () => seen.some((u) => u.startsWith('chrome-extension://') && u.endsWith('/pkg/casescope_bg.wasm'));
    assert.ok(seen.some((u) => u.endsWith('/account/applicant')), 'requests of the page are observed');
    assert.equal(loaded(), false, 'no Wasm on a plain page view');
    const popup = await openPopup(browser, page);
    await popup.waitForSelector('.case:not([data-from=page]) [data-section=raw]');
    assert.equal(loaded(), true, `Wasm loaded once the popup asked for the case: ${seen.join(' ')}`);
    page.off('request', onRequest);
    await popup.close();
  });

  test('the four endpoints are fetched concurrently', async () => {
    server.mode.delayMs = 400;
    server.requests.length = 0;
    try {
      const popup = await openCase('IOE0912345678');
      const api = server.requests.filter((r) => r.path.includes('/api/'));
      assert.equal(api.length, 4);
      const lastStart = Math.max(...api.map((r) => r.start));
      const firstEnd = Math.min(...api.map((r) => r.end));
      assert.ok(lastStart < firstEnd, 'every request started before the first answer');
      await popup.close();
    } finally { server.mode.delayMs = 0; }
  });

  test('short API paths are tried once after a 404 on the observed ones', async () => {
    server.mode.paths = 'short';
    server.requests.length = 0;
    try {
      const popup = await openCase('IOE0955500011');
      assert.match(await headline(popup), /request for initial evidence|Evidence/i);
      const paths = server.requests.filter((r) => r.path.includes('/api/')).map((r) => `${r.status} ${r.path}`);
      assert.ok(paths.includes('404 /account/case-service/api/cases/IOE0955500011'), paths.join('\n'));
      assert.ok(paths.includes('200 /api/cases/IOE0955500011'), paths.join('\n'));
      assert.equal(paths.length, 8, paths.join('\n'));
      await popup.close();
    } finally { server.mode.paths = 'observed'; }
  });
});

describe('a page with a strict Content-Security-Policy', () => {
  test('the background worker fetches instead, with the same result', async () => {
    server.requests.length = 0;
    const popup = await openCase('IOE0887654321', { csp: true });
    const pageResp = server.requests.find((r) => r.path === '/account/applicant');
    assert.ok(pageResp, 'the account page was served');
    assert.equal(await popup.$eval('[data-via]', (e) => e.dataset.via), 'background');
    assert.match(await popup.$eval('.diagnostics', (e) => e.textContent), /security policy/);
    assert.equal(await headline(popup), 'Card Was Picked Up By The United States Postal Service');
    const api = server.requests.filter((r) => r.path.includes('/api/'));
    assert.equal(api.length, 4);
    assert.ok(api.every((r) => r.signedIn), 'the session cookie went with the background requests');
    await popup.close();
  });
});

describe('what USCIS recorded', () => {
  test('an update explained by an event recorded that day, each copy of a re-issued event, every value as sent', async () => {
    const popup = await openCase('IOE0944455566');
    assert.equal(await popup.$eval('[data-field="silent-update"]', (e) => e.textContent),
      'The status has not changed since Aug 14, 2026. On Sep 30, 2026 USCIS recorded event FTA0, dated Aug 14, 2026.');
    // USCIS's HTML: its words, not its script or styles, and words kept apart around the link.
    const statusText = await popup.$eval('[data-field="status-text"]', (e) => e.textContent);
    assert.ok(!/do not show|color: red|reviewer/.test(statusText), statusText);
    assert.match(statusText, /go to www\.uscis\.gov\/addresschange to give us/);
    // The event dated Aug 14 says when it was recorded.
    assert.match(await popup.$eval('tr[data-code="FTA0"][data-kind=event]', (e) => e.textContent), /recorded Sep 30, 2026/);
    // The re-issued IAF: one row, each copy with its own recorded day.
    assert.match(await popup.$eval('tr[data-code="IAF"][data-kind=event] [data-copies]', (e) => e.textContent),
      /recorded Mar 2, 2026, .*; Mar 7, 2026, .* \(backdated copy\)$/);
    await popup.click('[data-action="values:$.data.events[1]"]');
    const copies = await popup.$$eval('[data-values="$.data.events[1]"] .copy', (ps) => ps.map((p) => p.textContent));
    assert.equal(copies.length, 2);
    assert.match(copies[0], /^Copy 1 of 2 – recorded Mar 2, 2026/);
    assert.match(copies[1], /^Copy 2 of 2 – recorded Mar 7, 2026, .* \(backdated copy\)$/);
    // The notice's 21-digit letterId, exactly, and its way to the raw answer.
    await popup.click('[data-action="values:$.data.notices[0]"]');
    const letter = await popup.$eval('[data-values="$.data.notices[0]"]', (e) =>
      [...e.querySelectorAll('.kv')].find((kv) => kv.querySelector('dt').textContent === 'letterId').querySelector('dd').firstChild.textContent);
    assert.equal(letter, '123456789012345678901');
    await popup.click('[data-values="$.data.notices[0]"] [data-action="v:show:cases:$.data.notices[0].letterId"]');
    await popup.waitForFunction(() => document.activeElement?.dataset.path === '$.data.notices[0].letterId');
    assert.equal(await popup.$eval('[data-path="$.data.notices[0].letterId"] .t-num', (e) => e.textContent), '123456789012345678901');
    await popup.close();
  });
});

describe('receipts and messages', () => {
  test('the account page lists every receipt and waits for a choice', async () => {
    server.everyCase();
    server.requests.length = 0;
    await page.goto('https://my.uscis.gov/account/applicant');
    const popup = await openPopup(browser, page);
    const listed = await popup.$$eval('.receipts [data-action^="choose:"]', (bs) => bs.map((b) => b.textContent));
    assert.deepEqual(listed.sort(), [...server.cases].filter(([, c]) => !c.hidden).map(([k]) => k).sort());
    assert.equal(await popup.$('[data-section=summary]'), null);
    assert.equal(server.requests.filter((r) => r.path.includes('/api/')).length, 0, 'nothing fetched before a choice');
    await popup.click('[data-action="choose:IOE0912345678"]');
    await popup.waitForSelector('.case:not([data-from=page]) [data-section=summary]');
    assert.match(await field(popup, 'receipt'), /^IOE0912345678/);
    await popup.close();
  });

  test('a typed receipt is normalised; a bad one gets a clear message and no request', async () => {
    server.everyCase();
    await page.goto('https://my.uscis.gov/account/applicant');
    const popup = await openPopup(browser, page);
    server.requests.length = 0;
    await popup.type('#receipt-input', 'IOE-123');
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('[data-state=bad-receipt]');
    assert.match(await popup.$eval('[data-state=bad-receipt]', (e) => e.textContent), /3 letters followed by 10 digits/);
    assert.equal(server.requests.length, 0, 'no request for a bad receipt');
    await popup.$eval('#receipt-input', (e) => { e.value = ''; });
    await popup.type('#receipt-input', ' ioe 0955 500 011 ');
    await popup.click('form button[type=submit]');
    await popup.waitForSelector('.case:not([data-from=page]) [data-section=summary]');
    assert.match(await field(popup, 'receipt'), /^IOE0955500011/);
    await popup.close();
  });

  test('a content script (a page the renderer controls) cannot make the background fetch', async () => {
    const client = await page.createCDPSession();
    const contexts = [];
    client.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
    await client.send('Runtime.enable');
    await forgetAnswers(browser, extensionId);
    server.mode.account = ['IOE0912345678'];
    await page.goto('https://my.uscis.gov/account/applicant');
    await new Promise((r) => setTimeout(r, 300));
    const isolated = contexts.filter((c) => c.origin.startsWith('chrome-extension://') || c.name.includes('CaseScope')).pop();
    assert.ok(isolated, `the content script's world: ${JSON.stringify(contexts.map((c) => [c.name, c.origin]))}`);
    const { result } = await client.send('Runtime.evaluate', {
      contextId: isolated.id,
      awaitPromise: true,
      returnByValue: true,
      expression: "chrome.runtime.sendMessage({type: 'Fetch', v: 2, receipt: 'IOE0912345678'})",
    });
    assert.equal(result.value.type, 'Refused');
    assert.match(result.value.reason, /not one of CaseScope's own pages/);
    await client.detach();
  });

  test('a forged message is refused by the background and the content script', async () => {
    const popup = await openPopup(browser, page);
    const bad = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'Fetch', v: 2, receipt: 'IOE0912345678/../../x' }));
    assert.equal(bad.type, 'Refused');
    const old = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'Fetch', v: 99, receipt: 'IOE0912345678' }));
    assert.equal(old.type, 'Refused');
    await popup.close();
  });
});

describe('signed out and elsewhere', () => {
  test('signed out: "Sign in to my.uscis.gov" with a button that opens the sign-in page', async () => {
    await forgetAnswers(browser, extensionId);
    server.mode.account = ['IOE0912345678'];
    await page.goto('https://my.uscis.gov/account/applicant');
    // The session ends while the page stays open (as it does after 15-30 minutes idle).
    const client = await page.createCDPSession();
    await client.send('Network.clearBrowserCookies');
    const popup = await openPopup(browser, page);
    await popup.waitForSelector('[data-state=signed-out]');
    assert.match(await popup.$eval('[data-state=signed-out]', (e) => e.textContent), /Sign in to my\.uscis\.gov/);
    // Only the sign-in state: nothing under it reads as the case.
    const text = await popup.$eval('.case', (e) => e.innerText);
    assert.ok(!/No status title|Not known|Stage/.test(text), text);
    assert.equal(await popup.$('[data-section=summary]'), null);
    assert.equal(await popup.$('[data-endpoint]'), null);
    await popup.click('[data-action="sign-in"]');
    // The site sends a signed-out visitor of the account page to its sign-in.
    await page.waitForFunction(() => location.pathname === '/auth');
    await signIn(page);
  });

  test('on a tab that is not my.uscis.gov the popup explains what to do', async () => {
    await page.goto('about:blank');
    const popup = await openPopup(browser, page);
    await popup.waitForSelector('[data-state=elsewhere]');
    assert.match(await popup.$eval('[data-state=elsewhere]', (e) => e.textContent), /works on my\.uscis\.gov/);
    await popup.close();
  });
});

describe('privacy', () => {
  test('nothing but my.uscis.gov was contacted, and only on the endpoint table and site pages', async () => {
    await closePopups(browser);
    await browser.close();
    browser = null;
    const requests = netLogRequests(netLog);
    const ours = requests.filter((r) => r.initiator !== 'not an origin');
    assert.ok(ours.some((r) => r.url.includes('/account/case-service/api/')), 'the log saw the API requests');
    const hosts = new Set(ours.filter((r) => !r.url.startsWith('chrome-extension://')).map((r) => new URL(r.url).host));
    assert.deepEqual([...hosts], ['my.uscis.gov']);
    const fromExtension = ours.filter((r) => r.initiator.startsWith('chrome-extension://') && !r.url.startsWith('chrome-extension://'));
    // The extension's own requests: endpoint-table paths, and the sign-in page
    // that the "Sign in" button opened in the tab (and the site's redirect from it).
    const allowed = (p) => API.some((a) => a.observed.test(p) || a.short.test(p)) || ['/account/applicant', '/oidc/login', '/auth'].includes(p);
    assert.ok(fromExtension.length >= 4, 'the background fetches are in the log');
    for (const r of fromExtension) assert.ok(allowed(new URL(r.url).pathname), r.url);
    // Everything the fake my.uscis.gov was asked: endpoint-table paths, and the
    // site pages these tests opened in the tab themselves.
    const pages = [/^\/$/, /^\/oidc\/login$/, /^\/auth$/, /^\/auth\/verify$/, /^\/sign-in$/, /^\/account\/applicant(\/profile)?$/,
      /^\/account\/assets\/case-cards\.js$/, /^\/account\/other-page\/[A-Z]{3}\d{10}$/, /^\/favicon\.ico$/];
    for (const r of server.allRequests) {
      assert.ok(API.some((a) => a.observed.test(r.path) || a.short.test(r.path)) || pages.some((p) => p.test(r.path)), r.path);
    }
  });
});

function loadedCases() {
  // Read synchronously at definition time: one test per fixture case.
  return [...loadCasesSync()];
}

function loadCasesSync() {
  const dir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures');
  const out = new Map();
  for (const name of fs.readdirSync(dir)) {
    const full = path.join(dir, name);
    if (!fs.statSync(full).isDirectory()) continue;
    const files = name === 'real' ? fs.readdirSync(full).map((f) => [f, { cases: path.join(full, f) }])
      : [[name, Object.fromEntries(ENDPOINTS.map((k) => [k, path.join(full, `${k}.json`)]).filter(([, f]) => fs.existsSync(f)))]];
    for (const [label, paths] of files) {
      const bodies = Object.fromEntries(Object.entries(paths).map(([k, f]) => [k, fs.readFileSync(f)]));
      const c = data(parse(bodies.cases));
      out.set(c.receiptNumber, { name: name === 'real' ? `real/${label}` : label, bodies });
    }
  }
  return out;
}
