// End to end, in Chromium: the account page as other tools read the live
// site (fake-uscis.mjs). Its cards are drawn by the page's script after
// load (or are in the HTML and drawn again), and each gets a CaseScope
// control beside its receipt, which stays across redraws and client-side
// navigations and opens that case over the page. A page view asks USCIS
// nothing and loads no WebAssembly; the background is asked which regions
// are cases once per page load and once per batch of redraws that adds
// regions, never once per mutation.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { API } from './fake-uscis.mjs';
import { closePopups, forgetAnswers, inPageControl, openInPageViewer, openPopup, signedInSuite } from './browser.mjs';

const DIST = process.env.CASESCOPE_DIST || path.resolve('dist/casescope');
let server; let browser; let page; let extensionId; let sw;
signedInSuite({ dist: DIST }, (s) => ({ server, browser, page, extensionId, sw } = s));

const THREE = ['IOE0912345678', 'IOE0887654321', 'IOE0955500011'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const apiAsked = () => server.requests.filter((r) => API.some((a) => a.observed.test(r.path) || a.short.test(r.path)));

/** Counts the content script's questions to the background (PageCases), from inside the service worker. */
async function countQuestions() {
  const worker = await sw();
  await worker.evaluate(() => {
    self.__pageCases = 0;
    if (!self.__counting) {
      self.__counting = true;
      chrome.runtime.onMessage.addListener((m) => { if (m?.type === 'PageCases') self.__pageCases += 1; });
    }
  });
  return () => worker.evaluate(() => self.__pageCases);
}

/** Receipts whose card holds a CaseScope control, in page order (the host element is in the page's DOM). */
const cardsWithControls = () => page.evaluate(() => [...document.querySelectorAll('[role=region][id^=region_]')]
  .filter((r) => r.querySelector('casescope-control')).map((r) => r.id.slice('region_'.length)));

async function waitForControls(n, timeout = 6000) {
  const until = Date.now() + timeout;
  let got = [];
  while (Date.now() < until) {
    got = await cardsWithControls();
    if (got.length === n) return got;
    await sleep(50);
  }
  return got;
}

describe('the account page', () => {
  for (const variant of ['script', 'html']) {
    for (const receipts of [THREE.slice(0, 1), THREE]) {
      test(`${receipts.length} case(s), cards ${variant === 'html' ? 'in the HTML and drawn again' : 'drawn after load'}: a control in each card`, async () => {
        await closePopups(browser);
        server.mode.account = receipts;
        server.mode.cards = variant;
        server.requests.length = 0;
        const asked = await countQuestions();
        const seen = [];
        const onRequest = (r) => seen.push(r.url());
        page.on('request', onRequest);
        try {
          await page.goto('https://my.uscis.gov/account/applicant');
          if (variant === 'html') {
            // Server-rendered cards get their controls at once; the page's
            // script then draws the cards again, throwing them away.
            assert.deepEqual(await waitForControls(receipts.length), receipts);
            assert.equal(await page.evaluate(() => document.documentElement.dataset.cardsDrawn), undefined);
          }
          await page.waitForFunction(() => document.documentElement.dataset.cardsDrawn === '1', { timeout: 5000 });
          assert.deepEqual(await waitForControls(receipts.length), receipts);
          // Beside the receipt: in the paragraph that says "Receipt #".
          const where = await page.evaluate(() => [...document.querySelectorAll('casescope-control')]
            .map((c) => c.parentElement.textContent.includes('Receipt #')));
          assert.ok(where.every(Boolean), JSON.stringify(where));
          // No floating button where there are cards.
          assert.equal((await inPageControl(page))?.kind, 'card');
          await sleep(300);
          assert.equal(apiAsked().length, 0, 'a page view asks USCIS nothing');
          assert.ok(!seen.some((u) => u.endsWith('.wasm')), 'no WebAssembly in the page');
          // Once for the page load, once for the batch that drew the cards.
          assert.ok(await asked() <= 2, `asked ${await asked()} times`);
        } finally {
          page.off('request', onRequest);
          server.mode.cards = 'script';
        }
      });
    }
  }

  test('the controls stay across the page\'s redraws and client-side navigations, asking little', async () => {
    server.mode.account = THREE;
    await page.goto('https://my.uscis.gov/account/applicant');
    assert.deepEqual(await waitForControls(3), THREE);
    const asked = await countQuestions();
    // React draws the cards again: new nodes, without the controls.
    for (let i = 0; i < 5; i++) {
      await page.evaluate(() => window.fakeUscis.redraw());
      await sleep(20);
    }
    assert.deepEqual(await waitForControls(3), THREE);
    assert.equal(await page.evaluate(() => document.querySelectorAll('casescope-control').length), 3, 'one control a card');
    // Still CaseScope's button, styled (at least 32 px tall), not a bare one.
    const heights = await page.evaluate(() => [...document.querySelectorAll('casescope-control')].map((c) => c.getBoundingClientRect().height));
    assert.ok(heights.every((h) => h >= 32), JSON.stringify(heights));
    assert.equal(await asked(), 0, 'cards already judged are not asked about again');
    // Away (no cards, no control) and back with history.pushState.
    await page.click('a[href="/account/applicant/profile"]');
    await page.waitForFunction(() => !document.querySelector('[role=region]'));
    assert.equal(await inPageControl(page), null);
    await page.click('a[href="/account/applicant"]');
    assert.deepEqual(await waitForControls(3), THREE);
    assert.equal(new URL(page.url()).pathname, '/account/applicant');
    assert.equal(apiAsked().filter((r) => r.start > Date.now() - 10000).length, 0);
  });

  test('a card whose case is missing from the page\'s data still gets its control', async () => {
    server.mode.account = THREE.slice(0, 2);
    await page.goto('https://my.uscis.gov/account/applicant');
    assert.deepEqual(await waitForControls(2), THREE.slice(0, 2));
    // A card the embedded data does not have (a broken deploy, another extension).
    await page.evaluate((r) => {
      const mount = document.querySelector('[id^="CaseCardsApp-react-component-"]');
      mount.insertAdjacentHTML('beforeend', `<div role="region" id="region_${r}" class="uscis-card account-card">
        <h3>I-131, Application for Travel Document</h3><p><b>Receipt #</b> ${r}</p></div>`);
    }, THREE[2]);
    assert.deepEqual(await waitForControls(3), THREE);
    assert.ok(!(await page.evaluate(() => document.querySelector("script[data-component-name='CaseCardsApp']").textContent))
      .includes(THREE[2]), 'not in the page\'s data');
  });

  test('each control opens its own case over the page', async () => {
    server.mode.account = THREE;
    await forgetAnswers(browser, extensionId);
    await page.goto('https://my.uscis.gov/account/applicant');
    await waitForControls(3);
    for (const receipt of [THREE[1], THREE[2]]) {
      const frame = await openInPageViewer(page, receipt);
      assert.ok(frame, `the viewer opened for ${receipt}`);
      await frame.waitForSelector('.case:not([data-from=page]) [data-section=summary]', { timeout: 20000 });
      assert.match(await frame.$eval('[data-field="receipt"] dd', (e) => e.textContent), new RegExp(`^${receipt}`));
      await frame.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
      for (let i = 0; i < 50 && page.frames().some((f) => f.url().includes('popup.html')); i++) await sleep(100);
      assert.ok(!page.frames().some((f) => f.url().includes('popup.html')), 'closed');
      // The controls put back after a redraw open their own case too.
      await page.evaluate(() => window.fakeUscis.redraw());
      await sleep(200);
      assert.deepEqual(await waitForControls(3), THREE);
    }
    // A redraw while the viewer is open does not close it, and the controls
    // put back stay out of its way until it closes.
    const frame = await openInPageViewer(page, THREE[0]);
    await page.evaluate(() => window.fakeUscis.redraw());
    await sleep(300);
    assert.ok(page.frames().includes(frame), 'the viewer stays open across a redraw');
    assert.deepEqual(await waitForControls(3), THREE);
    assert.equal((await inPageControl(page, THREE[1])).hidden, true, 'a control put back while the viewer is open is hidden');
    await frame.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    for (let i = 0; i < 50 && page.frames().some((f) => f.url().includes('popup.html')); i++) await sleep(100);
    assert.equal((await inPageControl(page, THREE[1])).hidden, false, 'and shown again once it closes');
  });

  test('another page of the site about one case gets the floating button; the sign-in page gets none', async () => {
    await page.goto('https://my.uscis.gov/account/other-page/IOE0955500011');
    let control = null;
    for (let i = 0; i < 50 && !control; i++) {
      control = await inPageControl(page);
      if (!control) await sleep(100);
    }
    assert.equal(control?.kind, 'floating');
    const frame = await openInPageViewer(page, 'IOE0955500011');
    assert.ok(frame);
    await frame.waitForSelector('.case:not([data-from=page]) [data-section=summary]', { timeout: 20000 });
    await frame.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    await page.goto('https://my.uscis.gov/sign-in');
    await sleep(800);
    assert.equal(await inPageControl(page), null);
  });
});

describe('the account page\'s own data', () => {
  const RECEIPT = 'IOE0912345678';
  const events = (view) => view.$$eval('[data-section=timeline] tr[data-kind=event]', (rows) => rows.length);

  test('the popup shows the case from the page before USCIS answers, then USCIS\'s answer, raw showing both', async () => {
    await closePopups(browser);
    await forgetAnswers(browser, extensionId);
    server.mode.account = [RECEIPT];
    server.mode.delayMs = 1500;
    try {
      await page.goto('https://my.uscis.gov/account/applicant');
      server.requests.length = 0;
      const popup = await openPopup(browser, page);
      await popup.waitForSelector('[data-section=timeline] tr[data-kind=event]', { timeout: 1400 });
      assert.equal(server.requests.filter((r) => r.endpoint && r.end).length, 0, 'on screen before any answer');
      assert.ok(await events(popup) > 0);
      assert.match(await popup.$eval('[data-state=from-page]', (e) => e.textContent), /account page's own data while USCIS is asked/);
      // The page's copy in raw, exactly as the page has it.
      const pageCopy = await page.evaluate(() => JSON.stringify(JSON.parse(document.querySelector(
        "script[data-component-name='CaseCardsApp']").textContent).cases[0]));
      await popup.click('[data-action="v:tab:page"]');
      await popup.click('[data-action="v:mode:raw"]');
      const raw = await popup.$eval('[data-raw-text="page"]', (e) => [...e.querySelectorAll('.lt')].map((l) => l.textContent).join('\n'));
      assert.equal(raw, pageCopy);
      await popup.click('[data-action="v:mode:tree"]');
      // Then USCIS's answer, which wins on screen; the notice goes.
      await popup.waitForSelector('[data-endpoint="cases"] [data-http="200"]', { timeout: 10000 });
      await popup.waitForFunction(() => !document.querySelector('[data-state=from-page]'));
      assert.equal(await popup.$eval('[data-field="headline"]', (e) => e.textContent), 'Case Is Being Actively Reviewed By USCIS');
      assert.ok(await popup.$('[data-action="v:tab:page"]'), 'raw still shows the page\'s copy');
      await popup.close();
    } finally { server.mode.delayMs = 0; }
  });

  test('when /cases fails, the page\'s copy stands in and says so, over the page too', async () => {
    await closePopups(browser);
    await forgetAnswers(browser, extensionId);
    server.mode.account = [RECEIPT];
    server.mode.faults = { cases: '500' };
    try {
      await page.goto('https://my.uscis.gov/account/applicant');
      const popup = await openPopup(browser, page);
      await popup.waitForSelector('[data-endpoint="cases"] [data-http="500"]', { timeout: 15000 });
      await popup.waitForFunction(() => !document.querySelector('[data-state=loading], [data-state=retry-wait]'), { timeout: 20000 });
      assert.ok(await events(popup) > 0, 'the events are shown');
      assert.match(await popup.$eval('[data-state=from-page]', (e) => e.textContent),
        /^USCIS's case answer could not be read, so the form, dates, events and notices shown are the account page's own copy\.$/);
      await popup.close();
      await forgetAnswers(browser, extensionId);
      await waitForControls(1);
      const frame = await openInPageViewer(page, RECEIPT);
      await frame.waitForSelector('[data-state=from-page]', { timeout: 20000 });
      assert.ok(await events(frame) > 0, 'the events are shown over the page');
      await frame.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    } finally { server.mode.faults = {}; }
  });
});
