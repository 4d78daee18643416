// End to end: the raw JSON viewer in the popup, in a tab and over the case
// page (both CSP variants), with a 5 MB body.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { closePopups, forgetAnswers, inPageControl, signedInSuite, openCasePopup, openInPageViewer, onAccount } from './browser.mjs';

const DIST = process.env.CASESCOPE_DIST || path.resolve('dist/casescope');
const RECEIPT = 'IOE0912345678';
let server; let browser; let page; let extensionId;

signedInSuite({ dist: DIST }, (s) => ({ server, browser, page, extensionId } = s));

const popupFor = (receipt) => openCasePopup({ browser, page, extensionId, server }, receipt,
  { ready: '.case:not([aria-busy]):not([data-from=page]) [data-viewer] [role=tree]', timeout: 30000 });

const focusedPath = (p) => p.evaluate(() => document.activeElement?.dataset.path ?? null);
// evaluate, not $$eval: thousands of element handles make puppeteer crawl.
const visiblePaths = (p) => p.evaluate(() => [...document.querySelectorAll('[role=treeitem]')].map((i) => i.dataset.path));

async function copied(popup, action) {
  await popup.$eval('[data-toast]', (e) => { e.textContent = ''; });
  await popup.click(`[data-action="${action}"]`);
  await popup.waitForFunction(() => document.querySelector('[data-toast]').textContent.startsWith('Copied'));
  return popup.evaluate(() => navigator.clipboard.readText());
}

