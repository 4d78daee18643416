// End to end in Firefox (ESR, through WebDriver BiDi): the same unpacked
// extension loads, its content script and background run the Rust core, and
// the viewer opened over the case page fetches the case with the session
// cookie, on both CSP variants. The viewer page itself is checked as a tab:
// WebDriver may not navigate to moz-extension:// addresses, but a my.uscis.gov
// page may (the page is web-accessible there), and the driver can then read it.
// The fake my.uscis.gov listens on 127.0.0.1:443 here: Firefox resolves
// my.uscis.gov to 127.0.0.1 (network.dns.localDomains) on the default port.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { HOSTILE_RECEIPT, startFakeUscis } from './fake-uscis.mjs';

const DIST = path.resolve(process.env.CASESCOPE_DIST || 'dist/casescope');
const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
let server; let browser; let page;
// The extension's moz-extension:// host, fixed by a preference so that the
// tests can name its page.
const UUID = '0b7c1c8e-5d7e-4c65-9d8a-2f1e3c4b5a69';

before(async () => {
  server = await startFakeUscis({ port: 443 });
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      'network.dns.localDomains': 'my.uscis.gov',
      'extensions.webextensions.uuids': JSON.stringify({ 'casescope@casescope.invalid': UUID }),
    },
  });
  await browser.installExtension(DIST);
  page = (await browser.pages())[0] || (await browser.newPage());
  await page.setViewport({ width: 1000, height: 700 });
  await page.goto('https://my.uscis.gov/login');
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function control() {
  for (let i = 0; i < 50; i++) {
    if (await page.evaluate(() => !!document.querySelector('casescope-control'))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** A new tab showing CaseScope's viewer page for `receipt`, reached from a my.uscis.gov page. */
async function viewerTab(receipt) {
  const tab = await browser.newPage();
  await tab.setViewport({ width: 1280, height: 800 });
  await tab.goto('https://my.uscis.gov/account/applicant');
  await tab.evaluate((u) => { location.href = u; }, `moz-extension://${UUID}/popup.html?receipt=${receipt}`);
  await tab.waitForSelector('.case:not([aria-busy]) [data-section=timeline]', { timeout: 20000 });
  return tab;
}

describe('Firefox', () => {
  test('no control on a page about several cases', async () => {
    await page.goto('https://my.uscis.gov/account/applicant');
    assert.equal(await control(), false);
  });

  // Two receipts: an answer is reused for 30 s, and this one should really ask.
  for (const [csp, receipt] of [[false, 'IOE0887654321'], [true, 'IOE0912345678']]) {
    test(`the case opens over the page${csp ? ' with a strict CSP' : ''}`, async () => {
      server.requests.length = 0;
      await page.goto(`https://my.uscis.gov/account/case/${receipt}${csp ? '?csp=strict' : ''}`);
      assert.ok(await control(), 'the background (Rust) recognised the case page');
      // The button sits in the bottom-right corner of the window.
      await page.mouse.click(1000 - 60, 700 - 30);
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
});
