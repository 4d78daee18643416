// ./build.sh bench: prints size and speed figures for the built extension,
// and ends with a table of every budget (figure, budget, met or not), so
// that a regression shows at a glance. Figures, not pass/fail: timings on a
// shared 2-core machine vary, and the tests assert behaviour, not timings.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { BIG_CASES, HUNDREDS_OF_CASES, MANY_CASES, startFakeUscis } from './fake-uscis.mjs';
import { closePopups, launch, openInPageViewer, openPopup, signIn } from './browser.mjs';

const dist = path.resolve(process.argv[2] || 'dist/casescope');
const RUNS = Number(process.env.BENCH_RUNS || 7);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** 95% interval of the median of `xs`: percentile bootstrap, fixed seed. */
function medianInterval(xs, rounds = 4000) {
  let seed = 0x2545f491;
  const random = () => {
    // mulberry32: the same figures for the same measurements.
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const medians = [];
  for (let r = 0; r < rounds; r++) {
    medians.push(median(xs.map(() => xs[Math.floor(random() * xs.length)])));
  }
  medians.sort((a, b) => a - b);
  return [medians[Math.floor(rounds * 0.025)], medians[Math.floor(rounds * 0.975)]];
}

/** The budgets, each with its figure from this run: printed last. */
const budgets = [];
const budget = (what, figure, limit, met) => budgets.push({ what, figure, limit, met });

const wasm = fs.readFileSync(path.join(dist, 'pkg/casescope_bg.wasm'));
console.log('Sizes');
console.log(`  casescope_bg.wasm      ${kb(wasm.length)} (${kb(zlib.gzipSync(wasm, { level: 9 }).length)} gzipped)`);
console.log(`  casescope.js (glue)    ${kb(fs.statSync(path.join(dist, 'pkg/casescope.js')).size)}`);
// Size is a guard, not what people wait on (the module compiles in ~4 ms of
// a ~52 ms page load): re-based in issue 22. Measured commit by commit
// since (the module after wasm-opt): 765,910 bytes before issues 23 and
// 24; the import circles +2.4 KB, the state by screen +1.2 KB, the first
// screen +2.6 KB; then -3.1 KB by one `summary::case` for the screen and
// the record (not a copy for each closure) and one `CaseView::viewers` for
// every viewer event: 769,055 bytes, 1 KB over the guard. Issue 29 (cards
// found by what they say, the cards' words, the found section and the
// maintainers' report, the answers read as sent): 820,130 bytes, +51 KB in
// many small pieces (twiggy diff: the new messages' serde code, the
// section, the report, the card reader; no one item over 3.2 KB); the
// guard is left where it was, for issue 30 to win size back. Then issue 32
// (appointments, the calendar file, the account's list): 847,747 bytes
// (+28 KB); issue 31 (the Chinese table, 35 KB of text): 876,167 bytes.
// Issue 30 (the floor's marks, the search's cap, the copies let go said):
// 879,527 bytes. Its targets, 700 KiB and zips of 320, are shown beside
// the guards. Then generic code compiled once instead of per type (one
// sort for every list, hash sets for B-tree sets, small sorted maps for
// B-trees and hash maps of a handful of entries): 821,167 bytes; built
// with WebAssembly SIMD (`+simd128`): 816,285.
budget('Wasm after wasm-opt', kb(wasm.length), '<= 750 KiB', wasm.length <= 750 * 1024);
budget('Wasm after wasm-opt, issue 30\'s target', kb(wasm.length), '<= 700 KiB', wasm.length <= 700 * 1024);
for (const f of fs.readdirSync(path.dirname(dist)).filter((f) => f.endsWith('.zip'))) {
  const size = fs.statSync(path.join(path.dirname(dist), f)).size;
  console.log(`  ${f.padEnd(22)} ${kb(size)}`);
  budget(`store zip (${f.includes('firefox') ? 'Firefox' : 'Chromium'})`, kb(size), '<= 340 KiB', size <= 340 * 1024);
  budget(`store zip (${f.includes('firefox') ? 'Firefox' : 'Chromium'}), issue 30's target`, kb(size), '<= 320 KiB', size <= 320 * 1024);
}

const server = await startFakeUscis();
// For the peak JS heap: performance.memory unrounded, and gc() to clear what
// earlier pages left in the heap (pages of one site or one extension share a
// process, and so a heap) before a page is measured.
const { browser, page, extensionId } = await launch({ dist, port: server.port, extraArgs: ['--enable-precise-memory-info', '--js-flags=--expose-gc'] });
await signIn(page);
// Every figure starts where a user does: on the account page, here of an
// account that holds the one case measured.
const account = (receipt, query = '') => { server.mode.account = [receipt]; return `https://my.uscis.gov/account/applicant${query}`; };

/**
 * When the element `id` names (its `elementtiming`, Element Timing) was
 * first painted in `target`: `at`, ms from its navigation start, and
 * `origin`, that start in the wall clock; `at` is NaN if not within 5 s.
 */
const elementPainted = (target, id) => target.evaluate((id) => new Promise((resolve) => {
  new PerformanceObserver((list, o) => {
    const e = list.getEntries().find((x) => x.identifier === id);
    if (e) { o.disconnect(); resolve({ origin: performance.timeOrigin, at: e.renderTime }); }
  }).observe({ type: 'element', buffered: true });
  setTimeout(() => resolve({ origin: performance.timeOrigin, at: NaN }), 5000);
}), id);

async function timeToSummary(url) {
  await page.goto(url);
  const t0 = Date.now();
  const popup = await openPopup(browser, page);
  await popup.waitForSelector('.case:not([data-from=page]) [data-section=summary]');
  const ms = Date.now() - t0;
  const via = await popup.$eval('[data-via]', (e) => e.dataset.via);
  await closePopups(browser);
  return { ms, via };
}

console.log(`\nPopup on the account page: icon click to USCIS's decoded answer on screen (median of ${RUNS}, first run included)`);
for (const [label, url] of [
  ['in-page fetch', account('IOE0912345678')],
  ['strict CSP, background fetch', account('IOE0912345678', '?csp=strict')],
]) {
  server.mode.account = ['IOE0912345678'];
  const runs = [];
  let via = '';
  for (let i = 0; i < RUNS; i++) ({ ms: runs[i], via } = await timeToSummary(url));
  console.log(`  ${label.padEnd(30)} ${median(runs)} ms (first ${runs[0]} ms, via ${via})`);
}
// Against the browser's floor. The bench makes a copy of the built
// extension for itself (never the store package) whose popup.html is a
// blank page that paints one word: the toolbar popup and the frame over the
// account page (whose content script and background are CaseScope's, so
// the card's control opens it the same way) show that page. Each row opens
// CaseScope's page, then the blank one, pair by pair, from the account
// page of the one case: the icon click (chrome.action.openPopup) and the
// card's control, to the case's summary with USCIS answering at once, and
// to its events with USCIS answering in 1.5 s (the page already holds
// them). Targets: the events at most 100 ms over the floor, in the popup
// and in the frame.
{
  const RECEIPT = 'IOE0912345678';
  const SUMMARY = '[data-section=summary]';
  const EVENTS = '[data-section=timeline] tr[data-kind=event]';
  const BLANK = '#floor';
  const floorDist = fs.mkdtempSync(path.join(os.tmpdir(), 'casescope-floor-'));
  fs.cpSync(dist, floorDist, { recursive: true });
  fs.writeFileSync(path.join(floorDist, 'popup.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8">'
    + '<title>CaseScope</title></head><body><p id="floor" elementtiming="floor">CaseScope</p></body></html>');
  const floor = await launch({ dist: floorDist, port: server.port });
  await signIn(floor.page);
  const forget = async () => {
    const tab = await browser.newPage();
    await tab.goto(`chrome-extension://${extensionId}/popup.html`);
    await tab.evaluate(() => chrome.runtime.sendMessage({ type: 'Remember', v: 2, bundle: { receipt: 'IOE0000000001', via: 'page',
      fetched_at_ms: Date.now(), results: [{ endpoint: 'case', path: '/', status: 401, ms: 0, attempts: 1 }] } }));
    await tab.close();
  };
  // Each time is taken by the browser, not the driver: the paint of the
  // element named by its Element Timing identifier (`elementtiming`: the
  // first screen's identity line, the first event's day, the blank page's
  // word), in the wall clock (timeOrigin + renderTime), less the click.
  // (Waiting for a selector from the driver adds its own polling, and
  // slows a busy page more than a blank one.)
  const own = {};
  const TIMING = { [SUMMARY]: 'casescope-summary', [EVENTS]: 'casescope-events', [BLANK]: 'floor' };
  /** The icon click on `p`'s tab to `selector` painted in the popup, ms. */
  const byIcon = async (b, p, selector) => {
    await p.goto(account(RECEIPT));
    await closePopups(b);
    await p.bringToFront();
    const sw = await (await b.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'))).worker();
    const t0 = Date.now();
    await sw.evaluate('chrome.action.openPopup()');
    const target = await b.waitForTarget((t) => t.type() === 'page' && t.url().endsWith('/popup.html'), { timeout: 10000 });
    // The driver keeps off the page until it is done (its domains and
    // polling would slow the very page measured); the browser kept the paints.
    await sleep(server.mode.delayMs + 1500);
    const popup = await target.asPage();
    await popup.waitForSelector(selector, { timeout: 20000 });
    const { origin, at } = await elementPainted(popup, TIMING[selector]);
    const ms = Math.round(origin + at - t0);
    // And from the popup page's own navigation start (its part alone).
    (own[selector] ??= []).push(at);
    await closePopups(b);
    return ms;
  };
  /** The card's control on `p` (the page's own time of the press) to `selector` painted in the frame over the page, ms. */
  const byControl = async (p, selector) => {
    await p.goto(account(RECEIPT));
    await p.waitForFunction(() => document.documentElement.dataset.cardsDrawn, { timeout: 5000 });
    await p.evaluate(() => addEventListener('mousedown', (e) => { window.__pressed = performance.timeOrigin + e.timeStamp; },
      { capture: true, once: true }));
    const frame = await openInPageViewer(p, RECEIPT);
    await sleep(server.mode.delayMs + 1500);
    await frame.waitForSelector(selector, { timeout: 20000 });
    const t0 = await p.evaluate(() => window.__pressed);
    const { origin, at } = await elementPainted(frame, TIMING[selector]);
    return Math.round(origin + at - t0);
  };
  const rows = [
    { what: 'popup: icon click to the summary', delay: 0, ours: () => byIcon(browser, page, SUMMARY), blank: () => byIcon(floor.browser, floor.page, BLANK) },
    { what: 'popup: icon click to the events, USCIS slow', delay: 1500, target: 100,
      ours: () => byIcon(browser, page, EVENTS), blank: () => byIcon(floor.browser, floor.page, BLANK) },
    { what: 'frame: control to the summary', delay: 0, ours: () => byControl(page, SUMMARY), blank: () => byControl(floor.page, BLANK) },
    { what: 'frame: control to the events, USCIS slow', delay: 1500, target: 100,
      ours: () => byControl(page, EVENTS), blank: () => byControl(floor.page, BLANK) },
  ];
  for (const row of rows) {
    row.cs = [];
    row.floor = [];
    server.mode.delayMs = row.delay;
    for (let i = 0; i < RUNS; i++) {
      await forget();
      row.cs.push(await row.ours());
      row.floor.push(await row.blank());
    }
  }
  server.mode.delayMs = 0;
  await floor.browser.close();
  fs.rmSync(floorDist, { recursive: true, force: true });
  console.log(`\nAgainst the browser's floor (a blank page that paints one word, opened the same way), account page of one case;`);
  console.log('  from the click to the paint, as the browser times it (Element Timing), the driver kept off the page meanwhile;');
  console.log(`  medians of ${RUNS} pairs, CaseScope and the floor alternating; the difference: median of the pairs' differences, 95% interval`);
  console.log(`  ${'what'.padEnd(44)} ${'CaseScope'.padStart(10)} ${'floor'.padStart(8)}   over the floor`);
  for (const row of rows) {
    const diffs = row.cs.map((x, i) => x - row.floor[i]);
    const [lo, hi] = medianInterval(diffs);
    const over = median(diffs);
    const signed = (n) => (n >= 0 ? `+${n}` : `${n}`);
    const figure = `${signed(over)} ms (${signed(lo)} to ${signed(hi)})`;
    console.log(`  ${row.what.padEnd(44)} ${`${median(row.cs)} ms`.padStart(10)} ${`${median(row.floor)} ms`.padStart(8)}   ${figure}`);
    if (row.target) budget(`${row.what}, over the floor`, figure, `<= +${row.target} ms`, over <= row.target);
  }
  const fromStart = (k) => `${median(own[k]).toFixed(0)} ms`;
  console.log(`  from the popup page's own navigation start: CaseScope's summary painted at ${fromStart(SUMMARY)}, `
    + `its events at ${fromStart(EVENTS)}; the blank page's word at ${fromStart(BLANK)} (the page's own floor)`);
}

// An account of many cases: what CaseScope costs the page's own thread per
// redraw of its cards (User Timing of content.js: "casescope-observe", the
// observer; "casescope-read", reading the page for receipts; and
// "casescope-draw", putting the controls back), and how long after the
// cards are drawn their controls are all there. 20 cases in today's layout
// (region_ cards; targets under 1 ms and 300 ms) and 200 in the text-only
// one (no ids: the cards found by what they say; under 2 ms and 300 ms).
async function redraws(receipts, layout, costBudget) {
  const n = receipts.length;
  server.mode.account = receipts;
  server.mode.layout = layout;
  await page.goto('https://my.uscis.gov/account/applicant');
  await page.waitForFunction((k) => document.querySelectorAll('casescope-control').length === k, { timeout: 30000 }, n);
  const costs = [];
  const parts = [];
  const delays = [];
  for (let i = 0; i < RUNS * 3; i++) {
    const r = await page.evaluate(async (k) => {
      performance.clearMeasures();
      const t0 = performance.now();
      const all = new Promise((done) => {
        const mo = new MutationObserver(() => {
          if (document.querySelectorAll('casescope-control').length === k) { mo.disconnect(); done(performance.now()); }
        });
        mo.observe(document.documentElement, { childList: true, subtree: true });
      });
      window.fakeUscis.redraw();
      const t1 = await all;
      await new Promise((done) => setTimeout(done, 100));
      const sum = (name) => performance.getEntriesByName(name).reduce((a, e) => a + e.duration, 0);
      const parts = ['observe', 'read', 'draw'].map((p) => sum(`casescope-${p}`));
      return { delay: t1 - t0, parts, cost: parts[0] + parts[1] + parts[2],
        marks: performance.getEntriesByName('casescope-draw').length };
    }, n);
    if (r.marks === 0) throw new Error('content.js marked no drawing: the figure would be empty');
    costs.push(r.cost);
    parts.push(r.parts);
    delays.push(r.delay);
  }
  // The floor under the drawing: putting n controls like CaseScope's (a
  // closed shadow root, the shared style sheet, a button) into n new
  // blocks, in the page's own world, with nothing read or looked up.
  const floors = await page.evaluate(async (k, runs) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('button { font: 600 13px system-ui; }');
    const hosts = Array.from({ length: k }, () => {
      const host = document.createElement('casescope-floor');
      const root = host.attachShadow({ mode: 'closed' });
      root.adoptedStyleSheets = [sheet];
      const b = document.createElement('button');
      b.textContent = 'CaseScope';
      root.append(b);
      return host;
    });
    const xs = [];
    for (let i = 0; i < runs; i++) {
      const blocks = Array.from({ length: k }, () => document.createElement('div'));
      document.body.append(...blocks);
      await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
      const t = performance.now();
      for (let j = 0; j < k; j++) blocks[j].append(hosts[j]);
      xs.push(performance.now() - t);
      for (const b of blocks) b.remove();
    }
    return xs;
  }, n, RUNS * 3);
  server.mode.layout = 'id';
  console.log(`\nAccount page with ${n} cases (${layout} layout), the page's script drawing its cards again (median of ${costs.length})`);
  console.log(`  ${'observer + reading + drawing'.padEnd(30)} ${median(costs).toFixed(2)} ms per redraw (worst ${Math.max(...costs).toFixed(2)} ms)`);
  console.log(`  ${'  of which'.padEnd(30)} ${['observer', 'reading', 'drawing'].map((p, i) => `${p} ${median(parts.map((x) => x[i])).toFixed(2)} ms`).join(', ')}`);
  console.log(`  ${'  floor: controls put back'.padEnd(30)} ${median(floors).toFixed(2)} ms (${n} bare controls into new blocks, nothing read)`);
  console.log(`  ${'cards drawn to all controls'.padEnd(30)} ${median(delays).toFixed(0)} ms (worst ${Math.max(...delays).toFixed(0)} ms)`);
  budget(`page thread per redraw, ${n} cases, ${layout}`, `${median(costs).toFixed(2)} ms`, `< ${costBudget} ms`, median(costs) < costBudget);
  budget(`cards drawn to controls, ${n} cases, ${layout}`, `${median(delays).toFixed(0)} ms`, '< 300 ms', median(delays) < 300);
}
await redraws(MANY_CASES, 'id', 1);
await redraws(HUNDREDS_OF_CASES, 'text', 2);

// What a remembered case takes, and an attorney's account of 200 cases,
// each remembered (one copy each): the badge from the page's data, in the
// background (its User Timing "casescope-badge": the page's data read, each
// remembered copy read and compared, the badge set), and the popup's
// overview painted (Element Timing "casescope-overview"), from the popup
// page's navigation start, the driver kept off the page meanwhile.
{
  const ext = await browser.newPage();
  await ext.goto(`chrome-extension://${extensionId}/popup.html?storage`); // another site's screen: asks nothing (and not closed as a popup)
  await ext.evaluate(async () => {
    localStorage.setItem('casescope-remember', 'on');
    await chrome.storage.local.set({ remembering: 'on' });
  });
  // One look kept by CaseScope itself, on the I-485 fixture (4 answers, a
  // typical case).
  await page.goto(account('IOE0912345678'));
  let popup = await openPopup(browser, page);
  await popup.waitForFunction(() => chrome.storage.local.get('history:IOE0912345678').then((r) => !!r['history:IOE0912345678']), { timeout: 20000 });
  await closePopups(browser);
  const record = await ext.evaluate(async () => (await chrome.storage.local.get('history:IOE0912345678'))['history:IOE0912345678']);
  const copy = await ext.evaluate(() => chrome.storage.local.getBytesInUse('history:IOE0912345678'));
  const share = 8 * 1024 * 1024; // history::MAX_BYTES, of the browser's 10 MB
  console.log('\nRemembered cases');
  console.log(`  one copy of a typical case      ${kb(copy)} (the I-485 fixture: its four answers as sent, and the record around them)`);
  console.log(`  in CaseScope's 8 MB of storage  about ${Math.floor(share / copy)} cases of one copy each, ${Math.floor(share / copy / 5)} of five;`
    + ' past that the oldest copies go first, each case keeping its latest, and the popup says so');
  // Every case of the 200 remembered, one copy each (the same record, each its own receipt).
  await ext.evaluate(async (record, receipts) => {
    const all = {};
    for (const r of receipts) all[`history:${r}`] = record.replaceAll('IOE0912345678', r);
    await chrome.storage.local.set(all);
  }, record, HUNDREDS_OF_CASES);
  const sw = await (await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'))).worker();
  const badge = [];
  const overview = [];
  server.mode.account = HUNDREDS_OF_CASES;
  for (let i = 0; i < RUNS; i++) {
    await sw.evaluate(() => performance.clearMeasures('casescope-badge'));
    await page.goto('https://my.uscis.gov/account/applicant');
    await page.waitForFunction(() => document.documentElement.dataset.cardsDrawn, { timeout: 20000 });
    for (let k = 0; k < 100 && !(await sw.evaluate(() => performance.getEntriesByName('casescope-badge').length)); k++) await sleep(50);
    badge.push(await sw.evaluate(() => performance.getEntriesByName('casescope-badge')[0]?.duration ?? NaN));
    await sw.evaluate('chrome.action.openPopup()');
    const target = await browser.waitForTarget((t) => t.type() === 'page' && t.url().endsWith('/popup.html'), { timeout: 10000 });
    await sleep(2000);
    popup = await target.asPage();
    await popup.waitForSelector('[data-action=check-all]', { timeout: 20000 });
    overview.push((await elementPainted(popup, 'casescope-overview')).at);
    await closePopups(browser);
  }
  const ms = (xs) => `${median(xs).toFixed(0)} ms`;
  console.log(`  account of 200 cases, each remembered: the badge ${ms(badge)} in the background (the page's data read, 200 copies read and compared), `
    + `the popup's overview painted ${ms(overview)} after its navigation start`);
  budget('badge from the page\'s data, 200 cases', ms(badge), '< 300 ms', median(badge) < 300);
  budget('popup overview on screen, 200 cases', ms(overview), '< 300 ms', median(overview) < 300);
  await ext.evaluate(async () => {
    localStorage.removeItem('casescope-remember');
    await chrome.storage.local.clear();
  });
  await ext.close();
}

// The popup page's own part, apart from the browser's time to open it: from
// the popup's navigation start to the decoded summary put on screen (the
// page's User Timing mark "casescope-summary"), on a 100 KB case.
async function popupOwnTime(url) {
  await page.goto(url);
  const popup = await openPopup(browser, page);
  await popup.waitForSelector('.case:not([data-from=page]) [data-section=summary]');
  // Where its time goes, from its navigation start: the page fetched and
  // parsed, the module loaded and the Rust started ("casescope-start"),
  // the first summary put on screen, the first paint.
  const steps = await popup.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
    return { fetched: n.responseEnd, parsed: n.domInteractive, started: at('casescope-start'),
      summary: at('casescope-summary'), painted: at('first-contentful-paint') };
  });
  await closePopups(browser);
  return steps;
}
{
  const own = [];
  for (let i = 0; i < RUNS; i++) own.push(await popupOwnTime(account('IOE0000100000')));
  const ms = median(own.map((s) => s.summary));
  console.log(`  ${'popup page itself, 100 KB'.padEnd(30)} ${ms.toFixed(0)} ms (its navigation start to the summary on screen)`);
  const step = (k) => `${median(own.map((s) => s[k])).toFixed(0)} ms`;
  console.log(`  ${'  its steps (medians)'.padEnd(30)} page fetched ${step('fetched')}, parsed ${step('parsed')}, `
    + `module loaded and Rust started ${step('started')}, summary ${step('summary')}, first paint ${step('painted')}`);
  budget('popup page itself, 100 KB', `${ms.toFixed(0)} ms`, '<= 50 ms', ms <= 50);
}
// A click in the open popup, to its next frame drawn: timed by the page
// itself, from the click to a task queued from that frame's callback (so
// after its style, layout and paint). Chromium sizes a toolbar popup by
// laying it out again at 25 px wide in every frame that changes it: a
// style that depends on the width there costs every click (issue 30:
// 29 ms a click, where 9 is what the click itself needs). Two clicks that
// redraw much: the theme (every colour) and a node of the raw tree.
{
  await page.goto(account('IOE0912345678'));
  const popup = await openPopup(browser, page);
  await popup.waitForSelector('[data-section=timeline] tr[data-kind=event]');
  await sleep(1000);
  const CLICK = { theme: '[data-action=theme]', tree: '[data-action="v:toggle:1"]' };
  const clicks = {};
  for (let i = 0; i < 3 * RUNS; i++) {
    for (const [what, selector] of Object.entries(CLICK)) {
      (clicks[what] ??= []).push(await popup.evaluate(async (selector) => {
        const t0 = performance.now();
        document.querySelector(selector).click();
        await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
        return performance.now() - t0;
      }, selector));
      await sleep(100);
    }
  }
  await closePopups(browser);
  const ms = (xs) => `${median(xs).toFixed(1)} ms`;
  console.log(`  ${'popup: a click to its frame'.padEnd(30)} theme ${ms(clicks.theme)}, a node of the raw tree ${ms(clicks.tree)} `
    + `(median of ${3 * RUNS} each; worst ${Math.max(...clicks.theme, ...clicks.tree).toFixed(1)} ms)`);
  for (const [what, xs] of Object.entries(clicks)) {
    budget(`popup: a click to its frame drawn (${what})`, ms(xs), '< 16 ms (a frame)', median(xs) < 16);
  }
}
// The viewer against the baseline a person gets opening the raw URL
// (JSON.parse + JSON.stringify(v, null, 2) into a <pre>), same run, same body.
// Both are timed the same way, inside the page: a MutationObserver installed
// before any of the page's scripts notes when the content is in the document,
// and the time is taken in a task queued from the next frame callback, that
// is once the frame showing it has been drawn; 0 is the start of navigation.
const paintedWhen = (marks) => `(() => {
  window.__painted = {};
  const marks = ${JSON.stringify(marks)};
  const seen = new Set();
  const check = () => {
    for (const [name, sel] of Object.entries(marks)) {
      if (seen.has(name) || !document.querySelector(sel)) continue;
      seen.add(name);
      requestAnimationFrame(() => setTimeout(() => { window.__painted[name] = performance.now(); }, 0));
    }
    if (seen.size === Object.keys(marks).length) mo.disconnect();
  };
  const mo = new MutationObserver(check);
  mo.observe(document, { childList: true, subtree: true });
})()`;
async function measure(url, marks) {
  const tab = await browser.newPage();
  await tab.evaluateOnNewDocument(paintedWhen(marks));
  await tab.goto(url);
  await tab.waitForFunction((n) => Object.keys(window.__painted).length === n, { timeout: 60000 }, Object.keys(marks).length);
  const times = await tab.evaluate(() => ({
    ...window.__painted,
    // The viewer's own User Timing marks (src/web/app.rs), for where its time goes.
    ...Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
  }));
  await tab.close();
  return times;
}
// Peak JS heap, in runs of their own (sampling every millisecond would slow
// the timed runs), from the start of the page until 200 ms after everything
// is on screen: the most used, and the most V8 had reserved. Both, because
// neither is the whole truth: a sample cannot run inside a long task such as
// the baseline's JSON.parse, so "used" misses what such a task needs (the
// baseline page notes its heap at the end of that task, which counts too), while
// "reserved" keeps it but also counts V8 growing its young generation under
// any burst of allocation. The viewer keeps the bodies in WebAssembly memory,
// which the JS heap does not include: that is reported beside it (it only
// grows, so its size is its peak).
const sampled = (marks) => `(() => {
  gc();
  const peak = { used: 0, reserved: 0 };
  const sample = () => {
    peak.used = Math.max(peak.used, performance.memory.usedJSHeapSize);
    peak.reserved = Math.max(peak.reserved, performance.memory.totalJSHeapSize);
  };
  sample();
  const timer = setInterval(sample, 1);
  window.__stopSampling = () => {
    clearInterval(timer);
    sample();
    // The baseline page notes its heap inside the one long task (see fake-uscis.mjs).
    peak.used = Math.max(peak.used, window.__heapInTask || 0);
    return peak;
  };
})()`;
async function peakMemory(url, marks, wasm) {
  const tab = await browser.newPage();
  await tab.evaluateOnNewDocument(paintedWhen(marks));
  await tab.evaluateOnNewDocument(sampled(marks));
  await tab.goto(url);
  await tab.waitForFunction((n) => Object.keys(window.__painted).length === n, { timeout: 60000 }, Object.keys(marks).length);
  await new Promise((r) => setTimeout(r, 200));
  const { used, reserved } = await tab.evaluate(() => window.__stopSampling());
  // The same module instance the page loaded (a module is evaluated once per page).
  const wasmBytes = wasm ? await tab.evaluate(async () => (await import('./pkg/casescope.js')).wasm_memory_bytes()) : 0;
  await tab.close();
  return { used, reserved, wasmBytes };
}
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
// The 100 KB comparison is close and this machine drifts: enough pairs to
// tell (quick ones at small sizes, where the two are closest).
const pairsFor = (size) => Math.max(RUNS, size <= 100 * 1024 ? 41 : 15);
const HEAP_RUNS = 3;
console.log('\nViewer first paint vs baseline (medians, ms from navigation start; the two alternate, pair by pair;');
console.log('  viewer - baseline: median of the differences and its 95% interval; "whole": the whole decoded case on screen)');
console.log('  body       pairs viewer (tab)  baseline (<pre>)  viewer - baseline         whole');
const memory = [];
const phases = [];
for (const [receipt, size] of Object.entries(BIG_CASES)) {
  const viewerUrl = `chrome-extension://${extensionId}/popup.html?receipt=${receipt}`;
  const viewerMarks = { tree: '[data-viewer] [role=tree]', whole: '[data-section=glance]' };
  const baselineUrl = `https://my.uscis.gov/__baseline/${receipt}`;
  const baselineMarks = { tree: '#out:not(:empty)' };
  const viewer = [];
  const baseline = [];
  const pairs = pairsFor(size);
  for (let i = 0; i < pairs; i++) {
    // Alternate which goes first, so that neither always gets a warmer machine.
    const v = () => measure(viewerUrl, viewerMarks).then((x) => viewer.push(x));
    const b = () => measure(baselineUrl, baselineMarks).then((x) => baseline.push(x));
    if (i % 2) await b().then(v);
    else await v().then(b);
  }
  const m = (xs, k) => median(xs.map((x) => x[k]));
  // Each pair ran back to back, so the machine's drift cancels out in the
  // difference. Its median comes with a 95% interval (bootstrap), so that a
  // difference smaller than this machine's noise reads as what it is.
  const d = viewer.map((v, i) => v.tree - baseline[i].tree);
  const [lo, hi] = medianInterval(d);
  const sign = (x) => `${x > 0 ? '+' : ''}${x.toFixed(0)}`;
  const verdict = hi < 0 ? 'viewer faster' : lo > 0 ? 'viewer SLOWER' : 'level: no difference this run can tell';
  const dText = `${sign(median(d))} ms (${sign(lo)} to ${sign(hi)})`;
  console.log(`  ${kb(size).padEnd(10)} ${String(pairs).padEnd(5)} ${`${m(viewer, 'tree').toFixed(0)} ms`.padEnd(13)} ${`${m(baseline, 'tree').toFixed(0)} ms`.padEnd(17)} ${dText.padEnd(25)} ${`${m(viewer, 'whole').toFixed(0)} ms`.padEnd(11)} ${verdict}`);
  // Where the viewer's time goes, medians of each step (ms).
  const step = (from, to) => median(viewer.map((v) => v[to] - (from ? v[from] : 0)));
  phases.push([size, step(null, 'casescope-start'), step('casescope-asked', 'casescope-answered'),
    step('casescope-answered', 'casescope-read'), step('casescope-read', 'casescope-summary'), step('casescope-summary', 'tree')]);
  const ratio = m(viewer, 'tree') / m(baseline, 'tree');
  const mbs = size / 1048576;
  if (mbs < 1) {
    budget(`first paint, ${kb(size)}`, dText, 'no slower (a tie counts)', lo <= 0);
  } else {
    const limit = mbs >= 5 ? 0.15 : 0.35;
    budget(`first paint, ${mb(size)}`, `${ratio.toFixed(2)}x baseline`, `<= ${limit}x`, ratio <= limit);
  }
  if (mbs >= 5) {
    const w = m(viewer, 'whole') / m(viewer, 'tree');
    budget(`whole case, ${mb(size)}`, `${w.toFixed(2)}x first paint`, '<= 1.5x', w <= 1.5);
  }
  const vm = [];
  const bm = [];
  for (let i = 0; i < HEAP_RUNS; i++) {
    vm.push(await peakMemory(viewerUrl, viewerMarks, true));
    bm.push(await peakMemory(baselineUrl, baselineMarks, false));
  }
  const mem = (xs) => `${(m(xs, 'used') / 1048576).toFixed(1)} / ${mb(m(xs, 'reserved'))}`;
  memory.push([size, mem(vm), mb(m(vm, 'wasmBytes')), mem(bm)]);
  if (size >= 1048576) {
    const peak = m(vm, 'used') + m(vm, 'wasmBytes');
    // Real answers are 5-50 KB: at 1 MB the budget is 1.3x the baseline
    // (issue 22); at 5 MB it stays at the baseline.
    const limit = size < 5 * 1048576 ? 1.3 : 1;
    budget(`peak memory, ${mb(size)}`, `${mb(peak)} (baseline ${mb(m(bm, 'used'))})`, limit === 1 ? '<= baseline' : `<= ${limit}x baseline`,
      peak <= limit * m(bm, 'used'));
  }
}
console.log('\nThe viewer\'s first paint, step by step (medians, ms): page and WebAssembly loaded; the answers');
console.log('  handed over by the background (messaging); read into WebAssembly; parsed, decoded, put on screen; drawn');
console.log('  body        loaded  handed over  read  parsed+decoded+shown  drawn');
for (const [size, ...s] of phases) {
  const [a, b, c, d, e] = s.map((x) => (Number.isFinite(x) ? x.toFixed(0) : '-'));
  console.log(`  ${kb(size).padEnd(11)} ${a.padStart(6)}  ${b.padStart(11)}  ${c.padStart(4)}  ${d.padStart(20)}  ${e.padStart(5)}`);
}
console.log(`\nPeak memory (median of ${HEAP_RUNS}; JS heap used / reserved, sampled every millisecond until 200 ms after all is on screen)`);
console.log('  body        viewer JS heap    + its WebAssembly memory  baseline JS heap');
for (const [size, vh, vw, bh] of memory) {
  console.log(`  ${kb(size).padEnd(11)} ${vh.padEnd(17)} ${`+ ${vw}`.padEnd(25)} ${bh}`);
}
// Typing in the viewer's search on a 5 MB body: each keystroke's work once
// typing pauses (search, view and DOM, timed by the page itself).
{
  const tab = await browser.newPage();
  await tab.goto(`chrome-extension://${extensionId}/popup.html?receipt=IOE0005000000`);
  await tab.waitForSelector('[data-section=glance]', { timeout: 60000 });
  const wasmMemory = () => tab.evaluate(async () => (await import('./pkg/casescope.js')).wasm_memory_bytes());
  const shown = await wasmMemory();
  // As a person does: into the box first (which prepares the search), then type.
  await tab.focus('#viewer-search');
  const times = [];
  for (const q of ['f', 'ft', 'fta', 'fta0', '2026-01-12t15', 'zzzz', 'e', 'ev']) {
    await tab.evaluate(() => performance.clearMeasures('casescope-search'));
    await tab.$eval('#viewer-search', (i, v) => { i.value = v; i.dispatchEvent(new Event('input', { bubbles: true })); }, q);
    await tab.waitForFunction(() => performance.getEntriesByName('casescope-search').length > 0, { timeout: 30000 });
    times.push(await tab.evaluate(() => performance.getEntriesByName('casescope-search')[0].duration));
  }
  const searched = await wasmMemory();
  await tab.close();
  const worst = Math.max(...times);
  console.log(`\nViewer search on a 5 MB body, one keystroke's work after the debounce: median ${median(times).toFixed(1)} ms, worst ${worst.toFixed(1)} ms (${times.length} keystrokes)`);
  // The search index (the body in lower case) is made when the box gets the focus.
  console.log(`  its WebAssembly memory: ${mb(shown)} with the case on screen, ${mb(searched)} after searching`);
  budget('search keystroke, 5 MB', `${median(times).toFixed(1)} ms (worst ${worst.toFixed(1)})`, '< 16 ms (worst)', worst < 16);
}
console.log('\nBudgets (issues 14 and 30)');
const width = Math.max(...budgets.map((b) => b.what.length));
console.log(`  ${'what'.padEnd(width)} ${'figure'.padEnd(34)} ${'budget'.padEnd(26)} met`);
for (const b of budgets) {
  const met = b.met === null ? '-' : b.met ? 'yes' : 'NO';
  console.log(`  ${b.what.padEnd(width)} ${b.figure.padEnd(34)} ${b.limit.padEnd(26)} ${met}`);
}
await browser.close();
await server.close();
