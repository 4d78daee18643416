// End to end, in Chromium: the account page as other tools read the live
// site (fake-uscis.mjs), on each of its layouts (LAYOUTS): today's
// `region_` cards (drawn after load, or in the HTML and drawn again), cards
// with no ids, roles or data found by their text alone, and a concurrent
// filing grouped under its label with one case closed. Each card gets a
// CaseScope control beside its receipt, which stays across redraws and
// client-side navigations and opens that case over the page, under either
// page CSP. The popup lists every case with its form and, where the card
// shows one, its status, and says how the cards were found. A page view
// asks USCIS nothing and loads no WebAssembly; the background is asked once
// per page load and once per batch of redraws that shows something new,
// never once per mutation.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { API } from './fake-uscis.mjs';
import { CASE_READY, closePopups, forgetAnswers, inPageControl, openInPageViewer, openPopup, signedInSuite } from './browser.mjs';

const DIST = process.env.CASESCOPE_DIST || path.resolve('dist/casescope');
let server; let browser; let page; let extensionId; let sw;
signedInSuite({ dist: DIST }, (s) => ({ server, browser, page, extensionId, sw } = s));

const THREE = ['IOE0912345678', 'IOE0887654321', 'IOE0955500011'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const apiAsked = () => server.requests.filter((r) => API.some((a) => a.observed.test(r.path) || a.short.test(r.path)));

/** Each layout the fake site draws, as a person meets it. */
const RUNS = [
  { layout: 'id', cards: 'script', name: 'today\'s region_ cards, drawn after load', found: 'cards by id', data: 'read' },
  { layout: 'id', cards: 'html', name: 'today\'s region_ cards, in the HTML and drawn again', found: 'cards by id', data: 'read' },
  { layout: 'text', cards: 'html', name: 'cards with no ids, roles or data', found: 'cards by text', data: 'absent' },
  { layout: 'grouped', cards: 'html', name: 'a concurrent filing under its label, one case closed', found: 'cards by text', data: 'read' },
];

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

/**
 * The controls in the page's cards (not the floating one), in page order:
 * each one's receipt, and whether it sits beside that receipt ("Receipt #
 * IOE…" is its element's text). Their hosts are in the page's DOM.
 */
const cardControls = () => page.evaluate(() => [...document.querySelectorAll('casescope-control')]
  .filter((c) => c.parentElement !== document.documentElement)
  .map((c) => ({ receipt: c.dataset.receipt, beside: c.parentElement.textContent.includes(`Receipt # ${c.dataset.receipt}`) })));

/** Waits until the cards' controls are those of `want`, in order, each beside its receipt. */
async function waitForControls(want, timeout = 6000) {
  const until = Date.now() + timeout;
  let got = [];
  while (Date.now() < until) {
    got = await cardControls();
    if (JSON.stringify(got.map((c) => c.receipt)) === JSON.stringify(want)) break;
    await sleep(50);
  }
  assert.deepEqual(got.map((c) => c.receipt), want, 'one control for each receipt, in page order');
  assert.ok(got.every((c) => c.beside), `each beside its receipt: ${JSON.stringify(got)}`);
  return got;
}

const onLayout = (run, receipts) => {
  server.mode.account = receipts;
  server.mode.layout = run.layout;
  server.mode.cards = run.cards;
};

const closeFrame = async (frame) => {
  await frame.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
  for (let i = 0; i < 50 && page.frames().some((f) => f.url().includes('popup.html')); i++) await sleep(100);
  assert.ok(!page.frames().some((f) => f.url().includes('popup.html')), 'closed');
};

for (const run of RUNS) {
  describe(`the account page: ${run.name}`, () => {
    for (const receipts of [THREE.slice(0, 1), THREE]) {
      test(`${receipts.length} case(s): a control beside each receipt, and nothing asked of USCIS`, async () => {
        await closePopups(browser);
        onLayout(run, receipts);
        server.requests.length = 0;
        const asked = await countQuestions();
        const seen = [];
        const onRequest = (r) => seen.push(r.url());
        page.on('request', onRequest);
        try {
          await page.goto('https://my.uscis.gov/account/applicant');
          if (run.cards === 'html') {
            // Cards in the HTML get their controls at once; the page's
            // script then draws them again, throwing them away.
            await waitForControls(receipts);
            assert.equal(await page.evaluate(() => document.documentElement.dataset.cardsDrawn), undefined);
          }
          await page.waitForFunction(() => document.documentElement.dataset.cardsDrawn === '1', { timeout: 5000 });
          await waitForControls(receipts);
          // No floating button where there are cards.
          assert.equal((await inPageControl(page))?.kind, 'card');
          await sleep(300);
          assert.equal(apiAsked().length, 0, 'a page view asks USCIS nothing');
          assert.ok(!seen.some((u) => u.endsWith('.wasm')), 'no WebAssembly in the page');
          // Once for the page load, once for the batch that drew the cards.
          assert.ok(await asked() <= 2, `asked ${await asked()} times`);
        } finally {
          page.off('request', onRequest);
          server.reset();
        }
      });
    }

    test('the controls stay across the page\'s redraws and client-side navigations, asking little', async () => {
      onLayout(run, THREE);
      await page.goto('https://my.uscis.gov/account/applicant');
      await page.waitForFunction(() => document.documentElement.dataset.cardsDrawn === '1', { timeout: 5000 });
      await waitForControls(THREE);
      const asked = await countQuestions();
      // React draws the cards again: new nodes, without the controls.
      for (let i = 0; i < 5; i++) {
        await page.evaluate(() => window.fakeUscis.redraw());
        await sleep(20);
      }
      await waitForControls(THREE);
      assert.equal(await page.evaluate(() => document.querySelectorAll('casescope-control').length), 3, 'one control a card');
      // Still CaseScope's button, styled (at least 32 px tall), not a bare one.
      const heights = await page.evaluate(() => [...document.querySelectorAll('casescope-control')].map((c) => c.getBoundingClientRect().height));
      assert.ok(heights.every((h) => h >= 32), JSON.stringify(heights));
      assert.equal(await asked(), 0, 'a redraw that shows the same cards is not asked about again');
      // Away (no cards, no control) and back with history.pushState.
      await page.click('a[href="/account/applicant/profile"]');
      await page.waitForFunction(() => !document.body.textContent.includes('Receipt #'));
      assert.equal(await inPageControl(page), null);
      await page.click('a[href="/account/applicant"]');
      await waitForControls(THREE);
      assert.equal(new URL(page.url()).pathname, '/account/applicant');
      assert.equal(apiAsked().filter((r) => r.start > Date.now() - 10000).length, 0);
      server.reset();
    });

    test('each control opens its own case over the page, under either CSP', async () => {
      onLayout(run, THREE);
      await forgetAnswers(browser, extensionId);
      for (const [receipt, query] of [[THREE[1], ''], [THREE[2], '?csp=strict']]) {
        await page.goto(`https://my.uscis.gov/account/applicant${query}`);
        await waitForControls(THREE);
        const frame = await openInPageViewer(page, receipt);
        assert.ok(frame, `the viewer opened for ${receipt}`);
        await frame.waitForSelector('.case:not([data-from=page]) [data-section=summary]', { timeout: 20000 });
        assert.match(await frame.$eval('[data-field="receipt"] dd', (e) => e.textContent), new RegExp(`^${receipt}`));
        await closeFrame(frame);
        // The controls put back after a redraw open their own case too.
        await page.evaluate(() => window.fakeUscis.redraw());
        await sleep(200);
        await waitForControls(THREE);
      }
      // A redraw while the viewer is open does not close it, and the controls
      // put back stay out of its way until it closes.
      const frame = await openInPageViewer(page, THREE[0]);
      await page.evaluate(() => window.fakeUscis.redraw());
      await sleep(300);
      assert.ok(page.frames().includes(frame), 'the viewer stays open across a redraw');
      await waitForControls(THREE);
      assert.equal((await inPageControl(page, THREE[1])).hidden, true, 'a control put back while the viewer is open is hidden');
      await closeFrame(frame);
      assert.equal((await inPageControl(page, THREE[1])).hidden, false, 'and shown again once it closes');
      server.reset();
    });

    test('the popup lists every case with its form and the status its card shows, and says how they were found', async () => {
      await closePopups(browser);
      onLayout(run, THREE);
      server.requests.length = 0;
      await page.goto('https://my.uscis.gov/account/applicant');
      await page.waitForFunction(() => document.documentElement.dataset.cardsDrawn === '1', { timeout: 5000 });
      await waitForControls(THREE);
      const popup = await openPopup(browser, page);
      await popup.waitForSelector('nav.receipts li[data-case]');
      const rows = await popup.$$eval('nav.receipts li[data-case]', (li) => li.map((l) => [l.dataset.case, l.textContent]));
      assert.deepEqual(rows.map(([r]) => r), THREE);
      const about = Object.fromEntries(rows);
      assert.match(about[THREE[0]], /I-485 – Application to Register Permanent Residence or Adjust Status/);
      assert.match(about[THREE[1]], /I-765 – Application for Employment Authorization/);
      assert.match(about[THREE[2]], /I-131 – /);
      if (run.layout !== 'id') {
        // The text layouts' cards show USCIS's status title: the page's words, said so.
        assert.match(about[THREE[1]], /Card Was Picked Up By The United States Postal Service \(as the account page shows it\)/);
        assert.match(about[THREE[1]], /case closed \(as the account page shows it\)/);
        assert.doesNotMatch(about[THREE[0]], /closed/);
      }
      // What was found, closed until asked.
      assert.equal(await popup.$eval('[data-section=found]', (d) => d.open), false);
      assert.equal(await popup.$eval('[data-found=layout]', (e) => e.dataset.layout), run.found);
      assert.equal(await popup.$eval('[data-found=data]', (e) => e.dataset.data), run.data);
      assert.match(await popup.$eval('[data-found=counts]', (e) => e.textContent), /Cards with a CaseScope button: 3\./);
      assert.equal(await popup.$('[data-state=unplaced]'), null, 'nothing missed, nothing said up front');
      assert.equal(apiAsked().length, 0, 'the overview asks USCIS nothing');
      await popup.close();
      server.reset();
    });
  });
}

describe('the account page', () => {
  test('a card whose case is missing from the page\'s data still gets its control', async () => {
    server.mode.account = THREE.slice(0, 2);
    await page.goto('https://my.uscis.gov/account/applicant');
    await page.waitForFunction(() => document.documentElement.dataset.cardsDrawn === '1', { timeout: 5000 });
    await waitForControls(THREE.slice(0, 2));
    // A card the embedded data does not have (a broken deploy, another extension).
    await page.evaluate((r) => {
      const mount = document.querySelector('[id^="CaseCardsApp-react-component-"]');
      mount.insertAdjacentHTML('beforeend', `<div role="region" id="region_${r}" class="uscis-card account-card">
        <h3>I-131, Application for Travel Document</h3><p><b>Receipt #</b> ${r}</p></div>`);
    }, THREE[2]);
    await waitForControls(THREE);
    assert.ok(!(await page.evaluate(() => document.querySelector("script[data-component-name='CaseCardsApp']").textContent))
      .includes(THREE[2]), 'not in the page\'s data');
  });

  test('a receipt no card holds alone is said on the first screen, with the way out', async () => {
    await closePopups(browser);
    server.mode.account = THREE.slice(0, 2);
    server.mode.layout = 'text';
    await page.goto('https://my.uscis.gov/account/applicant');
    await waitForControls(THREE.slice(0, 2));
    // A line that names two receipts at once (no block holds either alone).
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'Linked filings: IOE0955500011 and IOE0944455566';
      document.querySelector('main').append(p);
    });
    await sleep(400);
    await waitForControls(THREE.slice(0, 2));
    const popup = await openPopup(browser, page);
    await popup.waitForSelector('[data-state=unplaced]');
    assert.equal(await popup.$eval('[data-state=unplaced]', (e) => e.textContent),
      'Receipt numbers on this page with no CaseScope button beside them: IOE0955500011, IOE0944455566. Choose one in the list below to see it.');
    const listed = await popup.$$eval('nav.receipts li[data-case]', (li) => li.map((l) => l.dataset.case));
    assert.ok(listed.includes('IOE0955500011') && listed.includes('IOE0944455566'), JSON.stringify(listed));
    await popup.close();
    server.reset();
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

  test('cut short, the case still shows, the found section says so, and the report copies with nothing personal', async () => {
    await closePopups(browser);
    await forgetAnswers(browser, extensionId);
    server.mode.account = [RECEIPT];
    server.mode.cards = 'html'; // the cards in the HTML still, the data script cut in half
    server.mode.data = 'truncated';
    try {
      await page.goto('https://my.uscis.gov/account/applicant');
      await waitForControls([RECEIPT]);
      const popup = await openPopup(browser, page);
      await popup.waitForSelector(CASE_READY, { timeout: 20000 });
      assert.ok(await events(popup) > 0, 'the case, from USCIS\'s answers');
      assert.equal(await popup.$('[data-state=unplaced]'), null, 'nothing missed: nothing said up front');
      assert.equal(await popup.$eval('[data-found=data]', (e) => e.dataset.data), 'unreadable');
      await popup.$eval('[data-section=found] summary', (s) => s.click());
      assert.match(await popup.$eval('[data-found=data]', (e) => e.textContent), /could not be read/);
      await popup.click('[data-action=show-report]');
      await popup.waitForSelector('[data-report]');
      const shown = await popup.$eval('[data-report]', (e) => e.textContent);
      for (const want of ['layout: cards by id', 'page data: present, unreadable', 'cases: HTTP 200', 'shape of case_status:']) {
        assert.ok(shown.includes(want), `${want} not in\n${shown}`);
      }
      const personal = [...server.cases.get(RECEIPT).personal, RECEIPT.slice(3)];
      for (const p of personal) assert.ok(!shown.includes(p), `${p} in the report`);
      await popup.click('[data-action=copy-report]');
      await popup.waitForFunction(() => document.querySelector('output.toast')?.textContent.includes('report'));
      assert.equal(await popup.evaluate(() => navigator.clipboard.readText()), shown, 'copied as shown');
      await popup.close();
    } finally { server.reset(); }
  });

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
      await waitForControls([RECEIPT]);
      const frame = await openInPageViewer(page, RECEIPT);
      await frame.waitForSelector('[data-state=from-page]', { timeout: 20000 });
      assert.ok(await events(frame) > 0, 'the events are shown over the page');
      await frame.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    } finally { server.mode.faults = {}; }
  });
});