describe('the viewer in the popup', () => {
  test('"Fetch again" keeps what the user opened, scrolled and focused', async () => {
    const popup = await popupFor(RECEIPT);
    await popup.click('[data-action="v:expand-all"]');
    await popup.click('[data-section=details] > summary');
    await popup.click('[data-path="$.data.events[2]"] > .row');
    const before = await popup.evaluate(() => {
      const tree = document.querySelector('ul.tree');
      tree.scrollTop = 240;
      tree.casescopeMark = 'tree';
      document.querySelector('[data-section=details]').casescopeMark = 'details';
      document.querySelector('[data-section=timeline] tbody tr').casescopeMark = 'row';
      return { scroll: tree.scrollTop, focused: document.activeElement?.dataset.path };
    });
    assert.ok(before.scroll > 0, 'the tree scrolls');
    assert.equal(before.focused, '$.data.events[2]');
    // "Fetch again" may ask USCIS only 10 s after the last answer.
    await popup.waitForSelector('[data-action=refresh]:not([disabled])', { timeout: 15000 });
    server.requests.length = 0;
    await popup.$eval('[data-action=refresh]', (b) => b.click());
    await popup.waitForFunction(() => /\(/.test(document.querySelector('[data-action=refresh]').textContent), { timeout: 10000 });
    assert.ok(server.requests.length >= 4, 'USCIS was asked again');
    const after = await popup.evaluate(() => {
      const tree = document.querySelector('ul.tree');
      return {
        tree: tree.casescopeMark,
        scroll: tree.scrollTop,
        details: document.querySelector('[data-section=details]').casescopeMark,
        open: document.querySelector('[data-section=details]').open,
        row: document.querySelector('[data-section=timeline] tbody tr').casescopeMark,
        focused: document.activeElement?.dataset.path,
      };
    });
    assert.deepEqual(after, { tree: 'tree', scroll: before.scroll, details: 'details', open: true, row: 'row', focused: '$.data.events[2]' });
    await popup.close();
  });

  test('collapse all, expand one node, expand all', async () => {
    const popup = await popupFor(RECEIPT);
    await popup.click('[data-action="v:collapse-all"]');
    assert.deepEqual(await visiblePaths(popup), ['$']);
    await popup.click('[data-node="0"] > .row > .tw');
    assert.ok((await visiblePaths(popup)).includes('$.data'));
    assert.equal(await popup.$eval('[data-node="0"]', (e) => e.getAttribute('aria-expanded')), 'true');
    await popup.click('[data-action="v:expand-all"]');
    assert.ok((await visiblePaths(popup)).includes('$.data.events[4].eventTimestamp'));
    assert.match(await popup.$eval('[data-path="$.data.events"] > .row', (e) => e.textContent), /5 items/);
  });

  test('search finds a value, reveals it, counts matches and steps through them', async () => {
    const popup = await popupFor(RECEIPT);
    await popup.click('[data-action="v:collapse-all"]');
    await popup.type('#viewer-search', 'fta0');
    await popup.waitForFunction(() => document.querySelector('[data-match-count]').textContent === '1 of 3');
    const current = await popup.$eval('.current-match', (e) => e.dataset.path);
    assert.equal(current, '$.data.events[0].eventCode');
    assert.equal(await popup.$eval('#viewer-search', (e) => e.value), 'fta0', 'typing is not interrupted by re-rendering');
    await popup.keyboard.press('Enter');
    await popup.waitForFunction(() => document.querySelector('[data-match-count]').textContent === '2 of 3');
    assert.equal(await popup.$eval('.current-match', (e) => e.dataset.path), '$.data.events[1].eventCode');
  });

  test('copy value and copy path of the selected node', async () => {
    const popup = await popupFor(RECEIPT);
    await popup.click('[data-action="v:expand-all"]');
    await popup.click('[data-path="$.data.events[0].eventCode"] > .row');
    assert.equal(await popup.$eval('[data-focused-path]', (e) => e.textContent), '$.data.events[0].eventCode');
    assert.equal(await copied(popup, 'v:copy-path'), '$.data.events[0].eventCode');
    assert.equal(await copied(popup, 'v:copy-value'), 'FTA0');
    await popup.click('[data-path="$.data.events[0]"] > .row');
    const obj = JSON.parse(await copied(popup, 'v:copy-value'));
    assert.equal(obj.eventId, '5b0c2a4e-8f1d-4c7a-9e3b-2d6f8a1c4e90');
    assert.equal(await popup.$eval('[data-path="$.data.events[0]"]', (e) => e.title), '$.data.events[0]', 'path on hover');
  });

  test('keyboard: the WAI-ARIA tree pattern', async () => {
    const popup = await popupFor(RECEIPT);
    await popup.click('[data-action="v:collapse-all"]');
    await popup.focus('[data-node="0"]');
    await popup.keyboard.press('ArrowRight');
    assert.equal(await popup.$eval('[data-node="0"]', (e) => e.getAttribute('aria-expanded')), 'true');
    await popup.keyboard.press('ArrowRight');
    assert.equal(await focusedPath(popup), '$.data');
    await popup.keyboard.press('Enter');
    await popup.keyboard.press('ArrowDown');
    assert.equal(await focusedPath(popup), '$.data.receiptNumber');
    await popup.keyboard.press('End');
    const last = await focusedPath(popup);
    assert.ok(last.startsWith('$.data.'), last);
    await popup.keyboard.press('Home');
    assert.equal(await focusedPath(popup), '$');
    await popup.keyboard.press('ArrowLeft');
    assert.equal(await popup.$eval('[data-node="0"]', (e) => e.getAttribute('aria-expanded')), 'false');
    assert.equal(await popup.$eval('[role=treeitem][tabindex="0"]', (e) => e.dataset.path), '$', 'one tab stop');
  });

  test('decoded lines link to their raw node and back', async () => {
    const popup = await popupFor(RECEIPT);
    await popup.click('[data-section=details] summary');
    const link = await popup.$('[data-section=details] [data-action="v:show:cases:$.data.formName"]');
    await link.click();
    assert.equal(await focusedPath(popup), '$.data.formName');
    await popup.click('[data-action^="v:decoded:"]');
    const back = await popup.evaluate(() => document.activeElement?.textContent);
    assert.match(back, /Form title/);
  });

  test('a 5 MB body renders in pages and stays interactive', async () => {
    const popup = await popupFor('IOE0005000000');
    await popup.click('[data-action="v:expand-all"]');
    const more = await popup.$eval('[data-path="$.data.events"] .more button', (b) => b.textContent);
    assert.match(more, /^Show 100 more \(of \d{4,}\)$/);
    const items = await popup.evaluate(() => document.querySelectorAll('[role=treeitem]').length);
    assert.ok(items < 5000, `${items} items on screen`);
    await popup.click('[data-path="$.data.events"] .more button');
    assert.ok((await visiblePaths(popup)).includes('$.data.events[150]'));
    // Pasted, not typed key by key: one search of the whole 5 MB body.
    await popup.$eval('#viewer-search', (e) => {
      e.value = 'evt-15000';
      e.dispatchEvent(new Event('input', { bubbles: true }));
    });
    // Asked from here, not waited for inside the popup (puppeteer's
    // waitForFunction saw it late). A sanity bound, not a speed figure: with
    // the whole tree expanded the popup's thread is busy for some 40 s here,
    // before issue 29 too (the bench's search row is the figure; issue 30).
    let count = '';
    for (const until = Date.now() + 120000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
      count = await popup.evaluate(() => document.querySelector('[data-match-count]')?.textContent);
      if (count === '1 of 1') break;
    }
    assert.equal(count, '1 of 1');
    assert.equal(await popup.$eval('.current-match', (e) => e.dataset.path), '$.data.events[15000].eventId');
    assert.match(await popup.$eval('[data-action=timeline-all]', (b) => b.textContent), /^Show all \d+ entries$/);
    await popup.click('[data-action="v:mode:raw"]');
    await popup.waitForSelector('[data-raw-text="cases"]');
  });

  test('the raw view shows the exact body with line numbers', async () => {
    const popup = await popupFor(RECEIPT);
    await popup.click('[data-action="v:tab:case_status"]');
    await popup.click('[data-action="v:mode:raw"]');
    const lines = await popup.$$eval('[data-raw-text="case_status"] .line', (ls) => ls.map((l) => [l.querySelector('.ln').textContent, l.querySelector('.lt').textContent]));
    const body = server.cases.get(RECEIPT).bodies.case_status.toString('utf8').split('\n');
    assert.deepEqual(lines.map(([, t]) => t), body);
    assert.deepEqual(lines.map(([n]) => Number(n)), body.map((_, i) => i + 1));
  });

  test('theme toggle follows a choice and remembers it', async () => {
    const popup = await popupFor(RECEIPT);
    await popup.click('[data-action=theme]');
    assert.equal(await popup.evaluate(() => document.documentElement.dataset.theme), 'dark');
    const again = await popupFor(RECEIPT);
    assert.equal(await again.evaluate(() => document.documentElement.dataset.theme), 'dark');
    await again.click('[data-action=theme]');
    await again.click('[data-action=theme]');
    assert.equal(await again.evaluate(() => document.documentElement.dataset.theme), 'auto');
    assert.equal(await again.evaluate(() => localStorage.length), 0, 'back to the system theme: nothing kept');
  });
});

describe('the viewer elsewhere', () => {
  test('"Open in a tab" shows the same viewer as a full page', async () => {
    const popup = await popupFor(RECEIPT);
    await popup.click('[data-action=open-tab]');
    const target = await browser.waitForTarget((t) => t.url().includes('/popup.html?receipt=IOE0912345678'));
    const tab = await target.asPage();
    await tab.waitForSelector('[data-viewer] [role=tree]');
    assert.equal(await tab.$eval('[data-field="headline"]', (e) => e.textContent), 'Case Is Being Actively Reviewed By USCIS');
    assert.equal(await tab.$('[data-action=open-tab]'), null);
    assert.equal(await tab.title(), 'CaseScope \u2013 IOE0912345678', 'the tab says whose case it is');
    await tab.close();
  });

  test('a wide tab: a large case\'s summary and raw viewer paint first, side by side, and the viewer stays in view', async () => {
    // A case of 100 KB (fake-uscis.mjs BIG_CASES): past what is decoded
    // whole before the first frame (loaded.rs WHOLE_FIRST_BYTES).
    const BIG = 'IOE0000100000';
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1280, height: 800 });
    // What was on screen when the tree first appeared.
    await tab.evaluateOnNewDocument(() => {
      new MutationObserver((_, mo) => {
        if (!document.querySelector('[data-viewer] [role=tree]')) return;
        mo.disconnect();
        window.firstStep = {
          summary: !!document.querySelector('[data-section=summary]'),
          busy: !!document.querySelector('.case[aria-busy=true]'),
          timeline: !!document.querySelector('[data-section=timeline]'),
        };
      }).observe(document, { childList: true, subtree: true });
    });
    await tab.goto(`chrome-extension://${extensionId}/popup.html?receipt=${BIG}`);
    await tab.waitForSelector('.case:not([aria-busy]):not([data-from=page]) [data-section=timeline]');
    assert.deepEqual(await tab.evaluate(() => window.firstStep), { summary: true, busy: true, timeline: false });
    const box = (sel) => tab.$eval(sel, (e) => JSON.parse(JSON.stringify(e.getBoundingClientRect())));
    const summary = await box('[data-section=summary]');
    let tree = await box('[data-viewer] [role=tree]');
    assert.ok(tree.left >= summary.right, `side by side: ${JSON.stringify({ summary, tree })}`);
    assert.ok(tree.top < 800 - 100, `the tree is on the first screen: ${tree.top}`);
    await tab.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    assert.ok(await tab.evaluate(() => window.scrollY) > 800, 'the timeline made the page scroll');
    tree = await box('[data-viewer] [role=tree]');
    assert.ok(tree.bottom > 100 && tree.top < 800, `the tree stays in view: ${JSON.stringify(tree)}`);
    await tab.setViewport({ width: 700, height: 800 });
    const [s2, t2] = [await box('[data-section=summary]'), await box('[data-viewer] [role=tree]')];
    assert.ok(t2.top > s2.bottom, 'a narrow window stacks them');
    await tab.close();
  });

  test('a viewer tab goes straight from "Loading" to a quick answer, and shows progress and Cancel for a slow one', async () => {
    const progressSeen = () => {
      window.progressSeen = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-state=loading]')) window.progressSeen = true;
      }).observe(document, { childList: true, subtree: true });
    };
    // Answered at once (the background reuses the answer the test above got).
    const quick = await browser.newPage();
    await quick.evaluateOnNewDocument(progressSeen);
    await quick.goto(`chrome-extension://${extensionId}/popup.html?receipt=${RECEIPT}`);
    await quick.waitForSelector('[data-viewer] [role=tree]');
    assert.equal(await quick.evaluate(() => window.progressSeen), false, 'no progress line flashed');
    await quick.close();
    // my.uscis.gov takes 1.5 s: the page says what it is doing, with Cancel.
    server.mode.delayMs = 1500;
    try {
      const slow = await browser.newPage();
      await slow.goto(`chrome-extension://${extensionId}/popup.html?receipt=IOE0955500011`);
      const progress = await slow.waitForSelector('[data-state=loading]', { timeout: 1400 });
      assert.match(await progress.evaluate((e) => e.textContent), /Fetching IOE0955500011 from my\.uscis\.gov/);
      assert.ok(await slow.$('[data-state=loading] [data-action=cancel]'), 'Cancel is offered');
      await slow.waitForSelector('[data-viewer] [role=tree]', { timeout: 20000 });
      assert.equal(await slow.$('[data-state=loading]'), null);
      await slow.close();
    } finally { server.mode.delayMs = 0; }
  });

  test('"Download JSON" saves the four bodies in one file named with the receipt and date', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casescope-dl-'));
    const popup = await popupFor(RECEIPT);
    const cdp = await popup.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
    await popup.click('[data-action=download]');
    let files = [];
    for (let i = 0; i < 50 && !files.some((f) => f.endsWith('.json')); i++) {
      await new Promise((r) => setTimeout(r, 100));
      files = fs.readdirSync(dir);
    }
    const today = new Date().toISOString().slice(0, 10);
    assert.deepEqual(files, [`casescope-${RECEIPT}-${today}.json`]);
    const saved = JSON.parse(fs.readFileSync(path.join(dir, files[0]), 'utf8'));
    assert.deepEqual(Object.keys(saved), ['cases', 'case_status', 'receipt_info', 'documents']);
    assert.deepEqual(saved.case_status, JSON.parse(server.cases.get(RECEIPT).bodies.case_status));
  });

  for (const csp of [false, true]) {
    test(`over the case page${csp ? ' with a strict CSP' : ''}: opens in place, isolated, closes with Escape`, async () => {
      await closePopups(browser);
      await forgetAnswers(browser, extensionId);
      await onAccount(page, server, RECEIPT, `${csp ? '?csp=strict' : ''}`);
      const frame = await openInPageViewer(page, RECEIPT);
      assert.ok(frame, 'the viewer frame opened');
      await frame.waitForSelector('.case:not([data-from=page]) [data-section=summary]', { timeout: 20000 });
      assert.equal(await frame.$eval('[data-field="headline"]', (e) => e.textContent), 'Case Is Being Actively Reviewed By USCIS');
      assert.equal(await frame.$eval('[data-via]', (e) => e.dataset.via), csp ? 'background' : 'page');
      // The page's scripts cannot reach into the control or the frame.
      assert.equal(await page.evaluate(() => document.querySelector('casescope-control').shadowRoot), null);
      assert.equal(await page.evaluate(() => document.querySelector('casescope-viewer').shadowRoot), null);
      assert.equal((await inPageControl(page))?.hidden, true, 'the control steps aside while the viewer is open');
      if (csp) {
        // Escape pressed on the page closes it...
        await page.evaluate(() => document.activeElement?.blur());
        await page.mouse.click(5, 5);
        await page.keyboard.press('Escape');
      } else {
        // ...and so does Escape inside the viewer (sent as the browser would
        // deliver it; a real key press there removes the frame under the
        // input event, which the test driver cannot wait for).
        await frame.evaluate(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
      }
      for (let i = 0; i < 50 && page.frames().some((f) => f.url().includes('popup.html')); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(!page.frames().some((f) => f.url().includes('popup.html')), 'Escape closed the viewer');
      assert.equal((await inPageControl(page))?.hidden, false, 'the control is back');
    });
  }

});
