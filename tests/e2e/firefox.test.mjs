// End to end in Firefox (ESR, through WebDriver BiDi): the same unpacked
// extension loads, its content script and background run the Rust core, and
// the viewer opened over the case page fetches the case with the session
// cookie, on both CSP variants.
// The fake my.uscis.gov listens on 127.0.0.1:443 here: Firefox resolves
// my.uscis.gov to 127.0.0.1 (network.dns.localDomains) on the default port.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { startFakeUscis } from './fake-uscis.mjs';

const DIST = path.resolve(process.env.CASESCOPE_DIST || 'dist/casescope');
const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
let server; let browser; let page;

before(async () => {
  server = await startFakeUscis({ port: 443 });
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    acceptInsecureCerts: true,
    extraPrefsFirefox: { 'network.dns.localDomains': 'my.uscis.gov' },
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
});
